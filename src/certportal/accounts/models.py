import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from certportal.organizations.models import Organization


class User(AbstractUser):
    """A person who logs in: a client administrator, or a member of the centre staff.

    A client administrator belongs to exactly one organization; staff belong to none
    and carry roles as groups (reviewer, issuer, centre administrator).
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    @property
    def is_client(self) -> bool:
        return self.organization_id is not None and not self.is_staff

    def has_role(self, role: str) -> bool:
        """Whether a staff member holds a role; superusers hold every role."""
        if not self.is_active or not self.is_staff:
            return False
        return self.is_superuser or self.groups.filter(name=role).exists()


class SmsChallenge(models.Model):
    """A verification code sent by SMS, bound to one phone, purpose and browser session.

    Only a keyed hash of the code is stored; a code lives 5 minutes, is used once and
    dies after 5 wrong tries (ASVS 6.5.1, 6.5.5, 6.6.2, 6.6.3).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(max_length=32)
    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    binding = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the mini-program; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

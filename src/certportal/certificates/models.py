import secrets
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certportal.organizations.models import Organization


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    """A management-system certificate the centre issued to an organization."""

    class Status(models.TextChoices):
        # The words Chinese centres and the CNCA register use.
        VALID = "valid", _("有效")
        SUSPENDED = "suspended", _("暂停")
        WITHDRAWN = "withdrawn", _("撤销")
        CANCELLED = "cancelled", _("注销")
        EXPIRED = "expired", _("过期失效")

    number = models.CharField(_("证书编号"), max_length=64, unique=True)
    # Unguessable handle for links and QR codes; the number itself is public anyway.
    token = models.CharField(
        max_length=32, unique=True, default=new_token, editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("获证组织"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    standard = models.CharField(_("认证标准"), max_length=200)
    scope = models.TextField(_("认证范围"))
    status = models.CharField(
        _("登记状态"), max_length=16, choices=Status.choices, default=Status.VALID
    )
    first_issued_on = models.DateField(_("初次发证日期"), null=True, blank=True)
    issued_on = models.DateField(_("本次发证日期"), null=True, blank=True)
    expires_on = models.DateField(_("证书有效期至"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("证书")
        verbose_name_plural = _("证书")

    def __str__(self) -> str:
        return self.number

    def current_status(self, today: date | None = None) -> str:
        """The status as of today: a valid certificate past its end date has expired."""
        today = today or timezone.localdate()
        if (
            self.status == self.Status.VALID
            and self.expires_on
            and self.expires_on < today
        ):
            return self.Status.EXPIRED
        return self.status

    def current_status_label(self) -> str:
        return str(self.Status(self.current_status()).label)

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from certportal.organizations.models import Contact, Organization


class Registration(models.Model):
    """An organization's request for its administrator account, and its review."""

    class State(models.TextChoices):
        AWAITING_LETTER = "awaiting_letter", _("待上传证明文件")
        SUBMITTED = "submitted", _("等待审核")
        APPROVED = "approved", _("审核通过")
        REJECTED = "rejected", _("审核未通过")
        CANCELLED = "cancelled", _("已作废")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("获证组织"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("联系人"), on_delete=models.PROTECT, related_name="+"
    )
    account_name = models.CharField(_("账号"), max_length=18, unique=True)
    # The password the client chose, already hashed; it becomes the account's password
    # on approval.
    password = models.CharField(max_length=128)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.AWAITING_LETTER
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    due_on = models.DateField(_("审核截止日期"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(_("未通过原因"), blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["due_on", "submitted_at"]
        verbose_name = _("注册申请")
        verbose_name_plural = _("注册申请")
        constraints = [
            # One organization registers once (ASVS 2.3.4). A constraint, not a check
            # before insert: SQLite ignores select_for_update, and two requests racing
            # must not both succeed.
            models.UniqueConstraint(
                fields=["organization"],
                condition=~Q(state="cancelled"),
                name="registration_once_per_organization",
            ),
            models.UniqueConstraint(
                Lower("account_name"),
                condition=~Q(state="cancelled"),
                name="registration_account_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.account_name})"

    @property
    def current_letter(self) -> "Letter | None":
        return self.letters.order_by("-uploaded_at").first()


class Letter(models.Model):
    """The signed and sealed authorization letter, as the client uploaded it.

    It names an employee with their ID card number: the bytes are encrypted at rest
    and only reviewers see them, rendered as images on the server.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="letters"
    )
    file = models.FileField(_("文件"), upload_to="letters/%Y/%m/", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField(_("大小"))
    page_count = models.PositiveSmallIntegerField(_("页数"))
    original_name = models.CharField(_("原文件名"), max_length=120, blank=True)
    consent_version = models.CharField(_("同意的说明版本"), max_length=20)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("授权委托书")
        verbose_name_plural = _("授权委托书")

    def __str__(self) -> str:
        return f"{self.registration_id} {self.uploaded_at:%Y-%m-%d %H:%M}"

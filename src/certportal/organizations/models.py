import unicodedata
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certportal.core.crypto import EncryptedTextField


def name_key(name: str) -> str:
    """The form of an organization's name used to match it: NFKC, no spaces.

    NFKC folds full-width brackets and letters into their half-width forms, so
    "某某公司（第一分公司）" and "某某公司(第一分公司)" are the same organization.
    """
    folded = unicodedata.normalize("NFKC", name)
    return "".join(folded.split())


def mask_mobile(mobile: str) -> str:
    """138****1234: enough for a person to recognise their own number."""
    if len(mobile) < 7:
        return "*" * len(mobile)
    return f"{mobile[:3]}****{mobile[-4:]}"


class Organization(models.Model):
    """A certified organization (获证组织), as the centre's own records know it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("组织名称"), max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True
    )
    address = models.CharField(_("注册地址"), max_length=300, blank=True)
    classified = models.BooleanField(
        _("涉密单位"),
        default=False,
        help_text=_("涉密单位不能在平台注册，由中心通过其他途径提供资料。"),
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("获证组织")
        verbose_name_plural = _("获证组织")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class Contact(models.Model):
    """A person at an organization the centre may call or text."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("获证组织"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务/负责体系"), max_length=100, blank=True)
    # Personal information: encrypted at rest, masked on every screen.
    mobile = EncryptedTextField(_("手机"), blank=True)
    mobile_hash = models.CharField(max_length=64, blank=True, db_index=True)
    landline = EncryptedTextField(_("固定电话"), blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    active = models.BooleanField(pgettext_lazy("contact", "有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["organization", "id"]
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name", "mobile_hash"], name="contact_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"

    def save(self, *args, **kwargs):
        from certportal.core.crypto import lookup_hash

        self.mobile_hash = lookup_hash(self.mobile) if self.mobile else ""
        super().save(*args, **kwargs)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile) if self.mobile else ""

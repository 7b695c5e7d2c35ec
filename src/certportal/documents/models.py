import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certportal.certificates.models import Certificate
from certportal.organizations.models import Organization


class DocumentKind(models.Model):
    """A kind of document the centre issues; each centre may add its own."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    name_en = models.CharField(_("英文名称"), max_length=60, blank=True)
    file_types = models.CharField(
        _("允许的文件类型"),
        max_length=40,
        default="pdf",
        help_text=_("逗号分隔：pdf、ofd、xml"),
    )
    needs_certificate = models.BooleanField(_("须关联证书"), default=False)
    sets_certificate_status = models.CharField(
        _("签发后证书状态变为"),
        max_length=16,
        blank=True,
        choices=Certificate.Status.choices,
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("资料类型")
        verbose_name_plural = _("资料类型")

    def __str__(self) -> str:
        return self.name

    @property
    def allowed_types(self) -> set[str]:
        return {part.strip() for part in self.file_types.split(",") if part.strip()}


class Document(models.Model):
    """A document issued to an organization: the file, who issued it, and delivery."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("获证组织"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("证书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.ForeignKey(
        DocumentKind,
        verbose_name=_("资料类型"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="documents/%Y/%m/", max_length=200)
    file_type = models.CharField(_("文件类型"), max_length=8)
    download_name = models.CharField(_("下载文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True, db_index=True)
    first_downloaded_at = models.DateTimeField(_("首次下载时间"), null=True, blank=True)
    first_downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首次下载人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("证后资料")
        verbose_name_plural = _("证后资料")

    def __str__(self) -> str:
        return self.title

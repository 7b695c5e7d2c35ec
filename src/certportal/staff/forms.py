from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from certportal.certificates.models import Certificate
from certportal.documents.models import DocumentKind
from certportal.organizations.models import Organization

NOT_STAFF = "not_staff"


class StaffLoginForm(AuthenticationForm):
    """The password login, refusing every account that is not centre staff."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(
                _(
                    "此入口仅供认证中心工作人员使用。"
                    "获证组织的账号请从客户服务平台登录。"
                ),
                code=NOT_STAFF,
            )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("未通过原因"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("客户会在“注册进度查询”中看到这段文字，请写明需要怎样改正。"),
        error_messages={"required": _("请填写未通过的原因，客户会看到它。")},
    )


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("组织名称或统一社会信用代码"),
        max_length=100,
        required=False,
    )


class CertificateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}　{obj.standard}（{obj.current_status_label()}）"


class IssueForm(forms.Form):
    """What the issuer picks; the rules about the pick live in issue_document."""

    kind = forms.ModelChoiceField(
        label=_("资料类型"),
        queryset=DocumentKind.objects.filter(active=True),
        empty_label=_("请选择资料类型"),
    )
    certificate = CertificateChoiceField(
        label=_("关联证书"),
        queryset=Certificate.objects.none(),
        required=False,
        empty_label=_("不关联证书"),
        help_text=_("证书、审核报告和各类通知书须关联证书；通知书会改变证书状态。"),
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF；发票也可以是 OFD 或 XML。"),
    )
    # Offered only after issue_document refused a file already issued to another
    # organization; the template shows it then and not before.
    confirm_duplicate = forms.BooleanField(
        label=_("确认仍然签发"),
        required=False,
        help_text=_(
            "核对无误后勾选，并重新选择文件再点“签发”：浏览器不会保留上次选择的文件。"
        ),
    )

    def __init__(self, organization: Organization, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["certificate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organization.certificates.order_by("number")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Refuse an oversized file before reading it into memory; the file gate
        # checks the bytes themselves.
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("文件太大，不能超过 %(mb)d MB。")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        return upload

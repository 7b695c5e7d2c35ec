from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certportal.accounts import roles
from certportal.core.admin import ViewOnlyAdmin

from .models import AuditEvent

# What each action code means, for the people who read the trail. A code missing
# here is shown as it is: the code itself stays the record. The context keeps these
# apart from the same words on buttons ("登录" the event, not the button).
ACTION_LABELS = {
    "access.denied": pgettext_lazy("audit action", "越权访问"),
    "account.login": pgettext_lazy("audit action", "登录"),
    "account.login_limited": pgettext_lazy("audit action", "登录次数过多"),
    "account.logout": pgettext_lazy("audit action", "退出登录"),
    "api_token.issued": pgettext_lazy("audit action", "小程序登录"),
    "api_token.refused": pgettext_lazy("audit action", "小程序登录被拒"),
    "api_token.revoked": pgettext_lazy("audit action", "小程序退出登录"),
    "certificate.changed": pgettext_lazy("audit action", "修改证书"),
    "certificate.created": pgettext_lazy("audit action", "新增证书"),
    "certificate.deleted": pgettext_lazy("audit action", "删除证书"),
    "contact.changed": pgettext_lazy("audit action", "修改联系人"),
    "contact.created": pgettext_lazy("audit action", "新增联系人"),
    "contact.deleted": pgettext_lazy("audit action", "删除联系人"),
    "document.downloaded": pgettext_lazy("audit action", "下载资料"),
    "document.integrity_failed": pgettext_lazy("audit action", "资料校验失败"),
    "document.issued": pgettext_lazy("audit action", "签发资料"),
    "document.notified": pgettext_lazy("audit action", "发送签发通知"),
    "document.viewed_by_staff": pgettext_lazy("audit action", "工作人员查看资料"),
    "organization.changed": pgettext_lazy("audit action", "修改组织"),
    "organization.created": pgettext_lazy("audit action", "新增组织"),
    "organization.deleted": pgettext_lazy("audit action", "删除组织"),
    "records.imported": pgettext_lazy("audit action", "导入基础数据"),
    "registration.approved": pgettext_lazy("audit action", "审核通过"),
    "registration.cancelled": pgettext_lazy("audit action", "注册申请作废"),
    "registration.created": pgettext_lazy("audit action", "开始注册"),
    "registration.letter_refused": pgettext_lazy("audit action", "授权委托书被拒收"),
    "registration.letter_viewed": pgettext_lazy("audit action", "查看授权委托书"),
    "registration.lookup": pgettext_lazy("audit action", "查询注册进度"),
    "registration.rejected": pgettext_lazy("audit action", "退回申请"),
    "registration.submitted": pgettext_lazy("audit action", "提交注册申请"),
    "sms.limited": pgettext_lazy("audit action", "验证码发送受限"),
    "sms.sent": pgettext_lazy("audit action", "发送验证码"),
}


def action_label(code: str) -> str:
    """The action's name for people; an unknown code as it is."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


class ActionFilter(admin.SimpleListFilter):
    """The actions present in the trail, each under its name."""

    title = _("动作")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        codes = AuditEvent.objects.order_by("action").values_list("action", flat=True)
        return [(code, f"{action_label(code)}（{code}）") for code in codes.distinct()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        value = self.value()
        return queryset.filter(action=value) if value else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin):
    """The audit trail, readable by centre administrators; nobody may change it."""

    def may_view(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_role(roles.CENTRE_ADMIN))

    list_display = [
        "at",
        "action_name",
        "action",
        "actor_label",
        "target",
        "result",
        "ip",
    ]
    list_filter = [ActionFilter, "result"]
    search_fields = ["actor_label", "object_id", "action"]
    date_hierarchy = "at"
    fields = [
        "at",
        ("action", "action_name"),
        "actor",
        "actor_label",
        "object_type",
        "object_id",
        "result",
        "ip",
        "details",
    ]
    readonly_fields = ["action_name"]

    class Media:
        css = {"all": ["staff/admin.css"]}

    @admin.display(description=_("动作说明"), ordering="action")
    def action_name(self, event: AuditEvent) -> str:
        return action_label(event.action)

    @admin.display(description=_("对象"))
    def target(self, event: AuditEvent) -> str:
        """The object's kind in words and the start of its id; the page has it all."""
        if not event.object_type:
            return "—"
        try:
            kind = str(apps.get_model(event.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            kind = event.object_type
        short = (
            event.object_id[:8] + "…" if len(event.object_id) > 12 else event.object_id
        )
        return format_html(
            '<span title="{}">{} {}</span>', event.object_id, kind, short
        )

from django.contrib import admin
from django.http import HttpRequest

from certportal.accounts import roles
from certportal.core.admin import ViewOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin):
    """The audit trail, readable by centre administrators; nobody may change it."""

    def may_view(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.has_role(roles.CENTRE_ADMIN))

    list_display = [
        "at",
        "action",
        "actor_label",
        "object_type",
        "object_id",
        "result",
        "ip",
    ]
    list_filter = ["action", "result"]
    search_fields = ["actor_label", "object_id", "action"]
    date_hierarchy = "at"

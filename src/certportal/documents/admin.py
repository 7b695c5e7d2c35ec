"""Document kinds (a centre's own settings) and issued documents in the records admin.

Centre administrators edit the kinds; issued documents are evidence of delivery and
are only looked at here: issuing goes through /staff/documents/issue/.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from certportal.accounts import roles
from certportal.core.admin import ViewOnlyAdmin

from .models import Document, DocumentKind


def _is_centre_admin(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.has_role(roles.CENTRE_ADMIN))


@admin.register(DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "file_types",
        "needs_certificate",
        "sets_certificate_status",
        "position",
        "active",
    ]
    list_editable = ["position", "active"]
    list_display_links = ["name"]
    ordering = ["position", "id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code is what commands and the API refer to; it is fixed once created.
        return ["code"] if obj is not None else []

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_centre_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_centre_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_centre_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_centre_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Issued documents keep their kind; retire a kind by switching it off.
        return False


DOCUMENT_FIELDS = (
    "title",
    "organization",
    "kind",
    "certificate",
    "file_type",
    "download_name",
    "size",
    "sha256",
    "issued_by",
    "issued_at",
    "first_downloaded_at",
    "first_downloaded_by",
)


@admin.register(Document)
class DocumentAdmin(ViewOnlyAdmin):
    list_display = [
        "title",
        "organization",
        "kind",
        "certificate",
        "issued_by",
        "issued_at",
        "short_sha256",
        "first_downloaded_at",
    ]
    list_filter = ["kind", "issued_at"]
    search_fields = [
        "title",
        "organization__name",
        "organization__credit_code",
        "certificate__number",
        "sha256",
    ]
    list_select_related = ["organization", "kind", "certificate", "issued_by"]
    date_hierarchy = "issued_at"
    # No file link: the stored file is served only through views that check access.
    fields = DOCUMENT_FIELDS
    readonly_fields = DOCUMENT_FIELDS

    class Media:
        css = {"all": ["staff/admin.css"]}

    @admin.display(description="SHA-256")
    def short_sha256(self, obj: Document) -> str:
        return obj.sha256[:12]

    def may_view(self, request: HttpRequest) -> bool:
        return _is_centre_admin(request)

"""Registrations in the records admin: to look up, never to edit.

Decisions go through the review pages (/staff/registrations/), which check the
reviewer role and record who decided; the letter itself is only shown there, as
page images, so the admin lists its metadata and never its bytes.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from certportal.accounts import roles
from certportal.core.admin import ViewOnlyAdmin

from .models import Letter, Registration


def _may_view(request: HttpRequest) -> bool:
    user: Any = request.user
    return user.is_active and (
        user.has_role(roles.CENTRE_ADMIN) or user.has_role(roles.REVIEWER)
    )


LETTER_FIELDS = (
    "uploaded_at",
    "original_name",
    "page_count",
    "size",
    "sha256",
)


class LetterInline(admin.TabularInline):
    model = Letter
    fields = LETTER_FIELDS
    readonly_fields = LETTER_FIELDS
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_view(request)


REGISTRATION_FIELDS = (
    "organization",
    "contact",
    "account_name",
    "state",
    "submitted_at",
    "due_on",
    "decided_at",
    "decided_by",
    "rejection_reason",
    "account",
    "review_link",
    "created_at",
    "updated_at",
)


@admin.register(Registration)
class RegistrationAdmin(ViewOnlyAdmin):
    list_display = [
        "organization",
        "account_name",
        "state",
        "submitted_at",
        "due_on",
        "decided_at",
        "decided_by",
    ]
    list_filter = ["state", "due_on"]
    search_fields = ["organization__name", "organization__credit_code", "account_name"]
    list_select_related = ["organization", "decided_by"]
    ordering = ["due_on", "submitted_at"]
    date_hierarchy = "submitted_at"
    # The hashed password the client chose stays out of every screen.
    fields = REGISTRATION_FIELDS
    readonly_fields = REGISTRATION_FIELDS
    inlines = [LetterInline]

    @admin.display(description=_("审核页面"))
    def review_link(self, obj: Registration) -> str:
        url = reverse("staff:registration", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("在审核页面打开"))

    def may_view(self, request: HttpRequest) -> bool:
        return _may_view(request)

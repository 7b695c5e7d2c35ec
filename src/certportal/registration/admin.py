"""Registrations in the records admin: to look up, never to edit.

Decisions go through the review pages (/staff/registrations/), which check the
reviewer role and record who decided; the letter itself is only shown there, as
page images, so the admin lists its metadata and never its bytes.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from certportal.accounts import roles
from certportal.core.admin import ViewOnlyAdmin
from certportal.organizations.models import Organization
from certportal.staff.names import full_name

from .models import Letter, Registration


def _may_view(request: HttpRequest) -> bool:
    user: Any = request.user
    return user.is_active and (
        user.has_role(roles.CENTRE_ADMIN) or user.has_role(roles.REVIEWER)
    )


# Model fields carry their own labels; the callables below only reshape a value.
LETTER_FIELDS = (
    "uploaded_at",
    "letter_original_name",
    "page_count",
    "letter_size",
    "sha256",
)


class LetterInline(admin.TabularInline):
    model = Letter
    verbose_name = _("授权委托书")
    verbose_name_plural = _("授权委托书")
    fields = LETTER_FIELDS
    readonly_fields = LETTER_FIELDS
    ordering = ["-uploaded_at"]
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=_("原文件名"))
    def letter_original_name(self, letter: Letter) -> str:
        return letter.original_name or "—"

    @admin.display(description=_("大小"))
    def letter_size(self, letter: Letter) -> str:
        return filesizeformat(letter.size)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_view(request)


REGISTRATION_FIELDS = (
    "applicant",
    "applicant_contact",
    "account_name",
    "state",
    "submitted_at",
    "due_on",
    "decided_at",
    "reviewer",
    "rejection_reason",
    "opened_account",
    "review_link",
    "created_at",
    "updated_at",
)


@admin.register(Registration)
class RegistrationAdmin(ViewOnlyAdmin):
    list_display = [
        "applicant",
        "account_name",
        "state",
        "submitted_at",
        "due_on",
        "decided_at",
        "reviewer",
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

    @admin.display(description=_("获证组织"), ordering="organization__name")
    def applicant(self, obj: Registration) -> Organization:
        return obj.organization

    @admin.display(description=_("联系人"))
    def applicant_contact(self, obj: Registration) -> str:
        # The contact's str names the organization again; the name is enough here.
        return obj.contact.name

    @admin.display(description=_("审核人"), ordering="decided_by__username")
    def reviewer(self, obj: Registration) -> str:
        return full_name(obj.decided_by) if obj.decided_by else "—"

    @admin.display(description=_("开通的账号"))
    def opened_account(self, obj: Registration) -> str:
        return obj.account.get_username() if obj.account else "—"

    @admin.display(description=_("审核页面"))
    def review_link(self, obj: Registration) -> str:
        url = reverse("staff:registration", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("在审核页面打开"))

    def may_view(self, request: HttpRequest) -> bool:
        return _may_view(request)

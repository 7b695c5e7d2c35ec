"""The centre administrators' pages for certificates."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from certportal.organizations.admin import AuditedAdmin

from .models import Certificate
from .services import normalise_number


class CertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = [
            "number",
            "organization",
            "standard",
            "scope",
            "status",
            "first_issued_on",
            "issued_on",
            "expires_on",
        ]
        help_texts = {
            "status": _(
                "证书有效期过后，当前状态自动显示为“过期失效”，无须在这里修改。"
            ),
        }

    def clean_number(self) -> str:
        # The same form the public check looks numbers up in.
        return normalise_number(self.cleaned_data["number"])


class CurrentStatusFilter(admin.SimpleListFilter):
    """The status as of today, which is what clients and the public check see."""

    title = _("当前状态")
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return Certificate.Status.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        value = self.value()
        if not value:
            return queryset
        # Mirrors Certificate.current_status in SQL.
        lapsed = Q(status=Certificate.Status.VALID, expires_on__lt=timezone.localdate())
        if value == Certificate.Status.EXPIRED:
            return queryset.filter(Q(status=value) | lapsed)
        if value == Certificate.Status.VALID:
            return queryset.filter(status=value).exclude(lapsed)
        return queryset.filter(status=value)


@admin.register(Certificate)
class CertificateAdmin(AuditedAdmin):
    form = CertificateForm
    list_display = [
        "number",
        "organization",
        "status",
        "status_today",
        "expires_on",
        "standard",
    ]
    list_filter = [CurrentStatusFilter, "status", "organization__classified"]
    list_select_related = ["organization"]
    search_fields = ["number", "organization__name", "organization__credit_code"]
    autocomplete_fields = ["organization"]
    fields = [
        "number",
        "organization",
        "standard",
        "scope",
        ("status", "status_today"),
        "first_issued_on",
        "issued_on",
        "expires_on",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["status_today", "created_at", "updated_at"]

    class Media:
        css = {"all": ["staff/admin.css"]}

    # The stored status stays as registered; a valid certificate past its end date
    # reads 过期失效 everywhere else, so staff see that too.
    @admin.display(description=_("当前状态"))
    def status_today(self, certificate: Certificate) -> str:
        if certificate.pk is None:
            return "—"
        label = certificate.current_status_label()
        if certificate.current_status() == certificate.status:
            return label
        return format_html('<span class="status-lapsed">{}</span>', label)

"""The centre administrators' pages for certificates."""

from django import forms
from django.contrib import admin

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

    def clean_number(self) -> str:
        # The same form the public check looks numbers up in.
        return normalise_number(self.cleaned_data["number"])


@admin.register(Certificate)
class CertificateAdmin(AuditedAdmin):
    form = CertificateForm
    list_display = ["number", "organization", "standard", "status", "expires_on"]
    list_filter = ["status", "organization__classified"]
    list_select_related = ["organization"]
    search_fields = ["number", "organization__name", "organization__credit_code"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created_at", "updated_at"]

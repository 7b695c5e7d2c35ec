"""The centre administrators' pages for organizations and their contacts.

Phone numbers are personal information (PIPL): these pages show them masked and take
a new number write-only; the plaintext never reaches a list or change page.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from certportal.audit.services import record
from certportal.core.admin import CentreAdminAccess
from certportal.core.crypto import lookup_hash

from .models import Contact, Organization, mask_mobile, name_key
from .records import InvalidValue, Phone, normalise_credit_code, parse_phone


class AuditedAdmin(CentreAdminAccess):
    """Every change made through these pages leaves an audit event (no values)."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            _audit(request, obj, "created", form.changed_data)
        elif form.changed_data:
            _audit(request, obj, "changed", form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _audit(request, obj, "deleted", [])
        super().delete_model(request, obj)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _audit(request, obj, "created", [])
        for obj, fields in formset.changed_objects:
            _audit(request, obj, "changed", fields)
        for obj in formset.deleted_objects:
            _audit(request, obj, "deleted", [])


def _audit(
    request: HttpRequest, obj: models.Model, verb: str, fields: list[str]
) -> None:
    action = f"{obj._meta.model_name}.{verb}"
    record(action, actor=request.user, obj=obj, request=request, fields=fields)


class ContactForm(forms.ModelForm):
    phone = forms.CharField(
        label=_("新号码"),
        required=False,
        help_text=_("填写即替换原号码，留空则不改；手机号码只显示部分数字。"),
    )

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "active"]

    def clean_phone(self) -> Phone | None:
        value = self.cleaned_data["phone"]
        if not value:
            return None
        try:
            return parse_phone(value)
        except InvalidValue as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        phone = cleaned.get("phone")
        if phone is not None and phone.mobile and self._mobile_taken(phone.mobile):
            self.add_error("phone", _("该组织已有同名且同手机号的联系人。"))
        return cleaned

    def _mobile_taken(self, mobile: str) -> bool:
        # contact_once is not checked by the form: mobile_hash is not one of its fields.
        organization_id = getattr(self.instance, "organization_id", None)
        if organization_id is None:
            return False
        others = Contact.objects.filter(
            organization_id=organization_id,
            name=self.cleaned_data.get("name", ""),
            mobile_hash=lookup_hash(mobile),
        )
        return others.exclude(pk=self.instance.pk).exists()

    def save(self, commit: bool = True) -> Contact:
        contact = super().save(commit=False)
        phone = self.cleaned_data.get("phone")
        if phone is not None:
            contact.mobile, contact.landline = phone.mobile, phone.landline
        if commit:
            contact.save()
        return contact


class ContactInline(admin.TabularInline):
    model = Contact
    form = ContactForm
    fields = ["name", "role", "phone_on_file", "phone", "email", "active"]
    readonly_fields = ["phone_on_file"]
    extra = 0

    @admin.display(description=_("现有号码"))
    def phone_on_file(self, contact: Contact) -> str:
        if contact.mobile:
            return contact.masked_mobile
        if contact.landline:
            return str(_("%(number)s（固定电话，收不到短信）")) % {
                "number": mask_mobile(contact.landline)
            }
        return "—"


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "credit_code", "address", "classified", "note"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Organization.objects.filter(name_key=name_key(name))
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("已有同名的组织。"), code="name_taken")
        return name

    def clean_credit_code(self) -> str | None:
        try:
            return normalise_credit_code(self.cleaned_data["credit_code"])
        except InvalidValue as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    form = OrganizationForm
    inlines = [ContactInline]
    list_display = ["name", "credit_code", "classified", "updated_at"]
    list_filter = ["classified"]
    search_fields = ["name", "credit_code", "certificates__number"]
    readonly_fields = ["created_at", "updated_at"]

    class Media:
        # The contacts table fits a 1366 px screen.
        css = {"all": ["staff/admin.css"]}

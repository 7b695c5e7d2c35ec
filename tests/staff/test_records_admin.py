"""基础数据管理 in words staff read: Chinese labels, today's certificate status, and
the audit trail's actions by name."""

import re
from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, label_for_field
from django.test import Client, RequestFactory
from django.urls import reverse

from certportal.accounts.models import User
from certportal.audit.services import record
from certportal.certificates.models import Certificate
from certportal.organizations.models import Organization

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
# Labels that are the same in every language.
UNTRANSLATED = {"SHA-256"}


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("root", password="harbour-lantern-77")


@pytest.fixture
def admin_client(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def _our_admins() -> list[tuple[Any, Any]]:
    """(admin, model) for every page of ours, inlines included."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("certportal."):
            continue
        found.append((model_admin, model))
        for inline in model_admin.inlines:
            found.append((inline(model, admin.site), inline.model))
    return found


def test_every_column_and_field_staff_see_has_a_chinese_label(
    superuser: User,
) -> None:
    request = RequestFactory().get("/staff/records/")
    request.user = superuser
    missing = []
    for model_admin, model in _our_admins():
        names = list(getattr(model_admin, "list_display", []))
        names += flatten_fieldsets(model_admin.get_fieldsets(request))
        form_fields = model_admin.form.base_fields
        for name in names:
            if name == "__str__":
                continue
            if name in form_fields:
                label = str(form_fields[name].label)
            else:
                label = str(label_for_field(name, model, model_admin))
            if not CJK.search(label) and label not in UNTRANSLATED:
                missing.append(f"{model.__name__}.{name}: {label}")
        plural = str(getattr(model_admin, "verbose_name_plural", None) or "")
        plural = plural or str(model._meta.verbose_name_plural)
        if not CJK.search(plural):
            missing.append(f"{model.__name__} plural: {plural}")

    assert missing == []


def test_the_certificate_list_shows_the_status_as_of_today_beside_the_stored_one(
    admin_client: Client, org_a: Organization, org_b: Organization
) -> None:
    lapsed = org_a.certificates.get()
    Certificate.objects.filter(pk=lapsed.pk).update(expires_on=date(2020, 1, 1))
    url = reverse("admin:certificates_certificate_changelist")

    page = admin_client.get(url).content.decode()
    expired_only = admin_client.get(url, {"current": "expired"}).content.decode()
    valid_only = admin_client.get(url, {"current": "valid"}).content.decode()

    assert "登记状态" in page
    assert "当前状态" in page
    assert "过期失效" in page
    assert lapsed.number in expired_only
    assert org_b.certificates.get().number not in expired_only
    assert lapsed.number not in valid_only


def test_the_certificate_page_shows_the_status_as_of_today(
    admin_client: Client, org_a: Organization
) -> None:
    certificate = org_a.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=date(2020, 1, 1))

    page = admin_client.get(
        reverse("admin:certificates_certificate_change", args=[certificate.pk])
    ).content.decode()

    assert "当前状态" in page
    assert "过期失效" in page


def test_the_audit_list_names_each_action_and_shows_unknown_codes_as_they_are(
    admin_client: Client,
) -> None:
    record("document.issued", actor_label="issuer1")
    record("sms.sent", actor_label="")
    record("something.new", actor_label="")

    page = admin_client.get(
        reverse("admin:audit_auditevent_changelist")
    ).content.decode()

    assert "签发资料" in page
    assert "document.issued" in page
    assert "发送验证码" in page
    assert "something.new" in page


def test_the_registration_page_labels_letters_and_people_in_chinese(
    admin_client: Client, org_a: Organization, make_registration: Any
) -> None:
    registration = make_registration(org_a, "haina_admin")

    page = admin_client.get(
        reverse("admin:registration_registration_change", args=[registration.pk])
    ).content.decode()

    for label in ("授权委托书", "上传时间", "原文件名", "页数", "审核人", "创建时间"):
        assert label in page
    assert registration.current_letter.original_name in page
    for english in ("Uploaded at", "Original name", "Page count", "Decided by"):
        assert english not in page

"""The centre administrators' record pages: phones stay masked, changes are audited."""

import pytest
from django.test import Client
from django.urls import reverse

from certportal.accounts.models import User
from certportal.audit.models import AuditEvent
from certportal.organizations.models import Organization

pytestmark = pytest.mark.django_db

MOBILE = "13325413626"  # 王秀英's, in the org_a fixture


@pytest.fixture
def admin_client(db: None) -> Client:
    user = User.objects.create_superuser("centre_admin", password="harbour-lantern-77")
    client = Client()
    client.force_login(user)
    return client


def _change_url(organization: Organization) -> str:
    return reverse("admin:organizations_organization_change", args=[organization.pk])


def test_the_records_pages_live_under_staff_records() -> None:
    assert reverse("admin:index") == "/staff/records/"


def test_list_and_change_pages_show_the_mobile_masked_only(
    admin_client: Client, org_a: Organization
) -> None:
    listing = admin_client.get(reverse("admin:organizations_organization_changelist"))
    change = admin_client.get(_change_url(org_a))

    assert listing.status_code == change.status_code == 200
    assert MOBILE not in listing.content.decode()
    page = change.content.decode()
    assert MOBILE not in page
    assert "133****3626" in page


@pytest.mark.parametrize("query", ["91110105y5g0bcj76r", "海纳检测", "99923Q21038R2M"])
def test_organizations_are_found_by_name_credit_code_or_certificate_number(
    admin_client: Client, org_a: Organization, org_b: Organization, query: str
) -> None:
    url = reverse("admin:organizations_organization_changelist")

    page = admin_client.get(url, {"q": query}).content.decode()

    assert org_a.name in page
    assert org_b.name not in page


def test_certificates_are_found_by_number_and_filtered_by_status(
    admin_client: Client, org_a: Organization, org_b: Organization
) -> None:
    url = reverse("admin:certificates_certificate_changelist")

    found = admin_client.get(url, {"q": "99923q21038r2m"}).content.decode()
    none = admin_client.get(url, {"status__exact": "withdrawn"}).content.decode()

    assert "99923Q21038R2M" in found
    assert "99924Q31097R0S" not in found
    assert "99923Q21038R2M" not in none


def test_a_new_phone_is_written_through_the_form_and_audited(
    admin_client: Client, org_a: Organization
) -> None:
    contact = org_a.contacts.get()
    data = {
        "name": org_a.name,
        "credit_code": org_a.credit_code,
        "address": "",
        "note": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "1",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-id": str(contact.pk),
        "contacts-0-organization": str(org_a.pk),
        "contacts-0-name": contact.name,
        "contacts-0-role": contact.role,
        "contacts-0-phone": "+86 186 1175 6376",
        "contacts-0-email": "",
        "contacts-0-active": "on",
    }

    response = admin_client.post(_change_url(org_a), data)

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.mobile == "18611756376"
    event = AuditEvent.objects.get(action="contact.changed")
    assert event.details == {"fields": ["phone"]}
    assert "18611756376" not in str(AuditEvent.objects.values_list("details"))


def test_a_second_organization_of_the_same_name_is_refused_by_the_form(
    admin_client: Client, org_a: Organization
) -> None:
    data = {
        "name": "北京海纳检测技术股份有限公司 ",
        "credit_code": "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }

    response = admin_client.post(reverse("admin:organizations_organization_add"), data)

    assert response.status_code == 200
    assert "已有同名的组织" in response.content.decode()
    assert Organization.objects.count() == 1

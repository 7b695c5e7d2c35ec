"""Importing the centre's own sample export, untidy as it is."""

from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from certportal.audit.models import AuditEvent
from certportal.certificates.models import Certificate
from certportal.core.crypto import lookup_hash
from certportal.organizations.models import Contact, Organization
from certportal.organizations.records import Outcome, Sheet
from certportal.organizations.services import ImportReport, import_records

pytestmark = pytest.mark.django_db

# Counted by hand in centre-records.xlsx: 41 organization rows of which one is entered
# twice, 89 contacts of which 13 have only a landline, 78 certificates.
ORGANIZATIONS, CONTACTS, LANDLINE_ONLY, CERTIFICATES = 40, 89, 13, 78


@pytest.fixture
def report(sample_records: Path) -> ImportReport:
    return import_records(path=sample_records)


def _snapshot() -> dict[str, list[tuple[int, object]]]:
    return {
        model.__name__: list(
            model.objects.order_by("pk").values_list("pk", "updated_at")
        )
        for model in (Organization, Contact, Certificate)
    }


def test_every_row_of_the_sample_is_imported(report: ImportReport) -> None:
    assert report.counts() == {
        "organizations": {
            "created": ORGANIZATIONS,
            "updated": 0,
            "unchanged": 1,
            "refused": 0,
            "warnings": 1,
        },
        "contacts": {
            "created": CONTACTS,
            "updated": 0,
            "unchanged": 0,
            "refused": 0,
            "warnings": LANDLINE_ONLY + 1,
        },
        "certificates": {
            "created": CERTIFICATES,
            "updated": 0,
            "unchanged": 0,
            "refused": 0,
            "warnings": 0,
        },
    }
    assert Organization.objects.count() == ORGANIZATIONS
    assert Contact.objects.count() == CONTACTS
    assert Certificate.objects.count() == CERTIFICATES


def test_a_name_with_stray_spaces_entered_twice_is_one_organization(
    report: ImportReport,
) -> None:
    organization = Organization.objects.get(name="北京宏达物业管理有限公司")
    assert organization.credit_code == "9111010864LEUJYQ46"
    assert organization.note == ""

    # 序号 41 sits on Excel row 42; its first entry (序号 3) on row 4.
    duplicate = report.row(Sheet.ORGANIZATIONS, 42)
    assert duplicate.outcome == Outcome.UNCHANGED
    assert [w.code for w in duplicate.warnings] == ["row.duplicate"]
    assert "第4行" in duplicate.warnings[0].message
    assert report.row(Sheet.ORGANIZATIONS, 4).outcome == Outcome.CREATED


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("石家庄明德电力设备有限责任公司", "91130102BBGFA8Y220"),
        ("济南星河软件技术有限公司", "91370102T1HH31AA69"),
        ("北京博远电子科技有限责任公司", "9111010557886NAU97"),
    ],
)
@pytest.mark.usefixtures("report")
def test_lower_case_credit_codes_are_accepted_upper_cased(name: str, code: str) -> None:
    assert Organization.objects.get(name=name).credit_code == code


@pytest.mark.usefixtures("report")
def test_contacts_with_half_width_brackets_attach_to_the_full_width_organization() -> (
    None
):
    organization = Organization.objects.get(
        name="廊坊京安建筑工程股份有限公司（第一分公司）"
    )
    assert sorted(organization.contacts.values_list("name", flat=True)) == [
        "刘晓东",
        "吴军",
        "吴海燕",
    ]
    assert organization.certificates.count() == 3


@pytest.mark.usefixtures("report")
def test_a_branch_certificate_keeps_its_suffix() -> None:
    branch = Certificate.objects.get(number="99923S12108R2M/0001")
    assert branch.organization.name == "保定宏达物流有限责任公司"
    assert Certificate.objects.filter(number="99923S12108R2M").exists()
    assert Certificate.objects.filter(number="99925E12451R1M/0001").exists()


@pytest.mark.usefixtures("report")
def test_the_classified_institutes_are_marked_classified() -> None:
    assert sorted(
        Organization.objects.filter(classified=True).values_list("name", flat=True)
    ) == [
        "廊坊九州电子研究所",
        "廊坊鼎盛电子研究所",
    ]


def test_a_landline_is_kept_as_landline_and_the_contact_warned(
    report: ImportReport,
) -> None:
    contact = Contact.objects.get(name="罗秀英")
    assert contact.landline == "010-87227802"
    assert contact.mobile == ""
    assert contact.mobile_hash == ""

    row = report.row(Sheet.CONTACTS, 7)
    assert row.outcome == Outcome.CREATED
    assert [w.code for w in row.warnings] == ["contact.landline_only"]
    without_mobile = Contact.objects.filter(mobile_hash="")
    assert without_mobile.count() == LANDLINE_ONLY
    assert all(c.landline.startswith("010-") for c in without_mobile)


@pytest.mark.parametrize(
    ("name", "mobile"),
    [
        ("黄平", "15415245190"),  # a number cell
        ("高超", "13928315478"),  # a number cell
        ("王秀英", "13325413626"),  # +86 …
        ("周秀英", "17985702971"),  # 86-…
        ("刘霞", "18319098258"),  # spaces
    ],
)
@pytest.mark.usefixtures("report")
def test_mobiles_in_every_form_are_stored_as_eleven_digits(
    name: str, mobile: str
) -> None:
    contact = Contact.objects.get(name=name, mobile_hash=lookup_hash(mobile))
    assert contact.mobile == mobile


def test_two_people_of_one_name_at_one_organization_are_both_kept(
    report: ImportReport,
) -> None:
    organization = Organization.objects.get(name="廊坊九州化工有限公司")
    assert organization.contacts.filter(name="黄明").count() == 2
    assert [w.code for w in report.row(Sheet.CONTACTS, 78).warnings] == [
        "contact.same_name"
    ]


@pytest.mark.parametrize(
    ("number", "first", "issued", "expires"),
    [
        # text 2017/4/20, a date cell, text 2026.04.19
        ("99923E11014R2S", date(2017, 4, 20), date(2023, 4, 20), date(2026, 4, 19)),
        # a date cell, text 2025年5月19日, a date cell
        ("99925E31130R2S", date(2019, 5, 19), date(2025, 5, 19), date(2028, 5, 18)),
        # ISO text, a date cell, ISO text
        ("99925S11140R1M", date(2022, 4, 20), date(2025, 4, 20), date(2028, 4, 19)),
    ],
)
@pytest.mark.usefixtures("report")
def test_dates_in_every_form_are_read(
    number: str, first: date, issued: date, expires: date
) -> None:
    certificate = Certificate.objects.get(number=number)
    assert (
        certificate.first_issued_on,
        certificate.issued_on,
        certificate.expires_on,
    ) == (
        first,
        issued,
        expires,
    )


@pytest.mark.usefixtures("report")
def test_statuses_are_mapped() -> None:
    statuses = Certificate.objects.values_list("status", flat=True)
    assert sorted(set(statuses)) == ["suspended", "valid", "withdrawn"]
    assert Certificate.objects.get(number="99925S11140R1M").status == "withdrawn"
    assert Certificate.objects.get(number="99923S31161R2M").status == "suspended"


@pytest.mark.usefixtures("report")
def test_mobiles_are_encrypted_in_the_database() -> None:
    table = Contact._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT mobile, landline, mobile_hash FROM {table}")
        stored = " ".join(" ".join(row) for row in cursor.fetchall())
    for mobile in ["13325413626", "15415245190", "18319098258"]:
        assert mobile not in stored
    assert "87227802" not in stored


def test_a_second_run_changes_nothing(
    sample_records: Path, report: ImportReport
) -> None:
    before = _snapshot()
    events = AuditEvent.objects.count()

    again = import_records(path=sample_records)

    assert {row.outcome for row in again.rows} == {Outcome.UNCHANGED}
    assert _snapshot() == before
    new_events = AuditEvent.objects.order_by("pk")[events:]
    assert [event.action for event in new_events] == ["records.imported"]
    assert new_events[0].details["counts"]["certificates"]["unchanged"] == CERTIFICATES
    assert not AuditEvent.objects.filter(action__contains="update").exists()


def test_a_dry_run_reports_but_keeps_nothing(sample_records: Path) -> None:
    report = import_records(path=sample_records, dry_run=True)

    assert report.counts()["certificates"]["created"] == CERTIFICATES
    assert not Organization.objects.exists()
    assert not Contact.objects.exists()
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_import_leaves_one_audit_event_without_personal_data(
    report: ImportReport,
) -> None:
    event = AuditEvent.objects.get(action="records.imported")
    assert event.details["file"] == "centre-records.xlsx"
    assert event.details["counts"]["contacts"]["created"] == CONTACTS
    text = str(event.details)
    assert "13325413626" not in text
    assert "王秀英" not in text

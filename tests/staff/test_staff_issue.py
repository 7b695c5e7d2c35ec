"""Issuing documents from the back office, and the list of what was issued."""

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from tests.conftest import make_organization

from certportal.audit.models import AuditEvent
from certportal.certificates.models import Certificate
from certportal.documents.models import Document, DocumentKind

CERTIFICATE_NUMBER = "99923Q21038R2M"


@pytest.fixture
def samples(shared_dir: Path) -> Path:
    return shared_dir / "samples"


def _sample(samples: Path, kind: str) -> tuple[str, bytes]:
    path = samples / "documents" / f"{CERTIFICATE_NUMBER}_{kind}.pdf"
    return path.name, path.read_bytes()


def _issue(client, organization, kind_code, certificate, name, data, **extra):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    kind = DocumentKind.objects.get(code=kind_code)
    form = {
        "kind": kind.pk,
        "certificate": certificate.pk if certificate else "",
        "file": SimpleUploadedFile(name, data),
        **extra,
    }
    url = reverse("staff:issue_form", args=[organization.public_id])
    return client.post(url, form, follow=True)


def test_the_issuer_finds_an_organization_by_name_or_credit_code(
    client, issuer, org_a, org_b
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(issuer)

    by_name = client.get(reverse("staff:issue"), {"q": "海纳 检测"})
    by_code = client.get(reverse("staff:issue"), {"q": "913701020qaukt"})

    assert [o.name for o in by_name.context["results"]] == [org_a.name]
    assert [o.name for o in by_code.context["results"]] == [org_b.name]
    assert (
        reverse("staff:issue_form", args=[org_a.public_id]) in by_name.content.decode()
    )


def test_issuing_stores_the_file_and_its_sha256(client, issuer, org_a, samples) -> None:  # type: ignore[no-untyped-def]
    certificate = Certificate.objects.get(number=CERTIFICATE_NUMBER)
    name, data = _sample(samples, "电子证书")
    client.force_login(issuer)

    response = _issue(client, org_a, "certificate", certificate, name, data)

    document = Document.objects.get()
    sha256 = hashlib.sha256(data).hexdigest()
    assert document.sha256 == sha256
    assert document.file.read() == data
    assert document.organization == org_a
    assert document.certificate == certificate
    assert document.issued_by == issuer
    html = response.content.decode()
    assert sha256 in html
    assert document.title in html
    assert AuditEvent.objects.filter(action="document.issued", actor=issuer).exists()


def test_a_suspension_notice_suspends_and_a_restoration_notice_restores(
    client, issuer, org_a, samples
) -> None:  # type: ignore[no-untyped-def]
    certificate = Certificate.objects.get(number=CERTIFICATE_NUMBER)
    client.force_login(issuer)

    _issue(
        client, org_a, "suspension_notice", certificate, *_sample(samples, "暂停通知书")
    )
    certificate.refresh_from_db()
    suspended = certificate.status
    _issue(
        client,
        org_a,
        "restoration_notice",
        certificate,
        *_sample(samples, "恢复通知书"),
    )
    certificate.refresh_from_db()

    assert suspended == Certificate.Status.SUSPENDED
    assert certificate.status == Certificate.Status.VALID


def test_a_photo_is_refused_with_the_gate_message_and_the_choices_stay(
    client, issuer, org_a, samples
) -> None:  # type: ignore[no-untyped-def]
    certificate = Certificate.objects.get(number=CERTIFICATE_NUMBER)
    photo = (samples / "letters" / "letter-photo.jpg").read_bytes()
    client.force_login(issuer)

    response = _issue(client, org_a, "audit_report", certificate, "报告.pdf", photo)

    html = response.content.decode()
    assert Document.objects.count() == 0
    assert "图片" in html
    kind = DocumentKind.objects.get(code="audit_report")
    assert f'<option value="{kind.pk}" selected>' in html
    assert f'<option value="{certificate.pk}" selected>' in html


def test_garbage_is_refused_and_nothing_is_stored(
    client, issuer, org_a, settings
) -> None:  # type: ignore[no-untyped-def]
    certificate = Certificate.objects.get(number=CERTIFICATE_NUMBER)
    client.force_login(issuer)

    response = _issue(
        client, org_a, "certificate", certificate, "cert.pdf", b"\x00junk" * 50
    )

    assert Document.objects.count() == 0
    assert response.context["form"].non_field_errors()
    stored = Path(settings.MEDIA_ROOT) / "documents"
    assert not stored.exists() or not any(stored.iterdir())


def test_a_kind_that_needs_a_certificate_says_so(
    client, issuer, org_a, samples
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(issuer)

    response = _issue(
        client, org_a, "audit_report", None, *_sample(samples, "审核报告")
    )

    assert "须关联证书" in response.content.decode()
    assert Document.objects.count() == 0


def test_another_organizations_certificate_cannot_be_picked(
    client, issuer, org_a, org_b, samples
) -> None:  # type: ignore[no-untyped-def]
    theirs = Certificate.objects.get(organization=org_b)
    client.force_login(issuer)

    response = _issue(
        client, org_a, "certificate", theirs, *_sample(samples, "电子证书")
    )

    assert response.context["form"].has_error("certificate")
    assert Document.objects.count() == 0


def test_a_reviewer_cannot_issue(client, reviewer, org_a, samples) -> None:  # type: ignore[no-untyped-def]
    certificate = Certificate.objects.get(number=CERTIFICATE_NUMBER)
    client.force_login(reviewer)

    response = _issue(
        client, org_a, "certificate", certificate, *_sample(samples, "电子证书")
    )

    assert response.status_code == 403
    assert Document.objects.count() == 0
    event = AuditEvent.objects.get(action="access.denied", actor=reviewer)
    assert event.result == "denied"


def _make_documents(organization, issuer, count: int) -> None:  # type: ignore[no-untyped-def]
    kind = DocumentKind.objects.get(code="invoice")
    Document.objects.bulk_create(
        Document(
            organization=organization,
            kind=kind,
            title=f"发票 {n}",
            file=f"documents/{n}.xml",
            file_type="xml",
            download_name=f"{n}.xml",
            size=1,
            sha256=f"{n:064x}",
            issued_by=issuer,
        )
        for n in range(count)
    )


def test_the_document_list_filters_by_organization_and_pages_by_fifty(  # type: ignore[no-untyped-def]
    client, issuer, org_a, org_b, django_assert_max_num_queries
) -> None:
    _make_documents(org_a, issuer, 60)
    _make_documents(org_b, issuer, 3)
    client.force_login(issuer)

    with django_assert_max_num_queries(12):
        first = client.get(reverse("staff:documents"))
    mine = client.get(reverse("staff:documents"), {"organization": org_b.public_id})
    searched = client.get(reverse("staff:documents"), {"q": "国泰"})
    second = client.get(reverse("staff:documents"), {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 13
    assert {d.organization for d in mine.context["page"].object_list} == {org_b}
    assert len(searched.context["page"].object_list) == 3
    assert "未下载" in first.content.decode()


def test_the_document_list_is_for_issuers_and_centre_admins(
    client, centre_admin, reviewer
) -> None:  # type: ignore[no-untyped-def]
    make_organization("天津合众软件技术有限公司", "91120116MA05TH1234")
    client.force_login(centre_admin)
    as_admin = client.get(reverse("staff:documents"))
    client.force_login(reviewer)
    as_reviewer = client.get(reverse("staff:documents"))

    assert as_admin.status_code == 200
    assert as_reviewer.status_code == 403


def test_a_file_already_issued_elsewhere_is_refused_until_confirmed(
    client, issuer, org_a, org_b, samples
) -> None:  # type: ignore[no-untyped-def]
    name, data = _sample(samples, "电子证书")
    client.force_login(issuer)
    _issue(client, org_a, "certificate", org_a.certificates.get(), name, data)
    theirs = org_b.certificates.get()

    refused = _issue(client, org_b, "certificate", theirs, name, data)
    html = refused.content.decode()
    confirmed = _issue(
        client, org_b, "certificate", theirs, name, data, confirm_duplicate="on"
    )

    assert org_a.name in html
    assert "确认仍然签发" in html
    assert 'name="confirm_duplicate"' in html
    assert "重新选择文件" in html
    assert confirmed.status_code == 200
    assert Document.objects.filter(organization=org_b).count() == 1


def test_the_confirmation_is_offered_only_after_such_a_refusal(
    client, issuer, org_a, samples
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(issuer)

    blank = client.get(reverse("staff:issue_form", args=[org_a.public_id]))
    photo = (samples / "letters" / "letter-photo.jpg").read_bytes()
    gated = _issue(
        client, org_a, "audit_report", org_a.certificates.get(), "报告.pdf", photo
    )

    assert 'name="confirm_duplicate"' not in blank.content.decode()
    assert 'name="confirm_duplicate"' not in gated.content.decode()


def test_the_same_file_as_the_same_document_is_refused_without_a_way_round(
    client, issuer, org_a, samples
) -> None:  # type: ignore[no-untyped-def]
    certificate = org_a.certificates.get()
    name, data = _sample(samples, "电子证书")
    client.force_login(issuer)
    _issue(client, org_a, "certificate", certificate, name, data)

    again = _issue(client, org_a, "certificate", certificate, name, data)

    assert "无须重复签发" in again.content.decode()
    assert 'name="confirm_duplicate"' not in again.content.decode()
    assert Document.objects.count() == 1


def test_a_file_gate_refusal_says_it_is_about_the_issued_file(
    client, issuer, org_a, samples
) -> None:  # type: ignore[no-untyped-def]
    photo = (samples / "letters" / "letter-photo.jpg").read_bytes()
    client.force_login(issuer)

    gated = _issue(
        client, org_a, "audit_report", org_a.certificates.get(), "报告.pdf", photo
    )
    needs_certificate = _issue(
        client, org_a, "audit_report", None, *_sample(samples, "审核报告")
    )

    assert "这是签发文件的检查结果" in gated.content.decode()
    assert "这是签发文件的检查结果" not in needs_certificate.content.decode()


def test_the_issue_button_asks_before_issuing(client, issuer, org_a) -> None:  # type: ignore[no-untyped-def]
    client.force_login(issuer)

    page = client.get(reverse("staff:issue_form", args=[org_a.public_id]))

    assert "data-confirm=" in page.content.decode()
    assert f"签发给“{org_a.name}”" in page.content.decode()


def test_certificates_past_their_end_date_read_as_expired_to_the_issuer(
    client, issuer, org_a, samples
) -> None:  # type: ignore[no-untyped-def]
    certificate = org_a.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=date(2020, 1, 1))
    client.force_login(issuer)
    _issue(client, org_a, "certificate", certificate, *_sample(samples, "电子证书"))

    form = client.get(reverse("staff:issue_form", args=[org_a.public_id]))
    listing = client.get(reverse("staff:documents"))

    assert "过期失效" in form.content.decode()
    assert "过期失效" in listing.content.decode()

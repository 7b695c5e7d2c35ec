"""The same file issued twice: to another organization only when confirmed, never as
the same document again."""

from pathlib import Path

import pytest

from certportal.accounts.models import User
from certportal.audit.models import AuditEvent
from certportal.core.errors import DomainError
from certportal.documents import services
from certportal.documents.models import Document, DocumentKind
from certportal.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate_pdf(shared_dir: Path) -> bytes:
    return (shared_dir / "samples/documents/99923Q21038R2M_电子证书.pdf").read_bytes()


def _issue(
    organization: Organization,
    issuer: User,
    data: bytes,
    kind: str = "certificate",
    **extra: object,
) -> Document:
    kind_row = DocumentKind.objects.get(code=kind)
    return services.issue_document(
        organization=organization,
        kind=kind_row,
        certificate=organization.certificates.first()
        if kind_row.needs_certificate
        else None,
        data=data,
        filename="证书.pdf",
        issuer=issuer,
        ip="127.0.0.1",
        **extra,  # type: ignore[arg-type]
    )


def test_a_file_issued_to_another_organization_is_refused_naming_it(
    org_a, org_b, issuer, certificate_pdf
) -> None:  # type: ignore[no-untyped-def]
    _issue(org_a, issuer, certificate_pdf)

    with pytest.raises(DomainError) as refused:
        _issue(org_b, issuer, certificate_pdf)

    assert refused.value.code == "same_file_elsewhere"
    message = str(refused.value.message)
    assert org_a.name in message
    assert "99923Q21038R2M" in message
    assert "电子版证书" in message
    assert Document.objects.filter(organization=org_b).count() == 0


def test_the_issuer_may_confirm_the_same_file_for_another_organization(
    org_a, org_b, issuer, certificate_pdf
) -> None:  # type: ignore[no-untyped-def]
    _issue(org_a, issuer, certificate_pdf)

    document = _issue(org_b, issuer, certificate_pdf, confirm_duplicate=True)

    assert document.organization == org_b
    event = AuditEvent.objects.get(action="document.issued", object_id=document.pk)
    assert event.details["confirmed_duplicate"] is True


def test_the_same_file_as_the_same_document_is_refused_even_when_confirmed(
    org_a, issuer, certificate_pdf
) -> None:  # type: ignore[no-untyped-def]
    _issue(org_a, issuer, certificate_pdf)

    with pytest.raises(DomainError) as refused:
        _issue(org_a, issuer, certificate_pdf, confirm_duplicate=True)

    assert refused.value.code == "already_issued"
    assert Document.objects.count() == 1


def test_the_same_file_as_another_kind_for_the_same_organization_is_issued(
    org_a, issuer, certificate_pdf
) -> None:  # type: ignore[no-untyped-def]
    _issue(org_a, issuer, certificate_pdf)

    _issue(org_a, issuer, certificate_pdf, kind="audit_report")

    assert Document.objects.filter(organization=org_a).count() == 2


def test_a_refused_duplicate_leaves_no_file_behind(
    org_a, org_b, issuer, certificate_pdf, settings
) -> None:  # type: ignore[no-untyped-def]
    _issue(org_a, issuer, certificate_pdf)

    with pytest.raises(DomainError):
        _issue(org_b, issuer, certificate_pdf)

    stored = list((Path(settings.MEDIA_ROOT) / "documents").iterdir())
    assert len(stored) == 1

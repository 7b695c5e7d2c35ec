"""Staff open an issued document to check it; only the client's download delivers."""

from pathlib import Path

import pytest
from django.urls import reverse
from tests.conftest import make_staff

from certportal.accounts import roles
from certportal.audit.models import AuditEvent
from certportal.documents.models import Document, DocumentKind
from certportal.documents.services import issue_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(org_a, issuer, shared_dir: Path) -> Document:  # type: ignore[no-untyped-def]
    path = shared_dir / "samples/documents/99923Q21038R2M_审核报告.pdf"
    return issue_document(
        organization=org_a,
        kind=DocumentKind.objects.get(code="audit_report"),
        certificate=org_a.certificates.get(),
        data=path.read_bytes(),
        filename=path.name,
        issuer=issuer,
        ip="127.0.0.1",
    )


def _url(document: Document) -> str:
    return reverse("staff:document_download", args=[document.pk])


def test_an_issuer_downloads_the_document_without_it_counting_as_delivered(
    client, issuer, document
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(issuer)

    response = client.get(_url(document))

    document.refresh_from_db()
    assert response.status_code == 200
    assert response.content == document.file.open("rb").read()
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert document.first_downloaded_at is None
    assert document.first_downloaded_by is None
    event = AuditEvent.objects.get(action="document.viewed_by_staff")
    assert event.actor == issuer
    assert event.object_id == str(document.pk)
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_a_centre_admin_may_download_it_too(client, document) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_staff("admin1", roles.CENTRE_ADMIN))

    assert client.get(_url(document)).status_code == 200


def test_reviewers_and_clients_may_not(client, reviewer, client_a, document) -> None:  # type: ignore[no-untyped-def]
    client.force_login(reviewer)
    as_reviewer = client.get(_url(document))
    client.force_login(client_a)
    as_client = client.get(_url(document))

    assert as_reviewer.status_code == 403
    assert as_client.status_code == 403
    assert not AuditEvent.objects.filter(action="document.viewed_by_staff").exists()


def test_a_file_that_fails_its_hash_is_not_served(client, issuer, document) -> None:  # type: ignore[no-untyped-def]
    Document.objects.filter(pk=document.pk).update(sha256="0" * 64)
    client.force_login(issuer)

    response = client.get(_url(document), follow=True)

    assert response.redirect_chain
    assert "校验未通过" in response.content.decode()
    assert AuditEvent.objects.filter(action="document.integrity_failed").exists()


def test_the_lists_link_to_the_download(client, issuer, org_a, document) -> None:  # type: ignore[no-untyped-def]
    client.force_login(issuer)

    listing = client.get(reverse("staff:documents"))
    issue_page = client.get(reverse("staff:issue_form", args=[org_a.public_id]))

    assert _url(document) in listing.content.decode()
    assert _url(document) in issue_page.content.decode()

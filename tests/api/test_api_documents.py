"""A client's documents through the API: the list, one document, and its file."""

import uuid
from collections.abc import Callable
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from tests.api.apitools import assert_error, assert_nothing_private

from certportal.audit.models import AuditEvent
from certportal.documents.models import Document
from certportal.organizations.models import Organization

Issue = Callable[..., Document]


def test_a_client_lists_the_documents_of_its_organization(
    api_a: Client, org_a: Organization, org_b: Organization, issue: Issue
) -> None:
    report = issue(org_a, "audit_report")
    certificate = issue(org_a, "certificate")
    issue(org_b, "certificate")

    response = api_a.get("/api/v1/documents")

    assert response.status_code == 200
    listed = response.json()
    assert [d["id"] for d in listed] == [str(certificate.pk), str(report.pk)]
    first = listed[0]
    assert first == {
        "id": str(certificate.pk),
        "kind": {"code": "certificate", "name": "电子版证书"},
        "title": certificate.title,
        "certificate_number": "99923Q21038R2M",
        "issued_at": first["issued_at"],
        "size": certificate.size,
        "sha256": certificate.sha256,
        "first_downloaded_at": None,
        "is_new": True,
        "download_url": f"/api/v1/documents/{certificate.pk}/download",
    }
    assert "99924Q31097R0S" not in response.content.decode()
    assert_nothing_private(response)


def test_a_document_without_certificate_has_no_number(
    api_a: Client, org_a: Organization, issue: Issue
) -> None:
    issue(org_a, "invoice")

    (invoice,) = api_a.get("/api/v1/documents").json()

    assert invoice["certificate_number"] is None
    assert invoice["kind"]["code"] == "invoice"


def test_the_list_costs_the_same_queries_for_one_or_many_documents(
    api_a: Client,
    org_a: Organization,
    issue: Issue,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    issue(org_a, "certificate")
    api_a.get("/api/v1/documents")  # the token's last use is written once a minute
    with django_assert_num_queries(2):  # the token with its user; the documents
        api_a.get("/api/v1/documents")

    for kind in ("audit_report", "maintenance_notice", "invoice"):
        issue(org_a, kind)
    with django_assert_num_queries(2):
        assert len(api_a.get("/api/v1/documents").json()) == 4


def test_one_document_of_the_organization(
    api_a: Client, org_a: Organization, issue: Issue
) -> None:
    document = issue(org_a, "audit_report")

    response = api_a.get(f"/api/v1/documents/{document.pk}")

    assert response.status_code == 200
    assert response.json()["title"] == "99923Q21038R2M_审核报告"


@pytest.mark.parametrize("suffix", ["", "/download"])
def test_another_organizations_document_is_not_found_like_a_missing_one(
    api_a: Client, org_b: Organization, issue: Issue, suffix: str
) -> None:
    theirs = issue(org_b, "certificate")

    other = api_a.get(f"/api/v1/documents/{theirs.pk}{suffix}")
    missing = api_a.get(f"/api/v1/documents/{uuid.uuid4()}{suffix}")
    garbage = api_a.get(f"/api/v1/documents/{quote('not-a-uuid')}{suffix}")

    assert_error(other, 404, "not_found")
    assert other.content == missing.content == garbage.content
    assert Document.objects.get(pk=theirs.pk).first_downloaded_at is None


def test_the_download_is_the_file_as_an_attachment(
    api_a: Client, org_a: Organization, issue: Issue
) -> None:
    document = issue(org_a, "certificate", marker="A-certificate-bytes")

    response = api_a.get(f"/api/v1/documents/{document.pk}/download")

    assert response.status_code == 200
    with default_storage.open(document.file.name, "rb") as handle:
        assert response.content == handle.read()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert quote(document.download_name) in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_the_first_download_is_recorded_once(
    api_a: Client,
    client_a,
    org_a: Organization,
    issue: Issue,  # type: ignore[no-untyped-def]
) -> None:
    document = issue(org_a, "certificate")
    url = f"/api/v1/documents/{document.pk}/download"

    api_a.get(url)
    first = Document.objects.get(pk=document.pk)
    api_a.get(url)

    again = Document.objects.get(pk=document.pk)
    assert first.first_downloaded_by == client_a
    assert again.first_downloaded_at == first.first_downloaded_at
    assert AuditEvent.objects.filter(action="document.downloaded").count() == 2
    listed = api_a.get(f"/api/v1/documents/{document.pk}").json()
    assert listed["is_new"] is False and listed["first_downloaded_at"]


def test_a_session_downloads_the_same_file(
    session_a: Client, org_a: Organization, issue: Issue
) -> None:
    document = issue(org_a, "certificate")

    response = session_a.get(reverse("api:document_download", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_tampered_file_is_never_served(
    api_a: Client, org_a: Organization, issue: Issue
) -> None:
    document = issue(org_a, "certificate")
    path = default_storage.path(document.file.name)
    with open(path, "ab") as handle:
        handle.write(b"% tampered")

    response = api_a.get(f"/api/v1/documents/{document.pk}/download")

    assert_error(response, 503, "integrity_failed")
    assert b"tampered" not in response.content


SOME_ID = "0b5c3f9e-3d0e-4c47-9a43-6a4f8e2d1c70"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/documents",
        f"/api/v1/documents/{SOME_ID}",
        f"/api/v1/documents/{SOME_ID}/download",
    ],
)
def test_documents_need_a_login(client: Client, url: str) -> None:
    assert_error(client.get(url), 401, "unauthenticated")

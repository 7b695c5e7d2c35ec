"""One organization never reaches another's documents (SECURITY.md row 2; ASVS 8.2.2,
8.4.1; 等保 8.1.4.2).

Client A, logged in by API token and by browser session, asks for every id that
belongs to organization B (documents, certificate, registration, organization,
contact) and for 200 random UUIDs, through the API and the H5 download URL. Every
answer is 404, byte for byte the same whether the id exists or not, and no byte of
B's files or names appears anywhere. A's own document, asked the same way, comes
back: the 404s are a decision, not a broken route.
"""

import io
import uuid
from collections.abc import Iterator

import pikepdf
import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from tests.api.apitools import make_pdf

from certportal.accounts.models import User
from certportal.accounts.services import issue_api_token
from certportal.certificates.models import Certificate
from certportal.documents.models import Document, DocumentKind
from certportal.documents.services import issue_document
from certportal.organizations.models import Organization
from certportal.registration.models import Registration

RANDOM_IDS = 200
B_KINDS = ("certificate", "audit_report", "maintenance_notice", "invoice")


def _issue(organization: Organization, kind_code: str, issuer: User) -> Document:
    """A PDF whose bytes carry a marker unique to it (its /Title)."""
    kind = DocumentKind.objects.get(code=kind_code)
    marker = f"{organization.credit_code}-{kind_code}-{uuid.uuid4().hex}"
    return issue_document(
        organization=organization,
        kind=kind,
        certificate=organization.certificates.first()
        if kind.needs_certificate
        else None,
        data=make_pdf(marker),
        filename=f"{kind_code}.pdf",
        issuer=issuer,
        ip="127.0.0.1",
    )


def _web_download_url(pk: str) -> str:
    try:
        return reverse("portal:document_download", kwargs={"pk": pk})
    except NoReverseMatch:  # pragma: no cover - the H5 view must exist
        pytest.fail("the H5 download URL portal:document_download is missing")


@pytest.fixture
def world(org_a, org_b, client_a, client_b, issuer):  # type: ignore[no-untyped-def]
    """A has one document; B has four, a second certificate and a registration."""
    Certificate.objects.create(
        number="99924E31098R0S",
        organization=org_b,
        standard="GB/T 24001-2016/ISO 14001:2015",
        scope="检测服务",
    )
    registration = Registration.objects.create(
        organization=org_b,
        contact=org_b.contacts.get(),
        account_name="guotai_second",
        password="!",
    )
    own = _issue(org_a, "certificate", issuer)
    theirs = [_issue(org_b, kind, issuer) for kind in B_KINDS]
    b_certificates = list(org_b.certificates.all())

    uuid_ids = [str(d.pk) for d in theirs] + [
        str(registration.pk),
        str(org_b.public_id),
        str(org_b.contacts.get().public_id),
    ]
    other_ids = [str(c.pk) for c in b_certificates] + [c.token for c in b_certificates]
    secrets = _secrets_of_b(org_b, theirs, b_certificates)
    return {
        "own": own,
        "uuid_ids": uuid_ids,
        "other_ids": other_ids,
        "secrets": secrets,
    }


def _secrets_of_b(
    org_b: Organization, documents: list[Document], certificates: list[Certificate]
) -> list[bytes]:
    """Bytes that must never reach client A: B's files, hashes, names, numbers."""
    found: list[bytes] = [org_b.name.encode()]
    for document in documents:
        with document.file.open("rb") as handle:
            data = handle.read()
        with pikepdf.open(io.BytesIO(data)) as pdf:
            marker = str(pdf.docinfo["/Title"])
        assert marker.startswith(str(org_b.credit_code))
        found += [marker.encode(), document.sha256.encode(), document.title.encode()]
        found.append(data[-200:])  # the trailer with B's file ID
    found += [c.number.encode() for c in certificates]
    return found


def _callers(client_a: User) -> Iterator[tuple[str, Client]]:
    token = issue_api_token(user=client_a, ip="127.0.0.1").token
    yield "token", Client(headers={"Authorization": f"Bearer {token}"})
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_a)
    yield "session", browser


def _urls(mode: str, pk: str, *, is_uuid: bool) -> list[tuple[str, str]]:
    urls = [
        ("api_detail", f"/api/v1/documents/{pk}"),
        ("api_download", f"/api/v1/documents/{pk}/download"),
    ]
    if mode == "session" and is_uuid:
        urls.append(("web_download", _web_download_url(pk)))
    return urls


def _assert_leaks_nothing(response, secrets: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    for secret in secrets:
        assert secret not in response.content, secret[:60]
    for header, value in response.items():
        assert not any(secret in value.encode() for secret in secrets), header


@pytest.mark.django_db
def test_client_a_reaches_nothing_of_organization_b(world, client_a) -> None:  # type: ignore[no-untyped-def]
    random_ids = [str(uuid.uuid4()) for _ in range(RANDOM_IDS)]
    asked = 0
    for mode, caller in _callers(client_a):
        own = str(world["own"].pk)
        for _name, url in _urls(mode, own, is_uuid=True):
            assert caller.get(url).status_code == 200, (mode, url)

        bodies: dict[str, set[bytes]] = {}
        for pk, is_uuid in [(pk, True) for pk in world["uuid_ids"] + random_ids] + [
            (pk, False) for pk in world["other_ids"]
        ]:
            for name, url in _urls(mode, pk, is_uuid=is_uuid):
                response = caller.get(url)
                asked += 1
                assert response.status_code == 404, (mode, url, response.status_code)
                _assert_leaks_nothing(response, world["secrets"])
                bodies.setdefault(name, set()).add(response.content)

        # "Exists but not yours" and "does not exist" cannot be told apart.
        for name, seen in bodies.items():
            assert len(seen) == 1, (mode, name, seen)

    ids = len(world["uuid_ids"]) + len(world["other_ids"]) + RANDOM_IDS
    web = len(world["uuid_ids"]) + RANDOM_IDS
    assert asked == 2 * ids * 2 + web


@pytest.mark.django_db
def test_client_a_lists_never_mention_organization_b(world, client_a) -> None:  # type: ignore[no-untyped-def]
    for mode, caller in _callers(client_a):
        pages = ["/api/v1/me", "/api/v1/certificates", "/api/v1/documents"]
        if mode == "session":
            pages.append(reverse("portal:client_home"))
        for url in pages:
            response = caller.get(url)
            assert response.status_code == 200, (mode, url)
            _assert_leaks_nothing(response, world["secrets"])

        listed = caller.get("/api/v1/documents").json()
        assert [d["id"] for d in listed] == [str(world["own"].pk)]
        numbers = [c["number"] for c in caller.get("/api/v1/certificates").json()]
        assert numbers == ["99923Q21038R2M"]


@pytest.mark.django_db
def test_b_s_downloads_stay_undelivered(world, client_a) -> None:  # type: ignore[no-untyped-def]
    """A's attempts leave no trace of delivery on B's documents."""
    for mode, caller in _callers(client_a):
        for pk in world["uuid_ids"][: len(B_KINDS)]:
            for _name, url in _urls(mode, pk, is_uuid=True):
                caller.get(url)

    assert not Document.objects.filter(
        organization__name="济南国泰检测技术有限责任公司",
        first_downloaded_at__isnull=False,
    ).exists()

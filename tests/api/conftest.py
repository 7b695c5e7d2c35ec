"""Helpers for the API tests: tokens, issued documents, and the error shape."""

from collections.abc import Callable

import pytest
from django.test import Client
from tests.api.apitools import make_pdf

from certportal.accounts.models import User
from certportal.accounts.services import issue_api_token
from certportal.certificates.models import Certificate
from certportal.documents.models import Document, DocumentKind
from certportal.documents.services import issue_document
from certportal.organizations.models import Organization


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    """Hashing stays out of the way; the personas are created after this runs."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def issue(issuer: User) -> Callable[..., Document]:
    """Issue a PDF document of a kind to an organization, as the issuer persona."""

    def _issue(
        organization: Organization,
        kind: str = "certificate",
        *,
        marker: str = "",
        data: bytes | None = None,
    ) -> Document:
        kind_row = DocumentKind.objects.get(code=kind)
        certificate = (
            Certificate.objects.filter(organization=organization).first()
            if kind_row.needs_certificate
            else None
        )
        return issue_document(
            organization=organization,
            kind=kind_row,
            certificate=certificate,
            data=data
            if data is not None
            else make_pdf(marker or f"doc-{kind}-{organization.pk}"),
            filename=f"{kind}.pdf",
            issuer=issuer,
            ip="127.0.0.1",
        )

    return _issue


@pytest.fixture
def token_a(client_a: User) -> str:
    return issue_api_token(user=client_a, ip="127.0.0.1").token


@pytest.fixture
def api_a(token_a: str) -> Client:
    """A client that calls the API as client A with a bearer token."""
    return Client(headers={"Authorization": f"Bearer {token_a}"})


@pytest.fixture
def session_a(client_a: User) -> Client:
    """A browser logged in as client A, CSRF checks enforced as in production."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_a)
    return browser

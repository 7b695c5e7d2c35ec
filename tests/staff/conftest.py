"""Registrations waiting for review, their letter uploaded as a client would."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from tests.conftest import make_staff

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.organizations.models import Organization
from certportal.registration import services
from certportal.registration.models import Registration

CLIENT_PASSWORD = "lantern-meadow-5190"

MakeRegistration = Callable[..., Registration]


@pytest.fixture
def letter_pdf(shared_dir: Path) -> bytes:
    return (shared_dir / "samples" / "letters" / "letter-scanned.pdf").read_bytes()


@pytest.fixture
def make_registration(letter_pdf: bytes) -> MakeRegistration:
    """A registration as the wizard leaves it, then its letter uploaded."""

    def make(
        organization: Organization,
        account_name: str,
        *,
        due_on: date | None = None,
        letter: bytes | None = None,
    ) -> Registration:
        registration = Registration.objects.create(
            organization=organization,
            contact=organization.contacts.first(),
            account_name=account_name,
            password=make_password(CLIENT_PASSWORD),
            state=Registration.State.AWAITING_LETTER,
        )
        services.upload_letter(
            registration=registration,
            data=letter or letter_pdf,
            filename="授权委托书.pdf",
            consent=True,
            ip="127.0.0.1",
        )
        if due_on is not None:
            Registration.objects.filter(pk=registration.pk).update(due_on=due_on)
        registration.refresh_from_db()
        return registration

    return make


@pytest.fixture
def centre_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_staff("admin1", roles.CENTRE_ADMIN)

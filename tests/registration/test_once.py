"""One organization registers once, however many requests race (SECURITY.md row 1)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import signing
from django.db import connection

from certportal.core.errors import DomainError
from certportal.registration import services
from certportal.registration.models import Registration

PASSWORD = "orchard-signal-4471"


def _ticket(organization, contact, binding: str) -> str:  # type: ignore[no-untyped-def]
    return signing.dumps(
        {"o": organization.pk, "c": str(contact.public_id), "b": binding},
        salt=services.TICKET_SALT,
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_create_exactly_one(org_a) -> None:  # type: ignore[no-untyped-def]
    contact = org_a.contacts.get()

    def register(n: int) -> str:
        binding = f"session-{n}"
        try:
            services.create_registration(
                ticket=_ticket(org_a, contact, binding),
                binding=binding,
                account_name=f"racer{n}",
                password=PASSWORD,
                password2=PASSWORD,
                ip="127.0.0.1",
            )
            return "created"
        except DomainError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(register, range(50)))

    assert outcomes.count("created") == 1
    assert outcomes.count("already_registered") == 49
    assert Registration.objects.filter(organization=org_a).count() == 1


@pytest.mark.django_db
def test_a_ticket_from_another_session_is_refused(org_a) -> None:  # type: ignore[no-untyped-def]
    contact = org_a.contacts.get()
    with pytest.raises(DomainError) as caught:
        services.create_registration(
            ticket=_ticket(org_a, contact, "theirs"),
            binding="mine",
            account_name="stolen",
            password=PASSWORD,
            password2=PASSWORD,
            ip="127.0.0.1",
        )
    assert caught.value.code == "phone_not_verified"


@pytest.mark.django_db
def test_a_forged_ticket_is_refused(org_a) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        services.create_registration(
            ticket="eyJvIjoxfQ:forged:sig",
            binding="mine",
            account_name="forger",
            password=PASSWORD,
            password2=PASSWORD,
            ip="127.0.0.1",
        )
    assert caught.value.code == "phone_not_verified"

"""The public certificate check, and a client's own certificates."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests.api.apitools import assert_error, assert_nothing_private

from certportal.certificates.models import Certificate
from certportal.organizations.models import Organization

CHECK_URL = "/api/v1/certificates/check"


def test_anyone_can_check_a_certificate_by_number(
    client: Client, org_a: Organization
) -> None:
    Certificate.objects.filter(number="99923Q21038R2M").update(
        first_issued_on=date(2021, 3, 1),
        issued_on=date(2024, 3, 1),
        expires_on=timezone.localdate() + timedelta(days=300),
    )

    response = client.get(CHECK_URL, {"number": "99923Q21038R2M"})

    assert response.status_code == 200
    assert response.json() == {
        "number": "99923Q21038R2M",
        "holder": "北京海纳检测技术股份有限公司",
        "standard": "GB/T 19001-2016/ISO 9001:2015",
        "scope": "检测技术产品的设计、生产和服务",
        "status": "valid",
        "status_label": "有效",
        "first_issued_on": "2021-03-01",
        "issued_on": "2024-03-01",
        "expires_on": (timezone.localdate() + timedelta(days=300)).isoformat(),
    }


def test_the_check_shows_no_contact_or_personal_data(
    client: Client, org_a: Organization
) -> None:
    response = client.get(CHECK_URL, {"number": "99923Q21038R2M"})

    text = response.content.decode()
    assert "王秀英" not in text and "13325413626" not in text
    assert "credit_code" not in text and "91110105Y5G0BCJ76R" not in text
    assert_nothing_private(response)


def test_numbers_with_a_slash_work(client: Client, org_a: Organization) -> None:
    Certificate.objects.create(
        number="CNAS/C123-2024/0042",
        organization=org_a,
        standard="GB/T 24001-2016/ISO 14001:2015",
        scope="检测服务",
    )

    response = client.get(CHECK_URL, {"number": "CNAS/C123-2024/0042"})

    assert response.json()["number"] == "CNAS/C123-2024/0042"


def test_numbers_are_read_as_people_type_them(
    client: Client, org_a: Organization
) -> None:
    response = client.get(CHECK_URL, {"number": " 99923q 21038r2m "})

    assert response.json()["number"] == "99923Q21038R2M"


def test_a_valid_certificate_past_its_end_date_is_expired(
    client: Client, org_a: Organization
) -> None:
    Certificate.objects.update(expires_on=timezone.localdate() - timedelta(days=1))

    body = client.get(CHECK_URL, {"number": "99923Q21038R2M"}).json()

    assert (body["status"], body["status_label"]) == ("expired", "过期失效")


def test_a_suspended_certificate_says_so(client: Client, org_a: Organization) -> None:
    Certificate.objects.update(status=Certificate.Status.SUSPENDED)

    body = client.get(CHECK_URL, {"number": "99923Q21038R2M"}).json()

    assert (body["status"], body["status_label"]) == ("suspended", "暂停")


def test_an_unknown_number_is_not_found(client: Client, org_a: Organization) -> None:
    response = client.get(CHECK_URL, {"number": "00000X00000"})

    body = assert_error(response, 404, "certificate_unknown")
    assert "00000X00000" in body["message"]


@pytest.mark.parametrize(
    "query", [{}, {"number": ""}, {"number": "9" * 65}, {"number": "99923\x00Q"}]
)
def test_a_missing_or_malformed_number_is_invalid(client: Client, query: dict) -> None:
    error = assert_error(client.get(CHECK_URL, query), 422, "invalid")

    assert error["details"][0]["loc"][:2] == ["query", "number"]


def test_an_address_may_check_60_times_a_minute(
    client: Client, org_a: Organization
) -> None:
    for _ in range(60):
        assert client.get(CHECK_URL, {"number": "99923Q21038R2M"}).status_code == 200

    response = client.get(CHECK_URL, {"number": "99923Q21038R2M"})

    assert_error(response, 429, "too_many_requests")
    other = client.get(CHECK_URL, {"number": "99923Q21038R2M"}, REMOTE_ADDR="10.3.3.3")
    assert other.status_code == 200


def test_unknown_numbers_count_against_the_limit_too(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    for n in range(60):
        client.get(CHECK_URL, {"number": f"GUESS{n:05d}"})

    assert_error(
        client.get(CHECK_URL, {"number": "GUESS99999"}), 429, "too_many_requests"
    )


# --- a client's own certificates ---------------------------------------------------


def test_a_client_lists_its_own_certificates(
    api_a: Client, org_a: Organization, org_b: Organization
) -> None:
    Certificate.objects.create(
        number="99925E11014R2S",
        organization=org_a,
        standard="GB/T 24001-2016/ISO 14001:2015",
        scope="检测服务",
        expires_on=timezone.localdate() - timedelta(days=1),
    )

    response = api_a.get("/api/v1/certificates")

    assert response.status_code == 200
    assert [(c["number"], c["status"]) for c in response.json()] == [
        ("99923Q21038R2M", "valid"),
        ("99925E11014R2S", "expired"),
    ]
    assert "99924Q31097R0S" not in response.content.decode()
    assert_nothing_private(response)


def test_the_certificate_list_needs_a_login(client: Client) -> None:
    assert_error(client.get("/api/v1/certificates"), 401, "unauthenticated")

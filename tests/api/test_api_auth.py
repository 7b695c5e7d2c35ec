"""Logging in to the API: tokens for client administrators, sessions for H5 pages."""

import hashlib
import json
import secrets
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from tests.api.apitools import assert_error, assert_nothing_private
from tests.conftest import PASSWORD

from certportal.accounts.models import ApiToken, User
from certportal.accounts.services import issue_api_token
from certportal.audit.models import AuditEvent

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/me"


def obtain(client: Client, account: str, password: str, **extra):  # type: ignore[no-untyped-def]
    body = json.dumps({"account": account, "password": password})
    return client.post(TOKEN_URL, body, content_type="application/json", **extra)


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


# --- issuing a token ---------------------------------------------------------------


def test_client_administrator_gets_a_12_hour_token(
    client: Client, client_a: User
) -> None:
    response = obtain(client, "haina_admin", PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    assert len(body["token"]) >= 43  # 32 random bytes, base64url
    lifetime = parse_datetime(body["expires_at"]) - timezone.now()
    assert timedelta(hours=11, minutes=59) < lifetime <= timedelta(hours=12)
    assert_nothing_private(response)


def test_the_token_opens_the_client_api(client: Client, client_a: User) -> None:
    token = obtain(client, "haina_admin", PASSWORD).json()["token"]

    response = bearer(token).get(ME_URL)

    assert response.status_code == 200
    assert response.json() == {
        "account": "haina_admin",
        "organization": "北京海纳检测技术股份有限公司",
    }


def test_only_the_hash_of_a_token_is_stored(client: Client, client_a: User) -> None:
    token = obtain(client, "haina_admin", PASSWORD).json()["token"]

    row = ApiToken.objects.get(user=client_a)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [
        json.dumps(list(values), default=str)
        for values in ApiToken.objects.values_list()
    ] + [
        json.dumps([event.details, event.actor_label, event.object_id])
        for event in AuditEvent.objects.all()
    ]
    assert not any(token in text for text in stored)


def test_issuing_a_token_is_audited_as_a_login(client: Client, client_a: User) -> None:
    obtain(client, "haina_admin", PASSWORD)

    actions = set(
        AuditEvent.objects.filter(actor=client_a).values_list("action", "result")
    )
    assert ("account.login", "ok") in actions
    assert ("api_token.issued", "ok") in actions


def test_a_wrong_password_gets_no_token_and_is_audited(
    client: Client, client_a: User
) -> None:
    response = obtain(client, "haina_admin", "not-the-password")

    assert_error(response, 401, "invalid_credentials")
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.filter(
        action="account.login", result="failed", actor_label="haina_admin"
    ).exists()


def test_an_unknown_account_answers_like_a_wrong_password(
    client: Client, client_a: User
) -> None:
    wrong_password = obtain(client, "haina_admin", "not-the-password")
    unknown = obtain(client, "nobody_here", "not-the-password")

    assert unknown.status_code == wrong_password.status_code == 401
    assert unknown.content == wrong_password.content


def test_a_disabled_account_gets_no_token(client: Client, client_a: User) -> None:
    client_a.is_active = False
    client_a.save()

    assert_error(obtain(client, "haina_admin", PASSWORD), 401, "invalid_credentials")


def test_staff_get_no_api_token(client: Client, issuer: User) -> None:
    response = obtain(client, "issuer1", PASSWORD)

    assert_error(response, 403, "not_client")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"account": "haina_admin"},
        {"account": "", "password": "x"},
        {"account": "haina\x00admin", "password": "x"},
        {"account": "a" * 151, "password": "x"},
        {"account": ["haina_admin"], "password": "x"},
    ],
)
def test_malformed_credentials_are_invalid(client: Client, body: dict) -> None:
    response = client.post(TOKEN_URL, json.dumps(body), content_type="application/json")

    error = assert_error(response, 422, "invalid")
    assert error["details"] and all("loc" in d and "msg" in d for d in error["details"])


def test_an_unparsable_body_is_a_bad_request(client: Client) -> None:
    response = client.post(TOKEN_URL, "{not json", content_type="application/json")

    assert_error(response, 400, "bad_request")


# --- limits on guessing ------------------------------------------------------------


def test_an_account_is_limited_to_10_attempts_in_15_minutes(
    client: Client, client_a: User
) -> None:
    for _ in range(10):
        assert obtain(client, "haina_admin", "guess").status_code == 401

    # Even the right password waits now, or guessing would go on unseen.
    assert_error(obtain(client, "haina_admin", PASSWORD), 429, "too_many_requests")
    assert_error(obtain(client, "HAINA_ADMIN", "guess"), 429, "too_many_requests")


def test_the_account_limit_does_not_care_about_the_address(
    client: Client, client_a: User
) -> None:
    for n in range(10):
        obtain(client, "haina_admin", "guess", REMOTE_ADDR=f"10.0.0.{n}")

    response = obtain(client, "haina_admin", PASSWORD, REMOTE_ADDR="10.0.1.1")
    assert_error(response, 429, "too_many_requests")


def test_an_address_is_limited_to_50_attempts_in_15_minutes(
    client: Client, client_a: User
) -> None:
    for n in range(50):
        assert obtain(client, f"someone{n}", "guess").status_code == 401

    assert_error(obtain(client, "haina_admin", PASSWORD), 429, "too_many_requests")
    # Another address is not affected.
    response = obtain(client, "haina_admin", PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_address_limit(
    client: Client, client_a: User
) -> None:
    for n in range(50):
        obtain(client, f"someone{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.1.0.{n}")

    response = obtain(client, "haina_admin", PASSWORD, HTTP_X_FORWARDED_FOR="10.2.0.1")
    assert_error(response, 429, "too_many_requests")


# --- using and ending a token ------------------------------------------------------


def test_no_credentials_is_unauthenticated(client: Client, client_a: User) -> None:
    response = client.get(ME_URL)

    assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer", "Bearer nonsense", "Bearer " + "x" * 500])
def test_an_unknown_token_is_unauthenticated(client_a: User, header: str) -> None:
    response = Client(headers={"Authorization": header}).get(ME_URL)

    assert_error(response, 401, "unauthenticated")


def test_an_expired_token_is_unauthenticated(client_a: User, token_a: str) -> None:
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert_error(bearer(token_a).get(ME_URL), 401, "unauthenticated")


def test_a_token_dies_with_its_disabled_account(client_a: User, token_a: str) -> None:
    client_a.is_active = False
    client_a.save()

    assert_error(bearer(token_a).get(ME_URL), 401, "unauthenticated")


def test_deleting_the_token_revokes_it(client_a: User, token_a: str) -> None:
    caller = bearer(token_a)

    response = caller.delete(TOKEN_URL)

    assert response.status_code == 204
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.filter(
        action="api_token.revoked", actor=client_a
    ).exists()
    assert_error(caller.get(ME_URL), 401, "unauthenticated")
    assert_error(caller.delete(TOKEN_URL), 401, "unauthenticated")


def test_revoking_one_token_keeps_the_others(client: Client, client_a: User) -> None:
    first = obtain(client, "haina_admin", PASSWORD).json()["token"]
    second = obtain(client, "haina_admin", PASSWORD).json()["token"]

    bearer(first).delete(TOKEN_URL)

    assert bearer(second).get(ME_URL).status_code == 200


def test_using_a_token_records_when(client_a: User, token_a: str) -> None:
    bearer(token_a).get(ME_URL)

    assert ApiToken.objects.get().last_used_at is not None


def test_a_bad_token_is_refused_even_with_a_session(session_a: Client) -> None:
    response = session_a.get(ME_URL, headers={"Authorization": "Bearer stale-token"})

    assert_error(response, 401, "unauthenticated")


# --- the browser session -----------------------------------------------------------


def test_a_client_session_opens_the_client_api(session_a: Client) -> None:
    response = session_a.get(ME_URL)

    assert response.status_code == 200
    assert response.json()["account"] == "haina_admin"
    assert response["Cache-Control"] == "no-store"


def test_a_session_delete_without_csrf_token_is_refused(session_a: Client) -> None:
    response = session_a.delete(TOKEN_URL)

    assert_error(response, 403, "csrf_failed")
    assert session_a.get(ME_URL).status_code == 200


def test_a_session_delete_with_csrf_token_ends_the_session(session_a: Client) -> None:
    csrf = _csrf_cookie(session_a)

    response = session_a.delete(TOKEN_URL, headers={"X-CSRFToken": csrf})

    assert response.status_code == 204
    assert_error(session_a.get(ME_URL), 401, "unauthenticated")


def _csrf_cookie(browser: Client) -> str:
    """Give the browser a CSRF cookie, as any page with a form would; return it."""
    token = secrets.token_hex(16)
    browser.cookies["csrftoken"] = token
    return token


def test_staff_sessions_have_no_client_api(issuer: User) -> None:
    browser = Client()
    browser.force_login(issuer)

    assert_error(browser.get(ME_URL), 403, "not_client")
    assert_error(browser.get("/api/v1/documents"), 403, "not_client")


def test_a_token_is_checked_before_the_session_and_needs_no_csrf(
    session_a: Client, client_b: User
) -> None:
    token_b = issue_api_token(user=client_b, ip="127.0.0.1").token
    response = session_a.get(ME_URL, headers={"Authorization": f"Bearer {token_b}"})
    assert response.json()["account"] == "guotai_admin"

    response = session_a.delete(
        TOKEN_URL, headers={"Authorization": f"Bearer {token_b}"}
    )
    assert response.status_code == 204
    assert session_a.get(ME_URL).json()["account"] == "haina_admin"

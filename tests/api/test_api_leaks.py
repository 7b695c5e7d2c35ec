"""No API answer carries a WeChat session_key, a secret, or a mobile number
(SECURITY.md rows 10 and 20): every endpoint, success and failure, is scanned."""

import json
import uuid
from collections.abc import Callable

from django.test import Client
from tests.api.apitools import assert_nothing_private
from tests.conftest import PASSWORD

from certportal.documents.models import Document
from certportal.organizations.models import Organization

MOBILES = ("13325413626", "17174860779")  # the personas' contacts


def _every_answer(caller: Client, document: Document) -> list:  # type: ignore[type-arg]
    anonymous = Client()
    return [
        anonymous.post(
            "/api/v1/auth/token",
            json.dumps({"account": "haina_admin", "password": PASSWORD}),
            content_type="application/json",
        ),
        anonymous.post(
            "/api/v1/auth/token",
            json.dumps({"account": "haina_admin", "password": "wrong"}),
            content_type="application/json",
        ),
        anonymous.post("/api/v1/auth/token", "{}", content_type="application/json"),
        anonymous.get("/api/v1/me"),
        anonymous.get("/api/v1/openapi.json"),
        anonymous.get("/api/v1/certificates/check", {"number": "99923Q21038R2M"}),
        anonymous.get("/api/v1/certificates/check"),
        caller.get("/api/v1/me"),
        caller.get("/api/v1/certificates"),
        caller.get("/api/v1/documents"),
        caller.get(f"/api/v1/documents/{document.pk}"),
        caller.get(f"/api/v1/documents/{document.pk}/download"),
        caller.get(f"/api/v1/documents/{uuid.uuid4()}"),
        caller.get(f"/api/v1/documents/{uuid.uuid4()}/download"),
        caller.get("/api/v1/unknown"),
    ]


def test_no_answer_holds_a_session_key_a_secret_or_a_mobile(
    api_a: Client,
    session_a: Client,
    org_a: Organization,
    org_b: Organization,
    issue: Callable[..., Document],
) -> None:
    document = issue(org_a, "certificate", marker="plain-certificate")

    answers = _every_answer(api_a, document) + _every_answer(session_a, document)

    assert len(answers) == 30
    for response in answers:
        assert response.status_code < 500
        assert_nothing_private(response)
        for mobile in MOBILES:
            assert mobile.encode() not in response.content


def test_the_mobile_pattern_would_catch_a_leak() -> None:
    """The scan is not vacuous: a body with a mobile number fails it."""
    from django.http import JsonResponse

    leaking = JsonResponse({"contact": {"mobile": "13325413626"}})
    try:
        assert_nothing_private(leaking)
    except AssertionError:
        return
    raise AssertionError("a mobile number went unnoticed")

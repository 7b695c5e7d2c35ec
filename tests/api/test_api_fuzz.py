"""Random input never makes the API fail (SECURITY.md row 29, without schemathesis).

Hypothesis throws random numbers at the public check, random ids at the document
paths and random bodies at the token endpoint; every answer must be below 500 and,
when it is an error, in the error shape. The rate limits are lifted so the examples
reach the code behind them (the limits have tests of their own).
"""

import json
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certportal.core import ratelimit

# 200 examples per operation, as SECURITY.md row 29 asks of schemathesis.
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text a client can send in a URL (lone surrogates cannot be encoded at all).
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=120)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture(autouse=True)
def _no_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "hit", lambda *args, **kwargs: True)


def assert_handled(response, statuses: set[int]) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code in statuses, (response.status_code, response.content)
    body = json.loads(response.content)
    if response.status_code >= 400:
        assert isinstance(body["code"], str) and body["code"]
        assert isinstance(body["message"], str) and body["message"]


@FUZZ
@given(number=TEXT)
def test_any_number_gets_an_answer(client: Client, org_a, number: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/certificates/check", {"number": number})

    assert_handled(response, {200, 404, 422})


@FUZZ
@given(document_id=TEXT.filter(bool))
def test_any_document_id_is_simply_not_found(api_a: Client, document_id: str) -> None:
    path = quote(document_id, safe="")

    assert_handled(api_a.get(f"/api/v1/documents/{path}"), {404})
    assert_handled(api_a.get(f"/api/v1/documents/{path}/download"), {404})


@FUZZ
@given(body=JSON)
def test_any_json_body_at_the_token_endpoint(
    client: Client, client_a, body: object
) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/auth/token", json.dumps(body), content_type="application/json"
    )

    assert_handled(response, {400, 422})


@FUZZ
@given(account=TEXT, password=TEXT)
def test_any_credentials_at_the_token_endpoint(
    client: Client,
    client_a,
    account: str,
    password: str,  # type: ignore[no-untyped-def]
) -> None:
    body = json.dumps({"account": account, "password": password})

    response = client.post("/api/v1/auth/token", body, content_type="application/json")

    assert_handled(response, {401, 422})


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_at_the_token_endpoint(client: Client, raw: bytes) -> None:
    response = client.post("/api/v1/auth/token", raw, content_type="application/json")

    assert_handled(response, {400, 422})

"""The API describes itself (OpenAPI) and answers every error in one shape."""

import json
import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from tests.api.apitools import assert_error

from certportal.documents import services as documents
from certportal.organizations.models import Organization

OPERATIONS = {
    ("/api/v1/auth/token", "post"),
    ("/api/v1/auth/token", "delete"),
    ("/api/v1/me", "get"),
    ("/api/v1/certificates/check", "get"),
    ("/api/v1/certificates", "get"),
    ("/api/v1/documents", "get"),
    ("/api/v1/documents/{document_id}", "get"),
    ("/api/v1/documents/{document_id}/download", "get"),
}


@pytest.fixture
def schema(client: Client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_openapi_document_lists_every_operation(schema: dict) -> None:
    listed = {
        (path, method) for path, item in schema["paths"].items() for method in item
    }

    assert schema["openapi"].startswith("3.")
    assert listed == OPERATIONS


def test_every_operation_declares_its_answers(schema: dict) -> None:
    for path, method in OPERATIONS:
        responses = schema["paths"][path][method]["responses"]
        success = {"200", "204"} & set(responses)
        assert success, (path, method)
        assert "500" in responses, (path, method)
        for status, answer in responses.items():
            if status.startswith(("4", "5")):
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref.rsplit("/", 1)[1] in {"ErrorOut", "InvalidOut"}


def test_client_operations_declare_both_ways_to_authenticate(schema: dict) -> None:
    public = {("/api/v1/certificates/check", "get"), ("/api/v1/auth/token", "post")}
    for path, method in OPERATIONS - public:
        operation = schema["paths"][path][method]
        assert operation["security"] == [{"BearerToken": []}, {"ClientSession": []}]
        assert "401" in operation["responses"]
    for path, method in public:
        assert "security" not in schema["paths"][path][method]


def test_the_error_shape_is_described(schema: dict) -> None:
    error = schema["components"]["schemas"]["ErrorOut"]

    assert set(error["required"]) == {"code", "message"}


def test_the_download_declares_its_file_types(schema: dict) -> None:
    answer = schema["paths"]["/api/v1/documents/{document_id}/download"]["get"]
    content = answer["responses"]["200"]["content"]

    assert set(content) == {"application/pdf", "application/ofd", "application/xml"}


def test_the_docs_page_loads_nothing_from_outside(client: Client) -> None:
    response = client.get("/api/v1/docs")

    if "ninja" not in settings.INSTALLED_APPS:
        # Without ninja's static files the page would pull Swagger UI from a CDN.
        assert_error(response, 404, "not_found")
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


# --- the error shape everywhere ----------------------------------------------------


def test_an_unknown_path_answers_in_the_error_shape(client: Client) -> None:
    assert_error(client.get("/api/v1/nothing/here"), 404, "not_found")
    assert_error(client.post("/api/v1/documents/x/y/z"), 404, "not_found")


def test_an_unexpected_error_is_logged_and_told_without_internals(
    api_a: Client,
    org_a: Organization,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(organization: Organization) -> list:
        raise RuntimeError("database password=hunter2 at /srv/certportal/db.py")

    monkeypatch.setattr(documents, "documents_for", broken)

    with caplog.at_level(logging.ERROR, logger="certportal.api.errors"):
        response = api_a.get("/api/v1/documents")

    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "message": "服务器出错了，请稍后再试。",
    }
    (logged,) = [r for r in caplog.records if r.name == "certportal.api.errors"]
    assert logged.exc_info is not None  # the operator sees the cause; the client not
    assert "hunter2" not in response.content.decode()


def test_json_answers_say_utf8_and_keep_chinese_readable(
    client: Client, org_a: Organization
) -> None:
    response = client.get("/api/v1/certificates/check", {"number": "99923Q21038R2M"})

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "北京海纳".encode() in response.content

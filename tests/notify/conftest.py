"""A fake Tencent on 127.0.0.1, and settings that point the Tencent provider at it."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pytest_django import Settings
from tests.notify.fake_tencent import FakeTencent

SECRET_ID = "AKIDcertportalFAKE0000000000000000"
SECRET_KEY = "certportal-fake-secret-key-000000"
REGION = "ap-guangzhou"
PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here reaches Tencent or any other host: only 127.0.0.1, directly."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    real = httpx.HTTPTransport.handle_request

    def guarded(transport: httpx.HTTPTransport, request: httpx.Request) -> Any:
        assert request.url.host == "127.0.0.1", f"a test tried {request.url.host}"
        return real(transport, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded)


@pytest.fixture
def fake_tencent() -> Iterator[FakeTencent]:
    with FakeTencent(SECRET_ID, SECRET_KEY, REGION).running() as fake:
        yield fake


def tencent_settings(endpoint: str, **changes: str) -> dict[str, str]:
    """A complete SMS_TENCENT, with changes applied."""
    values = {
        "endpoint": endpoint,
        "region": REGION,
        "secret_id": SECRET_ID,
        "secret_key": SECRET_KEY,
        "sdk_app_id": "1400000000",
        "sign_name": "某某认证中心",
        "template_code": "1234567",
    }
    return values | changes


@pytest.fixture
def tencent(settings: Settings, fake_tencent: FakeTencent) -> FakeTencent:
    """The fake, with settings.SMS_TENCENT pointing at it."""
    settings.SMS_TENCENT = tencent_settings(fake_tencent.url)
    return fake_tencent

"""Tencent Cloud SMS: the request on the wire, its signature, and every way it fails.

Each test talks to the fake Tencent in fake_tencent.py, on 127.0.0.1.
"""

import hashlib
import logging
import re
import socket
import time
from contextlib import nullcontext
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django import Settings
from tests.notify.conftest import SECRET_ID, tencent_settings
from tests.notify.fake_tencent import (
    FakeTencent,
    canonical_request,
    expected_signature,
)

from certportal.accounts import verification
from certportal.core.errors import DomainError
from certportal.notify import sms
from certportal.notify.tencent import (
    TencentSmsError,
    TencentSmsProvider,
    tc3_authorization,
)

MOBILE = "13325413626"
CODE = "604817"

# Tencent's published worked example on the "Signature v3" page (DescribeInstances
# on cvm): the example key, body and timestamp, and the digests the page prints.
DOC_SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
DOC_BODY = (
    b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
    b'"Name": "instance-name"}]}'
)
DOC_TIMESTAMP = 1551113065
DOC_HASHED_PAYLOAD = "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
DOC_HASHED_REQUEST = "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
DOC_SIGNATURE = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"

# Our own fixed inputs, one second before midnight UTC (08:00 the next day in
# Beijing), and the signature the fake's independent verifier computes for them.
FIXED_BODY = b'{"PhoneNumberSet":["+8613325413626"],"TemplateParamSet":["000123","5"]}'
FIXED_TIMESTAMP = 1767139199  # 2025-12-30 23:59:59 UTC
FIXED_SIGNATURE = "eba7e615aea00522fb1712c8bcafecad565903f8e7f76da97327d48c2346380b"


def send(mobile: str = MOBILE, code: str = CODE) -> None:
    TencentSmsProvider().send_code(mobile=mobile, code=code, minutes=5)


def signature_of(authorization: str) -> str:
    return authorization.rsplit("Signature=", 1)[1]


# The signer


def test_the_independent_verifier_reproduces_tencents_worked_example() -> None:
    request = canonical_request(
        content_type="application/json; charset=utf-8",
        host="cvm.tencentcloudapi.com",
        body=DOC_BODY,
    )
    assert hashlib.sha256(DOC_BODY).hexdigest() == DOC_HASHED_PAYLOAD
    assert hashlib.sha256(request.encode()).hexdigest() == DOC_HASHED_REQUEST
    assert (
        expected_signature(
            secret_key=DOC_SECRET_KEY,
            service="cvm",
            timestamp=str(DOC_TIMESTAMP),
            content_type="application/json; charset=utf-8",
            host="cvm.tencentcloudapi.com",
            body=DOC_BODY,
        )
        == DOC_SIGNATURE
    )


def test_the_signer_reproduces_tencents_worked_example() -> None:
    authorization = tc3_authorization(
        secret_id="AKIDEXAMPLE",
        secret_key=DOC_SECRET_KEY,
        host="cvm.tencentcloudapi.com",
        payload=DOC_BODY,
        timestamp=DOC_TIMESTAMP,
        service="cvm",
    )
    assert authorization == (
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request, "
        f"SignedHeaders=content-type;host, Signature={DOC_SIGNATURE}"
    )


def test_the_signer_gives_the_known_signature_for_fixed_inputs() -> None:
    # Given fixed inputs whose signature the independent verifier computed
    verified = expected_signature(
        secret_key="certportal-fixed-key",
        service="sms",
        timestamp=str(FIXED_TIMESTAMP),
        content_type="application/json; charset=utf-8",
        host="sms.tencentcloudapi.com",
        body=FIXED_BODY,
    )
    assert verified == FIXED_SIGNATURE

    # When the provider's signer signs them
    authorization = tc3_authorization(
        secret_id="AKIDfixed",
        secret_key="certportal-fixed-key",
        host="sms.tencentcloudapi.com",
        payload=FIXED_BODY,
        timestamp=FIXED_TIMESTAMP,
    )

    # Then it agrees, and dates the scope by UTC, not by Beijing time
    assert authorization == (
        "TC3-HMAC-SHA256 Credential=AKIDfixed/2025-12-30/sms/tc3_request, "
        f"SignedHeaders=content-type;host, Signature={FIXED_SIGNATURE}"
    )


def test_any_change_to_the_signed_request_changes_the_signature() -> None:
    def sign(**change: Any) -> str:
        values: dict[str, Any] = {
            "secret_id": "AKIDfixed",
            "secret_key": "certportal-fixed-key",
            "host": "sms.tencentcloudapi.com",
            "payload": FIXED_BODY,
            "timestamp": FIXED_TIMESTAMP,
        }
        return signature_of(tc3_authorization(**(values | change)))

    assert sign() == FIXED_SIGNATURE
    assert sign(secret_key="certportal-fixed-kez") != FIXED_SIGNATURE
    assert sign(host="sms.tencentcloudapi.com:8443") != FIXED_SIGNATURE
    assert sign(payload=FIXED_BODY.replace(b"000123", b"000124")) != FIXED_SIGNATURE
    assert sign(timestamp=FIXED_TIMESTAMP + 1) != FIXED_SIGNATURE


# Sending


def test_a_code_is_sent_as_tencent_expects_it(tencent: FakeTencent) -> None:
    send()

    [request] = tencent.received
    assert request.problems == []  # headers present, signature verified by the fake
    assert request.payload == {
        "PhoneNumberSet": ["+8613325413626"],
        "SmsSdkAppId": "1400000000",
        "SignName": "某某认证中心",
        "TemplateId": "1234567",
        "TemplateParamSet": [CODE, "5"],
    }
    assert request.headers["authorization"].startswith(
        f"TC3-HMAC-SHA256 Credential={SECRET_ID}/"
    )


def test_a_code_keeps_its_leading_zeros(tencent: FakeTencent) -> None:
    send(code="000123")

    assert tencent.received[0].payload["TemplateParamSet"] == ["000123", "5"]


def test_a_wrong_secret_key_is_rejected_and_raised(
    settings: Settings, tencent: FakeTencent
) -> None:
    settings.SMS_TENCENT = tencent_settings(tencent.url, secret_key="not-the-key")

    with pytest.raises(sms.SmsError) as caught:
        send()

    assert caught.value.code == "AuthFailure.SignatureFailure"  # type: ignore[attr-defined]
    assert tencent.received[0].problems == ["authorization: signature mismatch"]


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("frequency", "LimitExceeded.DeliveryFrequencyLimit"),
        ("blacklist", "FailedOperation.PhoneNumberInBlacklist"),
        ("error", "FailedOperation.SignatureIncorrectOrUnapproved"),
        ("http500", "HTTP500"),
        ("not_json", "InvalidResponse"),
    ],
)
def test_each_refusal_raises_with_tencents_code(
    tencent: FakeTencent, mode: str, code: str
) -> None:
    tencent.mode = mode

    with pytest.raises(TencentSmsError) as caught:
        send()

    assert isinstance(caught.value, sms.SmsError)
    assert caught.value.code == code
    assert code in str(caught.value)
    assert len(tencent.received) == 1  # no retry


def test_a_silent_server_raises_after_five_seconds(tencent: FakeTencent) -> None:
    tencent.mode = "slow"

    started = time.monotonic()
    with pytest.raises(TencentSmsError) as caught:
        send()
    elapsed = time.monotonic() - started

    assert caught.value.code == "Timeout"
    assert 4.5 < elapsed < 6.5
    assert len(tencent.received) == 1  # no retry


def test_an_unreachable_endpoint_raises(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SMS_TENCENT = tencent_settings(f"http://127.0.0.1:{port}")

    with pytest.raises(TencentSmsError) as caught:
        send()

    assert caught.value.code == "NetworkError"


@pytest.mark.parametrize(
    ("mode", "failure"),
    [
        ("ok", ""),
        ("frequency", "LimitExceeded.DeliveryFrequencyLimit"),
        ("error", "FailedOperation.SignatureIncorrectOrUnapproved"),
        ("http500", "HTTP500"),
    ],
)
def test_the_log_names_the_failure_but_never_the_code_or_the_number(
    tencent: FakeTencent, caplog: pytest.LogCaptureFixture, mode: str, failure: str
) -> None:
    tencent.mode = mode
    caplog.set_level(logging.DEBUG)

    with pytest.raises(TencentSmsError) if mode != "ok" else nullcontext():
        send()

    logged = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    assert CODE not in logged
    assert MOBILE not in logged and MOBILE[-8:] not in logged
    assert "133****3626" in logged
    if mode != "http500":  # Tencent's RequestId is in the JSON; this reply has none
        assert tencent.request_ids[0] in logged
    if mode != "ok":
        [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert warning.name == "certportal.notify.tencent"
        assert failure in warning.getMessage()


# Configuration


@pytest.mark.parametrize(
    "key", ["secret_id", "secret_key", "sdk_app_id", "sign_name", "template_code"]
)
def test_the_provider_refuses_to_start_without_its_configuration(
    settings: Settings, key: str
) -> None:
    settings.SMS_TENCENT = tencent_settings(
        "https://sms.tencentcloudapi.com", **{key: ""}
    )

    with pytest.raises(ImproperlyConfigured, match=key):
        TencentSmsProvider()


@pytest.mark.parametrize(
    ("endpoint", "production"),
    [
        ("http://sms.tencentcloudapi.com", False),
        ("http://127.0.0.1:8080", True),
        ("https://sms.tencentcloudapi.com/v3", False),
        ("https://sms.tencentcloudapi.com/?a=1", False),
    ],
)
def test_the_provider_refuses_an_unsafe_endpoint(
    settings: Settings, endpoint: str, production: bool
) -> None:
    settings.PRODUCTION = production
    settings.SMS_TENCENT = tencent_settings(endpoint)

    with pytest.raises(ImproperlyConfigured, match="endpoint"):
        TencentSmsProvider()


def test_production_accepts_tencents_https_endpoint(settings: Settings) -> None:
    settings.PRODUCTION = True
    settings.SMS_TENCENT = tencent_settings("https://sms.tencentcloudapi.com")

    assert TencentSmsProvider().config.host == "sms.tencentcloudapi.com"


def test_settings_choose_the_tencent_provider(
    settings: Settings, tencent: FakeTencent
) -> None:
    settings.SMS_PROVIDER = "tencent"

    assert isinstance(sms.provider(), TencentSmsProvider)


# End to end


@pytest.mark.django_db
def test_a_registration_code_travels_to_tencent_and_back(
    settings: Settings, tencent: FakeTencent
) -> None:
    # Given the portal configured for Tencent
    settings.SMS_PROVIDER = "tencent"

    # When a visitor asks for a registration code
    verification.send_code(
        mobile=MOBILE, purpose="registration", binding="b", ip="127.0.0.1"
    )

    # Then Tencent received exactly one signed request carrying a 6-digit code
    [request] = tencent.received
    assert request.problems == []
    assert request.payload["PhoneNumberSet"] == ["+8613325413626"]
    code, minutes = request.payload["TemplateParamSet"]
    assert re.fullmatch(r"\d{6}", code) and minutes == "5"

    # And that code is the one the portal accepts
    verification.check_code(
        mobile=MOBILE, purpose="registration", binding="b", code=code
    )


@pytest.mark.django_db
def test_a_refused_code_tells_the_visitor_sending_failed(
    settings: Settings, tencent: FakeTencent
) -> None:
    settings.SMS_PROVIDER = "tencent"
    tencent.mode = "frequency"

    with pytest.raises(DomainError) as caught:
        verification.send_code(
            mobile=MOBILE, purpose="registration", binding="b", ip="127.0.0.1"
        )

    assert caught.value.code == "sms_failed"

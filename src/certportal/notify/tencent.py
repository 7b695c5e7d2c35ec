"""Tencent Cloud SMS: the SendSms action of API 3.0 (version 2021-01-11).

Requests are JSON POSTs signed with TC3-HMAC-SHA256, as the "Signature v3" page of
Tencent's API 3.0 documentation describes it; SendSms itself is
cloud.tencent.com/document/api/382/55981. Errors arrive in Response.Error, usually
with HTTP 200, and each number gets its own SendStatusSet entry: a message counts as
sent only when its entry says "Ok".
"""

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from certportal.organizations.models import mask_mobile

from .sms import SmsError

logger = logging.getLogger(__name__)

SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"
TIMEOUT = httpx.Timeout(5.0, connect=3.0)
REQUIRED = (
    "endpoint",
    "region",
    "secret_id",
    "secret_key",
    "sdk_app_id",
    "sign_name",
    "template_code",
)


class TencentSmsError(SmsError):
    """Tencent did not accept the message; code is Tencent's error code or ours."""

    def __init__(self, code: str, request_id: str = "") -> None:
        detail = f" (RequestId {request_id})" if request_id else ""
        super().__init__(f"Tencent SMS failed: {code}{detail}")
        self.code = code
        self.request_id = request_id


@dataclass(frozen=True)
class TencentConfig:
    """settings.SMS_TENCENT, checked; template_id comes from template_code."""

    endpoint: httpx.URL
    region: str
    secret_id: str
    secret_key: str
    sdk_app_id: str
    sign_name: str
    template_id: str

    @property
    def host(self) -> str:
        """The Host header: host, plus the port when it is not the scheme's default."""
        return self.endpoint.netloc.decode("ascii")


def load_config() -> TencentConfig:
    """Read settings.SMS_TENCENT, refusing a missing value or an unsafe endpoint."""
    values: dict[str, str] = getattr(settings, "SMS_TENCENT", {})
    missing = [key for key in REQUIRED if not str(values.get(key, "")).strip()]
    if missing:
        raise ImproperlyConfigured(
            "The Tencent SMS provider needs SMS_TENCENT "
            f"{', '.join(missing)} (CERTPORTAL_SMS_TENCENT_* variables)."
        )
    return TencentConfig(
        endpoint=_endpoint(values["endpoint"]),
        region=values["region"],
        secret_id=values["secret_id"],
        secret_key=values["secret_key"],
        sdk_app_id=values["sdk_app_id"],
        sign_name=values["sign_name"],
        template_id=values["template_code"],
    )


def _endpoint(raw: str) -> httpx.URL:
    """An https origin; plain http only to 127.0.0.1, and never in production."""
    url = httpx.URL(raw)
    # The signature covers the path "/" and no query, so the endpoint is a bare origin.
    if url.path != "/" or url.query or not url.host:
        raise ImproperlyConfigured(
            f"SMS_TENCENT endpoint must be a bare origin, not {raw!r}."
        )
    if url.scheme == "https":
        return url
    if url.scheme == "http" and url.host == "127.0.0.1" and not settings.PRODUCTION:
        return url
    raise ImproperlyConfigured(
        "SMS_TENCENT endpoint must use https (plain http to 127.0.0.1 only outside "
        "production)."
    )


def tc3_authorization(
    *,
    secret_id: str,
    secret_key: str,
    host: str,
    payload: bytes,
    timestamp: int,
    service: str = SERVICE,
) -> str:
    """The Authorization header for a JSON POST of payload to host at timestamp."""
    date = datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    headers, signed = _canonical_headers({"Content-Type": CONTENT_TYPE, "Host": host})
    canonical_request = "\n".join(
        ["POST", "/", "", headers, signed, hashlib.sha256(payload).hexdigest()]
    )
    string_to_sign = "\n".join(
        [ALGORITHM, str(timestamp), scope, _sha256_hex(canonical_request)]
    )

    key = _hmac(f"TC3{secret_key}".encode(), date)
    for part in (service, "tc3_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders={signed}, Signature={signature}"
    )


def _canonical_headers(headers: dict[str, str]) -> tuple[str, str]:
    """("name:value\\n" lines, "name;name"): lower-cased, trimmed, sorted by name."""
    pairs = sorted(
        (name.strip().lower(), value.strip().lower()) for name, value in headers.items()
    )
    lines = "".join(f"{name}:{value}\n" for name, value in pairs)
    return lines, ";".join(name for name, _ in pairs)


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


class TencentSmsProvider:
    """Sends verification codes through Tencent Cloud's SendSms."""

    def __init__(self) -> None:
        self.config = load_config()

    def send_code(self, *, mobile: str, code: str, minutes: int) -> None:
        """Send one code to one mainland number, or raise TencentSmsError."""
        payload = self._payload(mobile=mobile, code=code, minutes=minutes)
        try:
            serial_no, request_id = _accepted(self._post(payload))
        except TencentSmsError as exc:
            logger.warning(
                "Tencent SMS to %s failed: %s (RequestId %s)",
                mask_mobile(mobile),
                exc.code,
                exc.request_id or "-",
                extra={"sms_error": exc.code, "request_id": exc.request_id},
            )
            raise
        logger.info(
            "Tencent SMS to %s accepted (SerialNo %s, RequestId %s)",
            mask_mobile(mobile),
            serial_no,
            request_id,
            extra={"serial_no": serial_no, "request_id": request_id},
        )

    def _payload(self, *, mobile: str, code: str, minutes: int) -> bytes:
        # Template parameters must be strings: they keep a code's leading zeros.
        body = {
            "PhoneNumberSet": [f"+86{mobile}"],
            "SmsSdkAppId": self.config.sdk_app_id,
            "SignName": self.config.sign_name,
            "TemplateId": self.config.template_id,
            "TemplateParamSet": [code, str(minutes)],
        }
        return json.dumps(body, separators=(",", ":")).encode()

    def _post(self, payload: bytes) -> httpx.Response:
        """POST the signed payload once; network failures become TencentSmsError."""
        timestamp = int(time.time())
        config = self.config
        headers = {
            "Content-Type": CONTENT_TYPE,
            "Host": config.host,
            "X-TC-Action": ACTION,
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": config.region,
            "Authorization": tc3_authorization(
                secret_id=config.secret_id,
                secret_key=config.secret_key,
                host=config.host,
                payload=payload,
                timestamp=timestamp,
            ),
        }
        # No retry, here or in the transport: SendSms is not idempotent, and a request
        # that timed out may still have been delivered, so a retry could send two codes.
        # The person can ask again; the resend limits in accounts.verification apply.
        # httpx bounds each step (connect 3 s, then 5 s per read or write), not the
        # exchange as a whole: a server that trickles bytes could hold us longer.
        try:
            with httpx.Client(timeout=TIMEOUT) as client:
                return client.post(
                    str(config.endpoint), content=payload, headers=headers
                )
        except httpx.TimeoutException as exc:
            raise TencentSmsError("Timeout") from exc
        except httpx.HTTPError as exc:
            raise TencentSmsError("NetworkError") from exc


def _accepted(response: httpx.Response) -> tuple[str, str]:
    """(SerialNo, RequestId) when Tencent accepted the one number; else raise."""
    reply = _response_object(response)
    request_id = str(reply.get("RequestId", ""))
    error = reply.get("Error")
    error_code = str(error.get("Code", "")) if isinstance(error, dict) else ""
    if response.status_code != 200:
        raise TencentSmsError(error_code or f"HTTP{response.status_code}", request_id)
    if error is not None:
        raise TencentSmsError(error_code or "UnknownError", request_id)

    statuses = reply.get("SendStatusSet")
    if not isinstance(statuses, list) or len(statuses) != 1:
        raise TencentSmsError("InvalidResponse", request_id)
    status = statuses[0] if isinstance(statuses[0], dict) else {}
    if status.get("Code") != "Ok":
        raise TencentSmsError(str(status.get("Code") or "InvalidResponse"), request_id)
    return str(status.get("SerialNo", "")), request_id


def _response_object(response: httpx.Response) -> dict[str, Any]:
    """The "Response" object of Tencent's reply, or {} when the body is not one."""
    try:
        body = response.json()
    except ValueError:
        return {}
    reply = body.get("Response") if isinstance(body, dict) else None
    return reply if isinstance(reply, dict) else {}

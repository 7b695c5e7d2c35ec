"""A stand-in for Tencent Cloud's SendSms endpoint, on 127.0.0.1.

It checks every request the way Tencent does: the common headers, and the
TC3-HMAC-SHA256 signature, recomputed here from the bytes it received with its own
copy of the secret key. The verifier below is written out step by step from the
protocol description and shares no code with certportal.notify.tencent, so a client
that signs wrongly is rejected.
"""

import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

AUTHORIZATION = re.compile(
    r"TC3-HMAC-SHA256 Credential=(?P<secret_id>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})"
    r"/(?P<service>[a-z]+)/tc3_request, SignedHeaders=(?P<signed>[a-z;-]+), "
    r"Signature=(?P<signature>[0-9a-f]{64})"
)
MODES = (
    "ok",
    "frequency",
    "blacklist",
    "error",
    "http500",
    "not_json",
    "slow",
)


def canonical_request(*, content_type: str, host: str, body: bytes) -> str:
    """Step 1 of signature v3, for a POST to "/" with no query string."""
    hashed_payload = hashlib.sha256(body).hexdigest()
    return (
        "POST\n"
        "/\n"
        "\n"
        f"content-type:{content_type.strip().lower()}\n"
        f"host:{host.strip().lower()}\n"
        "\n"
        "content-type;host\n"
        f"{hashed_payload}"
    )


def expected_signature(
    *,
    secret_key: str,
    service: str,
    timestamp: str,
    content_type: str,
    host: str,
    body: bytes,
) -> str:
    """Steps 2 and 3: string to sign, derived key, hex signature."""
    date = time.strftime("%Y-%m-%d", time.gmtime(int(timestamp)))
    request = canonical_request(content_type=content_type, host=host, body=body)
    hashed_request = hashlib.sha256(request.encode("utf-8")).hexdigest()
    string_to_sign = (
        f"TC3-HMAC-SHA256\n{timestamp}\n{date}/{service}/tc3_request\n{hashed_request}"
    )

    secret_date = hmac.digest(
        ("TC3" + secret_key).encode("utf-8"), date.encode("utf-8"), "sha256"
    )
    secret_service = hmac.digest(secret_date, service.encode("utf-8"), "sha256")
    secret_signing = hmac.digest(secret_service, b"tc3_request", "sha256")
    return hmac.digest(secret_signing, string_to_sign.encode("utf-8"), "sha256").hex()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    problems: list[str]

    @property
    def payload(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeTencent:
    secret_id: str
    secret_key: str
    region: str
    mode: str = "ok"
    url: str = ""
    received: list[Received] = field(default_factory=list)
    request_ids: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    @contextmanager
    def running(self) -> Iterator["FakeTencent"]:
        """Serve on a free port of 127.0.0.1 until the block ends."""
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.release.set()  # a "slow" handler still waiting gives up now
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    def check(self, headers: dict[str, str], body: bytes) -> list[str]:
        """What Tencent would object to in this request; [] when all is well."""
        problems = []
        expected = {
            "content-type": "application/json; charset=utf-8",
            "host": self.url.removeprefix("http://"),
            "x-tc-action": "SendSms",
            "x-tc-version": "2021-01-11",
            "x-tc-region": self.region,
        }
        for name, value in expected.items():
            if headers.get(name) != value:
                problems.append(f"header {name}: {headers.get(name)!r}")
        timestamp = headers.get("x-tc-timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            problems.append(f"timestamp {timestamp!r}")
            return problems
        return problems + self._check_signature(headers, body, timestamp)

    def _check_signature(
        self, headers: dict[str, str], body: bytes, timestamp: str
    ) -> list[str]:
        match = AUTHORIZATION.fullmatch(headers.get("authorization", ""))
        if match is None:
            return ["authorization: malformed"]
        problems = []
        if match["secret_id"] != self.secret_id:
            problems.append("authorization: unknown SecretId")
        if match["date"] != time.strftime("%Y-%m-%d", time.gmtime(int(timestamp))):
            problems.append("authorization: date is not the timestamp's UTC date")
        if match["service"] != "sms" or match["signed"] != "content-type;host":
            problems.append("authorization: wrong service or signed headers")
        signature = expected_signature(
            secret_key=self.secret_key,
            service="sms",
            timestamp=timestamp,
            content_type=headers.get("content-type", ""),
            host=headers.get("host", ""),
            body=body,
        )
        if not hmac.compare_digest(signature, match["signature"]):
            problems.append("authorization: signature mismatch")
        return problems

    def answer(self, received: Received) -> tuple[int, bytes]:
        """HTTP status and body, as Tencent would answer in the current mode."""
        request_id = str(uuid.uuid4())
        self.request_ids.append(request_id)
        if received.problems:
            return 200, _reply(request_id, Error=_error("AuthFailure.SignatureFailure"))
        if self.mode == "error":
            code = "FailedOperation.SignatureIncorrectOrUnapproved"
            return 200, _reply(request_id, Error=_error(code))
        if self.mode == "http500":
            return 500, b"<html>internal error</html>"
        if self.mode == "not_json":
            return 200, b"<html>gateway</html>"
        if self.mode == "slow":
            self.release.wait(timeout=10)
        phone = received.payload["PhoneNumberSet"][0]
        status = {
            "ok": _status(phone, "Ok", "send success"),
            "slow": _status(phone, "Ok", "send success"),
            "frequency": _status(
                phone, "LimitExceeded.DeliveryFrequencyLimit", "frequency limit"
            ),
            "blacklist": _status(
                phone, "FailedOperation.PhoneNumberInBlacklist", "number blocked"
            ),
        }[self.mode]
        return 200, _reply(request_id, SendStatusSet=[status])


def _error(code: str) -> dict[str, str]:
    return {"Code": code, "Message": "rejected by the fake Tencent"}


def _status(phone: str, code: str, message: str) -> dict[str, Any]:
    sent = code == "Ok"
    return {
        "SerialNo": f"5000:{uuid.uuid4().int % 10**30:030d}" if sent else "",
        "PhoneNumber": phone,
        "Fee": 1 if sent else 0,
        "SessionContext": "",
        "Code": code,
        "Message": message,
        "IsoCode": "CN",
    }


def _reply(request_id: str, **fields: Any) -> bytes:
    return json.dumps({"Response": {**fields, "RequestId": request_id}}).encode()


class _Server(ThreadingHTTPServer):
    fake: FakeTencent


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        fake = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        problems = fake.check(headers, body) if self.path == "/" else ["path"]
        received = Received(headers=headers, body=body, problems=problems)
        fake.received.append(received)

        status, reply = fake.answer(received)
        try:
            self.send_response(status)
            json_reply = reply.startswith(b"{")
            self.send_header(
                "Content-Type", "application/json" if json_reply else "text/html"
            )
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
        except OSError:
            pass  # the client gave up waiting (the "slow" mode)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

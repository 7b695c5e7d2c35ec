"""Small helpers the API and isolation tests share."""

import io
import json
import re

import pikepdf

# An 11-digit mainland mobile number standing alone (not inside a hash or a token).
MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
FORBIDDEN_WORDS = ("session_key", "secret")


def make_pdf(marker: str) -> bytes:
    """A one-page blank PDF whose bytes carry marker, to spot it in any response."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Title"] = marker
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def assert_error(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    """The response is the API's error shape with this status and code."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


def assert_nothing_private(response) -> None:  # type: ignore[no-untyped-def]
    """No WeChat session key, no secret, no mobile number in a response body."""
    text = response.content.decode("utf-8", errors="replace")
    if response["Content-Type"].startswith("application/json"):
        # Also the decoded form, in case a string was \\u-escaped.
        text += json.dumps(json.loads(response.content), ensure_ascii=False)
    lowered = text.lower()
    for word in FORBIDDEN_WORDS:
        assert word not in lowered, word
    assert not MOBILE.search(text), MOBILE.search(text)

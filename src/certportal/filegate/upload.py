"""The single entry for uploads: decide what a file is, then check it as that."""

from __future__ import annotations

import hashlib
from collections.abc import Set
from dataclasses import dataclass

from certportal.filegate._sandbox import DEFAULT_TIMEOUT
from certportal.filegate.errors import Code, FileRejected, too_large
from certportal.filegate.invoice import check_ofd, check_xml
from certportal.filegate.names import claimed_extension, safe_display_name
from certportal.filegate.pdf import (
    DEFAULT_MAX_PAGES,
    MAX_PDF_BYTES,
    PdfInfo,
    check_pdf,
    not_pdf,
)
from certportal.filegate.sniff import Found, sniff

MAX_UPLOAD_BYTES = MAX_PDF_BYTES
FALLBACK_NAME = "file"  # shown when nothing usable is left of the client's name
KINDS = frozenset({"pdf", "ofd", "xml"})
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "xml": "application/xml",
}
_KIND_OF_FOUND = {Found.PDF: "pdf", Found.OFD: "ofd", Found.XML: "xml"}
_FOUND_VARIANTS = frozenset({Found.IMAGE, Found.OFFICE, Found.ARCHIVE})


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed: what it is and how to store and serve it."""

    kind: str  # "pdf", "ofd" or "xml"
    ext: str  # canonical extension, without the dot
    content_type: str
    size: int
    sha256: str
    # The client's file name made safe to show and to send in Content-Disposition.
    display_name: str
    pdf: PdfInfo | None = None

    @property
    def page_count(self) -> int | None:
        """Pages of an accepted PDF; None for other kinds."""
        return self.pdf.page_count if self.pdf else None


def check_upload(
    data: bytes,
    *,
    filename: str,
    allowed: Set[str],
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    timeout: float = DEFAULT_TIMEOUT,
) -> CheckedFile:
    """Check an upload of one of the allowed kinds; raise FileRejected if refused.

    The kind comes from the content; the name's extension must agree with it.
    """
    if not allowed or not allowed <= KINDS:
        raise ValueError(f"allowed kinds must be a non-empty subset of {set(KINDS)}")
    if not data:
        raise FileRejected(Code.EMPTY_FILE)
    if len(data) > max_bytes:
        raise too_large(max_bytes)

    ext = claimed_extension(filename)
    kind = _decide_kind(data, ext=ext, allowed=allowed)
    pdf_info = None
    if kind == "pdf":
        pdf_info = check_pdf(
            data, max_pages=max_pages, max_bytes=max_bytes, timeout=timeout
        )
    elif kind == "ofd":
        check_ofd(data)
    else:
        check_xml(data)

    return CheckedFile(
        kind=kind,
        ext=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        display_name=safe_display_name(filename, fallback=FALLBACK_NAME, ext=kind),
        pdf=pdf_info,
    )


def _decide_kind(data: bytes, *, ext: str, allowed: Set[str]) -> str:
    found = sniff(data)
    content_kind = _KIND_OF_FOUND.get(found)
    if ext == "ofd" and found is Found.ARCHIVE:
        content_kind = "ofd"  # a ZIP without OFD.xml: check_ofd says precisely why
    if content_kind in allowed and ext == content_kind:
        return content_kind

    params = {"allowed": _list_kinds(allowed), "ext": ext}
    if content_kind in allowed:
        variant = "mismatch" if ext else "no_extension"
        params["found"] = str(content_kind).upper()
        raise FileRejected(Code.WRONG_TYPE, variant=variant, params=params)
    claimed = ext if ext in allowed else _sole(allowed)
    if claimed:
        raise _not_that_kind(claimed, data, found)

    raise FileRejected(
        Code.WRONG_TYPE, variant=_variant(found, ext), params=params, reason=found
    )


def _not_that_kind(kind: str, data: bytes, found: Found) -> FileRejected:
    # The name (or the only allowed kind) says one thing, the content another.
    if kind == "pdf":
        return not_pdf(data)
    if kind == "ofd":
        return FileRejected(Code.NOT_OFD, reason=f"content is {found}")
    return FileRejected(Code.XML_INVALID, reason=f"content is {found}")


def _variant(found: Found, ext: str) -> str:
    # What the content is says most; else whether the name said anything at all.
    if found in _FOUND_VARIANTS:
        return str(found)
    return "" if ext else "no_extension"


def _sole(kinds: Set[str]) -> str:
    return next(iter(kinds)) if len(kinds) == 1 else ""


def _list_kinds(kinds: Set[str]) -> str:
    return " / ".join(kind.upper() for kind in sorted(kinds))

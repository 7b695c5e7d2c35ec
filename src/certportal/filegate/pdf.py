"""Check an uploaded PDF before anything stores, shows or forwards it."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from certportal.filegate._sandbox import DEFAULT_TIMEOUT, run_sandboxed
from certportal.filegate.errors import Code, FileRejected, too_large
from certportal.filegate.sniff import Found, sniff

MAX_PDF_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 10
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class PdfInfo:
    """What the gate learnt about an accepted PDF."""

    page_count: int
    # (width, height) in points as displayed (after /Rotate); A4 is 595 x 842.
    page_sizes: tuple[tuple[float, float], ...]
    # True when a page uses fonts (typed text); a pure scan has none.
    has_text: bool
    # True for an owner password only: it opens without one, as scanner apps make it.
    encrypted: bool
    version: str
    producer: str


def check_pdf(
    data: bytes,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_bytes: int = MAX_PDF_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> PdfInfo:
    """Refuse a PDF that is unsafe or unusable for review; describe one that passes."""
    require_pdf_bytes(data, max_bytes=max_bytes)
    result = run_sandboxed(
        "check_pdf", data, params={"max_pages": max_pages}, timeout=timeout
    )
    header = result.header
    return PdfInfo(
        page_count=int(header["page_count"]),
        page_sizes=tuple((float(w), float(h)) for w, h in header["page_sizes"]),
        has_text=bool(header["has_text"]),
        encrypted=bool(header["encrypted"]),
        version=str(header["version"]),
        producer=str(header["producer"]),
    )


def require_pdf_bytes(data: bytes, *, max_bytes: int = MAX_PDF_BYTES) -> None:
    """Cheap checks done before any parser sees the bytes: size, header, polyglot."""
    if not data:
        raise FileRejected(Code.EMPTY_FILE)
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    if not data.startswith(PDF_MAGIC):
        raise not_pdf(data)
    # A file that is also a valid ZIP archive is a polyglot, made to be read as
    # something else by another program.
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRejected(Code.PDF_DAMAGED, reason="PDF that is also a ZIP archive")


def not_pdf(data: bytes) -> FileRejected:
    """Refuse bytes that do not start as a PDF, the message fitted to what they are."""
    found = sniff(data)
    offset = data.find(PDF_MAGIC, 0, 1024)
    if found is Found.UNKNOWN and offset < 0 and b"startxref" in data[-1024:]:
        # PDF structure without its header: a PDF whose beginning was lost.
        return FileRejected(Code.PDF_DAMAGED, reason="PDF header missing")
    variant = "" if found in (Found.PDF, Found.UNKNOWN) else str(found)
    reason = f"{found}, PDF header at offset {offset}" if offset > 0 else str(found)
    return FileRejected(Code.NOT_PDF, variant=variant, reason=reason)

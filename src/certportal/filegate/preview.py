"""Page images of an uploaded PDF, so that reviewers' browsers never parse the PDF."""

from __future__ import annotations

from certportal.filegate._sandbox import DEFAULT_TIMEOUT, run_sandboxed
from certportal.filegate.pdf import MAX_PDF_BYTES, require_pdf_bytes

DEFAULT_WIDTH_PX = 1000


def render_pdf_page_png(
    data: bytes,
    page_index: int,
    *,
    width_px: int = DEFAULT_WIDTH_PX,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """Render one page (0-based) as a PNG about width_px wide, at most 2000 x 3000."""
    require_pdf_bytes(data, max_bytes=MAX_PDF_BYTES)
    params = {"page_index": page_index, "width_px": width_px}
    result = run_sandboxed("render_pdf_page", data, params=params, timeout=timeout)
    if result.header.get("error") == "page_index":
        page_count = result.header["page_count"]
        raise IndexError(f"page {page_index} of a {page_count}-page PDF")
    return result.payload

"""Render one page of a PDF to PNG with pypdfium2. Runs only inside the sandbox child.

PDFium is not thread-safe; the sandbox gives it one document in one process.
"""

from __future__ import annotations

import io
from typing import Any

import pypdfium2 as pdfium

Reply = tuple[dict[str, Any], bytes]

# Pixel caps against "pixel floods": a page never renders larger than this.
MAX_WIDTH_PX = 2000
MAX_HEIGHT_PX = 3000
_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


def render_page(data: bytes, params: dict[str, Any]) -> Reply:
    """Render page `page_index` about `width_px` wide, within the pixel caps."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = "pdf_encrypted" if exc.err_code == _PASSWORD_ERROR else "pdf_damaged"
        return {"code": code, "reason": f"pdfium: {exc}"}, b""

    index = int(params["page_index"])
    if not 0 <= index < len(document):
        return {"error": "page_index", "page_count": len(document)}, b""
    try:
        return _render(document[index], width_px=int(params["width_px"]))
    except (pdfium.PdfiumError, MemoryError) as exc:
        return {"code": "pdf_damaged", "reason": f"render: {exc!r}"}, b""


def _render(page: pdfium.PdfPage, *, width_px: int) -> Reply:
    width_pt, height_pt = page.get_size()
    scale = fitting_scale(width_pt, height_pt, width_px=width_px)
    image = page.render(scale=scale).to_pil()

    png = io.BytesIO()
    image.save(png, format="PNG")
    return {"width": image.width, "height": image.height}, png.getvalue()


def fitting_scale(width_pt: float, height_pt: float, *, width_px: int) -> float:
    """Return pixels per point for about width_px across, within the pixel caps."""
    width_px = max(1, min(width_px, MAX_WIDTH_PX))
    scale = min(width_px / max(width_pt, 1.0), MAX_HEIGHT_PX / max(height_pt, 1.0))
    # pypdfium2 rounds sizes up; shave a hair so 1000.0000001 px stays 1000.
    return scale * (1 - 1e-7)

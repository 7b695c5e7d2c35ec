"""Inspect an untrusted PDF with pikepdf. Runs only inside the sandbox child.

Returns plain data: {"code": ..., "reason": ...} to refuse, or the facts that
become a PdfInfo. Nothing is repaired or stripped: a letter is stored exactly as
the client sent it, so a file that would need changes is refused.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf.settings import set_qpdf_limits

Reply = tuple[dict[str, Any], bytes]

# Per-stream decoding cap. A legitimate 600 dpi A4 colour scan decodes to about
# 100 MB; a "Flate bomb" of 1 MB would decode to 1 GB and stops here.
MAX_DECODED_STREAM = 128 * 1024 * 1024
# A 600 dpi A3 scan has 70 million pixels; more only floods the renderer.
MAX_IMAGE_PIXELS = 100_000_000
# PDF 1.7 Annex C: 14,400 units (200 inches) is the largest page viewers support.
MAX_PAGE_SIDE_PT = 14_400.0
MIN_PAGE_SIDE_PT = 3.0

# Keys whose mere presence means scripts, automatic actions or embedded files.
_ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",  # the document-level JavaScript name tree
        "/AA",  # additional actions: run on open, close, page view, key press ...
        "/EmbeddedFiles",
        "/EF",  # a file specification that carries the file itself
        "/RichMediaContent",
        "/RichMediaSettings",
        "/XFA",  # XML forms, which carry their own scripts
    }
)
# Action types (/S) that run code, open other files or send data away.
_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
_ACTIVE_SUBTYPES = frozenset(
    {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D", "/PS"}
)
# Plain links are common in typed letters (a company web site, an e-mail
# address); only these schemes, or a bare host name, are allowed.
_SAFE_URI = re.compile(
    r"(https?://|mailto:)\S*|[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", re.IGNORECASE
)


def inspect_pdf(data: bytes, params: dict[str, Any]) -> Reply:
    """Open the PDF strictly and either refuse it or describe it."""
    _set_qpdf_limits()
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            return _inspect(pdf, max_pages=int(params["max_pages"])), b""
    except pikepdf.PasswordError:
        return _refuse("pdf_encrypted", "a password is needed to open it"), b""
    except MemoryError:
        return _refuse("pdf_damaged", "ran out of memory"), b""
    # The input is hostile: any failure to read it means we cannot vouch for it.
    except Exception as exc:
        return _refuse("pdf_damaged", f"{type(exc).__name__}: {exc}"), b""


def _set_qpdf_limits() -> None:
    set_qpdf_limits(
        flate_max_memory=MAX_DECODED_STREAM,
        png_max_memory=MAX_DECODED_STREAM,
        run_length_max_memory=MAX_DECODED_STREAM,
        tiff_max_memory=MAX_DECODED_STREAM,
        dct_max_memory=MAX_DECODED_STREAM,
    )


def _inspect(pdf: pikepdf.Pdf, *, max_pages: int) -> dict[str, Any]:
    warnings = list(pdf.get_warnings())
    page_count = len(pdf.pages)
    if page_count == 0:
        return _refuse("pdf_no_pages", "the page tree is empty")
    if page_count > max_pages:
        params = {"page_count": page_count, "max_pages": max_pages}
        return _refuse("pdf_too_many_pages", f"{page_count} pages", params)

    active = find_active_content(pdf)
    if active:
        return _refuse("pdf_active_content", active)
    oversized = find_oversized_image(pdf)
    if oversized:
        return _refuse("pdf_image_too_large", oversized)

    # Decodes every stream (within the limits above) and parses page contents.
    warnings += pdf.check_pdf_syntax()
    warnings += pdf.get_warnings()
    if warnings:
        return _refuse("pdf_damaged", "qpdf: " + "; ".join(map(str, warnings[:3])))

    sizes = [page_size(page) for page in pdf.pages]
    if not all(_sane_side(side) for size in sizes for side in size):
        return _refuse("pdf_page_size", f"page sizes {sizes[:3]} pt")
    return _describe(pdf, sizes)


def find_active_content(pdf: pikepdf.Pdf) -> str:
    """Return what makes the PDF active (scripts, actions, attachments), or ""."""
    for obj in pdf.objects:
        for node in _direct_nodes(obj):
            found = _active_in(node)
            if found:
                return f"{found} in object {obj.objgen}"
    return ""


def find_oversized_image(pdf: pikepdf.Pdf) -> str:
    """Return which image has more pixels than MAX_IMAGE_PIXELS, or ""."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != "/Image":
            continue
        width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
        if width * height > MAX_IMAGE_PIXELS:
            return f"image {obj.objgen} of {width} x {height} pixels"
    return ""


def _direct_nodes(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    # Every dictionary or stream reachable from root without leaving it: indirect
    # children are objects of their own, visited by the caller's loop.
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            children = list(node)
        elif isinstance(node, pikepdf.Dictionary | pikepdf.Stream):
            yield node
            children = list(node.values())
        else:
            continue
        stack.extend(child for child in children if _is_direct_container(child))


def _is_direct_container(value: object) -> bool:
    containers = (pikepdf.Array, pikepdf.Dictionary)
    return isinstance(value, containers) and not value.is_indirect


def _active_in(node: pikepdf.Object) -> str:
    keys = set(node.keys()) & _ACTIVE_KEYS
    if keys:
        return f"key {min(keys)}"
    action = _name(node.get("/S"))
    if action in _ACTIVE_ACTIONS:
        return f"action {action}"
    if action == "/URI" and not _safe_uri(node.get("/URI")):
        return "URI action with an unsafe scheme"
    subtype = _name(node.get("/Subtype"))
    if subtype in _ACTIVE_SUBTYPES:
        return f"subtype {subtype}"
    if _name(node.get("/Type")) == "/EmbeddedFile":
        return "embedded file stream"
    return ""


def _name(value: object) -> str:
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _safe_uri(value: object) -> bool:
    if not isinstance(value, pikepdf.String):
        return False
    uri = bytes(value).decode("latin-1").strip()
    return _SAFE_URI.fullmatch(uri) is not None


def page_size(page: pikepdf.Page) -> tuple[float, float]:
    """Return the page's displayed width and height in points."""
    left, bottom, right, top = (float(value) for value in page.mediabox)
    unit = float(page.obj.get("/UserUnit", 1))
    width, height = abs(right - left) * unit, abs(top - bottom) * unit
    if int(page.obj.get("/Rotate", 0)) % 180:
        width, height = height, width
    return round(width, 2), round(height, 2)


def _sane_side(side: float) -> bool:
    return MIN_PAGE_SIDE_PT <= side <= MAX_PAGE_SIDE_PT


def _describe(pdf: pikepdf.Pdf, sizes: list[tuple[float, float]]) -> dict[str, Any]:
    return {
        "page_count": len(sizes),
        "page_sizes": sizes,
        "has_text": any(_uses_fonts(page) for page in pdf.pages),
        "encrypted": pdf.is_encrypted,
        "version": str(pdf.pdf_version),
        "producer": _producer(pdf),
    }


def _uses_fonts(page: pikepdf.Page) -> bool:
    # Fonts mean text drawn as text (typed); a scan is images only. Looks one
    # level into form XObjects, which is where word processors put headers.
    resources = page.obj.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        return False
    if len(resources.get("/Font", {})) > 0:
        return True
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return False
    return any(_form_uses_fonts(xobject) for xobject in xobjects.values())


def _form_uses_fonts(xobject: pikepdf.Object) -> bool:
    if not isinstance(xobject, pikepdf.Stream) or xobject.get("/Subtype") != "/Form":
        return False
    resources = xobject.get("/Resources")
    return (
        isinstance(resources, pikepdf.Dictionary)
        and len(resources.get("/Font", {})) > 0
    )


def _producer(pdf: pikepdf.Pdf) -> str:
    value = pdf.docinfo.get("/Producer") if pdf.docinfo is not None else None
    text = str(value) if isinstance(value, pikepdf.String) else ""
    return "".join(char for char in text if char.isprintable())[:120]


def _refuse(
    code: str, reason: str, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"code": code, "reason": reason[:500], "params": params or {}}

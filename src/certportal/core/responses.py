from urllib.parse import quote

from django.http import HttpResponse

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "xml": "application/xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _attachment(filename: str) -> str:
    """attachment with a plain ASCII name for old clients and the UTF-8 one (RFC 6266).

    Some in-app browsers read only filename=; the others prefer filename*.
    """
    stem, dot, ext = filename.rpartition(".")
    plain = "".join(ch for ch in stem if ch.isascii() and (ch.isalnum() or ch in "-_"))
    fallback = f"{plain or 'document'}{dot}{ext if ext.isascii() else ''}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def file_response(data: bytes, *, filename: str, file_type: str) -> HttpResponse:
    """A download: always an attachment, its name encoded per RFC 6266, never cached.

    Files are never shown inline, so a hostile file cannot run in our origin
    (ASVS 3.2.1); the sandbox CSP covers browsers that open it anyway.
    """
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(file_type, "application/octet-stream")
    )
    response["Content-Disposition"] = _attachment(filename)
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

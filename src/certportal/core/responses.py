from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "xml": "application/xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_response(data: bytes, *, filename: str, file_type: str) -> HttpResponse:
    """A download: always an attachment, its name encoded per RFC 6266, never cached.

    Files are never shown inline, so a hostile file cannot run in our origin
    (ASVS 3.2.1); the sandbox CSP covers browsers that open it anyway.
    """
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(file_type, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

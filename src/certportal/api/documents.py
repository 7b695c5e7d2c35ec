"""Documents issued to the caller's organization: the list, one, and its file.

Another organization's document answers exactly like one that does not exist
(ASVS 8.2.2): the service looks documents up within the caller's organization only.
"""

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field

from certportal.core.net import client_ip
from certportal.core.responses import CONTENT_TYPES, file_response
from certportal.documents import services as documents
from certportal.documents.models import Document

from .errors import error_responses
from .security import caller, client_auth

router = Router(tags=["documents"], auth=client_auth)


class KindOut(Schema):
    code: str
    name: str


class DocumentOut(Schema):
    id: UUID
    kind: KindOut
    title: str
    certificate_number: str | None
    issued_at: datetime
    size: int = Field(description="字节数")
    sha256: str
    first_downloaded_at: datetime | None
    is_new: bool = Field(description="尚未下载过")
    download_url: str


def document_out(document: Document) -> DocumentOut:
    certificate = document.certificate
    return DocumentOut(
        id=document.pk,
        kind=KindOut(code=document.kind.code, name=document.kind.name),
        title=document.title,
        certificate_number=certificate.number if certificate else None,
        issued_at=document.issued_at,
        size=document.size,
        sha256=document.sha256,
        first_downloaded_at=document.first_downloaded_at,
        is_new=document.first_downloaded_at is None,
        download_url=reverse("api:document_download", args=[document.pk]),
    )


@router.get(
    "",
    response={200: list[DocumentOut], **error_responses(401, 403)},
    url_name="document_list",
    summary="本组织的证后资料",
)
def document_list(request: HttpRequest) -> list[DocumentOut]:
    """Every document issued to the caller's organization, newest first."""
    organization = caller(request).user.organization
    assert organization is not None  # client_auth admits clients only
    return [document_out(d) for d in documents.documents_for(organization)]


@router.get(
    "/{document_id}",
    response={200: DocumentOut, **error_responses(401, 403, 404)},
    url_name="document_detail",
    summary="一份证后资料",
)
def document_detail(request: HttpRequest, document_id: str) -> DocumentOut:
    """One document of the caller's organization."""
    user = caller(request).user
    return document_out(
        documents.document_for_client(user=user, document_id=document_id)
    )


# The types a document can have (DocumentKind.file_types), as the download sends them.
_FILE_CONTENT = {
    CONTENT_TYPES[file_type]: {"schema": {"type": "string", "format": "binary"}}
    for file_type in ("pdf", "ofd", "xml")
}


@router.get(
    "/{document_id}/download",
    response={200: None, **error_responses(401, 403, 404, 503)},
    url_name="document_download",
    summary="下载证后资料",
    openapi_extra={
        "responses": {200: {"description": "文件本身", "content": _FILE_CONTENT}}
    },
)
def document_download(request: HttpRequest, document_id: str) -> HttpResponse:
    """The file, as an attachment; the first download is recorded as delivery."""
    user = caller(request).user
    document = documents.document_for_client(user=user, document_id=document_id)
    delivery = documents.download_document(
        user=user, document=document, ip=client_ip(request)
    )
    return file_response(
        delivery.data, filename=document.download_name, file_type=document.file_type
    )

"""Issuing documents to organizations, and delivering them.

The portal is the centre's legal channel of delivery: every document keeps who issued
it, when, the SHA-256 of its bytes, and when the client first downloaded it.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.audit.services import record
from certportal.certificates.models import Certificate
from certportal.core.errors import DomainError, NotFound, PermissionDenied
from certportal.filegate import check_upload, safe_display_name
from certportal.filegate.errors import FileRejected
from certportal.organizations.models import Organization

from .models import Document, DocumentKind
from .tasks import notify_document_issued

logger = logging.getLogger(__name__)


def _require_issuer(user: object) -> None:
    if not getattr(user, "has_role", None) or not user.has_role(roles.ISSUER):  # type: ignore[attr-defined]
        raise PermissionDenied("not_issuer", _("只有签发人员可以签发证后资料。"))


def issue_document(
    *,
    organization: Organization,
    kind: DocumentKind,
    certificate: Certificate | None,
    data: bytes,
    filename: str,
    issuer: User,
    ip: str,
) -> Document:
    """Check the file, store it, and make it available to the organization."""
    _require_issuer(issuer)
    if certificate is not None and certificate.organization_id != organization.pk:
        raise DomainError("certificate_mismatch", _("该证书不属于所选组织。"))
    if kind.needs_certificate and certificate is None:
        raise DomainError(
            "certificate_required", _("“%(kind)s”须关联证书。") % {"kind": kind.name}
        )
    try:
        checked = check_upload(data, filename=filename, allowed=kind.allowed_types)
    except FileRejected as exc:
        raise DomainError(exc.code, str(exc.message)) from exc

    title = _document_title(kind, certificate)
    download_name = safe_display_name(title, fallback=kind.name, ext=checked.ext)
    # The stored name is ours, never the uploader's (ASVS 5.3.2).
    stored = default_storage.save(
        f"documents/{uuid.uuid4().hex}.{checked.ext}", ContentFile(data)
    )
    try:
        with transaction.atomic():
            document = Document.objects.create(
                organization=organization,
                certificate=certificate,
                kind=kind,
                title=title,
                file=stored,
                file_type=checked.kind,
                download_name=download_name,
                size=checked.size,
                sha256=checked.sha256,
                issued_by=issuer,
            )
            _apply_notice(kind, certificate)
    except Exception:
        default_storage.delete(stored)
        raise
    transaction.on_commit(lambda: notify_document_issued.enqueue(str(document.pk)))
    record(
        "document.issued",
        actor=issuer,
        obj=document,
        ip=ip,
        organization=organization.pk,
        kind=kind.code,
        sha256=checked.sha256,
    )
    return document


def _document_title(kind: DocumentKind, certificate: Certificate | None) -> str:
    if certificate is None:
        return f"{kind.name}"
    return f"{certificate.number}_{kind.name}"


def _apply_notice(kind: DocumentKind, certificate: Certificate | None) -> None:
    """Suspension, withdrawal and restoration notices change the certificate."""
    if certificate is None or not kind.sets_certificate_status:
        return
    certificate.status = kind.sets_certificate_status
    certificate.save(update_fields=["status", "updated_at"])


def documents_for(organization: Organization) -> list[Document]:
    """Every document issued to the organization, newest first."""
    return list(
        Document.objects.filter(organization=organization)
        .select_related("kind", "certificate")
        .order_by("-issued_at")
    )


def document_for_client(*, user: object, document_id: str) -> Document:
    """The document if it belongs to the user's organization; 404 otherwise."""
    organization_id = getattr(user, "organization_id", None)
    not_found = NotFound("not_found", _("没有找到该资料。"))
    if not organization_id:
        raise not_found
    try:
        key = uuid.UUID(str(document_id))
        return Document.objects.select_related("kind", "certificate").get(
            pk=key, organization_id=organization_id
        )
    except (Document.DoesNotExist, ValueError) as exc:
        raise not_found from exc


@dataclass
class Delivery:
    document: Document
    data: bytes
    first: bool


def download_document(*, user: object, document: Document, ip: str) -> Delivery:
    """Read the document for its organization's administrator and record delivery."""
    with default_storage.open(document.file.name, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        # A stored file that no longer matches its hash is never served (GB/T 22239
        # 8.1.4.7): the centre must re-issue it.
        logger.error("document %s fails its SHA-256 check", document.pk)
        record(
            "document.integrity_failed",
            actor=user,
            obj=document,
            result="failed",
            ip=ip,
        )
        raise DomainError(
            "integrity_failed",
            _("该文件校验未通过，暂时无法下载，中心已收到提醒。"),
            status=503,
        )
    first = (
        Document.objects.filter(
            pk=document.pk, first_downloaded_at__isnull=True
        ).update(first_downloaded_at=timezone.now(), first_downloaded_by=user)
        == 1
    )
    if first:
        document.refresh_from_db(fields=["first_downloaded_at", "first_downloaded_by"])
    record("document.downloaded", actor=user, obj=document, ip=ip, first=first)
    return Delivery(document=document, data=data, first=first)

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
from django.utils.formats import date_format
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


ALREADY_ISSUED = "already_issued"
SAME_FILE_ELSEWHERE = "same_file_elsewhere"


class FileRefused(DomainError):
    """The file gate refused the file itself (its type, its structure, its size)."""


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
    confirm_duplicate: bool = False,
) -> Document:
    """Check the file, store it, and make it available to the organization.

    A file already issued to another organization is refused unless the issuer
    confirms it (confirm_duplicate); one already issued as the same document is
    always refused.
    """
    _require_issuer(issuer)
    if certificate is not None and certificate.organization_id != organization.pk:
        raise DomainError("certificate_mismatch", _("该证书不属于所选组织。"))
    if kind.needs_certificate and certificate is None:
        raise DomainError(
            "certificate_required", _("“%(kind)s”须关联证书。") % {"kind": kind.name}
        )
    sha256 = hashlib.sha256(data).hexdigest()
    check_duplicate(
        organization=organization,
        kind=kind,
        certificate=certificate,
        sha256=sha256,
        confirmed=confirm_duplicate,
    )
    try:
        checked = check_upload(data, filename=filename, allowed=kind.allowed_types)
    except FileRejected as exc:
        raise FileRefused(exc.code, str(exc.message)) from exc

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
        confirmed_duplicate=confirm_duplicate,
    )
    return document


def check_duplicate(
    *,
    organization: Organization,
    kind: DocumentKind,
    certificate: Certificate | None,
    sha256: str,
    confirmed: bool = False,
) -> None:
    """Refuse a file already issued as this document, or (unconfirmed) to others.

    The same bytes sent to two organizations is how a misdelivery looks: the issuer
    picked the wrong file or the wrong organization. A check, not a constraint: a
    confirmed duplicate is allowed, and the risk is a person's slip, not two
    requests racing.
    """
    same_file = Document.objects.filter(sha256=sha256).select_related(
        "organization", "certificate", "kind"
    )
    copy = same_file.filter(
        organization=organization, certificate=certificate, kind=kind
    ).first()
    if copy is not None:
        raise DomainError(
            ALREADY_ISSUED,
            _("这份文件已于 %(date)s 作为“%(title)s”签发给该组织，无须重复签发。")
            % {"date": _local_date(copy), "title": copy.title},
        )
    if confirmed:
        return
    elsewhere = same_file.exclude(organization=organization).order_by("-issued_at")
    other = elsewhere.first()
    if other is not None:
        raise DomainError(SAME_FILE_ELSEWHERE, _same_file_message(other))


def _same_file_message(other: Document) -> str:
    values = {
        "date": _local_date(other),
        "organization": other.organization.name,
        "kind": other.kind.name,
    }
    if other.certificate is None:
        return (
            _(
                "该文件已于 %(date)s 签发给“%(organization)s”（%(kind)s）。"
                "同一份文件发给两个组织，可能是选错了文件或组织，请核对后再签发。"
            )
            % values
        )
    return _(
        "该文件已于 %(date)s 签发给“%(organization)s”（证书 %(number)s 的%(kind)s）。"
        "同一份文件发给两个组织，可能是选错了文件或组织，请核对后再签发。"
    ) % {**values, "number": other.certificate.number}


def _local_date(document: Document) -> str:
    return date_format(timezone.localtime(document.issued_at).date())


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
    data = _verified_bytes(user=user, document=document, ip=ip)
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


def read_document_for_staff(*, user: object, document: Document, ip: str) -> bytes:
    """The document's bytes for its issuers and centre administrators to look at.

    Only the client's own download is proof of delivery: this leaves
    first_downloaded_at alone and records a staff view instead.
    """
    held = getattr(user, "has_role", None)
    if not held or not (held(roles.ISSUER) or held(roles.CENTRE_ADMIN)):
        raise PermissionDenied(
            "not_issuer_or_centre_admin", _("只有签发人员和中心管理员可以查看资料。")
        )
    data = _verified_bytes(user=user, document=document, ip=ip)
    record(
        "document.viewed_by_staff",
        actor=user,
        obj=document,
        ip=ip,
        organization=document.organization_id,
    )
    return data


def _verified_bytes(*, user: object, document: Document, ip: str) -> bytes:
    """The stored bytes, if they still match the SHA-256 taken when issued."""
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
    return data

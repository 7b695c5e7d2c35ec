"""Certificates: what the public may check, and what a client sees."""

import unicodedata

from django.utils.translation import gettext as _

from certportal.core.errors import NotFound
from certportal.organizations.models import Organization
from certportal.organizations.records import (
    CertificateRecord,
    Outcome,
    RowRefused,
    apply_changes,
)

from .models import Certificate


def normalise_number(number: str) -> str:
    """A certificate number as typed: trimmed, upper case, inner spaces removed."""
    # NFKC folds what a Chinese input method types (／, full-width letters).
    folded = unicodedata.normalize("NFKC", number or "")
    return "".join(folded.split()).upper()[:64]


def check_certificate(number: str) -> Certificate:
    """The certificate with this number, for the public check; 404 when unknown."""
    key = normalise_number(number)
    certificate = (
        Certificate.objects.select_related("organization").filter(number=key).first()
        if key
        else None
    )
    if certificate is None:
        raise NotFound(
            "certificate_unknown",
            _("没有查到编号为“%(number)s”的证书，请核对证书编号。") % {"number": key},
        )
    return certificate


def certificates_for(organization: Organization) -> list[Certificate]:
    """The organization's certificates in number order."""
    return list(organization.certificates.order_by("number"))


def sync_certificate(
    *, record: CertificateRecord, organization: Organization
) -> tuple[Outcome, list[str]]:
    """Create or update the certificate a records row describes; never move it."""
    values = {
        "standard": record.standard,
        "scope": record.scope,
        "status": record.status,
        "first_issued_on": record.first_issued_on,
        "issued_on": record.issued_on,
        "expires_on": record.expires_on,
    }
    certificate = Certificate.objects.filter(number=record.number).first()
    if certificate is None:
        Certificate.objects.create(
            number=record.number, organization=organization, **values
        )
        return Outcome.CREATED, []

    if certificate.organization_id != organization.pk:
        # Moving a certificate would show its documents to another client.
        raise RowRefused(
            "certificate.other_organization",
            _("证书已属于另一组织，导入不会改变证书的所属组织；请在后台核对"),
        )
    changed = apply_changes(certificate, values)
    if changed:
        certificate.save(update_fields=[*changed, "updated_at"])
        return Outcome.UPDATED, changed
    return Outcome.UNCHANGED, []

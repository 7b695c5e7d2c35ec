"""Certificates: what the public may check, and what a client sees."""

from django.utils.translation import gettext as _

from certportal.core.errors import NotFound
from certportal.organizations.models import Organization

from .models import Certificate


def normalise_number(number: str) -> str:
    """A certificate number as typed: trimmed, upper case, inner spaces removed."""
    return "".join((number or "").split()).upper()[:64]


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

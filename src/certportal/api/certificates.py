"""Certificates: the public check by number, and a client's own certificates."""

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from certportal.certificates.models import Certificate
from certportal.certificates.services import certificates_for, check_certificate
from certportal.core import ratelimit
from certportal.core.errors import RateLimited
from certportal.core.net import client_ip

from .errors import error_responses
from .security import caller, client_auth

router = Router(tags=["certificates"])

# Shared with the H5 check page: one budget per address (SECURITY.md row 30).
CHECKS_PER_MINUTE = 60
# Certificate numbers are printable text; control characters are never part of one.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class CertificateOut(Schema):
    number: str
    holder: str = Field(description="获证组织名称")
    standard: str
    scope: str
    status: Certificate.Status
    status_label: str
    first_issued_on: date | None
    issued_on: date | None
    expires_on: date | None


class CheckQuery(Schema):
    number: str = Field(min_length=1, max_length=64, pattern=PRINTABLE)


def certificate_out(certificate: Certificate) -> CertificateOut:
    """What anyone may know about a certificate: no contacts, nothing personal."""
    return CertificateOut(
        number=certificate.number,
        holder=certificate.organization.name,
        standard=certificate.standard,
        scope=certificate.scope,
        status=Certificate.Status(certificate.current_status()),
        status_label=certificate.current_status_label(),
        first_issued_on=certificate.first_issued_on,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
    )


@router.get(
    "/check",
    auth=None,
    response={200: CertificateOut, **error_responses(404, 422, 429)},
    url_name="certificate_check",
    summary="证书查询（公开）",
)
def check(request: HttpRequest, query: Query[CheckQuery]) -> CertificateOut:
    """Look a certificate up by its number; no login needed."""
    ip = client_ip(request)
    if not ratelimit.hit(f"verify:ip:{ip}", limit=CHECKS_PER_MINUTE, window_seconds=60):
        raise RateLimited("too_many_requests", _("查询过于频繁，请一分钟后再试。"))
    return certificate_out(check_certificate(query.number))


@router.get(
    "",
    auth=client_auth,
    response={200: list[CertificateOut], **error_responses(401, 403)},
    url_name="certificate_list",
    summary="本组织的证书",
)
def certificate_list(request: HttpRequest) -> list[CertificateOut]:
    """The certificates of the caller's organization, in number order."""
    organization = caller(request).user.organization
    assert organization is not None  # client_auth admits clients only
    return [certificate_out(c) for c in certificates_for(organization)]

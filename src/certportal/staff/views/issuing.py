"""Issuing documents to organizations, and the list of what was issued."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.core.errors import DomainError
from certportal.core.net import client_ip
from certportal.core.responses import file_response
from certportal.documents.models import Document
from certportal.documents.services import (
    SAME_FILE_ELSEWHERE,
    FileRefused,
    issue_document,
    read_document_for_staff,
)
from certportal.organizations.models import Organization, name_key

from ..access import staff_member, staff_required
from ..forms import IssueForm, OrganizationSearchForm

SEARCH_LIMIT = 20
PAGE_SIZE = 50


def search_organizations(query: str) -> QuerySet[Organization]:
    """Organizations whose name contains the query, or whose credit code starts so."""
    key = name_key(query)
    if not key:
        return Organization.objects.none()
    return Organization.objects.filter(
        Q(name_key__icontains=key) | Q(credit_code__istartswith=key)
    )


@require_GET
@staff_required(roles.ISSUER)
def issue_start(request: HttpRequest) -> HttpResponse:
    """Step one: find the organization."""
    form = OrganizationSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    has_account = User.objects.filter(organization=OuterRef("pk"), is_active=True)
    found = search_organizations(query).annotate(has_account=Exists(has_account))
    results = list(found.order_by("name")[: SEARCH_LIMIT + 1])
    context = {
        "form": form,
        "query": query,
        "results": results[:SEARCH_LIMIT],
        "more": len(results) > SEARCH_LIMIT,
    }
    return render(request, "staff/issue_start.html", context)


@require_http_methods(["GET", "POST"])
@staff_required(roles.ISSUER)
def issue_form(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    """Step two: the kind, the certificate and the file, then issue."""
    organization = get_object_or_404(Organization, public_id=organization_id)
    if request.method != "POST":
        return _issue_page(request, organization, IssueForm(organization))

    form = IssueForm(organization, request.POST, request.FILES)
    if not form.is_valid():
        return _issue_page(request, organization, form)
    upload = form.cleaned_data["file"]
    try:
        document = issue_document(
            organization=organization,
            kind=form.cleaned_data["kind"],
            certificate=form.cleaned_data["certificate"],
            data=upload.read(),
            filename=upload.name or "",
            issuer=staff_member(request),
            ip=client_ip(request),
            confirm_duplicate=form.cleaned_data["confirm_duplicate"],
        )
    except DomainError as exc:
        # The choices stay as they were; only the file has to be picked again.
        form.add_error(None, str(exc.message))
        refusal = {
            # The gate's messages are written for clients; say whose file it was.
            "file_refused": isinstance(exc, FileRefused),
            "offer_confirmation": exc.code == SAME_FILE_ELSEWHERE,
        }
        return _issue_page(request, organization, form, refusal)

    messages.success(
        request,
        _("已签发“%(title)s”，SHA-256：%(sha256)s")
        % {"title": document.title, "sha256": document.sha256},
    )
    return redirect("staff:issue_form", organization_id=organization.public_id)


def _issue_page(
    request: HttpRequest,
    organization: Organization,
    form: IssueForm,
    refusal: dict[str, bool] | None = None,
) -> HttpResponse:
    recent = (
        Document.objects.filter(organization=organization)
        .select_related("kind", "certificate")
        .order_by("-issued_at")[:10]
    )
    context = {
        "organization": organization,
        "form": form,
        "recent": recent,
        **(refusal or {}),
    }
    return render(request, "staff/issue_form.html", context)


@require_GET
@staff_required(roles.ISSUER, roles.CENTRE_ADMIN)
def document_list(request: HttpRequest) -> HttpResponse:
    """Every issued document, newest first, optionally for one organization."""
    documents = Document.objects.select_related(
        "organization", "kind", "certificate", "issued_by"
    ).order_by("-issued_at")
    form = OrganizationSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    organization = _organization_filter(request)
    if organization is not None:
        documents = documents.filter(organization=organization)
    elif query:
        documents = documents.filter(organization__in=search_organizations(query))

    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {
        "page": page,
        "form": form,
        "organization": organization,
        "filtered": organization is not None or bool(query),
        "keep": keep.urlencode(),
    }
    return render(request, "staff/documents.html", context)


def _organization_filter(request: HttpRequest) -> Organization | None:
    value = request.GET.get("organization", "")
    if not value:
        return None
    try:
        key = uuid.UUID(value)
    except ValueError:
        return None
    return get_object_or_404(Organization, public_id=key)


@require_GET
@staff_required(roles.ISSUER, roles.CENTRE_ADMIN)
def document_download(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """An issued document, for staff to check; not a delivery to the client."""
    document = get_object_or_404(Document, pk=pk)
    try:
        data = read_document_for_staff(
            user=staff_member(request), document=document, ip=client_ip(request)
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("staff:documents")
    return file_response(
        data, filename=document.download_name, file_type=document.file_type
    )

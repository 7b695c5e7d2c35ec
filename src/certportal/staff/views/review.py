"""The review of registrations: the queue, one registration, approve or reject."""

import logging
import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certportal.accounts import roles
from certportal.core.errors import DomainError
from certportal.core.net import client_ip
from certportal.filegate import FileRejected, SandboxFailure, render_pdf_page_png
from certportal.registration import services
from certportal.registration.models import Letter, Registration

from ..access import staff_required
from ..forms import RejectForm

logger = logging.getLogger(__name__)


@require_GET
@staff_required(roles.REVIEWER)
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/queue.html", {"entries": services.review_queue()})


@require_GET
@staff_required(roles.REVIEWER)
def registration_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _detail_page(request, _registration(pk), RejectForm())


def _registration(pk: uuid.UUID) -> Registration:
    related = ("organization", "contact", "decided_by", "account")
    return get_object_or_404(Registration.objects.select_related(*related), pk=pk)


def _detail_page(
    request: HttpRequest,
    registration: Registration,
    reject_form: RejectForm,
    status: int = 200,
) -> HttpResponse:
    letters = [
        {"letter": letter, "pages": _page_urls(registration, letter)}
        for letter in registration.letters.order_by("-uploaded_at")
    ]
    context = {
        "registration": registration,
        "current": letters[0] if letters else None,
        "earlier": letters[1:],
        "reject_form": reject_form,
        "pending": registration.state == Registration.State.SUBMITTED,
        "overdue": services.is_overdue(registration),
    }
    return render(request, "staff/registration.html", context, status=status)


def _page_urls(registration: Registration, letter: Letter) -> list[str]:
    return [
        reverse("staff:letter_page", args=[registration.pk, letter.pk, number])
        for number in range(1, letter.page_count + 1)
    ]


@require_GET
@staff_required(roles.REVIEWER)
def letter_page(
    request: HttpRequest, pk: uuid.UUID, letter_id: uuid.UUID, number: int
) -> HttpResponse:
    """One page of a letter as a PNG; the PDF itself never leaves the server."""
    letter = get_object_or_404(Letter, pk=letter_id, registration_id=pk)
    if not 1 <= number <= letter.page_count:
        raise Http404
    try:
        data = services.letter_bytes(
            letter=letter, reader=request.user, ip=client_ip(request)
        )
    except DomainError as exc:
        return HttpResponse(str(exc.message), status=exc.status)
    try:
        png = render_pdf_page_png(data, number - 1)
    except (FileRejected, SandboxFailure):
        # The letter passed the gate on upload, so a failure here is ours.
        logger.exception("letter %s page %d could not be rendered", letter.pk, number)
        return HttpResponse(status=503)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = "inline"
    return response


@require_POST
@staff_required(roles.REVIEWER)
def approve(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    registration = _registration(pk)
    try:
        services.approve_registration(
            registration=registration, reviewer=request.user, ip=client_ip(request)
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("staff:registration", pk=registration.pk)
    messages.success(
        request,
        _("已通过“%(organization)s”的注册申请，账号 %(account)s 已开通。")
        % {
            "organization": registration.organization.name,
            "account": registration.account_name,
        },
    )
    return redirect("staff:queue")


@require_POST
@staff_required(roles.REVIEWER)
def reject(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    registration = _registration(pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, registration, form, status=400)
    try:
        services.reject_registration(
            registration=registration,
            reviewer=request.user,
            reason=form.cleaned_data["reason"],
            ip=client_ip(request),
        )
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        return _detail_page(request, registration, form, status=exc.status)
    messages.success(
        request,
        _("已退回“%(organization)s”的注册申请，客户可以重新上传授权委托书。")
        % {"organization": registration.organization.name},
    )
    return redirect("staff:queue")

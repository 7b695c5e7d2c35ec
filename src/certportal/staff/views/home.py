"""The dashboard every staff member lands on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certportal.accounts import roles
from certportal.registration.services import review_queue

from ..access import staff_required


@staff_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    held = request.staff_roles  # type: ignore[attr-defined]
    context: dict[str, object] = {
        "is_reviewer": roles.REVIEWER in held,
        "is_issuer": roles.ISSUER in held,
        "is_centre_admin": roles.CENTRE_ADMIN in held,
    }
    if roles.REVIEWER in held:
        queue = review_queue()
        context["pending_count"] = len(queue)
        context["overdue_count"] = sum(1 for entry in queue if entry.overdue)
    return render(request, "staff/dashboard.html", context)

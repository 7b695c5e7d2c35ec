"""Staff login and logout, apart from the clients' login."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from certportal.audit.services import record
from certportal.core import ratelimit
from certportal.core.net import client_ip

from ..access import start_staff_session
from ..forms import NOT_STAFF, StaffLoginForm

# Attempts, not failures, are counted: a person types their password a handful of
# times in 15 minutes; a script types it hundreds of times.
ATTEMPTS_PER_ACCOUNT = 10
ATTEMPTS_PER_IP = 30
WINDOW_SECONDS = 15 * 60


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = StaffLoginForm(request)
        return _login_page(request, form)

    username = request.POST.get("username", "")[:150]
    if not _attempt_allowed(request, username):
        form = StaffLoginForm(request, initial={"username": username})
        return _login_page(request, form, _("尝试次数过多，请 15 分钟后再试。"))

    form = StaffLoginForm(request, data=request.POST)
    if form.is_valid():
        login(request, form.get_user())
        start_staff_session(request)
        return redirect(_next_page(request))
    if form.has_error(NON_FIELD_ERRORS, NOT_STAFF):
        # The password was right but the account is a client's: the login signals
        # never fire for it, so the refusal is recorded here.
        record(
            "account.login",
            obj=form.get_user(),
            result="denied",
            request=request,
            actor_label=username,
            entry="staff",
        )
    return _login_page(request, form)


def _login_page(
    request: HttpRequest, form: StaffLoginForm, error: str = ""
) -> HttpResponse:
    context = {"form": form, "next": _next_page(request), "error": error}
    return render(request, "staff/login.html", context)


def _attempt_allowed(request: HttpRequest, username: str) -> bool:
    ip = client_ip(request)
    allowed = ratelimit.hit(
        f"stafflogin:a:{username.lower()}",
        limit=ATTEMPTS_PER_ACCOUNT,
        window_seconds=WINDOW_SECONDS,
    ) and ratelimit.hit(
        f"stafflogin:ip:{ip}", limit=ATTEMPTS_PER_IP, window_seconds=WINDOW_SECONDS
    )
    if not allowed:
        record(
            "account.login",
            result="denied",
            request=request,
            actor_label=username,
            entry="staff",
            reason="rate_limited",
        )
    return allowed


def _next_page(request: HttpRequest) -> str:
    """Where to go after login: a back-office page on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and target.startswith("/staff/"):
        return target
    return reverse("staff:home")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("您已退出登录。"))
    return redirect("staff:login")

"""Who may open which back-office page: the staff role checks, in one place.

Anonymous visitors go to the staff login; a signed-in person without the role (a
client account, or staff holding other roles) gets a 403 page, and the refusal is
recorded in the audit trail (ASVS 16.3.2).
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from certportal.accounts import roles
from certportal.audit.services import record

View = Callable[..., HttpResponse]

# Staff sessions end after 15 minutes without a request, and 12 hours after login
# whatever happens (SECURITY.md test 8).
IDLE_SECONDS = 15 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
LOGIN_AT_KEY = "staff_login_at"


def roles_of(user: Any) -> set[str]:
    """The staff roles a user holds; superusers hold every role."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return set()
    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(roles.ALL)
    return set(user.groups.filter(name__in=roles.ALL).values_list("name", flat=True))


def start_staff_session(request: HttpRequest) -> None:
    """Put a freshly logged-in staff member on the staff session policy."""
    request.session.set_expiry(IDLE_SECONDS)
    request.session[LOGIN_AT_KEY] = int(time.time())


def _keep_alive(request: HttpRequest) -> bool:
    """Slide the idle timeout; False once the absolute lifetime is over."""
    session = request.session
    if LOGIN_AT_KEY not in session:
        # Signed in elsewhere (the records admin, a test client): from the first
        # back-office page on, the staff policy applies.
        start_staff_session(request)
        return True
    if time.time() - session[LOGIN_AT_KEY] > ABSOLUTE_SECONDS:
        return False
    # Saving the session on every staff request moves its expiry forward, which
    # makes the 15 minutes an idle timeout rather than a fixed one.
    session.set_expiry(IDLE_SECONDS)
    session.modified = True
    return True


def deny(request: HttpRequest, needed: tuple[str, ...] = ()) -> HttpResponse:
    """The friendly 403 page, recorded as access.denied."""
    record(
        "access.denied",
        actor=request.user,
        request=request,
        result="denied",
        path=request.path[:200],
        needed=list(needed),
    )
    return render(request, "staff/denied.html", status=403)


def staff_required(*needed: str) -> Callable[[View], View]:
    """Require a signed-in staff member holding any of the roles (none: any staff)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            login_url = reverse("staff:login")
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url)
            if not request.user.is_staff:
                return deny(request, needed)
            if not _keep_alive(request):
                logout(request)
                return redirect(login_url)
            held = roles_of(request.user)
            # The menu shows what the roles allow, on the 403 page too.
            request.staff_roles = held  # type: ignore[attr-defined]
            if needed and not held.intersection(needed):
                return deny(request, needed)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

"""Who may open which back-office page: the staff role checks, in one place.

Anonymous visitors go to the staff login; a signed-in person without the role (a
client account, or staff holding other roles) gets a 403 page, and the refusal is
recorded in the audit trail (ASVS 16.3.2).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from certportal.accounts import roles
from certportal.accounts.models import User
from certportal.audit.services import record

View = Callable[..., HttpResponse]

# Staff sessions end after 15 minutes without a request (SECURITY.md test 8). The
# session is saved on every request, which moves this expiry forward; the absolute
# limit for every session is core.middleware.SessionLimitsMiddleware's.
IDLE_SECONDS = 15 * 60


def roles_of(user: Any) -> set[str]:
    """The staff roles a user holds; superusers hold every role."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return set()
    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(roles.ALL)
    return set(user.groups.filter(name__in=roles.ALL).values_list("name", flat=True))


def staff_member(request: HttpRequest) -> User:
    """The signed-in staff member, in a view behind staff_required."""
    user = request.user
    assert isinstance(user, User), "staff_required lets only staff through"
    return user


def start_staff_session(request: HttpRequest) -> None:
    """Put a staff member's session on the shorter staff idle timeout."""
    request.session.set_expiry(IDLE_SECONDS)


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
            if request.session.get_expiry_age() != IDLE_SECONDS:
                # Signed in elsewhere (the records admin, a test client): from the
                # first back-office page on, the staff timeout applies.
                start_staff_session(request)
            held = roles_of(request.user)
            # The menu shows what the roles allow, on the 403 page too.
            request.staff_roles = held  # type: ignore[attr-defined]
            if needed and not held.intersection(needed):
                return deny(request, needed)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

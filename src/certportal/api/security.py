"""Who is calling: a client administrator, by bearer token or by browser session.

The mini-program sends `Authorization: Bearer <token>` (wx.request keeps no cookies);
the H5 pages may call the API with their session cookie, and then unsafe methods
need the CSRF token as the pages' own forms do. Staff accounts have no client API.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from certportal.accounts.models import ApiToken, User
from certportal.accounts.services import find_api_token
from certportal.core.errors import PermissionDenied


@dataclass(frozen=True)
class Caller:
    """The authenticated client administrator, and the token used if any."""

    user: User
    token: ApiToken | None = None


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Caller | None:
        # Parsed here rather than by HttpBearer, which logs the whole header in DEBUG.
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        row = find_api_token(token)
        if row is None:
            # A token that was sent but is unknown, expired or revoked is an answer,
            # not a reason to fall back on the session cookie.
            raise AuthenticationError()
        request.no_store = True  # type: ignore[attr-defined]
        return Caller(user=row.user, token=row)


class ClientSession(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Caller | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise PermissionDenied("csrf_failed", _("页面已过期，请刷新页面后重试。"))
        return self.authenticate(request, None)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = request.user
        if not isinstance(user, User) or not user.is_client:
            raise PermissionDenied(
                "not_client", _("中心工作人员不能使用客户接口，请从中心后台登录。")
            )
        return Caller(user=user)


client_auth = [BearerToken(), ClientSession()]


def caller(request: HttpRequest) -> Caller:
    """The Caller that authentication put on the request."""
    found = getattr(request, "auth", None)
    assert isinstance(found, Caller), "operation is missing client_auth"
    return found

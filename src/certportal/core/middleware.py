import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation

LOGIN_AT_KEY = "login_at"

# Pages render no inline script and no third-party resource; the CSP says so.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Headers every response carries: CSP, and no caching of personal pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        if request.user.is_authenticated or getattr(request, "no_store", False):
            response.headers["Cache-Control"] = "no-store"
        return response


class SessionLimitsMiddleware:
    """Ends sessions that ran too long, however active (ASVS 7.3.2).

    The idle limit is the session's own expiry, renewed on every request
    (SESSION_SAVE_EVERY_REQUEST); this adds the absolute limit, counted from login.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT_KEY)
            now = int(time.time())
            if started is None:
                request.session[LOGIN_AT_KEY] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """Chinese unless the visitor chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores Accept-Language: client staff on an
    English-language office PC still expect the centre's Chinese pages and the words
    of its registration guide.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """Answers 400 to a NUL character in any query or form value.

    PostgreSQL cannot store NUL in text and would fail with a server error deep in a
    view; no legitimate input contains one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API validates its own input and answers in its own error shape.
        if not request.path.startswith("/api/") and _has_nul(request):
            return HttpResponseBadRequest(
                "输入中含有无效字符，请检查后重新输入。Invalid character in the input.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    values = [v for key in request.GET for v in request.GET.getlist(key)]
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method == "POST" and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        values += [v for key in request.POST for v in request.POST.getlist(key)]
        values += list(request.POST)
    return any("\x00" in value for value in values)

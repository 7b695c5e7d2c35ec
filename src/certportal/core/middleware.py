from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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

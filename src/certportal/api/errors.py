"""Every error the API answers has one shape: {"code": ..., "message": ...}.

Codes are stable for programs (the mini-program switches on them); messages are
translated for people. Nothing internal (tracebacks, SQL, paths) ever leaves.
"""

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from certportal.core.errors import DomainError

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    code: str
    message: str


class InvalidOut(ErrorOut):
    details: list[dict[str, Any]]


def error_responses(*statuses: int) -> dict[int, type[Schema]]:
    """The error part of an operation's `response=`, for the OpenAPI document."""
    return {
        status: InvalidOut if status == 422 else ErrorOut for status in (*statuses, 500)
    }


def _answer(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    **extra: Any,
) -> HttpResponse:
    body = {"code": code, "message": message, **extra}
    return api.create_response(request, body, status=status)


# Ninja raises HttpError for a few conditions of its own (unparsable body, throttling).
_HTTP_CODES = {
    400: ("bad_request", gettext_lazy("请求格式不正确。")),
    403: ("forbidden", gettext_lazy("没有权限进行此操作。")),
    404: ("not_found", gettext_lazy("没有找到请求的内容。")),
    429: ("too_many_requests", gettext_lazy("请求过于频繁，请稍后再试。")),
}
_HTTP_OTHER = ("error", gettext_lazy("请求无法处理。"))


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every exception into the error shape."""

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return _answer(api, request, exc.status, exc.code, str(exc.message))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _answer(
            api, request, 401, "unauthenticated", _("请先登录，或登录已过期。")
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code, message = _HTTP_CODES.get(exc.status_code, _HTTP_OTHER)
        return _answer(api, request, exc.status_code, code, str(message))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # Only where and what: pydantic's context may echo the input back.
        details = [
            {
                "loc": [str(part) for part in error.get("loc", ())],
                "type": str(error.get("type", "")),
                "msg": str(error.get("msg", "")),
            }
            for error in exc.errors
        ]
        message = _("提交的内容不符合要求，请检查后重试。")
        return _answer(api, request, 422, "invalid", message, details=details)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _answer(api, request, 404, "not_found", _("没有找到请求的内容。"))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request failed: %s %r", request.method, request.path)
        return _answer(
            api, request, 500, "server_error", _("服务器出错了，请稍后再试。")
        )

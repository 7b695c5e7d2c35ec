"""The JSON API, version 1: what the WeChat mini-program and scripts may call.

Its OpenAPI document is at /api/v1/openapi.json. The interactive docs page is
served only when its assets come from our own static files (django-ninja's app in
INSTALLED_APPS); ninja would otherwise load them from a CDN, which our CSP forbids
and our network cannot reach.
"""

from django.conf import settings
from django.http import HttpRequest
from django.urls import register_converter
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router

from certportal.core.errors import NotFound

from . import account, certificates, documents, errors
from .renderers import JSONRenderer

api = NinjaAPI(
    title="certportal",
    version="1",
    description="客户服务平台接口：证书查询、证后资料下载。",
    urls_namespace="api",
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
    renderer=JSONRenderer(),
)
errors.install(api)
api.add_router("", account.router)
api.add_router("/certificates", certificates.router)
api.add_router("/documents", documents.router)


class _AnyPath:
    """The rest of a path, newlines included (Django's `path` stops at one)."""

    regex = "(?s:.+)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_AnyPath, "anypath")

# Mounted last: Django tries URL patterns in order, so this one only gets the rest.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{anypath:rest}",
    auth=None,
    include_in_schema=False,
)
def unknown(request: HttpRequest, rest: str) -> None:
    """Any other path under /api/v1/ answers in the error shape too."""
    raise NotFound("not_found", _("没有找到请求的内容。"))


api.add_router("", fallback)

"""Logging in and out of the API, and who the caller is."""

from datetime import datetime

from django.contrib.auth import logout
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from certportal.accounts import services as accounts
from certportal.core.net import client_ip

from .errors import error_responses
from .security import caller, client_auth

router = Router(tags=["account"])

# Account names are printable; a NUL would reach the database (PostgreSQL refuses it).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class TokenIn(Schema):
    account: str = Field(min_length=1, max_length=150, pattern=PRINTABLE)
    password: str = Field(min_length=1, max_length=1024)


class TokenOut(Schema):
    token: str
    expires_at: datetime


class MeOut(Schema):
    account: str
    organization: str


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, **error_responses(400, 401, 403, 422, 429)},
    url_name="token",
    summary="登录，取得接口令牌",
)
def obtain_token(request: HttpRequest, credentials: TokenIn) -> TokenOut:
    """Exchange a client administrator's account and password for a 12-hour token."""
    issued = accounts.obtain_api_token(
        request=request, account=credentials.account, password=credentials.password
    )
    return TokenOut(token=issued.token, expires_at=issued.expires_at)


@router.delete(
    "/auth/token",
    auth=client_auth,
    response={204: None, **error_responses(401, 403)},
    url_name="token",
    summary="退出登录，作废令牌",
)
def revoke_token(request: HttpRequest) -> Status[None]:
    """Revoke the presented token; called with a session, end the session instead."""
    found = caller(request)
    if found.token is not None:
        accounts.revoke_api_token(token=found.token, ip=client_ip(request))
    else:
        logout(request)
    return Status(204, None)


@router.get(
    "/me",
    auth=client_auth,
    response={200: MeOut, **error_responses(401, 403)},
    url_name="me",
    summary="当前账号",
)
def me(request: HttpRequest) -> MeOut:
    """The caller's account name and organization."""
    user = caller(request).user
    assert user.organization is not None  # client_auth admits clients only
    return MeOut(account=user.get_username(), organization=user.organization.name)

"""Accounts: bearer tokens for the mini-program, and the login limits they obey.

Only the SHA-256 of a token is stored, so a copy of the database lets nobody in
(ASVS 7.2.3: 256 random bits from the CSPRNG). A token lives 12 hours, like a
client's browser session, and dies with a disabled account.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import authenticate, user_logged_in
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from certportal.audit.services import record
from certportal.core import ratelimit
from certportal.core.errors import DomainError, PermissionDenied, RateLimited
from certportal.core.net import client_ip

from .models import ApiToken, User

TOKEN_LIFETIME = timedelta(hours=12)
# The H5 login counts against the same keys, so an account and an address have one
# budget of attempts whichever door is used (ASVS 6.1.3).
PER_ACCOUNT = (10, 15 * 60)
PER_ADDRESS = (50, 15 * 60)
# A token's last use is written at most this often, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token as the client must keep it; the plaintext exists only here."""

    token: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_login_limits(*, account: str, ip: str) -> None:
    """Count one login attempt for the account and the address; 429 past the limit."""
    account_limit, account_window = PER_ACCOUNT
    address_limit, address_window = PER_ADDRESS
    allowed = ratelimit.hit(
        f"login:a:{account.lower()}", limit=account_limit, window_seconds=account_window
    ) and ratelimit.hit(
        f"login:ip:{ip}", limit=address_limit, window_seconds=address_window
    )
    if not allowed:
        record("account.login_limited", result="denied", ip=ip, actor_label=account)
        raise RateLimited(
            "too_many_requests", _("登录尝试次数过多，请 15 分钟后再试。")
        )


def canonical_username(account: str) -> str:
    """The stored spelling of an account name typed in any case.

    Account names are unique whatever their case, so "HAINA" logs in as "haina".
    """
    account = account.strip()
    match = (
        User.objects.filter(username__iexact=account)
        .values_list("username", flat=True)
        .first()
    )
    return match or account


def obtain_api_token(
    *, request: HttpRequest, account: str, password: str
) -> IssuedToken:
    """Check a client administrator's password and issue a bearer token."""
    account = account.strip()
    ip = client_ip(request)
    check_login_limits(account=account, ip=ip)

    # authenticate() sends user_login_failed, which the audit trail records.
    user = authenticate(
        request, username=canonical_username(account), password=password
    )
    if user is None:
        raise DomainError("invalid_credentials", _("账号或密码不正确。"), status=401)
    if not isinstance(user, User) or not user.is_client:
        record("api_token.refused", actor=user, obj=user, result="denied", ip=ip)
        raise PermissionDenied(
            "not_client", _("中心工作人员不能使用客户接口，请从中心后台登录。")
        )

    issued = issue_api_token(user=user, ip=ip)
    user_logged_in.send(sender=type(user), request=request, user=user)
    return issued


def issue_api_token(*, user: User, ip: str) -> IssuedToken:
    """Create a token for the user; the user's expired tokens are cleared meanwhile."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    expires_at = now + TOKEN_LIFETIME
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
        row = ApiToken.objects.create(
            user=user, token_hash=_digest(token), expires_at=expires_at
        )
    record("api_token.issued", actor=user, obj=user, ip=ip, token_id=row.pk)
    return IssuedToken(token=token, expires_at=expires_at)


def find_api_token(token: str) -> ApiToken | None:
    """The live token row, with its user, for a presented token; None if not usable."""
    if not token or len(token) > 200:
        return None
    now = timezone.now()
    row = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(token_hash=_digest(token), expires_at__gt=now)
        .first()
    )
    if row is None or not row.user.is_active or not row.user.is_client:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row


def revoke_api_token(*, token: ApiToken, ip: str) -> None:
    """End a token now, as logging out ends a browser session."""
    ApiToken.objects.filter(pk=token.pk).delete()
    record(
        "api_token.revoked", actor=token.user, obj=token.user, ip=ip, token_id=token.pk
    )

"""SMS verification codes: issue one, check one.

Limits per mobile follow the providers' defaults (Aliyun: 1 a minute, 5 an hour, 10 a
day), and per caller address 20 an hour, so the portal cannot be used to bomb a phone.
"""

import hmac
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from certportal.audit.services import record
from certportal.core import ratelimit
from certportal.core.crypto import lookup_hash
from certportal.core.errors import DomainError, RateLimited
from certportal.notify.sms import SmsError, provider
from certportal.organizations.models import mask_mobile

from .models import SmsChallenge

CODE_MINUTES = 5
MAX_FAILED_ATTEMPTS = 5
RESEND_SECONDS = 60
PER_MOBILE = [(1, 60), (5, 3600), (10, 86400)]
PER_ADDRESS = (20, 3600)


def _code_hash(challenge_id: str, code: str) -> str:
    return lookup_hash(f"sms:{challenge_id}:{code}")


def send_code(*, mobile: str, purpose: str, binding: str, ip: str) -> SmsChallenge:
    """Send a fresh 6-digit code to mobile, bound to purpose and the caller's session."""
    phone_hash = lookup_hash(mobile)
    _check_limits(phone_hash=phone_hash, ip=ip)

    code = f"{secrets.randbelow(1_000_000):06d}"
    challenge = SmsChallenge(
        purpose=purpose,
        phone_hash=phone_hash,
        binding=binding,
        expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES),
    )
    challenge.code_hash = _code_hash(str(challenge.id), code)
    challenge.save()

    try:
        provider().send_code(mobile=mobile, code=code, minutes=CODE_MINUTES)
    except SmsError as exc:
        record(
            "sms.sent", result="failed", ip=ip, to=mask_mobile(mobile), purpose=purpose
        )
        raise DomainError(
            "sms_failed",
            _("短信发送失败，请稍后再试；如仍收不到，请拨打 %(phone)s 咨询。")
            % {"phone": settings.CENTRE["technical_phone"]},
            status=502,
        ) from exc
    record("sms.sent", ip=ip, to=mask_mobile(mobile), purpose=purpose)
    return challenge


def _check_limits(*, phone_hash: str, ip: str) -> None:
    # The wait between two codes counts from the last one actually sent, so the
    # client is told exactly how long; the windowed counters below back it up.
    last = (
        SmsChallenge.objects.filter(phone_hash=phone_hash)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None:
        waited = (timezone.now() - last).total_seconds()
        if waited < RESEND_SECONDS:
            record("sms.limited", result="denied", ip=ip, window=RESEND_SECONDS)
            left = max(1, math.ceil(RESEND_SECONDS - waited))
            raise RateLimited(
                "sms_too_often",
                _("验证码已发送，请 %(s)d 秒后再获取。") % {"s": left},
                retry_after=left,
            )
    for limit, window in PER_MOBILE:
        if not ratelimit.hit(
            f"sms:m:{phone_hash}:{window}", limit=limit, window_seconds=window
        ):
            if window == 60:
                message = _("验证码已发送，请 %(s)d 秒后再获取。") % {
                    "s": ratelimit.seconds_left(window)
                }
            else:
                message = _(
                    "该手机号获取验证码过于频繁，请稍后再试或拨打 %(phone)s 咨询。"
                ) % {"phone": settings.CENTRE["technical_phone"]}
            record("sms.limited", result="denied", ip=ip, window=window)
            raise RateLimited("sms_too_often", message)
    limit, window = PER_ADDRESS
    if not ratelimit.hit(f"sms:ip:{ip}", limit=limit, window_seconds=window):
        record("sms.limited", result="denied", ip=ip, window="address")
        raise RateLimited("sms_too_often", _("获取验证码过于频繁，请一小时后再试。"))


def check_code(*, mobile: str, purpose: str, binding: str, code: str) -> None:
    """Accept the code once, or raise; wrong tries count against the challenge."""
    challenge = (
        SmsChallenge.objects.filter(
            phone_hash=lookup_hash(mobile),
            purpose=purpose,
            binding=binding,
        )
        .order_by("-created_at")
        .first()
    )
    if challenge is None:
        raise DomainError(
            "code_missing", _("请先点击“获取验证码”，再输入短信中的验证码。")
        )
    if challenge.used_at is not None or challenge.expires_at <= timezone.now():
        raise DomainError("code_expired", _("验证码已失效，请重新获取。"))
    if challenge.failed_attempts >= MAX_FAILED_ATTEMPTS:
        raise DomainError("code_locked", _("验证码错误次数过多，请重新获取。"))

    given = _code_hash(str(challenge.id), code.strip())
    if not hmac.compare_digest(given, challenge.code_hash):
        SmsChallenge.objects.filter(pk=challenge.pk).update(
            failed_attempts=F("failed_attempts") + 1
        )
        left = MAX_FAILED_ATTEMPTS - challenge.failed_attempts - 1
        raise DomainError(
            "code_wrong",
            _("验证码不正确，还可以再试 %(n)d 次。") % {"n": left}
            if left
            else _("验证码错误次数过多，请重新获取。"),
        )
    # Single use, and atomic: a second request with the same code finds it used.
    used = SmsChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        raise DomainError("code_expired", _("验证码已失效，请重新获取。"))

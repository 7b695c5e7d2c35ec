"""Sending SMS: one interface, a provider chosen in settings.

The console provider (the embedded default) writes the message to the log, with the
number masked, and in demo mode keeps it for the demo page so a person trying the
portal can read the code. Real providers speak their HTTP APIs (see tencent.py).
"""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from certportal.organizations.models import mask_mobile

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The provider did not accept the message."""


class SmsProvider(Protocol):
    def send_code(self, *, mobile: str, code: str, minutes: int) -> None: ...


def code_text(*, code: str, minutes: int) -> str:
    """The verification message, as the console provider shows it."""
    return (
        f"【{settings.CENTRE['name']}】您的验证码为{code}，{minutes}分钟内有效，"
        "仅用于注册账号，请勿告诉他人。"
    )


class ConsoleProvider:
    """Writes messages to the server log instead of sending them."""

    def send_code(self, *, mobile: str, code: str, minutes: int) -> None:
        text = code_text(code=code, minutes=minutes)
        # The code appears in the log only with this development provider.
        logger.info("SMS to %s: %s", mask_mobile(mobile), text)
        if settings.DEMO:
            from .models import DemoMessage

            DemoMessage.objects.create(
                to=mobile, to_masked=mask_mobile(mobile), text=text
            )


PROVIDERS = {
    "console": "certportal.notify.sms.ConsoleProvider",
    "tencent": "certportal.notify.tencent.TencentSmsProvider",
}


def provider() -> SmsProvider:
    """The provider configured in CERTPORTAL_SMS_PROVIDER."""
    return import_string(PROVIDERS[settings.SMS_PROVIDER])()

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver
from django.http import HttpRequest

from .services import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record("account.login", actor=user, obj=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("account.logout", actor=user, obj=user, request=request)


@receiver(user_login_failed)
def _login_failed(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kw: Any,
) -> None:
    username = str(credentials.get("username", ""))
    user = get_user_model().objects.filter(username=username).first()
    record(
        "account.login",
        obj=user,
        result="failed",
        request=request,
        actor_label=username,
    )

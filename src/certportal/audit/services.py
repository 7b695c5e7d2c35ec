"""The one helper every service calls to leave a trace in the audit trail."""

import logging
from typing import Any

from django.db import models
from django.http import HttpRequest

from certportal.core.net import client_ip

from .models import AuditEvent

logger = logging.getLogger(__name__)


def _clean(text: str, limit: int) -> str:
    # Control characters (CR, LF, ANSI escapes) never reach a log line (ASVS 16.4.1).
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)[:limit]


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    result: str = AuditEvent.Result.OK,
    request: HttpRequest | None = None,
    ip: str = "",
    actor_label: str = "",
    **details: Any,
) -> AuditEvent:
    """Record that actor did action to obj; details must hold no personal data."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if request is not None and not ip:
        ip = client_ip(request)
    event = AuditEvent.objects.create(
        actor=actor,
        actor_label=_clean(actor_label or (actor.get_username() if actor else ""), 150),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        result=result,
        ip=ip,
        details={key: _jsonable(value) for key, value in details.items()},
    )
    logger.info(
        "audit %s %s result=%s",
        action,
        event.object_id,
        result,
        extra={"audit_id": event.pk},
    )
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return _clean(value, 500) if isinstance(value, str) else value
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return _clean(str(value), 500)

"""Counters that stay exact under concurrency, kept in the database by default.

Each (key, window) is one row; a hit is a single conditional UPDATE, which both SQLite
and PostgreSQL apply atomically, so two servers can never both take the last slot.
"""

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import RateBucket


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for key; False when the window already holds limit hits."""
    window = int(time.time()) // window_seconds
    try:
        with transaction.atomic():
            RateBucket.objects.get_or_create(key=key, window=window)
    except IntegrityError:
        pass  # another request created the row first; the UPDATE below still counts
    taken = RateBucket.objects.filter(key=key, window=window, count__lt=limit).update(
        count=F("count") + 1
    )
    return taken == 1


def seconds_left(window_seconds: int) -> int:
    """Seconds until the current fixed window of that length ends."""
    return window_seconds - int(time.time()) % window_seconds

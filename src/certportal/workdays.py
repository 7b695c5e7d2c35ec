"""Working-day arithmetic on the mainland Chinese calendar.

Public holidays and the weekends worked in their place (调休上班) come from the
``chinesecalendar`` package, which follows the yearly State Council notice. A year
the package does not cover raises ``UnknownYearError``: counting such a year as
plain Monday to Friday would quietly promise clients wrong deadlines.

Every function takes an optional ``overrides`` mapping of date to "is a working
day". An entry wins over the package for that one date only, so staff can record a
day the centre is closed or a schedule published after our pinned package version.
Dates of an unknown year that are missing from the mapping still raise.
"""

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays

Overrides = Mapping[date, bool]

BEIJING = ZoneInfo("Asia/Shanghai")

# The package raises NotImplementedError outside these years; we ask first so that
# the error we raise names the year and is a ValueError callers can expect.
FIRST_KNOWN_YEAR = min(_package_holidays).year
LAST_KNOWN_YEAR = max(_package_holidays).year


class UnknownYearError(ValueError):
    """No holiday schedule is known for the year of a date."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"No official holiday schedule is known for {year}; update chinesecalendar "
            f"(covers {FIRST_KNOWN_YEAR}-{LAST_KNOWN_YEAR}) or add overrides."
        )
        self.year = year


def is_working_day(day: date, *, overrides: Overrides | None = None) -> bool:
    """Return whether offices in mainland China work on ``day``."""
    if overrides is not None and day in overrides:
        return overrides[day]
    if not FIRST_KNOWN_YEAR <= day.year <= LAST_KNOWN_YEAR:
        raise UnknownYearError(day.year)
    return bool(chinese_calendar.is_workday(day))


def add_working_days(
    start: date, count: int, *, overrides: Overrides | None = None
) -> date:
    """Return the ``count``-th working day strictly after ``start``."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")

    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, overrides=overrides):
            remaining -= 1
    return day


def due_date_for(
    moment: datetime, count: int = 3, *, overrides: Overrides | None = None
) -> date:
    """Return the working day by whose end something received at ``moment`` is due."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware")

    # The deadline follows the calendar on the wall in Beijing, not the server's.
    local_day = moment.astimezone(BEIJING).date()
    return add_working_days(local_day, count, overrides=overrides)

"""Working-day arithmetic on the mainland Chinese calendar.

Public holidays and the weekends worked in their place (调休上班) come from the
``chinesecalendar`` package, which follows the yearly State Council notice. A year
the package does not cover raises ``UnknownYearError``: counting such a year as
plain Monday to Friday would quietly promise clients wrong deadlines.

Every function takes two optional keyword arguments, meant to be fed from a table
staff can edit:

- ``overrides`` maps a date to "is a working day" and wins over the package for that
  date, e.g. a day the centre is closed.
- ``known_years`` lists years beyond the package whose whole schedule (every holiday
  and every worked weekend) is in ``overrides``; their other dates follow Monday to
  Friday. A date of any other unknown year raises, even if some of that year's dates
  are in ``overrides``.
"""

from collections.abc import Collection, Mapping
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
            f"(covers {FIRST_KNOWN_YEAR}-{LAST_KNOWN_YEAR}) or enter that year's "
            "schedule as overrides and list the year in known_years."
        )
        self.year = year


def is_working_day(
    day: date,
    *,
    overrides: Overrides | None = None,
    known_years: Collection[int] = (),
) -> bool:
    """Return whether offices in mainland China work on ``day``."""
    if overrides is not None and day in overrides:
        return overrides[day]
    if FIRST_KNOWN_YEAR <= day.year <= LAST_KNOWN_YEAR:
        return bool(chinese_calendar.is_workday(day))
    if day.year in known_years:
        return day.weekday() < 5
    raise UnknownYearError(day.year)


def add_working_days(
    start: date,
    count: int,
    *,
    overrides: Overrides | None = None,
    known_years: Collection[int] = (),
) -> date:
    """Return the ``count``-th working day strictly after ``start``."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")

    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, overrides=overrides, known_years=known_years):
            remaining -= 1
    return day


def due_date_for(
    moment: datetime,
    count: int = 3,
    *,
    overrides: Overrides | None = None,
    known_years: Collection[int] = (),
) -> date:
    """Return the working day by whose end something received at ``moment`` is due."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware")

    # The deadline follows the calendar on the wall in Beijing, not the server's.
    local_day = moment.astimezone(BEIJING).date()
    return add_working_days(
        local_day, count, overrides=overrides, known_years=known_years
    )

"""Working-day deadlines from the package's schedule plus the staff-edited table."""

import logging
from datetime import date, datetime

from certportal import workdays

from .models import CalendarDay, CalendarYear

logger = logging.getLogger(__name__)


def due_date(moment: datetime, count: int) -> date:
    """The count-th Chinese working day after moment (Beijing date).

    When the schedule of a year is unknown (the package ends, staff have not entered
    the State Council notice yet), the client still gets a date, counted Monday to
    Friday, and the operator gets an error in the log to enter the schedule.
    """
    overrides = dict(CalendarDay.objects.values_list("day", "working"))
    known = set(CalendarYear.objects.values_list("year", flat=True))
    try:
        return workdays.due_date_for(
            moment, count, overrides=overrides, known_years=known
        )
    except workdays.UnknownYearError as exc:
        logger.error(
            "no holiday schedule for %s: enter it under 节假日调整; "
            "counting Monday to Friday meanwhile",
            exc.year,
        )
        return workdays.due_date_for(
            moment,
            count,
            overrides=overrides,
            known_years=known | {exc.year, exc.year + 1},
        )

"""Working days follow the State Council holiday notices, typed in here by hand."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certportal.workdays import (
    UnknownYearError,
    add_working_days,
    due_date_for,
    is_working_day,
)

pytestmark: list[pytest.MarkDecorator] = []


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# 国务院办公厅关于2025年部分节假日安排的通知
HOLIDAYS_2025 = [
    date(2025, 1, 1),  # 元旦
    *_span(date(2025, 1, 28), date(2025, 2, 4)),  # 春节
    *_span(date(2025, 4, 4), date(2025, 4, 6)),  # 清明节
    *_span(date(2025, 5, 1), date(2025, 5, 5)),  # 劳动节
    *_span(date(2025, 5, 31), date(2025, 6, 2)),  # 端午节
    *_span(date(2025, 10, 1), date(2025, 10, 8)),  # 国庆节、中秋节
]
WORKED_WEEKENDS_2025 = [
    date(2025, 1, 26),  # Sunday before 春节
    date(2025, 2, 8),  # Saturday after 春节
    date(2025, 4, 27),  # Sunday before 劳动节
    date(2025, 9, 28),  # Sunday before 国庆节
    date(2025, 10, 11),  # Saturday after 国庆节
]

# 国务院办公厅关于2026年部分节假日安排的通知
HOLIDAYS_2026 = [
    *_span(date(2026, 1, 1), date(2026, 1, 3)),  # 元旦
    *_span(date(2026, 2, 15), date(2026, 2, 23)),  # 春节
    *_span(date(2026, 4, 4), date(2026, 4, 6)),  # 清明节
    *_span(date(2026, 5, 1), date(2026, 5, 5)),  # 劳动节
    *_span(date(2026, 6, 19), date(2026, 6, 21)),  # 端午节
    *_span(date(2026, 9, 25), date(2026, 9, 27)),  # 中秋节
    *_span(date(2026, 10, 1), date(2026, 10, 7)),  # 国庆节
]
WORKED_WEEKENDS_2026 = [
    date(2026, 1, 4),  # Sunday after 元旦
    date(2026, 2, 14),  # Saturday before 春节
    date(2026, 2, 28),  # Saturday after 春节
    date(2026, 5, 9),  # Saturday after 劳动节
    date(2026, 9, 20),  # Sunday before 国庆节
    date(2026, 10, 10),  # Saturday after 国庆节
]

HOLIDAYS = set(HOLIDAYS_2025 + HOLIDAYS_2026)
WORKED_WEEKENDS = set(WORKED_WEEKENDS_2025 + WORKED_WEEKENDS_2026)


def _official_is_working_day(day: date) -> bool:
    if day in HOLIDAYS:
        return False
    return day in WORKED_WEEKENDS or day.weekday() < 5


def test_the_schedules_above_were_typed_in_correctly():
    assert len(HOLIDAYS_2025) == 28
    assert len(HOLIDAYS_2026) == 33
    assert all(day.weekday() >= 5 for day in WORKED_WEEKENDS)
    assert not HOLIDAYS & WORKED_WEEKENDS


@pytest.mark.parametrize("day", sorted(HOLIDAYS), ids=str)
def test_every_official_holiday_is_a_day_off(day):
    assert is_working_day(day) is False


@pytest.mark.parametrize("day", sorted(WORKED_WEEKENDS), ids=str)
def test_every_adjusted_weekend_is_a_working_day(day):
    assert is_working_day(day) is True


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_other_day_of_the_year_follows_monday_to_friday(year):
    days = _span(date(year, 1, 1), date(year, 12, 31))

    mismatches = [
        day for day in days if is_working_day(day) != _official_is_working_day(day)
    ]

    assert mismatches == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 12), True),  # Wednesday
        (date(2025, 3, 15), False),  # Saturday
        (date(2025, 3, 16), False),  # Sunday
        (date(2026, 3, 13), True),  # Friday
        (date(2026, 3, 14), False),  # Saturday
    ],
)
def test_ordinary_weeks_work_monday_to_friday(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Ordinary week: Tuesday + 3 is Friday.
        (date(2025, 3, 11), 3, date(2025, 3, 14)),
        # Friday submission skips the weekend.
        (date(2025, 3, 14), 3, date(2025, 3, 19)),
        # Saturday submission counts from Monday.
        (date(2025, 3, 15), 3, date(2025, 3, 19)),
        (date(2025, 3, 15), 1, date(2025, 3, 17)),
        # National Day 2025: Sun 9/28 is worked, 10/1-10/8 off, Sat 10/11 worked.
        (date(2025, 9, 26), 1, date(2025, 9, 28)),
        (date(2025, 9, 28), 3, date(2025, 10, 9)),
        (date(2025, 9, 30), 3, date(2025, 10, 11)),
        (date(2025, 10, 3), 3, date(2025, 10, 11)),
        # Spring Festival 2026: Sat 2/14 worked, 2/15-2/23 off.
        (date(2026, 2, 12), 2, date(2026, 2, 14)),
        (date(2026, 2, 13), 3, date(2026, 2, 25)),
        (date(2026, 2, 14), 3, date(2026, 2, 26)),
        (date(2026, 2, 18), 3, date(2026, 2, 26)),
        # Across the new year into a known year.
        (date(2025, 12, 31), 3, date(2026, 1, 6)),
    ],
)
def test_add_working_days_counts_only_working_days_after_start(start, count, expected):
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize("count", [0, -1])
def test_add_working_days_refuses_a_count_below_one(count):
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(date(2025, 3, 11), count)


def test_due_date_uses_the_beijing_calendar_day():
    # 16:30 UTC on Thursday is already 00:30 on Friday in Beijing.
    after_midnight_in_beijing = datetime(2025, 3, 13, 16, 30, tzinfo=UTC)
    before_midnight_in_beijing = datetime(2025, 3, 13, 15, 30, tzinfo=UTC)

    assert due_date_for(after_midnight_in_beijing) == date(2025, 3, 19)
    assert due_date_for(before_midnight_in_beijing) == date(2025, 3, 18)


def test_due_date_of_a_late_evening_utc_moment_that_is_already_a_working_day():
    # 23:00 UTC on Sat 2025-09-27 is 07:00 on the worked Sunday 09-28 in Beijing.
    moment = datetime(2025, 9, 27, 23, 0, tzinfo=UTC)

    assert due_date_for(moment) == date(2025, 10, 9)


def test_due_date_defaults_to_three_working_days():
    moment = datetime(2026, 2, 13, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

    assert due_date_for(moment) == date(2026, 2, 25)
    assert due_date_for(moment, 1) == date(2026, 2, 14)


def test_due_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="timezone-aware"):
        due_date_for(datetime(2025, 3, 14, 10, 0))  # noqa: DTZ001


def test_a_year_beyond_the_package_raises_naming_the_year():
    with pytest.raises(UnknownYearError, match="2027") as caught:
        is_working_day(date(2027, 3, 10))

    assert caught.value.year == 2027
    assert isinstance(caught.value, ValueError)


def test_a_year_before_the_package_raises():
    with pytest.raises(UnknownYearError, match="2003"):
        is_working_day(date(2003, 6, 2))


def test_counting_into_an_unknown_year_raises_instead_of_guessing():
    with pytest.raises(UnknownYearError, match="2027"):
        add_working_days(date(2026, 12, 30), 3)


def test_an_override_wins_over_the_package():
    closed = date(2025, 3, 12)
    worked = date(2025, 3, 15)
    overrides = {closed: False, worked: True}

    assert is_working_day(closed, overrides=overrides) is False
    assert is_working_day(worked, overrides=overrides) is True
    assert add_working_days(date(2025, 3, 11), 3, overrides=overrides) == worked


def test_overrides_answer_only_for_their_own_dates_in_an_unknown_year():
    overrides = {date(2027, 1, 4): True}

    assert is_working_day(date(2027, 1, 4), overrides=overrides) is True
    with pytest.raises(UnknownYearError):
        is_working_day(date(2027, 1, 5), overrides=overrides)


def test_a_year_entered_by_staff_counts_once_listed_in_known_years():
    # A made-up schedule: Friday 1 January off, Saturday 9 January worked.
    schedule = {date(2027, 1, 1): False, date(2027, 1, 9): True}

    assert is_working_day(date(2027, 1, 4), known_years={2027}) is True
    assert is_working_day(date(2027, 1, 2), known_years={2027}) is False
    due = add_working_days(
        date(2026, 12, 30), 3, overrides=schedule, known_years={2027}
    )
    assert due == date(2027, 1, 5)


def test_known_years_do_not_cover_the_year_after():
    with pytest.raises(UnknownYearError, match="2028"):
        is_working_day(date(2028, 1, 3), known_years={2027})


def test_due_date_passes_overrides_through():
    moment = datetime(2025, 3, 11, 10, 0, tzinfo=UTC)

    due = due_date_for(moment, overrides={date(2025, 3, 12): False})
    late_in_2026 = datetime(2026, 12, 30, 10, 0, tzinfo=UTC)

    assert due == date(2025, 3, 17)
    assert due_date_for(late_in_2026, known_years={2027}) == date(2027, 1, 4)


known_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 30))


@given(start=known_days, count=st.integers(min_value=1, max_value=20))
def test_the_result_is_a_later_working_day_with_count_working_days(start, count):
    result = add_working_days(start, count)

    assert result > start
    assert is_working_day(result)
    between = _span(start + timedelta(days=1), result)
    assert sum(is_working_day(day) for day in between) == count


@given(first=known_days, second=known_days, count=st.integers(min_value=1, max_value=5))
def test_a_later_start_never_gives_an_earlier_result(first, second, count):
    earlier, later = sorted((first, second))

    assert add_working_days(earlier, count) <= add_working_days(later, count)

"""Chinese official working days (法定节假日 and 调休) from chinesecalendar, refusing unknown years."""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import NamedTuple

import chinese_calendar

_ONE_DAY = timedelta(days=1)
_MAX_N = 30


class CalendarUnknown(Exception):
    """The official holiday schedule of the year a day falls in is not known yet."""

    def __init__(self, year: int, advice: str = "请直接写明截止日期") -> None:
        self.year = year
        super().__init__(
            f"尚不知道 {year} 年的法定节假日安排（国务院办公厅每年年底公布），"
            f"无法按工作日计算：{advice}"
        )


class _Calendar(NamedTuple):
    years: range
    days: tuple[date, ...]
    day_set: frozenset[date]


@functools.cache
def _calendar() -> _Calendar:
    # Built once per process: the library's tables are constants and never change while we run,
    # so thousands of lookups per build cost a set membership or a bisect each.
    holidays = chinese_calendar.holidays
    workdays = chinese_calendar.workdays
    # The library itself treats the span of its holiday table as the years it supports.
    years = range(min(holidays).year, max(holidays).year + 1)
    days = []
    day = date(years.start, 1, 1)
    end = date(years.stop, 1, 1)
    while day < end:
        # Same rule as chinese_calendar.is_workday, which is too slow to call per day here
        # because it rescans the whole table for its year check on every call.
        if day in workdays or (day.weekday() < 5 and day not in holidays):
            days.append(day)
        day += _ONE_DAY
    return _Calendar(years, tuple(days), frozenset(days))


def _check_year(day: date) -> _Calendar:
    calendar = _calendar()
    if day.year not in calendar.years:
        raise CalendarUnknown(day.year)
    return calendar


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= _MAX_N:
        raise ValueError(f"工作日天数应为 1 到 {_MAX_N} 之间的整数，而不是 {n!r}")


def _nth(calendar: _Calendar, index: int) -> date:
    if index >= len(calendar.days):
        raise CalendarUnknown(calendar.years.stop)
    return calendar.days[index]


def known_years() -> range:
    """The years whose official holiday schedule chinesecalendar knows."""
    return _calendar().years


def is_working_day(day: date) -> bool:
    """Whether a day is an official working day: weekdays less holidays, plus 调休 weekends."""
    return day in _check_year(day).day_set


def add_working_days(start: date, n: int) -> date:
    """The n-th working day counted from start, start itself counting when it is a working day."""
    _check_n(n)
    calendar = _check_year(start)
    return _nth(calendar, bisect_left(calendar.days, start) + n - 1)


def working_days_after(day: date, until: date) -> int:
    """How many working days d there are with day < d <= until."""
    if until <= day:
        return 0
    calendar = _check_year(day + _ONE_DAY)
    _check_year(until)
    return bisect_right(calendar.days, until) - bisect_right(calendar.days, day)


def overdue_from(day: date, n: int) -> date:
    """The first date more than n working days after day: the (n+1)-th working day after it."""
    _check_n(n)
    calendar = _check_year(day + _ONE_DAY)
    return _nth(calendar, bisect_right(calendar.days, day) + n)

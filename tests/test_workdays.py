"""Working days in the Chinese official calendar: holidays, 调休 weekends, and years not yet known."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from gongkai.workdays import (
    CalendarUnknown,
    add_working_days,
    is_working_day,
    known_years,
    overdue_from,
    working_days_after,
)


def test_known_years_come_from_the_library():
    years = known_years()
    assert years.start == 2004
    assert 2026 in years
    assert years.stop - 1 == max(chinese_calendar.holidays).year


def test_every_day_of_2026_agrees_with_the_library():
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 20), True),  # Sunday worked for National Day
        (date(2026, 10, 10), True),  # Saturday worked for National Day
        (date(2026, 2, 14), True),  # Saturday worked for Spring Festival
        (date(2026, 2, 28), True),  # Saturday worked for Spring Festival
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 2, 16), False),
        (date(2026, 2, 23), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 11), False),  # a plain Sunday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_contract_example():
    # From Friday 2026-09-18: 09-18, Sunday 09-20 (worked for National Day), 09-21.
    assert add_working_days(date(2026, 9, 18), 3) == date(2026, 9, 21)


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        # National Day 2026: Oct 1-7 off, Saturday Oct 10 worked.
        (date(2026, 9, 28), 5, date(2026, 10, 9)),
        (date(2026, 9, 28), 7, date(2026, 10, 12)),
        (date(2026, 9, 30), 5, date(2026, 10, 12)),
        (date(2026, 9, 30), 7, date(2026, 10, 14)),
        (date(2026, 9, 30), 4, date(2026, 10, 10)),
        # Spring Festival 2026: Feb 15-23 off, Saturdays Feb 14 and Feb 28 worked.
        (date(2026, 2, 12), 3, date(2026, 2, 14)),
        (date(2026, 2, 12), 5, date(2026, 2, 25)),
        (date(2026, 2, 12), 7, date(2026, 2, 27)),
        (date(2026, 2, 12), 8, date(2026, 2, 28)),
        (date(2026, 2, 24), 5, date(2026, 2, 28)),
        (date(2026, 2, 24), 7, date(2026, 3, 3)),
        # A worked Sunday counts as the start.
        (date(2026, 9, 20), 1, date(2026, 9, 20)),
        # Thirty working days, the most allowed.
        (date(2026, 9, 1), 30, date(2026, 10, 16)),
    ],
)
def test_add_working_days(start, n, end):
    assert add_working_days(start, n) == end


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        (date(2026, 10, 1), 1, date(2026, 10, 8)),  # National Day itself
        (date(2026, 10, 1), 3, date(2026, 10, 10)),
        (date(2026, 2, 15), 1, date(2026, 2, 24)),  # Spring Festival holiday
        (date(2026, 10, 17), 1, date(2026, 10, 19)),  # a plain Saturday
        (date(2026, 9, 19), 1, date(2026, 9, 20)),  # Saturday before the worked Sunday
    ],
)
def test_start_on_a_day_off_does_not_count(start, n, end):
    assert add_working_days(start, n) == end


@pytest.mark.parametrize(
    ("day", "until", "count"),
    [
        (date(2026, 9, 30), date(2026, 10, 7), 0),  # the National Day week does not count
        (date(2026, 9, 30), date(2026, 10, 8), 1),
        (date(2026, 9, 29), date(2026, 10, 9), 3),
        (date(2026, 9, 30), date(2026, 10, 12), 4),  # with Saturday Oct 10
        (date(2026, 9, 18), date(2026, 9, 21), 2),  # Sunday Sep 20 and Monday Sep 21
        (date(2026, 2, 13), date(2026, 2, 24), 2),  # Saturday Feb 14 and Tuesday Feb 24
        (date(2026, 12, 1), date(2026, 12, 31), 22),
        (date(2026, 10, 8), date(2026, 10, 8), 0),
        (date(2026, 10, 9), date(2026, 10, 8), 0),
    ],
)
def test_working_days_after(day, until, count):
    assert working_days_after(day, until) == count


@pytest.mark.parametrize(
    ("day", "n", "first_overdue"),
    [
        (date(2026, 9, 30), 3, date(2026, 10, 12)),  # Oct 8, 9, 10 are the three days allowed
        (date(2026, 9, 30), 1, date(2026, 10, 9)),
        (date(2026, 9, 25), 5, date(2026, 10, 10)),  # dated on the Mid-Autumn holiday
        (date(2026, 9, 18), 1, date(2026, 9, 21)),  # Sunday Sep 20 is the day allowed
        (date(2026, 2, 13), 5, date(2026, 2, 28)),
    ],
)
def test_overdue_from(day, n, first_overdue):
    assert overdue_from(day, n) == first_overdue


def test_overdue_from_is_the_first_day_past_n_working_days():
    day = date(2026, 9, 1)
    while day < date(2026, 11, 1):
        for n in (1, 3, 5, 10):
            overdue = overdue_from(day, n)
            assert working_days_after(day, overdue) == n + 1
            assert working_days_after(day, overdue - timedelta(days=1)) == n
        day += timedelta(days=1)


@pytest.mark.parametrize("n", [0, -1, 31, 1.0, True, "3"])
def test_n_out_of_range(n):
    with pytest.raises(ValueError, match="1 到 30"):
        add_working_days(date(2026, 9, 18), n)
    with pytest.raises(ValueError, match="1 到 30"):
        overdue_from(date(2026, 9, 18), n)


@pytest.mark.parametrize("year", [2035, 1990])
def test_unknown_year_is_refused(year):
    assert year not in known_years()
    day = date(year, 6, 1)
    calls = [
        lambda: is_working_day(day),
        lambda: add_working_days(day, 3),
        lambda: overdue_from(day, 3),
        lambda: working_days_after(day, day + timedelta(days=10)),
    ]
    for call in calls:
        with pytest.raises(CalendarUnknown) as caught:
            call()
        assert caught.value.year == year
        message = str(caught.value)
        assert f"尚不知道 {year} 年的法定节假日安排" in message
        assert "无法按工作日计算" in message


def test_counting_into_the_first_unknown_year_is_refused():
    unknown = known_years().stop
    last_days = date(unknown - 1, 12, 28)
    with pytest.raises(CalendarUnknown) as caught:
        add_working_days(last_days, 10)
    assert caught.value.year == unknown
    with pytest.raises(CalendarUnknown):
        overdue_from(last_days, 10)
    with pytest.raises(CalendarUnknown):
        working_days_after(last_days, date(unknown, 1, 5))
    with pytest.raises(CalendarUnknown):
        working_days_after(date(unknown - 1, 12, 31), date(unknown, 1, 1))
    # Counting that stays inside the known year still works.
    assert working_days_after(last_days, date(unknown - 1, 12, 31)) >= 0


def test_advice_can_name_the_field():
    error = CalendarUnknown(2028, "请改写截止日期 to")
    assert str(error) == (
        "尚不知道 2028 年的法定节假日安排（国务院办公厅每年年底公布），"
        "无法按工作日计算：请改写截止日期 to"
    )

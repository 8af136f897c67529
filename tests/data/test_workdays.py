"""Working days in the Chinese official calendar: holidays, 调休 weekends, years stated in
data/holidays.yml, and the estimate for years not yet known."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from support import (
    EPOCH,
    copy_project,
    load,
    mkdocs_build,
    page_text,
    problems as load_problems,
    write_data,
)

from gongkai.data.workdays import Calendar, compare_estimate, library_years

CALENDAR = Calendar()


def is_working_day(day):
    return CALENDAR.is_working_day(day)


def add_working_days(start, n):
    return CALENDAR.add_working_days(start, n).value


def overdue_from(day, n):
    return CALENDAR.overdue_from(day, n).value


def working_days_after(day, until):
    """How many working days d there are with day < d <= until."""
    return CALENDAR.working_days_in(day + timedelta(days=1), until).value


def known_years():
    return library_years()


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


# -- years the calendar does not know: never an error, an estimate that never ends first ----------------


@pytest.mark.parametrize("year", [2035, 1990])
def test_an_unknown_year_is_estimated_and_marked(year):
    assert year not in known_years() and not CALENDAR.knows(year)
    day = date(year, 6, 1)
    assert CALENDAR.add_working_days(day, 3).estimated
    assert CALENDAR.overdue_from(day, 3).estimated
    assert CALENDAR.working_days_in(day, day + timedelta(days=10)).estimated
    assert not CALENDAR.add_working_days(date(2026, 6, 1), 3).estimated


def test_the_estimate_counts_no_weekend_and_no_day_a_holiday_ever_covered():
    days = CALENDAR.days(2027)
    assert all(day.weekday() < 5 for day in days)
    for off in (date(2027, 1, 1), date(2027, 5, 3), date(2027, 10, 4), date(2027, 10, 7)):
        assert off not in days  # 元旦, 劳动节, 国庆节 as in every year since 2008
    # Spring Festival 2027 falls on 6 February: the days around it are not counted
    assert (
        date(2027, 2, 5) not in days and date(2027, 2, 10) not in days and date(2027, 2, 16) in days
    )


def test_counting_from_a_known_year_into_an_unknown_one():
    """2026-12-28 → 2027 without data/holidays.yml: the days of 2026 as the library says, those of
    2027 estimated; the result is marked."""
    start = date(2026, 12, 28)
    counted = CALENDAR.add_working_days(start, 7)
    # 28–31 Dec, then 5, 6, 7 Jan: Friday 1 Jan and Monday 4 Jan left out (元旦 has run to its third day)
    assert counted.estimated and counted.value == date(2027, 1, 7)
    assert CALENDAR.working_days_in(start, date(2026, 12, 31)) == (4, False)
    assert CALENDAR.working_days_in(start, date(2027, 1, 7)) == (7, True)


def test_the_estimate_never_ends_before_the_official_period():
    """Backtest: every year the library knows since 2008, pretended unknown; every start day and
    every n from 1 to 30. bench/calendar_backtest.py prints how much longer it is on average."""
    late = [
        (start, n, official, estimate)
        for year in range(2008, known_years().stop)
        for start, n, official, estimate in compare_estimate(year)
        if estimate < official
    ]
    assert late == []


def test_a_stated_year_replaces_the_library():
    from gongkai.data.workdays import Schedule

    off = frozenset(date(2027, 1, d) for d in (1, 2, 3)) | frozenset(
        date(2027, 2, d) for d in range(5, 12)
    )
    stated = Schedule(2027, "通知", off, frozenset({date(2027, 2, 20)}))
    calendar = Calendar.of([stated])
    assert calendar.knows(2027) and not calendar.add_working_days(date(2026, 12, 28), 7).estimated
    assert calendar.is_working_day(date(2027, 2, 20)) and not calendar.is_working_day(
        date(2027, 2, 8)
    )
    assert calendar.add_working_days(date(2027, 2, 4), 2).value == date(2027, 2, 12)


# -- data/holidays.yml ----------------------------------------------------------------------------------

H = "data/holidays.yml"


YEAR_2027 = """- year: 2027
  source: 国务院办公厅关于2027年部分节假日安排的通知
  off:
    - 2027-01-01
    - {from: 2027-02-05, to: 2027-02-11}
  work: [2027-02-20]
"""


def test_a_valid_holidays_file_loads(tmp_path):
    assert load_problems(tmp_path, {"holidays.yml": YEAR_2027}) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            YEAR_2027.replace("2027-01-01", "2026-12-31"),
            f"{H}:4: 日期 2026-12-31 不在 2027 年内：每年只写当年的日子，跨年的日子写到那一年的一项中",
        ),
        (
            YEAR_2027.replace("[2027-02-20]", "[2027-02-22]"),
            f"{H}:6: 2027-02-22 是一，本来就上班：work 中只写调休上班的周六、周日",
        ),
        (
            YEAR_2027.replace("[2027-02-20]", "[2027-02-06]"),
            f"{H}:6: 2027-02-06 既写在 off（放假）中，又写在 work（上班）中：请删去其中一处",
        ),
        (YEAR_2027 + YEAR_2027, f"{H}:7: 2027 年已在第 1 行写过，每年只能写一次：请把两处合并"),
        (
            YEAR_2027.replace("to: 2027-02-11", "to: 2027-02-01"),
            f"{H}:5: 放假结束日期 2027-02-01 早于开始日期 2027-02-05，请检查",
        ),
        (
            YEAR_2027.replace("to: 2027-02-11", "to: 2027-03-11"),
            f"{H}:5: 从 2027-02-05 到 2027-03-11 连续放假 35 天，超过了 15 天：请核对通知中的日期",
        ),
        (
            YEAR_2027.replace("  source: 国务院办公厅关于2027年部分节假日安排的通知\n", ""),
            f"{H}:1: 缺少必填字段「source」（依据）",
        ),
        (
            YEAR_2027.replace("2027-01-01", "2027-13-01"),
            f"{H}:4: 「off.第1项」（放假）：日期“2027-13-01”不存在，请检查月份和日子",
        ),
        (
            "year: 2027\n",
            f"{H}:1: 此文件应是一个列表，每年一项，以“- year: 2027”开头（见编辑指南·字段说明）",
        ),
    ],
)
def test_holidays_file_mistakes_are_located(tmp_path, text, message):
    assert message in load_problems(tmp_path, {"holidays.yml": text})


# -- across 2026-12-28 → 2027, with and without data/holidays.yml: pages, the board, the scorecard ------------

NOTICE = """\
title: 2027年元旦慰问品发放公示
category: welfare
unit: union
date: 2026-12-28
period: {from: 2026-12-28, working_days: 7}
body: 元旦慰问品按在册职工每人一份发放。
feedback:
  - {date: 2026-12-28, summary: 退休职工是否也发, reply: 退休职工由老干部科另行发放, replied: 2027-01-05}
"""


STATED_2027 = "- year: 2027\n  source: 国务院办公厅关于2027年部分节假日安排的通知\n  off:\n    - {from: 2027-01-01, to: 2027-01-03}\n"


def built_in_2027(tmp_path, holidays: str | None):

    files = {"disclosures/2026/yuandan.yml": NOTICE, "holidays.yml": holidays}
    project = copy_project(tmp_path / "project", write_data(tmp_path / "data", files))
    site = tmp_path / "site"
    result = mkdocs_build(project, site, epoch=str(int(EPOCH) + 46 * 86400))  # 2027-01-10
    assert result.returncode == 0, result.stderr[-2000:]
    pages = {
        name: page_text(site / name / "index.html")
        for name in (
            "disclosures/yuandan",
            "feedback",
            "reports/2026",
            "reports/2026/scorecards/union",
        )
    }
    return pages, result.stderr


def test_a_period_into_a_year_not_known_is_marked_and_judges_nothing(tmp_path):
    """Issue 17, case 7: the board counted 2027-01-01 (元旦) as a working day and printed 超过 5 个工作日
    for an answer given on time; the scorecard left the period out of both 达标 and 不足, silently."""
    pages, log = built_in_2027(tmp_path, None)
    assert (
        "2026年12月28日至2027年1月7日（7 个工作日，截止日期暂定）" in pages["disclosures/yuandan"]
    )
    assert (
        "2027年1月5日 答复（8 天，答复期限暂定，不判断是否按时）" in pages["feedback"]
        and "0 按时答复" in pages["feedback"]
    )
    assert (
        "另有 1 条公示的公示期跨入节假日安排尚未公布的年份，工作日数是估算的，暂不计入达标或不足"
        in pages["reports/2026"]
    )
    assert (
        "公示期跨入节假日安排尚未公布的年份、暂不判断是否达标的公示（1）"
        in pages["reports/2026/scorecards/union"]
    )
    assert (
        "还不知道 2027 年的法定节假日安排" in log
        and "data/disclosures/2026/yuandan.yml:5: 公示期（7 个工作日）跨入 2027 年" in log
    )


def test_once_the_year_is_stated_the_same_record_shows_the_official_days(tmp_path):
    pages, log = built_in_2027(tmp_path, STATED_2027)
    assert (
        "2026年12月28日至2027年1月6日（7 个工作日）" in pages["disclosures/yuandan"]
        and "暂定" not in pages["disclosures/yuandan"]
    )
    # 29, 30, 31 Dec, 4, 5 Jan: answered on the fifth working day, in time
    assert "2027年1月5日 答复（8 天）" in pages["feedback"] and "1 按时答复" in pages["feedback"]
    assert "暂不计入达标或不足" not in pages["reports/2026"]
    assert "还不知道 2027 年" not in log


def test_check_names_every_day_a_stated_year_and_the_library_disagree(tmp_path):
    """A correction of a year the library knows: the file wins, and every day it changes is told."""
    stated = (
        "- year: 2026\n  source: 更正通知\n  off:\n    - {from: 2026-10-01, to: 2026-10-08}\n"
        "    - {from: 2026-02-15, to: 2026-02-23}\n  work: [2026-09-20, 2026-02-14, 2026-02-28]\n"
    )

    archive = load(tmp_path, {"holidays.yml": stated})
    told = [str(n) for n in archive.notices]
    assert (
        "data/holidays.yml:1: 2026 年的 2026-10-08（星期四）这里写的是放假，chinesecalendar 1.11.0 认为是上班：以这里为准，请核对通知原文"
        in told
    )
    assert (
        "data/holidays.yml:1: 2026 年的 2026-10-10（星期六）这里写的是放假，chinesecalendar 1.11.0 认为是上班：以这里为准，请核对通知原文"
        in told
    )
    assert archive.calendar.is_working_day(date(2026, 10, 8)) is False
    # the holidays the file leaves out (元旦, 清明, 劳动节, 端午, 中秋: their weekdays, and the Sundays and
    # Saturdays worked for them) and the two days it changes in October
    assert (
        "data/holidays.yml:1: 2026 年的放假日子里没有 1月1日、5月1日（元旦、劳动节、国庆节每年都放假）：这一年写在这里，"
        "就按这里的日子算工作日，不再估算。请把国务院办公厅通知中的各项都写上（gongkai holidays 可以从通知全文生成）"
    ) in told
    days = sorted(notice.split("的 ")[1][:10] for notice in told if "这里写的是" in notice)
    assert days == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-04",
        "2026-04-06",
        "2026-05-01",
        "2026-05-04",
        "2026-05-05",
        "2026-05-09",
        "2026-06-19",
        "2026-09-25",
        "2026-10-08",
        "2026-10-10",
    ]

"""gongkai.data.periods: posting periods in working days, ending where the official calendar says,
stated on the page, and estimated (never refused) in a year the calendar does not know."""

from __future__ import annotations

from datetime import date

import pytest
from support import (
    D,
    copy_project,
    load,
    mkdocs_build,
    page_text,
    problems,
    roster_files,
    roster_notice,
    write_data,
)

# -- working days -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (
            "2026-09-18",
            3,
            "2026-09-21",
        ),  # the contract's example: Sunday 09-20 is worked for National Day
        (
            "2026-09-28",
            5,
            "2026-10-09",
        ),  # 28, 29, 30 Sep; National Day 1-7 Oct off; 8, 9 Oct (a weekday count: 10-02)
        (
            "2026-02-12",
            5,
            "2026-02-25",
        ),  # 12, 13, Sat 14 (worked); Spring Festival 15-23 off; 24, 25 (weekdays: 02-18)
        ("2026-11-18", 7, "2026-11-26"),
    ],
)
def test_a_period_in_working_days_ends_where_the_official_calendar_says(tmp_path, start, days, end):
    text = roster_notice("", period=f"period: {{from: {start}, working_days: {days}}}\n").replace(
        "date: 2026-11-20", f"date: {start}"
    )
    archive = load(tmp_path, roster_files(text))
    assert str(archive.entries["disclosures"]["x"].record.period.to) == end


def test_the_page_states_the_period_and_its_working_days(tmp_path):
    project = copy_project(
        tmp_path / "project",
        write_data(
            tmp_path / "data",
            roster_files(roster_notice("", period="period: {from: 2026-11-18, working_days: 7}\n")),
        ),
    )
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    assert "2026年11月18日至11月26日（7 个工作日）" in page_text(
        tmp_path / "site" / "disclosures" / "x" / "index.html"
    )


def test_a_year_the_calendar_does_not_know_is_estimated_and_told_not_refused(tmp_path):
    """Issue 17, case 7: a period in working days that reaches a year neither the library nor
    data/holidays.yml knows is no error: its end is estimated (never before the official one),
    told on its line, and the year to fill in is named."""
    text = roster_notice("", period="period: {from: 2035-03-02, working_days: 5}\n").replace(
        "date: 2026-11-20", "date: 2035-03-02"
    )
    archive = load(tmp_path, roster_files(text))
    period = archive.entries["disclosures"]["x"].record.period
    # Fri 2, Mon 5 … Thu 8 Mar: weekdays, no holiday near
    assert period.estimated and period.to == date(2035, 3, 8)
    assert [str(n) for n in archive.notices] == [
        f"{D}:7: 公示期（5 个工作日）跨入 2035 年，还不知道这一年的法定节假日安排，暂按估算截止到 2035-03-08（宁晚勿早：往年放过假的日子都不算工作日；页面上标为“暂定”）",
        "data/holidays.yml:1: 还不知道 2035 年的法定节假日安排（chinesecalendar 1.11.0 知道 2004–2026 年）：跨入 2035 年的公示期和办理时限暂按估算"
        "（页面上标为“暂定”，不判断逾期和达标）。国务院办公厅公布 2035 年的安排后，请在 data/holidays.yml 中写上 2035 年"
        "（gongkai holidays 可以从通知全文生成），或者升级 chinesecalendar；之后页面自动按实际工作日显示，记录不用改",
    ]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            "period: {from: 2026-11-18, to: 2026-11-26, working_days: 7}\n",
            f"{D}:7: to（截止日期）和 working_days（工作日数）只能写一个：请删去其中一个",
        ),
        (
            "period: {from: 2026-11-18}\n",
            f"{D}:7: 缺少必填字段「period.to」（公示截止日期）：请写截止日期 to，或写工作日数 working_days（如 {{from: 2026-11-18, working_days: 7}}）",
        ),
        (
            "period: {from: 2026-11-18, working_days: 31}\n",
            f"{D}:7: 「period.working_days」（公示工作日数）的值“31”不能大于 30",
        ),
        (
            "period: {from: 2026-11-18, working_days: 0}\n",
            f"{D}:7: 「period.working_days」（公示工作日数）的值“0”不能小于 1",
        ),
    ],
)
def test_working_days_rules(tmp_path, period, message):
    assert problems(tmp_path, roster_files(roster_notice("", period=period))) == [message]

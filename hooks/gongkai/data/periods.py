"""Posting periods (公示期): their end counted in working days, their length, and how pages say them."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.data.workdays import Calendar

# The working days a notice's posting period must hold (DOMAIN): 7 for a 困难帮扶 list, 5 for any
# other. The scorecard judges periods by it, imported lists get it, pages say it.
REQUIRED_WORKING_DAYS = 5
REQUIRED_BY_CATEGORY = {"aid": 7}


def required_working_days(category: str | None) -> int:
    """The working days a notice of this category must be posted."""
    return REQUIRED_BY_CATEGORY.get(category or "", REQUIRED_WORKING_DAYS)


def required_days_said() -> dict[str, int]:
    """The rule as pages say it (困难帮扶 7 个、其他 5 个)."""
    return {"aid": REQUIRED_BY_CATEGORY["aid"], "other": REQUIRED_WORKING_DAYS}


def resolve(period: Any, default_start: date, calendar: Calendar) -> tuple[str, str] | None:
    """Fill in a period's start (default_start, the record's date, when not written) and, for one
    given in working days, its end: official, or estimated (and marked so) when the calendar does
    not know a year it reaches. A problem as (field, Chinese message): the end falls before a start
    that was not written (the schema checks one that was)."""
    if period.start is None:
        period.start = default_start
        if period.to is not None and period.to < default_start:
            return "to", (
                f"公示截止日期 {period.to} 早于发布日期 {default_start}（没写 from 时，公示从发布日期 date 开始），"
                "请检查截止日期，或用 from 写上公示开始的日期"
            )
    if period.to is None and period.working_days:
        period.to, period._estimated = calendar.add_working_days(period.start, period.working_days)
    return None


def held(period: Any, calendar: Calendar) -> tuple[int, bool]:
    """How many working days a period holds, and whether that is an estimate (a year not known)."""
    if period.working_days:
        return period.working_days, period.estimated
    return calendar.working_days_in(period.start, period.to)


def period_text(start: date, end: date, working_days: int | None, estimated: bool = False) -> str:
    """2026年11月18日至11月26日（7 个工作日）; the year again when the period crosses one; an end
    estimated before the holiday calendar knows its year is 暂定."""
    second = (
        f"{end.month}月{end.day}日"
        if end.year == start.year
        else f"{end.year}年{end.month}月{end.day}日"
    )
    text = f"{start.year}年{start.month}月{start.day}日至{second}"
    if working_days and estimated:
        return text + f"（{working_days} 个工作日，截止日期暂定）"
    return text + (f"（{working_days} 个工作日）" if working_days else "")

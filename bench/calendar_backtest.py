"""Backtest of the working-day estimate for a year the holiday calendar does not know yet.

For every year chinesecalendar knows since 2008, the year is pretended unknown; for every start day
of it and every n from 1 to 30, the estimated n-th working day is compared with the official one.
The estimate must never end first. Printed: how often it ends later, and by how many days.

Two ways of counting, in one run:
- as the build estimates (the holiday windows learned from every known year since 2008);
- leave one out: the windows learned without the year tested, as a year to come will be estimated
  (it shows what a schedule unlike any before, such as 2015's 9/3 holiday, would do).

    python bench/calendar_backtest.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from gongkai.data import workdays  # noqa: E402


def measure(years: range) -> tuple[int, int, Counter, list[str]]:
    """(cases, total extra days, how many days longer → cases, the years with a case that ends first)."""
    cases, extra, spread, early = 0, 0, Counter(), []
    for year in years:
        first = None
        for start, n, official, estimate in workdays.compare_estimate(year):
            days = (estimate - official).days
            cases += 1
            extra += days
            spread[days] += 1
            if days < 0 and first is None:
                first = f"{year}（{start} 起 {n} 个工作日：正式 {official}，估算 {estimate}）"
        if first:
            early.append(first)
    return cases, extra, spread, early


def main() -> None:
    years = range(2008, workdays.library_years().stop)
    print(
        f"chinesecalendar {workdays.library_version()}，{years.start}–{years.stop - 1} 年，每年每个开始日、1–30 个工作日"
    )
    cases, extra, spread, early = measure(years)
    same = spread[0]
    print(
        f"按构建的估算：{cases:,} 种情况，早于正式截止日 {sum(v for k, v in spread.items() if k < 0)} 种；"
        f"与正式一致 {same / cases:.1%}，平均晚 {extra / cases:.2f} 天，最多晚 {max(spread)} 天"
    )
    print(
        "  晚几天 → 占比："
        + "，".join(
            f"{k} 天 {v / cases:.1%}" for k, v in sorted(spread.items()) if v / cases >= 0.005
        )
    )
    learned = workdays._windows
    late_years, total, total_extra = [], 0, 0
    for year in years:
        workdays._estimated_working.cache_clear()
        workdays._windows = lambda without=None, year=year: learned(year)  # noqa: E731
        try:
            c, e, s, early = measure(range(year, year + 1))
        finally:
            workdays._windows = learned
        total, total_extra = total + c, total_extra + e
        if early:
            late_years.append(f"{early[0]}，共 {sum(v for k, v in s.items() if k < 0)} 种")
    workdays._estimated_working.cache_clear()
    print(
        f"留一检验（窗口不用被测的那一年学）：平均晚 {total_extra / total:.2f} 天；早于正式截止日的年份："
        + ("；".join(late_years) if late_years else "没有")
    )


if __name__ == "__main__":
    main()

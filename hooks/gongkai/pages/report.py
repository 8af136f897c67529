"""The annual report of disclosure work (厂务公开年度报告): what inspectors ask, each figure linked
to the records behind it."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from gongkai import urls
from gongkai.kinds import KINDS
from gongkai.pages.charts import bar_chart
from gongkai.pages.views import View


@dataclass
class Figure:
    """A number and where its records are listed (None when there are none)."""

    value: int
    url: str | None = None


@dataclass
class Report:
    """One year's figures."""

    year: int
    totals: list[tuple[str, Figure]] = field(default_factory=list)  # 公开事项 12 …
    categories: list[tuple[str, Figure]] = field(default_factory=list)
    # unit, disclosures, allocations
    units: list[tuple[Any, Figure, Figure]] = field(default_factory=list)
    feedback: list[tuple[str, Figure]] = field(default_factory=list)
    answer_days: dict[str, float] = field(default_factory=dict)  # 平均 / 中位数 / 最长
    periods: Figure = field(default_factory=lambda: Figure(0))
    months: list[str] = field(default_factory=lambda: [f"{m}月" for m in range(1, 13)])
    # unit, per month, year
    allocation_grid: list[tuple[Any, list[Figure], Figure]] = field(default_factory=list)
    chart: Any = None
    scorecards: list[Any] = field(default_factory=list)  # 民主管理考核 of every unit
    members: list[Any] = field(default_factory=list)  # a group portal: each member's figures


@dataclass
class Detail:
    """The records behind one figure: a listing page of the report."""

    slug: str  # categories/pay, units/union, feedback, periods, allocations/zongcai1
    title: str
    views: list[View]
    by_month: bool = True


def build_report(
    year: int, published: dict[str, list[View]], units: dict, categories: dict
) -> tuple[Report, list[Detail]]:
    """The report of a year (records dated in it) and the listings its figures link to."""
    in_year = {kind: [v for v in views if v.date.year == year] for kind, views in published.items()}
    report = Report(year)
    details: list[Detail] = []

    def figure(slug: str, title: str, views: list[View]) -> Figure:
        if not views:
            return Figure(0)
        details.append(Detail(slug, title, views))
        return Figure(len(views), urls.url("report_detail", year=year, slug=slug))

    for kind, info in KINDS.items():  # the yearly archive already lists them
        label = info.label
        report.totals.append(
            (
                label,
                Figure(
                    len(in_year[kind]),
                    urls.url("archive", kind=kind, year=year) if in_year[kind] else None,
                ),
            )
        )
    disclosures = in_year["disclosures"]
    by_category = defaultdict(list)
    for view in disclosures:
        by_category[view.record.category].append(view)
    report.categories = [
        (c.name, figure(f"categories/{c.id}", f"{year}年{c.name}类公开事项", by_category[c.id]))
        for c in categories.values()
    ]
    by_unit: dict[str, dict[str, list[View]]] = defaultdict(lambda: defaultdict(list))
    for kind in ("disclosures", "allocations"):
        for view in in_year[kind]:
            by_unit[view.record.unit][kind].append(view)
    for unit in units.values():
        if unit.id in by_unit:
            report.units.append(
                (
                    unit,
                    figure(
                        f"units/{unit.id}",
                        f"{year}年{unit.name}的公开事项",
                        by_unit[unit.id]["disclosures"],
                    ),
                    figure(
                        f"allocations/{unit.id}",
                        f"{year}年{unit.name}的分配公示",
                        by_unit[unit.id]["allocations"],
                    ),
                )
            )
    # opinions: counted by the day they were raised, linked to the notices that carry them
    raised, answered, rectified, days = [], [], [], []
    for view in published["disclosures"]:
        items = [f for f in view.record.feedback if f.date.year == year]
        if items:
            raised.append((view, len(items)))
        done = [f for f in items if f.status in ("answered", "rectified", "rectifying")]
        if done:
            answered.append((view, len(done)))
        fixed = [f for f in items if f.status == "rectified"]
        if fixed:
            rectified.append((view, len(fixed)))
        days += [(f.replied - f.date).days for f in items if f.replied]

    def opinions(slug: str, title: str, pairs: list[tuple[View, int]]) -> Figure:
        found = figure(slug, title, [v for v, _ in pairs])
        return Figure(sum(n for _, n in pairs), found.url)

    report.feedback = [
        ("收到职工意见", opinions("feedback", f"{year}年收到职工意见的公开事项", raised)),
        ("已答复", opinions("feedback/answered", f"{year}年已答复意见的公开事项", answered)),
        ("已整改", opinions("feedback/rectified", f"{year}年意见已整改的公开事项", rectified)),
    ]
    if days:
        report.answer_days = {
            "平均": round(statistics.mean(days), 1),
            "中位数": statistics.median(days),
            "最长": max(days),
        }
    with_period = [
        v
        for kind in ("disclosures", "allocations")
        for v in published[kind]
        if v.record.period is not None and v.record.period.start.year == year
    ]
    report.periods = figure(
        "periods",
        f"{year}年开始的公示期",
        sorted(with_period, key=lambda v: (v.record.period.start, v.id), reverse=True),
    )
    grid: dict[str, Counter] = defaultdict(Counter)
    for view in in_year["allocations"]:
        grid[view.record.unit][view.date.month] += 1
    for unit in units.values():
        if unit.id in grid:
            url = urls.url("report_detail", year=year, slug=f"allocations/{unit.id}")
            cells = [
                Figure(grid[unit.id][m], f"{url}#y{year}m{m}" if grid[unit.id][m] else None)
                for m in range(1, 13)
            ]
            report.allocation_grid.append((unit, cells, Figure(sum(grid[unit.id].values()), url)))
    counts = {c.id: [0] * 12 for c in categories.values()}
    for view in disclosures:
        counts[view.record.category][view.date.month - 1] += 1
    report.chart = bar_chart(
        f"{year}年各月公开事项（按类别）",
        f"{year}年每月发布的公开事项条数，按类别分色",
        report.months,
        [(c.name, counts[c.id]) for c in categories.values()],
    )
    return report, details

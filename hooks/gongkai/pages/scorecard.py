"""Unit scorecards (民主管理考核): per unit and year, what an inspector of the group union grades —
notices and their posting periods, opinions answered in time and rectified, proposals led — each
figure linked to the records behind it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from gongkai import urls
from gongkai.data.periods import held, required_working_days
from gongkai.data.workdays import Calendar
from gongkai.pages.listings import Section
from gongkai.pages.views import View

# (slug, column heading, group): the figures in the order tables show them
COLUMNS = [
    ("notices", "发布公示", "公开"),
    ("period-met", "公示期达标", "公开"),
    ("period-short", "公示期不足", "公开"),
    ("opinions", "收到意见", "意见"),
    ("answered-in-time", "按时答复", "意见"),
    ("rectified", "已整改", "意见"),
    ("proposals", "主办提案", "提案"),
    ("on-time", "按时办理", "提案"),
    ("overdue", "逾期", "提案"),
    ("satisfied", "满意", "提案"),
]
TITLES = {
    "notices": "发布的公开事项和分配公示",
    "period-met": "公示期达到规定工作日数的公示",
    "period-short": "公示期不足规定工作日数的公示",
    "opinions": "收到职工意见的公开事项",
    "answered-in-time": "按时答复意见的公开事项",
    "rectified": "意见已整改的公开事项",
    "proposals": "主办的提案和合理化建议",
    "on-time": "按时答复的提案",
    "overdue": "逾期的提案（逾期答复或逾期未答复）",
    "satisfied": "提案人满意或基本满意的提案",
    "period-pending": "公示期跨入节假日安排尚未公布的年份、暂不判断是否达标的公示",
}
# figures that are not columns: said under the table when they are not zero
NOTES = ("period-pending",)


def required_days(view: View) -> int:
    """The working days a notice's period must hold (periods.required_working_days)."""
    return required_working_days(getattr(view.record, "category", None))


@dataclass
class Cell:
    """A figure: how many, and where its records are listed (None when there are none)."""

    value: int
    url: str | None = None


@dataclass
class Scorecard:
    """A unit's year: the figures and the records behind each."""

    unit: Any
    year: int
    # slug → the records behind the figure
    records: dict[str, list[View]] = field(default_factory=dict)
    # slug → the figure (opinions count items, not notices)
    values: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The listing of its records, one section a figure."""
        return urls.url("scorecard", year=self.year, unit=self.unit.id)

    @property
    def cells(self) -> list[Cell]:
        """The figures in COLUMNS' order, each linked to its section of the listing."""
        return [
            Cell(self.values[slug], f"{self.url}#{slug}" if self.records[slug] else None)
            for slug, _, _ in COLUMNS
        ]

    @property
    def pending_periods(self) -> Cell:
        """Notices whose period reaches a year the holiday calendar does not know: neither met nor short yet."""
        slug = "period-pending"
        return Cell(self.values[slug], f"{self.url}#{slug}" if self.records[slug] else None)

    def sections(self) -> list[Section]:
        """The listing's sections, one a figure that has records."""
        slugs = [slug for slug, _, _ in COLUMNS] + list(NOTES)
        return [
            Section(f"{TITLES[slug]}（{self.values[slug]}）", views, slug)
            for slug in slugs
            if (views := self.records[slug])
        ]


def scorecards(
    published: dict[str, list[View]], units: dict, reply_working_days: int, calendar: Calendar
) -> dict[int, list[Scorecard]]:
    """Every unit's scorecard of every year it has something to grade, by year, in units.yml's order.
    Nothing is judged from an estimate: a period that reaches a year the holiday calendar does not
    know is neither met nor short (period-pending), an opinion whose limit is estimated is not
    counted as answered in time, a proposal whose deadline is estimated neither on time nor overdue."""
    found: dict[tuple[str, int], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    counts: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind in ("disclosures", "allocations"):
        for view in published.get(kind, []):
            key = (view.record.unit, view.date.year)
            found[key]["notices"].append(view)
            period = view.record.period
            if period is not None:
                days, estimated = held(period, calendar)
                if estimated:
                    found[key]["period-pending"].append(view)
                else:
                    found[key][
                        "period-met" if days >= required_days(view) else "period-short"
                    ].append(view)
            items = view.opinions(reply_working_days)
            for year in {item.raised.year for item in items}:
                mine = [item for item in items if item.raised.year == year]
                _count(
                    found,
                    counts,
                    (view.record.unit, year),
                    view,
                    {
                        "opinions": len(mine),
                        "answered-in-time": sum(1 for item in mine if item.answered_in_time),
                        "rectified": sum(1 for item in mine if item.state == "rectified"),
                    },
                )
    for view in published.get("proposals", []):
        if (
            view.record.review is None
            or view.record.review.result != "accepted"
            or not view.record.handlers
        ):
            continue
        key = (view.record.handlers[0], view.date.year)
        found[key]["proposals"].append(view)
        if view.on_time:
            found[key]["on-time"].append(view)
        if view.on_time is False or view.overdue:
            found[key]["overdue"].append(view)
        evaluation = view.record.evaluation
        if evaluation is not None and evaluation.result != "unsatisfied":
            found[key]["satisfied"].append(view)
    out: dict[int, list[Scorecard]] = defaultdict(list)
    order = {unit_id: index for index, unit_id in enumerate(units)}
    for unit_id, year in sorted(found, key=lambda key: (order.get(key[0], len(order)), key[1])):
        if unit_id not in units:
            continue
        records = found[(unit_id, year)]
        card = Scorecard(units[unit_id], year)
        for slug in [slug for slug, _, _ in COLUMNS] + list(NOTES):
            views = sorted(records.get(slug, []), key=lambda v: (v.date, v.id), reverse=True)
            card.records[slug] = views
            card.values[slug] = counts[(unit_id, year)].get(slug, len(views))
        out[year].append(card)
    return out


def _count(found: dict, counts: dict, key: tuple, view: View, values: dict[str, int]) -> None:
    """Opinions are counted one by one, listed by the notice that carries them."""
    for slug, value in values.items():
        counts[key][slug] += value
        if value:
            found[key][slug].append(view)

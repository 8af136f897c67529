"""What templates receive: records with their status, resolved references and rendered text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from markupsafe import Markup

from .load import Archive, Entry
from .charts import distribution
from .markup import MarkdownRenderer, first_paragraph
from .qr import QRCode, make_qr
from .schema import ALLOCATION_KINDS, EVENT_KINDS, FEEDBACK_STATUSES, KINDS, STAGES

WEEKDAYS = "一二三四五六日"
SINGULAR = {"disclosures": "disclosure", "allocations": "allocation", "events": "event", "stories": "story"}
KIND_SHORT = {"disclosures": "公开", "allocations": "分配", "events": "活动", "stories": "事迹"}


def zh_date(day: date) -> str:
    """2026年11月25日."""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_weekday(day: date) -> str:
    """星期三."""
    return "星期" + WEEKDAYS[day.weekday()]


def zh_moment(moment: date) -> str:
    """2026年11月8日（星期日）14:00, or without the time for an all-day date."""
    text = f"{zh_date(moment)}（{zh_weekday(moment)}）"
    return text + moment.strftime(" %H:%M") if isinstance(moment, datetime) else text


def zh_month(month: str) -> str:
    """2026-10 → 2026年10月."""
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


@dataclass(frozen=True)
class Status:
    """A notice's posting status as of the build; the browser recomputes it from the same dates."""

    code: str  # "pending" | "running" | "ended" | "published"
    label: str
    start: date | None = None
    end: date | None = None
    days_left: int | None = None

    @property
    def note(self) -> str:
        """还剩 3 天 / 今天截止 / 11月27日起公示 / ''."""
        if self.code == "running":
            return "今天截止" if self.days_left == 1 else f"还剩 {self.days_left} 天"
        if self.code == "pending":
            return f"{self.start.month}月{self.start.day}日起公示"
        return ""


def posting_status(period: Any, today: date) -> Status:
    """公示中 inside the period, 公示结束 after it, 待公示 before it, 已公开 without one."""
    if period is None:
        return Status("published", "已公开")
    start, end = period.start, period.to
    if today < start:
        return Status("pending", "待公示", start, end)
    if today > end:
        return Status("ended", "公示结束", start, end)
    return Status("running", "公示中", start, end, (end - today).days + 1)


class Context:
    """Per-build helpers shared by every view: the archive, today and one Markdown renderer."""

    def __init__(self, archive: Archive, site_url: str = "", history: dict | None = None):
        self.archive = archive
        self.site_url = site_url
        self.history = history or {}  # kind/id → Revisions, from git
        self.today = archive.today
        self.renderer = MarkdownRenderer()
        self._views: dict[str, View] = {}

    def view(self, entry: Entry) -> "View":
        """The (cached) view of an entry."""
        found = self._views.get(entry.key)
        if found is None:
            found = self._views[entry.key] = View(entry, self)
        return found

    def unit_chain(self, unit_id: str) -> list[Any]:
        """The unit and its parents, top first."""
        chain = []
        while unit_id is not None and unit_id in self.archive.units:
            unit = self.archive.units[unit_id]
            chain.insert(0, unit)
            unit_id = unit.parent
        return chain


class View:
    """A record as a template sees it."""

    def __init__(self, entry: Entry, context: Context):
        self.entry = entry
        self.ctx = context
        self.record = entry.record
        self.kind = entry.kind
        self.id = entry.id
        self.url = entry.url
        self.title = entry.record.title
        self.date = entry.record.date

    @property
    def kind_label(self) -> str:
        """公开事项 / 工资奖金分配公示 / 活动 / 先进事迹."""
        return KINDS[self.kind]

    @property
    def kind_short(self) -> str:
        """A two-character badge for lists."""
        return KIND_SHORT[self.kind]

    @property
    def singular(self) -> str:
        """disclosure / allocation / event / story."""
        return SINGULAR[self.kind]

    @cached_property
    def unit(self) -> Any:
        """The publishing unit."""
        return self.ctx.archive.units[self.record.unit]

    @cached_property
    def unit_path(self) -> str:
        """兴业煤矿 / 综采一队."""
        return " / ".join(unit.name for unit in self.ctx.unit_chain(self.record.unit))

    @cached_property
    def category(self) -> Any:
        """The disclosure category, if any."""
        category = getattr(self.record, "category", None)
        return self.ctx.archive.categories.get(category) if category else None

    @cached_property
    def status(self) -> Status | None:
        """The posting status, for records that can have a period."""
        if self.kind not in ("disclosures", "allocations"):
            return None
        return posting_status(self.record.period, self.ctx.today)

    @cached_property
    def body(self) -> Markup:
        """The body (or an allocation's basis), rendered and sanitised."""
        text = self.record.basis if self.kind == "allocations" else self.record.body
        return self.ctx.renderer.render(text)

    @cached_property
    def summary(self) -> str:
        """The summary as plain text: given, or the body's first paragraph."""
        given = getattr(self.record, "summary", None)
        if given:
            return given
        if self.kind == "allocations":
            return f"{zh_month(self.record.month)}{ALLOCATION_KINDS[self.record.kind]}分配，共 {self.headcount} 人，总额 {self.total_text} 元"
        if self.kind == "events":
            return f"{self.when}" + (f"，{self.record.location}" if self.record.location else "")
        return first_paragraph(self.record.body)

    # allocations -----------------------------------------------------------------------

    @property
    def rows_public(self) -> bool:
        """Names and amounts are public only while the posting period runs."""
        return self.status is not None and self.status.code == "running"

    @property
    def rows(self) -> list[Any]:
        """The named rows, only while they may be shown."""
        return self.record.rows if self.rows_public else []

    @property
    def headcount(self) -> int:
        """How many people the allocation covers."""
        return self.entry.headcount

    @property
    def total_text(self) -> str:
        """12,345.60."""
        return f"{self.record.total:,.2f}"

    @property
    def allocation_kind(self) -> str:
        """工资 / 奖金 / …"""
        return ALLOCATION_KINDS[self.record.kind]

    @cached_property
    def average(self) -> Decimal:
        """The average amount per person, to the fen."""
        return (self.record.total / self.headcount).quantize(Decimal("0.01"))

    @property
    def has_points(self) -> bool:
        """Whether any row gives 工分 (to show the column)."""
        return any(row.points is not None for row in self.rows)

    @property
    def has_shifts(self) -> bool:
        """Whether any row gives 出勤."""
        return any(row.shifts for row in self.rows)

    @property
    def has_posts(self) -> bool:
        """Whether any row gives 岗位."""
        return any(row.post for row in self.rows)

    @property
    def has_notes(self) -> bool:
        """Whether any row gives 备注."""
        return any(row.note for row in self.rows)

    @cached_property
    def chart(self) -> Any:
        """The distribution of amounts while named rows are public; none after (aggregates only)."""
        if not self.rows_public:
            return None
        return distribution([row.amount for row in self.rows], title="金额分布")

    @property
    def csv_url(self) -> str:
        """The CSV download, contract address /allocations/<id>.csv."""
        return f"allocations/{self.id}.csv"

    # events ------------------------------------------------------------------------------

    @property
    def event_kind(self) -> str:
        """文艺 / 体育 / …"""
        return EVENT_KINDS[self.record.kind]

    @cached_property
    def when(self) -> str:
        """The event's time, the Chinese way, with its end if any."""
        start, end = self.record.start, self.record.end
        text = zh_moment(start)
        if end is None:
            return text
        if isinstance(end, datetime) and isinstance(start, datetime) and end.date() == start.date():
            return f"{text}–{end:%H:%M}"
        return f"{text} 至 {zh_moment(end)}"

    @property
    def upcoming(self) -> bool:
        """An event that has not ended by today."""
        last = self.record.end or self.record.start
        last_day = last.date() if isinstance(last, datetime) else last
        return last_day >= self.ctx.today

    @property
    def start_iso(self) -> str:
        """The start for a <time datetime> attribute."""
        start = self.record.start
        return start.strftime("%Y-%m-%dT%H:%M") if isinstance(start, datetime) else start.isoformat()

    # disclosures -------------------------------------------------------------------------

    @property
    def stages(self) -> list[dict]:
        """The 办理过程 timeline with Chinese stage names."""
        return [{"label": STAGES[s.stage], "code": s.stage, "date": s.date, "by": s.by, "note": s.note} for s in self.record.stages]

    @property
    def feedback(self) -> list[dict]:
        """职工意见与答复 with Chinese status names and days to answer."""
        out = []
        for item in self.record.feedback:
            days = (item.replied - item.date).days if item.replied else None
            out.append({"item": item, "label": FEEDBACK_STATUSES[item.status], "days": days})
        return out

    @cached_property
    def related(self) -> list[tuple[str, "View | None"]]:
        """Related records: (key, view) with view None when the target is not published."""
        out = []
        for key in getattr(self.record, "related", []):
            entry = self.ctx.archive.lookup(key)
            out.append((key, self.ctx.view(entry) if entry and entry.published else None))
        return out

    @property
    def revisions(self) -> Any:
        """修订记录: the publication date and later corrections, when there were any."""
        found = self.ctx.history.get(self.entry.key)
        return found if found is not None and found.changes else None

    @cached_property
    def qr(self) -> QRCode | None:
        """The printed notice's QR code: the page's address (needs site_url), drawn as SVG."""
        return make_qr(self.ctx.site_url + self.url) if self.ctx.site_url else None

    @property
    def media(self) -> list[str]:
        """Every media file this record points to, relative to data/media."""
        files = [a.file for a in getattr(self.record, "attachments", [])]
        files += [p.file for p in getattr(self.record, "photos", [])]
        if getattr(self.record, "photo", None):
            files.append(self.record.photo)
        return files

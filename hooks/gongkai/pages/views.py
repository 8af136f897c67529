"""What templates receive: records with their status, resolved references and rendered text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup, escape

from gongkai.data.markup import first_paragraph
from gongkai.data.periods import held, period_text
from gongkai.pages.qr import QRCode, make_qr
from gongkai.settings import REPLY_WORKING_DAYS

if TYPE_CHECKING:
    from gongkai.data.archive import Archive, Entry
    from gongkai.kinds.base import Kind
    from gongkai.settings import Settings

WEEKDAYS = "一二三四五六日"
# a landline with its area code (0537-7102215, 0537 7102215) or a mobile number, as written in contact
_PHONE = re.compile(
    r"(?<![\d-])(?:0\d{2,3}[- ]?\d{7,8}(?:-\d{1,5})?|1[3-9]\d[- ]?\d{4}[- ]?\d{4}|\d{7,8})(?![\d-])"
)


def phone_links(text: str) -> Markup:
    """Plain text, escaped, with every phone number a tel: link that does not wrap."""
    out, last = [], 0
    for found in _PHONE.finditer(text):
        out.append(escape(text[last : found.start()]))
        digits = re.sub(r"\D", "", found.group())
        out.append(Markup('<a class="gk-tel" href="tel:{}">{}</a>').format(digits, found.group()))
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


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

    code: str  # "pending" | "running" | "ended" | "published"; "unpublished" for a preview's draft or scheduled record
    label: str
    start: date | None = None
    end: date | None = None
    days_left: int | None = None
    estimated: bool = False  # the end counted over a year the holiday calendar does not know

    @property
    def note(self) -> str:
        """还剩 3 天 / 今天截止 / 11月27日起公示 / ''; （暂定） after an estimated end's count."""
        if self.code == "running":
            left = "今天截止" if self.days_left == 1 else f"还剩 {self.days_left} 天"
            return left + ("（暂定）" if self.estimated else "")
        if self.code == "pending":
            return f"{self.start.month}月{self.start.day}日起公示"
        return ""

    @property
    def end_text(self) -> str:
        """2026年11月26日, or 2027年1月12日（暂定）."""
        return zh_date(self.end) + ("（暂定）" if self.estimated else "")


def posting_status(period: Any, today: date) -> Status:
    """公示中 inside the period, 公示结束 after it, 待公示 before it, 已公开 without one."""
    if period is None:
        return Status("published", "已公开")
    start, end, estimated = period.start, period.to, period.estimated
    if today < start:
        return Status("pending", "待公示", start, end, estimated=estimated)
    if today > end:
        return Status("ended", "公示结束", start, end, estimated=estimated)
    return Status("running", "公示中", start, end, (end - today).days + 1, estimated)


class Context:
    """Per-build helpers shared by every view: the archive, the kinds, today and the history."""

    def __init__(
        self,
        archive: Archive,
        kinds: dict[str, Kind],
        site_url: str = "",
        history: dict | None = None,
        settings: Settings | None = None,
        today: date | None = None,
    ):
        self.archive = archive
        self.kinds = kinds
        self.site_url = site_url
        self.history = history or {}  # kind/id → Revisions, from git
        self.today = today or archive.today  # another day: a page prepared for the day its names go
        # whom to tell when a notice names nobody
        self.contact = settings.contact if settings else ""
        self.reply_days = settings.reply_working_days if settings else REPLY_WORKING_DAYS
        self.opinion_url = settings.opinion_url if settings else ""
        self.edit_root = settings.edit_root if settings else ""
        self._views: dict[str, View] = {}

    def view(self, entry: Entry) -> View:
        """The (cached) view of an entry, of its kind's view class."""
        found = self._views.get(entry.key)
        if found is None:
            found = self._views[entry.key] = self.kinds[entry.kind].view(entry, self)
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
    """A record as a template sees it: what every kind shares. Each kind's view adds its own."""

    has_period = False  # the kind has a posting period and a status

    def __init__(self, entry: Entry, context: Context):
        self.entry = entry
        self.ctx = context
        self.record = entry.record
        self.kind = entry.kind
        self.id = entry.id
        self.url = entry.url
        self.title = entry.record.title
        self.date = entry.record.date

    def __getattr__(self, name: str) -> Any:
        """A field of the record that the view does not compute itself: templates read
        `allocation.month` as they read `allocation.status`. Only the schema's fields: a misspelt
        name stays undefined in a template."""
        record = self.__dict__.get("record")
        if record is not None and name in type(record).model_fields:
            return getattr(record, name)
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    @property
    def in_calendar(self) -> bool:
        """Whether the record is in the site's calendar (an event)."""
        return self.ctx.kinds[self.kind].in_calendar

    @property
    def takes_opinions(self) -> bool:
        """Whether workers' opinions on it are answered on its page and the opinions board."""
        return self.ctx.kinds[self.kind].takes_opinions

    @property
    def kind_label(self) -> str:
        """公开事项 / 工资奖金分配公示 / 活动 / 先进事迹."""
        return self.ctx.kinds[self.kind].label

    @property
    def kind_short(self) -> str:
        """A two-character badge for lists."""
        return self.ctx.kinds[self.kind].short

    @property
    def badge(self) -> str:
        """What a list shows beside the title: the kind's short name, or what informs more (a
        disclosure's category, an allocation's or event's kind)."""
        return self.kind_short

    @property
    def singular(self) -> str:
        """disclosure / allocation / event / story: the page kind, its template and its variable."""
        return self.ctx.kinds[self.kind].name

    @cached_property
    def unit(self) -> Any:
        """The publishing unit."""
        return self.ctx.archive.units[self.record.unit]

    @cached_property
    def unit_path(self) -> str:
        """兴业煤矿 / 综采一队."""
        return " / ".join(unit.name for unit in self.ctx.unit_chain(self.record.unit))

    @cached_property
    def status(self) -> Status | None:
        """The posting status, for records that can have a period."""
        if not self.has_period:
            return None
        status = posting_status(self.record.period, self.ctx.today)
        # a preview's draft or scheduled record: not public yet
        if self.entry.pending and status.code == "published":
            return Status("unpublished", "草稿" if self.entry.pending == "draft" else "未发布")
        return status

    @cached_property
    def period_text(self) -> str | None:
        """公示期 as pages say it: 2026年11月18日至11月26日（7 个工作日）."""
        period = getattr(self.record, "period", None)
        if period is None:
            return None
        days, estimated = held(period, self.ctx.archive.calendar)
        if estimated and not period.working_days:
            # the dates are as written; how many working days they hold is not known yet
            days = None
        return period_text(period.start, period.to, days, estimated and bool(period.working_days))

    @property
    def last_change(self) -> date:
        """The day of its latest news for feeds: its date (a proposal: its latest step)."""
        return self.date

    @property
    def contact(self) -> str:
        """监督/意见受理 of a kind that has it: the record's own, else the site's (extra.gongkai.contact)."""
        if "contact" not in type(self.record).model_fields:
            return ""
        return self.record.contact or self.ctx.contact

    @cached_property
    def contact_html(self) -> Markup:
        """监督/意见受理 with its phone numbers as links a phone can call (tel:)."""
        return phone_links(self.contact)

    @property
    def pending(self) -> str:
        """In a preview only: "draft" or "scheduled" for a record a build does not publish (yet)."""
        return self.entry.pending

    @property
    def edit_url(self) -> str:
        """The record's file in the forge's web editor (编辑此页), when mkdocs.yml names the forge."""
        return self.ctx.edit_root + self.entry.src if self.ctx.edit_root else ""

    @property
    def doc_number(self) -> str:
        """文号 of a kind that has one."""
        return getattr(self.record, "doc_number", None) or ""

    @property
    def opinion_contact(self) -> str:
        """Whom a worker tells an opinion: the notice's contact, the site's, or the publishing unit."""
        return getattr(self.record, "contact", None) or self.ctx.contact or self.unit.name

    @property
    def opinion_contact_html(self) -> Markup:
        """Whom to tell, its phone numbers links a phone can call."""
        return phone_links(self.opinion_contact)

    @property
    def opinion_link(self) -> str | None:
        """The enterprise's own form for an opinion on this notice (extra.gongkai.opinion_url with
        the title and address filled in), or None."""
        template = self.ctx.opinion_url
        if not template:
            return None
        return template.format(
            title=quote(self.title, safe=""), url=quote(self.ctx.site_url + self.url, safe="")
        )

    @cached_property
    def body(self) -> Markup:
        """The body, rendered and sanitised (while validating)."""
        return self.entry.rendered["body"]

    @cached_property
    def summary(self) -> str:
        """The summary as plain text: the body's first paragraph."""
        return first_paragraph(self.record.body)

    @cached_property
    def related(self) -> list[tuple[str, View | None]]:
        """Related records: (key, view) with view None when the target is not published."""
        out = []
        for key in getattr(self.record, "related", []):
            entry = self.ctx.archive.lookup(key)
            out.append((key, self.ctx.view(entry) if entry and entry.published else None))
        return out

    def opinions(self, working_days: int) -> list[Any]:
        """The opinions board's items the record brings (opinions.Opinion): none, unless its kind
        takes opinions (a notice's) or awaits an answer (a proposal)."""
        return []

    @property
    def people_public(self) -> bool:
        """Whether the record's table of people (pay rows, a name list) is shown today: the one rule
        of withdrawal (people.PeopleTable.is_public) that the loader, pages, CSVs, search, feeds and
        publish's proof follow."""
        people = self.ctx.kinds[self.kind].people
        return people is not None and people.is_public(self.record, self.ctx.today)

    @property
    def stamp(self) -> tuple:
        """What the record's page shows, as stamps: its file, its related records' and its history."""
        related = tuple((key, r.entry.stamp if r else None) for key, r in self.related)
        return self.entry.key, self.entry.stamp, related, repr(self.revisions)

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
        return []

    @property
    def csv_url(self) -> str | None:
        """The address of the record's table of people as CSV, for kinds that have one."""
        return None

    def render_csv(self) -> bytes | None:
        """The table as CSV while it may be published, else None."""
        return None

    @property
    def feed_units(self) -> list[str]:
        """The units whose feed carries the record: its publishing unit (and a proposal's handlers)."""
        return [self.record.unit]

    def search_parts(self) -> list[str]:
        """The kind's own texts a search finds the record by, beyond title, body and summary."""
        return []

    def keywords(self) -> list[str]:
        """The words a record is about, chosen by its editor: a query found in them ranks it first."""
        return [self.title, *self.record.tags, self.doc_number]

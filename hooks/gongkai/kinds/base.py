"""What a kind of record is: its folder and names, its schema and rules, its view and its pages.

A kind is one module under kinds/ (the schema, the rules, the view, the index and the editor's
template side by side); load, pages, search, feeds, schemas and the CLI iterate KINDS."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from gongkai.data.people import PeopleTable, TableSource
from gongkai.data.periods import resolve as resolve_period
from gongkai.data.schema import Record
from gongkai.pages.listings import LATEST, Layout, Section, by_month
from gongkai.pages.views import View

if TYPE_CHECKING:
    from gongkai.data.archive import Archive, Entry
    from gongkai.data.checking import RecordCheck
    from gongkai.data.workdays import Calendar
    from gongkai.pages.generator import Generator
    from gongkai.pages.listings import Filter, PageSpec


PLACEHOLDERS = (
    "请填写",
    "请在这里填写",
)  # how every template's example text begins: never real content


def estimate_notice(what: str, working_days: int, end: date, years: list[int]) -> str:
    """The notice on the line of a period or deadline estimated over a year not known yet."""
    year = "、".join(str(y) for y in years)
    return (
        f"{what}（{working_days} 个工作日）跨入 {year} 年，还不知道这一年的法定节假日安排，"
        f"暂按估算截止到 {end.isoformat()}（宁晚勿早：往年放过假的日子都不算工作日；页面上标为“暂定”）"
    )


@dataclass(frozen=True)
class Scaffold:
    """What `gongkai new` and `gongkai import` fill a new record's template with."""

    title: str
    unit: str
    day: date
    category: str = "other"
    imported: Any = None  # an allocation whose rows were imported into its CSV
    session: str = ""  # a proposal's congress: the newest of data/sessions.yml, if any


class Kind:
    """One kind of record. Subclasses set the names and override the hooks they need."""

    folder: ClassVar[str]  # data/<folder>/ and the addresses /<folder>/<id>/, /<folder>/
    name: ClassVar[str]  # the page kind: its template <name>.html and its context variable
    label: ClassVar[str]  # 公开事项
    short: ClassVar[str]  # 公开: the badge in lists
    # the kind in menus (search's choice of kinds) when its label is too long
    menu: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()  # more words `gongkai new` accepts for it
    schema: ClassVar[type[Record]]
    view: ClassVar[type[View]] = View
    people: ClassVar[PeopleTable | None] = None  # a table of people beside the record (<id>.csv)
    # fields written in Markdown, rendered while validating
    markdown: ClassVar[tuple[str, ...]] = ("body",)
    # fields that exist to name a person ("results.*.winner")
    persons: ClassVar[tuple[str, ...]] = ()
    # whether feeds, cards and calendars summarise a record by its body's first paragraph (when it
    # has no summary of its own): that plain text is then checked by the privacy guard as well
    summary_from_body: ClassVar[bool] = True
    in_calendar: ClassVar[bool] = False  # its records are in /events.ics, each in its own .ics
    takes_opinions: ClassVar[bool] = False  # workers' opinions on it go to the opinions board

    @property
    def layout(self) -> Layout:
        """The page of one record of the kind: its template <name>.html, its variable <name>."""
        return Layout.named(self.name)

    @property
    def menu_label(self) -> str:
        """The kind's name in menus."""
        return self.menu or self.label

    # -- loading ------------------------------------------------------------------------------

    def references(self, data: dict) -> Iterator[tuple[tuple, str, str]]:
        """What a record names that must exist, from its raw values: (loc, what, value), what being
        unit, category, photo, attachment or related; checked once every file has been read."""
        if isinstance(data.get("unit"), str):
            yield ("unit",), "unit", data["unit"]
        for loc, file, role in self.media_in(data):
            yield loc, role, file
        related = data.get("related")
        for index, key in enumerate(related if isinstance(related, list) else []):
            if isinstance(key, str):
                yield ("related", index), "related", key

    def media_in(self, data: dict) -> Iterator[tuple[tuple, str, str]]:
        """The media files a record's raw values point to: (loc, path under data/media, role), the
        role (photo or attachment) saying which types are allowed."""
        return iter(())

    def check(self, check: RecordCheck, data: dict) -> None:
        """Rules over the raw values, checked even when the schema finds other problems."""

    def check_record(self, check: RecordCheck, record: Record, table: TableSource) -> None:
        """Rules over the typed record, once the schema accepts it (table: where its rows of people
        were written, to locate a row's problem)."""

    def resolve(self, record: Record, calendar: Calendar) -> list[tuple[tuple, str]]:
        """After validation, what depends on other fields or on the calendar: a posting period's
        start (the record's date when not written) and its end in working days. Problems as
        (loc, message)."""
        period = getattr(record, "period", None)
        problem = resolve_period(period, record.date, calendar) if period is not None else None
        return [(("period", problem[0]), problem[1])] if problem else []

    def estimates(self, record: Record, calendar: Calendar) -> list[tuple[tuple, str, list[int]]]:
        """Dates counted in working days over years the holiday calendar does not know: (loc, the
        notice, those years). A posting period's end, here."""
        period = getattr(record, "period", None)
        if period is None or not period.estimated:
            return []
        years = calendar.unknown_years(period.start, period.to)
        return [
            (
                ("period", "working_days"),
                estimate_notice("公示期", period.working_days, period.to, years),
                years,
            )
        ]

    def withdraw_rows(self, entry: Entry, archive: Archive) -> None:
        """After validation: what must not be carried further (named rows outside their period)."""
        if self.people is not None:
            self.people.withdraw(entry, archive.today)

    # -- pages --------------------------------------------------------------------------------

    def index_sections(self, views: list[View]) -> list[Section]:
        """The kind's index: what is in its posting period first, then the newest by month."""
        running = [v for v in views if v.status and v.status.code == "running"]
        running.sort(key=lambda v: v.status.end)
        latest = [v for v in views if v not in running][:LATEST]
        return (
            [Section("公示中", running, "running", running=True)] if running else []
        ) + by_month(latest)

    # what each status of the kind means, said under its index: (label, meaning)
    legend: tuple[tuple[str, str], ...] = ()

    def index_intro(self, views: list[View]) -> str:
        """A sentence under the index's title: what it lists and where the rest is."""
        return ""

    def category_links(self, archive: Archive, views: list[View]) -> list[tuple[str, str, int]]:
        """Links to the kind's categories on its index: (label, url, count)."""
        return []

    def index_filters(self, archive: Archive, sections: list[Section]) -> list[Filter]:
        """Choices on the kind's index that narrow its items in the reader's browser."""
        return []

    def month_chart(self, archive: Archive, year: int, views: list[View]) -> Any:
        """A chart of the year's records per month on its archive page, if the kind has one."""
        return None

    def pages(self, generator: Generator) -> list[PageSpec]:
        """Pages of the kind beyond its records, index and yearly archives."""
        return []

    # -- editors ------------------------------------------------------------------------------

    def scaffold(self, new: Scaffold) -> str:
        """The text of a new record with Chinese comments (gongkai new)."""
        raise NotImplementedError

    @staticmethod
    def head(label: str, new: Scaffold) -> str:
        """The fields every new record starts with."""
        from json import dumps

        return (
            f"# {label}。“#”后面是说明，可以保留也可以删除；字段的含义见网站上的《编辑指南·字段说明》。\n"
            f"# 文件名就是这条记录的 id 和网址，发布后请不要再改名。\n"
            f"title: {dumps(new.title, ensure_ascii=False)}   # 标题，1–120 个字\n"
            f"unit: {new.unit}   # 发布单位，data/units.yml 中的 id\n"
            f"date: {new.day.isoformat()}   # 发布日期；晚于今天的记录到那天才发布\n"
            f"draft: true   # 草稿不会发布：内容写好、核对无误后删掉这一行\n"
        )

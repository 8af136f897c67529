"""Generated pages as specs and the listings they show: sections of items, pages of a series."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import Any

from pydantic import BaseModel

from gongkai import urls
from gongkai.pages.views import View

PAGE_SIZE = 50  # links on one listing page; years and units paginate beyond it
LATEST = 20  # records on a kind's index before the yearly archive takes over


@dataclass(frozen=True)
class Layout:
    """How a kind of generated page is laid out, declared once: its template in theme_overrides/
    (autoescaped, as every template of the project), the name under which the template receives
    what the page shows, and the parts of Material's layout it hides."""

    template: str
    name: str
    hide: tuple[str, ...] = ()

    @classmethod
    def named(cls, name: str, **options: Any) -> Layout:
        """The page kind whose template and variable share a name: listing.html shows `listing`."""
        return cls(f"{name}.html", name, **options)


LISTING = Layout.named("listing")  # sections of records, links to more (indexes, archives …)
UNITS = Layout.named("units")  # the tree of units
UNIT = Layout.named("unit")  # a unit's records, its scorecards and its children
REPORT = Layout.named("report", hide=("navigation",))  # twelve months' tables: the page's width
FEEDBACK = Layout.named("feedback")  # the opinions board
SESSIONS = Layout.named("sessions")
SESSION = Layout.named("session")


@dataclass
class PageSpec:
    """A generated page: its address (urls), title, layout and what it shows (made lazily); the
    page of the navigation lit for it (its tab) when it is not in the navigation itself."""

    address: str
    title: str
    layout: Layout
    make: Callable[[], Any]
    in_nav: bool = False
    tab: str | None = None

    @property
    def src_uri(self) -> str:
        """Its Markdown source for MkDocs."""
        return urls.source(self.address)

    def stamp(self) -> tuple:
        """What the page shows, as plain values: equal stamps, equal page. A preview re-renders a
        page whose stamp changed (with today's date and the site's files, site.Build.load)."""
        return (self.title, self.layout, stamp_of(self.make()))


_PLAIN = (str, int, float, Decimal, date, type(None))  # Markup and datetime among them


def stamp_of(shown: Any) -> Any:
    """What a page's context shows, walked down to plain values; a record by the stamps of its file,
    of its related records and of its history (View.stamp). A type it cannot walk is an error, never
    a stamp that misses a change (a page left stale under the preview)."""
    if isinstance(shown, _PLAIN):
        return shown
    if isinstance(shown, View):
        return shown.stamp
    if isinstance(shown, (list, tuple)):
        return tuple(stamp_of(item) for item in shown)
    if isinstance(shown, dict):
        return tuple((stamp_of(key), stamp_of(value)) for key, value in shown.items())
    if isinstance(shown, BaseModel):  # a unit, a session: what data/*.yml says of it
        return type(shown).__name__, shown.model_dump_json()
    if hasattr(shown, "stamp_key"):  # a group portal's member and what it shows (portal.group)
        return type(shown).__name__, shown.stamp_key
    if is_dataclass(shown) and not isinstance(shown, type):
        return (type(shown).__name__, *(stamp_of(getattr(shown, f.name)) for f in fields(shown)))
    raise TypeError(f"a page shows a {type(shown).__name__}, which stamp_of cannot walk")


@dataclass
class Section:
    """A heading and the items under it (a month, a status, a year)."""

    heading: str
    items: list[View]
    anchor: str = ""  # the heading's id, for links into the page (y2026m10)
    running: bool = False  # what is in its posting period: the browser drops what has ended since


@dataclass(frozen=True)
class Filter:
    """A choice of an index's filters: items whose data-gk-f-<key> holds the chosen value stay."""

    key: str
    label: str
    options: tuple[tuple[str, str], ...]  # (value, label)


class Paged:
    """One page of a series: page (from 1), pages and page_urls, given by the dataclass using it."""

    page: int
    pages: int
    page_urls: list[str]

    @property
    def prev_url(self) -> str | None:
        """The previous page of the series."""
        return self.page_urls[self.page - 2] if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        """The next page of the series."""
        return self.page_urls[self.page] if self.page < self.pages else None


@dataclass
class Listing(Paged):
    """A page of links: sections of items, links to other listings, and where it sits in a series."""

    title: str
    kind: str | None = None
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (label, url, count)
    links_title: str = ""
    page: int = 1
    pages: int = 1
    page_urls: list[str] = field(default_factory=list)
    chart: Any = None
    calendar: bool = False  # a link to the calendar of all its records (the events' index)
    category_links: list[tuple[str, str, int]] = field(default_factory=list)
    # choices that narrow the items in the browser
    filters: list[Filter] = field(default_factory=list)
    # what each status shown means: (label, meaning)
    legend: list[tuple[str, str]] = field(default_factory=list)
    # unit pages only
    unit: Any = None
    parents: list[Any] = field(default_factory=list)
    children: list[Any] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)
    scorecards: list[Any] = field(default_factory=list)  # 民主管理考核, by year


def by_month(views: list[View]) -> list[Section]:
    """Sections per month, newest first, as on a physical board's archive."""
    return [
        Section(f"{year}年{month}月", list(items), f"y{year}m{month}")
        for (year, month), items in groupby(views, key=lambda v: (v.date.year, v.date.month))
    ]


def paginate(
    first: str, views: list[View], build: Callable[[list[View], int, int, list[str]], Listing]
) -> list[tuple[str, Listing]]:
    """Split views into pages of PAGE_SIZE: (address, listing) for first, first/2/ …"""
    chunks = [views[i : i + PAGE_SIZE] for i in range(0, len(views), PAGE_SIZE)] or [[]]
    addresses = [urls.series_page(first, n) for n in range(1, len(chunks) + 1)]
    return [
        (address, build(chunk, n, len(chunks), addresses))
        for n, (address, chunk) in enumerate(zip(addresses, chunks, strict=True), start=1)
    ]

"""Page specs for the whole site: record pages, kind indexes, yearly archives, units, categories."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Callable

from .load import Archive
from .charts import bar_chart
from .report import build_report
from .schema import EVENT_KINDS, KINDS
from .views import Context, View

PAGE_SIZE = 50  # links on one listing page; years and units paginate beyond it
LATEST = 20  # records on a kind's index before the yearly archive takes over


@dataclass
class PageSpec:
    """A generated page: where it lives, which template renders it, and its context (made lazily)."""

    src_uri: str
    title: str
    template: str
    name: str  # the context variable, sharing the template's name
    make: Callable[[], Any]
    in_nav: bool = False
    depends: tuple = ()  # what the page shows, as stamps: equal stamps, equal page (for previews)

    @property
    def markdown(self) -> str:
        """The page source handed to MkDocs: only front matter, the template renders the rest."""
        return f"---\ntemplate: {self.template}\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n"


@dataclass
class Section:
    """A heading and the items under it (a month, a status, a year)."""

    heading: str
    items: list[View]
    anchor: str = ""  # the heading's id, for links into the page (y2026m10)


@dataclass
class Listing:
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
    category_links: list[tuple[str, str, int]] = field(default_factory=list)
    # unit pages only
    unit: Any = None
    parents: list[Any] = field(default_factory=list)
    children: list[Any] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def prev_url(self) -> str | None:
        """The previous page of the series."""
        return self.page_urls[self.page - 2] if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        """The next page of the series."""
        return self.page_urls[self.page] if self.page < self.pages else None


def _depends(listing: Listing) -> tuple:
    """The stamps of everything a listing page shows."""
    sections = tuple((s.heading, tuple((v.entry.key, v.entry.stamp) for v in s.items)) for s in listing.sections)
    return (
        listing.title, listing.intro, listing.page, listing.pages, sections, tuple(listing.links),
        tuple(listing.category_links), tuple(listing.counts), tuple(u.id for u in listing.children),
    )


def by_month(views: list[View]) -> list[Section]:
    """Sections per month, newest first, as on a physical board's archive."""
    return [
        Section(f"{year}年{month}月", list(items), f"y{year}m{month}")
        for (year, month), items in groupby(views, key=lambda v: (v.date.year, v.date.month))
    ]


def paginate(base: str, views: list[View], build: Callable[[list[View], int, int, list[str]], Listing]) -> list[tuple[str, Listing]]:
    """Split views into pages of PAGE_SIZE: base/index.md, base/2/index.md …"""
    chunks = [views[i : i + PAGE_SIZE] for i in range(0, len(views), PAGE_SIZE)] or [[]]
    urls = [f"{base}/" if n == 1 else f"{base}/{n}/" for n in range(1, len(chunks) + 1)]
    return [(url + "index.md", build(chunk, n, len(chunks), urls)) for n, (url, chunk) in enumerate(zip(urls, chunks), start=1)]


class Generator:
    """Turns an archive into page specs; one parameterised path per kind of listing."""

    def __init__(self, archive: Archive, site_url: str = "", history: dict | None = None):
        self.archive = archive
        self.ctx = Context(archive, site_url, history or {})
        self.published = {kind: [self.ctx.view(e) for e in archive.published(kind)] for kind in KINDS}

    def generate(self) -> list[PageSpec]:
        """Every generated page of the site."""
        specs: list[PageSpec] = []
        for kind, views in self.published.items():
            specs += self._record_pages(views)
            specs += self._kind_index(kind, views)
            specs += self._archives(kind, views)
        specs += self._units()
        specs += self._categories()
        specs += self._reports()
        return specs

    def _record_pages(self, views: list[View]) -> list[PageSpec]:
        return [
            PageSpec(
                f"{v.kind}/{v.id}/index.md", v.title, f"{v.singular}.html", v.singular, (lambda v=v: v),
                depends=(v.entry.stamp, tuple((key, r.entry.stamp if r else None) for key, r in v.related), repr(v.revisions)),
            )
            for v in views
        ]

    def _kind_index(self, kind: str, views: list[View]) -> list[PageSpec]:
        listing = Listing(KINDS[kind], kind=kind)
        if kind == "events":
            upcoming = sorted((v for v in views if v.upcoming), key=lambda v: v.start_iso)
            past = [v for v in views if not v.upcoming]
            past.sort(key=lambda v: v.start_iso, reverse=True)
            listing.sections = [s for s in (Section("即将举行", upcoming), Section("往期活动", past[:LATEST])) if s.items]
        else:
            running = [v for v in views if v.status and v.status.code == "running"]
            running.sort(key=lambda v: v.status.end)
            latest = [v for v in views if v not in running][:LATEST]
            listing.sections = ([Section("公示中", running)] if running else []) + by_month(latest)
        listing.links_title = "按年份查看"
        listing.links = [(f"{year}年", f"archive/{kind}/{year}/", count) for year, count in self._years(views)]
        if kind == "disclosures":
            counts = Counter(v.record.category for v in views)
            listing.category_links = [(c.name, f"categories/{c.id}/", counts[c.id]) for c in self.archive.categories.values()]
        return [
            PageSpec(f"{kind}/index.md", KINDS[kind], "listing.html", "listing", lambda: listing, in_nav=True, depends=_depends(listing))
        ]

    def _years(self, views: list[View]) -> list[tuple[int, int]]:
        counts = Counter(v.date.year for v in views)
        return sorted(counts.items(), reverse=True)

    def _archives(self, kind: str, views: list[View]) -> list[PageSpec]:
        specs = []
        years = [year for year, _ in self._years(views)]
        for year in years:
            in_year = [v for v in views if v.date.year == year]
            title = f"{year}年{KINDS[kind]}"

            def build(chunk, page, pages, urls, title=title, year=year):
                listing = Listing(title, kind=kind, sections=by_month(chunk), page=page, pages=pages, page_urls=urls)
                listing.intro = f"共 {len(in_year)} 条，按发布日期从新到旧排列。"
                listing.links_title = "其他年份"
                listing.links = [(f"{y}年", f"archive/{kind}/{y}/", 0) for y in years if y != year]
                return listing

            chart = self._monthly_chart(kind, year, in_year)
            for src_uri, listing in paginate(f"archive/{kind}/{year}", in_year, build):
                if listing.page == 1:
                    listing.chart = chart
                page_title = title if listing.page == 1 else f"{title}（第 {listing.page} 页）"
                specs.append(PageSpec(src_uri, page_title, "listing.html", "listing", lambda l=listing: l, depends=_depends(listing)))
        return specs

    def _monthly_chart(self, kind: str, year: int, views: list[View]) -> Any:
        """Records per month of a year, stacked by category (disclosures) or event kind (events)."""
        if kind == "disclosures":
            groups = {c.id: c.name for c in self.archive.categories.values()}
            key = lambda v: v.record.category  # noqa: E731
        elif kind == "events":
            groups = dict(EVENT_KINDS)
            key = lambda v: v.record.kind  # noqa: E731
        else:
            return None
        counts = {group: [0] * 12 for group in groups}
        for view in views:
            counts[key(view)][view.date.month - 1] += 1
        months = [f"{m}月" for m in range(1, 13)]
        what = "公开事项" if kind == "disclosures" else "活动"
        by = "类别" if kind == "disclosures" else "类型"
        return bar_chart(f"{year}年各月{what}（按{by}）", f"{year}年每月发布的{what}条数，按{by}分色", months,
                         [(groups[g], counts[g]) for g in groups])

    def _units(self) -> list[PageSpec]:
        by_unit: dict[str, list[View]] = {}
        for views in self.published.values():
            for v in views:
                by_unit.setdefault(v.record.unit, []).append(v)
        children: dict[str | None, list[Any]] = {}
        for unit in self.archive.units.values():
            children.setdefault(unit.parent, []).append(unit)
        counts = {k: len(v) for k, v in by_unit.items()}
        specs = [
            PageSpec(
                "units/index.md", "组织机构", "units.html", "units",
                lambda: {"children": children, "counts": counts}, in_nav=True, depends=tuple(sorted(counts.items())),
            )
        ]
        for unit in self.archive.units.values():
            views = sorted(by_unit.get(unit.id, []), key=lambda v: (v.date, v.id), reverse=True)
            chain = self.ctx.unit_chain(unit.id)
            counts = Counter(v.kind for v in views)

            def build(chunk, page, pages, urls, unit=unit, chain=chain, counts=counts):
                listing = Listing(unit.name, sections=by_month(chunk), page=page, pages=pages, page_urls=urls)
                listing.unit = unit
                listing.parents = chain[:-1]
                listing.children = children.get(unit.id, [])
                listing.counts = [(KINDS[k], counts[k]) for k in KINDS if counts[k]]
                return listing

            for src_uri, listing in paginate(f"units/{unit.id}", views, build):
                specs.append(PageSpec(src_uri, listing.title, "unit.html", "unit", lambda l=listing: l, depends=_depends(listing)))
        return specs

    def _categories(self) -> list[PageSpec]:
        specs = []
        disclosures = self.published["disclosures"]
        for category in self.archive.categories.values():
            views = [v for v in disclosures if v.record.category == category.id]

            def build(chunk, page, pages, urls, category=category, count=len(views)):
                listing = Listing(f"{category.name}类公开事项", kind="disclosures", sections=by_month(chunk), page=page, pages=pages, page_urls=urls)
                listing.intro = f"公开类别“{category.name}”共 {count} 条。"
                return listing

            for src_uri, listing in paginate(f"categories/{category.id}", views, build):
                specs.append(PageSpec(src_uri, listing.title, "listing.html", "listing", lambda l=listing: l, depends=_depends(listing)))
        return specs

    def _reports(self) -> list[PageSpec]:
        """/reports/ and /reports/<year>/ with a listing behind every figure."""
        years = sorted({v.date.year for views in self.published.values() for v in views}, reverse=True)
        links = [(f"{year}年", f"reports/{year}/", 0) for year in years]
        index = Listing("厂务公开年度报告", intro="每年公开事项、职工意见、公示期和分配公示的统计，每个数字都可以点开查看对应的记录。",
                        links=links, links_title="各年度报告")
        specs = [PageSpec("reports/index.md", index.title, "listing.html", "listing", lambda: index, in_nav=True, depends=tuple(links))]
        for year in years:
            report, details = build_report(year, self.published, self.archive.units, self.archive.categories)
            title = f"{year}年厂务公开年度报告"
            depends = tuple((d.slug, tuple((v.entry.key, v.entry.stamp) for v in d.views)) for d in details)
            specs.append(PageSpec(f"reports/{year}/index.md", title, "report.html", "report", lambda r=report: r, depends=depends))
            for detail in details:
                views = sorted(detail.views, key=lambda v: (v.date, v.id), reverse=True)

                def build(chunk, page, pages, urls, detail=detail, count=len(views), year=year):
                    listing = Listing(detail.title, sections=by_month(chunk), page=page, pages=pages, page_urls=urls)
                    listing.intro = f"共 {count} 条。"
                    listing.links, listing.links_title = [(f"{year}年厂务公开年度报告", f"reports/{year}/", 0)], "返回"
                    return listing

                for src_uri, listing in paginate(f"reports/{year}/{detail.slug}", views, build):
                    specs.append(PageSpec(src_uri, listing.title, "listing.html", "listing", lambda l=listing: l, depends=_depends(listing)))
        return specs

    def board(self) -> dict[str, Any]:
        """The home page: items in their posting period first, then the newest of every kind."""
        running = [
            v for kind in ("disclosures", "allocations") for v in self.published[kind] if v.status.code == "running"
        ]
        running.sort(key=lambda v: (v.status.end, v.title))
        events = sorted((v for v in self.published["events"] if v.upcoming), key=lambda v: v.start_iso)
        return {
            "running": running,
            "disclosures": [v for v in self.published["disclosures"] if v not in running][:8],
            "allocations": [v for v in self.published["allocations"] if v not in running][:5],
            "events": events[:6],
            "stories": self.published["stories"][:4],
            "today": self.archive.today,
        }

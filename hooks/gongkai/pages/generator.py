"""Page specs for the whole site: record pages, kind indexes, yearly archives, units, reports."""

from __future__ import annotations

from collections import Counter
from typing import Any

from gongkai import urls
from gongkai.data.archive import Archive
from gongkai.data.periods import required_days_said
from gongkai.kinds import KINDS
from gongkai.pages import listings
from gongkai.pages.listings import Listing, PageSpec, by_month, paginate
from gongkai.pages.opinions import build_board
from gongkai.pages.report import build_report
from gongkai.pages.scorecard import Scorecard, scorecards
from gongkai.pages.views import Context, View
from gongkai.settings import Settings


class Generator:
    """Turns an archive into page specs; one parameterised path per kind of listing."""

    def __init__(
        self,
        archive: Archive,
        site_url: str = "",
        history: dict | None = None,
        settings: Settings | None = None,
        group: Any = None,
    ):
        self.archive = archive
        self.group = group  # a group portal's members (portal.group.Group), or None
        self.ctx = Context(archive, KINDS, site_url, history or {}, settings)
        self.published = {
            kind: [self.ctx.view(e) for e in archive.published(kind)] for kind in KINDS
        }
        self.scorecards = scorecards(
            self.published, archive.units, self.ctx.reply_days, archive.calendar
        )

    def generate(self) -> list[PageSpec]:
        """Every generated page of the site."""
        specs: list[PageSpec] = []
        for kind, views in self.published.items():
            specs += self._record_pages(views)
            specs += self._kind_index(kind, views)
            specs += self._archives(kind, views)
        specs += self._units()
        for kind in KINDS.values():
            specs += kind.pages(self)
        specs += self._board()
        specs += self._reports()
        if self.group is not None:
            specs += self.group.specs()
        return specs

    def _board(self) -> list[PageSpec]:
        """The opinions board, /feedback/, and its further pages of answered items."""
        specs = []
        for board in build_board(self.published, self.ctx.reply_days):
            title = "意见答复" if board.page == 1 else f"意见答复（第 {board.page} 页）"
            address = board.page_urls[board.page - 1]
            first = board.page == 1
            specs.append(
                PageSpec(
                    address,
                    title,
                    listings.FEEDBACK,
                    lambda b=board: b,
                    in_nav=first,
                    tab=None if first else urls.url("feedback"),
                )
            )
        return specs

    def _record_pages(self, views: list[View]) -> list[PageSpec]:
        return [
            PageSpec(
                v.url,
                v.title,
                KINDS[v.kind].layout,
                (lambda v=v: v),
                tab=urls.url("kind", kind=v.kind),
            )
            for v in views
        ]

    def _kind_index(self, kind: str, views: list[View]) -> list[PageSpec]:
        label = KINDS[kind].label
        listing = Listing(label, kind=kind, intro=KINDS[kind].index_intro(views))
        listing.sections = KINDS[kind].index_sections(views)
        listing.links_title = "按年份查看"
        listing.links = [
            (f"{year}年", urls.url("archive", kind=kind, year=year), count)
            for year, count in self._years(views)
        ]
        listing.category_links = KINDS[kind].category_links(self.archive, views)
        listing.filters = KINDS[kind].index_filters(self.archive, listing.sections)
        listing.legend = KINDS[kind].legend
        listing.calendar = KINDS[kind].in_calendar
        return [
            PageSpec(
                urls.url("kind", kind=kind), label, listings.LISTING, lambda: listing, in_nav=True
            )
        ]

    def _years(self, views: list[View]) -> list[tuple[int, int]]:
        counts = Counter(v.date.year for v in views)
        return sorted(counts.items(), reverse=True)

    def _archives(self, kind: str, views: list[View]) -> list[PageSpec]:
        specs = []
        years = [year for year, _ in self._years(views)]
        for year in years:
            in_year = [v for v in views if v.date.year == year]
            title = f"{year}年{KINDS[kind].label}"

            def build(chunk, page, pages, addresses, title=title, year=year, count=len(in_year)):
                listing = Listing(
                    title,
                    kind=kind,
                    sections=by_month(chunk),
                    page=page,
                    pages=pages,
                    page_urls=addresses,
                )
                listing.intro = f"共 {count} 条，按发布日期从新到旧排列。"
                listing.links_title = "其他年份"
                listing.links = [
                    (f"{y}年", urls.url("archive", kind=kind, year=y), 0)
                    for y in years
                    if y != year
                ]
                return listing

            chart = KINDS[kind].month_chart(self.archive, year, in_year)
            first = urls.url("archive", kind=kind, year=year)
            for address, listing in paginate(first, in_year, build):
                if listing.page == 1:
                    listing.chart = chart
                page_title = title if listing.page == 1 else f"{title}（第 {listing.page} 页）"
                specs.append(
                    PageSpec(
                        address,
                        page_title,
                        listings.LISTING,
                        lambda shown=listing: shown,
                        tab=urls.url("kind", kind=kind),
                    )
                )
        return specs

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
                urls.url("units"),
                "组织机构",
                listings.UNITS,
                lambda: {"children": children, "counts": counts},
                in_nav=True,
            )
        ]
        for unit in self.archive.units.values():
            views = sorted(by_unit.get(unit.id, []), key=lambda v: (v.date, v.id), reverse=True)
            chain = self.ctx.unit_chain(unit.id)
            counts = Counter(v.kind for v in views)

            cards = [
                card
                for year in sorted(self.scorecards, reverse=True)
                for card in self.scorecards[year]
                if card.unit is unit
            ]

            def build(
                chunk, page, pages, addresses, unit=unit, chain=chain, counts=counts, cards=cards
            ):
                listing = Listing(
                    unit.name, sections=by_month(chunk), page=page, pages=pages, page_urls=addresses
                )
                listing.unit = unit
                listing.scorecards = cards if page == 1 else []
                listing.parents = chain[:-1]
                listing.children = children.get(unit.id, [])
                listing.counts = [(KINDS[k].label, counts[k]) for k in KINDS if counts[k]]
                return listing

            for address, listing in paginate(urls.url("unit", id=unit.id), views, build):
                specs.append(
                    PageSpec(
                        address,
                        listing.title,
                        listings.UNIT,
                        lambda shown=listing: shown,
                        tab=urls.url("units"),
                    )
                )
        return specs

    def _reports(self) -> list[PageSpec]:
        """/reports/ and /reports/<year>/ with a listing behind every figure."""
        years = {v.date.year for views in self.published.values() for v in views}
        if self.group is not None:  # the group's report covers its members' years
            years |= self.group.years()
        years = sorted(years, reverse=True)
        links = [(f"{year}年", urls.url("report", year=year), 0) for year in years]
        index = Listing(
            "厂务公开年度报告",
            intro="每年公开事项、职工意见、公示期和分配公示的统计，每个数字都可以点开查看对应的记录。",
            links=links,
            links_title="各年度报告",
        )
        specs = [
            PageSpec(urls.url("reports"), index.title, listings.LISTING, lambda: index, in_nav=True)
        ]
        for year in years:
            report, details = build_report(
                year, self.published, self.archive.units, self.archive.categories
            )
            report.scorecards = self.scorecards.get(year, [])
            if self.group is not None:
                report.members = self.group.report_rows(year)
            title = f"{year}年厂务公开年度报告"
            specs.append(
                PageSpec(
                    urls.url("report", year=year),
                    title,
                    listings.REPORT,
                    lambda r=report: r,
                    tab=urls.url("reports"),
                )
            )
            for detail in details:
                views = sorted(detail.views, key=lambda v: (v.date, v.id), reverse=True)

                def build(
                    chunk, page, pages, addresses, detail=detail, count=len(views), year=year
                ):
                    listing = Listing(
                        detail.title,
                        sections=by_month(chunk),
                        page=page,
                        pages=pages,
                        page_urls=addresses,
                    )
                    listing.intro = f"共 {count} 条。"
                    listing.links, listing.links_title = (
                        [(f"{year}年厂务公开年度报告", urls.url("report", year=year), 0)],
                        "返回",
                    )
                    return listing

                first = urls.url("report_detail", year=year, slug=detail.slug)
                for address, listing in paginate(first, views, build):
                    specs.append(
                        PageSpec(
                            address,
                            listing.title,
                            listings.LISTING,
                            lambda shown=listing: shown,
                            tab=urls.url("reports"),
                        )
                    )
            specs += [self._scorecard_page(card) for card in report.scorecards]
        return specs

    def _scorecard_page(self, card: Scorecard) -> PageSpec:
        """The records behind a unit's scorecard of a year, a section for each figure."""
        title = f"{card.year}年{card.unit.name}民主管理考核"
        listing = Listing(title, sections=card.sections())
        days = required_days_said()
        listing.intro = (
            f"{card.unit.name} {card.year} 年发布的公示、收到的职工意见和主办的提案，按考核项目列出；"
            f"公示期按规定的工作日数（困难帮扶 {days['aid']} 个、其他 {days['other']} 个）计，"
            f"意见在 {self.ctx.reply_days} 个工作日内答复为按时。"
        )
        listing.links = [
            (
                f"{card.year}年厂务公开年度报告",
                urls.url("report", year=card.year) + "#scorecards",
                0,
            ),
            (card.unit.name, urls.url("unit", id=card.unit.id), 0),
        ]
        listing.links_title = "返回"
        return PageSpec(card.url, title, listings.LISTING, lambda: listing, tab=urls.url("reports"))

    def board(self) -> dict[str, Any]:
        """The home page: items in their posting period first, then the newest of every kind."""
        running = [
            v
            for views in self.published.values()
            for v in views
            if v.status and v.status.code == "running"
        ]
        running.sort(key=lambda v: (v.status.end, v.title))
        events = sorted(
            (v for v in self.published["events"] if v.upcoming), key=lambda v: v.start_iso
        )
        return {
            "running": running,
            "disclosures": [v for v in self.published["disclosures"] if v not in running][:8],
            "allocations": [v for v in self.published["allocations"] if v not in running][:5],
            "events": events[:6],
            "stories": self.published["stories"][:4],
            # the proposals with the latest news: answered, evaluated or accepted last
            "proposals": sorted(
                self.published.get("proposals", []),
                key=lambda v: (v.last_change, v.id),
                reverse=True,
            )[:5],
            "today": self.archive.today,
        }

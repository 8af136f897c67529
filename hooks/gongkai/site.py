"""One build of the site: settings from mkdocs.yml, the loaded archive, pages, context and outputs."""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from gongkai import urls
from gongkai.data.archive import Archive
from gongkai.data.errors import DataError
from gongkai.data.history import load_history
from gongkai.data.load import Loader
from gongkai.data.money import format_money
from gongkai.data.periods import required_days_said
from gongkai.data.today import TodayError, as_of, build_today
from gongkai.kinds import KINDS
from gongkai.outputs.announce import write_records
from gongkai.outputs.export import write_export
from gongkai.outputs.files import (
    finish_assets,
    index_search,
    index_sitemap,
    inside_site,
    prune,
    write_feeds,
    write_outputs,
)
from gongkai.outputs.withdraw import (
    FOLDER as WITHDRAW_FOLDER,
    FORMAT as WITHDRAW_FORMAT,
    MANIFEST,
    install as install_withdraw,
)
from gongkai.pages.annotate import scheduled
from gongkai.pages.generator import Generator, PageSpec
from gongkai.pages.scorecard import COLUMNS as SCORE_COLUMNS
from gongkai.pages.views import Context, zh_date, zh_moment, zh_month, zh_weekday
from gongkai.portal.exports import read_members
from gongkai.portal.group import Group
from gongkai.settings import Settings, SettingsError

__all__ = ["Build", "DataError", "Preview", "SettingsError", "TodayError"]

THEME_FOLDER = "theme_overrides"  # mkdocs.yml's theme.custom_dir
PREVIEW_STATUS = "gongkai-preview.json"  # a preview's data errors, polled by gongkai.js


@dataclass
class Preview:
    """What `mkdocs serve --dirty` keeps from one build to the next, so that saving one record
    re-reads one file and re-renders only the pages that show it. Everything in it is keyed by
    file stamps (size and time) or page stamps, so nothing in it can go stale; it only ever skips
    work whose result is already in the served site folder."""

    cache: dict = field(default_factory=dict)  # Loader's cache: rel → (stamp, Loaded)
    pages: dict[str, tuple] = field(default_factory=dict)  # src_uri → stamp of the built page
    indexer: multiprocessing.process.BaseProcess | None = None
    last: Build | None = None  # the last build whose data was valid: shown while errors are fixed


def _index_and_feeds(
    views: list, settings: Settings, tz: ZoneInfo, archive: Archive, group: Group | None = None
) -> None:
    write_feeds(views, settings, tz, archive.units)
    if settings.search:  # a portal's search finds its members' records as well as its own
        others = group.documents() if group is not None else []
        index_search(views, settings.site_dir, archive.synonyms, others)
    write_export(
        views,
        settings.site_dir,
        site=settings.site_name,
        site_url=settings.site_url,
        day=archive.today,
        reply_days=settings.reply_working_days,
    )


def forget_empty_epoch() -> None:
    """An empty SOURCE_DATE_EPOCH means "today" (the README's `SOURCE_DATE_EPOCH= …`); MkDocs
    itself would read it as a number and stop with a traceback."""
    if os.environ.get("SOURCE_DATE_EPOCH", "x").strip() == "":
        del os.environ["SOURCE_DATE_EPOCH"]


class Build:
    """State of one build, made anew in on_config so that nothing outlives it under serve."""

    def __init__(self, settings: Settings, preview: Preview | None = None):
        self.settings = settings
        self.preview = preview
        self.tz = ZoneInfo(settings.timezone)
        self.today = build_today(self.tz)  # TodayError for a variable that is not a day
        self.as_of = as_of()
        self.archive: Archive | None = None
        self.generator: Generator | None = None
        self.group: Group | None = None  # a group portal's members (extra.gongkai.members)
        self.specs: dict[str, PageSpec] = {}
        self.changed: dict[str, tuple] = {}  # src_uri → stamp of the pages this build renders
        self.errors: list[str] = []  # a preview's data errors, shown over the last good pages
        # records waiting for their day (定时发布), said in the terminal
        self.notices: list[str] = []
        # a preview's drafts and scheduled records, shown marked and listed in its panel
        self.pending: list[dict] = []
        self.worker: multiprocessing.process.BaseProcess | None = None
        self.fragments: dict[tuple[str, str], Any] = {}
        self.nav_urls: list[str] | None = None
        self.env: Any = None  # MkDocs' Jinja environment, to render a page a second time
        # withdrawals ahead: (day, record key, dest_uri, page, its CSV's address)
        self.prepared: list[tuple[str, str, str, str, str]] = []
        self._contexts: dict[date, Context] = {}

    @classmethod
    def from_config(cls, config: Any, preview: Preview | None = None) -> Build:
        """Read settings from a loaded MkDocs config (paths resolved from the config file)."""
        root = Path(config["config_file_path"]).resolve().parent
        return cls(Settings.from_config(root, config), preview)

    def load(self) -> Archive:
        """Load and validate data/; raises DataError listing every problem.

        In a preview that has shown valid data before, the problems are kept for the browser and
        the last good data is shown instead: MkDocs 1.6's server stalls every request after a
        failed rebuild, so a preview build must not fail on an editor's typo."""
        today = self.today
        cache = self.preview.cache if self.preview else None
        try:
            self.archive = Loader(
                self.settings.root,
                self.settings.data_dir,
                today,
                self.tz,
                cache,
                drafts=self.preview is not None,
            ).load()
        except DataError as exc:
            last = self.preview.last if self.preview else None
            if last is None:
                raise
            self.errors = [str(problem) for problem in exc.problems]
            self.archive, self.generator, self.specs, self.changed = (
                last.archive,
                last.generator,
                last.specs,
                {},
            )
            self.pending = last.pending
            return self.archive
        self.notices = [str(notice) for notice in self.archive.notices]
        if self.preview is None:
            self.notices += scheduled(self.archive.scheduled(), today)
        else:  # shown, marked, and listed with links in the preview's panel
            self.pending = [
                {
                    "url": entry.url,
                    "title": entry.record.title,
                    "src": entry.src,
                    "state": "草稿"
                    if entry.pending == "draft"
                    else f"定时发布：将于{zh_date(entry.record.date)}发布",
                }
                for entry in self.archive.drafts() + self.archive.scheduled()
            ]
        history = load_history(
            self.settings.root, self.settings.data_dir, self.tz, self.settings.history_since
        )
        if self.settings.members:
            self.group = Group(read_members(self.settings, today), today)
            self.notices += [
                f"成员 {view.option.name}（{view.option.id}）数据未更新，显示的是 {view.day_text} 的数据：{view.member.problem}"
                for view in self.group.members
                if view.member.stale
            ]
        self.generator = Generator(
            self.archive, self.settings.site_url, history, self.settings, self.group
        )
        self.specs = {spec.src_uri: spec for spec in self.generator.generate()}
        if self.preview is None:  # a build renders every page
            self.changed = dict.fromkeys(self.specs, ())
        else:  # the pages whose stamp (what they show) changed since the last preview build
            common = (today, self._stamp_of_site())
            stamps = {uri: (common, spec.stamp()) for uri, spec in self.specs.items()}
            self.changed = {
                uri: stamp for uri, stamp in stamps.items() if self.preview.pages.get(uri) != stamp
            }
        return self.archive

    def _stamp_of_site(self) -> tuple:
        """Stamps of what every page depends on: units, categories, sessions, the holiday calendar,
        templates, config, home text."""
        root = self.settings.root
        names = ("units.yml", "categories.yml", "sessions.yml", "holidays.yml")
        paths = [self.settings.data_dir / name for name in names] + [root / "mkdocs.yml"]
        paths += sorted((root / "theme_overrides").rglob("*")) + sorted(
            (root / "content").rglob("*")
        )
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file())

    def pages(self) -> list[PageSpec]:
        """The generated pages this build renders: all of them, or in a preview those that changed
        and those the navigation names (MkDocs needs every page of the nav in every build)."""
        return [spec for uri, spec in self.specs.items() if uri in self.changed or spec.in_nav]

    def meta(self, src_uri: str) -> dict[str, str]:
        """A generated page's metadata (template, title), or nothing for a page of content/."""
        spec = self.specs.get(src_uri)
        if spec is None:
            return {}
        # Material prints meta.title raw into <title> and the header: escape record titles.
        meta: dict[str, Any] = {"template": spec.layout.template, "title": html.escape(spec.title)}
        if spec.layout.hide:
            meta["hide"] = list(spec.layout.hide)
        return meta

    def context(self, src_uri: str, meta: dict) -> dict[str, Any]:
        """Template context for a page: its record or listing, and the board on the home page."""
        spec = self.specs.get(src_uri)
        out: dict[str, Any] = {
            "gk": {
                "today": self.archive.today,
                "as_of": self.as_of,
                "timezone": self.settings.timezone,
                "preview": self.preview is not None,
                "reply_days": self.settings.reply_working_days,
                "required_days": required_days_said(),
                "contact": self.settings.contact,
                "opinion_url": self.settings.opinion_url,
                "score_columns": SCORE_COLUMNS,
                # in the order of the index's kind codes
                "kinds": [kind.menu_label for kind in KINDS.values()],
            }
        }
        if spec is not None:
            out[spec.layout.name] = spec.make()
        elif meta.get("template") == "home.html":
            out["board"] = self.generator.board()
            if self.group is not None:
                out["group"] = self.group.board()
        return out

    def prepare_withdrawal(
        self, src_uri: str, dest_uri: str, context: dict, template_name: str
    ) -> None:
        """For the page of a list whose names are shown today, render it a second time as it will be
        on the first day after its period (the names gone), for the withdrawal that publish and the
        web server's cron apply on that day even when no build succeeds (withdraw.py)."""
        spec = self.specs.get(src_uri)
        if self.preview is not None or spec is None or self.env is None:
            return
        view = spec.make()
        entry = getattr(view, "entry", None)
        people = KINDS[entry.kind].people if entry is not None else None
        if (
            people is None
            or not people.rows(entry.record)
            or people.privacy(entry.record) == "public"
        ):
            return  # no names shown today, or names that stay
        day = entry.record.period.to + timedelta(days=1)
        after = self._context_on(day).view(entry)
        page = self.env.get_template(template_name).render(
            {**context, spec.layout.name: after, "gk": {**context["gk"], "today": day}}
        )
        csv = urls.url("record_csv", kind=entry.kind, id=entry.id)
        self.prepared.append((day.isoformat(), entry.key, dest_uri, page, csv))

    def _context_on(self, day: date) -> Context:
        """The views' context as of another day (the same records, statuses and rows as of then)."""
        found = self._contexts.get(day)
        if found is None:
            ctx = self.generator.ctx
            found = self._contexts[day] = Context(
                self.archive, KINDS, ctx.site_url, ctx.history, self.settings, today=day
            )
        return found

    def _write_withdrawals(self, site_dir: Path) -> None:
        """site/.withdraw/: the prepared pages, their manifest and the script that applies them."""
        shutil.rmtree(site_dir / WITHDRAW_FOLDER, ignore_errors=True)
        withdrawals = []
        for day, key, dest_uri, page, csv in sorted(self.prepared):
            # not a page of the site until its day: no .html
            prepared = f"{day}/{dest_uri}.prepared"
            inside_site(site_dir, f"{WITHDRAW_FOLDER}/{prepared}").write_text(
                page, encoding="utf-8"
            )
            withdrawals.append(
                {
                    "on": day,
                    "record": key,
                    "replace": {dest_uri: prepared},
                    "delete": [csv],
                }
            )
        manifest = {
            "format": WITHDRAW_FORMAT,
            "timezone": self.settings.timezone,
            "built": self.today.isoformat(),
            "withdrawals": withdrawals,
        }
        inside_site(site_dir, MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        install_withdraw(site_dir)

    def section_url(self, src_uri: str) -> str | None:
        """The address of the navigation's page lit for a generated page outside the navigation
        (its tab): a record, a yearly archive or a category under its kind, a unit under the units."""
        spec = self.specs.get(src_uri)
        return spec.tab if spec is not None else None

    def lastmod(self, src_uri: str) -> str | None:
        """A generated page's last change for the sitemap: a record's last correction or its date,
        a listing's newest item; None when the page has neither."""
        spec = self.specs.get(src_uri)
        if spec is None:
            return None
        shown = spec.make()
        views = (
            [shown]
            if hasattr(shown, "entry")
            else [v for s in getattr(shown, "sections", []) for v in s.items]
        )
        days = []
        for view in views:
            revisions = view.revisions
            days.append(max(revisions.changes) if revisions else view.date)
        return max(days).isoformat() if days else None

    def share_key(self, page_url: str, nav: Any) -> str | None:
        """The folder of a page outside the navigation, if no navigation link lies below the page
        (a link's relative form then depends on the folder alone)."""
        if self.nav_urls is None:
            self.nav_urls = [page.url for page in nav.pages]
        if any(url.startswith(page_url) for url in self.nav_urls):
            return None
        return page_url.rstrip("/").rpartition("/")[0] + "/"

    def fragment(self, name: str, key: str, render: Callable[[], Any]) -> Any:
        """A template block rendered once for every page that shares its key (main.html):
        ten thousand record pages otherwise render the same navigation ten thousand times."""
        shared = self.fragments.get((name, key))
        if shared is None:
            shared = self.fragments[name, key] = render()
        return shared

    def autoescape(self, template_name: str | None) -> bool:
        """Autoescape for every template of this project (a file of theme_overrides/, whatever its
        name: a new page kind's template is escaped without being registered anywhere); Material's
        own templates keep their setting (off)."""
        return template_name is not None and template_name in self._own_templates

    @cached_property
    def _own_templates(self) -> frozenset[str]:
        folder = self.settings.root / THEME_FOLDER
        return frozenset(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))

    def filters(self) -> dict[str, Any]:
        """Jinja filters for dates and money the Chinese way."""
        return {
            "zh_date": zh_date,
            "zh_weekday": zh_weekday,
            "zh_moment": zh_moment,
            "zh_month": zh_month,
            "money": format_money,
        }

    def start(self) -> None:
        """In a build, write the search index and the feeds in a forked process, on the other core,
        while MkDocs renders the pages on this one (MkDocs renders single-threaded)."""
        if self.preview is not None:
            return
        views = [v for views in self.generator.published.values() for v in views]
        self.worker = multiprocessing.get_context("fork").Process(
            target=_index_and_feeds,
            args=(views, self.settings, self.tz, self.archive, self.group),
            name="gongkai-index",
            daemon=True,
        )
        self.worker.start()

    def finish(self) -> None:
        """Outputs beside the pages; the search index and feeds (in a preview, in the background)."""
        site_dir = self.settings.site_dir
        views = [v for views in self.generator.published.values() for v in views]
        changed = [v for v in views if urls.source(v.url) in self.changed]
        write_outputs(changed, self.settings.data_dir / "media", site_dir)
        prune(site_dir, self.generator.published)
        finish_assets(site_dir)
        index_sitemap(site_dir, self.settings.site_url)
        if self.preview is None:
            self._write_withdrawals(site_dir)
            write_records(views, site_dir)  # what gongkai publish may announce to group chats
            self.worker.join()
            if self.worker.exitcode != 0:
                raise RuntimeError(f"搜索索引或订阅源没有生成（进程退出码 {self.worker.exitcode}）")
            return
        (site_dir / PREVIEW_STATUS).write_text(
            json.dumps(
                {"errors": self.errors, "notices": self.notices, "pending": self.pending},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        if self.errors:
            return
        self.preview.last = self
        for gone in set(self.preview.pages) - set(self.specs):
            shutil.rmtree(site_dir / urls.address_of(gone), ignore_errors=True)
        self.preview.pages = {
            uri: stamp for uri, stamp in self.preview.pages.items() if uri in self.specs
        }
        self.preview.pages.update(self.changed)
        if self.changed or not (site_dir / urls.save_as("feed")).exists():
            self._index_in_background(views)

    def _index_in_background(self, views: list) -> None:
        """Rewrite the search index and the feeds in a forked process, on the other core, while
        the preview is served; an index still being written for an earlier save is abandoned."""
        previous = self.preview.indexer
        if previous is not None and previous.is_alive():
            previous.terminate()
            previous.join()
        process = multiprocessing.get_context("fork").Process(
            target=_index_and_feeds,
            args=(views, self.settings, self.tz, self.archive, self.group),
            name="gongkai-index",
            daemon=True,
        )
        process.start()
        self.preview.indexer = process

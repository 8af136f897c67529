"""Files beside the pages: CSV downloads of tables of people, the media records point to, the
search index and the feeds."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from gongkai import urls
from gongkai.outputs.feeds import calendar_of, render_atom, render_ics
from gongkai.outputs.searchindex import write_index
from gongkai.outputs.withdraw import write_whole
from gongkai.pages.views import View
from gongkai.settings import Settings


class OutputError(Exception):
    """An output path that would lie outside the site folder: never written."""


def inside_site(site_dir: Path, rel: str) -> Path:
    """The path of rel (posix, relative) in the site folder, its folders made; refused unless it
    lies inside the site folder once every link on the way is resolved. Every file this package
    writes goes through here, whatever validation let through before."""
    parts = rel.split("/")
    if (
        not rel
        or rel.startswith("/")
        or "\\" in rel
        or "\x00" in rel
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise OutputError(f"拒绝写入网站文件夹以外的路径：{rel!r}")
    target = site_dir.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(site_dir.resolve()) or target.is_symlink():
        raise OutputError(f"拒绝写入网站文件夹以外的路径：{rel!r}")
    return target


def write_outputs(views: list[View], media_dir: Path, site_dir: Path) -> None:
    """Write the CSVs of tables in their posting period and copy the media of published records."""
    for view in views:
        table = view.render_csv()
        if table is not None:
            inside_site(site_dir, view.csv_url).write_bytes(table)
        for file in view.media:
            source = media_dir / file
            if source.is_symlink() or not source.resolve().is_relative_to(media_dir.resolve()):
                raise OutputError(f"拒绝复制 data/media 以外的文件：{file!r}")
            shutil.copyfile(source, inside_site(site_dir, urls.save_as("media", file=file)))


MINIFIED = (
    "assets/gongkai.js",
    "assets/gongkai-scope.js",
    "assets/gongkai-content.js",
    "assets/gongkai.css",
    "assets/gongkai-feed.css",
)
# Material's search languages: this site searches its own index
UNUSED = ("assets/javascripts/lunr",)


def finish_assets(site_dir: Path) -> None:
    """Minify the site's own script and styles as served (the sources stay readable in
    theme_overrides/assets), and drop Material's files that no page loads."""
    import rcssmin
    import rjsmin

    for rel in MINIFIED:
        path = site_dir / rel
        if path.is_file() and not path.is_symlink():
            text = path.read_text(encoding="utf-8")
            small = rcssmin.cssmin(text) if rel.endswith(".css") else rjsmin.jsmin(text)
            if small != text:
                path.write_text(small, encoding="utf-8")
    for rel in UNUSED:
        shutil.rmtree(site_dir / rel, ignore_errors=True)


def index_sitemap(site_dir: Path, site_url: str) -> None:
    """MkDocs' sitemap.xml moves to sitemap-pages.xml, and sitemap.xml becomes a sitemap index of
    that one file (sitemaps.org), which crawlers follow. Material's script fetches the sitemap.xml
    beside every <link rel="alternate"> of a page (to map a page between languages), and the
    feeds a page announces are such links: with every page listed there, each visit downloaded
    the whole list (84 KiB gzipped at five years, parsed on the reader's phone)."""
    sitemap = site_dir / urls.save_as("sitemap")
    if not sitemap.is_file():
        return
    pages = site_dir / urls.save_as("sitemap_pages")
    os.replace(sitemap, pages)
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
    pages.with_name(pages.name + ".gz").write_bytes(gzip.compress(pages.read_bytes(), mtime=0))
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"  <sitemap><loc>{escape(site_url + urls.url('sitemap_pages'))}</loc></sitemap>\n"
        "</sitemapindex>\n"
    )
    sitemap.write_text(index, encoding="utf-8")


def prune(site_dir: Path, published: dict[str, list[View]]) -> None:
    """Remove what an earlier build left in the site folder and this one must not publish: the
    CSV of a table whose period ended, the page of a record no longer published (`mkdocs build
    --dirty` and the preview keep the folder between builds)."""
    for kind, views in published.items():
        folder = site_dir / kind
        if not folder.is_dir():
            continue
        files = {f"{v.id}.csv" for v in views if v.csv_url and v.render_csv() is not None}
        files |= {f"{v.id}.ics" for v in views if getattr(v, "ics_url", None)}
        pages = {v.id for v in views}
        for path in folder.iterdir():
            if path.suffix in (".csv", ".ics") and path.name not in files:
                path.unlink()
            elif path.is_dir() and not path.is_symlink() and path.name not in pages:
                shutil.rmtree(path)


def write_feeds(views: list[View], settings: Settings, tz: ZoneInfo, units: dict) -> None:
    """/feed.xml, /events.ics, an .ics per event, and a feed per unit (/units/<id>/feed.xml, also
    for a unit that has published nothing yet: its page links it)."""
    site_dir, site_url = settings.site_dir, settings.site_url or "/"
    # written while MkDocs renders: it may not exist yet
    site_dir.mkdir(parents=True, exist_ok=True)
    host = urlsplit(site_url).hostname or "gongkai.local"
    write_whole(
        inside_site(site_dir, urls.url("feed")),
        render_atom(
            views,
            title=settings.site_name,
            site_url=site_url,
            feed_url=site_url + urls.url("feed"),
            tz=tz,
            styles=_up_to_root(urls.url("feed")),
        ),
    )
    events = [v for v in views if v.in_calendar]
    everything = calendar_of(
        events, title=f"{settings.site_name}·活动", site_url=site_url, host=host, tz=tz
    )
    write_whole(inside_site(site_dir, urls.url("calendar")), everything.to_ical())
    timezones = everything.walk("VTIMEZONE")
    by_unit: dict[str, list[View]] = {unit: [] for unit in units}
    for view in views:
        for unit in view.feed_units:
            by_unit.setdefault(unit, []).append(view)
    for unit, unit_views in by_unit.items():
        target = inside_site(site_dir, urls.url("unit_feed", id=unit))
        name = units[unit].name
        url = site_url + urls.url("unit_feed", id=unit)
        write_whole(
            target,
            render_atom(
                unit_views,
                title=f"{settings.site_name}·{name}",
                site_url=site_url,
                feed_url=url,
                tz=tz,
                home_url=site_url + urls.url("unit", id=unit),
                styles=_up_to_root(urls.url("unit_feed", id=unit)),
            ),
        )
    for event in events:  # 添加到日历 on an event's page: the event alone
        title = f"{settings.site_name}·{event.title}"
        write_whole(
            inside_site(site_dir, event.ics_url),
            render_ics(
                [event], title=title, site_url=site_url, host=host, tz=tz, timezones=timezones
            ),
        )


def _up_to_root(address: str) -> str:
    """From a file's address to the site's root, as a relative link: units/x/feed.xml → ../../"""
    return "../" * address.count("/")


def index_search(
    views: list[View], site_dir: Path, synonyms: list[tuple[str, ...]], others: list = ()
) -> dict[str, int]:
    """Write the search index of the published records under site/search/index/, whole: it is
    written beside the old one and swapped in, so a reader never gets half of each."""
    target = inside_site(site_dir, urls.url("search_index").rstrip("/"))
    fresh, stale = (
        target.with_name(f"index.new-{os.getpid()}"),
        target.with_name(f"index.old-{os.getpid()}"),
    )
    counts = write_index(views, fresh, synonyms, others)
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    return counts

"""Files beside the pages: CSV downloads of tables of people, the media records point to, the
search index and the feeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .feeds import render_atom, render_ics
from .searchindex import write_index
from .settings import Settings
from .views import View

def write_outputs(views: list[View], media_dir: Path, site_dir: Path) -> None:
    """Write the CSVs of tables in their posting period and copy the media of published records."""
    for view in views:
        table = view.render_csv()
        if table is not None:
            (site_dir / view.csv_url).write_bytes(table)
        for file in view.media:
            target = site_dir / "media" / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(media_dir / file, target)


def write_feeds(views: list[View], settings: Settings, tz: ZoneInfo) -> None:
    """/feed.xml, /events.ics and a feed per unit (/units/<id>/feed.xml)."""
    site_dir, site_url = settings.site_dir, settings.site_url or "/"
    site_dir.mkdir(parents=True, exist_ok=True)  # written while MkDocs renders: it may not exist yet
    host = urlsplit(site_url).hostname or "gongkai.local"
    _replace(site_dir / "feed.xml", render_atom(views, title=settings.site_name, site_url=site_url, feed_url=site_url + "feed.xml", tz=tz))
    events = [v for v in views if v.kind == "events"]
    _replace(site_dir / "events.ics", render_ics(events, title=f"{settings.site_name}·活动", site_url=site_url, host=host, tz=tz))
    by_unit: dict[str, list[View]] = {}
    for view in views:
        by_unit.setdefault(view.record.unit, []).append(view)
    for unit, unit_views in by_unit.items():
        target = site_dir / "units" / unit / "feed.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        name = unit_views[0].unit.name
        url = f"{site_url}units/{unit}/feed.xml"
        _replace(target, render_atom(unit_views, title=f"{settings.site_name}·{name}", site_url=site_url, feed_url=url, tz=tz))


def _replace(path: Path, content: bytes) -> None:
    """Write a file whole: a preview abandons a writer for a newer save, and a reader must never
    get half a feed."""
    fresh = path.with_name(f".{path.name}.new-{os.getpid()}")
    fresh.write_bytes(content)
    os.replace(fresh, path)


def index_search(views: list[View], site_dir: Path) -> dict[str, int]:
    """Write the search index of the published records under site/search/index/, whole: it is
    written beside the old one and swapped in, so a reader never gets half of each."""
    target = site_dir / "search" / "index"
    fresh, stale = target.with_name(f"index.new-{os.getpid()}"), target.with_name(f"index.old-{os.getpid()}")
    counts = write_index(views, fresh)
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    return counts

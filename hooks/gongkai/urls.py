"""The site's addresses in one table, as Pelican's `*_URL` settings: every page, listing, feed,
calendar, download and index, relative to the site's root (a page's ends with a slash: its folder).
Page specs, links, feeds, the sitemap, CSV downloads, publish's checks and the templates (through
`gk_url`) all take their addresses from here; the contract's are asserted against it
(tests/test_urls.py). A page's Markdown source for MkDocs is its address + index.md."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

ADDRESSES: dict[str, str] = {
    "home": "",
    "search": "search/",
    "search_index": "search/index/",  # the index's files, written by outputs.index_search
    "feed": "feed.xml",  # everything published, newest first
    "calendar": "events.ics",  # every event
    "kind": "{kind}/",  # a kind's index: the newest and what is in its period
    "record": "{kind}/{id}/",
    "record_csv": "{kind}/{id}.csv",  # a record's rows, while they are shown
    "record_ics": "{kind}/{id}.ics",  # an event in a calendar
    "archive": "archive/{kind}/{year}/",  # a kind's year, by month
    "category": "categories/{id}/",  # the disclosures of a category
    "units": "units/",
    "unit": "units/{id}/",
    "unit_feed": "units/{id}/feed.xml",
    "feed_style": "assets/gongkai-feed.css",  # a feed opened in a browser: a page
    "sitemap": "sitemap.xml",  # an index of the one below (outputs.files.index_sitemap)
    "sitemap_pages": "sitemap-pages.xml",  # every page, as MkDocs lists it
    "export": "export/",  # the member export for a group's portal (outputs.export)
    "members": "members/",  # a group portal's members (portal.group)
    "member": "members/{id}/",  # one member: its notices in their period, newest, scorecard
    "reports": "reports/",
    "report": "reports/{year}/",
    "report_detail": "reports/{year}/{slug}/",  # the records behind a figure of a report
    "scorecard": "reports/{year}/scorecards/{unit}/",  # the records behind a unit's scorecard
    "sessions": "sessions/",
    "session": "sessions/{id}/",
    "session_figure": "sessions/{id}/{slug}/",  # the proposals behind a figure of a session
    "feedback": "feedback/",  # the opinions board
    "guide": "guide/",  # the editors' guide (content/guide/), linked from every page's footer
    "media": "media/{file}",  # an attachment or a photo, percent-encoded
}
SERIES_PAGE = "{first}{page}/"  # the further pages of a listing: units/zongcai1/2/
SOURCE = "{address}index.md"  # the page's Markdown source for MkDocs


def url(name: str, **values: Any) -> str:
    """The address `name` of the table with its values filled in, as a link: url("unit", id="zongcai1")."""
    if name == "media":  # a file's name may hold #, ?, % or 中文
        values = {"file": quote(str(values["file"]), safe="/")}
    return save_as(name, **values)


def save_as(name: str, **values: Any) -> str:
    """Where the file at address `name` is written in site_dir (Pelican's *_SAVE_AS): the address
    as it is, not percent-encoded."""
    return ADDRESSES[name].format(**values)


def series_page(first: str, page: int) -> str:
    """The address of page `page` (from 1) of a listing series whose first page is `first`."""
    return first if page == 1 else SERIES_PAGE.format(first=first, page=page)


def source(address: str) -> str:
    """The Markdown source MkDocs is given for the page at `address`."""
    return SOURCE.format(address=address)


def address_of(src_uri: str) -> str:
    """The address of the page whose source is src_uri (the inverse of source)."""
    return src_uri.removesuffix("index.md")

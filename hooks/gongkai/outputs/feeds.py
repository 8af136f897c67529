"""The feeds: Atom of the newest records of every kind, iCalendar of every event."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event as CalendarEvent
from lxml import etree

from gongkai import urls
from gongkai.pages.views import View, zh_date

XHTML = "http://www.w3.org/1999/xhtml"

FEED_SIZE = 50


def _moment(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tz)


def render_atom(
    views: list[View],
    *,
    title: str,
    site_url: str,
    feed_url: str,
    tz: ZoneInfo,
    home_url: str | None = None,
    styles: str = "",
) -> bytes:
    """Atom 1.0 of the newest published records, with summary and link; no named pay ever. The
    feed's own page (home_url) is the site's home, or a unit's page for its feed. `styles`: the
    way from the feed up to the site's root ("../../" for a unit's), where the address of the
    style sheet that makes a feed opened in a browser a page starts (styled_feed)."""
    newest = sorted(views, key=lambda v: (v.last_change, v.kind, v.id), reverse=True)[:FEED_SIZE]
    feed = FeedGenerator()
    feed.register_extension("page", PageFeed, PageEntry, rss=False)
    feed.page.about(title, home_url or site_url, len(newest))
    feed.id(feed_url)
    feed.title(title)
    feed.link(href=home_url or site_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("zh-CN")
    feed.generator("gongkai")
    # the newest record's day, never the build's clock: the same data gives the same bytes
    feed.updated(_moment(newest[0].last_change if newest else date(1970, 1, 1), tz))
    for view in reversed(newest):  # feedgen prepends each entry
        entry = feed.add_entry()
        link = site_url + view.url
        entry.id(link)
        entry.title(view.title)
        entry.link(href=link)
        entry.published(_moment(view.date, tz))
        entry.updated(_moment(view.last_change, tz))  # a proposal's answer or evaluation updates it
        entry.summary(view.summary)
        entry.category(term=view.kind, label=view.kind_label)
        entry.author(name=view.unit.name)
        entry.page.show(
            view.title, link, f"{view.kind_label} · {view.unit.name} · {zh_date(view.date)}"
        )
    return styled_feed(feed.atom_str(pretty=True), styles)


def styled_feed(atom: bytes, styles: str) -> bytes:
    """The feed with its style sheet named after the XML declaration: a browser that opens it
    shows the XHTML the feed carries for it (PageFeed), styled by gongkai-feed.css."""
    declaration, _, rest = atom.partition(b"?>\n")
    if not declaration.startswith(b"<?xml "):
        raise ValueError("the feed does not start with its XML declaration")
    sheet = f'<?xml-stylesheet type="text/css" href="{styles}{urls.url("feed_style")}"?>\n'
    return declaration + b"?>\n" + sheet.encode() + rest


def _xhtml(tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.Element(f"{{{XHTML}}}{tag}", {k.rstrip("_"): v for k, v in attributes.items()})
    element.text = text
    return element


class PageFeed(BaseExtension):
    """What a browser shows of a feed a worker opened by tapping 订阅: a heading, what the address
    is for and how to subscribe, in Chinese; then each entry's title as a link (PageEntry). It is
    XHTML, which a browser renders and feed readers skip as foreign markup (RFC 4287, 6.4)."""

    def __init__(self) -> None:
        self._about: tuple[str, str, int] | None = None

    def about(self, title: str, home: str, count: int) -> None:
        self._about = (title, home, count)

    def extend_ns(self) -> dict[str, str]:
        return {"h": XHTML}

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        title, home, count = self._about
        head = _xhtml("div", class_="gk-feed__head")
        # as wide as the phone, as a page of the site is (a browser takes it outside a <head> too)
        head.append(_xhtml("meta", name="viewport", content="width=device-width, initial-scale=1"))
        head.append(_xhtml("h1", f"{title}的更新"))
        note = _xhtml("div", class_="gk-feed__about", role="note")
        first = _xhtml("p")
        first.append(_xhtml("strong", "这是订阅地址，不是普通网页。"))
        first[0].tail = (
            "想在手机上收到提醒：复制浏览器地址栏里的这个网址，粘贴到“订阅”或“RSS 阅读”软件里，"
            "本站有新内容时它会告诉您。"
        )
        second = _xhtml("p", "不订阅也可以：直接点下面的标题阅读，或")
        second.append(_xhtml("a", "回到网站", href=home))
        second[0].tail = "。"
        note.extend([first, second])
        head.append(note)
        head.append(_xhtml("h2", f"最近 {count} 条" if count else "还没有发布内容"))
        feed.append(head)
        return feed


class PageEntry(BaseEntryExtension):
    """An entry's title as a link, and what it is, whose and of which day, for PageFeed."""

    def __init__(self) -> None:
        self._shown: tuple[str, str, str] | None = None

    def show(self, title: str, link: str, meta: str) -> None:
        self._shown = (title, link, meta)

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        title, link, meta = self._shown
        item = _xhtml("div", class_="gk-feed__item")
        item.append(_xhtml("a", title, href=link, class_="gk-feed__title"))
        item.append(_xhtml("p", meta, class_="gk-feed__meta"))
        entry.insert(0, item)
        return entry


def render_ics(
    events: list[View],
    *,
    title: str,
    site_url: str,
    host: str,
    tz: ZoneInfo,
    timezones: list | None = None,
) -> bytes:
    """iCalendar of every published event, times in the site's zone; an all-day event as dates."""
    return calendar_of(
        events, title=title, site_url=site_url, host=host, tz=tz, timezones=timezones
    ).to_ical()


def calendar_of(
    events: list[View],
    *,
    title: str,
    site_url: str,
    host: str,
    tz: ZoneInfo,
    timezones: list | None = None,
) -> Calendar:
    """The calendar of events; its VTIMEZONE made for it, or the given ones (a calendar of one event
    reuses the full calendar's: icalendar spends milliseconds making each)."""
    calendar = Calendar()
    calendar.add("prodid", "-//gongkai//公开栏活动//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", str(tz))
    for view in sorted(events, key=lambda v: (v.start_iso, v.id)):
        record = view.record
        item = CalendarEvent()
        item.add("uid", f"{view.id}@{host}")
        item.add("summary", view.title)
        item.add("dtstamp", _moment(view.date, tz))
        start, end = record.start, record.end
        if isinstance(start, datetime):
            item.add("dtstart", start.replace(tzinfo=tz))
            if end is not None:
                end = end if isinstance(end, datetime) else datetime.combine(end, time(23, 59))
                item.add("dtend", end.replace(tzinfo=tz))
        else:
            last = end.date() if isinstance(end, datetime) else (end or start)
            item.add("dtstart", start)
            item.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
        if record.location:
            item.add("location", record.location)
        item.add("url", site_url + view.url)
        item.add("description", f"{view.summary}\n{site_url}{view.url}")
        item.add("categories", [view.event_kind])
        calendar.add_component(item)
    if timezones is None:
        calendar.add_missing_timezones()
    elif any(isinstance(view.record.start, datetime) for view in events):
        for timezone in timezones:
            calendar.add_component(timezone)
    return calendar

"""The feeds: Atom of the newest records of every kind, iCalendar of every event."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event as CalendarEvent

from gongkai.pages.views import View

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
) -> bytes:
    """Atom 1.0 of the newest published records, with summary and link; no named pay ever. The
    feed's own page (home_url) is the site's home, or a unit's page for its feed."""
    newest = sorted(views, key=lambda v: (v.last_change, v.kind, v.id), reverse=True)[:FEED_SIZE]
    feed = FeedGenerator()
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
    return feed.atom_str(pretty=True)


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

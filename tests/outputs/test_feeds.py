"""gongkai.outputs.feeds: the Atom feeds of the site, of each unit and of proposals, and the events'
calendar, as readers' programs read them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import yaml
from support import FLAGSHIP, ROOT, SITE_URL, page_text, published, unpublished_titles


def test_feeds_carry_proposals_as_of_their_latest_step_and_the_handlers_feed_too(demo_site):
    feed = feedparser.parse((demo_site / "feed.xml").read_bytes())
    answered = [e for e in feed.entries if "/proposals/" in e.link]
    assert answered
    latest = {e.link.rsplit("/", 2)[-2]: e.updated[:10] for e in answered}
    for ident, updated in latest.items():
        data = yaml.safe_load(
            next((ROOT / "data" / "proposals").rglob(f"{ident}.yml")).read_text(encoding="utf-8")
        )
        steps = [data["date"]] + [
            data[k]["date"] for k in ("review", "answer", "evaluation") if data.get(k)
        ]
        assert updated == max(steps).isoformat(), ident
    houqin = feedparser.parse((demo_site / "units" / "houqin" / "feed.xml").read_bytes())
    # proposed by tongfeng
    assert any(e.link.endswith("/proposals/11-1-15-yeban-tongqinche/") for e in houqin.entries)


# -- feeds a reader can find ----------------------------------------------------------------------


def test_every_page_announces_the_feeds_and_the_home_page_links_them(demo_site):
    for rel in (
        "index.html",
        "disclosures/index.html",
        FLAGSHIP + "index.html",
        "guide/index.html",
    ):
        html = (demo_site / rel).read_text(encoding="utf-8")
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="[^"]*feed\.xml">',
            html,
        ), rel
        assert 'type="text/calendar"' in html
    home = page_text(demo_site / "index.html")
    assert "订阅全部更新" in home and "把活动添加到日历" in home
    # in words a miner reads: no format's name
    raw = (demo_site / "index.html").read_text(encoding="utf-8")
    subscribe = raw.split('id="subscribe"')[1].split("</ul>")[0]
    assert not any(word in subscribe for word in ("Atom", "iCalendar", "Outlook", "RSS 订阅源"))
    unit = (demo_site / "units" / "union" / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in unit and "订阅矿工会的更新" in page_text(
        demo_site / "units" / "union" / "index.html"
    )


def test_a_units_feed_leads_back_to_the_units_page(demo_site):
    feed = feedparser.parse((demo_site / "units" / "union" / "feed.xml").read_bytes())
    assert feed.feed.link == SITE_URL + "units/union/"


def test_an_event_page_offers_the_event_alone_for_a_calendar(demo_site):
    page = (demo_site / "events" / "2026-zhigong-yundonghui" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'href="../2026-zhigong-yundonghui.ics"' in page and "添加到日历" in page
    calendar = icalendar.Calendar.from_ical(
        (demo_site / "events" / "2026-zhigong-yundonghui.ics").read_bytes()
    )
    assert [str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT")] == [
        "2026-zhigong-yundonghui"
    ]


# -- feeds --------------------------------------------------------------------------------------


def test_atom_feed_parses_with_the_newest_records_and_nothing_unpublished(demo_site):
    feed = feedparser.parse((demo_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "兴业煤矿厂务公开栏"
    entries = feed.entries
    assert entries and all(e.link.startswith(SITE_URL) and e.summary for e in entries)
    dates = [e.updated_parsed for e in entries]  # newest news first: a proposal's answer is news
    assert dates == sorted(dates, reverse=True)
    every = {
        k: published(k) for k in ("disclosures", "allocations", "events", "stories", "proposals")
    }
    steps = [
        r[step]["date"]
        for r in every["proposals"].values()
        for step in ("review", "answer", "evaluation")
        if r.get(step)
    ]
    newest = max(
        [str(r["date"]) for kind in every.values() for r in kind.values()]
        + [str(day) for day in steps]
    )
    assert entries[0].updated.startswith(newest)
    hidden = unpublished_titles("disclosures")
    text = (demo_site / "feed.xml").read_text(encoding="utf-8")
    assert hidden and not any(title in text for title in hidden)


def test_unit_feeds(demo_site):
    feed = feedparser.parse((demo_site / "units" / "union" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries
    # and what it handles
    assert all(entry.author == "矿工会" or "/proposals/" in entry.link for entry in feed.entries)


def test_events_calendar_has_every_event_at_its_true_time(demo_site):
    calendar = icalendar.Calendar.from_ical((demo_site / "events.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    expected = published("events")
    assert set(events) == set(expected)
    shanghai = ZoneInfo("Asia/Shanghai")
    for ident, record in expected.items():
        event = events[ident]
        start = event.decoded("dtstart")
        if (
            isinstance(record["start"], date)
            and not isinstance(record["start"], datetime)
            and ":" not in str(record["start"])
        ):
            assert start == record["start"] and not isinstance(start, datetime)  # all-day: a date
            assert event.decoded("dtend") == (record.get("end") or record["start"]) + timedelta(
                days=1
            )
        else:
            written = datetime.strptime(str(record["start"]), "%Y-%m-%d %H:%M").replace(
                tzinfo=shanghai
            )
            assert start == written and start.utcoffset() == timedelta(hours=8)
            if record.get("end"):
                end = datetime.strptime(str(record["end"]), "%Y-%m-%d %H:%M").replace(
                    tzinfo=shanghai
                )
                assert event.decoded("dtend") == end
        assert str(event["summary"]) == record["title"]
        assert str(event["url"]) == f"{SITE_URL}events/{ident}/"
        if record.get("location"):
            assert str(event["location"]) == record["location"]
    assert any(tz["tzid"] == "Asia/Shanghai" for tz in calendar.walk("VTIMEZONE"))

"""theme_overrides/assets/gongkai-feed.css with the XHTML of outputs/feeds.PageFeed: a feed opened
in a browser, as a worker who tapped 订阅 sees it, on a phone and at 1280 px."""

from __future__ import annotations

import feedparser
import pytest


@pytest.mark.parametrize("address", ["feed.xml", "units/union/feed.xml"])
@pytest.mark.parametrize("width", [360, 1280])
def test_a_feed_opened_in_a_browser_is_a_chinese_page_linking_its_records(
    browser, demo_site, demo_url, address, width
):
    feed = feedparser.parse((demo_site / address).read_bytes())
    assert not feed.bozo and feed.entries  # readers still read it
    phone = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if width < 400 else {}
    page = browser.new_page(viewport={"width": width, "height": 800}, **phone)
    page.goto(demo_url + address)
    assert page.locator("h1").inner_text() == f"{feed.feed.title}的更新"
    assert not page.get_by_text("XSLT").count()
    assert "这是订阅地址，不是普通网页" in page.locator("[role=note]").inner_text()
    titles = page.locator("a.gk-feed__title")
    assert titles.all_inner_texts() == [entry.title for entry in feed.entries]
    assert [a.get_attribute("href") for a in titles.all()] == [e.link for e in feed.entries]
    assert page.locator("a", has_text="回到网站").get_attribute("href") == feed.feed.link
    first = page.locator(".gk-feed__meta").first.inner_text()
    assert feed.entries[0].tags[0].label in first and "年" in first and "日" in first
    assert page.get_by_text(feed.entries[0].summary[:20]).first.is_visible()
    assert not page.get_by_text(feed.entries[0].id, exact=True).first.is_visible()  # readers only
    # styled by the site's own sheet: text of 18 px as the phone shows it, no sideways scroll
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "18px"
    assert page.evaluate("window.visualViewport.scale") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = titles.first.bounding_box()
    assert box["height"] >= 44
    page.close()

"""What readers and inspectors get: feeds, the printed notice, the annual report, every phone."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import yaml
from support import (
    PAGE_KINDS,
    ROOT,
    copy_project,
    mkdocs_build,
    page_text,
    published,
    records,
    write_data,
)

SITE_URL = "http://gongkai.xingye.local/"
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


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
    hidden = [
        r["title"]
        for r in records("disclosures").values()
        if r.get("draft") or str(r["date"]) > "2026-11-25"
    ]
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


# -- the annual report ----------------------------------------------------------------------------


def _cells(html: str, section: str) -> list[list[str]]:
    """The rows of the table under a report heading, as text."""
    part = html.split(f'id="{section}"')[1].split("<h2")[0]
    # the chart's data table comes first
    table = re.findall(r"<table>.*?</table>", part, flags=re.S)[-1]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in rows
    ]


def test_annual_report_counts_match_the_data(demo_site):
    year = 2026
    html = (demo_site / "reports" / str(year) / "index.html").read_text(encoding="utf-8")
    every = {
        k: [r for r in published(k).values() if r["date"].year == year]
        for k in ("disclosures", "allocations", "events", "stories", "proposals")
    }
    totals = _cells(html, "totals")
    assert totals[0] == [
        "公开事项",
        "工资奖金分配公示",
        "活动",
        "先进事迹",
        "提案与合理化建议",
        "公示期",
    ]
    periods = sum(
        1
        for kind in ("disclosures", "allocations")
        for r in published(kind).values()
        if r.get("period") and (r["period"].get("from") or r["date"]).year == year
    )
    assert totals[1] == [
        str(len(every[k])) for k in ("disclosures", "allocations", "events", "stories", "proposals")
    ] + [str(periods)]
    categories = {
        c["id"]: c["name"]
        for c in yaml.safe_load((ROOT / "data" / "categories.yml").read_text(encoding="utf-8"))
    }
    counted = Counter(r["category"] for r in every["disclosures"])
    assert _cells(html, "categories")[1:] == [
        [name, str(counted[cid])] for cid, name in categories.items()
    ]
    feedback = [
        f
        for r in published("disclosures").values()
        for f in r.get("feedback", [])
        if f["date"].year == year
    ]
    answered = [
        f
        for f in feedback
        if (f.get("status") or ("answered" if f.get("reply") else "pending"))
        in ("answered", "rectifying", "rectified")
    ]
    rectified = [f for f in feedback if f.get("status") == "rectified"]
    days = [(f["replied"] - f["date"]).days for f in feedback if f.get("replied")]
    row = _cells(html, "feedback")[1]
    assert row[:3] == [str(len(feedback)), str(len(answered)), str(len(rectified))]
    assert row[3] == f"{round(sum(days) / len(days), 1)} 天" and row[5] == f"{max(days)} 天"
    units = {
        u["id"]: u["name"]
        for u in yaml.safe_load((ROOT / "data" / "units.yml").read_text(encoding="utf-8"))
    }
    grid = {r[0]: r for r in _cells(html, "allocations")[1:]}
    for unit, count in Counter(r["unit"] for r in every["allocations"]).items():
        assert grid[units[unit]][-1] == str(count)


def test_every_report_figure_links_to_its_records(demo_site):
    html = (demo_site / "reports" / "2026" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<td class="gk-num"><a href="([^"#]+)(?:#[^"]*)?">(\d+)</a>', html)
    assert len(links) > 20
    base = demo_site / "reports" / "2026"
    for href, _number in links:
        page = (base / href / "index.html").resolve()
        assert page.exists(), href
        listed = len(re.findall(r'class="gk-item__title"', page.read_text(encoding="utf-8")))
        assert listed >= 1
    categories = dict(
        re.findall(
            r'<th scope="row">([^<]+)</th><td class="gk-num"><a href="categories/([a-z]+)/">', html
        )
    )
    aid = (base / "categories" / categories["困难帮扶"] / "index.html").read_text(encoding="utf-8")
    assert "2026年第二批困难职工救助" in aid or "困难" in page_text(
        base / "categories" / categories["困难帮扶"] / "index.html"
    )


# -- dates and money ---------------------------------------------------------------------------------


def test_dates_money_and_durations_the_chinese_way(demo_site):
    page = page_text(demo_site / "allocations" / "2026-10-zongcai1-safety" / "index.html")
    assert (
        "2026年11月20日（星期五）" in page.replace(" ", "")
        and "169,143.68 元" in page
        and "还剩 3 天" in page
    )
    event = page_text(demo_site / "events" / "2026-anquan-zixunri" / "index.html")
    assert "2026年12月12日（星期六）" in event.replace(" ", "")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page_text(demo_site / "index.html"))


# -- phones and accessibility --------------------------------------------------------------------------


def test_no_page_scrolls_sideways_on_a_360px_phone(browser, demo_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    wide = {}
    for path in PAGE_KINDS:
        page.goto(demo_url + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[path] = width
    context.close()
    assert wide == {}


def test_pages_say_zh_cn_and_mark_table_headers(demo_site):
    for path in (
        "index.html",
        "allocations/2026-10-zongcai1-safety/index.html",
        "reports/2026/index.html",
    ):
        html = (demo_site / path).read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in html
        for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
            assert "<th" in table


@pytest.mark.parametrize(
    "path",
    [
        "",
        "disclosures/2026-shijia-zhigong-houxuan/",
        "allocations/2026-10-zongcai1-safety/",
        "disclosures/",
        "reports/2026/",
        "events/2026-zhigong-yundonghui/",
        "search/?q=安全",
    ],
)
def test_axe_finds_no_serious_or_critical_violation(browser, demo_url, path):
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run bash .ci/setup --browser")
    page = browser.new_page()
    page.goto(demo_url + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    page.close()
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


# -- the printed notice ----------------------------------------------------------------------------------


def sixty_rows() -> dict[str, str]:
    rows = "\n".join(
        f"  - {{name: 职工{n:02d}号, post: 采煤机司机, shifts: '26', amount: {1000 + n}}}"
        for n in range(1, 61)
    )
    total = sum(1000 + n for n in range(1, 61))
    return {
        "allocations/a60.yml": (
            "title: 综采一队2026年10月安全奖分配公示\nunit: zongcai1\ndate: 2026-11-20\nmonth: 2026-10\nkind: safety\n"
            f"total: {total}\nperiod: {{from: 2026-11-20, to: 2026-11-27}}\nbasis: 按工分分配。\nrows:\n{rows}\n"
        ),
        "disclosures/notice.yml": (
            "title: 2026年冬季劳动保护用品发放标准公示\ncategory: welfare\nunit: union\ndate: 2026-11-20\n"
            "period: {from: 2026-11-20, to: 2026-11-27}\ncontact: 矿工会 电话 0537-7102215\nbody: |\n"
            "  经矿务公开领导小组审查同意，现将冬季劳动保护用品发放标准公示如下。\n"
        ),
    }


@pytest.fixture(scope="module")
def print_url(tmp_path_factory, serve):
    root = tmp_path_factory.mktemp("print")
    project = copy_project(root / "project", write_data(root / "data-src", sixty_rows()))
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return serve(root / "site")


def printed(browser, url: str) -> tuple[str, list, int]:
    """Print a page to PDF in chromium: its text, its pages as images and the page count."""
    import pypdfium2
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(url)
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    # NFKC: the PDF's font maps some characters to Kangxi radicals (⼀ for 一)
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))
    document = pypdfium2.PdfDocument(pdf)
    images = [document[i].render(scale=3).to_pil() for i in range(len(document))]
    return text, images, len(reader.pages)


def qr_codes(images) -> list[str]:
    import zxingcpp

    return [
        code.text
        for image in images
        for code in zxingcpp.read_barcodes(image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


NAVIGATION = ("编辑指南", "组织机构", "年度报告", "搜索公开内容", "矿务公开办公室", "回到页面顶部")


@pytest.mark.parametrize("path", ["allocations/a60/", "disclosures/notice/"])
def test_printed_notice_is_the_sheet_for_the_board(browser, print_url, path):
    text, images, pages = printed(browser, print_url + path)
    flat = re.sub(r"\s+", "", text)
    if path.startswith("allocations"):
        assert "综采一队2026年10月安全奖分配公示" in flat
        assert all(f"职工{n:02d}号" in flat for n in range(1, 61))  # every row, none cut
        assert pages >= 2
        assert f"{sum(1000 + n for n in range(1, 61)):,}.00" in flat
    else:
        assert "2026年冬季劳动保护用品发放标准公示" in flat
    assert nfkc("公示期2026年11月20日至11月27日（6个工作日）") in flat
    assert "兴业煤矿·" in flat  # the enterprise and unit at the top
    assert nfkc("（盖章）") in flat and "2026年11月20日" in flat
    assert not any(word in flat for word in NAVIGATION)
    assert qr_codes(images) == [f"{SITE_URL}{path}"]


def test_printed_allocation_repeats_its_header_on_every_page(browser, print_url):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(print_url + "allocations/a60/")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.close()
    assert len(reader.pages) >= 2
    for number, pdf_page in enumerate(reader.pages):
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", pdf_page.extract_text()))
        if "职工" in text:
            assert nfkc("金额（元）") in text, number

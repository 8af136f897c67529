"""The first day: what a worker sees on a phone, and what a clerk meets (issue "The first day").

Readers' points are tested in chromium, with the browser's clock set; editors' points by running
the commands they type."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import icalendar
import pytest
from support import (
    ALLOCATION,
    DEMO_NOON,
    DISCLOSURE,
    EPOCH,
    ROOT,
    copy_project,
    page_text,
    write_data,
)

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
SITE_URL = "http://gongkai.xingye.local/"
FLAGSHIP = "allocations/2026-10-zongcai1-safety/"


def noon(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 4, tzinfo=UTC)  # 12:00 in Asia/Shanghai


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = (
        {k: v for k, v in os.environ.items() if k != "GONGKAI_AS_OF"}
        | {"NO_MKDOCS_2_WARNING": "1"}
        | env
    )
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True)


@pytest.fixture(scope="module")
def demo_as_served(tmp_path_factory, serve):
    """The demo as the README's serve command shows it: as of its own day (GONGKAI_AS_OF)."""
    root = tmp_path_factory.mktemp("as-of")
    project = copy_project(root / "project")
    result = run(
        [GONGKAI, "build", "--site-dir", str(root / "site")],
        project,
        GONGKAI_AS_OF="2026-11-25",
        SOURCE_DATE_EPOCH="",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return serve(root / "site")


# -- 1. the demo is coherent whatever the day -----------------------------------------------------


@pytest.mark.parametrize("day", [noon(2026, 12, 2), noon(2027, 12, 2)])
def test_the_served_demo_says_its_day_and_agrees_with_it(browser, demo_as_served, day):
    page = browser.new_page(clock=day)
    page.goto(demo_as_served)
    assert "本站按 2026年11月25日 的情况展示" in page.text_content(".gk-as-of")
    labels = page.eval_on_selector_all(
        "#running ~ ul.gk-list--board .gk-status__label", "els => els.map(e => e.textContent)"
    )
    assert labels and set(labels) == {"公示中"}
    assert page.is_hidden("#running-none")
    page.goto(demo_as_served + FLAGSHIP)
    assert page.is_visible("[data-gk-rows]") and page.is_hidden("[data-gk-rows-ended]")
    assert page.text_content(".gk-lead .gk-status__label") == "公示中"
    page.goto(demo_as_served + "guide/")
    assert page.is_visible(".gk-as-of")  # on every page
    page.close()


def test_a_live_board_read_after_the_periods_lists_nothing_under_in_period(browser, demo_url):
    """An enterprise's own site corrects statuses to the reader's day: what has ended leaves the
    list of what is in its period, and the list says when nothing is left."""
    page = browser.new_page(clock=noon(2027, 1, 5))
    page.goto(demo_url)
    assert (
        page.eval_on_selector_all(
            "#running ~ ul.gk-list--board > li:not([hidden])", "els => els.length"
        )
        == 0
    )
    assert page.is_visible("#running-none")
    assert page.query_selector(".gk-as-of") is None
    page.goto(demo_url + "allocations/")
    assert page.is_visible("#running-none")
    page.close()


# -- 2. pay tables on phones and screens ------------------------------------------------------------


def test_each_name_and_its_amount_fit_a_360px_phone(browser, demo_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(demo_url + FLAGSHIP)
    boxes = page.eval_on_selector_all(
        ".gk-pay tbody tr",
        """rows => rows.map(r => {
          const name = r.querySelector('.gk-pay__name').getBoundingClientRect();
          const amount = r.querySelector('.gk-pay__amount').getBoundingClientRect();
          const style = getComputedStyle(r.querySelector('.gk-pay__amount'));
          return {name: [name.left, name.top, name.bottom], amount: [amount.left, amount.right, amount.top, amount.bottom],
                  align: style.textAlign, figures: style.fontVariantNumeric};
        })""",
    )
    assert len(boxes) > 20
    for box in boxes:
        left, right, top, bottom = box["amount"]
        assert 0 <= left and right <= 360, box  # the amount is on screen
        assert top < box["name"][2] and bottom > box["name"][1], box  # on the name's line
        assert box["align"] == "right" and "tabular-nums" in box["figures"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "出勤" in page.text_content(".gk-pay tbody tr .gk-pay__more")  # the rest beneath
    context.close()


@pytest.mark.parametrize("path", [FLAGSHIP, "reports/2026/"])
def test_tables_are_not_cut_on_a_screen(browser, demo_url, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_url + path)
    cut = page.eval_on_selector_all(
        ".gk-table",
        "boxes => boxes.filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1).map(b => b.textContent.slice(0, 40))",
    )
    assert cut == []
    page.close()


SHIFTS = """
window.__gkShift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__gkShift += e.value; })
  .observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize(
    ("path", "width", "height"),
    [
        ("proposals/", 412, 823),  # the filters the script shows pushed the list down: 0.12
        (
            "search/?q=%E5%AE%89%E5%85%A8",
            1350,
            940,
        ),  # results pushed the footer off a desktop screen
    ],
)
def test_what_scripts_add_does_not_push_the_page_around(browser, demo_url, path, width, height):
    """Cumulative layout shift as Lighthouse counts it, on its phone and desktop screens."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.add_init_script(SHIFTS)
    page.goto(demo_url + path)
    page.wait_for_selector(".gk-filters:not([hidden]), .gk-result__title")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__gkShift") < 0.02
    page.close()


# -- 3. search -------------------------------------------------------------------------------------------


def test_enter_then_more_results_at_once_adds_results(browser, demo_url):
    """Enter runs the query now; the run that typing scheduled must not start it over under the
    reader's next click (更多结果 then did nothing). The page's timers are held until the click."""
    page = browser.new_page()
    page.goto(demo_url + "search/")
    page.clock.pause_at(DEMO_NOON + timedelta(hours=1))
    page.fill("#gk-search input[name=q]", "安全")
    page.press("#gk-search input[name=q]", "Enter")
    page.wait_for_function("document.querySelectorAll('.gk-result').length === 10")
    page.click(".gk-results__more")
    page.clock.run_for(1000)  # past the 250 ms after typing
    page.wait_for_function(
        "document.querySelectorAll('.gk-result').length > 10 || document.querySelector('.gk-results__status').textContent.startsWith('正在')"
    )
    page.wait_for_timeout(300)
    assert page.locator(".gk-result").count() > 10
    page.close()


def test_more_results_hides_when_there_is_nothing_more_and_never_throws(browser, demo_url):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(demo_url + "search/?q=马长青")
    page.wait_for_selector(".gk-result__title")
    assert page.is_hidden(".gk-results__more")
    page.evaluate("document.querySelector('.gk-results__more').click()")
    page.goto(demo_url + "search/")
    page.evaluate("document.querySelector('.gk-results__more').click()")
    page.wait_for_timeout(200)
    assert errors == []
    page.close()


def test_an_excerpt_is_the_sentence_where_the_word_stands(browser, demo_url):
    page = browser.new_page()
    page.goto(demo_url + "search/?q=职代会")
    page.wait_for_selector(".gk-result__excerpt")
    excerpts = page.eval_on_selector_all(".gk-result__excerpt", "ps => ps.map(p => p.textContent)")
    assert excerpts and all("职代会" in excerpt for excerpt in excerpts)
    assert not any(
        excerpt.startswith(("公开事项", "先进事迹", "活动")) or "电话 0537" in excerpt
        for excerpt in excerpts
    ), excerpts
    page.close()


def test_typing_in_the_header_box_shows_the_first_results(browser, demo_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_url)
    page.type(".gk-search__input", "安康杯", delay=50)
    page.wait_for_selector(".gk-suggest:not([hidden]) a")
    links = page.eval_on_selector_all(
        ".gk-suggest a", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert "/events/2026-ankangbei-jingsai/" in links
    page.press(".gk-search__input", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.close()


# -- 4. feeds a reader can find ----------------------------------------------------------------------


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


# -- 5. Chinese everywhere -----------------------------------------------------------------------------


def test_the_404_page_is_chinese(demo_site):
    text = page_text(demo_site / "404.html")
    assert "找不到这个页面" in text and "Not found" not in text


def test_gongkai_build_speaks_chinese_and_fails_without_english(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    good = run(
        [GONGKAI, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        project,
        SOURCE_DATE_EPOCH=EPOCH,
    )
    assert good.returncode == 0, good.stderr
    assert "正在生成网站" in good.stdout and "网站已生成，用时" in good.stdout
    (project / "data" / "disclosures" / "x.yml").write_text(
        DISCLOSURE.replace("unit: union", "unit: nowhere"), encoding="utf-8"
    )
    bad = run(
        [GONGKAI, "build", "--site-dir", str(tmp_path / "site")], project, SOURCE_DATE_EPOCH=EPOCH
    )
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1 and "data/disclosures/x.yml:3:" in output and "生成失败" in output
    assert not re.search(
        r"[A-Za-z]{4,} [A-Za-z]{4,}", output.replace("data/", "").replace("units.yml", "")
    ), output


# -- 6. the printed notice ------------------------------------------------------------------------------


def test_the_printed_notices_qr_code_uses_site_url_even_in_a_preview():
    from gongkai.settings import Settings

    config = {"site_url": "http://127.0.0.1:8000/", "site_name": "x", "extra": {}}
    assert Settings.from_config(ROOT, config).site_url == SITE_URL


def test_the_printed_caption_says_what_the_site_offers(demo_site):
    page = page_text(demo_site / "disclosures" / "2026-shijia-zhigong-houxuan" / "index.html")
    caption = page[page.index("扫码查看网上公示") :]
    # the demo sets no opinion_url
    assert "打印《意见表》" in caption and "意见答复" in caption and "在线" not in caption


# -- 7. polish a reader notices ------------------------------------------------------------------------


def test_polish_on_a_phone(browser, demo_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(demo_url + "archive/disclosures/2026/")
    sizes = page.eval_on_selector_all(
        ".gk-chart__svg--narrow .gk-chart__label",
        "els => els.map(e => e.getBoundingClientRect().height)",
    )
    assert sizes and min(sizes) >= 10  # chart labels as large as small text
    summary = page.query_selector("details.gk-chart__data > summary")
    # no stray pencil
    assert page.evaluate("s => getComputedStyle(s, '::before').display", summary) == "none"
    page.goto(demo_url + "disclosures/")
    order = page.evaluate("[...document.querySelectorAll('h2')].map(h => h.id)")
    assert (
        order.index("categories") < order.index("running")
        if "running" in order
        else order[0] == "categories"
    )
    page.goto(demo_url + "disclosures/2026-shitang-yijian-zhenggai/")
    tel = page.query_selector("a.gk-tel")
    assert (
        tel
        and tel.get_attribute("href").startswith("tel:")
        and page.evaluate("a => getComputedStyle(a).whiteSpace", tel) == "nowrap"
    )
    page.goto(demo_url + "events/2026-zhigong-yundonghui/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('figcaption')).fontStyle")
        == "normal"
    )
    page.goto(demo_url)
    offset = page.evaluate(
        "document.querySelector('.gk-card').getBoundingClientRect().left - document.querySelector('#stories').getBoundingClientRect().left"
    )
    assert abs(offset) < 2
    context.close()


def test_record_pages_light_their_tab_and_link_their_kind(demo_site):
    page = (demo_site / "disclosures" / "2026-shijia-zhigong-houxuan" / "index.html").read_text(
        encoding="utf-8"
    )
    active = re.search(
        r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="\.\./" class="md-tabs__link">\s*([^<]+?)\s*</a>',
        page,
    )
    assert active and active.group(1) == "公开事项"
    assert re.search(r'<p class="gk-kicker"><a href="\.\./">公开事项</a>', page)


def test_list_items_name_their_category(demo_site):
    badges = re.findall(
        r'<span class="gk-badge gk-badge--disclosure">([^<]+)</span>',
        (demo_site / "disclosures" / "index.html").read_text(encoding="utf-8"),
    )
    assert badges and "公开" not in badges and {"评先评优", "职工福利"} & set(badges)


def test_the_sitemap_dates_records_by_their_own_day(demo_site):
    urls = {
        u.findtext("{*}loc"): u.findtext("{*}lastmod")
        for u in ElementTree.parse(demo_site / "sitemap.xml").getroot()
    }
    assert urls[SITE_URL + "disclosures/2025-dongji-laobao/"].startswith("2025-")


def test_served_assets_are_lean(demo_site):
    script = (demo_site / "assets" / "gongkai.js").read_text(encoding="utf-8")
    source = (ROOT / "theme_overrides" / "assets" / "gongkai.js").read_text(encoding="utf-8")
    assert len(script) < 0.75 * len(source) and "/*" not in script
    assert not (demo_site / "assets" / "javascripts" / "lunr").exists()
    assert 'action=""' not in (demo_site / "search" / "index.html").read_text(encoding="utf-8")


# -- 8. the commonest mistakes, on their own line ------------------------------------------------------


def check(tmp_path: Path, files: dict[str, str]) -> str:
    project = copy_project(tmp_path / "project", write_data(tmp_path / "data", files))
    result = run([GONGKAI, "check"], project, SOURCE_DATE_EPOCH=EPOCH)
    return result.stdout + result.stderr


D = "data/disclosures/x.yml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            DISCLOSURE.replace("category: welfare", "category：welfare"),
            f"{D}:2: YAML 格式错误：“category”后面用了中文冒号“：”，请改成英文冒号加一个空格，写成“category: …”",
        ),
        (
            DISCLOSURE.replace("category: welfare", "category:welfare"),
            f"{D}:2: YAML 格式错误：“category:”后面缺少空格，冒号后面要空一格，请写成“category: welfare”",
        ),
        (
            DISCLOSURE + "  第二段。\n第三段没有缩进。\n",
            f"{D}:8: YAML 格式错误：这一行少了缩进，程序读不懂它。如果它是上面「body」的内容，请在行首空两格，与上一行对齐（正文的每一行前面都要空两格）",
        ),
        (
            DISCLOSURE + "tags: [工资，奖金]\n",
            f"{D}:7: 「tags.第1项」（标签）：“工资，奖金”中有中文逗号或顿号：若是几个标签，标签之间要用英文逗号分隔，写成 [工资, 奖金]",
        ),
        (
            DISCLOSURE.replace("unit: union", "unit: 矿工会"),
            f"{D}:3: 「unit」（发布单位）要写单位的 id，而不是名称“矿工会”。是否想写“union”（矿工会）？",
        ),
    ],
    ids=[
        "full-width colon",
        "no space",
        "unindented body line",
        "chinese comma in a list",
        "unit by its name",
    ],
)
def test_the_commonest_mistakes_get_their_cause_on_their_line(tmp_path, text, expected):
    assert expected in check(tmp_path, {"disclosures/x.yml": text})


def test_an_amount_with_a_comma_inside_braces_says_so(tmp_path):
    text = ALLOCATION.replace('total: "3,500.50"', "total: 3500").replace(
        "  - {name: 王立新, post: 采煤机司机, amount: 1800}\n  - {name: 赵红梅, post: 支架工, amount: 1700.50}\n",
        "  - {name: 王立新, amount: ¥1,200}\n  - {name: 赵红梅, amount: 2300}\n",
    )
    output = check(tmp_path, {"allocations/a.yml": text})
    assert (
        "data/allocations/a.yml:10: 「200」不是字段，多半是金额里的英文逗号把金额拆开了" in output
        and 'amount: "1,200"' in output
    )


# -- 9. placeholders -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["disclosure", "allocation", "event", "story"])
def test_a_new_record_with_its_draft_line_removed_is_refused_until_filled_in(tmp_path, kind):
    project = copy_project(tmp_path / "project", write_data(tmp_path / "data", {}))
    made = run(
        [GONGKAI, "new", kind, "--title", "测试记录", "--unit", "union", "--date", "2026-11-20"],
        project,
        SOURCE_DATE_EPOCH=EPOCH,
    )
    assert made.returncode == 0, made.stderr
    path = next((project / "data").glob("*/2026/*.yml"))
    # a draft passes
    assert run([GONGKAI, "check"], project, SOURCE_DATE_EPOCH=EPOCH).returncode == 0
    path.write_text(
        path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8"
    )
    result = run([GONGKAI, "check"], project, SOURCE_DATE_EPOCH=EPOCH)
    assert result.returncode == 1 and "还是模板里的示例文字“请" in result.stdout, result.stdout


# -- 11. preview and set-up --------------------------------------------------------------------------


def test_check_lists_the_records_waiting_for_their_day(tmp_path):
    later = DISCLOSURE.replace("date: 2026-11-01", "date: 2026-12-02")
    output = check(tmp_path, {"disclosures/x.yml": DISCLOSURE, "disclosures/later.yml": later})
    assert "数据检查通过" in output
    assert (
        "定时发布：data/disclosures/later.yml 将于 2026年12月2日 发布（今天按 2026年11月25日 计算）"
        in output
    )


@pytest.mark.parametrize("command", [["check"], ["build", "--site-dir", "SITE"]])
def test_an_empty_source_date_epoch_means_today(tmp_path, command):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    result = run(
        [GONGKAI, *[str(tmp_path / "site") if c == "SITE" else c for c in command]],
        project,
        SOURCE_DATE_EPOCH="",
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_a_day_that_is_not_a_day_is_said_in_chinese(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    result = run(
        [GONGKAI, "build", "--site-dir", str(tmp_path / "site")],
        project,
        GONGKAI_AS_OF="2026-13-01",
    )
    assert (
        result.returncode == 1
        and "GONGKAI_AS_OF 的值“2026-13-01”不是日期" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_setup_installs_nothing_when_the_virtualenv_is_complete():
    """A clerk's intranet PC: no package registry. With the pinned packages installed, setting up
    asks nothing of pip (an unreachable index here would fail it)."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",
        "PIP_CONFIG_FILE": "/dev/null",
        "PIP_NO_INDEX": "0",
    }
    result = subprocess.run(
        ["bash", ".ci/setup"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Looking in indexes" not in result.stderr + result.stdout

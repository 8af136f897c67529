"""What a reader does, in Debian's chromium: search, status correction, no outside requests, inert script."""

from __future__ import annotations

import sys
from urllib.parse import quote

import pytest
from support import ROOT, STORY, _project, at, copy_project, mkdocs_build, write_data, xss_files

sys.path.insert(0, str(ROOT / "bench"))
from search_queries import QUERIES  # noqa: E402


def search(page, base: str, query: str) -> list[str]:
    """Type-free search through the search page's address, as the header form does; result paths."""
    page.goto(f"{base}search/?q={quote(query)}")
    page.wait_for_function(
        "document.querySelector('.gk-result__title') ||"
        " document.querySelector('.gk-results__status').textContent.match(/没有找到|不可用/)"
    )
    hrefs = page.eval_on_selector_all(
        ".gk-result__title", "links => links.map(a => new URL(a.href).pathname)"
    )
    return hrefs


@pytest.mark.parametrize(("query", "expected", "why"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_search_finds_the_record(browser, demo_url, query, expected, why):
    page = browser.new_page()
    try:
        assert expected in search(page, demo_url, query), f"{query} ({why})"
    finally:
        page.close()


def test_header_search_form_leads_to_results(browser, demo_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(demo_url)
    page.fill(".gk-search__input", "安康杯")
    page.press(".gk-search__input", "Enter")
    page.wait_for_selector(".gk-result__title")
    assert "/events/2026-ankangbei-jingsai/" in page.eval_on_selector_all(
        ".gk-result__title", "links => links.map(a => new URL(a.href).pathname)"
    )
    page.close()


def test_search_ranks_title_tags_and_honours_before_newer_body_text(browser, serve, tmp_path):
    """In an archive of years, a word an editor chose for a record (title, tag, honour) puts it
    before newer records that only mention the word."""
    older = STORY.replace("date: 2026-09-01", "date: 2024-05-01") + "tags: [劳动模范]\n"
    honoured = (
        STORY.replace("date: 2026-09-01", "date: 2023-05-01")
        + "honors:\n  - {name: 省劳动模范, year: 2022}\n"
    )
    newer = STORY.replace("李建国带出徒弟二十余人。", "他说劳动模范是大家的。")
    project = _project(
        tmp_path,
        {"stories/older.yml": older, "stories/honoured.yml": honoured, "stories/newer.yml": newer},
    )
    mkdocs_build(project)
    page = browser.new_page()
    try:
        assert search(page, serve(project / "site"), "模范") == [
            "/stories/older/",
            "/stories/honoured/",
            "/stories/newer/",
        ]
    finally:
        page.close()


def test_search_marks_the_word_itself_after_text_that_folds_longer(browser, serve, tmp_path):
    """The index folds text with NFKC, which turns "…" into "..." and "㈠" into "(一)": the excerpt
    still marks the words where they stand in the text as written."""
    story = STORY.replace(
        "李建国带出徒弟二十余人。", "他说……㈠劳动模范是大家的，ＡＢＣ班的模范也是。"
    )
    project = _project(tmp_path, {"stories/one.yml": story})
    mkdocs_build(project)
    page = browser.new_page()
    try:
        search(page, serve(project / "site"), "模范 abc")
        marks = page.eval_on_selector_all(
            ".gk-result__excerpt mark", "ms => ms.map(m => m.textContent)"
        )
        assert marks[:3] == ["模范", "ＡＢＣ", "模范"] and set(marks) == {"模范", "ＡＢＣ"}
        assert "他说……㈠劳动模范是大家的，ＡＢＣ班的模范也是。" in page.text_content(
            ".gk-result__excerpt"
        )
    finally:
        page.close()


def test_search_filters_by_kind(browser, demo_url):
    page = browser.new_page()
    page.goto(f"{demo_url}search/?q=安全")
    page.wait_for_selector(".gk-result__title")
    page.select_option("select[name=kind]", "活动")
    page.wait_for_function(
        "document.querySelector('.gk-results__status').textContent.startsWith('找到')"
    )
    page.wait_for_selector(".gk-result__title")
    paths = page.eval_on_selector_all(
        ".gk-result__title", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert paths and all(p.startswith("/events/") for p in paths)
    page.close()


@pytest.mark.parametrize(
    ("day", "label", "note", "rows_visible"),
    [
        (at(2026, 11, 25), "公示中", "还剩 3 天", True),
        (at(2026, 11, 27), "公示中", "今天截止", True),
        (at(2026, 12, 1), "公示结束", "", False),
        (at(2026, 11, 19), "待公示", "11月20日起公示", True),
    ],
)
def test_status_is_corrected_by_the_readers_clock(
    browser, demo_url, day, label, note, rows_visible
):
    context = browser.new_context(clock=day)
    page = context.new_page()
    page.goto(f"{demo_url}allocations/2026-10-zongcai1-safety/")
    status = page.locator(".gk-lead [data-gk-status]")
    assert status.locator(".gk-status__label").text_content() == label
    assert (
        status.locator(".gk-status__note").text_content()
        if status.locator(".gk-status__note").count()
        else ""
    ) == note
    assert page.locator("[data-gk-rows]").is_visible() == rows_visible
    assert page.locator("[data-gk-rows-ended]").is_visible() == (
        not rows_visible and label == "公示结束"
    )
    context.close()


def test_board_built_during_the_period_says_ended_after_it(browser, demo_url):
    context = browser.new_context(clock=at(2027, 1, 5))
    page = context.new_page()
    page.goto(demo_url)
    labels = page.eval_on_selector_all(
        "#running ~ ul.gk-list--board .gk-status__label", "els => els.map(e => e.textContent)"
    )
    assert labels and set(labels) == {"公示结束"}
    context.close()


PAGES = [
    "",
    "disclosures/",
    "disclosures/2026-zhidaihui-11-1-tian-banli/",
    "allocations/2026-10-zongcai1-safety/",
    "events/2026-zhigong-yundonghui/",
    "stories/chen-xiumei/",
    "units/",
    "units/zongcai1/",
    "archive/disclosures/2026/",
    "categories/welfare/",
    "guide/",
    "search/?q=安全",
]


def test_no_request_leaves_the_origin(browser, demo_url):
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    for path in PAGES:
        page.goto(demo_url + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert requests
    outside = [
        url for url in requests if not url.startswith(demo_url) and not url.startswith("data:")
    ]
    assert outside == []


@pytest.fixture(scope="module")
def xss_url(tmp_path_factory, serve):
    root = tmp_path_factory.mktemp("xss")
    data = write_data(root / "data-src", xss_files())
    project = copy_project(root / "project", data)
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return serve(root / "site")


@pytest.mark.parametrize(
    "path",
    [
        "",
        "disclosures/xss/",
        "allocations/xss/",
        "events/xss/",
        "stories/xss/",
        "disclosures/",
        "units/union/",
        "search/?q=注入测试",
        "search/?q=意见",
    ],
)
def test_injected_script_never_runs(browser, xss_url, path):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(xss_url + path)
    if path.startswith("search/"):
        page.wait_for_selector(".gk-result__title")
    for link in page.query_selector_all("a[href^='javascript']"):
        link.click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    if path == "disclosures/xss/":
        assert "<script>window.__xss=1</script>" in page.locator("h1").text_content()
    context.close()

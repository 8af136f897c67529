"""theme_overrides/assets/gongkai.js: search as a reader uses it, in chromium. Every core query finds its
record, ranking and marking, filters by kind and for proposals, more results and excerpts; and
search that forgives: words apart or in another order, and words said another way."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from search_queries import FORGIVING, QUERIES
from support import DEMO_NOON, STORY, _project, mkdocs_build, phone


def test_the_proposals_filters_choose_by_status_type_session_and_lead(browser, demo_url):
    page = browser.new_page()
    page.goto(demo_url + "proposals/")
    visible = (
        "els => els.filter(e => e.offsetParent).map(e => new URL(e.href).pathname.split('/')[2])"
    )
    page.select_option("select[name=state]", "overdue")
    assert page.eval_on_selector_all(".gk-item__title", visible) == ["11-1-15-yeban-tongqinche"]
    assert page.locator("[data-gk-filter-count]").text_content() == "共 1 件"
    page.select_option("select[name=state]", "")
    page.select_option("select[name=type]", "suggestion")
    shown = page.eval_on_selector_all(".gk-item__title", visible)
    assert shown and all("jianyi" in ident for ident in shown)
    page.select_option("select[name=type]", "")
    page.select_option("select[name=session]", "11-2")
    page.select_option("select[name=lead]", "")
    assert all(
        ident.startswith("11-2-") for ident in page.eval_on_selector_all(".gk-item__title", visible)
    )
    page.close()


def test_search_can_be_narrowed_to_proposals(browser, demo_url):
    page = browser.new_page()
    page.goto(demo_url + "search/?q=" + quote("通勤车"))
    page.select_option("select[name=kind]", "提案与建议")
    page.wait_for_selector(".gk-result__title")
    paths = page.eval_on_selector_all(
        ".gk-result__title", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert paths and all(p.startswith("/proposals/") for p in paths)
    page.close()


def search(page, base: str, query: str) -> list[str]:
    """Type-free search through the search page's address, as the header form does; result paths."""
    page.goto(f"{base}search/?q={quote(query)}")
    # the first page of results is complete when the status says what was found (results of a
    # later tier may follow the first ones)
    page.wait_for_function(
        "document.querySelector('.gk-results__status').textContent.match(/^找到|没有找到|不可用/)"
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


# -- search -------------------------------------------------------------------------------------------


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
    page.wait_for_url(lambda url: "/search/?q=" in url)
    page.close()


@pytest.mark.parametrize(("query", "expected", "why"), FORGIVING)
def test_search_forgives_words_apart_in_another_order_or_said_another_way(
    browser, demo_url, query, expected, why
):
    page = browser.new_page()
    found = search(page, demo_url, query)
    page.close()
    assert expected in found[:10], (why, found[:10])


def test_records_that_hold_the_word_itself_rank_before_those_that_say_it_another_way(
    browser, demo_url
):
    page = browser.new_page()
    found = search(page, demo_url, "劳保")
    marks = page.eval_on_selector_all(
        ".gk-result__excerpt mark", "ms => ms.map(m => m.textContent)"
    )
    page.close()
    literal = [
        "/disclosures/2026-dongji-laobao/",
        "/disclosures/2025-dongji-laobao/",
        "/proposals/11-1-22-laobao-yongpin/",
    ]
    other = "/proposals/11-2-01-fujing-nuanfengmu/"  # says 劳动保护 only
    assert set(literal) <= set(found) and other in found
    assert max(found.index(p) for p in literal) < found.index(other)
    assert "劳动保护" in marks  # what it found is marked in the excerpt


def test_a_word_group_of_data_synonyms_yml_reaches_the_search(browser, serve, tmp_path):
    notice = (
        "title: 井口房供暖安排\ncategory: welfare\nunit: union\ndate: 2026-11-20\n"
        "body: |\n  井口房自11月25日起供暖。\n"
    )
    project = _project(
        tmp_path,
        {"disclosures/x.yml": notice, "synonyms.yml": "- [井口, 井口房]\n- [暖气, 供暖]\n"},
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    base = serve(tmp_path / "site")
    page = browser.new_page()
    assert search(page, base, "暖气") == ["/disclosures/x/"]
    page.close()


def test_on_a_phone_the_magnifier_opens_a_focused_box_with_results_under_it(browser, demo_url):
    context = phone(browser)
    page = context.new_page()
    page.goto(demo_url + "events/")
    box = page.locator("form.gk-search input[name=q]")
    assert not box.is_visible()  # folded away in the header
    page.tap("form.gk-search .gk-search__button")
    assert box.is_visible() and page.evaluate("document.activeElement.name") == "q"
    assert page.url == demo_url + "events/"  # no page to wait for
    page.set_viewport_size({"width": 360, "height": 400})  # the keyboard is up
    box.type("拔河")
    first = page.locator(".gk-suggest a").first
    first.wait_for()
    assert "/events/2026-wuyi-bahe/" in first.get_attribute("href")
    under = box.bounding_box()
    shown = first.bounding_box()
    assert shown["y"] >= under["y"] + under["height"] - 1 and shown["y"] + shown["height"] <= 400
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.tap("form.gk-search .gk-search__button")  # words typed: to the results page
    page.wait_for_url(lambda url: "/search/?q=" in url)
    page.locator(".gk-result__title").first.wait_for()  # the results, under the box
    context.close()


def test_at_group_scale_a_word_is_found_by_its_rarer_terms(browser, serve, demo_site, tmp_path):
    """A portal's index (50,000 documents): 职工代表大会 is found without the postings of 职工, which
    every document holds, and only records that hold the words are shown; a rare word as ever."""
    import json
    import shutil

    from support import members_documents

    from gongkai.outputs.searchindex import fnv1a, write_index

    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    shutil.rmtree(site / "search" / "index")
    write_index([], site / "search" / "index", others=members_documents(50_000))
    meta = json.loads((site / "search" / "index" / "meta.json").read_text(encoding="utf-8"))
    base = serve(site)
    page = browser.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(f"{base}search/?q={quote('职工代表大会')}")
    page.wait_for_function(
        "document.querySelector('.gk-results__status').textContent.startsWith('找到')"
    )
    hrefs = page.eval_on_selector_all(".gk-result__title", "as => as.map(a => a.href)")
    numbers = [int(href.rstrip("/").rsplit("/d", 1)[1]) for href in hrefs]
    assert len(numbers) == 10 and all(n % 4 == 0 for n in numbers), hrefs
    assert numbers == sorted(numbers, reverse=True)  # newest first
    shard = lambda term: f"shard/{fnv1a(term) & (meta['shards'] - 1)}.json"  # noqa: E731
    needed = {shard(t) for t in ("工代", "代表", "表大", "大会")}
    if shard("职工") not in needed:
        assert not any(url.endswith(shard("职工")) for url in fetched)
    page.goto(f"{base}search/?q={quote('疗养')}")
    page.wait_for_function(
        "document.querySelector('.gk-results__status').textContent.startsWith('找到')"
    )
    assert page.locator(".gk-result").count() == 10
    page.close()

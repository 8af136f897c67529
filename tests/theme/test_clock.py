"""theme_overrides' scripts on the reader's day, in chromium with its clock set: statuses, overdue
opinions and proposals, and a board read after its periods."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from support import (
    FLAGSHIP,
    GONGKAI,
    NATIONAL_DAY,
    at,
    copy_project,
    mkdocs_build,
    run_clean,
    write_data,
)

# -- the reader's browser, its clock faked ---------------------------------------------------------------------------

PROPOSAL_DUE_LAST_DAY = "proposals/11-1-12-xiaojia-jianshen-qicai/"  # 办理中, due 2026-12-31


@pytest.mark.parametrize(
    ("day", "overdue"),
    [(at(2026, 12, 31), ""), (at(2027, 1, 1), "逾期 1 天"), (at(2027, 1, 9), "逾期 9 天")],
)
def test_a_handling_proposal_says_overdue_the_day_after_its_deadline_and_by_how_many_days(
    browser, demo_url, day, overdue
):
    page = browser.new_page(clock=day)
    page.goto(demo_url + PROPOSAL_DUE_LAST_DAY)
    badge = page.locator(".gk-lead .gk-state")
    assert badge.locator(".gk-state__label").text_content() == "办理中"
    assert badge.locator(".gk-state__overdue").is_visible() is bool(overdue)
    if overdue:
        assert badge.locator(".gk-state__overdue").text_content() == overdue
    page.goto(demo_url + "proposals/")
    item = page.locator(f'li:has(a[href$="{PROPOSAL_DUE_LAST_DAY.split("/")[1]}/"])')
    assert item.locator(".gk-state__overdue").is_visible() is bool(overdue)
    page.goto(demo_url + "feedback/")
    op = page.locator(f'[data-gk-op]:has(a[href$="{PROPOSAL_DUE_LAST_DAY.split("/")[1]}/"])')
    assert op.locator("[data-gk-op-waited]").count() == 0  # inside its deadline: not 已等待 N 天
    assert "办理时限 2026年12月31日" in op.text_content()
    if overdue:
        assert op.locator("[data-gk-op-overdue]").text_content() == overdue
    page.close()


@pytest.fixture(scope="module")
def national_day_url(tmp_path_factory, serve):
    """A site built on 2026-09-30 with an opinion raised on 09-29, still unanswered."""
    root = tmp_path_factory.mktemp("national-day")
    project = copy_project(
        root / "project", write_data(root / "data", {"disclosures/x.yml": NATIONAL_DAY})
    )
    # 2026-09-30 12:00 in Shanghai
    assert mkdocs_build(project, root / "site", epoch="1790740800").returncode == 0
    return serve(root / "site")


@pytest.mark.parametrize(
    ("day", "overdue", "waited"),
    [
        (at(2026, 10, 7), False, 8),  # five weekdays have passed, but National Day is not worked
        (
            at(2026, 10, 12),
            False,
            13,
        ),  # 30 Sep, 8, 9, Sat 10 (worked), 12 Oct: the fifth working day
        (at(2026, 10, 13), True, 14),
    ],
)
def test_an_opinion_turns_overdue_after_five_working_days_not_counting_national_day(
    browser, national_day_url, day, overdue, waited
):
    page = browser.new_page(clock=day)
    page.goto(national_day_url + "feedback/")
    item = page.locator("[data-gk-op]")
    assert item.locator("[data-gk-op-overdue]").is_visible() is overdue
    if overdue:  # 10-13 is the first day past the limit
        assert item.locator("[data-gk-op-overdue]").text_content() == "逾期 1 天"
    assert item.locator("[data-gk-op-waited]").text_content() == f"已等待 {waited} 天"
    assert page.locator("[data-gk-count-overdue] .gk-counts__value").text_content() == str(
        int(overdue)
    )
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


def noon(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 4, tzinfo=UTC)  # 12:00 in Asia/Shanghai


@pytest.fixture(scope="module")
def demo_as_served(tmp_path_factory, serve):
    """The demo as the README's serve command shows it: as of its own day (GONGKAI_AS_OF)."""
    root = tmp_path_factory.mktemp("as-of")
    project = copy_project(root / "project")
    result = run_clean(
        [GONGKAI, "build", "--site-dir", str(root / "site")],
        project,
        GONGKAI_AS_OF="2026-11-25",
        SOURCE_DATE_EPOCH="",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return serve(root / "site")


# -- the demo is coherent whatever the day -----------------------------------------------------


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

"""查找姓名 (theme_overrides/assets/gongkai.js): above every table of people while it is shown, typing
a name keeps only the rows that answer it, on a 300-row table, at 360 px with the keyboard open, in
both modes."""

from __future__ import annotations

import random

import pytest
from support import copy_project, mkdocs_build, phone, write_data

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "立新红梅建国秀英德福守江春雷国庆长青海波"


def names(n: int) -> list[str]:
    """n different names of two or three characters, as a mine's roster has them (fixed seed)."""
    every = dict.fromkeys(s + g + h for s in SURNAMES for g in GIVEN for h in ("", "明", "华"))
    return random.Random(1).sample(sorted(every), n)


ROWS = names(300)


def three_hundred_rows() -> dict[str, str]:
    """An allocation of 300 rows in its CSV, and a masked name list, both in their period."""
    csv = "姓名,岗位,金额\n" + "".join(
        f"{name},采煤机司机,{1000 + i}\n" for i, name in enumerate(ROWS)
    )
    total = sum(1000 + i for i in range(len(ROWS)))
    roster = "".join(f"  - {{name: {name[0]}*{name[-1]}, unit: zongcai1}}\n" for name in ROWS[:12])
    return {
        "categories.yml": None,  # the default categories, aid among them
        "allocations/a300.yml": (
            "title: 综采一队2026年10月安全奖分配公示\nunit: zongcai1\ndate: 2026-11-20\nmonth: 2026-10\n"
            f"kind: safety\ntotal: {total}\nperiod: {{from: 2026-11-20, to: 2026-11-27}}\nbasis: 按工分分配。\n"
        ),
        "allocations/a300.csv": csv,
        "disclosures/aid.yml": (
            "title: 2026年度困难职工救助名单公示\ncategory: aid\nunit: union\ndate: 2026-11-20\n"
            "period: {from: 2026-11-20, to: 2026-12-01}\ncontact: 矿工会 电话 0537-7102215\n"
            "body: |\n  经审核，下列职工列入救助名单。\nroster:\n  privacy: masked\n  rows:\n"
            + roster
        ),
    }


@pytest.fixture(scope="module")
def find_url(tmp_path_factory, serve):
    root = tmp_path_factory.mktemp("find")
    project = copy_project(root / "project", write_data(root / "data-src", three_hundred_rows()))
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return serve(root / "site")


def shown_names(page) -> list[str]:
    return page.eval_on_selector_all(
        ".gk-pay tbody tr:not([hidden]) .gk-pay__name", "cells => cells.map(c => c.textContent)"
    )


@pytest.mark.parametrize("elder", [False, True])
def test_a_name_finds_its_row_among_300_on_a_phone_with_the_keyboard_open(browser, find_url, elder):
    context = phone(browser, elder)
    page = context.new_page()
    page.goto(find_url + "allocations/a300/")
    assert len(shown_names(page)) == 300
    box = page.locator(".gk-find__input")
    assert box.is_visible()
    page.set_viewport_size({"width": 360, "height": 400})  # the keyboard takes the lower half
    box.tap()
    target = ROWS[217]
    box.fill(target)
    assert shown_names(page) == [target]
    assert page.text_content(".gk-find__count") == "找到 1 人（共 300 人）"
    row = page.locator(".gk-pay tbody tr:not([hidden])").bounding_box()
    assert 0 <= row["y"] and row["y"] + row["height"] <= 400  # above the keyboard
    font = page.eval_on_selector(".gk-find__input", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 16  # a phone does not zoom into the box
    assert page.locator(".gk-find__input").bounding_box()["height"] >= (60 if elder else 44)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box.fill(ROWS[0][0])  # a surname keeps every row that holds it
    assert shown_names(page) == [n for n in ROWS if ROWS[0][0] in n]
    box.fill("没有这个人")
    assert shown_names(page) == []
    assert "没有找到“没有这个人”" in page.text_content(".gk-find__count")
    box.fill("")
    assert len(shown_names(page)) == 300 and page.text_content(".gk-find__count") == ""
    context.close()


def test_a_masked_name_answers_the_full_name_typed_and_a_page_without_script_has_no_box(
    browser, find_url
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(find_url + "disclosures/aid/")
    target = next(name for name in ROWS[:12] if len(name) == 3)
    page.fill(".gk-find__input", target)
    assert shown_names(page) == [f"{target[0]}*{target[-1]}"]
    page.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(find_url + "allocations/a300/")
    assert not page.locator(".gk-find").is_visible()  # it would do nothing without the script
    context.close()

"""gongkai.data.schema and messages: the fields every record shares, each mistake with its exact
located message in Chinese: unknown keys with the nearest known, dates as clerks write them, choices."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings, strategies as st
from support import ALLOCATION, DISCLOSURE, EVENT, A, D, load, problems

# -- fields every record has ------------------------------------------------------------------


def test_unknown_key_suggests_the_nearest(tmp_path):
    typo = DISCLOSURE + "perod: {from: 2026-11-01, to: 2026-11-05}\n"
    assert problems(tmp_path, {"disclosures/x.yml": typo}) == [
        f"{D}:7: 「perod」不是可用的字段。是否想写「period」（公示期）？此处可用的字段：title、unit、date、draft、tags、"
        "category、body、summary、period、contact、doc_number、stages、feedback、attachments、related、roster"
    ]


def test_unknown_key_inside_a_row_suggests_the_nearest(tmp_path):
    typo = ALLOCATION.replace(
        "{name: 赵红梅, post: 支架工, amount: 1700.50}",
        "{name: 赵红梅, pst: 支架工, amount: 1700.50}",
    )
    assert problems(tmp_path, {"allocations/a.yml": typo}) == [
        f"{A}:11: 「pst」不是可用的字段。是否想写「post」（岗位）？此处可用的字段：name、post、shifts、points、amount、note"
    ]


def test_missing_title(tmp_path):
    assert problems(
        tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("title: 公开测试\n", "")}
    ) == [f"{D}:1: 缺少必填字段「title」（标题）"]


def test_title_at_most_120_characters(tmp_path):
    long = DISCLOSURE.replace("公开测试", "长" * 121)
    assert problems(tmp_path, {"disclosures/x.yml": long}) == [
        f"{D}:1: 「title」（标题）太长：共 121 个字，最多 120 个字"
    ]
    assert (
        problems(tmp_path / "ok", {"disclosures/x.yml": DISCLOSURE.replace("公开测试", "长" * 120)})
        == []
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-13-45", "「date」（发布日期）：日期“2026-13-45”不存在，请检查月份和日子"),
        ("2026/2/30", "「date」（发布日期）：日期“2026/2/30”不存在，请检查月份和日子"),
        (
            "11月1日",
            "「date」（发布日期）：日期“11月1日”格式不对，应写成 YYYY-MM-DD，例如 2026-11-25"
            "（也可以写 2026/11/25、2026.11.25 或 2026年11月25日）",
        ),
        (
            "11/1/2026",
            "「date」（发布日期）：日期“11/1/2026”格式不对，应写成 YYYY-MM-DD，例如 2026-11-25"
            "（也可以写 2026/11/25、2026.11.25 或 2026年11月25日）",
        ),
    ],
)
def test_date_format(tmp_path, written, message):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("2026-11-01", written)}) == [
        f"{D}:4: {message}"
    ]


@pytest.mark.parametrize(
    "written",
    [
        "2026-11-1",
        "2026/11/1",
        "2026.11.1",
        "2026年11月1日",
        "２０２６年１１月１日",
        '"2026/11/01"',
    ],
)
def test_dates_as_clerks_write_them_are_accepted_everywhere(tmp_path, written):
    event = EVENT.replace("2026-10-20", written).replace(
        "start: 2026-11-08 14:00", "start: 2026年11月8日 14：00"
    )
    allocation = ALLOCATION.replace(
        "{from: 2026-11-20, to: 2026-11-27}", "{from: 2026/11/20, to: '2026年11月27日'}"
    )
    archive = load(
        tmp_path,
        {
            "disclosures/x.yml": DISCLOSURE.replace("2026-11-01", written),
            "events/e.yml": event,
            "allocations/a.yml": allocation,
        },
    )
    assert archive.entries["disclosures"]["x"].record.date == date(2026, 11, 1)
    assert archive.entries["events"]["e"].record.date == date(2026, 11, 1)
    assert archive.entries["events"]["e"].record.start == datetime(2026, 11, 8, 14, 0)
    assert archive.entries["allocations"]["a"].record.period.to == date(2026, 11, 27)


def test_draft_must_be_true_or_false(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + "draft: 是\n"}) == [
        f"{D}:7: 「draft」（草稿）只能写 true 或 false，而不是“是”"
    ]


def test_tags_must_be_a_list(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + "tags: {a: b}\n"}) == [
        f"{D}:7: 「tags」（标签）应是一个列表（每项以“- ”开头）"
    ]


def test_an_id_that_is_a_list_or_a_mapping_is_told_not_a_traceback(tmp_path):
    found = problems(
        tmp_path,
        {
            "units.yml": "- {id: [a], name: 甲}\n- {id: {x: y}, name: 乙}\n- {id: union, name: 矿工会}\n"
        },
    )
    assert [p.split(": ")[0] for p in found] == ["data/units.yml:1", "data/units.yml:2"]
    assert all("「id」（单位 id）" in p for p in found)


def test_an_empty_required_field_says_so(tmp_path):
    assert problems(
        tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("title: 公开测试", "title:")}
    ) == [f"{D}:1: 「title」（标题）不能为空，请在冒号后面填写内容"]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    form=st.sampled_from(
        ["{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}"]
    ),
    wide=st.booleans(),
)
def test_every_written_form_of_a_day_reads_back_as_that_day(day, form, wide):
    from gongkai.data.schema import parse_day

    text = form.format(y=day.year, m=day.month, d=day.day)
    if wide:  # typed with a Chinese input method's full-width digits
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_day(text) == day


def test_the_chinese_word_of_a_choice_is_accepted_beside_its_key(tmp_path):
    """As the importers accept them: 绩效 for performance, 体育 for sports, 立案 for accepted."""
    archive = load(
        tmp_path,
        {
            "allocations/a.yml": ALLOCATION.replace("kind: safety", "kind: 安全奖"),
            "events/e.yml": EVENT.replace("kind: sports", "kind: 体育"),
        },
    )
    assert archive.entries["allocations"]["a"].record.kind == "safety"
    assert archive.entries["events"]["e"].record.kind == "sports"
    assert problems(
        tmp_path / "bad", {"allocations/a.yml": ALLOCATION.replace("kind: safety", "kind: 奖励")}
    ) == [
        f"{A}:5: 「kind」（分配类别）的值“奖励”不可用，可选：wage（工资）、bonus（奖金）、performance（绩效）、safety（安全奖）、other（其他）"
    ]

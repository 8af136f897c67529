"""Every rule of the editors' contract, each with a failing input and its exact located message."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st
from support import ALLOCATION, DISCLOSURE, EVENT, STORY, load, problems

D = "data/disclosures/x.yml"
A = "data/allocations/a.yml"


def test_valid_records_of_every_kind_load(tmp_path):
    archive = load(
        tmp_path,
        {
            "disclosures/2026/x.yml": DISCLOSURE,
            "allocations/a.yml": ALLOCATION,
            "events/e.yml": EVENT,
            "stories/s.yml": STORY,
        },
    )
    assert archive.entries["disclosures"]["x"].published
    allocation = archive.entries["allocations"]["a"].record
    assert allocation.total == Decimal("3500.50") and isinstance(allocation.total, Decimal)
    assert allocation.period.start == date(2026, 11, 20)
    assert archive.entries["events"]["e"].record.end.hour == 17


# -- files, ids and encodings -------------------------------------------------------------


def test_file_name_must_be_an_id(tmp_path):
    assert problems(tmp_path, {"stories/Bad_Name.yml": STORY}) == [
        "data/stories/Bad_Name.yml:1: 文件名“Bad_Name.yml”不能作为 id：只能用小写字母、数字和连字符“-”，以字母或数字开头，"
        "最长 64 个字符（如 2026-10-zongcai1-bonus.yml）"
    ]


def test_id_is_unique_within_a_kind_across_subfolders(tmp_path):
    assert problems(
        tmp_path, {"disclosures/2025/x.yml": DISCLOSURE, "disclosures/2026/x.yml": DISCLOSURE}
    ) == [
        "data/disclosures/2026/x.yml:1: id “x”与 data/disclosures/2025/x.yml 重复，同一类记录的文件名不能相同"
    ]


def test_same_id_in_two_kinds_is_allowed(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE, "stories/x.yml": STORY}) == []


def test_utf8_with_bom_is_accepted(tmp_path):
    archive = load(tmp_path, {"disclosures/x.yml": b"\xef\xbb\xbf" + DISCLOSURE.encode()})
    assert archive.entries["disclosures"]["x"].record.title == "公开测试"


def test_gbk_is_refused_with_the_line_and_the_fix(tmp_path):
    gbk = DISCLOSURE.replace("正文第一段。", "测试").encode("gbk")
    assert problems(tmp_path, {"disclosures/x.yml": gbk}) == [
        f"{D}:1: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码（Windows 记事本或 Excel 的默认编码）。"
        "请用 UTF-8 编码另存此文件（记事本：另存为 → 编码选“UTF-8”；Excel：另存为“CSV UTF-8（逗号分隔）”）"
    ]


def test_yaml_syntax_error_is_located_and_explained(tmp_path):
    broken = DISCLOSURE.replace("title: 公开测试", "title: 公开: 测试")
    assert problems(tmp_path, {"disclosures/x.yml": broken}) == [
        f"{D}:1: YAML 格式错误：这里不能出现“冒号加空格”：文字里含有冒号时，请给整段文字加上引号；或者这一行的缩进不对"
    ]


def test_duplicate_key_is_refused(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + "title: 又一个\n"}) == [
        f"{D}:7: 字段「title」重复出现（第 1 行已有），请删去其中一个"
    ]


def test_yaml_extension_is_refused(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yaml": DISCLOSURE}) == [
        "data/disclosures/x.yaml:1: 记录文件的扩展名应为 .yml，请把 .yaml 改为 .yml"
    ]


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


def test_unit_must_exist_with_a_suggestion(tmp_path):
    assert problems(
        tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("unit: union", "unit: unoin")}
    ) == [
        f"{D}:3: 「unit」（发布单位）的值“unoin”不在 data/units.yml 中。是否想写“union”（矿工会）？"
        "可用的有：mine（兴业煤矿）、union（矿工会）、zongcai1（综采一队）"
    ]


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


def test_future_record_and_draft_are_not_published(tmp_path):
    archive = load(
        tmp_path,
        {
            "disclosures/future.yml": DISCLOSURE.replace("2026-11-01", "2026-11-26"),
            "disclosures/draft.yml": DISCLOSURE + "draft: true\n",
            "disclosures/today.yml": DISCLOSURE.replace("2026-11-01", "2026-11-25"),
        },
    )
    published = {e.id for e in archive.published("disclosures")}
    assert published == {"today"}


def test_draft_must_be_true_or_false(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + "draft: 是\n"}) == [
        f"{D}:7: 「draft」（草稿）只能写 true 或 false，而不是“是”"
    ]


def test_tags_must_be_a_list(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + "tags: {a: b}\n"}) == [
        f"{D}:7: 「tags」（标签）应是一个列表（每项以“- ”开头）"
    ]


# -- disclosures ----------------------------------------------------------------------------


def test_category_must_exist(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("welfare", "walfare")}) == [
        f"{D}:2: 「category」（公开类别）的值“walfare”不在 data/categories.yml 中。是否想写“welfare”（职工福利）？"
        "可用的有：decisions（重大决策）、pay（工资奖金）、welfare（职工福利）、democracy（民主管理）"
    ]


def test_categories_default_when_the_file_is_absent(tmp_path):
    archive = load(
        tmp_path,
        {
            "categories.yml": None,
            "disclosures/x.yml": DISCLOSURE.replace("welfare", "recuperation"),
        },
    )
    assert archive.categories["recuperation"].name == "疗养休养" and len(archive.categories) == 11


def test_body_is_required(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE.split("body")[0]}) == [
        f"{D}:1: 缺少必填字段「body」（正文）"
    ]


def test_period_from_defaults_to_date_and_to_not_before_from(tmp_path):
    archive = load(tmp_path, {"disclosures/x.yml": DISCLOSURE + "period: {to: 2026-11-08}\n"})
    assert archive.entries["disclosures"]["x"].record.period.start == date(2026, 11, 1)
    bad = DISCLOSURE + "period:\n  from: 2026-11-05\n  to: 2026-11-01\n"
    assert problems(tmp_path / "bad", {"disclosures/x.yml": bad}) == [
        f"{D}:9: 公示截止日期 2026-11-01 早于开始日期 2026-11-05，请检查"
    ]
    # without from, the period starts on the record's date (2026-11-01): an end before it is refused too
    assert problems(
        tmp_path / "early", {"disclosures/x.yml": DISCLOSURE + "period: {to: 2026-10-30}\n"}
    ) == [
        f"{D}:7: 公示截止日期 2026-10-30 早于发布日期 2026-11-01（没写 from 时，公示从发布日期 date 开始），"
        "请检查截止日期，或用 from 写上公示开始的日期"
    ]


def test_period_needs_its_end(tmp_path):
    assert problems(
        tmp_path, {"disclosures/x.yml": DISCLOSURE + "period: {from: 2026-11-01}\n"}
    ) == [
        f"{D}:7: 缺少必填字段「period.to」（公示截止日期）：请写截止日期 to，或写工作日数 working_days（如 {{from: 2026-11-18, working_days: 7}}）"
    ]


STAGES = """\
stages:
  - {stage: proposed, date: 2026-10-20, by: 矿工会}
  - {stage: reviewed, date: 2026-10-25}
"""


def test_stages_in_order(tmp_path):
    good = DISCLOSURE + STAGES
    assert problems(tmp_path, {"disclosures/x.yml": good}) == []
    swapped = DISCLOSURE + STAGES.replace("proposed", "TMP").replace(
        "reviewed", "proposed"
    ).replace("TMP", "reviewed")
    assert problems(tmp_path / "b", {"disclosures/x.yml": swapped}) == [
        f"{D}:9: 办理环节“提出”不能排在“审查”之后，顺序应为 提出→审查→公开→监督→反馈→整改"
    ]


def test_stage_dates_never_go_back(tmp_path):
    back = DISCLOSURE + STAGES.replace("2026-10-25", "2026-10-19")
    assert problems(tmp_path, {"disclosures/x.yml": back}) == [
        f"{D}:9: 办理环节“审查”的日期 2026-10-19 早于上一环节的日期 2026-10-20，日期不能倒退"
    ]


def test_stage_value_is_one_of_six(tmp_path):
    bad = DISCLOSURE + STAGES.replace("reviewed", "approved")
    assert problems(tmp_path, {"disclosures/x.yml": bad}) == [
        f"{D}:9: 「stages.第2项.stage」（环节）的值“approved”不可用，可选：proposed（提出）、reviewed（审查）、published（公开）、"
        "supervised（监督）、feedback（反馈）、rectified（整改）"
    ]


def test_feedback_reply_not_before_the_opinion_and_status_values(tmp_path):
    bad = DISCLOSURE + (
        "feedback:\n"
        "  - {date: 2026-11-03, summary: 标准偏低, reply: 已研究, replied: 2026-11-02}\n"
        "  - {date: 2026-11-03, summary: 何时发放, status: done}\n"
    )
    assert problems(tmp_path, {"disclosures/x.yml": bad}) == [
        f"{D}:8: 答复日期 2026-11-02 早于意见提出日期 2026-11-03",
        f"{D}:9: 「feedback.第2项.status」（状态）的值“done”不可用，可选：pending（待答复）、answered（已答复）、rectifying（整改中）、rectified（已整改）",
    ]


def test_feedback_status_defaults_from_the_reply(tmp_path):
    good = DISCLOSURE + (
        "feedback:\n  - {date: 2026-11-03, summary: 甲, reply: 乙}\n  - {date: 2026-11-04, summary: 丙}\n"
        "  - {date: 2026-11-05, summary: 丁, replied: 2026-11-06}\n"
    )  # answered at a meeting: a date, no text
    record = load(tmp_path, {"disclosures/x.yml": good}).entries["disclosures"]["x"].record
    assert [f.status for f in record.feedback] == ["answered", "pending", "answered"]


def test_attachment_must_exist_under_media(tmp_path):
    text = (
        DISCLOSURE + "attachments:\n  - {file: docs/a.pdf, title: 决议}\n  - {file: ../units.yml}\n"
    )
    assert problems(
        tmp_path, {"disclosures/x.yml": text, "media/docs/a.pdf": b"%PDF-1.4\n%%EOF\n"}
    ) == [
        f"{D}:9: 「attachments.第2项.file」（文件）的路径“../units.yml”写法不对：应是 data/media 下的相对路径，用“/”分隔，"
        "如 photos/2026/yundonghui-1.jpg；不能以“/”开头，不能含“..”或“\\”"
    ]


def test_related_must_exist(tmp_path):
    text = DISCLOSURE + "related:\n  - stories/s\n  - events/nope\n  - things/x\n"
    assert problems(tmp_path, {"disclosures/x.yml": text, "stories/s.yml": STORY}) == [
        f"{D}:9: 「related」（相关）中的“events/nope”不存在：没有 data/events/…/nope.yml 这条记录",
        f"{D}:10: 「related.第3项」（相关）的值“things/x”写法不对：应写成 类型/id，类型为 disclosures、allocations、events、stories 或 proposals，"
        "如 allocations/2026-10-zongcai1-bonus",
    ]


# -- allocations -------------------------------------------------------------------------------


def test_sum_rule_to_the_fen(tmp_path):
    off = ALLOCATION.replace('"3,500.50"', "3500.51")
    assert problems(tmp_path, {"allocations/a.yml": off}) == [
        f"{A}:6: 明细金额合计 3,500.50 元，与分配总额 3,500.51 元不符"
    ]


def test_money_is_exact_and_at_most_two_decimals(tmp_path):
    # 0.1 + 0.2 is not 0.3 in floats; in money it must be
    exact = (
        ALLOCATION.replace('"3,500.50"', "0.30")
        .replace("amount: 1800", "amount: 0.1")
        .replace("amount: 1700.50", "amount: 0.2")
    )
    assert problems(tmp_path, {"allocations/a.yml": exact}) == []
    three = ALLOCATION.replace("amount: 1800", "amount: 1800.001")
    assert problems(tmp_path / "b", {"allocations/a.yml": three}) == [
        f'{A}:10: 「rows.第1项.amount」（金额）：金额“1800.001”写法不对，应为以元为单位、最多两位小数的数字，如 1800、3856.40 或 "12,345.60"'
    ]


def test_amount_is_not_negative(tmp_path):
    negative = ALLOCATION.replace("amount: 1800", "amount: -1800")
    assert [f"{A}:10: 「rows.第1项.amount」（金额）：金额“-1800”不能为负数"] == problems(
        tmp_path, {"allocations/a.yml": negative}
    )


def test_allocation_needs_a_period(tmp_path):
    assert problems(
        tmp_path,
        {
            "allocations/a.yml": ALLOCATION.replace(
                "period: {from: 2026-11-20, to: 2026-11-27}\n", ""
            )
        },
    ) == [f"{A}:1: 缺少必填字段「period」（公示期）"]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "month: 2026-10",
            "month: 2026-13",
            4,
            "「month」（所属月份）：月份“2026-13”格式不对，应写成 YYYY-MM，例如 2026-10",
        ),
        (
            "kind: safety",
            "kind: bonsu",
            5,
            "「kind」（分配类别）的值“bonsu”不可用，可选：wage（工资）、bonus（奖金）、performance（绩效）、safety（安全奖）、other（其他）",
        ),
        ("basis: 按工分分配。\n", "", 1, "缺少必填字段「basis」（分配依据）"),
        (
            "{name: 王立新, post: 采煤机司机, amount: 1800}",
            "{post: 采煤机司机, amount: 1800}",
            10,
            "缺少必填字段「rows.第1项.name」（姓名）",
        ),
    ],
)
def test_allocation_fields(tmp_path, old, new, line, message):
    assert problems(tmp_path, {"allocations/a.yml": ALLOCATION.replace(old, new)}) == [
        f"{A}:{line}: {message}"
    ]


HEAD_YML = ALLOCATION.split("rows:")[0]


@pytest.mark.parametrize(
    "header",
    ["姓名,岗位,出勤,工分,金额,备注", "name,post,shifts,points,amount,note"],
)
def test_rows_from_csv_with_chinese_or_english_header(tmp_path, header):
    table = f'{header}\n王立新,采煤机司机,26,1.2,1800,\n赵红梅,支架工,25,1.1,"1,700.50",夜班\n'
    archive = load(tmp_path, {"allocations/a.yml": HEAD_YML, "allocations/a.csv": "\ufeff" + table})
    rows = archive.entries["allocations"]["a"].record.rows
    assert [(r.name, r.amount, r.points, r.note) for r in rows] == [
        ("王立新", Decimal("1800.00"), Decimal("1.2"), None),
        ("赵红梅", Decimal("1700.50"), Decimal("1.1"), "夜班"),
    ]


def test_csv_subset_of_columns(tmp_path):
    archive = load(
        tmp_path,
        {
            "allocations/a.yml": HEAD_YML,
            "allocations/a.csv": "姓名,金额\n王立新,1800\n赵红梅,1700.5\n",
        },
    )
    assert len(archive.entries["allocations"]["a"].record.rows) == 2


def test_csv_problems_are_located_in_the_csv(tmp_path):
    table = "姓名,岗位,金頟\n王立新,司机,1800\n"
    assert problems(tmp_path, {"allocations/a.yml": HEAD_YML, "allocations/a.csv": table}) == [
        "data/allocations/a.csv:1: 表头“金頟”不是可用的列。是否想写“金额”？可用的列：姓名,岗位,出勤,工分,金额,备注（或 name,post,shifts,points,amount,note）",
        "data/allocations/a.csv:1: 表头缺少“金额”列",
    ]
    bad_row = "姓名,金额\n王立新,1800\n赵红梅,一千七\n"
    assert problems(
        tmp_path / "b", {"allocations/a.yml": HEAD_YML, "allocations/a.csv": bad_row}
    ) == [
        'data/allocations/a.csv:3: 「明细.amount」（金额）：金额“一千七”写法不对，应为以元为单位、最多两位小数的数字，如 1800、3856.40 或 "12,345.60"'
    ]


def test_csv_in_gbk_is_refused(tmp_path):
    table = "姓名,金额\n王立新,1800\n赵红梅,1700.50\n".encode("gbk")
    assert problems(tmp_path, {"allocations/a.yml": HEAD_YML, "allocations/a.csv": table})[
        0
    ].startswith("data/allocations/a.csv:1: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码")


def test_rows_and_csv_never_both(tmp_path):
    table = "姓名,金额\n王立新,1800\n赵红梅,1700.50\n"
    assert problems(tmp_path, {"allocations/a.yml": ALLOCATION, "allocations/a.csv": table}) == [
        f"{A}:9: 明细既写在 rows 中又有 a.csv，只能选一种，请删去其一"
    ]


def test_rows_are_required(tmp_path):
    assert problems(tmp_path, {"allocations/a.yml": HEAD_YML}) == [
        f"{A}:1: 缺少明细：请写 rows，或在同一文件夹放入 a.csv"
    ]


def test_csv_without_its_record(tmp_path):
    assert problems(tmp_path, {"allocations/b.csv": "姓名,金额\n甲,1\n"}) == [
        "data/allocations/b.csv:1: 明细表旁边没有同名的分配公示 b.yml"
    ]


# -- events and stories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "end: 2026-11-08 17:00",
            "end: 2026-11-08 13:00",
            6,
            "结束时间 2026-11-08 13:00 早于开始时间 2026-11-08 14:00",
        ),
        (
            "start: 2026-11-08 14:00",
            "start: 2026-11-08 下午",
            5,
            "「start」（开始时间）：时间“2026-11-08 下午”格式不对，应写成 YYYY-MM-DD HH:MM（如 2026-11-08 14:00），全天活动只写日期",
        ),
        (
            "start: 2026-11-08 14:00",
            "start: 2026-11-08 25:00",
            5,
            "「start」（开始时间）：时间“2026-11-08 25:00”不存在，小时为 0–23，分钟为 0–59",
        ),
        (
            "kind: sports",
            "kind: 球类",
            2,
            "「kind」（活动类型）的值“球类”不可用，可选：culture（文艺）、sports（体育）、exhibition（展览）、contest（竞赛）、safety（安全宣传）、"
            "training（培训）、care（慰问帮扶）、other（其他）",
        ),
    ],
)
def test_event_fields(tmp_path, old, new, line, message):
    assert problems(tmp_path, {"events/e.yml": EVENT.replace(old, new)}) == [
        f"data/events/e.yml:{line}: {message}"
    ]


def test_all_day_event_is_a_date(tmp_path):
    archive = load(
        tmp_path,
        {
            "events/e.yml": EVENT.replace("2026-11-08 14:00", "2026-11-08").replace(
                "end: 2026-11-08 17:00\n", ""
            )
        },
    )
    assert archive.entries["events"]["e"].record.start == date(2026, 11, 8)


def test_event_photo_must_exist(tmp_path):
    text = EVENT + "photos:\n  - {file: photos/a.jpg, caption: 合影}\n"
    assert problems(tmp_path, {"events/e.yml": text}) == [
        "data/events/e.yml:10: 「photos.第1项.file」（文件）指向的文件“photos/a.jpg”不存在：请把文件放到 data/media/photos/a.jpg，或改正路径（相对于 data/media）"
    ]


def test_story_needs_a_person_and_honors_have_years(tmp_path):
    assert problems(tmp_path, {"stories/s.yml": STORY.replace("person: 李建国\n", "")}) == [
        "data/stories/s.yml:1: 缺少必填字段「person」（姓名）"
    ]
    honors = STORY + "honors:\n  - {name: 全国劳动模范, year: 二〇二五}\n"
    assert problems(tmp_path / "b", {"stories/s.yml": honors}) == [
        "data/stories/s.yml:7: 「honors.第1项.year」（年份）应是整数，而不是“二〇二五”"
    ]


# -- units.yml ---------------------------------------------------------------------------------


def test_unit_parent_must_be_above_so_there_is_no_cycle(tmp_path):
    units = "- {id: a, name: 甲, parent: b}\n- {id: b, name: 乙, parent: a}\n"
    assert problems(tmp_path, {"units.yml": units}) == [
        "data/units.yml:1: 单位“a”的上级单位“b”不在它前面的单位中（上级单位须写在本单位之前，这样也不会出现循环）"
    ]


def test_unit_fields(tmp_path):
    units = "- {id: a, name: 甲, kind: 工段}\n- {id: A, name: 乙}\n- {id: c}\n- {id: a, name: 丙}\n"
    assert problems(tmp_path, {"units.yml": units}) == [
        "data/units.yml:1: 「kind」（类型）的值“工段”不可用，可选：矿、区队、车间、科室、班组、其他",
        "data/units.yml:2: 「id」（单位 id）的值“A”写法不对：只能用小写字母、数字和连字符“-”，以字母或数字开头，最长 64 个字符",
        "data/units.yml:3: 缺少必填字段「name」（名称）",
        "data/units.yml:4: id “a”重复，每个 id 只能出现一次",
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


# -- the privacy guard ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "联系人手机 13812345678",
            6,
            "「body」中含有手机号码 138****5678。手机号码属于个人信息，不得公开：请删除，或改为打码形式（如 138****5678）；需要公布联系电话时，请写在 contact（监督/意见受理）字段中",
        ),
        (
            "身份证 11010519491231002X",
            6,
            "「body」中含有身份证号 1101**********002X。身份证号属于个人信息，不得公开：请删除，或改为打码形式（如 3708**********1234）",
        ),
        (
            "工资卡 6222 0212 3456 7890 128",
            6,
            "「body」中含有银行卡号 6222***********0128。银行卡号属于个人信息，不得公开：请删除，或改为打码形式（如 6222 **** **** 1234）",
        ),
    ],
)
def test_privacy_guard_refuses(tmp_path, text, line, message):
    assert problems(
        tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("正文第一段。", "第一行\n  " + text)}
    ) == [f"{D}:{line + 1}: {message}"]


def test_privacy_guard_passes_masked_forms_and_invalid_numbers(tmp_path):
    text = "身份证 3708**********1234，手机 138****5678，编号 110105194912310021（校验位不对），卡号 6222021234567890123"
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("正文第一段。", text)}) == []


def test_contact_may_hold_a_phone_number_but_not_an_id(tmp_path):
    assert (
        problems(
            tmp_path, {"disclosures/x.yml": DISCLOSURE + "contact: 矿工会 张主席 13812345678\n"}
        )
        == []
    )
    bad = DISCLOSURE + "contact: 张主席 11010519491231002X\n"
    assert problems(tmp_path / "b", {"disclosures/x.yml": bad})[0].startswith(
        f"{D}:7: 「contact」中含有身份证号"
    )


def test_privacy_guard_covers_titles_rows_and_csv_cells(tmp_path):
    title = ALLOCATION.replace("post: 支架工", "post: 支架工 13912345678")
    assert problems(tmp_path, {"allocations/a.yml": title})[0].startswith(
        f"{A}:11: 「rows.第2项.post」中含有手机号码 139****5678"
    )
    table = "姓名,金额,备注\n王立新,1800,卡号6222021234567890128\n赵红梅,1700.50,\n"
    assert problems(tmp_path / "b", {"allocations/a.yml": HEAD_YML, "allocations/a.csv": table})[
        0
    ].startswith("data/allocations/a.csv:2: “备注”列中含有银行卡号")


# -- errors ---------------------------------------------------------------------------------------


def test_all_problems_of_a_run_come_together_sorted(tmp_path):
    one_record = (
        "titel: 合计不符\nunit: zongcai2\ndate: 2026-11-20\nmonth: 2026-10\nkind: bonus\ntotal: 10.01\n"
        "period: {from: 2026-11-20, to: 2026-11-27}\nrows:\n  - {name: 甲, amount: 10}\n"
    )
    found = problems(
        tmp_path,
        {"allocations/a.yml": one_record, "stories/s.yml": STORY.replace("person", "persn")},
    )
    assert [line.split(": ", 1)[0] for line in found] == [
        "data/allocations/a.yml:1",
        "data/allocations/a.yml:1",
        "data/allocations/a.yml:1",
        "data/allocations/a.yml:2",
        "data/allocations/a.yml:6",
        "data/stories/s.yml:1",
        "data/stories/s.yml:2",
    ]
    assert "明细金额合计 10.00 元，与分配总额 10.01 元不符" in found[4]
    assert "「unit」（发布单位）的值“zongcai2”不在 data/units.yml 中" in found[3]


def test_stray_files_in_a_record_folder_are_reported(tmp_path):
    assert problems(
        tmp_path,
        {
            "disclosures/x.yml.txt": DISCLOSURE,
            "disclosures/y.YML": DISCLOSURE,
            "disclosures/notes.docx": b"PK",
        },
    ) == [
        "data/disclosures/notes.docx:1: 这里只能放记录文件（.yml）和同名的名单表（.csv），此文件不会被发布：请移到别处，照片和附件请放到 data/media",
        "data/disclosures/x.yml.txt:1: 文件名以 .txt 结尾（记事本另存时自动加上的），不会被发布：请把文件名末尾的 .txt 删掉",
        "data/disclosures/y.YML:1: 扩展名“.YML”须为小写的 .yml，否则不会被发布：请改名为 y.yml",
    ]


def test_an_empty_required_field_says_so(tmp_path):
    assert problems(
        tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("title: 公开测试", "title:")}
    ) == [f"{D}:1: 「title」（标题）不能为空，请在冒号后面填写内容"]


# -- Added (2): fields ----------------------------------------------------------------------------


def test_doc_number_is_optional_text_of_at_most_40_characters(tmp_path):
    archive = load(
        tmp_path,
        {
            "disclosures/x.yml": DISCLOSURE + "doc_number: 兴矿工发〔2026〕12号\n",
            "allocations/a.yml": ALLOCATION + "doc_number: 兴矿劳字〔2026〕3号\n",
        },
    )
    assert archive.entries["disclosures"]["x"].record.doc_number == "兴矿工发〔2026〕12号"
    assert archive.entries["allocations"]["a"].record.doc_number == "兴矿劳字〔2026〕3号"
    assert problems(
        tmp_path / "long", {"disclosures/x.yml": DISCLOSURE + f"doc_number: {'文' * 41}\n"}
    ) == [f"{D}:7: 「doc_number」（文号）太长：共 41 个字，最多 40 个字"]
    assert problems(tmp_path / "empty", {"disclosures/x.yml": DISCLOSURE + "doc_number: ''\n"}) == [
        f"{D}:7: 「doc_number」（文号）不能为空"
    ]


def test_an_allocations_contact_may_hold_a_phone_number_but_not_an_id(tmp_path):
    ok = ALLOCATION + "contact: 综采一队民主管理小组 电话 0537-7102341 13812345678\n"
    assert problems(tmp_path, {"allocations/a.yml": ok}) == []
    bad = ALLOCATION + "contact: 张队长 11010519491231002X\n"
    assert problems(tmp_path / "b", {"allocations/a.yml": bad})[0].startswith(
        f"{A}:12: 「contact」中含有身份证号"
    )


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


@pytest.mark.parametrize("written", ["合计", "合 计", "小计", "总计"])
def test_a_total_row_is_refused_inline_and_in_a_csv(tmp_path, written):
    """A sheet's 合计 row with the total "fixed" to match would publish as one more person."""
    message = (
        f"这一行的姓名是“{written.replace(' ', '')}”：明细里只写人，不写{written.replace(' ', '')}行（程序会自己算合计并显示在表尾）。"
        "请删去这一行，并核对分配总额是否因为多算了这一行而写大了"
    )
    inline = ALLOCATION.replace('total: "3,500.50"', 'total: "7,001.00"').replace(
        "  - {name: 赵红梅, post: 支架工, amount: 1700.50}\n",
        f"  - {{name: 赵红梅, post: 支架工, amount: 1700.50}}\n  - {{name: {written}, amount: 3500.50}}\n",
    )
    assert problems(tmp_path, {"allocations/a.yml": inline}) == [f"{A}:12: {message}"]
    head = ALLOCATION.split("rows:")[0].replace('"3,500.50"', '"7,001.00"')
    table = f"姓名,金额\n王立新,1800\n赵红梅,1700.50\n{written},3500.50\n"
    assert problems(tmp_path / "csv", {"allocations/a.yml": head, "allocations/a.csv": table}) == [
        f"data/allocations/a.csv:4: {message}"
    ]
    roster = (
        "title: 疗养名单\ncategory: welfare\nunit: union\ndate: 2026-11-20\nbody: 名单。\nperiod: {from: 2026-11-20, to: 2026-11-27}\n"
        f"roster:\n  rows:\n    - {{name: 王立新}}\n    - {{name: {written}}}\n"
    )
    assert problems(tmp_path / "roster", {"disclosures/x.yml": roster}) == [
        f"{D}:10: 这一行的姓名是“{written.replace(' ', '')}”：名单里只写人，不写{written.replace(' ', '')}行（程序会自己算合计并显示在表尾）。"
        "请删去这一行，并核对合计是否因为多算了这一行而写大了"
    ]


# -- slips the YAML parser misdiagnosed: each named for its real cause, on its real line ---------------

TAB = "YAML 格式错误：这一行行首用了 Tab 键缩进，YAML 只认半角空格：请删去行首的 Tab，改用半角空格（正文的每一行前面空两格）"
WIDE = "YAML 格式错误：这一行行首用了全角空格缩进，YAML 只认半角空格：请删去行首的全角空格，改用半角空格（正文的每一行前面空两格）"
FOLDED = (
    "「body」的文字写了好几行（第 6 到 9 行），但 body: 后面没有写 |：这样几行会被连成一行，分段和换行都会丢失。"
    "多行文字请写成“body: |”，下面每行空两格"
)
BODY = "body:\n  一、放假时间\n  元旦放假一天。\n  二、值班安排\n  值班电话{colon}0537-7102215\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (DISCLOSURE.replace("body: |\n  正文第一段。", "body: |\n\t正文第一段。"), f"{D}:6: {TAB}"),
        (DISCLOSURE + "period:\n\tfrom: 2026-11-01\n\tto: 2026-11-05\n", f"{D}:8: {TAB}"),
        (
            DISCLOSURE.replace("body: |\n  正文第一段。", "body: |\n\u3000\u3000正文第一段。"),
            f"{D}:6: {WIDE}",
        ),
        (DISCLOSURE + "period:\n\u3000\u3000from: 2026-11-01\n", f"{D}:8: {WIDE}"),
        (
            DISCLOSURE.split("body:")[0] + BODY.format(colon="："),
            f"{D}:5: {FOLDED}",
        ),  # was published as one line
        (
            DISCLOSURE.split("body:")[0] + BODY.format(colon=": "),
            f"{D}:5: {FOLDED}",
        ),  # was blamed on the colon at line 9
    ],
)
def test_tabs_full_width_spaces_and_a_missing_bar_are_named_for_what_they_are(
    tmp_path, text, message
):
    assert problems(tmp_path, {"disclosures/x.yml": text}) == [message]


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


@pytest.mark.parametrize(
    "written",
    [
        "（请填写分配依据。明细由 工资表.xlsx 导入，共 2 人。）",
        "请填写分配依据：按什么办法、什么标准分配。",
    ],
)
def test_an_imported_allocations_placeholder_basis_never_publishes(tmp_path, written):
    """Issue 18: an import's basis placeholder in brackets was published unnoticed once draft went."""
    text = ALLOCATION.replace("basis: 按工分分配。", f"basis: |\n  {written}")
    assert problems(tmp_path, {"allocations/a.yml": text}) == [
        f"{A}:8: 「basis」（分配依据）还是模板里的示例文字“{written}”：请改成实际内容；还没写好的记录请保留 draft: true（草稿不会发布）"
    ]
    assert problems(tmp_path / "draft", {"allocations/a.yml": text + "draft: true\n"}) == []

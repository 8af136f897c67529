"""gongkai.kinds.disclosure: disclosures (公开事项): categories, periods, stages, feedback, attachments
and related records, each rule with its exact located message."""

from __future__ import annotations

from datetime import date

from support import ALLOCATION, DISCLOSURE, STORY, D, load, problems


def test_the_old_table_notice_keeps_its_address_and_links_to_the_session(demo_site):
    html = (demo_site / "disclosures" / "2026-zhidaihui-11-1-tian-banli" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        'href="../../sessions/11-1/"' in html
        and "<table>" not in html.split('class="gk-body"')[1].split("</div>")[0]
    )


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

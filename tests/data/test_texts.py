"""gongkai.data.texts: the privacy guard over every text of a record as it is written and as it renders,
a template's example text left in, and Markdown that cannot be shown."""

from __future__ import annotations

import pytest
from support import (
    ALLOCATION,
    ALLOCATION_HEAD,
    DISCLOSURE,
    EPOCH,
    EVENT,
    GONGKAI,
    A,
    D,
    copy_project,
    problems,
    run_clean,
    write_data,
)

# -- placeholders -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["disclosure", "allocation", "event", "story"])
def test_a_new_record_with_its_draft_line_removed_is_refused_until_filled_in(tmp_path, kind):
    project = copy_project(tmp_path / "project", write_data(tmp_path / "data", {}))
    made = run_clean(
        [GONGKAI, "new", kind, "--title", "测试记录", "--unit", "union", "--date", "2026-11-20"],
        project,
        SOURCE_DATE_EPOCH=EPOCH,
    )
    assert made.returncode == 0, made.stderr
    path = next((project / "data").glob("*/2026/*.yml"))
    # a draft passes
    assert run_clean([GONGKAI, "check"], project, SOURCE_DATE_EPOCH=EPOCH).returncode == 0
    path.write_text(
        path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8"
    )
    result = run_clean([GONGKAI, "check"], project, SOURCE_DATE_EPOCH=EPOCH)
    assert result.returncode == 1 and "还是模板里的示例文字“请" in result.stdout, result.stdout


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
    assert problems(
        tmp_path / "b", {"allocations/a.yml": ALLOCATION_HEAD, "allocations/a.csv": table}
    )[0].startswith("data/allocations/a.csv:2: “备注”列中含有银行卡号")


def body(text: str) -> str:
    """The test disclosure with text as its body (a block: the body's first line is line 6)."""
    return DISCLOSURE.replace(
        "  正文第一段。\n", "".join(f"  {line}\n" for line in text.splitlines())
    )


# -- numbers as people and word processors write them -------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "line", "label"),
    [
        (
            "title",
            "通知 １３９５３７１２３４５",
            1,
            "手机号码",
        ),  # full-width digits from a Chinese IME
        ("title", "身份证 370802 19900307 1236", 1, "身份证号"),  # groups as Word writes them
        ("title", "卡号 6222-0212-3456-7890-128", 1, "银行卡号"),
        ("title", "zhangsan370802199003071236", 1, "身份证号"),  # right after Latin letters
        ("title", "编号-13953712345", 1, "手机号码"),  # after a hyphen
        ("title", "电话 139\u200b5371\u200b2345", 1, "手机号码"),  # invisible characters inside
        (
            "title",
            "电话 \u0661\u0663\u0669\u0665\u0663\u0667\u0661\u0662\u0663\u0664\u0665",
            1,
            "手机号码",
        ),  # Arabic-Indic digits
        (
            "title",
            "维修联系人139   5371   2345",
            1,
            "手机号码",
        ),  # a browser shows three spaces as one
        ("title", "电话 139 \\u3000 5371 \\u00a0 2345", 1, "手机号码"),  # any run of spaces
    ],
)
def test_privacy_guard_finds_numbers_as_people_write_them(tmp_path, field, value, line, label):
    text = DISCLOSURE.replace("title: 公开测试", f'title: "{value}"')
    found = problems(tmp_path, {"disclosures/x.yml": text})
    assert len(found) == 1 and found[0].startswith(f"{D}:{line}: 「title」中含有{label} ")


@pytest.mark.parametrize(
    "markdown",
    [
        "第一段。\n\n电话 &#49;&#51;&#57;&#53;&#51;&#55;&#49;&#50;&#51;&#52;&#53; 找我",  # entities
        "第一段。\n\n电话 139<!-- -->5371<!-- x -->2345 找我",  # comments vanish when rendered
        "第一段。\n\n电话 139**5371**2345 找我",  # emphasis vanishes when rendered
        "第一段。\n\n电话 139<u>5371</u>2345 找我",
        "第一段。\n\n电话 139\\-5371\\-2345 找我",  # backslash escapes vanish when rendered
        "第一段。\n\n电话 139-<b></b>-5371-2345 找我",  # an empty tag between two separators
        "第一段。\n\n电话 139\u200b<b></b>\u200b53712345 找我",  # invisible characters around a tag
        "第一段。\n\n电话 139\n5371\n2345 找我",  # one paragraph: its lines are joined by spaces
    ],
)
def test_privacy_guard_reads_markdown_as_rendered(tmp_path, markdown):
    found = problems(tmp_path, {"disclosures/x.yml": body(markdown)})
    assert found == [
        f"{D}:8: 「body」中含有手机号码 139****2345。手机号码属于个人信息，不得公开：请删除，或改为打码形式（如 138****5678）"
        "；需要公布联系电话时，请写在 contact（监督/意见受理）字段中"
    ]


def test_the_summary_made_from_the_first_paragraph_is_scanned_too(tmp_path):
    """The first paragraph without its Markdown is the summary of feeds, cards and calendars:
    139#5371#2345 on the page reads 13953712345 there."""
    found = problems(tmp_path, {"disclosures/x.yml": body("电话139#5371#2345 找我")})
    assert found == [
        f"{D}:6: 「body」的第一段（用作摘要）中含有手机号码 139****2345。手机号码属于个人信息，不得公开：请删除，或改为打码形式（如 138****5678）"
        "；需要公布联系电话时，请写在 contact（监督/意见受理）字段中"
    ]


def test_the_body_is_checked_as_a_summary_only_where_it_is_one(tmp_path):
    """An event is summarised by when and where, a disclosure with a summary by that summary:
    their bodies' first paragraphs are never shown as plain text."""
    event = EVENT.replace("body: 各区队代表队参加。", "body: 电话139#5371#2345 找我")
    own = DISCLOSURE.replace(
        "title: 公开测试", "title: 公开测试\nsummary: 冬季取暖补贴发放"
    ).replace("正文第一段。", "电话139#5371#2345 找我")
    assert problems(tmp_path, {"events/e.yml": event, "disclosures/x.yml": own}) == []


def test_a_summary_keeps_list_items_and_table_cells_apart():
    from gongkai.data.markup import first_paragraph

    assert first_paragraph("本次评选结果如下：\n- 张三\n- 李四") == "本次评选结果如下：张三；李四"
    assert (
        first_paragraph("经研究决定：\n1. 上调标准；\n2. 即日执行")
        == "经研究决定：上调标准；即日执行"
    )
    # a table is no summary
    assert first_paragraph("得分 | 1350 | 1200 | 980\n--- | --- | --- | ---\n\n正文") == "正文"
    assert first_paragraph("```\n1350\n1200\n```\n\n正文") == "正文"


def test_table_cells_and_separate_lines_of_a_page_never_join_into_a_number(tmp_path):
    text = body(
        "| 月份 | 人数 |\n| --- | --- |\n| 139 | 5371 |\n| 2345 | 1 |\n\n- 139\n- 53712345\n\n"
        "```\n1350\n1200\n980\n```\n\n一车间\t1350\t1200\t980"
    )
    assert problems(tmp_path, {"disclosures/x.yml": text}) == []


def test_privacy_guard_line_inside_a_block_follows_the_number(tmp_path):
    found = problems(
        tmp_path,
        {
            "disclosures/x.yml": body(
                "第一段。\n\n第二段。\n\n身份证号：３７０８０２１９９００３０７１２３６"
            )
        },
    )
    assert [p.split(": ")[0] for p in found] == [f"{D}:10"]


def test_amounts_and_impossible_ids_are_not_private(tmp_path):
    """The reverse errors: a sum of money is not a phone number, and an 18-digit number whose
    birth date cannot exist is not an ID (its check digit may still be right)."""
    allocation = ALLOCATION.replace('total: "3,500.50"', 'total: "13953712345.00"').replace(
        "  - {name: 王立新, post: 采煤机司机, amount: 1800}\n  - {name: 赵红梅, post: 支架工, amount: 1700.50}\n",
        "  - {name: 王立新, post: 采煤机司机, amount: 13953712345}\n",
    )
    text = body(
        "合计 13953712345.00 元，即 13,953,712,345.00 元。\n\n编号 370802199013450010 不是身份证号。"
    )
    assert problems(tmp_path, {"allocations/a.yml": allocation, "disclosures/x.yml": text}) == []


def test_csv_cells_are_scanned_after_normalising(tmp_path):
    record = ALLOCATION.split("rows:")[0]
    table = "姓名,金额,备注\n王立新,1800,电话１３９ ５３７１ ２３４５\n赵红梅,1700.50,\n"
    found = problems(tmp_path, {"allocations/a.yml": record, "allocations/a.csv": table})
    assert len(found) == 1 and found[0].startswith(
        "data/allocations/a.csv:2: “备注”列中含有手机号码 139****2345"
    )


@pytest.mark.parametrize("tag", ["script", "style", "iframe", "object"])
def test_raw_html_that_would_swallow_the_body_is_refused(tmp_path, tag):
    found = problems(
        tmp_path, {"disclosures/x.yml": body(f"第一段。\n\n<{tag}>x</{tag}>\n\n第三段还在。")}
    )
    assert found == [
        f"{D}:8: 「body」（正文）中不能使用 HTML 标签 <{tag}>：它不会显示，<script>、<style> 等还会让后面的正文一起消失。"
        "正文请用 Markdown 书写；HTML 标签只能用 <u>、<sub>、<sup>、<mark>、<br> 等简单的几种（见编辑指南）"
    ]


def test_markdown_nested_too_deeply_is_refused_not_a_traceback(tmp_path, monkeypatch):
    """Six hundred levels of nested lists overflow Python-Markdown's recursion; within the length
    limit no text found so far does, so the converter is made to fail as it would."""
    from gongkai.data.markup import MarkdownRenderer

    def overflow(self, text):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(MarkdownRenderer, "convert", overflow)
    found = problems(tmp_path, {"disclosures/x.yml": body("- 深")})
    assert found == [
        f"{D}:5: 「body」（正文）的 Markdown 嵌套太深（如几十层缩进的列表），无法显示：请改成普通段落"
    ]


def test_markdown_that_renders_in_quadratic_time_is_refused_within_its_budget(tmp_path):
    """Python-Markdown takes seconds on thousands of unclosed brackets (a minute near the length
    limit): rendering stops at its budget and the record is refused."""
    found = problems(tmp_path, {"disclosures/x.yml": body("[a " * 30_000)})
    assert found == [
        f"{D}:5: 「body」（正文）的 Markdown 结构过于复杂，2 秒内生成不了页面（如成千上万个“[”），无法显示：请改成普通段落"
    ]

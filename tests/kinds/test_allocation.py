"""gongkai.kinds.allocation: wage and bonus allocations (工资奖金分配公示): the sum rule, money, rows
inline or in a CSV beside the record, and a page linear in its rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support import (
    ALLOCATION,
    ALLOCATION_HEAD,
    A,
    D,
    _project,
    load,
    mkdocs_build,
    page_text,
    problems,
)

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


@pytest.mark.parametrize(
    "header",
    ["姓名,岗位,出勤,工分,金额,备注", "name,post,shifts,points,amount,note"],
)
def test_rows_from_csv_with_chinese_or_english_header(tmp_path, header):
    table = f'{header}\n王立新,采煤机司机,26,1.2,1800,\n赵红梅,支架工,25,1.1,"1,700.50",夜班\n'
    archive = load(
        tmp_path, {"allocations/a.yml": ALLOCATION_HEAD, "allocations/a.csv": "\ufeff" + table}
    )
    rows = archive.entries["allocations"]["a"].record.rows
    assert [(r.name, r.amount, r.points, r.note) for r in rows] == [
        ("王立新", Decimal("1800.00"), Decimal("1.2"), None),
        ("赵红梅", Decimal("1700.50"), Decimal("1.1"), "夜班"),
    ]


def test_csv_subset_of_columns(tmp_path):
    archive = load(
        tmp_path,
        {
            "allocations/a.yml": ALLOCATION_HEAD,
            "allocations/a.csv": "姓名,金额\n王立新,1800\n赵红梅,1700.5\n",
        },
    )
    assert len(archive.entries["allocations"]["a"].record.rows) == 2


def test_csv_problems_are_located_in_the_csv(tmp_path):
    table = "姓名,岗位,金頟\n王立新,司机,1800\n"
    assert problems(
        tmp_path, {"allocations/a.yml": ALLOCATION_HEAD, "allocations/a.csv": table}
    ) == [
        "data/allocations/a.csv:1: 表头“金頟”不是可用的列。是否想写“金额”？可用的列：姓名,岗位,出勤,工分,金额,备注（或 name,post,shifts,points,amount,note）",
        "data/allocations/a.csv:1: 表头缺少“金额”列",
    ]
    bad_row = "姓名,金额\n王立新,1800\n赵红梅,一千七\n"
    assert problems(
        tmp_path / "b", {"allocations/a.yml": ALLOCATION_HEAD, "allocations/a.csv": bad_row}
    ) == [
        'data/allocations/a.csv:3: 「明细.amount」（金额）：金额“一千七”写法不对，应为以元为单位、最多两位小数的数字，如 1800、3856.40 或 "12,345.60"'
    ]


def test_rows_and_csv_never_both(tmp_path):
    table = "姓名,金额\n王立新,1800\n赵红梅,1700.50\n"
    assert problems(tmp_path, {"allocations/a.yml": ALLOCATION, "allocations/a.csv": table}) == [
        f"{A}:9: 明细既写在 rows 中又有 a.csv，只能选一种，请删去其一"
    ]


def test_rows_are_required(tmp_path):
    assert problems(tmp_path, {"allocations/a.yml": ALLOCATION_HEAD}) == [
        f"{A}:1: 缺少明细：请写 rows，或在同一文件夹放入 a.csv"
    ]


def test_csv_without_its_record(tmp_path):
    assert problems(tmp_path, {"allocations/b.csv": "姓名,金额\n甲,1\n"}) == [
        "data/allocations/b.csv:1: 明细表旁边没有同名的分配公示 b.yml"
    ]


def test_an_allocations_contact_may_hold_a_phone_number_but_not_an_id(tmp_path):
    ok = ALLOCATION + "contact: 综采一队民主管理小组 电话 0537-7102341 13812345678\n"
    assert problems(tmp_path, {"allocations/a.yml": ok}) == []
    bad = ALLOCATION + "contact: 张队长 11010519491231002X\n"
    assert problems(tmp_path / "b", {"allocations/a.yml": bad})[0].startswith(
        f"{A}:12: 「contact」中含有身份证号"
    )


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


def test_a_large_allocation_page_is_linear_in_its_rows(tmp_path):
    """The page once scanned every row for every row (its optional columns); 20,000 rows, the
    limit, build in seconds. Timed by bench/trust.py, not here: this checks the page is whole."""
    rows = "".join(f"职工{n:05d}号,采煤机司机,26,1.5,100.00,\n" for n in range(20_000))
    record = ALLOCATION.split("rows:")[0].replace('total: "3,500.50"', "total: 2000000")
    project = _project(
        tmp_path,
        {
            "allocations/a.yml": record,
            "allocations/a.csv": "姓名,岗位,出勤,工分,金额,备注\n" + rows,
        },
    )
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    page = page_text(tmp_path / "site" / "allocations" / "a" / "index.html")
    assert "职工19999号" in page and "20000 人" in page

"""gongkai.tools.imports.pay: wage and bonus sheets as clerks keep them, imported as allocations: the
kind and id from the title, amount columns, formulas, hidden and filtered rows."""

from __future__ import annotations

import csv
import io
import os
import pty
import zipfile
from datetime import date
from pathlib import Path

import pytest
from support import (
    PAY_HEADER,
    allocation_yml,
    gongkai,
    hide,
    rezip,
    roster_book,
    rows_of,
    sheet_xml,
    workbook,
    written_record,
    xlsx_refused,
)

from gongkai.tools import scaffold
from gongkai.tools.imports import pay, workbook as reading

# -- The kind from the title -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("综采一队2026年10月安全奖分配表", {"safety": "安全奖"}),
        ("2026年10月安全奖金", {"safety": "安全奖"}),
        ("安全生产奖励分配", {"safety": "安全生产奖"}),
        ("机运区10月奖金", {"bonus": "奖金"}),
        ("先进个人奖励", {"bonus": "奖励"}),
        ("10月绩效工资考核表", {"performance": "绩效工资"}),
        ("10月绩效", {"performance": "绩效"}),
        ("10月工资表", {"wage": "工资"}),
        ("工资奖金汇总", {"bonus": "奖金", "wage": "工资"}),
        ("分配表", {}),
    ],
)
def test_kinds_named(text, kinds):
    assert pay.kinds_named(text) == kinds


def test_kind_and_id_from_the_title(project, tmp_path):
    sheet = workbook(tmp_path / "10月.xlsx")
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert "分配类别：安全奖（取自表格标题“综采一队2026年10月安全奖分配表”）" in result.stdout
    assert (
        allocation_yml(project)
        == project / "data" / "allocations" / "2026" / "2026-10-zongcai1-safety.yml"
    )
    assert "kind: safety" in allocation_yml(project).read_text(encoding="utf-8")
    again = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert again.returncode == 2 and "这张表已经导入过" in again.stderr  # issue 18: once made …-2
    given = gongkai(
        project, "import", str(sheet), "--unit", "zongcai1", "--kind", "bonus", "--id", "an-jiang"
    )
    assert "分配类别：奖金（由 --kind 指定）" in given.stdout
    assert (project / "data" / "allocations" / "2026" / "an-jiang.yml").exists()


def test_kind_from_the_file_name(project, tmp_path):
    sheet = tmp_path / "2026年10月绩效工资.csv"
    sheet.write_text("姓名,金额\n甲,100\n合计,100\n", encoding="utf-8")
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert "分配类别：绩效（取自文件名“2026年10月绩效工资”）" in result.stdout
    assert (project / "data" / "allocations" / "2026" / "2026-10-zongcai1-performance.yml").exists()


def test_no_kind_without_a_terminal_asks_for_kind(project, tmp_path):
    sheet = workbook(tmp_path / "表.xlsx", title="综采一队2026年10月分配表")
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "错误：表格标题“综采一队2026年10月分配表”和文件名“表”中都看不出分配类别：请用 --kind 指定，"
        "可选：wage（工资）、bonus（奖金）、performance（绩效）、safety（安全奖）、other（其他）"
    )
    mixed = workbook(tmp_path / "安全奖.xlsx", title="2026年10月工资奖金表")
    result = gongkai(project, "import", str(mixed), "--unit", "zongcai1")
    assert result.returncode == 2
    assert (
        "表格标题“2026年10月工资奖金表”中同时有“奖金”和“工资”，看不出是哪一类分配：请用 --kind 指定"
        in result.stderr
    )


def test_no_kind_on_a_terminal_is_asked(project, tmp_path):
    sheet = workbook(tmp_path / "表.xlsx", title="综采一队2026年10月分配表")
    leader, follower = pty.openpty()
    os.write(leader, b"4\n")
    try:
        result = gongkai(
            project, "import", str(sheet), "--unit", "zongcai1", stdin=follower, timeout=60
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 0, result.stderr
    assert (
        "   4. 安全奖（safety）" in result.stdout
        and "分配类别：安全奖（手工选择）" in result.stdout
    )
    assert (project / "data" / "allocations" / "2026" / "2026-10-zongcai1-safety.yml").exists()


# -- Ids -------------------------------------------------------------------------------------------


def test_import_ids_keep_to_64_characters(project, tmp_path):
    long_unit = "u" + "-abcdefgh" * 7  # 64 characters, a valid unit id
    (project / "data" / "units.yml").write_text(
        (project / "data" / "units.yml").read_text(encoding="utf-8")
        + f"- id: {long_unit}\n  name: 长单位\n  kind: 区队\n",
        encoding="utf-8",
    )
    sheet = workbook(tmp_path / "绩效.xlsx", title="2026年10月绩效")
    result = gongkai(project, "import", str(sheet), "--unit", long_unit)
    assert result.returncode == 0, result.stderr
    (stem,) = [p.stem for p in (project / "data" / "allocations").rglob("*.yml")]
    assert stem.startswith("2026-10-u-abcdefgh") and stem.endswith("-performance")
    assert len(stem) <= 64 and "--" not in stem


@pytest.mark.parametrize(
    ("title", "ident"),
    [
        # issue 18: 2026-nian-dong-ji-qu-nuan-bu-tie-fa-fang-biao-zhun-gong, with 公示 cut to "gong"
        ("2026年冬季取暖补贴发放标准公示", "2026-dongji-qunuan-butie-fafang"),
        (
            "综采一队2026年10月安全生产奖励分配公示及考核办法说明",
            "2026-zongcai-yidui-anquan-shengchan",
        ),
        (
            "关于2026年冬季职工劳动保护用品发放标准和发放办法的公示",
            "2026-dongji-zhigong-laodongbaohu-yongpin",
        ),
        ("2026年度“十佳职工”候选人公示", "2026-shijia-zhigong-houxuanren"),
        (
            "兴业煤矿2025年高校毕业生招聘计划公告",
            "2025-gaoxiao-biyesheng-zhaopin-jihua",
        ),  # the enterprise's name left out
        ("关于开展KTV歌咏比赛的通知", "2026-kaizhan-ktv-geyong-bisai"),
        ("2026年第四批（冬季）职工疗养人员名单公示", "2026-disipi-zhigong-liaoyang-renyuanmingdan"),
    ],
)
def test_propose_id_is_the_year_and_whole_words(title, ident):
    assert scaffold.propose_id(title, date(2026, 11, 25), set(), drop=("兴业煤矿",)) == ident


def test_propose_id_is_unused_and_never_empty():
    assert scaffold.propose_id("测试", date(2026, 11, 25), {"2026-ceshi"}) == "2026-ceshi-2"
    assert scaffold.propose_id("关于……的通知", date(2026, 11, 25), set()) == "2026"
    long = scaffold.propose_id("职工" * 40, date(2026, 11, 25), set())
    assert long == "2026-zhigong-zhigong-zhigong-zhigong" and len(long) <= 56


# -- Columns mapping to one field ------------------------------------------------------------------


def csv_sheet(tmp_path: Path, text: str) -> Path:
    sheet = tmp_path / "奖金.csv"
    sheet.write_text("2026年10月奖金\n" + text, encoding="utf-8")
    return sheet


def test_two_amount_columns_are_refused_then_chosen(project, tmp_path):
    sheet = csv_sheet(tmp_path, "姓名,金额,应发金额\n甲,100,120\n乙,200,220\n合计,300,340\n")
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "错误：奖金.csv：表头（第 2 行）中“金额”（B 列）和“应发金额”（C 列）都像是金额列，不知道该导入哪一列："
        "请用 --amount 指定，例如 --amount 金额"
    )
    chosen = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--amount", "应发金额")
    assert chosen.returncode == 0, chosen.stderr
    assert "已导入 2 人，合计 340.00 元" in chosen.stdout
    assert (
        allocation_yml(project).with_suffix(".csv").read_text(encoding="utf-8")
        == "姓名,金额\n甲,120.00\n乙,220.00\n"
    )
    by_letter = gongkai(
        project, "import", str(sheet), "--unit", "zongcai1", "--amount", "b", "--replace"
    )
    assert by_letter.returncode == 0, by_letter.stderr
    assert "的明细（2 人）和总额 300.00 元" in by_letter.stdout


def test_a_header_that_merges_into_two_amounts(tmp_path):
    """应发 over 基本工资、奖金、合计: 奖金 and 应发合计 both look like the amount."""
    grid = [
        ["姓名", "应发", "应发", "应发"],
        ["姓名", "基本工资", "奖金", "合计"],
        ["甲", 1, 2, 3],
        ["合计", 1, 2, 3],
    ]
    with pytest.raises(
        reading.SheetError, match="中“奖金”（C 列）和“应发合计”（D 列）都像是金额列"
    ):
        pay.read_sheet(grid)
    assert pay.read_sheet(grid, "应发合计").total == 3


@pytest.mark.parametrize(
    "header, named",
    [
        ("姓名,金额,备注,备注", "“备注”（C 列）和“备注”（D 列）都会导入为“备注”"),
        ("姓名,岗位,工种,金额", "“岗位”（B 列）和“工种”（C 列）都会导入为“岗位”"),
        ("姓名,职工姓名,金额", "“姓名”（A 列）和“职工姓名”（B 列）都会导入为“姓名”"),
    ],
)
def test_two_columns_for_another_field_are_refused(tmp_path, header, named):
    grid = [header.split(","), ["甲"] * 4, ["合计"] * 4]
    with pytest.raises(reading.SheetError) as caught:
        pay.read_sheet(grid)
    assert str(caught.value).startswith(
        f"表头（第 1 行）中{named}，只能保留一列：请在表格中删去多余的那一列"
    )


# -- Formulas are text, never evaluated ------------------------------------------------------------


def test_formula_like_text_is_kept_as_text(project, tmp_path):
    sheet = csv_sheet(
        tmp_path, '姓名,金额,备注\n甲,100,=1+2\n乙,200,"@SUM(A1:A2)"\n丙,300,-\n合计,600,\n'
    )
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    table = list(
        csv.reader(
            io.StringIO(allocation_yml(project).with_suffix(".csv").read_text(encoding="utf-8"))
        )
    )
    assert [row[2] for row in table] == ["备注", "=1+2", "@SUM(A1:A2)", "-"]


def test_xlsx_formulas_give_their_cached_values_and_text_stays_text(tmp_path):
    base = workbook(tmp_path / "base.xlsx")
    xml = sheet_xml(base)
    xml = xml.replace(
        '<c r="C3" t="n"><v>3856.4</v></c>',
        '<c r="C3"><f>1000+2856.4</f><v>3856.4</v></c>'
        '<c r="D3" t="inlineStr"><is><t>=HYPERLINK("http://x","y")</t></is></c>',
    )
    # not #DIV/0!
    xml = xml.replace(
        '<c r="C4" t="n"><v>3512.05</v></c>', '<c r="C4"><f>1/0</f><v>3512.05</v></c>'
    )
    assert xml.count("<f>") == 2 and "HYPERLINK" in xml
    path = rezip(base, tmp_path / "公式.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    table = pay.read_sheet(reading.grid_of_xlsx(path, None)[0])
    assert [row["amount"] for row in table.rows] == ["3856.40", "3512.05"]
    assert table.rows[0]["note"] == '=HYPERLINK("http://x","y")'


def test_an_amount_that_reads_as_infinity_is_refused_naming_its_cell(tmp_path):
    base = workbook(tmp_path / "base.xlsx")
    xml = sheet_xml(base).replace(
        '<c r="C3" t="n"><v>3856.4</v></c>', '<c r="C3" t="n"><v>1e999</v></c>'
    )
    assert "1e999" in xml
    path = rezip(base, tmp_path / "无穷.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    with pytest.raises(reading.SheetError, match="单元格 C3 的内容“inf”不是金额"):
        pay.read_sheet(reading.grid_of_xlsx(path, None)[0])


def test_amount_option_mistakes():
    grid = [["姓名", "金额", "应发金额"], ["甲", 1, 2], ["合计", 1, 2]]
    with pytest.raises(
        reading.SheetError, match="表头（第 1 行）中没有“实发”。表头有：“姓名”、“金额”、“应发金额”"
    ):
        pay.read_sheet(grid, "实发")
    with pytest.raises(reading.SheetError, match="“姓名”（A 列）是姓名列，不能作为金额列"):
        pay.read_sheet(grid, "A")
    assert pay.read_sheet(grid, "c").total == 2


PAY_ROWS = [
    [1, "王立新", "采煤机司机", 3856.4, None],
    [2, "李强", "支架工", 3000, None],
    [3, "赵红梅", "支架工", 3512.05, "腰椎间盘突出，病休两周"],
]


# -- What Excel hides ------------------------------------------------------------------------------
# A clerk hides what must not be posted: a struck-off person (a row), a column of health details, the
# rows an AutoFilter filters out. None of it is imported, and the import names it.


def test_a_pay_sheet_leaves_out_a_hidden_person_and_a_hidden_column(project, tmp_path):
    sheet = hide(
        roster_book(
            tmp_path / "安全奖.xlsx",
            "综采一队2026年10月安全奖分配表",
            PAY_HEADER,
            PAY_ROWS,
            [["合计", None, None, 7368.45]],
        ),
        rows=[4],
        columns=["E"],
    )
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "第 4 行和 E 列在 Excel 中是隐藏的，没有导入。",
        "分配类别：安全奖（取自表格标题“综采一队2026年10月安全奖分配表”）",
        "已导入 2 人，合计 7,368.45 元（与表格合计一致）。",
    ]
    record = written_record(result, project)
    assert rows_of(record) == [
        ["姓名", "岗位", "金额"],
        ["王立新", "采煤机司机", "3856.40"],
        ["赵红梅", "支架工", "3512.05"],
    ]
    assert 'total: "7,368.45"' in record.read_text(
        encoding="utf-8"
    ) and "共 2 人" in record.read_text(encoding="utf-8")
    for text in (
        record.read_text(encoding="utf-8"),
        record.with_suffix(".csv").read_text(encoding="utf-8"),
    ):
        assert "李强" not in text and "腰椎" not in text


def test_the_note_is_said_when_the_import_then_fails(project, tmp_path):
    """Excel's SUM counts hidden rows: the 合计 then disagrees, and the note says why."""
    sheet = hide(
        roster_book(
            tmp_path / "安全奖.xlsx",
            "综采一队2026年10月安全奖分配表",
            PAY_HEADER,
            PAY_ROWS,
            [["合计", None, None, 10368.45]],
        ),
        rows=[4],
    )
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 2
    assert result.stdout == "第 4 行在 Excel 中是隐藏的，没有导入。\n"
    assert (
        result.stderr.strip()
        == "错误：安全奖.xlsx：合计行 D6 的金额 10,368.45 元，与上面 2 行明细之和 7,368.45 元不符：请核对表格"
    )
    assert not (project / "data" / "allocations").exists()


def test_a_hidden_header_is_not_a_header(project, tmp_path):
    sheet = hide(
        roster_book(
            tmp_path / "安全奖.xlsx",
            "综采一队2026年10月安全奖分配表",
            PAY_HEADER,
            PAY_ROWS,
            [["合计", None, None, 10368.45]],
        ),
        rows=[2],
    )
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 2
    assert result.stdout == "第 2 行在 Excel 中是隐藏的，没有导入。\n"
    assert result.stderr.strip() == "错误：安全奖.xlsx：找不到表头：表格中应有一行包含“姓名”"


def test_rows_filtered_out_of_a_pay_sheet(project, tmp_path):
    rows = [
        [1, "王立新", "采煤机司机", 3856.4, None],
        [2, "孙立平", "采煤机司机", 3700, None],
        [3, "周伟", "采煤机司机", 3650, None],
        [4, "赵红梅", "支架工", 3512.05, None],
        [5, "吴海波", "支架工", 3400, None],
    ]
    sheet = roster_book(
        tmp_path / "安全奖.xlsx",
        "综采一队2026年10月安全奖分配表",
        PAY_HEADER,
        rows,
        [["合计", None, None, 6912.05]],
    )  # SUBTOTAL(109, …): what the filter shows
    hide(sheet, rows=[3, 4, 5], autofilter=("A2:E7", 2, ["支架工"]))
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[0] == "第 3–5 行在 Excel 中是隐藏的（含筛选掉的行），没有导入。"
    )
    assert "已导入 2 人，合计 6,912.05 元（与表格合计一致）。" in result.stdout
    assert rows_of(written_record(result, project))[1:] == [
        ["赵红梅", "支架工", "3512.05"],
        ["吴海波", "支架工", "3400.00"],
    ]


def test_a_hidden_worksheet(project, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "10月（含李强）"
    for row in (
        ["综采一队2026年10月安全奖分配表"],
        ["姓名", "金额"],
        ["王立新", 3856.4],
        ["李强", 3000],
        ["合计", 6856.4],
    ):
        old.append(row)
    old.sheet_state = "hidden"
    shown = book.create_sheet("10月")
    for row in (
        ["综采一队2026年10月安全奖分配表"],
        ["姓名", "金额"],
        ["王立新", 3856.4],
        ["合计", 3856.4],
    ):
        shown.append(row)
    path = tmp_path / "安全奖.xlsx"
    book.save(path)
    result = gongkai(project, "import", str(path), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[0]
        == "第一个工作表“10月（含李强）”在 Excel 中是隐藏的，没有导入；导入的是第一个没有隐藏的工作表“10月”。"
    )
    assert rows_of(written_record(result, project)) == [["姓名", "金额"], ["王立新", "3856.40"]]
    named = gongkai(
        project, "import", str(path), "--unit", "zongcai1", "--sheet", "10月（含李强）", "--replace"
    )
    assert named.returncode == 0, named.stderr
    assert (
        named.stdout.splitlines()[0]
        == "工作表“10月（含李强）”在 Excel 中是隐藏的，按 --sheet 的指定导入了它：请确认其中的内容可以公开。"
    )
    assert rows_of(written_record(result, project))[1:] == [
        ["王立新", "3856.40"],
        ["李强", "3000.00"],
    ]  # the record updated
    with zipfile.ZipFile(path) as archive:  # openpyxl refuses to save it; another program may not
        xml = archive.read("xl/workbook.xml").decode("utf-8")
    xml = xml.replace('state="visible"', 'state="veryHidden"')
    assert 'state="visible"' not in xml and 'state="veryHidden"' in xml
    path = rezip(path, tmp_path / "全隐藏.xlsx", replace={"xl/workbook.xml": xml.encode()})
    assert xlsx_refused(path) == (
        "工作簿中的工作表（“10月（含李强）”、“10月”）在 Excel 中都是隐藏的：请在 Excel 中取消隐藏要导入的那一张"
        "（右键工作表标签 → 取消隐藏）后保存，或用 --sheet 指定"
    )


def test_the_unit_is_taken_by_id_or_by_name(project, tmp_path):
    """Issue 18: --unit 综采一队, as clerks say it, was refused."""
    sheet = tmp_path / "综采一队2026年10月安全奖分配表.csv"
    sheet.write_text("姓名,金额\n王立新,1200.50\n赵红梅,800\n合计,2000.50\n", encoding="utf-8")
    result = gongkai(project, "import", str(sheet), "--unit", "综采一队")
    assert result.returncode == 0, result.stderr
    assert "unit: zongcai1" in allocation_yml(project).read_text(encoding="utf-8")
    # a space typed in
    spaced = gongkai(project, "new", "event", "--title", "职工篮球赛", "--unit", "综采 一队")
    assert spaced.returncode == 0, spaced.stderr
    written_record = spaced.stdout.splitlines()[0].split("：", 1)[1]
    assert "unit: zongcai1" in (project / written_record).read_text(encoding="utf-8")

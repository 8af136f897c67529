"""gongkai.tools.imports.roster: name lists as clerks keep them, imported as disclosures with a roster:
totals, masking, units by name, ranks and categories."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import gongkai, hide, roster_book, rows_of, written_record

from gongkai.tools import scaffold
from gongkai.tools.imports import roster, workbook as reading


def publish_ready(record: Path) -> None:
    """What the clerk does next: fill the placeholders in and remove draft: true."""
    text = record.read_text(encoding="utf-8")
    assert "draft: true" in text and "contact: 请填写" in text and "\n  请在这里填写" in text
    text = text.replace("draft: true", "").replace(
        "contact: 请填写受理意见的单位和电话", "contact: 矿工会 电话 0537-7102215"
    )
    text = (
        "\n".join(
            "  经审核，现予公示。" if line.startswith("  请在这里填写") else line
            for line in text.splitlines()
        )
        + "\n"
    )
    record.write_text(text, encoding="utf-8")


def test_roster_from_xlsx_with_title_row_and_total(lists, tmp_path):
    sheet = roster_book(
        tmp_path / "疗养.xlsx",
        "2026年冬季职工疗养名单（第一批）",
        ["序号", "姓名", "所在单位", "疗养批次", "金额（元）"],
        [
            [1, "王立新", "综采一队", "第一批", 1200],
            [2, "赵  红梅", "机运区", "第一批", 1200.5],
            [3, None, None, None, None],
        ],
        [["合计", None, None, None, 2400.5], ["制表人：李四", None, None, "审核：王五"]],
    )
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:5] == [
        "标题：2026年冬季职工疗养名单（第一批）（取自表格标题）",
        "公开类别：疗养休养（recuperation，标题中有“疗养”）",
        "没有导入的列：“序号”（A 列）。",
        "已导入名单 2 人（合计 2,400.50 元），与表格合计一致。",
        "名单公开方式：withdrawn（公示期内公开姓名，期满撤下）",
    ]
    record = written_record(result, lists)
    assert record == lists / "data" / "disclosures" / "2026" / "2026-11-union-mingdan.yml"
    assert (
        "请补写正文（body）和意见受理方式（contact），核对后删掉 draft: true 一行" in result.stdout
    )
    text = record.read_text(encoding="utf-8")
    for line in (
        'title: "2026年冬季职工疗养名单（第一批）"',
        "unit: union",
        "date: 2026-11-25",
        "draft: true",
        "category: recuperation",
        "period: {from: 2026-11-25, working_days: 5}",
        "  privacy: withdrawn",
        '  total: "2,400.50"',
    ):
        assert line in text
    assert "# " in text  # Chinese comments
    assert rows_of(record) == [
        ["姓名", "单位", "项目", "金额"],
        ["王立新", "zongcai1", "第一批", "1200.00"],
        ["赵红梅", "jiyun", "第一批", "1200.50"],
    ]
    assert gongkai(lists, "check").returncode == 0  # a draft passes as it is
    again = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    # issue 18: once …-mingdan-2
    assert again.returncode == 2 and "这份名单已经导入过" in again.stderr
    named = gongkai(
        lists,
        "import",
        "--roster",
        str(sheet),
        "--unit",
        "union",
        "--id",
        "liaoyang-2026",
        "--title",
        "2026年冬季疗养名单",
        "--date",
        "2026-11-20",
    )
    assert named.returncode == 0, named.stderr
    assert "date: 2026-11-20" in (
        lists / "data" / "disclosures" / "2026" / "liaoyang-2026.yml"
    ).read_text(encoding="utf-8")


def test_a_roster_total_that_disagrees_is_refused_naming_the_cell(lists, tmp_path):
    sheet = roster_book(
        tmp_path / "名单.xlsx",
        "2026年疗养名单",
        ["姓名", "金额"],
        [["甲", 100], ["乙", 200]],
        [["合计", 310]],
    )
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "错误：名单.xlsx：合计行 B5 的金额 310.00 元，与上面 2 人的金额之和 300.00 元不符：请核对表格"
    )
    assert not (lists / "data" / "disclosures" / "2026" / "2026-11-union-mingdan.yml").exists()


def test_a_gbk_roster_csv(lists, tmp_path):
    sheet = tmp_path / "先进个人.csv"
    sheet.write_bytes(
        "2026年度先进个人评选结果\n姓名,单位,奖项,奖金\n王立新,综采一队,先进生产者,500\n合计,,,500\n".encode(
            "gbk"
        )
    )
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "已将 GBK 编码的 先进个人.csv 转换为 UTF-8。"
    assert "公开类别：评先评优（honors，标题中有“先进”）" in result.stdout
    record = written_record(result, lists)
    assert (
        record.with_suffix(".csv").read_bytes().decode("utf-8")
        == "姓名,单位,项目,金额\n王立新,zongcai1,先进生产者,500.00\n"
    )
    publish_ready(record)
    check = gongkai(lists, "check")
    assert check.returncode == 0, check.stdout


def test_mask_masks_every_name(lists, tmp_path):
    sheet = roster_book(
        tmp_path / "名单.xlsx",
        "2026年冬季疗养名单",
        ["姓名", "单位"],
        [["张三丰", "综采一队"], ["韩梅", "综采一队"], ["欧阳娜娜", "union"], ["李*", None]],
    )
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union", "--mask")
    assert result.returncode == 0, result.stderr
    assert (
        "名单公开方式：masked（姓名打码公示，期满撤下）" in result.stdout
        and "自动打码" not in result.stdout
    )
    record = written_record(result, lists)
    assert "  privacy: masked" in record.read_text(encoding="utf-8")
    assert rows_of(record) == [
        ["姓名", "单位"],
        ["张*丰", "zongcai1"],
        ["韩*", "zongcai1"],
        ["欧**娜", "union"],
        ["李*", ""],
    ]
    publish_ready(record)
    check = gongkai(lists, "check")
    assert check.returncode == 0, check.stdout


def test_an_aid_list_is_masked_anyway_and_loses_its_notes(lists, tmp_path):
    sheet = roster_book(
        tmp_path / "救助.xlsx",
        "2026年度困难职工救助（第三批）名单",
        ["序号", "姓名", "单位", "救助类别", "救助金额", "备注"],
        [
            [1, "孟庆涛", "综采一队", "大病救助", 8000, "肺癌术后化疗"],
            [2, "韩梅", "机运区", "生活救助", 5000, None],
        ],
        [["合计", None, None, None, 13000, None]],
    )
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "公开类别：困难帮扶（aid，标题中有“救助”）" in out
    assert "困难帮扶名单已自动打码" in out
    assert (
        "困难帮扶名单不能写备注（不得公开病情、家庭情况等个人信息），已删去“备注”列（1 行有内容）。"
        in out
    )
    assert (
        "名单公开方式：masked" in out
        and "已导入名单 2 人（合计 13,000.00 元），与表格合计一致。" in out
    )
    record = written_record(result, lists)
    text = record.read_text(encoding="utf-8")
    assert (
        "category: aid" in text
        and "period: {from: 2026-11-25, working_days: 7}" in text
        and "  privacy: masked" in text
    )
    assert rows_of(record) == [
        ["姓名", "单位", "项目", "金额"],
        ["孟*涛", "zongcai1", "大病救助", "8000.00"],
        ["韩*", "jiyun", "生活救助", "5000.00"],
    ]
    assert "肺癌" not in record.with_suffix(".csv").read_text(encoding="utf-8")
    publish_ready(record)
    check = gongkai(lists, "check")
    assert check.returncode == 0, check.stdout
    public = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union", "--public")
    assert (
        public.returncode == 2
        and "困难帮扶（aid）名单只能打码公示，不能用 --public 长期公开" in public.stderr
    )
    told = gongkai(
        lists,
        "import",
        "--roster",
        str(sheet),
        "--unit",
        "union",
        "--mask",
        "--category",
        "aid",
        "--id",
        "jiuzhu-3",
    )
    assert (
        told.returncode == 0
        and "自动打码" not in told.stdout
        and "公开类别：困难帮扶（aid，由 --category 指定）" in told.stdout
    )


def test_units_by_name_and_an_unknown_unit_refused_naming_its_cells(lists, tmp_path):
    rows = [
        ["王立新", "综采三队"],
        ["赵红梅", " 综采一队 "],
        ["李强", "zongcai1"],
        ["孙立平", "综采三队"],
        ["白玉兰", "洗煤厂"],
    ]
    sheet = roster_book(tmp_path / "名单.xlsx", "2026年冬季疗养名单", ["姓名", "部门"], rows)
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "错误：名单.xlsx：单元格 B3、B6 的单位“综采三队”，单元格 B7 的单位“洗煤厂”不在 data/units.yml 中。"
        "请在表格中改成 data/units.yml 中的单位名称或 id，或先在 data/units.yml 中添加。"
        "已有的单位：兴业煤矿（mine）、矿工会（union）、综采一队（zongcai1）、机运区（jiyun）"
    )
    assert not list((lists / "data" / "disclosures").rglob("*mingdan*"))
    sheet = roster_book(tmp_path / "名单.xlsx", "2026年冬季疗养名单", ["姓名", "部门"], rows[1:3])
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert result.returncode == 0, result.stderr
    assert rows_of(written_record(result, lists)) == [
        ["姓名", "单位"],
        ["赵红梅", "zongcai1"],
        ["李强", "zongcai1"],
    ]


def test_a_rank_column_and_a_running_number(lists, tmp_path):
    header = ["序号", "姓名", "单位", "岗位", "排名"]
    rows = [
        [1, "吴海波", "综采一队", "采煤机司机", 2],
        [2, "魏守财", "机运区", "电钳工", "第1名"],
        [3, "范明辉", None, "班长", 3.0],
    ]
    sheet = roster_book(tmp_path / "十佳.xlsx", "2026年度十佳职工评选结果", header, rows)
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union", "--public")
    assert result.returncode == 0, result.stderr
    assert "公开类别：评先评优（honors，标题中有“十佳”）" in result.stdout
    assert "名单公开方式：public（姓名长期公开）" in result.stdout
    assert "已导入名单 3 人。" in result.stdout  # no amounts, no total
    record = written_record(result, lists)
    assert "  privacy: public" in record.read_text(
        encoding="utf-8"
    ) and "total:" not in record.read_text(encoding="utf-8")
    assert rows_of(record) == [
        ["姓名", "单位", "项目", "名次"],
        ["吴海波", "zongcai1", "采煤机司机", "2"],
        ["魏守财", "jiyun", "电钳工", "1"],
        ["范明辉", "", "班长", "3"],
    ]
    publish_ready(record)
    check = gongkai(lists, "check")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(
    "ranks, message",
    [
        ([1, 1], "单元格 B3 的名次 1 与单元格 B2 重复：同一名单中名次不能重复"),
        (
            ["一等奖", 2],
            "单元格 B2 的名次“一等奖”不是 1、2、3 这样的数字：名次列只写名次；如果写的是奖项或等级（如“一等奖”），请把这一列的列名改成“奖项”",
        ),
        ([0, 2], "单元格 B2 的名次“0”不是 1、2、3 这样的数字"),
        ([1.5, 2], "单元格 B2 的名次“1.5”不是 1、2、3 这样的数字"),
    ],
)
def test_bad_ranks_are_refused_naming_the_cell(ranks, message):
    grid = [["姓名", "名次"], ["甲", ranks[0]], ["乙", ranks[1]]]
    with pytest.raises(reading.SheetError) as caught:
        roster.read_roster(grid, {"union": "矿工会"})
    assert str(caught.value).startswith(message)


def test_a_roster_without_amounts_or_total(lists, tmp_path):
    sheet = tmp_path / "职工代表.csv"
    sheet.write_text("姓名,单位\n王立新,综采一队\n赵红梅,机运区\n", encoding="utf-8")
    result = gongkai(
        lists,
        "import",
        "--roster",
        str(sheet),
        "--unit",
        "union",
        "--title",
        "十一届职代会职工代表选举结果",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "标题：十一届职代会职工代表选举结果",
        "公开类别：民主管理（democracy，标题中有“代表”）",
        "已导入名单 2 人。",
    ]
    record = written_record(result, lists)
    assert "total:" not in record.read_text(encoding="utf-8")
    assert (
        record.with_suffix(".csv").read_text(encoding="utf-8")
        == "姓名,单位\n王立新,zongcai1\n赵红梅,jiyun\n"
    )
    publish_ready(record)
    check = gongkai(lists, "check")
    assert check.returncode == 0, check.stdout


def test_roster_categories_from_the_title_or_the_file_name():
    assert roster.category_named("2026年困难职工疗养名单") == ("aid", "困难")
    assert roster.category_named("劳模疗养名单") == ("recuperation", "疗养")
    assert roster.category_named("职工代表候选人名单") == ("democracy", "代表")
    assert roster.category_named("十佳职工候选人") == ("honors", "十佳")
    assert roster.category_named("冬季劳保用品领取名单") is None
    assert (
        roster.ROSTER_CSV_HEADER
        == __import__("gongkai.data.people", fromlist=["ROSTER_ROWS"]).ROSTER_ROWS.header
    )


def test_roster_options_mistakes(lists, tmp_path):
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名\n王立新\n", encoding="utf-8")
    other = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert other.returncode == 0 and "公开类别：其他（other，标题中看不出类别）" in other.stdout
    assert "标题：名单（取自文件名）" in other.stdout
    both = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union", "--mask", "--public")
    assert (
        both.returncode == 2
        and both.stderr.strip()
        == "错误：--mask（姓名打码公示）和 --public（姓名长期公开）只能选一个"
    )
    pay = gongkai(lists, "import", str(sheet), "--roster", "--unit", "union", "--month", "2026-10")
    assert (
        pay.returncode == 2
        and "--month 只用于导入工资奖金表，导入名单（--roster）时不用" in pay.stderr
    )
    alone = gongkai(lists, "import", str(sheet), "--unit", "union", "--mask")
    assert (
        alone.returncode == 2
        and alone.stderr.strip() == "错误：--mask 只用于导入名单：请加上 --roster，或去掉 --mask"
    )
    unknown = gongkai(
        lists, "import", "--roster", str(sheet), "--unit", "union", "--category", "nope"
    )
    assert unknown.returncode == 2 and "公开类别“nope”不在 data/categories.yml 中" in unknown.stderr
    (lists / "data" / "categories.yml").write_text(
        "- {id: welfare, name: 职工福利}\n", encoding="utf-8"
    )
    missing = gongkai(
        lists, "import", "--roster", str(sheet), "--unit", "union", "--title", "困难职工救助名单"
    )
    assert missing.returncode == 2
    assert (
        "公开类别识别为 aid（标题中有“救助”），但 data/categories.yml 中没有这个类别：请用 --category 指定"
        in missing.stderr
    )


def test_two_roster_columns_for_one_field_are_refused():
    grid = [["姓名", "单位", "部门"], ["甲", "综采一队", "综采一队"]]
    with pytest.raises(
        reading.SheetError, match="“单位”（B 列）和“部门”（C 列）都会导入为“单位”，只能保留一列"
    ):
        roster.read_roster(grid, {"zongcai1": "综采一队"})


def test_a_roster_period_in_a_year_without_a_holiday_calendar_stays_in_working_days():
    """The build estimates such a period (暂定) and shows the official end once the year is known:
    the imported record keeps its working days, with no date for the clerk to correct later."""
    from gongkai.data.workdays import library_years

    # a year whose official holidays are not published yet
    later = date(library_years().stop + 1, 3, 1)
    roster = scaffold.ImportedRoster("withdrawn", None, 2, "名单\n.xlsx", "x.csv")
    text = scaffold.render_roster(
        title="疗养名单", unit="union", day=later, category="recuperation", roster=roster
    )
    assert f"period: {{from: {later.isoformat()}, working_days: 5}}" in text
    assert "由 名单 .xlsx 导入" in text  # a comment stays one line


def test_a_roster_leaves_out_hidden_and_filtered_rows_and_a_hidden_column(lists, tmp_path):
    rows = [
        [1, "王立新", "综采一队", "第一批", 1200, None],
        [2, "李强", "综采一队", "第一批", 1200, "已调离"],
        [3, "赵红梅", "综采一队", "第一批", 1200.5, "高血压，需家属陪护"],
        [4, "孙立平", "机运区", "第一批", 1200, None],
        [5, "周伟", "机运区", "第一批", 1200, None],
        [6, "吴海波", "机运区", "第一批", 1200, None],
    ]
    sheet = roster_book(
        tmp_path / "疗养.xlsx",
        "2026年冬季职工疗养名单（第一批）",
        ["序号", "姓名", "所在单位", "疗养批次", "金额（元）", "备注"],
        rows,
        [["合计", None, None, None, 2400.5]],
    )
    hide(sheet, rows=[4, 6, 7, 8], columns=["F"], autofilter=("A2:F8", 2, ["综采一队"]))
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:5] == [
        "第 4、6–8 行和 F 列在 Excel 中是隐藏的（含筛选掉的行），没有导入。",
        "标题：2026年冬季职工疗养名单（第一批）（取自表格标题）",
        "公开类别：疗养休养（recuperation，标题中有“疗养”）",
        "没有导入的列：“序号”（A 列）。",
        "已导入名单 2 人（合计 2,400.50 元），与表格合计一致。",
    ]
    record = written_record(result, lists)
    assert rows_of(record) == [
        ["姓名", "单位", "项目", "金额"],
        ["王立新", "zongcai1", "第一批", "1200.00"],
        ["赵红梅", "zongcai1", "第一批", "1200.50"],
    ]
    for text in (
        record.read_text(encoding="utf-8"),
        record.with_suffix(".csv").read_text(encoding="utf-8"),
    ):
        assert (
            "李强" not in text
            and "高血压" not in text
            and "机运区" not in text
            and "jiyun" not in text
        )


def test_a_roster_is_checked_by_the_builds_rules_before_anything_is_written(lists, tmp_path):
    sheet = roster_book(
        tmp_path / "名单.xlsx",
        "2026年职工代表名单",
        ["姓名", "单位", "备注"],
        [["王立新", "综采一队", None], ["赵红梅", "机运区", "电话 13912345678"]],
    )
    before = sorted((lists / "data").rglob("*"))
    result = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union", "--public")
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert (
        lines[0]
        == "错误：按 gongkai check 的规则核对要写入的内容，发现 1 处问题，没有写入任何文件："
    )
    assert lines[1].startswith("  名单.xlsx!C4（备注）：“备注”列中含有手机号码 139****5678")
    assert lines[-1] == "请在表格中改正后再导入。"
    assert sorted((lists / "data").rglob("*")) == before

"""gongkai.tools.imports.staging: what an import would write is checked by the build's rules before
anything is written; a second import is told and replaces only when asked, never through a link."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from support import EPOCH, allocation_yml, gongkai, roster_book, written_record


def safety_sheet(tmp_path: Path, rows: str = "王立新,1200.50\n合计,1200.50\n") -> Path:
    """综采一队's safety bonus for 2026-10 as a CSV, its kind and month in its name."""
    sheet = tmp_path / "综采一队2026年10月安全奖分配表.csv"
    sheet.write_text("姓名,金额\n" + rows, encoding="utf-8")
    return sheet


def imported_once(project: Path, sheet: Path) -> tuple[Path, str]:
    """The sheet imported: its record and the record's path from the project."""
    assert gongkai(project, "import", str(sheet), "--unit", "zongcai1").returncode == 0
    record = allocation_yml(project)
    return record, record.relative_to(project).as_posix()


def test_a_second_import_of_a_sheet_is_told_and_replaces_only_when_asked(project, tmp_path):
    """Issue 18: importing the same sheet again silently created …-2."""
    sheet = safety_sheet(tmp_path, "王立新,1200.50\n赵红梅,800\n合计,2000.50\n")
    record, rel = imported_once(project, sheet)
    assert "sha256:" in record.read_text(encoding="utf-8")
    again = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert again.returncode == 2 and again.stderr.strip() == (
        f"错误：这张表已经导入过，内容一字不差：{rel}。不用再导入；表格改过之后，加 --replace 用它更新明细和总额"
    )
    # the same rows, saved again by Excel in GBK
    resaved = tmp_path / "综采一队2026年10月安全奖（另存）.csv"
    resaved.write_bytes("\r\n".join(sheet.read_text(encoding="utf-8").splitlines()).encode("gbk"))
    assert (
        "这张表已经导入过，内容一字不差"
        in gongkai(project, "import", str(resaved), "--unit", "zongcai1").stderr
    )
    # a fixed allowance, paid alike
    november = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--month", "2026-11")
    assert november.returncode == 0, november.stderr
    made = project / november.stdout.splitlines()[-1].split(" ")[1]
    assert made.name == "2026-11-zongcai1-safety.yml"
    made.unlink(), made.with_suffix(".csv").unlink()
    # corrected
    sheet.write_text(
        "姓名,金额\n王立新,1200.50\n赵红梅,900\n孙志刚,100\n合计,2200.50\n", encoding="utf-8"
    )
    same_month = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert same_month.returncode == 2 and same_month.stderr.strip() == (
        f"错误：同一单位、同一月份、同一类别的分配公示已经导入过：{rel}。这张表是改过的那张，加 --replace 用它更新明细和总额；"
        "是另一张表（如补发），用 --id 给出新的 id"
    )
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "  请填写分配依据", "  按工分分配。\n  请填写分配依据"
        ),
        encoding="utf-8",
    )
    replaced = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert replaced.stdout.splitlines() == [
        f"已用 {sheet.name} 更新 {rel} 的明细（3 人）和总额 2,200.50 元；记录的其他内容没有改动。",
        "请核对后提交。",
    ]
    text = record.read_text(encoding="utf-8")
    assert (
        'total: "2,200.50"' in text
        and "按工分分配。" in text
        and "共 3 人" in text
        and "共 3 行" in text
    )
    assert "共 2 人" not in text and "共 2 行" not in text
    assert record.with_suffix(".csv").read_text(encoding="utf-8").count("\n") == 4
    assert len(list((project / "data" / "allocations").rglob("*.yml"))) == 1
    other = gongkai(
        project,
        "import",
        str(sheet),
        "--unit",
        "zongcai1",
        "--id",
        "2026-10-zongcai1-safety-buchong",
    )
    # the very same sheet, under any id
    assert other.returncode == 2 and "已经导入过" in other.stderr
    published = record.read_text(encoding="utf-8").replace("draft: true", "")
    record.write_text(published, encoding="utf-8")
    sheet.write_text(
        "姓名,金额\n王立新,1200.50\n赵红梅,900\n孙志刚,150\n合计,2250.50\n", encoding="utf-8"
    )
    corrected = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--replace")
    assert corrected.returncode == 0, corrected.stderr
    assert (
        corrected.stdout.splitlines()[1]
        == "这条分配公示已经发布过：更正后的明细在下次发布时替换原来的。请在分配依据中写明更正的原因和日期，核对后提交。"
    )
    nothing = gongkai(
        project, "import", str(sheet), "--unit", "zongcai1", "--kind", "bonus", "--replace"
    )
    assert nothing.returncode == 2 and nothing.stderr.strip() == (
        "错误：--replace：没有找到导入过的这张表，也没有 id 为 2026-10-zongcai1-bonus 的分配公示，没有可更新的记录；去掉 --replace 即可新建"
    )


def test_replace_leaves_rows_written_by_hand_alone(project, tmp_path):
    folder = project / "data" / "allocations" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2026-10-zongcai1-safety.yml").write_text(
        "title: 综采一队2026年10月安全奖分配公示\nunit: zongcai1\ndate: 2026-11-02\nmonth: 2026-10\nkind: safety\n"
        "period: {from: 2026-11-02, to: 2026-11-09}\ntotal: 100\nbasis: 按工分。\nrows:\n  - {name: 王立新, amount: 100}\n",
        encoding="utf-8",
    )
    sheet = safety_sheet(tmp_path, "王立新,120\n合计,120\n")
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--replace")
    assert result.returncode == 2 and result.stderr.strip() == (
        "错误：data/allocations/2026/2026-10-zongcai1-safety.yml 的明细写在记录的 rows 里，不是导入的 .csv，不能用 --replace 更新："
        "请手工修改，或删去 rows 后重新导入"
    )
    assert not (folder / "2026-10-zongcai1-safety.csv").exists()


# -- Imports as strict as the build (issue 18) -----------------------------------------------------


def test_a_pay_sheet_is_checked_by_the_builds_rules_before_anything_is_written(project, tmp_path):
    """A negative amount and mobile numbers were written into data/ and found later, against a CSV
    line the clerk never wrote: now named at the Excel cell, and nothing is written."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["综采一队2026年10月安全奖分配表"])
    ws.append(["序号", "姓名", "岗位", "应发金额", "说明"])
    ws.append([1, "王立新", "采煤机司机", 3856.4, None])
    for number in range(2, 15):
        ws.append([number, f"职工{number}", "支架工", 100, None])
    ws.append([15, "赵红梅", "13912345678", -100, "返还多发"])  # row 17
    ws.append([16, "孙志刚", "支架工", 50, "联系电话 13812345678"])
    ws.append(["合计", None, None, 3856.4 + 1300 - 100 + 50, None])
    sheet = tmp_path / "工资表.xlsx"
    book.save(sheet)
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 2
    phone = (
        "列中含有手机号码 {}。手机号码属于个人信息，不得公开：请删除，或改为打码形式（如 138****5678）；"
        "需要公布联系电话时，请写在 contact（监督/意见受理）字段中"
    )
    assert result.stderr.strip().splitlines() == [
        "错误：按 gongkai check 的规则核对要写入的内容，发现 3 处问题，没有写入任何文件：",
        "  工资表.xlsx!C17（岗位）：“岗位”" + phone.format("139****5678"),
        "  工资表.xlsx!D17（应发金额）：金额“-100.00”不能为负数",
        "  工资表.xlsx!E18（说明）：“说明”" + phone.format("138****5678"),
        "请在表格中改正后再导入。",
    ]
    assert not (project / "data" / "allocations").exists() or not list(
        (project / "data" / "allocations").rglob("*")
    )


def test_a_replace_is_checked_before_it_writes(project, tmp_path):
    sheet = safety_sheet(tmp_path)
    record, _ = imported_once(project, sheet)
    rows = record.with_suffix(".csv").read_text(encoding="utf-8")
    sheet.write_text(
        "姓名,金额,备注\n王立新,1200.50,手机13912345678\n合计,1200.50,\n", encoding="utf-8"
    )
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--replace")
    assert result.returncode == 2
    assert result.stderr.splitlines()[1].startswith(
        f"  {sheet.name}!C2（备注）：“备注”列中含有手机号码 139****5678"
    )
    assert record.with_suffix(".csv").read_text(encoding="utf-8") == rows


BENIGN = ["", "", "", "支架工", "采煤机司机", "全勤", "夜班", "一等"]


HOSTILE = [
    "13912345678",
    "电话：0537-7102215",
    "11010519491231002X",
    "6222021234567890123",
    "合计",
    "请填写岗位",
    "<script>alert(1)</script>",
    "../../x",
    "张*丰",
    "*",
    "{{ config }}",
    "=cmd|' /C calc'!A0",
]


CELLS = st.one_of(
    st.sampled_from(BENIGN),
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(
                ["王立新", "赵红梅", "孙志刚", "李强", "周伟", "吴海波", "合计", "13912345678"]
            ),
            CELLS,
            st.one_of(st.integers(0, 5000), st.integers(-500, 5000)),
            CELLS,
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda row: row[0],
    )
)
def test_an_import_writes_what_check_passes_or_nothing(project, rows):
    """Whatever a clerk's sheet holds, the import either writes records `gongkai check` passes or
    writes nothing and says why; it never writes outside data/."""
    from click.testing import CliRunner

    from gongkai.tools.cli import main

    folder = project / "data" / "allocations"
    shutil.rmtree(folder, ignore_errors=True)
    sheet = project.parent / "综采一队2026年10月安全奖分配表.csv"
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["姓名", "岗位", "金额", "备注"])
    writer.writerows([name, post, amount, note] for name, post, amount, note in rows)
    writer.writerow(["合计", "", sum(amount for _, _, amount, _ in rows), ""])
    sheet.write_text(out.getvalue(), encoding="utf-8")
    before = {p for p in project.parent.rglob("*") if folder != p and folder not in p.parents}
    result = CliRunner().invoke(
        main,
        ["import", str(sheet), "--unit", "zongcai1", "--root", str(project)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code in (0, 2), result.output
    assert isinstance(result.exception, (SystemExit, type(None))), result.exception
    assert {
        p for p in project.parent.rglob("*") if folder != p and folder not in p.parents
    } == before  # nothing outside data/allocations
    written_record = list(folder.rglob("*.yml")) if folder.is_dir() else []
    event("written" if written_record else "refused")
    if result.exit_code == 2:
        assert written_record == []
        return
    assert len(written_record) == 1
    check = CliRunner().invoke(
        main, ["check", "--root", str(project)], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert check.exit_code == 0, check.output


def test_replace_refuses_a_record_of_another_unit_month_or_kind_and_keeps_line_endings(
    project, tmp_path
):
    """Found in review: --id with --replace replaced another unit's published wage record."""
    sheet = safety_sheet(tmp_path)
    record, rel = imported_once(project, sheet)
    other = tmp_path / "矿工会2026年9月工资表.csv"
    other.write_text("姓名,金额\n李强,100\n合计,100\n", encoding="utf-8")
    result = gongkai(
        project, "import", str(other), "--unit", "union", "--id", record.stem, "--replace"
    )
    assert result.returncode == 2 and result.stderr.strip() == (
        f"错误：{rel} 是单位“zongcai1”、月份“2026-10”、类别“safety”的分配公示，这张表是单位“union”、月份“2026-09”、类别“wage”的："
        "不能用它更新。请检查 --id、--unit、--month 和 --kind"
    )
    record.write_bytes(record.read_bytes().replace(b"\n", b"\r\n"))  # saved on Windows
    sheet.write_text("姓名,金额\n王立新,1300\n合计,1300\n", encoding="utf-8")
    assert gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--replace").returncode == 0
    data = record.read_bytes()
    assert b'total: "1,300.00"   # ' in data and data.count(b"\r\n") == data.count(b"\n")


@pytest.mark.parametrize("ident", ["../../../escaped", "2026/x", "X-大写"])
def test_an_id_that_is_no_file_name_is_refused(project, tmp_path, ident):
    """Found in review: --id ../../../escaped wrote outside data/."""
    result = gongkai(
        project, "import", str(safety_sheet(tmp_path)), "--unit", "zongcai1", "--id", ident
    )
    assert result.returncode == 2 and result.stderr.strip() == (
        f"错误：id “{ident}”不能用：只能用小写字母、数字和连字符“-”，以字母或数字开头，最长 64 个字符（如 2026-10-zongcai1-bonus）"
    )
    assert not list(tmp_path.rglob("escaped*"))


def test_an_import_never_writes_through_a_link(project, tmp_path):
    """Found in review: a .csv planted as a link beside the record was written through."""
    victim = tmp_path / "victim.txt"
    victim.write_text("不能改", encoding="utf-8")
    folder = project / "data" / "allocations" / "2026"
    folder.mkdir(parents=True)
    (folder / "2026-10-zongcai1-safety.csv").symlink_to(victim)
    result = gongkai(project, "import", str(safety_sheet(tmp_path)), "--unit", "zongcai1")
    assert result.returncode == 2 and result.stderr.strip() == (
        "错误：data/allocations/2026/2026-10-zongcai1-safety.csv 是符号链接，不会通过它写入：请删除这个链接，在 data/ 中放普通的文件和文件夹"
    )
    assert (
        victim.read_text(encoding="utf-8") == "不能改"
        and not (folder / "2026-10-zongcai1-safety.yml").exists()
    )


def test_a_list_imported_twice_is_told(lists, tmp_path):
    """Issue 18: a second import of the same sheet made …-mingdan-2 without a word."""
    sheet = roster_book(
        tmp_path / "疗养.xlsx",
        "2026年冬季职工疗养名单（第一批）",
        ["姓名", "所在单位"],
        [["王立新", "综采一队"], ["周伟", "机运区"]],
    )
    first = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert first.returncode == 0, first.stderr
    rel = written_record(first, lists).relative_to(lists).as_posix()
    again = gongkai(lists, "import", "--roster", str(sheet), "--unit", "union")
    assert again.returncode == 2 and again.stderr.strip() == (
        f"错误：这份名单已经导入过，内容一字不差：{rel}。不用再导入；要改名单，请直接修改 {rel[:-4]}.csv，"
        "或删去这条记录和它的 .csv 后重新导入；确实要另建一条，用 --id 给出新的 id"
    )
    other = roster_book(
        tmp_path / "疗养2.xlsx",
        "2026年冬季职工疗养名单（第二批）",
        ["姓名", "所在单位"],
        [["吴海波", "机运区"]],
    )
    second = gongkai(lists, "import", "--roster", str(other), "--unit", "union")
    assert (
        second.returncode == 0
        and written_record(second, lists).stem == written_record(first, lists).stem + "-2"
    )

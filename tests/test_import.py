"""`gongkai import` on the sheets clerks really have and on files crafted to hurt: XML and zip bombs,
sheets that declare a million rows, encrypted and renamed files, GBK CSVs, duplicated columns; the
kind taken from the sheet's title and ids named 年-月-单位-类别."""

from __future__ import annotations

import csv
import io
import os
import pty
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from support import DISCLOSURE, EPOCH, ROOT, hide, roster_book, write_data

from gongkai.tools import scaffold
from gongkai.tools.imports import pay, roster, workbook as reading

GONGKAI = [str(Path(sys.executable).with_name("gongkai"))]


def gongkai(project: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.run(
        [*GONGKAI, *args], cwd=project, env=env, capture_output=True, text=True, **kwargs
    )


@pytest.fixture()
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    write_data(root, {"disclosures/2026/x.yml": DISCLOSURE})
    return root


@pytest.fixture()
def openpyxl_never_loads(monkeypatch):
    """For the limits checked before openpyxl: loading would be the harm (a merged range of 17
    billion cells), so a test that got that far fails at once instead of filling the memory."""
    import openpyxl

    class Loaded(BaseException):  # not an Exception: grid_of_xlsx turns those into messages
        pass

    def refuse(*args, **kwargs):
        raise Loaded("openpyxl.load_workbook was called on a file the checks should refuse")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def workbook(
    path: Path,
    title: str = "综采一队2026年10月安全奖分配表",
    rows=(("王立新", 3856.4), ("赵红梅", 3512.05)),
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append([title])
    ws.append(["序号", "姓名", "金额", "备注"])
    for number, (name, amount) in enumerate(rows, start=1):
        ws.append([number, name, amount, None])
    ws.append(["合计", None, round(sum(a for _, a in rows), 2), None])
    book.save(path)
    return path


def rezip(
    source: Path,
    target: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of an .xlsx with some parts replaced or added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, replace.get(name, old.read(name)))
        for name, data in add.items():
            new.writestr(name, data)
    return target


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def refused(path: Path, sheet: str | None = None) -> str:
    with pytest.raises(reading.SheetError) as caught:
        reading.grid_of_xlsx(path, sheet)
    return str(caught.value)


# -- XML bombs -------------------------------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lollollollol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)  # &lol9; is 10⁹ × "lollollollol": 12 GB from 1 KB


def laughing_sheet(tmp_path: Path) -> Path:
    base = workbook(tmp_path / "base.xlsx")
    xml = LAUGHS + sheet_xml(base).replace(
        "<t>&#29579;&#31435;&#26032;</t>", "<t>&lol9;</t>"
    )  # 王立新
    assert "&lol9;" in xml
    return rezip(base, tmp_path / "炸弹.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})


def laughing_strings(tmp_path: Path) -> Path:
    base = workbook(tmp_path / "base.xlsx")
    with zipfile.ZipFile(base) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    strings = LAUGHS + (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    return rezip(
        base,
        tmp_path / "炸弹.xlsx",
        replace={"[Content_Types].xml": types.encode()},
        add={"xl/sharedStrings.xml": strings.encode()},
    )


def test_openpyxl_parses_with_defusedxml():
    """openpyxl uses defusedxml when it is installed; it is a dependency of the project."""
    import openpyxl.xml
    import openpyxl.xml.functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


@pytest.mark.parametrize("craft", [laughing_sheet, laughing_strings])
def test_openpyxl_itself_refuses_the_entities(tmp_path, craft):
    """The second line of defence: openpyxl alone, given the bomb, refuses it through defusedxml."""
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    path = craft(tmp_path)
    tracemalloc.start()
    with pytest.raises(ValueError) as caught:
        load_workbook(path, data_only=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(caught.value.__cause__ or caught.value, DefusedXmlException)
    assert peak < 20 * 2**20


@pytest.mark.parametrize("craft", [laughing_sheet, laughing_strings])
def test_billion_laughs_is_refused_in_chinese_without_growing(tmp_path, craft):
    path = craft(tmp_path)
    tracemalloc.start()
    message = refused(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message.startswith("文件中含有 XML 实体定义") and "XML 炸弹" in message
    assert peak < 20 * 2**20


def test_billion_laughs_through_the_command(project, tmp_path):
    result = gongkai(
        project, "import", str(laughing_strings(tmp_path)), "--unit", "zongcai1", "--kind", "bonus"
    )
    assert result.returncode == 2
    assert result.stderr.startswith("错误：炸弹.xlsx：文件中含有 XML 实体定义")
    assert "Traceback" not in result.stderr
    assert not (project / "data" / "allocations").exists()


# -- Limits before openpyxl loads ------------------------------------------------------------------


def test_a_file_over_20_mb_is_refused(tmp_path, openpyxl_never_loads):
    path = tmp_path / "大.xlsx"
    with path.open("wb") as file:
        file.truncate(reading.MAX_FILE_BYTES + 1)  # sparse: takes no disk
    assert refused(path).startswith("文件有 20.0 MB，超过导入上限 20 MB")


def test_too_many_zip_entries(tmp_path, openpyxl_never_loads):
    path = rezip(
        workbook(tmp_path / "base.xlsx"),
        tmp_path / "多.xlsx",
        add={f"xl/media/{i}.bin": b"" for i in range(reading.MAX_ZIP_ENTRIES)},
    )
    assert "超过导入上限 1,000 个" in refused(path)


def test_too_much_unpacked(tmp_path, openpyxl_never_loads):
    """101 MB of zeros, streamed into the zip: about 100 KB on disk."""
    path = rezip(workbook(tmp_path / "base.xlsx"), tmp_path / "胀.xlsx")
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/zeros.bin", "w") as entry,
    ):
        chunk = bytes(2**20)
        for _ in range(101):
            entry.write(chunk)
    assert path.stat().st_size < 2**20
    assert refused(path).startswith("文件解压后有 101 MB，超过导入上限 100 MB")


def test_a_zip_bomb_ratio(tmp_path, openpyxl_never_loads):
    """2 MB that pack into 2 KB: within the total, but no sheet packs a thousand to one."""
    path = rezip(
        workbook(tmp_path / "base.xlsx"),
        tmp_path / "炸.xlsx",
        add={"xl/media/zeros.bin": bytes(2 * 2**20)},
    )
    message = refused(path)
    assert (
        "xl/media/zeros.bin 压缩了" in message
        and "（上限 200 倍）" in message
        and "压缩炸弹" in message
    )


def test_a_huge_declared_dimension(tmp_path, openpyxl_never_loads):
    base = workbook(tmp_path / "base.xlsx")
    xml = sheet_xml(base)
    assert '<dimension ref="A1:D5"/>' in xml
    path = rezip(
        base,
        tmp_path / "宽.xlsx",
        replace={
            "xl/worksheets/sheet1.xml": xml.replace(
                '<dimension ref="A1:D5"/>', '<dimension ref="A1:XFD1048576"/>'
            ).encode()
        },
    )
    assert refused(path) == (
        "工作表“Sheet”声明的使用范围 A1:XFD1048576 超出了导入上限（每个工作表最多 50,000 行、200 列，整个工作簿最多 "
        "1,000,000 个单元格）：请把要导入的明细复制到一个新的 Excel 工作簿（右键“选择性粘贴 → 数值”），另存为 .xlsx 后再导入"
    )


@pytest.mark.parametrize(
    "element, ref",
    [
        ("mergeCell", "A1:XFD1048576"),
        ("hyperlink", "A1:XFD1048576"),
        ("hyperlink", "1:1048576"),
        ("mergeCell", "A1:A50001"),
    ],
)
def test_merged_and_hyperlinked_ranges_that_would_create_millions_of_cells(
    tmp_path, openpyxl_never_loads, element, ref
):
    """openpyxl creates a cell object for every cell of a merged or hyperlinked range."""
    base = workbook(tmp_path / "base.xlsx")
    part = {
        "mergeCell": f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>',
        "hyperlink": f'<hyperlinks><hyperlink ref="{ref}" display="x" location="Sheet!A1"/></hyperlinks>',
    }[element]
    xml = sheet_xml(base).replace("</sheetData>", "</sheetData>" + part)
    path = rezip(base, tmp_path / "并.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    assert refused(path).startswith(
        f"工作表“Sheet”的{ {'mergeCell': '合并单元格', 'hyperlink': '超链接区域'}[element] } {ref} 超出了导入上限"
    )


@pytest.mark.parametrize("ref", ["A50001", "GS1", "GR6000"])
def test_cells_beyond_the_rows_columns_or_area(tmp_path, openpyxl_never_loads, ref):
    """One cell far away makes the grid span it: GR6000 is 200 × 6,000, over a million cells."""
    base = workbook(tmp_path / "base.xlsx")
    row = "".join(c for c in ref if c.isdigit())
    far = f'<row r="{row}"><c r="{ref}" t="n"><v>1</v></c></row>'
    xml = sheet_xml(base).replace("</sheetData>", far + "</sheetData>")
    path = rezip(base, tmp_path / "远.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    assert refused(path).startswith(f"工作表“Sheet”的单元格 {ref} 超出了导入上限")


def test_cells_of_the_whole_workbook_are_counted(tmp_path, openpyxl_never_loads):
    """Ranges each within the sheet's extent, together over a million cells to create."""
    base = workbook(tmp_path / "base.xlsx")
    ranges = (
        '<mergeCells count="1"><mergeCell ref="A1:GR4999"/></mergeCells>'
        '<hyperlinks><hyperlink ref="A2:A301" display="x" location="Sheet!A1"/></hyperlinks>'
    )
    xml = sheet_xml(base).replace("</sheetData>", "</sheetData>" + ranges)
    path = rezip(base, tmp_path / "多.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    assert refused(path).startswith("工作簿中的单元格（含合并单元格）超出了导入上限")


def test_the_loaded_worksheet_is_checked_too(tmp_path, monkeypatch):
    """After loading, max_row × max_column is checked before the grid is built (a comment or
    anything else the scan does not count can place a cell far away)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "金额"])
    book.active["A50001"] = "甲"
    book.save(tmp_path / "长.xlsx")
    monkeypatch.setattr(reading, "_check_xlsx", lambda path: None)
    assert refused(tmp_path / "长.xlsx").startswith(
        "工作表“Sheet”的范围是 A1:B50001，超出了导入上限"
    )


def test_not_a_zip_encrypted_and_renamed_xls(tmp_path, openpyxl_never_loads):
    (tmp_path / "文本.xlsx").write_text("姓名,金额\n", encoding="utf-8")
    assert refused(tmp_path / "文本.xlsx").startswith("不是有效的 .xlsx 文件")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "加密.xlsx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(100))
    assert refused(tmp_path / "加密.xlsx").startswith("文件设置了打开密码（已加密），无法读取")
    (tmp_path / "旧.xlsx").write_bytes(ole + "Workbook".encode("utf-16-le") + bytes(100))
    assert refused(tmp_path / "旧.xlsx").startswith("这是旧版 Excel 97-2003（.xls）格式的文件")
    with zipfile.ZipFile(tmp_path / "密.xlsx", "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"x")
    raw = bytearray((tmp_path / "密.xlsx").read_bytes())  # mark it encrypted (zip's own passwords)
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        raw[raw.index(signature) + flags] |= 0x1
    (tmp_path / "密.xlsx").write_bytes(bytes(raw))
    assert refused(tmp_path / "密.xlsx").startswith("文件中的内容是加密的")


def test_the_limits():
    assert (reading.MAX_FILE_BYTES, reading.MAX_UNPACKED_BYTES) == (20 * 2**20, 100 * 2**20)
    assert (reading.MAX_ROWS, reading.MAX_COLUMNS, reading.MAX_CELLS) == (50_000, 200, 1_000_000)


def test_an_ordinary_workbook_passes_the_checks(tmp_path):
    grid, hidden = reading.grid_of_xlsx(workbook(tmp_path / "好.xlsx"), None)
    assert grid[2][1:3] == ["王立新", 3856.4]
    assert hidden == reading.Hidden() and hidden.notes() == []


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


def yml_of(project: Path) -> Path:
    return next((project / "data" / "allocations").rglob("*.yml"))


def test_kind_and_id_from_the_title(project, tmp_path):
    sheet = workbook(tmp_path / "10月.xlsx")
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert "分配类别：安全奖（取自表格标题“综采一队2026年10月安全奖分配表”）" in result.stdout
    assert (
        yml_of(project) == project / "data" / "allocations" / "2026" / "2026-10-zongcai1-safety.yml"
    )
    assert "kind: safety" in yml_of(project).read_text(encoding="utf-8")
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


# -- GBK CSV ---------------------------------------------------------------------------------------


def test_a_gbk_csv_is_converted(project, tmp_path):
    sheet = tmp_path / "工资表.csv"
    sheet.write_bytes(
        '综采一队2026年10月工资表\n姓名,岗位,金额\n王立新,采煤机司机,"1,200.50"\n赵红梅,支架工,800\n合计,,2000.50\n'.encode(
            "gbk"
        )
    )
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "已将 GBK 编码的 工资表.csv 转换为 UTF-8。"
    assert "分配类别：工资（取自表格标题“综采一队2026年10月工资表”）" in result.stdout
    written = yml_of(project).with_suffix(".csv").read_bytes()
    assert (
        written.decode("utf-8")
        == "姓名,岗位,金额\n王立新,采煤机司机,1200.50\n赵红梅,支架工,800.00\n"
    )
    check = gongkai(project, "check")  # the build refuses GBK in data/: the record must be UTF-8
    assert check.returncode == 0, check.stdout


def test_a_utf8_csv_says_nothing_about_encodings(project, tmp_path):
    sheet = tmp_path / "奖金.csv"
    sheet.write_text("2026年10月奖金\n姓名,金额\n甲,1\n合计,1\n", encoding="utf-8-sig")
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert "GBK" not in result.stdout


@pytest.mark.parametrize(
    "raw, message",
    [
        (
            b"\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d,\xff\xfe\xfd\n",
            "第 1 行起的内容既不是 UTF-8 也不是 GBK 编码，无法识别：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入",
        ),
        (
            "姓名,金额\n".encode("utf-16"),
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入",
        ),
        (b"PK\x03\x04rest", "这是一个 Excel 文件（.xlsx），不是 CSV：请把扩展名改回 .xlsx 再导入"),
    ],
    ids=["neither", "utf-16", "xlsx"],
)
def test_undecodable_csv_is_refused_in_chinese(project, tmp_path, raw, message):
    sheet = tmp_path / "表.csv"
    sheet.write_bytes(raw)
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--kind", "bonus")
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误：表.csv：{message}"


def test_csv_limits(tmp_path):
    sheet = tmp_path / "长.csv"
    sheet.write_text("姓名,金额\n" + "甲,1\n" * reading.MAX_ROWS, encoding="utf-8")
    with pytest.raises(reading.SheetError, match="超出了导入上限（50,000 行、200 列）"):
        reading.grid_of_csv(sheet)
    sheet.write_text(",".join(["姓名"] + ["金额"] * 200) + "\n", encoding="utf-8")
    with pytest.raises(reading.SheetError, match="第 1 行超出了导入上限"):
        reading.grid_of_csv(sheet)


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
        yml_of(project).with_suffix(".csv").read_text(encoding="utf-8")
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
        csv.reader(io.StringIO(yml_of(project).with_suffix(".csv").read_text(encoding="utf-8")))
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


def test_chartsheets_are_not_tables(tmp_path):
    from openpyxl import Workbook
    from openpyxl.chart import BarChart

    book = Workbook()
    book.active.title = "分配表"
    book.active.append(["姓名", "金额"])
    book.create_chartsheet("图表").add_chart(BarChart())
    book.save(tmp_path / "有图表.xlsx")
    assert (
        refused(tmp_path / "有图表.xlsx", "图表") == "工作簿中没有名为“图表”的工作表，现有：分配表"
    )
    book.remove(book["分配表"])
    book.save(tmp_path / "只有图表.xlsx")
    assert (
        refused(tmp_path / "只有图表.xlsx")
        == "工作簿中只有图表，没有表格：请打开含有名单或金额的那张工作表另存"
    )


def test_amount_option_mistakes():
    grid = [["姓名", "金额", "应发金额"], ["甲", 1, 2], ["合计", 1, 2]]
    with pytest.raises(
        reading.SheetError, match="表头（第 1 行）中没有“实发”。表头有：“姓名”、“金额”、“应发金额”"
    ):
        pay.read_sheet(grid, "实发")
    with pytest.raises(reading.SheetError, match="“姓名”（A 列）是姓名列，不能作为金额列"):
        pay.read_sheet(grid, "A")
    assert pay.read_sheet(grid, "c").total == 2


# -- Name lists (gongkai import --roster) ----------------------------------------------------------

ALL_CATEGORIES = """\
- {id: welfare, name: 职工福利}
- {id: recuperation, name: 疗养休养}
- {id: aid, name: 困难帮扶}
- {id: honors, name: 评先评优}
- {id: democracy, name: 民主管理}
- {id: other, name: 其他}
"""
MORE_UNITS = "- id: jiyun\n  name: 机运区\n  kind: 区队\n  parent: mine\n"


@pytest.fixture()
def lists(project):
    """A project whose categories include aid, recuperation, honors and other, with 机运区 too."""
    (project / "data" / "categories.yml").write_text(ALL_CATEGORIES, encoding="utf-8")
    units = project / "data" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + MORE_UNITS, encoding="utf-8")
    return project


def written(result: subprocess.CompletedProcess, project: Path) -> Path:
    """The record the import reports: 已写入 data/….yml 和 data/….csv（草稿）。"""
    line = next(line for line in result.stdout.splitlines() if line.startswith("已写入 "))
    return project / line.split(" ")[1]


def rows_of(record: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(record.with_suffix(".csv").read_text(encoding="utf-8"))))


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
    record = written(result, lists)
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
    record = written(result, lists)
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
    record = written(result, lists)
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
    record = written(result, lists)
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
    assert rows_of(written(result, lists)) == [
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
    record = written(result, lists)
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
    record = written(result, lists)
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


# -- What Excel hides ------------------------------------------------------------------------------
# A clerk hides what must not be posted: a struck-off person (a row), a column of health details, the
# rows an AutoFilter filters out. None of it is imported, and the import names it.


PAY_HEADER = ["序号", "姓名", "岗位", "金额", "备注"]
PAY_ROWS = [
    [1, "王立新", "采煤机司机", 3856.4, None],
    [2, "李强", "支架工", 3000, None],
    [3, "赵红梅", "支架工", 3512.05, "腰椎间盘突出，病休两周"],
]


def test_hidden_rows_and_columns_are_blanked_keeping_their_numbers(tmp_path):
    from openpyxl import load_workbook

    path = roster_book(
        tmp_path / "表.xlsx",
        "综采一队2026年10月安全奖分配表",
        PAY_HEADER + ["出勤", "工分"],
        [
            [1, "王立新", "采煤机司机", 3856.4, None, 26, 1.2],
            [2, "李强", "支架工", 3000, None, 25, 1.0],
            [3, "孙立平", "支架工", 2000, None, 20, 1.0],
            [4, "周伟", "支架工", 2000, None, 20, 1.0],
            [5, None, "支架工", 3512.05, "病休", 25, 1.1],
        ],
        [["合计", None, None, 14368.45]],
    )
    book = load_workbook(path)
    ws = book.active
    ws.row_dimensions.group(4, 5, hidden=True)  # a collapsed outline: Excel hides each row of it
    ws.row_dimensions[9].hidden = True  # empty: not named
    ws.column_dimensions.group("E", "F", hidden=True)  # one <col min="5" max="6">
    ws.column_dimensions["J"].hidden = True  # empty: not named
    book.save(path)
    # a row of zero height
    xml = sheet_xml(path).replace('<row r="6">', '<row r="6" ht="0" customHeight="1">')
    path = rezip(path, tmp_path / "隐藏.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    grid, hidden = reading.grid_of_xlsx(path, None)
    assert hidden == reading.Hidden(rows=[4, 5, 6], columns=[4, 5])
    assert hidden.notes() == ["第 4–6 行和 E、F 列在 Excel 中是隐藏的，没有导入。"]
    assert grid[0][:6] == ["综采一队2026年10月安全奖分配表"] * 4 + [
        None,
        None,
    ]  # the merged title, E and F blank
    assert grid[1] == ["序号", "姓名", "岗位", "金额", None, None, "工分"]
    assert (
        grid[3:6] == [[None] * 7] * 3
        and grid[6][:4] == [5, None, "支架工", 3512.05]
        and grid[7][0] == "合计"
    )
    # the row Excel shows, numbered as there
    with pytest.raises(reading.SheetError, match="^第 7 行没有姓名（单元格 B7）$"):
        pay.read_sheet(grid)


def test_runs_of_hidden_rows_and_columns_are_said_compactly():
    said = reading.Hidden(
        rows=[3, 5, 6, 8, 9, 10, 11], columns=[1, 3, 4, 5, 27], filtered=True
    ).notes()
    assert said == [
        "第 3、5、6、8–11 行和 B、D–F、AB 列在 Excel 中是隐藏的（含筛选掉的行），没有导入。"
    ]
    assert reading.Hidden(columns=[4]).notes() == ["E 列在 Excel 中是隐藏的，没有导入。"]
    assert reading.Hidden(rows=[5]).notes() == ["第 5 行在 Excel 中是隐藏的，没有导入。"]


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
    record = written(result, project)
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
    assert rows_of(written(result, project))[1:] == [
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
    assert rows_of(written(result, project)) == [["姓名", "金额"], ["王立新", "3856.40"]]
    named = gongkai(
        project, "import", str(path), "--unit", "zongcai1", "--sheet", "10月（含李强）", "--replace"
    )
    assert named.returncode == 0, named.stderr
    assert (
        named.stdout.splitlines()[0]
        == "工作表“10月（含李强）”在 Excel 中是隐藏的，按 --sheet 的指定导入了它：请确认其中的内容可以公开。"
    )
    assert rows_of(written(result, project))[1:] == [
        ["王立新", "3856.40"],
        ["李强", "3000.00"],
    ]  # the record updated
    with zipfile.ZipFile(path) as archive:  # openpyxl refuses to save it; another program may not
        xml = archive.read("xl/workbook.xml").decode("utf-8")
    xml = xml.replace('state="visible"', 'state="veryHidden"')
    assert 'state="visible"' not in xml and 'state="veryHidden"' in xml
    path = rezip(path, tmp_path / "全隐藏.xlsx", replace={"xl/workbook.xml": xml.encode()})
    assert refused(path) == (
        "工作簿中的工作表（“10月（含李强）”、“10月”）在 Excel 中都是隐藏的：请在 Excel 中取消隐藏要导入的那一张"
        "（右键工作表标签 → 取消隐藏）后保存，或用 --sheet 指定"
    )


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
    record = written(result, lists)
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


def test_the_unit_is_taken_by_id_or_by_name(project, tmp_path):
    """Issue 18: --unit 综采一队, as clerks say it, was refused."""
    sheet = tmp_path / "综采一队2026年10月安全奖分配表.csv"
    sheet.write_text("姓名,金额\n王立新,1200.50\n赵红梅,800\n合计,2000.50\n", encoding="utf-8")
    result = gongkai(project, "import", str(sheet), "--unit", "综采一队")
    assert result.returncode == 0, result.stderr
    assert "unit: zongcai1" in yml_of(project).read_text(encoding="utf-8")
    # a space typed in
    spaced = gongkai(project, "new", "event", "--title", "职工篮球赛", "--unit", "综采 一队")
    assert spaced.returncode == 0, spaced.stderr
    written = spaced.stdout.splitlines()[0].split("：", 1)[1]
    assert "unit: zongcai1" in (project / written).read_text(encoding="utf-8")


def safety_sheet(tmp_path: Path, rows: str = "王立新,1200.50\n合计,1200.50\n") -> Path:
    """综采一队's safety bonus for 2026-10 as a CSV, its kind and month in its name."""
    sheet = tmp_path / "综采一队2026年10月安全奖分配表.csv"
    sheet.write_text("姓名,金额\n" + rows, encoding="utf-8")
    return sheet


def imported_once(project: Path, sheet: Path) -> tuple[Path, str]:
    """The sheet imported: its record and the record's path from the project."""
    assert gongkai(project, "import", str(sheet), "--unit", "zongcai1").returncode == 0
    record = yml_of(project)
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
    written = list(folder.rglob("*.yml")) if folder.is_dir() else []
    event("written" if written else "refused")
    if result.exit_code == 2:
        assert written == []
        return
    assert len(written) == 1
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
    rel = written(first, lists).relative_to(lists).as_posix()
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
        second.returncode == 0 and written(second, lists).stem == written(first, lists).stem + "-2"
    )

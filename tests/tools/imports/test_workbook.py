"""gongkai.tools.imports.workbook: sheets read safely. XML and zip bombs, sheets that declare a million
cells, encrypted and renamed files, CSVs in GBK, and what Excel hides."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from support import (
    PAY_HEADER,
    allocation_yml,
    gongkai,
    rezip,
    roster_book,
    sheet_xml,
    workbook,
    xlsx_refused,
)

from gongkai.tools.imports import pay, workbook as reading


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
    message = xlsx_refused(path)
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
    assert xlsx_refused(path).startswith("文件有 20.0 MB，超过导入上限 20 MB")


def test_too_many_zip_entries(tmp_path, openpyxl_never_loads):
    path = rezip(
        workbook(tmp_path / "base.xlsx"),
        tmp_path / "多.xlsx",
        add={f"xl/media/{i}.bin": b"" for i in range(reading.MAX_ZIP_ENTRIES)},
    )
    assert "超过导入上限 1,000 个" in xlsx_refused(path)


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
    assert xlsx_refused(path).startswith("文件解压后有 101 MB，超过导入上限 100 MB")


def test_a_zip_bomb_ratio(tmp_path, openpyxl_never_loads):
    """2 MB that pack into 2 KB: within the total, but no sheet packs a thousand to one."""
    path = rezip(
        workbook(tmp_path / "base.xlsx"),
        tmp_path / "炸.xlsx",
        add={"xl/media/zeros.bin": bytes(2 * 2**20)},
    )
    message = xlsx_refused(path)
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
    assert xlsx_refused(path) == (
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
    assert xlsx_refused(path).startswith(
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
    assert xlsx_refused(path).startswith(f"工作表“Sheet”的单元格 {ref} 超出了导入上限")


def test_cells_of_the_whole_workbook_are_counted(tmp_path, openpyxl_never_loads):
    """Ranges each within the sheet's extent, together over a million cells to create."""
    base = workbook(tmp_path / "base.xlsx")
    ranges = (
        '<mergeCells count="1"><mergeCell ref="A1:GR4999"/></mergeCells>'
        '<hyperlinks><hyperlink ref="A2:A301" display="x" location="Sheet!A1"/></hyperlinks>'
    )
    xml = sheet_xml(base).replace("</sheetData>", "</sheetData>" + ranges)
    path = rezip(base, tmp_path / "多.xlsx", replace={"xl/worksheets/sheet1.xml": xml.encode()})
    assert xlsx_refused(path).startswith("工作簿中的单元格（含合并单元格）超出了导入上限")


def test_the_loaded_worksheet_is_checked_too(tmp_path, monkeypatch):
    """After loading, max_row × max_column is checked before the grid is built (a comment or
    anything else the scan does not count can place a cell far away)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "金额"])
    book.active["A50001"] = "甲"
    book.save(tmp_path / "长.xlsx")
    monkeypatch.setattr(reading, "_check_xlsx", lambda path: None)
    assert xlsx_refused(tmp_path / "长.xlsx").startswith(
        "工作表“Sheet”的范围是 A1:B50001，超出了导入上限"
    )


def test_not_a_zip_encrypted_and_renamed_xls(tmp_path, openpyxl_never_loads):
    (tmp_path / "文本.xlsx").write_text("姓名,金额\n", encoding="utf-8")
    assert xlsx_refused(tmp_path / "文本.xlsx").startswith("不是有效的 .xlsx 文件")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "加密.xlsx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(100))
    assert xlsx_refused(tmp_path / "加密.xlsx").startswith("文件设置了打开密码（已加密），无法读取")
    (tmp_path / "旧.xlsx").write_bytes(ole + "Workbook".encode("utf-16-le") + bytes(100))
    assert xlsx_refused(tmp_path / "旧.xlsx").startswith("这是旧版 Excel 97-2003（.xls）格式的文件")
    with zipfile.ZipFile(tmp_path / "密.xlsx", "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"x")
    raw = bytearray((tmp_path / "密.xlsx").read_bytes())  # mark it encrypted (zip's own passwords)
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        raw[raw.index(signature) + flags] |= 0x1
    (tmp_path / "密.xlsx").write_bytes(bytes(raw))
    assert xlsx_refused(tmp_path / "密.xlsx").startswith("文件中的内容是加密的")


def test_the_limits():
    assert (reading.MAX_FILE_BYTES, reading.MAX_UNPACKED_BYTES) == (20 * 2**20, 100 * 2**20)
    assert (reading.MAX_ROWS, reading.MAX_COLUMNS, reading.MAX_CELLS) == (50_000, 200, 1_000_000)


def test_an_ordinary_workbook_passes_the_checks(tmp_path):
    grid, hidden = reading.grid_of_xlsx(workbook(tmp_path / "好.xlsx"), None)
    assert grid[2][1:3] == ["王立新", 3856.4]
    assert hidden == reading.Hidden() and hidden.notes() == []


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
    written_record = allocation_yml(project).with_suffix(".csv").read_bytes()
    assert (
        written_record.decode("utf-8")
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


def test_chartsheets_are_not_tables(tmp_path):
    from openpyxl import Workbook
    from openpyxl.chart import BarChart

    book = Workbook()
    book.active.title = "分配表"
    book.active.append(["姓名", "金额"])
    book.create_chartsheet("图表").add_chart(BarChart())
    book.save(tmp_path / "有图表.xlsx")
    assert (
        xlsx_refused(tmp_path / "有图表.xlsx", "图表")
        == "工作簿中没有名为“图表”的工作表，现有：分配表"
    )
    book.remove(book["分配表"])
    book.save(tmp_path / "只有图表.xlsx")
    assert (
        xlsx_refused(tmp_path / "只有图表.xlsx")
        == "工作簿中只有图表，没有表格：请打开含有名单或金额的那张工作表另存"
    )


# -- What Excel hides ------------------------------------------------------------------------------
# A clerk hides what must not be posted: a struck-off person (a row), a column of health details, the
# rows an AutoFilter filters out. None of it is imported, and the import names it.


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

"""Clerks' sheets read safely: the cells of an Excel workbook or a CSV file, within limits, without
what Excel hides; and what every importer reads them with (the header, amounts, units by name).

A sheet comes from a clerk's computer, a mail attachment or a download, and openpyxl builds every
cell of every worksheet in memory: before openpyxl sees an .xlsx, its zip directory and its XML
are checked against the limits below (and its XML entities refused), so that a broken or crafted
file is refused with a message instead of taking the machine's memory or minutes.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import posixpath
import re
import struct
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

import click
from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

from gongkai.data.money import MoneyError, parse_money
from gongkai.tools.project import fail

# -- Limits ----------------------------------------------------------------------------------------
# A 区队's pay sheet is a few hundred rows and a few dozen columns in a file of some hundred KB;
# a whole mine's payroll for a year, about 20,000 rows. The limits are far above either and far
# below what would exhaust a clerk's laptop or the 2-core build machine.

# The file on disk. A 50,000-row sheet saved by Excel is about 5 MB; more is not a pay sheet.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Entries in the .xlsx zip. A workbook is ~10 parts plus ~3 per worksheet (sheet, its rels, a
# drawing); hundreds of sheets is not a pay sheet, and each entry costs memory before any check.
MAX_ZIP_ENTRIES = 1000
# The zip's central directory, read before zipfile parses it: ~100 bytes an entry; a small file can
# otherwise hold hundreds of thousands of empty entries that take seconds and memory to list.
MAX_CENTRAL_DIRECTORY_BYTES = MAX_ZIP_ENTRIES * 1024
# All entries unpacked, as the zip's directory declares them (zipfile never returns more than the
# declared size of an entry). openpyxl holds the XML's cells and strings in memory, several times
# the XML's size.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Unpacked ÷ packed size of one entry above MAX_RATIO_FROM bytes. Excel's XML packs 5–20 to 1,
# very repetitive sheets up to ~100; a zip bomb (kilobytes that unpack to gigabytes) near 1000.
MAX_RATIO = 200
MAX_RATIO_FROM = 1024 * 1024
# A worksheet's extent: rows, columns, and rows × columns (the grid read into memory, and what a
# sheet with one cell at A1 and one at XFD1048576 would span). Checked from the XML before loading
# (cells, merged ranges, hyperlink ranges and the declared <dimension>: openpyxl creates a cell
# object for every cell of a merged or hyperlinked range) and again on the loaded worksheet.
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000

_SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO strict
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls

TOTAL_WORDS = ("合计", "总计")


class SheetError(Exception):
    """The sheet cannot become an allocation; the message says where and why."""


@dataclass
class Placed:
    """Rows read from a sheet, with where they stand in it: a problem found in a row as written to
    data/ is told at its cell (工资表.xlsx!E17). Each importer's result extends it."""

    columns: dict[str, str] = field(default_factory=dict)  # field → the header as written
    # field → its column, as Excel names it (E)
    letters: dict[str, str] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)  # each row's row, as Excel numbers it


def header_field(
    header: str, spellings: dict[str, tuple[str, ...]], money: tuple[str, ...] = ()
) -> str | None:
    """The field a header names: one of its spellings exactly, else the amount when the header holds
    one of the money words (应发金额（元）)."""
    norm = normalize_header(header)
    for key, written in spellings.items():
        if norm in written:
            return key
    if norm and any(word in norm for word in money):
        return "amount"
    return None


def normalize_header(text: str) -> str:
    # full-width letters, digits and brackets
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"[（(][^）)]*[）)]$", "", text)  # 金额（元） → 金额


def column_letter(column: int) -> str:
    """The letters of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    return f"{column_letter(column)}{row + 1}"


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- .xlsx -----------------------------------------------------------------------------------------

_LIMITS = f"导入上限（每个工作表最多 {MAX_ROWS:,} 行、{MAX_COLUMNS} 列，整个工作簿最多 {MAX_CELLS:,} 个单元格）"
_COPY = (
    "请把要导入的明细复制到一个新的 Excel 工作簿（右键“选择性粘贴 → 数值”），另存为 .xlsx 后再导入"
)
_BOMB = (
    "文件中含有 XML 实体定义（<!ENTITY>）。Excel 保存的表格不会有这种内容，这是恶意构造的“XML 炸弹”的特征，"
    "已拒绝读取：请确认文件的来源；如确是本单位的表格，请在 Excel 中打开后另存为新的 .xlsx 再导入"
)
_RESAVE = "请在 Excel 中打开它，“另存为”选“Excel 工作簿（*.xlsx）”后再导入"
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


@dataclass
class Hidden:
    """What Excel hides in the worksheet read, which the import leaves out and says it left out: a
    clerk hides a struck-off person, a column of health details or rows filtered out, and none of
    them may reach the site unnoticed. Only rows and columns that held something are named."""

    rows: list[int] = field(default_factory=list)  # as Excel numbers them
    columns: list[int] = field(default_factory=list)  # 0-based, as column_letter takes them
    filtered: bool = False  # an AutoFilter with criteria covers some of the rows
    worksheet: str = ""  # what was done about a hidden worksheet

    def notes(self) -> list[str]:
        """The lines an import prints: 第 5–9 行和 E 列在 Excel 中是隐藏的，没有导入。"""
        notes = [self.worksheet] if self.worksheet else []
        parts = [f"第 {_runs(self.rows, str)} 行"] if self.rows else []
        if self.columns:
            parts.append(f"{_runs(self.columns, column_letter)} 列")
        if parts:
            filtered = "（含筛选掉的行）" if self.filtered else ""
            notes.append(f"{'和 '.join(parts)}在 Excel 中是隐藏的{filtered}，没有导入。")
        return notes


def _runs(numbers: list[int], name) -> str:
    """5、9、12–15 (or E、G–K): sorted numbers by name, three or more in a row as first–last."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    said = []
    for run in runs:
        said.append(
            f"{name(run[0])}–{name(run[-1])}" if len(run) > 2 else "、".join(map(name, run))
        )
    return "、".join(said)


def grid_of_xlsx(path: Path, sheet: str | None) -> tuple[list[list[object]], Hidden]:
    """The cells of a worksheet, merged ranges filled with their top-left value; formulas give the
    value Excel last calculated (nothing is evaluated here); and what Excel hides there, its cells
    left blank (None). The file is checked against the limits above before openpyxl reads it, and
    the worksheet's size again after."""
    _check_file_size(path)
    _check_xlsx(path)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # openpyxl's English warnings about unsupported extensions
            warnings.simplefilter("ignore")
            book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; none is for a clerk
        raise SheetError(
            _BOMB
            if _defused(exc)
            else f"文件无法读取，可能已损坏或不是 Excel 保存的 .xlsx：{_RESAVE}"
        ) from exc
    tables = [ws.title for ws in book.worksheets]  # not the chartsheets: they hold no cells
    if sheet is not None and sheet not in tables:
        raise SheetError(
            f"工作簿中没有名为“{sheet}”的工作表，现有：{'、'.join(tables) or '（没有表格，只有图表）'}"
        )
    if not tables:
        raise SheetError("工作簿中只有图表，没有表格：请打开含有名单或金额的那张工作表另存")
    ws, hidden = _worksheet(book, sheet)
    if (
        ws.max_row > MAX_ROWS
        or ws.max_column > MAX_COLUMNS
        or ws.max_row * ws.max_column > MAX_CELLS
    ):
        raise SheetError(
            f"工作表“{ws.title}”的范围是 A1:{column_letter(ws.max_column - 1)}{ws.max_row}，"
            f"超出了{_LIMITS}：{_COPY}"
        )
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    rows, columns = _hidden_rows(ws), _hidden_columns(ws)
    # Named from the cells as written (a merged title spanning a hidden column is not that column's);
    # every row of the grid is as long as the worksheet is wide.
    hidden.rows = [r + 1 for r in sorted(rows) if any(cell_text(c) for c in grid[r])]
    hidden.columns = [c for c in sorted(columns) if any(cell_text(row[c]) for row in grid)]
    hidden.filtered = _filtered(ws, hidden.rows)
    for merged in ws.merged_cells.ranges:  # Excel shows a merged range where any part of it shows
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    # Blanked, not removed: every other message still names the row and the cell as Excel numbers
    # them, and the readers skip an empty row as a blank line and find no header in an empty column.
    for r in rows:
        grid[r] = [None] * len(grid[r])
    for row in grid:
        for c in columns:
            row[c] = None
    return grid, hidden


def _worksheet(book: Any, sheet: str | None) -> tuple[Any, Hidden]:
    """The worksheet to read: the one --sheet names, hidden or not, else the first that Excel shows;
    what the clerk should know about a hidden one is in Hidden.worksheet."""
    hidden = Hidden()
    if sheet is not None:
        ws = book[sheet]
        if ws.sheet_state != "visible":
            hidden.worksheet = f"工作表“{ws.title}”在 Excel 中是隐藏的，按 --sheet 的指定导入了它：请确认其中的内容可以公开。"
        return ws, hidden
    first = book.worksheets[0]
    if first.sheet_state == "visible":
        return first, hidden
    shown = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), None)
    if shown is None:  # Excel keeps one shown; another program may not
        raise SheetError(
            f"工作簿中的工作表（{'、'.join(f'“{ws.title}”' for ws in book.worksheets)}）在 Excel 中都是隐藏的："
            "请在 Excel 中取消隐藏要导入的那一张（右键工作表标签 → 取消隐藏）后保存，或用 --sheet 指定"
        )
    hidden.worksheet = f"第一个工作表“{first.title}”在 Excel 中是隐藏的，没有导入；导入的是第一个没有隐藏的工作表“{shown.title}”。"
    return shown, hidden


def _hidden_rows(ws: Any) -> set[int]:
    """The 0-based rows Excel does not show: hidden (by hand, by a filter, or in a collapsed
    outline: Excel marks each of those rows hidden), of zero height, or without a height of their
    own in a worksheet whose rows are of zero height unless said otherwise (zeroHeight)."""
    zero = bool(ws.sheet_format.zeroHeight)
    found = set()
    for r in range(ws.max_row):
        dimension = ws.row_dimensions.get(r + 1)  # get, not []: [] would add one
        if dimension is None:
            if zero:
                found.add(r)
        elif dimension.hidden or dimension.ht == 0 or (zero and not dimension.ht):
            found.add(r)
    return found


def _hidden_columns(ws: Any) -> set[int]:
    """The 0-based columns Excel does not show: hidden (by hand or in a collapsed outline) or of
    zero width. One <col> covers a range of columns (min to max, up to the sheet's last column)."""
    found = set()
    for dimension in ws.column_dimensions.values():
        if not (dimension.hidden or dimension.width == 0):
            continue
        first = dimension.min or _column_number(dimension.index)
        last = min(max(first, dimension.max or first), ws.max_column)
        found.update(range(max(first, 1) - 1, last))
    return found


def _filtered(ws: Any, rows: list[int]) -> bool:
    """Whether an AutoFilter with criteria (the worksheet's, or a table's) spans some of the hidden
    rows: they may have been filtered out rather than hidden, and the note says so."""
    filters = [ws.auto_filter, *(table.autoFilter for table in ws.tables.values())]
    for found in filters:
        if found and found.filterColumn and (bounds := _bounds(str(found.ref))) is not None:
            if any(bounds[0] < r <= bounds[2] for r in rows):  # below its header row
                return True
    return False


def _check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError(
            f"文件有 {size / 2**20:,.1f} MB，超过导入上限 {MAX_FILE_BYTES // 2**20} MB。工资奖金表不会这么大，"
            f"可能带有图片或很多其他工作表：{_COPY}"
        )


def _check_xlsx(path: Path) -> None:
    """Refuse, from the zip's directory and a streaming read of its XML, what openpyxl should not load."""
    with path.open("rb") as file:
        head = file.read(8)
    # a compound document: Office's encryption wraps an .xlsx in one, and .xls is one
    if head == _OLE_MAGIC:
        raw = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise SheetError(
                "文件设置了打开密码（已加密），无法读取：请在 Excel 中打开它，点“文件 → 信息 → 保护工作簿 → "
                "用密码进行加密”，清空密码并保存，再导入"
            )
        raise SheetError(
            f"这是旧版 Excel 97-2003（.xls）格式的文件，只是扩展名写成了 .xlsx：{_RESAVE}"
        )
    directory = _central_directory(path)
    if directory is None:
        raise SheetError(
            f"不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）：{_RESAVE}"
        )
    entries, size = directory
    if entries > MAX_ZIP_ENTRIES or size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise SheetError(_too_many_entries(entries))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SheetError(
            f"不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）：{_RESAVE}"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise SheetError(_too_many_entries(len(infos)))
        if any(info.flag_bits & 0x1 for info in infos):
            raise SheetError(
                "文件中的内容是加密的，无法读取：请在 Excel 中打开它，取消密码后另存为 .xlsx 再导入"
            )
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            raise SheetError(
                f"文件解压后有 {unpacked / 2**20:,.0f} MB，超过导入上限 {MAX_UNPACKED_BYTES // 2**20} MB：{_COPY}"
            )
        for info in infos:
            if info.file_size > MAX_RATIO_FROM and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise SheetError(
                    f"文件中的 {info.filename} 压缩了 {info.file_size / max(info.compress_size, 1):,.0f} 倍"
                    f"（上限 {MAX_RATIO} 倍），这是恶意构造的“压缩炸弹”的特征，已拒绝读取：请确认文件的来源；"
                    f"如确是本单位的表格，{_COPY}"
                )
        try:
            names = _sheet_names(archive)
            cells = _Cells()
            for info in infos:
                _scan(archive, info, names.get(info.filename), cells)
        except DefusedXmlException:
            raise SheetError(_BOMB) from None


def _central_directory(path: Path) -> tuple[int, int] | None:
    """The number of entries and the size of the zip's central directory, from its end record,
    before zipfile reads (and keeps in memory) every entry; None when there is no end record."""
    with path.open("rb") as file:
        file.seek(0, 2)
        end = file.tell()
        # the end record is 22 bytes, then a comment of at most 64 KB
        file.seek(max(0, end - 22 - 65_535))
        tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries, size = struct.unpack("<HI", tail[at + 10 : at + 16])
    return entries, size  # zip64 (0xFFFF entries, 0xFFFFFFFF bytes) is over the limits too


def _too_many_entries(count: int) -> str:
    return (
        f"文件由 {count:,} 个部分组成，超过导入上限 {MAX_ZIP_ENTRIES:,} 个（一般是工作表或图片太多，"
        f"也可能是恶意构造的文件）：{_COPY}"
    )


def _defused(exc: BaseException | None) -> bool:
    """Whether defusedxml refused an entity somewhere in the exception's chain (openpyxl wraps it)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DefusedXmlException):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the name on its tab, for messages (best effort: {} when not found)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml.ElementTree import fromstring

    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ParseError, OSError, zipfile.BadZipFile, NotImplementedError):
        return {}

    def local(name: str) -> str:  # {namespace}sheet → sheet
        return name.rsplit("}", 1)[-1]

    targets = {}
    for rel in rels.iter():
        target = rel.get("Target", "")
        if local(rel.tag) == "Relationship" and target:
            targets[rel.get("Id")] = (
                target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            )
    names = {}
    for item in book.iter():
        rid = next((v for k, v in item.attrib.items() if local(k) == "id"), None)
        if local(item.tag) == "sheet" and rid in targets and item.get("name"):
            names[targets[rid]] = item.get("name")
    return names


class _Cells:
    """The cells the scan counted in the whole workbook (openpyxl loads every worksheet)."""

    count = 0


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str | None, cells: _Cells) -> None:
    """Read one part as XML, streaming and with entities refused, counting the cells openpyxl would
    create from it; a part that is not XML (a picture) is left alone."""
    where = f"工作表“{name}”" if name else f"文件中的 {info.filename}"
    parser = make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(_Extent(where, cells))
    try:
        with archive.open(info) as stream:
            parser.parse(stream)
    except (SAXException, OSError, zipfile.BadZipFile, NotImplementedError, EOFError):
        return  # not XML, or damaged: openpyxl refuses it or does not read it


_REF = re.compile(r"\$?([A-Za-z]{1,3})?\$?(\d+)?")
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,9})")  # the usual B12, quickly


@functools.cache  # at most 26 + 26² + 26³ keys
def _column_number(letters: str) -> int:
    return sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters.upper())))


def _bounds(ref: str | None) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column), 1-based, of B2, A1:XFD1048576, A:C or 3:5
    (whole columns and rows reach Excel's last row and column); None when not a reference."""
    corners = []
    for part in (ref or "").strip().split(":"):
        found = _REF.fullmatch(part)
        if not found or not (found.group(1) or found.group(2)):
            return None
        letters, digits = found.groups()
        row = (int(digits) if len(digits) < 10 else 10**10) if digits else None
        corners.append((row, _column_number(letters) if letters else None))
    if len(corners) > 2:
        return None
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return r1 or 1, c1 or 1, r2 or EXCEL_ROWS, c2 or EXCEL_COLUMNS


_WHAT = {
    "c": "的单元格",
    "mergeCell": "的合并单元格",
    "hyperlink": "的超链接区域",
    "dimension": "声明的使用范围",
}


class _Extent(ContentHandler):
    """SAX handler: refuses a worksheet whose cells, merged or hyperlinked ranges or declared
    dimension go past the limits, as soon as it reads one; mirrors openpyxl's rules for cells
    without a reference (the next column, in the row after the previous one)."""

    def __init__(self, where: str, cells: _Cells):
        super().__init__()
        self.where, self.cells = where, cells
        self.row = self.column = 0
        self.last_row = self.last_column = 0

    def startElementNS(self, name, qname, attrs):
        namespace, local = name
        if namespace not in _SHEET_NAMESPACES:
            return
        if local == "c":  # one per cell: kept short
            ref = attrs.get((None, "r"))
            if ref and (found := _CELL.fullmatch(ref)):
                row, column = int(found[2]), _column_number(found[1])
            elif ref:
                if (bounds := _bounds(ref)) is None:
                    return  # openpyxl refuses it
                row, column = bounds[2], bounds[3]
            else:
                row, column = self.row, self.column + 1
            self.column = column
            self.cells.count += 1
            if row > self.last_row or column > self.last_column or self.cells.count > MAX_CELLS:
                self._cover(
                    local, ref or cell_name(row - 1, column - 1), (row, column, row, column), 0
                )
        elif local == "row":
            number = attrs.get((None, "r"))
            try:
                self.row = int(float(number)) if number else self.row + 1
            except (ValueError, OverflowError):
                return
            self.column = 0
        elif local in ("mergeCell", "hyperlink", "dimension"):
            ref = attrs.get((None, "ref"))
            if (bounds := _bounds(ref)) is not None:
                r1, c1, r2, c2 = bounds
                area = (r2 - r1 + 1) * (c2 - c1 + 1) if r2 >= r1 and c2 >= c1 else 1
                self._cover(local, ref, bounds, 0 if local == "dimension" else area)

    def _cover(self, local: str, ref: str, bounds: tuple[int, int, int, int], area: int) -> None:
        """Take in a cell or range that openpyxl would create area cells for."""
        rows, columns = max(self.last_row, bounds[2]), max(self.last_column, bounds[3])
        if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
            raise SheetError(f"{self.where}{_WHAT[local]} {ref} 超出了{_LIMITS}：{_COPY}")
        if local != "dimension":  # only declared: openpyxl creates no cell for it
            self.last_row, self.last_column = rows, columns
        self.cells.count += area
        if self.cells.count > MAX_CELLS:
            raise SheetError(f"工作簿中的单元格（含合并单元格）超出了{_LIMITS}：{_COPY}")


# -- .csv ------------------------------------------------------------------------------------------

_CSV_AGAIN = "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"


def grid_of_csv(path: Path) -> tuple[list[list[object]], str]:
    """The cells of a CSV file and the encoding it was read in: "utf-8" (with or without BOM) or
    "gb18030" (GBK and GB2312 are part of it), what Excel on Chinese Windows saves as CSV."""
    _check_file_size(path)
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        raise SheetError("这是一个 Excel 文件（.xlsx），不是 CSV：请把扩展名改回 .xlsx 再导入")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise SheetError(f"文件是 UTF-16 编码（Excel 的“Unicode 文本”）：{_CSV_AGAIN}")
    if b"\0" in raw:
        raise SheetError(f"不是文本格式的 CSV 文件（含有二进制内容）：{_CSV_AGAIN}")
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8:
        try:
            text, encoding = raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = raw.count(b"\n", 0, utf8.start) + 1
            raise SheetError(
                f"第 {line} 行起的内容既不是 UTF-8 也不是 GBK 编码，无法识别：{_CSV_AGAIN}"
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    grid: list[list[object]] = []
    try:
        for row in reader:
            grid.append(list(row))
            if len(grid) > MAX_ROWS or len(row) > MAX_COLUMNS:
                raise SheetError(
                    f"第 {reader.line_num} 行超出了导入上限（{MAX_ROWS:,} 行、{MAX_COLUMNS} 列）："
                    "请只保留要导入的明细，另存后再导入"
                )
    except csv.Error:
        raise SheetError(
            f"第 {reader.line_num} 行无法按 CSV 读取（引号不配对，或单元格太长）：{_CSV_AGAIN}"
        ) from None
    return grid, encoding


def find_header(
    grid: list[list[object]], match, key: str = "name", missing: str = "包含“姓名”"
) -> tuple[str, list[str], int]:
    """The title (the first text above the header), the header's cells and the first row below it.
    The header is the first row with a column of key (match(text) == key): 姓名 in a pay sheet."""
    header_row = next(
        (i for i, row in enumerate(grid) if any(match(cell_text(c)) == key for c in row)), None
    )
    if header_row is None:
        raise SheetError(f"找不到表头：表格中应有一行{missing}")
    title = next((cell_text(c) for row in grid[:header_row] for c in row if cell_text(c)), "")
    header = [cell_text(c) for c in grid[header_row]]
    first = header_row + 1
    # A second header row under merged parents (应发 → 基本工资、奖金、合计): 姓名 spans both rows,
    # so after filling merged ranges it reads the same in both; the child names the column.
    name_col = next(i for i, text in enumerate(header) if match(text) == key)
    if first < len(grid):
        below = [cell_text(c) for c in grid[first]] + [""] * (len(header) - len(grid[first]))
        if below[name_col] in ("", header[name_col]) and any(
            b and b != h for h, b in zip(header, below, strict=False)
        ):
            header = [
                h if not b or b == h else (h + b if normalize_header(b) in ("合计", "小计") else b)
                for h, b in zip(header, below, strict=False)
            ]
            first += 1
    return title, header, first


def cell_amount(value: object, row: int, column: int) -> Decimal:
    where = cell_name(row, column)
    if value is None or cell_text(value) == "":
        raise SheetError(f"单元格 {where} 没有金额")
    if isinstance(value, float) and not math.isfinite(value):  # <v>1e999</v> reads as inf
        raise SheetError(f"单元格 {where} 的内容“{value}”不是金额")
    if isinstance(value, (int, float)):
        cents = value * 100
        if abs(cents - round(cents)) > 1e-6:
            raise SheetError(f"单元格 {where} 的金额 {value} 超过两位小数")
        return Decimal(round(cents)) / 100
    try:
        return parse_money(str(value))
    except MoneyError:
        raise SheetError(f"单元格 {where} 的内容“{value}”不是金额") from None


FOOTER = re.compile(
    r"(制表|审核|复核|填表|经办|负责人|单位负责人|主管领导|注|附注|说明|备注)[^：:]{0,6}[：:]"
)


HAN_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·・•．.*＊]+")


def person_name(text: str) -> str:
    """A name as a list should hold it: 王  伟 (spaced to line up with three-character names) → 王伟."""
    squeezed = re.sub(r"\s+", "", text)
    return squeezed if HAN_NAME.fullmatch(squeezed) else " ".join(text.split())


def unique_columns(header: list[str], row: int, match, labels: dict[str, str]) -> dict[str, int]:
    """Field → column, as match reads the header; two columns for one field are refused naming
    both (labels: field → what it is imported as), never one of them silently dropped."""
    found: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        key = match(text)
        if key is not None:
            found.setdefault(key, []).append(index)
    for key, indices in found.items():
        if len(indices) > 1:
            both = "和".join(f"“{header[i]}”（{column_letter(i)} 列）" for i in indices)
            raise SheetError(
                f"表头（第 {row + 1} 行）中{both}都会导入为“{labels[key]}”，只能保留一列：请在表格中删去多余的那一列，"
                f"或把它的列名改成别的（例如“{header[indices[-1]]}2”，改名后的列不导入）"
            )
    return {key: indices[0] for key, indices in found.items()}


class UnitNames:
    """The units of data/units.yml as clerks write them: by id, or by name (spaces ignored)."""

    def __init__(self, units: dict[str, str]):
        self.units = units  # id → name
        self.by_name: dict[str, list[str]] = {}
        for ident, name in units.items():
            self.by_name.setdefault(re.sub(r"\s+", "", name), []).append(ident)

    def ids(self, written: str) -> list[str]:
        """The ids a unit as written may mean: one, none (unknown) or several (two units of one name)."""
        written = re.sub(r"\s+", "", written)
        return [written] if written in self.units else self.by_name.get(written, [])

    def known(self) -> str:
        """兴业煤矿（mine）、矿工会（union）…: what a message offers instead."""
        return "、".join(f"{name}（{ident}）" for ident, name in self.units.items())


def read_grid(source: Path, sheet: str | None) -> tuple[list[list[object]], str]:
    """The cells of an .xlsx or .csv sheet, read within the limits, and the encoding a CSV was in;
    what Excel hides is left out and said, first: also when the import then fails."""
    encoding = "utf-8"
    try:
        if source.suffix.lower() in (".xlsx", ".xlsm"):
            grid, hidden = grid_of_xlsx(source, sheet)
            for note in hidden.notes():
                click.echo(note)
        elif source.suffix.lower() == ".csv":
            grid, encoding = grid_of_csv(source)
        else:
            fail("只能导入 .xlsx 或 .csv 文件；旧的 .xls 请在 Excel 中另存为 .xlsx")
    except SheetError as exc:
        fail(f"{source.name}：{exc}")
    return grid, encoding

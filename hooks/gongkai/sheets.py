"""Wage and bonus sheets as clerks keep them (Excel or CSV), read into allocation rows.

A sheet has a title row, a header row (possibly two rows with merged cells), rows of people and a
合计 row at the bottom; headers come in a few common spellings. The sheet's own 合计 must equal the
sum of its rows: a sheet that disagrees with itself is refused, naming the cell.

A sheet comes from a clerk's computer, a mail attachment or a download, and openpyxl builds every
cell of every worksheet in memory: before openpyxl sees an .xlsx, its zip directory and its XML
are checked against the limits below (and its XML entities refused), so that a broken or crafted
file is refused with a message instead of taking the machine's memory or minutes.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import posixpath
import re
import struct
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser
from pypinyin import lazy_pinyin

from .kinds import KINDS, Scaffold
from .kinds.proposal import ANSWER_RESULTS, EVALUATIONS, PROPOSAL_TYPES, REVIEW_RESULTS
from .money import MoneyError, format_money, parse_money

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

SPELLINGS = {
    "name": ("姓名", "职工姓名", "名字", "人员姓名"),
    "post": ("岗位", "工种", "职务", "岗位工种", "岗位/工种"),
    "shifts": ("出勤", "出勤天数", "出勤天", "天数", "工日", "出勤工日"),
    "points": ("工分", "系数", "考核分", "分配系数", "得分", "考核得分"),
    "amount": ("金额", "应发金额", "分配金额", "奖金", "奖金额", "合计金额", "安全奖", "绩效工资", "应发", "实发金额", "实发"),
    "note": ("备注", "说明"),
}
CSV_HEADER = {"name": "姓名", "post": "岗位", "shifts": "出勤", "points": "工分", "amount": "金额", "note": "备注"}
TOTAL_WORDS = ("合计", "总计")

# The words in a sheet's title (or file name) that say which kind of allocation it is. Longer words
# first: a word found masks its characters, so 安全奖金 is safety (not also 奖金), 绩效工资 is
# performance (not also 工资); two kinds left (工资奖金表) is ambiguous.
KIND_WORDS = (
    ("安全生产奖", "safety"), ("安全奖", "safety"),
    ("绩效工资", "performance"), ("绩效奖", "performance"), ("绩效", "performance"),
    ("奖金", "bonus"), ("奖励", "bonus"),
    ("工资", "wage"),
)


def kinds_named(text: str) -> dict[str, str]:
    """The allocation kinds text names, each with the word that named it: {"safety": "安全奖"}."""
    found: dict[str, str] = {}
    for word, kind in KIND_WORDS:
        if word in text:
            found.setdefault(kind, word)
            text = text.replace(word, "\0")
    return found


class SheetError(Exception):
    """The sheet cannot become an allocation; the message says where and why."""


@dataclass
class Sheet:
    """What was read: the title row's text, the rows, their total and where the sheet's 合计 was."""

    title: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field → the header as written
    rows: list[dict[str, str]] = field(default_factory=list)
    total: Decimal = Decimal("0")


def _normalize(text: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # full-width letters, digits and brackets
    return re.sub(r"[（(][^）)]*[）)]$", "", text)  # 金额（元） → 金额


def _column_letter(column: int) -> str:
    """The letters of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_name(row: int, column: int) -> str:
    return f"{_column_letter(column)}{row + 1}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- .xlsx -----------------------------------------------------------------------------------------

_LIMITS = f"导入上限（每个工作表最多 {MAX_ROWS:,} 行、{MAX_COLUMNS} 列，整个工作簿最多 {MAX_CELLS:,} 个单元格）"
_COPY = "请把要导入的明细复制到一个新的 Excel 工作簿（右键“选择性粘贴 → 数值”），另存为 .xlsx 后再导入"
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
    columns: list[int] = field(default_factory=list)  # 0-based, as _column_letter takes them
    filtered: bool = False  # an AutoFilter with criteria covers some of the rows
    worksheet: str = ""  # what was done about a hidden worksheet

    def notes(self) -> list[str]:
        """The lines an import prints: 第 5–9 行和 E 列在 Excel 中是隐藏的，没有导入。"""
        notes = [self.worksheet] if self.worksheet else []
        parts = [f"第 {_runs(self.rows, str)} 行"] if self.rows else []
        if self.columns:
            parts.append(f"{_runs(self.columns, _column_letter)} 列")
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
        said.append(f"{name(run[0])}–{name(run[-1])}" if len(run) > 2 else "、".join(map(name, run)))
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
        raise SheetError(_BOMB if _defused(exc) else f"文件无法读取，可能已损坏或不是 Excel 保存的 .xlsx：{_RESAVE}") from exc
    tables = [ws.title for ws in book.worksheets]  # not the chartsheets: they hold no cells
    if sheet is not None and sheet not in tables:
        raise SheetError(f"工作簿中没有名为“{sheet}”的工作表，现有：{'、'.join(tables) or '（没有表格，只有图表）'}")
    if not tables:
        raise SheetError("工作簿中只有图表，没有表格：请打开含有名单或金额的那张工作表另存")
    ws, hidden = _worksheet(book, sheet)
    if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS or ws.max_row * ws.max_column > MAX_CELLS:
        raise SheetError(
            f"工作表“{ws.title}”的范围是 A1:{_column_letter(ws.max_column - 1)}{ws.max_row}，"
            f"超出了{_LIMITS}：{_COPY}"
        )
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    rows, columns = _hidden_rows(ws), _hidden_columns(ws)
    # Named from the cells as written (a merged title spanning a hidden column is not that column's);
    # every row of the grid is as long as the worksheet is wide.
    hidden.rows = [r + 1 for r in sorted(rows) if any(_text(c) for c in grid[r])]
    hidden.columns = [c for c in sorted(columns) if any(_text(row[c]) for row in grid)]
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
    if head == _OLE_MAGIC:  # a compound document: Office's encryption wraps an .xlsx in one, and .xls is one
        raw = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise SheetError(
                "文件设置了打开密码（已加密），无法读取：请在 Excel 中打开它，点“文件 → 信息 → 保护工作簿 → "
                "用密码进行加密”，清空密码并保存，再导入"
            )
        raise SheetError(f"这是旧版 Excel 97-2003（.xls）格式的文件，只是扩展名写成了 .xlsx：{_RESAVE}")
    directory = _central_directory(path)
    if directory is None:
        raise SheetError(f"不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）：{_RESAVE}")
    entries, size = directory
    if entries > MAX_ZIP_ENTRIES or size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise SheetError(_too_many_entries(entries))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SheetError(f"不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）：{_RESAVE}") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise SheetError(_too_many_entries(len(infos)))
        if any(info.flag_bits & 0x1 for info in infos):
            raise SheetError("文件中的内容是加密的，无法读取：请在 Excel 中打开它，取消密码后另存为 .xlsx 再导入")
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            raise SheetError(
                f"文件解压后有 {unpacked / 2**20:,.0f} MB，超过导入上限 {MAX_UNPACKED_BYTES // 2**20} MB：{_COPY}"
            )
        for info in infos:
            if info.file_size > MAX_RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
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
        file.seek(max(0, end - 22 - 65_535))  # the end record is 22 bytes, then a comment of at most 64 KB
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
            targets[rel.get("Id")] = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
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


_WHAT = {"c": "的单元格", "mergeCell": "的合并单元格", "hyperlink": "的超链接区域", "dimension": "声明的使用范围"}


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
                self._cover(local, ref or _cell_name(row - 1, column - 1), (row, column, row, column), 0)
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
            raise SheetError(f"第 {line} 行起的内容既不是 UTF-8 也不是 GBK 编码，无法识别：{_CSV_AGAIN}") from None
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
        raise SheetError(f"第 {reader.line_num} 行无法按 CSV 读取（引号不配对，或单元格太长）：{_CSV_AGAIN}") from None
    return grid, encoding


# -- Reading the rows ------------------------------------------------------------------------------

def _match(header: str) -> str | None:
    """The field a header names: an exact spelling, or for money a header that says it is pay."""
    norm = _normalize(header)
    for key, spellings in SPELLINGS.items():
        if norm in spellings:
            return key
    if norm and any(word in norm for word in ("金额", "应发", "奖金")):
        return "amount"
    return None


def _header(grid: list[list[object]], match, key: str = "name", missing: str = "包含“姓名”") -> tuple[str, list[str], int]:
    """The title (the first text above the header), the header's cells and the first row below it.
    The header is the first row with a column of key (match(text) == key): 姓名 in a pay sheet."""
    header_row = next(
        (i for i, row in enumerate(grid) if any(match(_text(c)) == key for c in row)), None
    )
    if header_row is None:
        raise SheetError(f"找不到表头：表格中应有一行{missing}")
    title = next((_text(c) for row in grid[:header_row] for c in row if _text(c)), "")
    header = [_text(c) for c in grid[header_row]]
    first = header_row + 1
    # A second header row under merged parents (应发 → 基本工资、奖金、合计): 姓名 spans both rows,
    # so after filling merged ranges it reads the same in both; the child names the column.
    name_col = next(i for i, text in enumerate(header) if match(text) == key)
    if first < len(grid):
        below = [_text(c) for c in grid[first]] + [""] * (len(header) - len(grid[first]))
        if below[name_col] in ("", header[name_col]) and any(b and b != h for h, b in zip(header, below)):
            header = [
                h if not b or b == h else (h + b if _normalize(b) in ("合计", "小计") else b)
                for h, b in zip(header, below)
            ]
            first += 1
    return title, header, first


def read_sheet(grid: list[list[object]], amount: str | None = None) -> Sheet:
    """Find the header, read the rows up to 合计 and check the sheet's own total. amount names the
    column of the amounts (its header, or its letter) when more than one header looks like one."""
    sheet = Sheet()
    sheet.title, header, first = _header(grid, _match)
    columns = _columns(header, first - 1, amount)
    sheet.columns = {key: header[i] for key, i in columns.items()}
    amount_col = columns["amount"]
    counted = Decimal("0")
    for r in range(first, len(grid)):
        row = grid[r]
        texts = [_text(c) for c in row]
        if not any(texts):
            continue
        if any(word in t for t in texts[: amount_col] for word in TOTAL_WORDS):
            stated = _amount(row[amount_col] if amount_col < len(row) else None, r, amount_col)
            if stated != counted:
                raise SheetError(
                    f"合计行 {_cell_name(r, amount_col)} 的金额 {format_money(stated)} 元，"
                    f"与上面 {len(sheet.rows)} 行明细之和 {format_money(counted)} 元不符：请核对表格"
                )
            sheet.total = counted
            return sheet
        name = texts[columns["name"]] if columns["name"] < len(texts) else ""
        if not name:
            raise SheetError(f"第 {r + 1} 行没有姓名（单元格 {_cell_name(r, columns['name'])}）")
        amount_value = _amount(row[amount_col] if amount_col < len(row) else None, r, amount_col)
        counted += amount_value
        item = {key: texts[i] for key, i in columns.items() if i < len(texts) and texts[i] and key != "amount"}
        item["amount"] = f"{amount_value:.2f}"
        sheet.rows.append(item)
    raise SheetError("表格最后没有“合计”行：导入时要用合计行核对金额，请在明细下面加上合计行")


def _columns(header: list[str], row: int, amount: str | None) -> dict[str, int]:
    """Field → column. Two columns for one field are refused, never one of them silently dropped:
    for the amount, the clerk says which (--amount); for the others, removes or renames one."""
    found: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        key = _match(text)
        if key is not None:
            found.setdefault(key, []).append(index)
    where = f"表头（第 {row + 1} 行）"

    def named(index: int) -> str:
        return f"“{header[index]}”（{_column_letter(index)} 列）"

    if amount is not None:
        wanted = _normalize(amount)
        chosen = [i for i, text in enumerate(header) if text and _normalize(text) == wanted]
        if not chosen and re.fullmatch(r"[A-Za-z]{1,3}", amount.strip()):
            letter = amount.strip().upper()
            chosen = [i for i in range(len(header)) if _column_letter(i) == letter]
        if len(chosen) != 1:
            listed = "、".join(f"“{text}”" for text in header if text)
            raise SheetError(
                f"{where}中{'没有' if not chosen else '有不止一列叫'}“{amount}”"
                + ("" if not chosen else f"，请用列号指定，例如 --amount {_column_letter(chosen[-1])}")
                + f"。表头有：{listed}"
            )
        found = {key: [i for i in indices if i not in chosen] for key, indices in found.items()}
        found = {key: indices for key, indices in found.items() if indices} | {"amount": chosen}
        if "name" not in found:
            raise SheetError(f"{where}中的{named(chosen[0])}是姓名列，不能作为金额列：请用 --amount 指定金额所在的列")
    if "amount" not in found:
        raise SheetError(
            f"找不到金额列：{where}中应有“{'”“'.join(SPELLINGS['amount'][:4])}”等列名之一，"
            "或用 --amount 指定金额所在的列"
        )
    for key, indices in found.items():
        if len(indices) < 2:
            continue
        both = "和".join(named(i) for i in indices)
        if key == "amount":
            raise SheetError(
                f"{where}中{both}都像是金额列，不知道该导入哪一列：请用 --amount 指定，"
                f"例如 --amount {header[indices[0]]}"
            )
        raise SheetError(
            f"{where}中{both}都会导入为“{CSV_HEADER[key]}”，只能保留一列：请在表格中删去多余的那一列，"
            f"或把它的列名改成别的（例如“{header[indices[-1]]}2”）"
        )
    return {key: indices[0] for key, indices in found.items()}


def _amount(value: object, row: int, column: int) -> Decimal:
    where = _cell_name(row, column)
    if value is None or _text(value) == "":
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


def rows_csv(sheet: Sheet) -> str:
    """The rows in the contract's CSV form, Chinese header, only the columns the sheet has."""
    keys = [key for key in CSV_HEADER if key in ("name", "amount") or any(row.get(key) for row in sheet.rows)]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([CSV_HEADER[k] for k in keys])
    for row in sheet.rows:
        writer.writerow([row.get(k, "") for k in keys])
    return out.getvalue()


# -- Name lists (名单) -----------------------------------------------------------------------------
# A clerk's list of people for a disclosure: aid, sanatorium groups, bursaries, candidates and
# winners, elected delegates. Its columns are fewer and none is required but the name: no amount
# (a list of candidates), no 合计 row (a list of delegates). Units are written by name (综采一队)
# and become the ids of data/units.yml. A 序号 column is a running number, not a rank: ignored.

ROSTER_SPELLINGS = {
    "name": ("姓名", "职工姓名", "名字", "人员姓名"),
    "unit": ("单位", "所在单位", "部门", "所在部门", "区队", "车间", "工作单位"),
    "item": ("项目", "类别", "救助类别", "疗养批次", "奖项", "档次", "岗位"),
    "amount": ("金额", "救助金额", "慰问金", "慰问金额", "助学金", "奖金", "发放金额"),
    "rank": ("名次", "排名"),
    "note": ("备注", "说明"),
}
ROSTER_CSV_HEADER = {"name": "姓名", "unit": "单位", "item": "项目", "amount": "金额", "rank": "名次", "note": "备注"}

# The words in a list's title that say its category (data/categories.yml), in this order: a list
# that names help and anything else (困难职工疗养) is an aid list, masked.
CATEGORY_WORDS = (
    ("aid", ("救助", "帮扶", "困难", "助学", "慰问")),
    ("recuperation", ("疗养", "休养")),
    ("democracy", ("代表", "选举")),
    ("honors", ("十佳", "先进", "评选", "候选", "表彰", "劳模")),
)

# The lines under a list that are not people: 制表人：…, 审核：…, 注：… (a name has no colon).
_FOOTER = re.compile(r"(制表|审核|复核|填表|经办|负责人|单位负责人|主管领导|注|附注|说明|备注)[^：:]{0,6}[：:]")
_RANK = re.compile(r"第?\s*(\d{1,6})\s*名?")
_HAN_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·・•．.*＊]+")


def category_named(text: str) -> tuple[str, str] | None:
    """The category a list's title names, with the word that named it: ("aid", "救助")."""
    for category, words in CATEGORY_WORDS:
        for word in words:
            if word in text:
                return category, word
    return None


@dataclass
class Roster:
    """A name list as read: its title, its rows in the contract's keys (unit as an id, amount as
    0.00, rank as digits), the columns imported and those left out."""

    title: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field → the header as written
    ignored: list[str] = field(default_factory=list)  # “序号”（A 列）: columns not imported
    rows: list[dict[str, str]] = field(default_factory=list)
    total: Decimal | None = None  # the amounts' sum; None when no row has an amount
    checked: str | None = None  # the 合计 cell the rows were checked against


def _roster_match(header: str) -> str | None:
    norm = _normalize(header)
    for key, spellings in ROSTER_SPELLINGS.items():
        if norm in spellings:
            return key
    if "金额" in norm:
        return "amount"
    return None


def _person(text: str) -> str:
    """A name as a list should hold it: 王  伟 (spaced to line up with three-character names) → 王伟."""
    squeezed = re.sub(r"\s+", "", text)
    return squeezed if _HAN_NAME.fullmatch(squeezed) else " ".join(text.split())


def read_roster(grid: list[list[object]], units: dict[str, str]) -> Roster:
    """Find the header and read the people, up to a 合计 row (checked against the amounts when it
    states one), a signature line (制表人：…) or the end. units: id → name, from data/units.yml;
    a unit written by name or id becomes its id, an unknown one is refused with its cells."""
    roster = Roster()
    roster.title, header, first = _header(grid, _roster_match)
    columns = _roster_columns(header, first - 1)
    roster.columns = {key: header[i] for key, i in columns.items()}
    roster.ignored = [f"“{text}”（{_column_letter(i)} 列）" for i, text in enumerate(header) if text and i not in columns.values()]
    name_col, amount_col = columns["name"], columns.get("amount")
    limit = max(name_col + 1, amount_col or 0)  # where a 合计 row says 合计
    names = UnitNames(units)
    unknown: dict[str, list[str]] = {}  # unit as written → its cells
    ranks: dict[int, str] = {}
    counted, amounts = Decimal("0"), False
    for r in range(first, len(grid)):
        row = grid[r]
        texts = [_text(c) for c in row]
        if not any(texts):
            continue
        if any(word in t for t in texts[:limit] for word in TOTAL_WORDS):
            value = row[amount_col] if amount_col is not None and amount_col < len(row) else None
            if amount_col is not None and _text(value):
                stated = _amount(value, r, amount_col)
                if stated != counted:
                    raise SheetError(
                        f"合计行 {_cell_name(r, amount_col)} 的金额 {format_money(stated)} 元，"
                        f"与上面 {len(roster.rows)} 人的金额之和 {format_money(counted)} 元不符：请核对表格"
                    )
                roster.checked = _cell_name(r, amount_col)
            break
        if _FOOTER.match(next(t for t in texts if t)):
            break
        cells = {key: texts[i] if i < len(texts) else "" for key, i in columns.items()}
        if not any(cells.values()):
            continue  # a numbered row left blank (only its 序号)
        name = _person(cells["name"])
        if not name:
            raise SheetError(f"第 {r + 1} 行没有姓名（单元格 {_cell_name(r, name_col)}）")
        item = {"name": name}
        if cells.get("unit"):
            written = re.sub(r"\s+", "", cells["unit"])
            ids = names.ids(written)
            if len(ids) == 1:
                item["unit"] = ids[0]
            elif ids:
                raise SheetError(
                    f"单元格 {_cell_name(r, columns['unit'])} 的单位“{written}”在 data/units.yml 中有 {len(ids)} 个"
                    f"（{'、'.join(ids)}）：请在表格中改写成其中一个的 id"
                )
            else:
                unknown.setdefault(cells["unit"], []).append(_cell_name(r, columns["unit"]))
        if cells.get("item"):
            item["item"] = cells["item"]
        if amount_col is not None and amount_col < len(row) and _text(row[amount_col]):
            amount = _amount(row[amount_col], r, amount_col)
            if amount < 0:
                raise SheetError(f"单元格 {_cell_name(r, amount_col)} 的金额 {format_money(amount)} 是负数：名单的金额不能为负")
            counted += amount
            amounts = True
            item["amount"] = f"{amount:.2f}"
        if cells.get("rank"):
            item["rank"] = str(_rank(row[columns["rank"]], r, columns["rank"], ranks))
        if cells.get("note"):
            item["note"] = cells["note"]
        roster.rows.append(item)
    if unknown:
        listed = "，".join(f"单元格 {'、'.join(where)} 的单位“{text}”" for text, where in unknown.items())
        raise SheetError(
            f"{listed}不在 data/units.yml 中。请在表格中改成 data/units.yml 中的单位名称或 id，"
            f"或先在 data/units.yml 中添加。已有的单位：{names.known()}"
        )
    if not roster.rows:
        raise SheetError(f"表头（第 {first} 行）下面没有名单：表格中应有姓名")
    roster.total = counted if amounts else None
    return roster


def _roster_columns(header: list[str], row: int) -> dict[str, int]:
    """Field → column; two columns for one field are refused, never one of them silently dropped."""
    return _unique_columns(header, row, _roster_match, ROSTER_CSV_HEADER)


def _unique_columns(header: list[str], row: int, match, labels: dict[str, str]) -> dict[str, int]:
    """Field → column, as match reads the header; two columns for one field are refused naming
    both (labels: field → what it is imported as), never one of them silently dropped."""
    found: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        key = match(text)
        if key is not None:
            found.setdefault(key, []).append(index)
    for key, indices in found.items():
        if len(indices) > 1:
            both = "和".join(f"“{header[i]}”（{_column_letter(i)} 列）" for i in indices)
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


def _rank(value: object, row: int, column: int, ranks: dict[int, str]) -> int:
    """A rank: 1, 1.0, “第1名”; unique in the list (ranks: rank → the cell that gave it)."""
    where = _cell_name(row, column)
    text = _text(value)
    found = _RANK.fullmatch(text)
    if isinstance(value, bool) or not found or int(found.group(1)) < 1:
        raise SheetError(
            f"单元格 {where} 的名次“{text}”不是 1、2、3 这样的数字：名次列只写名次；"
            "如果写的是奖项或等级（如“一等奖”），请把这一列的列名改成“奖项”"
        )
    rank = int(found.group(1))
    if rank in ranks:
        raise SheetError(f"单元格 {where} 的名次 {rank} 与单元格 {ranks[rank]} 重复：同一名单中名次不能重复")
    ranks[rank] = where
    return rank


def roster_csv(rows: list[dict[str, str]]) -> str:
    """A list's rows in the contract's CSV form: 姓名 and the columns some row fills."""
    keys = [key for key in ROSTER_CSV_HEADER if key == "name" or any(row.get(key) for row in rows)]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([ROSTER_CSV_HEADER[k] for k in keys])
    for row in rows:
        writer.writerow([row.get(k, "") for k in keys])
    return out.getvalue()


# -- Proposal registers (提案登记表) ---------------------------------------------------------------
# A clerk's register of the congress's proposals (提案登记表) or of rationalisation suggestions
# (合理化建议登记表): one row a proposal, from its 案由 to the proposer's evaluation of the answer.
# Rows stand alone: a row that cannot become a record is reported with its cells, and the others
# are still imported. What a cell says in words (立案, 已解决, 基本满意) becomes the contract's key.

PROPOSAL_SPELLINGS = {
    "number": ("提案编号", "编号", "提案号", "建议编号", "案号"),
    "serial": ("序号",),  # the number when the register has no 编号 column
    "title": ("案由", "提案题目", "题目", "标题", "建议名称", "项目名称", "提案名称", "建议题目"),
    "proposers": ("提案人", "领衔人", "提出人", "建议人", "领衔提案人", "第一提案人"),
    "seconders": ("附议人", "联名人", "联名提案人", "附议代表"),
    "unit": ("提案单位", "代表团", "所在单位", "单位", "代表组", "提案人单位", "建议人单位"),
    "date": ("提出日期", "提案日期", "日期", "提交日期", "建议日期"),
    "type": ("类型", "类别", "提案类型", "提案类别"),
    "session": ("届次", "会议", "届别"),
    "body": ("内容", "提案内容", "案由及建议", "建议内容", "理由及建议", "具体建议", "主要内容", "提案理由及建议"),
    "review_result": ("审查结果", "立案情况", "审查情况", "是否立案"),
    "review_note": ("审查意见", "处理意见"),
    "review_date": ("审查日期", "立案日期"),
    "merged_into": ("并入提案", "并入", "并案至", "并入编号"),
    "handlers": ("承办单位", "主办单位", "承办部门", "主办部门", "责任单位"),
    "cohandlers": ("协办单位", "协办部门", "配合单位"),
    "due": ("办理时限", "完成时限", "答复时限", "办理期限"),
    "answer_date": ("答复日期", "办复日期"),
    "answer_text": ("答复意见", "答复内容", "办理结果", "落实情况"),
    "answer_result": ("答复类别", "办理情况", "答复结果", "解决情况"),
    "evaluation": ("提案人意见", "满意度", "评价", "提案人评价", "反馈意见"),
    "evaluation_date": ("评价日期", "反馈日期"),
    "award": ("奖励", "奖项", "获奖等级", "奖励等级"),
    "award_amount": ("奖金", "奖励金额"),
    "award_by": ("授奖单位", "奖励单位"),
    "award_date": ("奖励日期", "获奖日期"),
    "benefit": ("效益", "经济效益", "效益情况"),
}
PROPOSAL_LABELS = {key: spellings[0] for key, spellings in PROPOSAL_SPELLINGS.items()} | {
    "title": "案由", "proposers": "提案人", "date": "提出日期", "handlers": "承办单位", "answer_text": "答复意见",
    "evaluation": "提案人意见",
}
# The columns each field of the record comes from: a problem with a field names their cells.
PROPOSAL_FIELDS = {
    "title": ("title",), "unit": ("unit",), "date": ("date",), "type": ("type",), "session": ("session",),
    "number": ("number", "serial"), "proposers": ("proposers", "seconders"), "body": ("body",),
    "review": ("review_result", "review_note", "review_date", "merged_into"), "handlers": ("handlers", "cohandlers"),
    "due": ("due",), "answer": ("answer_date", "answer_result", "answer_text"),
    "evaluation": ("evaluation", "evaluation_date"), "award": ("award", "award_amount", "award_by", "award_date"),
    "benefit": ("benefit",),
}

# What clerks write in a cell, in the order tried: the first word the cell contains decides, so a
# longer or negated phrase comes before the word inside it (不予立案 before 立案, 未解决 before
# 解决). None: words that say no choice (未解决 is neither solved nor a reason given).
TYPE_WORDS = (("合理化建议", "suggestion"), ("职代会提案", "proposal"), ("提案", "proposal"), ("建议", "suggestion"))
REVIEW_WORDS = (  # 不予立案，转为意见建议 is referred: not a proposal, yet not dropped
    ("转为意见建议", "referred"), ("转意见", "referred"), ("转建议", "referred"), ("转为建议", "referred"),
    ("作为意见建议", "referred"), ("意见建议", "referred"),
    ("不予立案", "declined"), ("不立案", "declined"), ("未立案", "declined"), ("未予立案", "declined"),
    ("并案", "merged"), ("并入", "merged"),
    ("立案", "accepted"),
)
ANSWER_WORDS = (
    ("未解决", None), ("没有解决", None), ("未落实", None),
    ("因条件限制", "explained"), ("暂缓", "explained"), ("暂不", "explained"), ("无法解决", "explained"),
    ("不能解决", "explained"), ("解释", "explained"),
    ("列入计划", "planned"), ("纳入计划", "planned"), ("列入", "planned"), ("纳入", "planned"),
    ("正在解决", "planned"), ("逐步解决", "planned"),
    ("已解决", "solved"), ("解决", "solved"), ("已落实", "solved"), ("落实", "solved"), ("办结", "solved"),
)
EVALUATION_WORDS = (("不满意", "unsatisfied"), ("基本满意", "basically"), ("满意", "satisfied"))
DELEGATION_SUFFIXES = ("代表团", "代表组")  # 综采一队代表团 is 综采一队's delegation

_SESSION_WORDS = re.compile(r"第|职工代表大会|职代会|代表大会|大会|会议")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?")
_WORKING_DAYS = re.compile(r"(\d{1,3})\s*个?\s*工作日(内|以内)?")
_MERGED_INTO = re.compile(r"并入(?:第)?\s*([0-9A-Za-z-]+)\s*号")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900-02-29 accounted for)
EXCEL_SERIALS = (18264, 73051)  # 1950-01-01 to 2099-12-31 as serials: other numbers are not dates


@dataclass
class ProposalDefaults:
    """What the command line gives for cells a register leaves empty (or columns it has not)."""

    type: str | None = None  # --type
    session: str | None = None  # --session, as an id
    unit: str | None = None  # --unit
    day: date | None = None  # --date: 提出日期
    due: Any = None  # --due: a date or {"working_days": N}


@dataclass
class ProposalRow:
    """A row that reads as a record: its fields in the contract's keys (dates as dates, units as ids)."""

    row: int  # as Excel numbers it
    data: dict[str, Any]
    cells: dict[str, str]  # field → its cells, “审查结果”（H7）、“审查日期”（I7）
    merged_ref: str | None = None  # 并入 which proposal: its number in the session, or an id
    filled: list[str] = field(default_factory=list)  # what was filled in from elsewhere, for the summary

    @property
    def body_missing(self) -> bool:
        """No 内容: written with the template's placeholder, and so as a draft."""
        return "body" not in self.data


@dataclass
class Register:
    """A proposal register as read: the rows that read as records and the problems of the others."""

    title: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field → the header as written
    ignored: list[str] = field(default_factory=list)  # “备注”（P 列）: columns not imported
    rows: list[ProposalRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row as Excel numbers it, message)
    refused: list[ProposalRow] = field(default_factory=list)  # the rows with problems, as far as they read
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)  # type / session → (default, where it came from)


def _proposal_match(header: str) -> str | None:
    norm = _normalize(header)
    for key, spellings in PROPOSAL_SPELLINGS.items():
        if norm in spellings:
            return key
    return None


def _word(text: str, words: tuple[tuple[str, str | None], ...], labels: dict[str, str]) -> tuple[bool, str | None]:
    """(found, key) for a cell's words: a key or label itself (accepted, 立案), else the first word
    of words the cell contains; (False, None) when none is there."""
    norm = _normalize(text)
    for key, label in labels.items():
        if norm in (key, _normalize(label)):
            return True, key
    for word, key in words:
        if word in norm:
            return True, key
    return False, None


def _type_named(text: str) -> str | None:
    """The type a register's title names: 合理化建议 (or 建议) or 提案; None when it names both or neither."""
    norm = _normalize(text)
    named = {kind for word, kind in TYPE_WORDS if word in norm}
    return named.pop() if len(named) == 1 else None


def proposal_type(text: str) -> str | None:
    """proposal or suggestion, from its key or what a clerk writes (提案, 职代会提案, 合理化建议, 建议)."""
    found, key = _word(text, TYPE_WORDS, PROPOSAL_TYPES)
    return key if found else None


def session_key(text: str) -> str:
    """A session's name as compared: 第十一届一次职工代表大会, 十一届一次职代会 → 十一届一次."""
    return _SESSION_WORDS.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def resolve_session(written: str, sessions: dict[str, tuple[str, date]]) -> str | None:
    """The id of a session written as its id (11-1) or its name (十一届一次职代会), or None."""
    written = written.strip()
    if written in sessions:
        return written
    key = session_key(written)
    found = [ident for ident, (name, _) in sessions.items() if key and session_key(name) == key]
    return found[0] if len(found) == 1 else None


def session_in(text: str, sessions: dict[str, tuple[str, date]]) -> str | None:
    """The session a title names (兴业煤矿十一届一次职代会提案登记表 → 11-1): the longest name found."""
    norm = session_key(text)
    found = sorted(((len(session_key(name)), ident) for ident, (name, _) in sessions.items()
                    if session_key(name) and session_key(name) in norm), reverse=True)
    return found[0][1] if found else None


def sheet_date(value: object, where: str) -> date | None:
    """A date as clerks' sheets hold it: a date cell, an Excel serial (46087), 2026-03-06, 2026/3/6,
    2026.3.6, 2026年3月6日 or 20260306; None when empty. where names the cell for the message."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", _text(value))
    if re.fullmatch(r"\d{5}(\.\d+)?", text) and EXCEL_SERIALS[0] <= float(text) <= EXCEL_SERIALS[1]:
        return EXCEL_EPOCH + timedelta(days=int(float(text)))  # a serial: a cell without a date format, or its CSV
    found = _DATE.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if found:
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            raise SheetError(f"{where}的日期“{text}”不存在：请检查月份和日子") from None
    raise SheetError(f"{where}的日期“{text}”看不懂：请写成 2026-03-06、2026/3/6 或 2026年3月6日")


def parse_due(value: object, where: str) -> date | dict | None:
    """办理时限: a date, or 20个工作日 → {"working_days": 20}; None when empty."""
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    if found := _WORKING_DAYS.fullmatch(re.sub(r"\s+", "", text)):
        return {"working_days": int(found.group(1))}
    try:
        return sheet_date(value, where)
    except SheetError:
        raise SheetError(f"{where}的办理时限“{text}”看不懂：请写日期（如 2026-06-30），或“20个工作日”这样的工作日数") from None


def _one_line(text: str) -> str:
    """A cell as one line: a line break between Chinese characters joins them, others become a space."""
    out = ""
    for part in (p.strip() for p in text.splitlines()):
        if part:
            out += ("" if not out or (_CJK.match(out[-1]) and _CJK.match(part[0])) else " ") + part
    return out


def _paragraphs(text: str) -> str:
    """A cell as Markdown: each line a paragraph (Alt+Enter in a cell starts a new one), the
    indent a clerk types before a paragraph (two full-width spaces) left out."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _people(text: str) -> list[str]:
    """Names in a cell: 王立新、赵红梅，李强 / 王立新 赵红梅 / 王立新;赵红梅 / 王立新（领衔）等3人;
    a two-character name spaced to line up (王  伟) stays one name."""
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    names: list[str] = []
    for part in re.split(r"[、,，;；/／\n]+", text):
        part = re.sub(r"等\s*(\d+\s*[人名位])?$", "", part.strip()) if len(part.strip()) > 3 else part.strip()
        tokens = part.split()
        merged: list[str] = []
        for token in tokens:  # single characters belong together: 王 伟 → 王伟
            if merged and len(token) == 1 and len(merged[-1]) == 1:
                merged[-1] += token
            else:
                merged.append(token)
        names += [_person(name) for name in merged if name]
    return list(dict.fromkeys(names))


def read_proposals(grid: list[list[object]], units: dict[str, str], sessions: dict[str, tuple[str, date]],
                   defaults: ProposalDefaults, name: str = "") -> Register:
    """Find the header and read every proposal below it, up to a signature line (制表人：…) or a
    合计/共计 line. units: id → name (data/units.yml); sessions: id → (name, date) (data/sessions.yml);
    name: the file's name, where a type or a session may be read when the title says none.
    A problem of the file (no 案由 column, no number) raises SheetError; a problem of a row is
    reported on it, with its cells, and the row is left out."""
    register = Register()
    register.title, header, first = _header(
        grid, _proposal_match, "title", "包含“案由”（或“提案题目”“题目”“标题”“建议名称”）"
    )
    columns = _unique_columns(header, first - 1, _proposal_match, PROPOSAL_LABELS)
    if "number" in columns:  # 序号 is then a running number
        columns.pop("serial", None)
    register.columns = {key: header[i] for key, i in columns.items()}
    register.ignored = [f"“{text}”（{_column_letter(i)} 列）" for i, text in enumerate(header) if text and i not in columns.values()]
    where = f"表头（第 {first} 行）"
    if "number" not in columns and "serial" not in columns:
        raise SheetError(
            f"{where}中没有编号列：请加一列“编号”（或“提案编号”“序号”），同一届次中不重复。"
            "导入时用编号生成文件名（如 11-1-05），再次导入同一张表时也靠它认出已导入的提案"
        )
    if "proposers" not in columns:
        raise SheetError(f"{where}中没有提案人列：请加一列“提案人”（或“领衔人”“提出人”“建议人”），几个人用顿号“、”隔开，第一位是领衔人")
    if "unit" not in columns and defaults.unit is None:
        raise SheetError(f"{where}中没有提案单位列（“提案单位”“代表团”“单位”）：请用 --unit 指定提案单位，如 --unit union")
    kind, session = _register_defaults(register, columns, sessions, defaults, name)
    reader = _ProposalReader(header, columns, UnitNames(units), sessions,
                             ProposalDefaults(kind, session, defaults.unit, defaults.day, defaults.due))
    for r in range(first, len(grid)):
        row = grid[r]
        filled = [t for t in (_text(c) for c in row) if t]
        if not filled:
            continue
        if _FOOTER.match(filled[0]) or filled[0].startswith((*TOTAL_WORDS, "共计")):
            break
        cells = _Row(r, row, columns, header)
        if not any(cells.text(key) for key in columns if key not in ("number", "serial")):
            continue  # a numbered row left blank (only its 序号)
        item = reader.read(cells)
        if cells.problems:
            register.problems += [(item.row, message) for message in cells.problems]
            register.refused.append(item)
        else:
            register.rows.append(item)
    if not register.rows and not register.problems:
        raise SheetError(f"{where}下面没有提案：每一行应有编号、案由和提案人")
    return register


def _register_defaults(register: Register, columns: dict[str, int], sessions: dict[str, tuple[str, date]],
                       defaults: ProposalDefaults, name: str) -> tuple[str | None, str | None]:
    """The type and the session of rows whose cells do not say: --type and --session, else what the
    register's title (or the file's name) names; a proposal needs a session from somewhere."""
    session, origin = defaults.session, "由 --session 指定"
    if session is None:
        for label, text in (("表格标题", register.title), ("文件名", name)):
            if text and (session := session_in(text, sessions)):
                origin = f"取自{label}“{text}”"
                break
    if session is not None:
        register.origins["session"] = (session, origin)
    kind, origin = defaults.type, "由 --type 指定"
    if kind is None:
        for label, text in (("表格标题", register.title), ("文件名", name)):
            if text and (kind := _type_named(text)):
                origin = f"取自{label}“{text}”"
                break
    if kind is None and (session is not None or "session" in columns):
        kind, origin = "proposal", "表格有届次"
    if kind is not None:
        register.origins["type"] = (kind, origin)
    elif "type" not in columns:
        raise SheetError(
            "看不出是职代会提案还是合理化建议：表格标题和文件名中没有“提案”或“合理化建议”，表格中也没有“届次”或“类型”列。"
            "请用 --type proposal（职代会提案）或 --type suggestion（合理化建议）指定"
        )
    if kind == "proposal" and session is None and "session" not in columns:
        known = "、".join(f"{ident}（{n}）" for ident, (n, _) in sessions.items())
        raise SheetError(
            "职代会提案要写届次，但表格中没有“届次”列，标题和文件名中也看不出是哪一次职代会："
            + (f"请用 --session 指定，可用的有：{known}" if sessions
               else "还没有 data/sessions.yml，请先在其中写上这次职代会（见编辑指南·字段说明），再用 --session 指定")
        )
    return kind, session


class _Row:
    """One row of a register: its cells by field, named as a message names them (“答复日期”（K7）),
    and the problems found in them."""

    def __init__(self, r: int, row: list[object], columns: dict[str, int], header: list[str]):
        self.r, self.row, self.columns, self.header = r, row, columns, header
        self.problems: list[str] = []

    def value(self, key: str) -> object:
        """The cell's value as the sheet holds it (None when the register has no such column)."""
        index = self.columns.get(key)
        return self.row[index] if index is not None and index < len(self.row) else None

    def text(self, key: str) -> str:
        """The cell as text, its line breaks kept."""
        return _text(self.value(key)).replace("\r\n", "\n").replace("\r", "\n").strip()

    def at(self, key: str) -> str:
        """“答复日期”（K7）."""
        return f"“{self.header[self.columns[key]]}”（{_cell_name(self.r, self.columns[key])}）" if key in self.columns else ""

    def cells(self, keys: tuple[str, ...]) -> str:
        """The cells of some fields, left to right: “答复日期”（M5）、“答复意见”（N5）."""
        return "、".join(self.at(key) for key in sorted((k for k in keys if k in self.columns), key=self.columns.get))

    def day(self, key: str) -> date | None:
        """A date cell; None when empty, or when it does not read (a problem then)."""
        try:
            return sheet_date(self.value(key), self.at(key))
        except SheetError as exc:
            self.problems.append(str(exc))
            return None

    def units(self, key: str, names: UnitNames) -> list[str]:
        """The units a cell names, by name or id, several separated by 、，; or spaces."""
        ids = []
        for written in re.split(r"[、,，;；/／\s]+", self.text(key)):
            found = names.ids(written) if written else []
            if len(found) == 1:
                ids.append(found[0])
            elif written:
                self.problems.append(_unit_problem(self.at(key), written, found, names))
        return ids


class _ProposalReader:
    """Reads the rows of one register into records: the register's columns, the units and sessions
    that cells name, and what the rows that say nothing get (defaults: type and session resolved)."""

    def __init__(self, header: list[str], columns: dict[str, int], names: UnitNames,
                 sessions: dict[str, tuple[str, date]], defaults: ProposalDefaults):
        self.header, self.columns, self.names, self.sessions, self.defaults = header, columns, names, sessions, defaults

    def read(self, cells: _Row) -> ProposalRow:
        """The row as a record, as far as it reads; what does not is in cells.problems."""
        item = ProposalRow(cells.r + 1, {}, {key: cells.cells(keys) for key, keys in PROPOSAL_FIELDS.items()})
        self._fields(cells, item)
        self._review(cells, item)
        self._handling(cells, item)
        self._answer(cells, item)
        self._evaluation_and_award(cells, item)
        return item

    def _fields(self, cells: _Row, item: ProposalRow) -> None:
        """Title, number, type, session, unit, date, proposers and body."""
        data, problems, defaults = item.data, cells.problems, self.defaults
        if title := _one_line(cells.text("title")):
            data["title"] = title
        else:
            problems.append(f"没有案由（{cells.at('title')}为空）：每件提案都要有案由（标题）")
        number_key = "number" if "number" in self.columns else "serial"
        number = re.sub(r"^第\s*|\s*号$", "", _one_line(cells.text(number_key)))
        if not number:
            problems.append(f"没有编号（{cells.at(number_key)}为空）：同一届次中每件提案的编号不同，导入时用它生成文件名")
        kind = defaults.type
        if written := cells.text("type"):
            if (kind := proposal_type(written)) is None:
                problems.append(f"{cells.at('type')}的类型“{written}”看不懂：请写“提案”（职代会提案）或“合理化建议”")
        elif kind is None:
            problems.append(f"{cells.at('type')}为空，看不出是职代会提案还是合理化建议：请填写“提案”或“合理化建议”，或用 --type 指定")
        if kind:
            data["type"] = kind
        session = defaults.session if kind == "proposal" else None
        if written := cells.text("session"):
            session = resolve_session(written, self.sessions)
            if session is None:
                known = "、".join(f"{ident}（{n}）" for ident, (n, _) in self.sessions.items())
                problems.append(
                    f"{cells.at('session')}的届次“{written}”不在 data/sessions.yml 中：请写成其中一次职代会的 id 或名称"
                    + (f"，可用的有：{known}" if known else "；还没有 data/sessions.yml，请先在其中写上这次职代会")
                )
        if session is not None:
            data["session"] = session
        if number:
            data["number"] = number
        if written := cells.text("unit"):
            ids = self.names.ids(written)
            for suffix in DELEGATION_SUFFIXES:  # 综采一队代表团 → 综采一队
                ids = ids or (self.names.ids(written[: -len(suffix)]) if written.endswith(suffix) else [])
            if len(ids) == 1:
                data["unit"] = ids[0]
            else:
                problems.append(_unit_problem(cells.at("unit"), written, ids, self.names))
        elif defaults.unit is not None:
            data["unit"] = defaults.unit
        else:
            problems.append(f"没有提案单位（{cells.at('unit')}为空）：请填写单位名称（如 综采一队），或用 --unit 指定")
        if cells.text("date"):
            if (day := cells.day("date")) is not None:
                data["date"] = day
        elif defaults.day is not None:
            data["date"] = defaults.day
        elif session in self.sessions:  # a proposal is made to its congress: its day, said in the summary
            data["date"] = self.sessions[session][1]
            item.filled.append("date")
        else:
            blank = f"{cells.at('date')}为空" if "date" in self.columns else "表格中没有提出日期列"
            problems.append(f"没有提出日期（{blank}）：请填写提出日期，或用 --date 指定")
        if proposers := list(dict.fromkeys(_people(cells.text("proposers")) + _people(cells.text("seconders")))):
            data["proposers"] = proposers
        else:
            problems.append(f"没有提案人（{cells.at('proposers')}为空）：请填写提案人，几个人用顿号“、”隔开，第一位是领衔人")
        if body := _paragraphs(cells.text("body")):
            data["body"] = body

    def _review(self, cells: _Row, item: ProposalRow) -> None:
        """审查: the result in words (审查结果, else 审查意见: many registers keep one column for both),
        the words beyond the result as its note, its date (the session's day when empty and the
        proposal was made by then: the committee reviews during the congress) and, for 并案, which
        proposal it went into."""
        result_key = next((key for key in ("review_result", "review_note") if cells.text(key)), None)
        written = cells.text(result_key) if result_key else ""
        review: dict[str, Any] = {}
        if written:
            found, review["result"] = _word(written, REVIEW_WORDS, REVIEW_RESULTS)
            if not found:
                cells.problems.append(
                    f"{cells.at(result_key)}的审查结果“{_one_line(written)}”看不懂：请写“立案”“并案”“转为意见建议”或“不予立案”"
                )
        bare = {*REVIEW_RESULTS, *(_normalize(label) for label in REVIEW_RESULTS.values()), *(word for word, _ in REVIEW_WORDS)}
        notes = (_one_line(cells.text(key)) for key in ("review_note", "review_result"))
        if note := next((note for note in notes if note and _normalize(note) not in bare), ""):
            review["note"] = note
        session, made = item.data.get("session"), item.data.get("date")
        if cells.text("review_date"):
            if (day := cells.day("review_date")) is not None:
                review["date"] = day
        elif written and session in self.sessions and made is not None and made <= self.sessions[session][1]:
            review["date"] = self.sessions[session][1]
            item.filled.append("review.date")
        if review.get("result") == "merged":
            ref = _one_line(cells.text("merged_into")) or next(
                (found.group(1) for key in ("review_result", "review_note")
                 if (found := _MERGED_INTO.search(unicodedata.normalize("NFKC", cells.text(key))))), None
            )
            if ref:
                item.merged_ref = re.sub(r"^第\s*|\s*号$", "", ref)
            else:
                cells.problems.append(
                    f"{cells.at(result_key)}是并案，但没写并入哪一件提案：请在审查意见中写“并入第 N 号”，或加一列“并入提案”填写它的编号"
                )
        if review:
            item.data["review"] = review

    def _handling(self, cells: _Row, item: ProposalRow) -> None:
        """Handlers (主办 first, then 协办) and the deadline; an accepted proposal needs both (the
        schema's rule, said here in the register's words, with the column to fill)."""
        data = item.data
        if handlers := list(dict.fromkeys(cells.units("handlers", self.names) + cells.units("cohandlers", self.names))):
            data["handlers"] = handlers
        due = None
        if cells.text("due"):
            try:
                due = parse_due(cells.value("due"), cells.at("due"))
            except SheetError as exc:
                cells.problems.append(str(exc))
        elif data.get("review", {}).get("result") == "accepted":
            due = self.defaults.due
        if due is not None:
            data["due"] = due
        if data.get("review", {}).get("result") != "accepted":
            return
        if not cells.text("handlers") and not cells.text("cohandlers"):
            where = f"在{cells.at('handlers')}" if "handlers" in self.columns else "加一列“承办单位”，"
            cells.problems.append(f"审查结果是立案，但没有承办单位：请{where}填写主办单位（几个单位用顿号隔开，第一个是主办单位）")
        if not cells.text("due") and due is None:
            where = f"在{cells.at('due')}" if "due" in self.columns else "加一列“办理时限”，"
            cells.problems.append(f"审查结果是立案，但没有办理时限：请{where}填写日期或“20个工作日”，或用 --due 指定（如 --due 20个工作日）")

    def _answer(self, cells: _Row, item: ProposalRow) -> None:
        """答复: its date, its result in words (答复类别, else the first words of the answer's text:
        已解决。…), its text as Markdown."""
        answer: dict[str, Any] = {}
        if (day := cells.day("answer_date")) is not None:
            answer["date"] = day
        written, reply = cells.text("answer_result"), cells.text("answer_text")
        if written:
            answer["result"] = _word(written, ANSWER_WORDS, ANSWER_RESULTS)[1]
            if answer["result"] is None:
                cells.problems.append(f"{cells.at('answer_result')}的答复类别“{written}”看不懂：请写“已解决”“列入计划”或“因条件限制暂缓解决”")
        elif reply:
            answer["result"] = next((key for word, key in ANSWER_WORDS if _normalize(reply).startswith(word)), None)
            if answer["result"] is None:
                cells.problems.append(
                    f"{cells.at('answer_text')}有答复内容，但看不出答复类别：请加一列“答复类别”，填写“已解决”“列入计划”或“因条件限制暂缓解决”"
                )
        if reply:
            answer["text"] = _paragraphs(reply)
        if answer:
            item.data["answer"] = answer

    def _evaluation_and_award(self, cells: _Row, item: ProposalRow) -> None:
        """提案人评价 in words with its date; 奖励 (等级, 奖金, 授奖单位, 日期) and 效益."""
        evaluation: dict[str, Any] = {}
        if (day := cells.day("evaluation_date")) is not None:
            evaluation["date"] = day
        if written := cells.text("evaluation"):
            found, evaluation["result"] = _word(written, EVALUATION_WORDS, EVALUATIONS)
            if not found:
                cells.problems.append(f"{cells.at('evaluation')}的评价“{written}”看不懂：请写“满意”“基本满意”或“不满意”")
        if evaluation:
            item.data["evaluation"] = evaluation
        award: dict[str, Any] = {}
        if level := _one_line(cells.text("award")):
            award["level"] = level
        if cells.text("award_amount"):
            try:
                award["amount"] = _amount(cells.value("award_amount"), cells.r, self.columns["award_amount"])
            except SheetError as exc:
                cells.problems.append(str(exc))
        if by := _one_line(cells.text("award_by")):
            award["by"] = by
        if (day := cells.day("award_date")) is not None:
            award["date"] = day
        if award:
            item.data["award"] = award
        if benefit := _one_line(cells.text("benefit")):
            item.data["benefit"] = benefit


def _unit_problem(where: str, written: str, ids: list[str], names: UnitNames) -> str:
    if ids:
        return f"{where}的单位“{written}”在 data/units.yml 中有 {len(ids)} 个（{'、'.join(ids)}）：请在表格中改写成其中一个的 id"
    return (
        f"{where}的单位“{written}”不在 data/units.yml 中：请在表格中改成 data/units.yml 中的单位名称或 id，"
        f"或先在 data/units.yml 中添加。已有的单位：{names.known()}"
    )


def proposal_id(data: dict[str, Any]) -> str | None:
    """The record's id (its file name): 届次-编号 for a proposal (11-1-05), 年-jianyi-编号 for a
    suggestion (2026-jianyi-12); a number of digits has at least two, so 5 and 05 are one id.
    None when the number has nothing an id can be made of."""
    session = data.get("session")
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(unicodedata.normalize("NFKC", data["number"]))).lower()).strip("-")
    if session and slug.startswith(session + "-"):  # 11-1-05 written whole
        slug = slug[len(session) + 1 :]
    if re.fullmatch(r"\d+", slug):
        slug = slug.lstrip("0").zfill(2)
    if not slug:
        return None
    base = f"{session}-{slug}" if data.get("type") == "proposal" and session else f"{data['date'].year}-jianyi-{slug}"
    return base[:64].rstrip("-")


def same_number(a: str, b: str) -> bool:
    """Whether two numbers are one: 5, 05 and 第5号 are."""
    def plain(text: str) -> str:
        text = re.sub(r"^第\s*|\s*号$", "", unicodedata.normalize("NFKC", text).strip())
        return (text.lstrip("0") or "0") if text.isdigit() else text
    return plain(a) == plain(b)


def render_proposal(item: ProposalRow, *, sheet: str, units: dict[str, str], sessions: dict[str, tuple[str, date]],
                    draft: bool) -> str:
    """The record's YAML, formatted as `gongkai new` writes a proposal: the common head, one field a
    line with its meaning in a Chinese comment, the text blocks as Markdown."""
    data = item.data
    kind = KINDS["proposals"]
    head = kind.head(kind.label, Scaffold(data["title"], data["unit"], data["date"]))
    if not draft:
        head = "".join(line for line in head.splitlines(keepends=True) if not line.startswith("draft:"))
    out = [head, f"# 由 {_comment(sheet)} 第 {item.row} 行导入\n"]
    out.append(f"type: {data['type']}   # 类型：{PROPOSAL_TYPES[data['type']]}；proposal（职代会提案）、suggestion（合理化建议）\n")
    if session := data.get("session"):
        out.append(f"session: {session}   # 届次：{_comment(sessions[session][0]) if session in sessions else 'data/sessions.yml 中的 id'}\n")
    unique = "同一届次中不能重复" if data["type"] == "proposal" else "同一年的合理化建议中不能重复"
    out.append(f"number: {_yaml(data['number'])}   # 编号（{unique}）\n")
    out.append(f"proposers: [{', '.join(_yaml(n) for n in data['proposers'])}]   # 提案人，第一位是领衔人\n")
    if "body" in data:
        out.append("body: |   # 提案内容，Markdown 格式；每行前面空两格\n" + _block(data["body"], 2))
    else:
        out.append("body: |   # 提案内容，Markdown 格式：表格中没有，请补写后删掉 draft: true\n  请在这里填写提案的案由和建议。\n")
    if review := data.get("review"):
        said = REVIEW_RESULTS.get(review.get("result"), "")
        review = {key: review[key] for key in ("date", "result", "note", "merged_into") if key in review}
        out.append(f"review: {_flow(review)}   # 审查{('：' + said) if said else ''}；结果 accepted（立案）、merged（并案）、referred（转为意见建议）、declined（不予立案）\n")
    if handlers := data.get("handlers"):
        shown = "、".join(_comment(units.get(h, h)) for h in handlers)
        out.append(f"handlers: [{', '.join(handlers)}]   # 承办单位，第一个是主办单位：{shown}\n")
    if (due := data.get("due")) is not None:
        if isinstance(due, dict):
            out.append(f"due: {_flow(due)}   # 办理时限：从审查日期起 {due['working_days']} 个工作日（跳过法定节假日）\n")
        else:
            out.append(f"due: {due.isoformat()}   # 办理时限\n")
    if answer := data.get("answer"):
        said = ANSWER_RESULTS.get(answer.get("result"), "")
        out.append(f"answer:   # 答复{('：' + said) if said else ''}；结果 solved（已解决）、planned（列入计划）、explained（因条件限制暂缓解决）\n")
        for key in ("date", "result"):
            if answer.get(key) is not None:
                out.append(f"  {key}: {_yaml(answer[key])}\n")
        if "text" in answer:
            out.append("  text: |   # 答复内容，Markdown 格式\n" + _block(answer["text"], 4))
    if evaluation := data.get("evaluation"):
        said = EVALUATIONS.get(evaluation.get("result"), "")
        out.append(f"evaluation: {_flow(evaluation)}   # 提案人评价{('：' + said) if said else ''}；satisfied（满意）、basically（基本满意）、unsatisfied（不满意）\n")
    if award := data.get("award"):
        out.append(f"award: {_flow(award)}   # 奖励：等级、奖金（元）、授奖单位、日期\n")
    if benefit := data.get("benefit"):
        out.append(f"benefit: {_yaml(benefit)}   # 效益\n")
    return "".join(out)


def _comment(text: str) -> str:
    """Text for a comment: one line whatever the sheet held."""
    return re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", " ", text)


def _yaml(value: Any) -> str:
    """A scalar in YAML: dates and ids as they are, money as a quoted 0.00, text quoted (JSON's
    double-quoted strings are YAML's)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f'"{value:.2f}"'
    if isinstance(value, int):
        return str(value)
    if re.fullmatch(r"[a-z][a-z0-9-]*", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(mapping: dict[str, Any]) -> str:
    """{date: 2026-03-10, result: accepted, note: "…"}: a mapping on one line, empty members left out."""
    return "{" + ", ".join(f"{key}: {_yaml(value)}" for key, value in mapping.items() if value is not None) + "}"


def _block(text: str, indent: int) -> str:
    """The lines of a literal block (|), indented."""
    pad = " " * indent
    return "".join(f"{pad}{line}\n" if line else "\n" for line in text.split("\n"))

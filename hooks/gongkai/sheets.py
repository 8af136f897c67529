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
import posixpath
import re
import struct
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser

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
    text = re.sub(r"\s+", "", text)
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


def grid_of_xlsx(path: Path, sheet: str | None) -> list[list[object]]:
    """The cells of a worksheet, merged ranges filled with their top-left value; formulas give the
    value Excel last calculated (nothing is evaluated here). The file is checked against the
    limits above before openpyxl reads it, and the worksheet's size again after."""
    _check_file_size(path)
    _check_xlsx(path)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # openpyxl's English warnings about unsupported extensions
            warnings.simplefilter("ignore")
            book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; none is for a clerk
        raise SheetError(_BOMB if _defused(exc) else f"文件无法读取，可能已损坏或不是 Excel 保存的 .xlsx：{_RESAVE}") from exc
    if sheet is not None and sheet not in book.sheetnames:
        raise SheetError(f"工作簿中没有名为“{sheet}”的工作表，现有：{'、'.join(book.sheetnames)}")
    ws = book[sheet] if sheet else book.worksheets[0]
    if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS or ws.max_row * ws.max_column > MAX_CELLS:
        raise SheetError(
            f"工作表“{ws.title}”的范围是 A1:{_column_letter(ws.max_column - 1)}{ws.max_row}，"
            f"超出了{_LIMITS}：{_COPY}"
        )
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    return grid


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


def _header(grid: list[list[object]], match) -> tuple[str, list[str], int]:
    """The title (the first text above the header), the header's cells and the first row below it.
    The header is the first row with a name column (match(text) == "name")."""
    header_row = next(
        (i for i, row in enumerate(grid) if any(match(_text(c)) == "name" for c in row)), None
    )
    if header_row is None:
        raise SheetError("找不到表头：表格中应有一行包含“姓名”")
    title = next((_text(c) for row in grid[:header_row] for c in row if _text(c)), "")
    header = [_text(c) for c in grid[header_row]]
    first = header_row + 1
    # A second header row under merged parents (应发 → 基本工资、奖金、合计): 姓名 spans both rows,
    # so after filling merged ranges it reads the same in both; the child names the column.
    name_col = next(i for i, text in enumerate(header) if match(text) == "name")
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
    by_name: dict[str, list[str]] = {}
    for ident, name in units.items():
        by_name.setdefault(re.sub(r"\s+", "", name), []).append(ident)
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
            ids = [written] if written in units else by_name.get(written, [])
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
        known = "、".join(f"{name}（{ident}）" for ident, name in units.items())
        raise SheetError(
            f"{listed}不在 data/units.yml 中。请在表格中改成 data/units.yml 中的单位名称或 id，"
            f"或先在 data/units.yml 中添加。已有的单位：{known}"
        )
    if not roster.rows:
        raise SheetError(f"表头（第 {first} 行）下面没有名单：表格中应有姓名")
    roster.total = counted if amounts else None
    return roster


def _roster_columns(header: list[str], row: int) -> dict[str, int]:
    """Field → column; two columns for one field are refused, never one of them silently dropped."""
    found: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        key = _roster_match(text)
        if key is not None:
            found.setdefault(key, []).append(index)
    for key, indices in found.items():
        if len(indices) > 1:
            both = "和".join(f"“{header[i]}”（{_column_letter(i)} 列）" for i in indices)
            raise SheetError(
                f"表头（第 {row + 1} 行）中{both}都会导入为“{ROSTER_CSV_HEADER[key]}”，只能保留一列：请在表格中删去多余的那一列，"
                f"或把它的列名改成别的（例如“{header[indices[-1]]}2”，改名后的列不导入）"
            )
    return {key: indices[0] for key, indices in found.items()}


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

"""Wage and bonus sheets as clerks keep them (Excel or CSV), read into allocation rows.

A sheet has a title row, a header row (possibly two rows with merged cells), rows of people and a
合计 row at the bottom; headers come in a few common spellings. The sheet's own 合计 must equal the
sum of its rows: a sheet that disagrees with itself is refused, naming the cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .money import MoneyError, format_money, parse_money
from .source import read_text

SPELLINGS = {
    "name": ("姓名", "职工姓名", "名字", "人员姓名"),
    "post": ("岗位", "工种", "职务", "岗位工种", "岗位/工种"),
    "shifts": ("出勤", "出勤天数", "出勤天", "天数", "工日", "出勤工日"),
    "points": ("工分", "系数", "考核分", "分配系数", "得分", "考核得分"),
    "amount": ("金额", "应发金额", "分配金额", "奖金", "奖金额", "合计金额", "安全奖", "绩效工资", "应发", "实发金额", "实发"),
    "note": ("备注", "说明"),
}
TOTAL_WORDS = ("合计", "总计")


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


def _cell_name(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def grid_of_xlsx(path: Path, sheet: str | None) -> list[list[object]]:
    """The cells of a worksheet, merged ranges filled with their top-left value."""
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    if sheet is not None and sheet not in book.sheetnames:
        raise SheetError(f"工作簿中没有名为“{sheet}”的工作表，现有：{'、'.join(book.sheetnames)}")
    ws = book[sheet] if sheet else book.worksheets[0]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    return grid


def grid_of_csv(path: Path) -> list[list[object]]:
    """The cells of a CSV file (UTF-8, with or without BOM)."""
    return [list(row) for row in csv.reader(io.StringIO(read_text(path), newline=""))]


def _match(header: str) -> str | None:
    """The field a header names: an exact spelling, or for money a header that says it is pay."""
    norm = _normalize(header)
    for key, spellings in SPELLINGS.items():
        if norm in spellings:
            return key
    if norm and any(word in norm for word in ("金额", "应发", "奖金")):
        return "amount"
    return None


def read_sheet(grid: list[list[object]]) -> Sheet:
    """Find the header, read the rows up to 合计 and check the sheet's own total."""
    sheet = Sheet()
    header_row = next(
        (i for i, row in enumerate(grid) if any(_match(_text(c)) == "name" for c in row)), None
    )
    if header_row is None:
        raise SheetError("找不到表头：表格中应有一行包含“姓名”")
    sheet.title = next((_text(c) for row in grid[:header_row] for c in row if _text(c)), "")
    header = [_text(c) for c in grid[header_row]]
    first = header_row + 1
    # A second header row under merged parents (应发 → 基本工资、奖金、合计): 姓名 spans both rows,
    # so after filling merged ranges it reads the same in both; the child names the column.
    name_col = next(i for i, text in enumerate(header) if _match(text) == "name")
    if first < len(grid):
        below = [_text(c) for c in grid[first]] + [""] * (len(header) - len(grid[first]))
        if below[name_col] in ("", header[name_col]) and any(b and b != h for h, b in zip(header, below)):
            header = [
                h if not b or b == h else (h + b if _normalize(b) in ("合计", "小计") else b)
                for h, b in zip(header, below)
            ]
            first += 1
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        key = _match(text)
        if key is not None and key not in columns:
            columns[key] = index
            sheet.columns[key] = text
    if "amount" not in columns:
        raise SheetError(
            f"找不到金额列：表头（第 {header_row + 1} 行）中应有“{'”“'.join(SPELLINGS['amount'][:4])}”等列名之一"
        )
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
        amount = _amount(row[amount_col] if amount_col < len(row) else None, r, amount_col)
        counted += amount
        item = {key: texts[i] for key, i in columns.items() if i < len(texts) and texts[i] and key != "amount"}
        item["amount"] = f"{amount:.2f}"
        sheet.rows.append(item)
    raise SheetError("表格最后没有“合计”行：导入时要用合计行核对金额，请在明细下面加上合计行")


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


CSV_HEADER = {"name": "姓名", "post": "岗位", "shifts": "出勤", "points": "工分", "amount": "金额", "note": "备注"}


def rows_csv(sheet: Sheet) -> str:
    """The rows in the contract's CSV form, Chinese header, only the columns the sheet has."""
    keys = [key for key in CSV_HEADER if key in ("name", "amount") or any(row.get(key) for row in sheet.rows)]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([CSV_HEADER[k] for k in keys])
    for row in sheet.rows:
        writer.writerow([row.get(k, "") for k in keys])
    return out.getvalue()

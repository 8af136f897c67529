"""Tables of people with a privacy mode: an allocation's pay rows and a disclosure's name list
(roster), written once for every kind that lists people. Their rows come inline or from <id>.csv
beside the record; the sum rule; the privacy modes (withdrawn, masked, public) and the withdrawal of
every name once the posting period is over; the CSV download; the located place of every row."""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pydantic import Field, TypeAdapter, ValidationError

from gongkai.data import privacy
from gongkai.data.messages import translate
from gongkai.data.money import format_money, parse_money
from gongkai.data.schema import Money, Number, Schema, Text
from gongkai.data.source import Located, SourceError, load_csv

if TYPE_CHECKING:
    from pathlib import Path

    from gongkai.data.archive import Entry
    from gongkai.data.checking import RecordCheck
    from gongkai.data.withheld import Table


# a sheet's sum rows, never a person
TOTAL_NAMES = frozenset({"合计", "小计", "总计", "共计", "总合计"})
# rows of one table: the whole workforce of a 10,000-worker enterprise, twice over
MAX_ROWS = 20_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell that starts so (OWASP)


class Row(Schema):
    """分配明细的一行."""

    name: Text = Field(min_length=1, title="姓名", description="职工姓名（只在公示期内公开）")
    post: Text | None = Field(None, title="岗位", description="岗位或工种")
    shifts: Text | None = Field(None, title="出勤", description="出勤天数或班次")
    points: Number | None = Field(None, title="工分/系数", description="考核工分或分配系数（数字）")
    amount: Money = Field(title="金额", description="应发金额（元），最多两位小数，不能为负")
    note: Text | None = Field(None, title="备注", description="备注")


@dataclass(frozen=True)
class Column:
    """A column of a table of people as a page shows it: its header, whether a phone shows it
    beneath the row's first line (number, name, amount stand on it), and whether it holds numbers
    (aligned right). partials/gongkai/people.html turns that into classes."""

    key: str
    label: str
    beneath: bool = True
    numeric: bool = False


ON_LINE = {"beneath": False}  # the number and the name: a phone's first line


@dataclass(frozen=True)
class Shown:
    """A table of people as a page shows it (partials/gongkai/people.html)."""

    label: str  # what a screen reader calls the table
    columns: list[Column]
    rows: list[tuple[list[str], str]]  # (the cells, the phone's line beneath the name)
    footer: list[str] | None = None


def show(
    label: str, columns: list[Column], rows: list, cells, footer: list[str] | None = None
) -> Shown:
    """Rows as a page shows them: cells(row, number) gives a row's cells, column by column; the
    phone's line beneath joins the cells of the columns shown beneath."""
    beneath = [i for i, column in enumerate(columns) if column.beneath]
    shown = []
    for number, row in enumerate(rows, start=1):
        values = cells(row, number)
        details = " · ".join(
            f"{columns[i].label} {values[i]}" if columns[i].key in LABELLED else values[i]
            for i in beneath
            if values[i]
        )
        shown.append((values, details))
    return Shown(label, columns, shown, footer)


LABELLED = frozenset(("shifts", "points"))  # bare numbers beneath a name need their column's name


PRIVACY = {
    "withdrawn": "公示期内公开姓名，期满撤下",
    "masked": "姓名打码公示，期满撤下",
    "public": "姓名长期公开",
}
_SHOWN = re.compile(r"[^*＊\s]")  # a character of a masked name that is not a star


def is_masked(name: str) -> bool:
    """张*明, 韩*, 欧**华, *明: at least one star, at most two characters shown, and never two shown
    side by side (韩梅* shows the whole of a two-character name, 欧阳** a compound surname)."""
    name = "".join(name.split())
    shown = [i for i, ch in enumerate(name) if _SHOWN.match(ch)]
    return len(shown) < len(name) and len(shown) <= 2 and all(b - a > 1 for a, b in pairwise(shown))


def remask(name: str) -> str:
    """A masked name whose shown characters stand side by side, each second one starred, its length
    kept: 欧阳*华 → 欧**华, 韩梅* → 韩**."""
    out: list[str] = []
    for ch in "".join(name.split()):
        out.append("*" if _SHOWN.match(ch) and out and _SHOWN.match(out[-1]) else ch)
    return "".join(out)


def unmasked_reason(name: str) -> str:
    """Why a name a masked list holds is not masked, without repeating what it shows."""
    name = "".join(name.split())
    shown = [i for i, ch in enumerate(name) if _SHOWN.match(ch)]
    if len(shown) == len(name):
        return "写的是全名，没有打码"
    if len(shown) > 2:
        return f"露出了 {len(shown)} 个字"
    return "露出的两个字挨在一起，等于写出了整个名字或复姓"


_ABSENT = object()


@dataclass(frozen=True)
class TableSource:
    """Where a record's rows were written: in the record (path None) or in <id>.csv, each row's line."""

    path: str | None
    lines: tuple[int, ...] = ()

    def place(self, index: int, rel: str, doc: Located, loc: tuple) -> tuple[str, int]:
        """The file and line of row index: its CSV line, or its line in the record."""
        if self.path is not None and index < len(self.lines):
            return self.path, self.lines[index]
        return rel, doc.line(loc + (index,))


@dataclass(frozen=True)
class PeopleTable:
    """Where a kind keeps its rows of people, how their CSV reads and writes, and what they add up to."""

    row: type[Schema]
    loc: tuple[str, ...]  # where the rows sit in a record, e.g. ("rows",)
    header: dict[str, str]  # key → Chinese column, in the CSV's order
    aliases: dict[str, str]  # more Chinese columns an editor may write → key
    label: str  # 明细
    total_label: str  # 分配总额
    owner: str  # 分配公示: what the record beside the CSV is called

    @property
    def columns(self) -> dict[str, str]:
        """Every Chinese column an editor may write → key."""
        return {**{zh: key for key, zh in self.header.items()}, **self.aliases}

    def rows_in(self, data: Any) -> Any:
        """The rows as written in a record's raw mapping (None when absent)."""
        for part in self.loc:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
        return data

    def _set_rows(self, data: dict, rows: Any) -> None:
        for part in self.loc[:-1]:
            data = data.setdefault(part, {})
        data[self.loc[-1]] = rows

    def attach_csv(self, check: RecordCheck, data: dict) -> TableSource:
        """Rows from <id>.csv beside the record, put where the record would hold them; where the
        rows were written (the CSV, relative to the root, with each row's line; or the record)."""
        path, rel, doc = check.path, check.rel, check.doc
        csv_path = check.csv_path
        if csv_path.is_symlink() or not csv_path.is_file():
            return TableSource(None)  # none, or a link or a device the inventory of data/ names
        lines: list[int] = []
        # rows inside a block of the record (roster.rows): the block must say what the table is
        if len(self.loc) > 1:
            block, name = data.get(self.loc[0], _ABSENT), self.loc[0]
            if block is _ABSENT:
                check.problems.add(
                    check.rel_of(csv_path),
                    1,
                    f"{csv_path.name} 和{self.owner} {path.name} 在同一文件夹，会被当作它的{self.label}（{name}），但 {path.name} 里没有写 {name}："
                    f"若这是{self.label}，请在 {path.name} 中写上 {name} 和公开方式（如 {name}: {{privacy: withdrawn}}）；"
                    f"若不是，请把 {csv_path.name} 移出这个文件夹（附件放在 data/media 下，用 attachments 列出）",
                )
                return TableSource(check.rel_of(csv_path))
            if block is None:
                check.problems.add(
                    rel,
                    doc.line((name,)),
                    f"「{name}」下面什么也没写：{self.label}在 {csv_path.name} 中时，请在 {name} 下面写公开方式（如 {name}: {{privacy: withdrawn}}）",
                )
                return TableSource(check.rel_of(csv_path))
            if not isinstance(block, dict):
                return TableSource(
                    check.rel_of(csv_path)
                )  # the schema says what the block should be
        if self.rows_in(data) is not None:
            check.problems.add(
                rel,
                doc.line(self.loc),
                f"{self.label}既写在 {'.'.join(self.loc)} 中又有 {csv_path.name}，只能选一种，请删去其一",
            )
        else:
            # None when the table has problems
            self._set_rows(data, self.load_csv(check, csv_path, lines))
        return TableSource(check.rel_of(csv_path), tuple(lines))

    def load_csv(
        self, check: RecordCheck, path: Path, lines_out: list[int] | None = None
    ) -> list | None:
        """A CSV table of rows, validated in one call; None when it has problems (all reported)."""
        rel = check.rel_of(path)
        try:
            header, table = load_csv(path)
        except SourceError as exc:
            check.problems.add(rel, exc.line, exc.message)
            return None
        if len(table) > MAX_ROWS:
            check.problems.add(
                rel,
                1,
                f"表中有 {len(table):,} 行，超过了一张表 {MAX_ROWS:,} 行的上限：请按单位或班组分成几条记录",
            )
            return None
        english = set(self.row.model_fields)
        columns = self.columns
        keys: list[str | None] = []
        for cell in header:
            key = columns.get(cell, cell if cell in english else None)
            if key is not None and key in keys:
                first = header[keys.index(key)]
                check.problems.add(
                    rel,
                    1,
                    f"表头中“{first}”和“{cell}”是同一列（{self.header[key]}），只能保留一列：请删去或合并其中一列",
                )
                keys.append(None)
                continue
            if key is None:
                known = list(english) + list(columns)
                close = difflib.get_close_matches(cell, known, n=1, cutoff=0.5)
                hint = f"是否想写“{close[0]}”？" if close else ""
                allowed = f"{','.join(self.header.values())}（或 {','.join(self.header)}）"
                check.problems.add(rel, 1, f"表头“{cell}”不是可用的列。{hint}可用的列：{allowed}")
            keys.append(key)
        required = [key for key, info in self.row.model_fields.items() if info.is_required()]
        for key in required:
            if key not in keys:
                check.problems.add(rel, 1, f"表头缺少“{self.header[key]}”列")
        if None in keys or any(key not in keys for key in required):
            return None
        items, lines, failed = [], [], False
        for line, cells in table:
            if len(cells) > len(keys):
                check.problems.add(
                    rel, line, f"这一行有 {len(cells)} 格，比表头多；文字里有英文逗号时请加引号"
                )
                failed = True
                continue
            items.append(
                {
                    key: cell
                    for key, cell in zip(keys, cells, strict=False)
                    if cell and not cell.isspace()
                }
            )
            lines.append(line)
        # One scan of the whole table, every cell as strict as text (a plain join: cheap); when it finds
        # something, the text and the amounts apart (money is never a phone number), then the cells
        # one by one.
        everything = privacy.BREAK.join(privacy.BREAK.join(cells) for _, cells in table)
        texts = amounts = ""
        if privacy.scan(everything):
            texts = privacy.BREAK.join(
                privacy.BREAK.join(v for k, v in item.items() if k != "amount") for item in items
            )
            amounts = privacy.BREAK.join(item.get("amount", "") for item in items)
        if texts and privacy.scan(texts) or amounts and privacy.scan(amounts, allow_phone=True):
            for item, line in zip(items, lines, strict=True):
                for key, value in item.items():
                    for found in privacy.scan(value, allow_phone=key == "amount"):
                        check.problems.add(
                            rel, line, privacy_message(f"“{header[keys.index(key)]}”列", found)
                        )
                        failed = True
        if lines_out is not None:
            lines_out.extend(lines)
        try:
            rows = self._adapter.validate_python(items)
        except ValidationError as exc:
            prefix = "「" + self.label + "."
            for loc, message in translate(self.row, exc, skip=1):
                check.problems.add(
                    rel,
                    lines[loc[0]],
                    message.replace("「", prefix, 1) if len(loc) > 1 else message,
                )
            return None
        return None if failed else rows

    @property
    def _adapter(self) -> TypeAdapter:
        adapter = _adapters.get(self.row)
        if adapter is None:  # built once a process: one pydantic-core call validates a whole table
            adapter = _adapters[self.row] = TypeAdapter(list[self.row])
        return adapter

    def refuse_total_rows(self, check: RecordCheck, rows: list, table: TableSource) -> None:
        """A row named 合计, 小计 or 总计 is a sheet's sum, not a person: with the record's total
        "fixed" to match, it would publish as one more person and double the table."""
        names = {row.name for row in rows}
        if not names & TOTAL_NAMES and not any(" " in name or "\u3000" in name for name in names):
            return  # the common case: one set of the table's names, no Python loop over its rows
        for index, row in enumerate(rows):
            written = re.sub(r"\s+", "", row.name)
            if written in TOTAL_NAMES:
                where, line = table.place(index, check.rel, check.doc, self.loc)
                check.problems.add(
                    where,
                    line,
                    f"这一行的姓名是“{written}”：{self.label}里只写人，不写{written}行（程序会自己算合计并显示在表尾）。请删去这一行，"
                    f"并核对{self.total_label}是否因为多算了这一行而写大了",
                )

    def check_sum(self, check: RecordCheck, data: dict, total_loc: tuple) -> None:
        """The sum rule, checked whenever the total and every amount can be read (a row without an
        amount counts nothing)."""
        rows = self.rows_in(data)
        if not isinstance(rows, list) or not rows:
            return
        holder = data
        for part in total_loc[:-1]:
            holder = holder.get(part) if isinstance(holder, dict) else None
        try:
            total = _money(holder.get(total_loc[-1]) if isinstance(holder, dict) else None)
            amounts = [_amount(row) for row in rows]
        except (ValueError, TypeError, AttributeError):
            return
        counted = sum(amounts, Decimal("0"))
        if counted != total:
            check.at(
                total_loc,
                f"{self.label}金额合计 {format_money(counted)} 元，与{self.total_label} {format_money(total)} 元不符",
            )

    def holder(self, record: Any) -> Any:
        """What holds the rows in a record (the record itself, or its roster); None when absent."""
        for part in self.loc[:-1]:
            record = getattr(record, part, None)
        return record

    def rows(self, record: Any) -> list:
        """The validated rows of a record (empty once withdrawn, or without a table)."""
        holder = self.holder(record)
        return (getattr(holder, self.loc[-1], None) or []) if holder is not None else []

    def privacy(self, record: Any) -> str:
        """withdrawn (the default, and always a pay table's), masked or public."""
        return getattr(self.holder(record), "privacy", None) or "withdrawn"

    def table_of(
        self, key: str, rel: str, record: Any, source: TableSource, doc: Located, today: date
    ) -> Table | None:
        """The names a posting period withdraws from a record's table (None for a public list or no
        rows), for the rule that no text published for good holds them (withheld.py); of a list not
        over yet, with the place each is written (a notice names it)."""
        rows = self.rows(record)
        if not rows or self.privacy(record) == "public":
            return None
        from gongkai.data.withheld import MIN_NAME, Table, name_of

        period = getattr(record, "period", None)
        start, end = (period.start, period.to) if period is not None else (None, None)
        names: dict[str, int] = {}
        for index, row in enumerate(rows):
            name = name_of(row.name)
            if len(name) >= MIN_NAME and name not in names:
                names[name] = index
        current = end is not None and end >= today
        places = (
            tuple(source.place(index, rel, doc, self.loc) for index in names.values())
            if current
            else ()
        )
        return Table(key, rel, self.label, start, end, tuple(names), places)

    def is_public(self, record: Any, today: date) -> bool:
        """Whether the rows may be published today: a public table always, the others only while
        the posting period runs."""
        if self.holder(record) is None:
            return False
        if self.privacy(record) == "public":
            return True
        period = record.period
        return period is not None and period.start <= today <= period.to

    def offers_csv(self, record: Any, today: date) -> bool:
        """Whether <id>.csv is offered today: while the posting period runs (a public table without
        a period: always)."""
        if not self.rows(record) or not self.is_public(record, today):
            return False
        period = record.period
        return period is None or period.start <= today <= period.to

    def withdraw(self, entry: Entry, today: date) -> None:
        """Keep the number of people; outside the posting period, drop every named row from memory,
        so that nothing later can publish it."""
        rows = self.rows(entry.record)
        entry.headcount = len(rows)
        amounts = [row.amount for row in rows if getattr(row, "amount", None) is not None]
        entry.table_total = sum(amounts, Decimal("0")) if amounts else None
        if rows and not self.is_public(entry.record, today):
            setattr(self.holder(entry.record), self.loc[-1], [])

    def render_csv(self, rows: list, cells, total_row: list[str]) -> bytes:
        """Rows as CSV, UTF-8 with BOM so that Excel opens it, with a total row at the end. A text
        cell that a spreadsheet would run as a formula is written as text (a leading ')."""
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(list(self.header.values()))
        for row in rows:
            writer.writerow([as_text_cell(cell) for cell in cells(row)])
        writer.writerow(total_row)
        return "\ufeff".join(["", out.getvalue()]).encode("utf-8")


_adapters: dict[type, TypeAdapter] = {}


def mask_name(name: str) -> str:
    """A name as a message may show it: 王*新, 韩*, 欧**华."""
    if len(name) <= 2:
        return name[0] + "*" * (len(name) - 1 or 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def as_text_cell(cell: str) -> str:
    """A cell that Excel or LibreOffice would take for a formula (=, +, -, @, tab, CR first),
    prefixed with an apostrophe so that it stays text, as OWASP recommends against CSV injection."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _amount(row: Any) -> Decimal:
    value = row.amount if not isinstance(row, dict) else row.get("amount")
    return Decimal("0") if value is None else value if isinstance(value, Decimal) else _money(value)


def _money(value: Any) -> Decimal:
    """An amount for the sum rule; anything the schema would refuse is left to its message."""
    if value is None or isinstance(value, (dict, list)):
        raise ValueError(value)
    amount = parse_money(value)
    if amount < 0:
        raise ValueError(value)
    return amount


def privacy_message(where: str, found: privacy.Finding) -> str:
    """The privacy guard's message: what was found where, masked, and how to publish instead."""
    example = {
        "resident_id": "3708**********1234",
        "bank_card": "6222 **** **** 1234",
        "mobile": "138****5678",
    }
    return (
        f"{where}中含有{found.label} {found.masked}。{found.label}属于个人信息，不得公开："
        f"请删除，或改为打码形式（如 {example[found.number_type]}）"
        + (
            "；需要公布联系电话时，请写在 contact（监督/意见受理）字段中"
            if found.number_type == "mobile"
            else ""
        )
    )


PAY_ROWS = PeopleTable(
    Row,
    loc=("rows",),
    header={
        "name": "姓名",
        "post": "岗位",
        "shifts": "出勤",
        "points": "工分",
        "amount": "金额",
        "note": "备注",
    },
    aliases={"系数": "points", "名字": "name"},
    label="明细",
    total_label="分配总额",
    owner="分配公示",
)


class RosterRow(Schema):
    """名单的一行."""

    name: Text = Field(
        min_length=1, title="姓名", description="姓名；打码公示（masked）的名单写成 张*明 的样子"
    )
    unit: Text | None = Field(
        None, title="单位", description="所在单位的 id，须是 data/units.yml 中的一个"
    )
    item: Text | None = Field(None, title="项目/类别", description="救助类别、疗养批次、奖项等")
    amount: Money | None = Field(
        None, title="金额", description="金额（元），最多两位小数，不能为负"
    )
    rank: int | None = Field(
        None,
        ge=1,
        le=100_000,
        title="名次",
        description="名次（1 起的整数，名单中不能重复），显示为“第 1 名”",
    )
    note: Text | None = Field(None, title="备注", description="备注；困难帮扶名单不能写备注")


ROSTER_ROWS = PeopleTable(
    RosterRow,
    loc=("roster", "rows"),
    header={
        "name": "姓名",
        "unit": "单位",
        "item": "项目",
        "amount": "金额",
        "rank": "名次",
        "note": "备注",
    },
    aliases={
        "名字": "name",
        "部门": "unit",
        "所在单位": "unit",
        "类别": "item",
        "救助类别": "item",
        "排名": "rank",
        "名次排序": "rank",
    },
    label="名单",
    total_label="合计",
    owner="公开事项",
)

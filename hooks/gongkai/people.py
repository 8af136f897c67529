"""Tables of people with a privacy mode: an allocation's pay rows, written once for every kind that
lists people. Their rows come inline or from <id>.csv beside the record; the sum rule; withdrawal of
every name once the posting period is over; the CSV download."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional

from pydantic import Field, TypeAdapter, ValidationError

from . import privacy
from .messages import translate
from .money import format_money, parse_money
from .schema import Money, Number, Schema, Text
from .source import MAX_CSV_BYTES, Located, SourceError, check_size, forbidden_character, load_csv

if TYPE_CHECKING:
    from pathlib import Path

    from .load import Entry, Loader


MAX_ROWS = 20_000  # rows of one table: the whole workforce of a 10,000-worker enterprise, twice over
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell that starts so (OWASP)


class Row(Schema):
    """分配明细的一行."""

    name: Text = Field(min_length=1, title="姓名", description="职工姓名（只在公示期内公开）")
    post: Optional[Text] = Field(None, title="岗位", description="岗位或工种")
    shifts: Optional[Text] = Field(None, title="出勤", description="出勤天数或班次")
    points: Optional[Number] = Field(None, title="工分/系数", description="考核工分或分配系数（数字）")
    amount: Money = Field(title="金额", description="应发金额（元），最多两位小数，不能为负")
    note: Optional[Text] = Field(None, title="备注", description="备注")


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

    def attach_csv(self, loader: "Loader", path: "Path", rel: str, doc: Located, data: dict) -> str | None:
        """Rows from <id>.csv beside the record, put where the record would hold them; the CSV's
        path relative to the root, or None when there is none."""
        csv_path = path.with_suffix(".csv")
        if not csv_path.exists():
            return None
        if self.rows_in(data) is not None:
            loader.problems.add(rel, doc.line(self.loc), f"{self.label}既写在 {self.loc[-1]} 中又有 {csv_path.name}，只能选一种，请删去其一")
        else:
            self._set_rows(data, self.load_csv(loader, csv_path))  # None when the table has problems
        return loader.rel(csv_path)

    def load_csv(self, loader: "Loader", path: "Path") -> list | None:
        """A CSV table of rows, validated in one call; None when it has problems (all reported)."""
        rel = loader.rel(path)
        try:
            check_size(path, MAX_CSV_BYTES)
            header, table = load_csv(path)
        except SourceError as exc:
            loader.problems.add(rel, exc.line, exc.message)
            return None
        if len(table) > MAX_ROWS:
            loader.problems.add(rel, 1, f"表中有 {len(table):,} 行，超过了一张表 {MAX_ROWS:,} 行的上限：请按单位或班组分成几条记录")
            return None
        english = set(self.row.model_fields)
        columns = self.columns
        keys: list[str | None] = []
        for cell in header:
            key = columns.get(cell, cell if cell in english else None)
            if key is not None and key in keys:
                first = header[keys.index(key)]
                loader.problems.add(rel, 1, f"表头中“{first}”和“{cell}”是同一列（{self.header[key]}），只能保留一列：请删去或合并其中一列")
                keys.append(None)
                continue
            if key is None:
                known = list(english) + list(columns)
                close = difflib.get_close_matches(cell, known, n=1, cutoff=0.5)
                hint = f"是否想写“{close[0]}”？" if close else ""
                allowed = f"{','.join(self.header.values())}（或 {','.join(self.header)}）"
                loader.problems.add(rel, 1, f"表头“{cell}”不是可用的列。{hint}可用的列：{allowed}")
            keys.append(key)
        required = [key for key, info in self.row.model_fields.items() if info.is_required()]
        for key in required:
            if key not in keys:
                loader.problems.add(rel, 1, f"表头缺少“{self.header[key]}”列")
        if None in keys or any(key not in keys for key in required):
            return None
        items, lines, failed = [], [], False
        for line, cells in table:
            if len(cells) > len(keys):
                loader.problems.add(rel, line, f"这一行有 {len(cells)} 格，比表头多；文字里有英文逗号时请加引号")
                failed = True
                continue
            bad = next((message for cell in cells if (message := forbidden_character(cell))), None)
            if bad:
                loader.problems.add(rel, line, bad)
                failed = True
                continue
            items.append({key: cell for key, cell in zip(keys, cells) if cell and not cell.isspace()})
            lines.append(line)
        # One scan of the whole table; the cells are looked at one by one only when it finds something.
        # Amounts are money: a long one is never a phone number.
        if privacy.scan("\n".join("\t".join(v for k, v in item.items() if k != "amount") for item in items)) or any(
            privacy.scan(item.get("amount", ""), allow_phone=True) for item in items
        ):
            for item, line in zip(items, lines):
                for key, value in item.items():
                    for found in privacy.scan(value, allow_phone=key == "amount"):
                        loader.problems.add(rel, line, privacy_message(f"“{header[keys.index(key)]}”列", found))
                        failed = True
        try:
            rows = self._adapter.validate_python(items)
        except ValidationError as exc:
            prefix = "「" + self.label + "."
            for loc, message in translate(self.row, exc, skip=1):
                loader.problems.add(rel, lines[loc[0]], message.replace("「", prefix, 1) if len(loc) > 1 else message)
            return None
        return None if failed else rows

    @property
    def _adapter(self) -> TypeAdapter:
        return _adapters.setdefault(self.row, TypeAdapter(list[self.row]))  # one pydantic-core call a table

    def check_sum(self, loader: "Loader", rel: str, doc: Located, data: dict, total_key: str) -> None:
        """The sum rule, checked whenever the total and every row can be read."""
        rows = self.rows_in(data)
        if not isinstance(rows, list) or not rows:
            return
        try:
            total = _money(data.get(total_key))
            amounts = [row.amount if isinstance(row, self.row) else _money(row.get("amount")) for row in rows]
        except (ValueError, TypeError, AttributeError):
            return
        counted = sum(amounts, Decimal("0"))
        if counted != total:
            loader.problems.add(
                rel, doc.line((total_key,)),
                f"{self.label}金额合计 {format_money(counted)} 元，与{self.total_label} {format_money(total)} 元不符",
            )

    def rows(self, record: Any) -> list:
        """The validated rows of a record (empty once withdrawn)."""
        for part in self.loc:
            record = getattr(record, part)
        return record or []

    def check_names_elsewhere(self, loader: "Loader", rel: str, doc: Located, record: Any, fields: dict[str, str]) -> None:
        """No name of the table may stand in the record's other fields (title, basis, tags …), which
        stay published after the period, when the names must be gone."""
        # names of three characters or more: a two-character name is too often also a word (余力, 高明)
        names = {row.name for row in self.rows(record) if len(row.name) >= 3}
        if not names:
            return
        for key, label in fields.items():
            value = getattr(record, key, None)
            texts = value if isinstance(value, list) else [value] if value else []
            for index, text in enumerate(texts):
                found = next((name for name in sorted(names) if name in text), None)
                if found:
                    loc = (key, index) if isinstance(value, list) else (key,)
                    loader.problems.add(
                        rel, doc.line(loc),
                        f"「{key}」（{label}）中写有{self.label}里的姓名“{mask_name(found)}”：{self.label}中的姓名在公示期满后撤下，"
                        f"而{label}一直公开。请不要在{label}中写姓名",
                    )

    def is_public(self, record: Any, today: date) -> bool:
        """Whether the named rows may be published today: only while the posting period runs."""
        period = record.period
        return period.start <= today <= period.to

    def withdraw(self, entry: "Entry", today: date, withheld: dict[str, list[str]] | None) -> None:
        """Keep the number of people; outside the posting period, drop every named row from memory,
        so that nothing later can publish it (withheld, for publish's check, gets the names by kind/id)."""
        rows = self.rows(entry.record)
        entry.headcount = len(rows)
        if not self.is_public(entry.record, today):
            if withheld is not None:
                withheld[entry.key] = [row.name for row in rows]
            holder = entry.record
            for part in self.loc[:-1]:
                holder = getattr(holder, part)
            setattr(holder, self.loc[-1], [])

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
    example = {"resident_id": "3708**********1234", "bank_card": "6222 **** **** 1234", "mobile": "138****5678"}
    return (
        f"{where}中含有{found.label} {found.masked}。{found.label}属于个人信息，不得公开："
        f"请删除，或改为打码形式（如 {example[found.kind]}）"
        + ("；需要公布联系电话时，请写在 contact（监督/意见受理）字段中" if found.kind == "mobile" else "")
    )


PAY_ROWS = PeopleTable(
    Row,
    loc=("rows",),
    header={"name": "姓名", "post": "岗位", "shifts": "出勤", "points": "工分", "amount": "金额", "note": "备注"},
    aliases={"系数": "points"},
    label="明细",
    total_label="分配总额",
    owner="分配公示",
)

"""Name lists (名单) as clerks keep them, imported as disclosures (公开事项) with a roster.

A clerk's list of people for a disclosure: aid, sanatorium groups, bursaries, candidates and
winners, elected delegates. Its columns are fewer and none is required but the name: no amount
(a list of candidates), no 合计 row (a list of delegates). Units are written by name (综采一队)
and become the ids of data/units.yml. A 序号 column is a running number, not a rank: ignored.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import click

from gongkai.data.money import format_money
from gongkai.data.people import PRIVACY, ROSTER_ROWS, is_masked, mask_name
from gongkai.settings import Settings
from gongkai.tools import scaffold
from gongkai.tools.imports import staging
from gongkai.tools.imports.workbook import (
    FOOTER,
    TOTAL_WORDS,
    Placed,
    SheetError,
    UnitNames,
    cell_amount,
    cell_name,
    cell_text,
    column_letter,
    find_header,
    header_field,
    person_name,
    read_grid,
    unique_columns,
)
from gongkai.tools.project import (
    categories_of,
    choose_unit,
    day_option,
    fail,
    new_path,
    taken_ids,
    units_of,
    write_files,
)

ROSTER_SPELLINGS = {
    "name": ("姓名", "职工姓名", "名字", "人员姓名"),
    "unit": ("单位", "所在单位", "部门", "所在部门", "区队", "车间", "工作单位"),
    "item": ("项目", "类别", "救助类别", "疗养批次", "奖项", "档次", "岗位"),
    "amount": ("金额", "救助金额", "慰问金", "慰问金额", "助学金", "奖金", "发放金额"),
    "rank": ("名次", "排名"),
    "note": ("备注", "说明"),
}
ROSTER_CSV_HEADER = ROSTER_ROWS.header  # the list's CSV as the build reads it

# The words in a list's title that say its category (data/categories.yml), in this order: a list
# that names help and anything else (困难职工疗养) is an aid list, masked.
CATEGORY_WORDS = (
    ("aid", ("救助", "帮扶", "困难", "助学", "慰问")),
    ("recuperation", ("疗养", "休养")),
    ("democracy", ("代表", "选举")),
    ("honors", ("十佳", "先进", "评选", "候选", "表彰", "劳模")),
)


_RANK = re.compile(r"第?\s*(\d{1,6})\s*名?")


def category_named(text: str) -> tuple[str, str] | None:
    """The category a list's title names, with the word that named it: ("aid", "救助")."""
    for category, words in CATEGORY_WORDS:
        for word in words:
            if word in text:
                return category, word
    return None


@dataclass
class Roster(Placed):
    """A name list as read: its title, its rows in the contract's keys (unit as an id, amount as
    0.00, rank as digits), the columns imported and those left out."""

    title: str = ""
    ignored: list[str] = field(default_factory=list)  # “序号”（A 列）: columns not imported
    rows: list[dict[str, str]] = field(default_factory=list)
    total: Decimal | None = None  # the amounts' sum; None when no row has an amount
    checked: str | None = None  # the 合计 cell the rows were checked against


def _roster_match(header: str) -> str | None:
    return header_field(header, ROSTER_SPELLINGS, money=("金额",))


def read_roster(grid: list[list[object]], units: dict[str, str]) -> Roster:
    """Find the header and read the people, up to a 合计 row (checked against the amounts when it
    states one), a signature line (制表人：…) or the end. units: id → name, from data/units.yml;
    a unit written by name or id becomes its id, an unknown one is refused with its cells."""
    roster = Roster()
    roster.title, header, first = find_header(grid, _roster_match)
    columns = _roster_columns(header, first - 1)
    roster.columns = {key: header[i] for key, i in columns.items()}
    roster.letters = {key: column_letter(i) for key, i in columns.items()}
    roster.ignored = [
        f"“{text}”（{column_letter(i)} 列）"
        for i, text in enumerate(header)
        if text and i not in columns.values()
    ]
    name_col, amount_col = columns["name"], columns.get("amount")
    limit = max(name_col + 1, amount_col or 0)  # where a 合计 row says 合计
    names = UnitNames(units)
    unknown: dict[str, list[str]] = {}  # unit as written → its cells
    ranks: dict[int, str] = {}
    counted, amounts = Decimal("0"), False
    for r in range(first, len(grid)):
        row = grid[r]
        texts = [cell_text(c) for c in row]
        if not any(texts):
            continue
        if any(word in t for t in texts[:limit] for word in TOTAL_WORDS):
            value = row[amount_col] if amount_col is not None and amount_col < len(row) else None
            if amount_col is not None and cell_text(value):
                stated = cell_amount(value, r, amount_col)
                if stated != counted:
                    raise SheetError(
                        f"合计行 {cell_name(r, amount_col)} 的金额 {format_money(stated)} 元，"
                        f"与上面 {len(roster.rows)} 人的金额之和 {format_money(counted)} 元不符：请核对表格"
                    )
                roster.checked = cell_name(r, amount_col)
            break
        if FOOTER.match(next(t for t in texts if t)):
            break
        cells = {key: texts[i] if i < len(texts) else "" for key, i in columns.items()}
        if not any(cells.values()):
            continue  # a numbered row left blank (only its 序号)
        name = person_name(cells["name"])
        if not name:
            raise SheetError(f"第 {r + 1} 行没有姓名（单元格 {cell_name(r, name_col)}）")
        item = {"name": name}
        if cells.get("unit"):
            written = re.sub(r"\s+", "", cells["unit"])
            ids = names.ids(written)
            if len(ids) == 1:
                item["unit"] = ids[0]
            elif ids:
                raise SheetError(
                    f"单元格 {cell_name(r, columns['unit'])} 的单位“{written}”在 data/units.yml 中有 {len(ids)} 个"
                    f"（{'、'.join(ids)}）：请在表格中改写成其中一个的 id"
                )
            else:
                unknown.setdefault(cells["unit"], []).append(cell_name(r, columns["unit"]))
        if cells.get("item"):
            item["item"] = cells["item"]
        if amount_col is not None and amount_col < len(row) and cell_text(row[amount_col]):
            amount = cell_amount(row[amount_col], r, amount_col)
            if amount < 0:
                raise SheetError(
                    f"单元格 {cell_name(r, amount_col)} 的金额 {format_money(amount)} 是负数：名单的金额不能为负"
                )
            counted += amount
            amounts = True
            item["amount"] = f"{amount:.2f}"
        if cells.get("rank"):
            item["rank"] = str(_rank(row[columns["rank"]], r, columns["rank"], ranks))
        if cells.get("note"):
            item["note"] = cells["note"]
        roster.rows.append(item)
        roster.lines.append(r + 1)
    if unknown:
        listed = "，".join(
            f"单元格 {'、'.join(where)} 的单位“{text}”" for text, where in unknown.items()
        )
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
    return unique_columns(header, row, _roster_match, ROSTER_CSV_HEADER)


def _rank(value: object, row: int, column: int, ranks: dict[int, str]) -> int:
    """A rank: 1, 1.0, “第1名”; unique in the list (ranks: rank → the cell that gave it)."""
    where = cell_name(row, column)
    text = cell_text(value)
    found = _RANK.fullmatch(text)
    if isinstance(value, bool) or not found or int(found.group(1)) < 1:
        raise SheetError(
            f"单元格 {where} 的名次“{text}”不是 1、2、3 这样的数字：名次列只写名次；"
            "如果写的是奖项或等级（如“一等奖”），请把这一列的列名改成“奖项”"
        )
    rank = int(found.group(1))
    if rank in ranks:
        raise SheetError(
            f"单元格 {where} 的名次 {rank} 与单元格 {ranks[rank]} 重复：同一名单中名次不能重复"
        )
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


def run(
    settings: Settings,
    sheet_file: str,
    *,
    unit: str | None,
    category: str | None,
    title: str | None,
    day: str | None,
    ident: str | None,
    sheet: str | None,
    mask: bool,
    public: bool,
    pay_options: dict[str, str | None],
) -> None:
    """gongkai import --roster: a clerk's name list becomes a disclosure (公开事项) with a roster,
    its rows in <id>.csv; masked on request, and always when it is an aid list (without notes)."""
    if given := [name for name, value in pay_options.items() if value is not None]:
        fail(
            f"{'、'.join(given)} 只用于导入工资奖金表，导入名单（--roster）时不用：请去掉 {'、'.join(given)}"
        )
    if mask and public:
        fail("--mask（姓名打码公示）和 --public（姓名长期公开）只能选一个")
    source = Path(sheet_file)
    if not source.is_file():
        fail(f"找不到文件 {sheet_file}")
    grid, encoding = read_grid(source, sheet)
    units = units_of(settings)
    try:
        table = read_roster(grid, {key: u.name for key, u in units.items()})
    except SheetError as exc:
        fail(f"{source.name}：{exc}")
    unit = choose_unit(units, unit)
    categories = categories_of(settings)
    known = "、".join(f"{k}（{c.name}）" for k, c in categories.items())
    if title is None:
        title, title_from = (table.title, "表格标题") if table.title else (source.stem, "文件名")
    else:
        title_from = "--title"
    if category is not None:
        if category not in categories:
            fail(f"公开类别“{category}”不在 data/categories.yml 中，可用的有：{known}")
        origin = "由 --category 指定"
    else:  # the title says it (2026年度困难职工救助名单), or else the file's name
        named = category_named(title) or category_named(source.stem)
        category = named[0] if named else "other"
        origin = (
            f"标题中有“{named[1]}”"
            if named and named[1] in title
            else f"文件名中有“{named[1]}”"
            if named
            else "标题中看不出类别"
        )
        if category not in categories:
            fail(
                f"公开类别识别为 {category}（{origin}），但 data/categories.yml 中没有这个类别：请用 --category 指定，可用的有：{known}"
            )
    aid = category == "aid"
    forced = aid and not mask
    if aid and public:
        fail(
            "困难帮扶（aid）名单只能打码公示，不能用 --public 长期公开（困难、疾病情况属于敏感个人信息）：请去掉 --public"
        )
    privacy = "masked" if mask or aid else "public" if public else "withdrawn"
    rows = table.rows
    if privacy == "masked":
        for row in rows:
            row["name"] = row["name"] if is_masked(row["name"]) else mask_name(row["name"])
    notes = sum(1 for row in rows if row.get("note")) if aid else 0
    if aid:
        for row in rows:
            row.pop("note", None)
    when = day_option(day, settings)
    listed = roster_csv(rows)
    digest = staging.fingerprint(listed)
    if ident is None and (earlier := staging.imported(settings, "disclosures", digest)):
        rel = earlier.relative_to(settings.root).as_posix()
        fail(
            f"这份名单已经导入过，内容一字不差：{rel}。不用再导入；要改名单，请直接修改 {rel[:-4]}.csv，"
            "或删去这条记录和它的 .csv 后重新导入；确实要另建一条，用 --id 给出新的 id"
        )
    if ident is None:  # 年-月-单位-mingdan, as an imported allocation's 年-月-单位-类别
        month = when.strftime("%Y-%m")
        room = 59 - len(month) - len("mingdan")  # leaves room for "-2", "-3"… when taken
        base = f"{month}-{unit[:room].rstrip('-')}-mingdan"
        ident = scaffold.free_id(base, taken_ids(settings, "disclosures"))
    path = new_path(settings, "disclosures", ident, when)
    imported = scaffold.ImportedRoster(
        privacy, table.total, len(rows), source.name, f"{ident}.csv", digest
    )
    text = scaffold.render_roster(
        title=title, unit=unit, day=when, category=category, roster=imported
    )
    staging.require(
        settings,
        source.name,
        {path: text, path.with_suffix(".csv"): listed},
        ROSTER_CSV_HEADER,
        table,
    )
    write_files(settings, {path: text, path.with_suffix(".csv"): listed})
    rel = path.relative_to(settings.root).as_posix()
    if encoding != "utf-8":
        click.echo(f"已将 GBK 编码的 {source.name} 转换为 UTF-8。")
    click.echo(
        f"标题：{title}（取自{title_from}）" if title_from != "--title" else f"标题：{title}"
    )
    click.echo(f"公开类别：{categories[category].name}（{category}，{origin}）")
    if forced:
        click.echo("困难帮扶名单已自动打码（姓名只显示首尾两个字，如 张*丰）。")
    if notes:
        click.echo(
            f"困难帮扶名单不能写备注（不得公开病情、家庭情况等个人信息），已删去“{table.columns['note']}”列（{notes} 行有内容）。"
        )
    if table.ignored:
        click.echo(f"没有导入的列：{'、'.join(table.ignored)}。")
    total = f"（合计 {format_money(table.total)} 元）" if table.total is not None else ""
    click.echo(f"已导入名单 {len(rows)} 人{total}{'，与表格合计一致' if table.checked else ''}。")
    click.echo(f"名单公开方式：{privacy}（{PRIVACY[privacy]}）")
    click.echo(
        f"已写入 {rel} 和 {rel[:-4]}.csv（草稿）。请补写正文（body）和意见受理方式（contact），核对后删掉 draft: true 一行。"
    )

"""Wage and bonus sheets (工资奖金表) as clerks keep them, imported as allocations (分配公示).

A sheet has a title row, a header row (possibly two rows with merged cells), rows of people and a
合计 row at the bottom; headers come in a few common spellings. The sheet's own 合计 must equal the
sum of its rows: a sheet that disagrees with itself is refused, naming the cell.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import click

from gongkai.data.money import format_money
from gongkai.data.people import PAY_ROWS
from gongkai.data.source import SourceError, load_yaml
from gongkai.kinds.allocation import ALLOCATION_KINDS
from gongkai.settings import Settings
from gongkai.tools import scaffold
from gongkai.tools.imports import staging
from gongkai.tools.imports.workbook import (
    TOTAL_WORDS,
    Placed,
    SheetError,
    cell_amount,
    cell_name,
    cell_text,
    column_letter,
    find_header,
    header_field,
    normalize_header,
    read_grid,
)
from gongkai.tools.project import (
    check_id,
    choose_unit,
    day_option,
    fail,
    new_path,
    taken_ids,
    units_of,
    write_files,
)

SPELLINGS = {
    "name": ("姓名", "职工姓名", "名字", "人员姓名"),
    "post": ("岗位", "工种", "职务", "岗位工种", "岗位/工种"),
    "shifts": ("出勤", "出勤天数", "出勤天", "天数", "工日", "出勤工日"),
    "points": ("工分", "系数", "考核分", "分配系数", "得分", "考核得分"),
    "amount": (
        "金额",
        "应发金额",
        "分配金额",
        "奖金",
        "奖金额",
        "合计金额",
        "安全奖",
        "绩效工资",
        "应发",
        "实发金额",
        "实发",
    ),
    "note": ("备注", "说明"),
}
CSV_HEADER = PAY_ROWS.header  # the rows' CSV as the build reads it


# The words in a sheet's title (or file name) that say which kind of allocation it is. Longer words
# first: a word found masks its characters, so 安全奖金 is safety (not also 奖金), 绩效工资 is
# performance (not also 工资); two kinds left (工资奖金表) is ambiguous.
KIND_WORDS = (
    ("安全生产奖", "safety"),
    ("安全奖", "safety"),
    ("绩效工资", "performance"),
    ("绩效奖", "performance"),
    ("绩效", "performance"),
    ("奖金", "bonus"),
    ("奖励", "bonus"),
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


@dataclass
class Sheet(Placed):
    """What was read: the title row's text, the rows, their total and where the sheet's 合计 was."""

    title: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)
    total: Decimal = Decimal("0")


def _match(header: str) -> str | None:
    """The field a header names: an exact spelling, or for money a header that says it is pay."""
    return header_field(header, SPELLINGS, money=("金额", "应发", "奖金"))


def read_sheet(grid: list[list[object]], amount: str | None = None) -> Sheet:
    """Find the header, read the rows up to 合计 and check the sheet's own total. amount names the
    column of the amounts (its header, or its letter) when more than one header looks like one."""
    sheet = Sheet()
    sheet.title, header, first = find_header(grid, _match)
    columns = _columns(header, first - 1, amount)
    sheet.columns = {key: header[i] for key, i in columns.items()}
    sheet.letters = {key: column_letter(i) for key, i in columns.items()}
    amount_col = columns["amount"]
    counted = Decimal("0")
    for r in range(first, len(grid)):
        row = grid[r]
        texts = [cell_text(c) for c in row]
        if not any(texts):
            continue
        if any(word in t for t in texts[:amount_col] for word in TOTAL_WORDS):
            stated = cell_amount(row[amount_col] if amount_col < len(row) else None, r, amount_col)
            if stated != counted:
                raise SheetError(
                    f"合计行 {cell_name(r, amount_col)} 的金额 {format_money(stated)} 元，"
                    f"与上面 {len(sheet.rows)} 行明细之和 {format_money(counted)} 元不符：请核对表格"
                )
            sheet.total = counted
            return sheet
        name = texts[columns["name"]] if columns["name"] < len(texts) else ""
        if not name:
            raise SheetError(f"第 {r + 1} 行没有姓名（单元格 {cell_name(r, columns['name'])}）")
        amount_value = cell_amount(
            row[amount_col] if amount_col < len(row) else None, r, amount_col
        )
        counted += amount_value
        item = {
            key: texts[i]
            for key, i in columns.items()
            if i < len(texts) and texts[i] and key != "amount"
        }
        item["amount"] = f"{amount_value:.2f}"
        sheet.rows.append(item)
        sheet.lines.append(r + 1)
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
        return f"“{header[index]}”（{column_letter(index)} 列）"

    if amount is not None:
        wanted = normalize_header(amount)
        chosen = [i for i, text in enumerate(header) if text and normalize_header(text) == wanted]
        if not chosen and re.fullmatch(r"[A-Za-z]{1,3}", amount.strip()):
            letter = amount.strip().upper()
            chosen = [i for i in range(len(header)) if column_letter(i) == letter]
        if len(chosen) != 1:
            listed = "、".join(f"“{text}”" for text in header if text)
            raise SheetError(
                f"{where}中{'没有' if not chosen else '有不止一列叫'}“{amount}”"
                + (
                    ""
                    if not chosen
                    else f"，请用列号指定，例如 --amount {column_letter(chosen[-1])}"
                )
                + f"。表头有：{listed}"
            )
        found = {key: [i for i in indices if i not in chosen] for key, indices in found.items()}
        found = {key: indices for key, indices in found.items() if indices} | {"amount": chosen}
        if "name" not in found:
            raise SheetError(
                f"{where}中的{named(chosen[0])}是姓名列，不能作为金额列：请用 --amount 指定金额所在的列"
            )
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


def rows_csv(sheet: Sheet) -> str:
    """The rows in the contract's CSV form, Chinese header, only the columns the sheet has."""
    keys = [
        key
        for key in CSV_HEADER
        if key in ("name", "amount") or any(row.get(key) for row in sheet.rows)
    ]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([CSV_HEADER[k] for k in keys])
    for row in sheet.rows:
        writer.writerow([row.get(k, "") for k in keys])
    return out.getvalue()


def run(
    settings: Settings,
    sheet_file: str,
    *,
    unit: str | None,
    kind: str | None,
    month: str | None,
    title: str | None,
    day: str | None,
    ident: str | None,
    sheet: str | None,
    replace: bool,
    amount: str | None,
) -> None:
    """gongkai import: a pay sheet becomes an allocation (工资奖金分配公示), its rows in <id>.csv and
    its total from them; a sheet imported before is refused, or with replace updates that record."""
    alloc_kind = kind
    choices = "、".join(f"{k}（{v}）" for k, v in ALLOCATION_KINDS.items())
    if alloc_kind is not None and alloc_kind not in ALLOCATION_KINDS:
        fail("分配类别只能是 " + choices)
    source = Path(sheet_file)
    if not source.is_file():
        fail(f"找不到文件 {sheet_file}")
    grid, encoding = read_grid(source, sheet)
    try:
        table = read_sheet(grid, amount)
    except SheetError as exc:
        fail(f"{source.name}：{exc}")
    units = units_of(settings)
    unit = choose_unit(units, unit)
    month = month or _month_from(table.title) or _month_from(source.stem)
    if month is None:
        if not sys.stdin.isatty():
            fail("请用 --month 给出所属月份，例如 --month 2026-10")
        month = click.prompt("所属月份（YYYY-MM）", prompt_suffix="：")
    if not _valid_month(month):
        fail(f"月份“{month}”应写成 YYYY-MM，例如 2026-10")
    if alloc_kind is not None:
        origin = "由 --kind 指定"
    else:  # the title says it (综采一队2026年10月安全奖分配表), or else the file's name
        for where, text in (("表格标题", table.title), ("文件名", source.stem)):  # noqa: B007 (where: after the loop)
            if named := kinds_named(text):
                break
        if len(named) == 1:
            alloc_kind, origin = next(iter(named)), f"取自{where}“{text}”"
        else:
            problem = (
                f"{where}“{text}”中同时有“{'”和“'.join(named.values())}”，看不出是哪一类分配"
                if named
                else f"表格标题{f'“{table.title}”' if table.title else ''}和文件名“{source.stem}”中都看不出分配类别"
            )
            if not sys.stdin.isatty():
                fail(f"{problem}：请用 --kind 指定，可选：{choices}")
            click.echo(f"{problem}。")
            kinds = list(ALLOCATION_KINDS)
            for number, kind in enumerate(kinds, start=1):
                click.echo(f"  {number:>2}. {ALLOCATION_KINDS[kind]}（{kind}）")
            choice = click.prompt(
                "请输入分配类别的序号", type=click.IntRange(1, len(kinds)), prompt_suffix="："
            )
            alloc_kind, origin = kinds[choice - 1], "手工选择"
    when = day_option(day, settings)
    year, number = month.split("-")
    title = (
        title or f"{units[unit].name}{year}年{int(number)}月{ALLOCATION_KINDS[alloc_kind]}分配公示"
    )
    # the rows as imported, with their unit, month and kind: the same sheet saved again by Excel is
    # the same, and a fixed allowance paid alike every month is not
    rows = rows_csv(table)
    digest = staging.fingerprint(f"{unit} {month} {alloc_kind}\n{rows}")
    room = 59 - len(month) - len(alloc_kind)  # leaves room for "-2", "-3"… when taken
    base = f"{month}-{unit[:room].rstrip('-')}-{alloc_kind}"  # the editors' guide's naming, 年-月-单位-类别
    earlier = _imported_before(settings, digest, check_id(ident) if ident else base)
    if earlier is not None:
        found, same_sheet = earlier
        rel = found.relative_to(settings.root).as_posix()
        if same_sheet and not replace:
            fail(
                f"这张表已经导入过，内容一字不差：{rel}。不用再导入；表格改过之后，加 --replace 用它更新明细和总额"
            )
        if not replace and ident is None:
            fail(
                f"同一单位、同一月份、同一类别的分配公示已经导入过：{rel}。这张表是改过的那张，加 --replace 用它更新明细和总额；"
                "是另一张表（如补发），用 --id 给出新的 id"
            )
        if replace:
            _replace_rows(
                settings, found, table, rows, source.name, digest, (unit, month, alloc_kind)
            )
            return
    elif replace:
        fail(
            f"--replace：没有找到导入过的这张表，也没有 id 为 {ident or base} 的分配公示，没有可更新的记录；去掉 --replace 即可新建"
        )
    if ident is None:
        ident = scaffold.free_id(base, taken_ids(settings, "allocations"))
    path = new_path(settings, "allocations", ident, when)
    imported = scaffold.ImportedRows(
        month,
        alloc_kind,
        table.total,
        len(table.rows),
        scaffold.one_line(source.name),
        f"{ident}.csv",
        digest,
    )
    text = scaffold.render("allocations", title=title, unit=unit, day=when, imported=imported)
    staging.require(
        settings, source.name, {path: text, path.with_suffix(".csv"): rows}, CSV_HEADER, table
    )
    write_files(settings, {path: text, path.with_suffix(".csv"): rows})
    rel = path.relative_to(settings.root).as_posix()
    if encoding != "utf-8":
        click.echo(f"已将 GBK 编码的 {source.name} 转换为 UTF-8。")
    click.echo(f"分配类别：{ALLOCATION_KINDS[alloc_kind]}（{origin}）")
    click.echo(f"已导入 {len(table.rows)} 人，合计 {table.total:,.2f} 元（与表格合计一致）。")
    click.echo(
        f"已写入 {rel} 和 {rel[:-4]}.csv（草稿）。请补写分配依据，核对后删掉 draft: true 一行。"
    )


def _imported_before(settings: Settings, digest: str, ident: str) -> tuple[Path, bool] | None:
    """The allocation an earlier import of this very sheet wrote (its record names the sheet's
    fingerprint), else the one with the id this import would write; and whether it was the sheet."""
    if (found := staging.imported(settings, "allocations", digest)) is not None:
        return found, True
    folder = settings.data_dir / "allocations"
    # an id holds no pattern characters
    same_id = sorted(folder.rglob(f"{ident}.yml")) if folder.is_dir() else []
    return next(((path, False) for path in same_id if not path.is_symlink()), None)


def _replace_rows(
    settings: Settings,
    record: Path,
    table: Sheet,
    rows: str,
    sheet_name: str,
    digest: str,
    expected: tuple[str, str, str],
) -> None:
    """An earlier import's rows and total from the corrected sheet; the record's own text stays,
    its line endings too. Only a record of the same unit, month and kind is updated."""
    rel = record.relative_to(settings.root).as_posix()
    try:
        with open(record, encoding="utf-8", newline="") as stream:
            text = stream.read()
        value = load_yaml(record).value
    except (UnicodeDecodeError, SourceError, OSError):
        fail(
            f"{rel} 无法读取（不是 UTF-8 编码，或格式有误），不能用 --replace 更新：请先运行 gongkai check 修正它"
        )
    value = value if isinstance(value, dict) else {}
    found = tuple(str(value.get(key, "")) for key in ("unit", "month", "kind"))
    if found != expected:
        said = "、".join(
            f"{label}“{mine}”" for label, mine in zip(("单位", "月份", "类别"), found, strict=True)
        )
        wanted = "、".join(
            f"{label}“{mine}”"
            for label, mine in zip(("单位", "月份", "类别"), expected, strict=True)
        )
        fail(
            f"{rel} 是{said}的分配公示，这张表是{wanted}的：不能用它更新。请检查 --id、--unit、--month 和 --kind"
        )
    eol = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    if re.search(r"^rows\s*:", text, flags=re.M):
        fail(
            f"{rel} 的明细写在记录的 rows 里，不是导入的 .csv，不能用 --replace 更新：请手工修改，或删去 rows 后重新导入"
        )
    total = f'total: "{table.total:,.2f}"'
    text, count = re.subn(
        r"^total\s*:[^\n#]*?(\s*#.*)?$",
        lambda m: total + (m.group(1) or ""),
        text,
        count=1,
        flags=re.M,
    )
    if not count:
        fail(f"{rel} 里没有 total 一行，不能用 --replace 更新：请补上 total: 0 一行后再导入")
    people, sheet_name = len(table.rows), scaffold.one_line(sheet_name)
    text = re.sub(
        r"^# 导入自 .*（sha256:[0-9a-f]{16}）",
        lambda m: f"# 导入自 {sheet_name}（sha256:{digest}）",
        text,
        flags=re.M,
    )
    text = re.sub(
        r"明细由 .+? 导入，共 \d+ 人", lambda m: f"明细由 {sheet_name} 导入，共 {people} 人", text
    )
    text = re.sub(
        r"(# 明细在同一文件夹的 \S+ 中，共 )\d+( 行。)",
        lambda m: f"{m.group(1)}{people}{m.group(2)}",
        text,
    )
    staging.require(
        settings, sheet_name, {record: text, record.with_suffix(".csv"): rows}, CSV_HEADER, table
    )
    write_files(settings, {record: text.replace("\n", eol), record.with_suffix(".csv"): rows})
    click.echo(
        f"已用 {sheet_name} 更新 {rel} 的明细（{people} 人）和总额 {table.total:,.2f} 元；记录的其他内容没有改动。"
    )
    if str(value.get("draft", "")).lower() != "true":  # the loader keeps scalars as written
        click.echo(
            "这条分配公示已经发布过：更正后的明细在下次发布时替换原来的。请在分配依据中写明更正的原因和日期，核对后提交。"
        )
    else:
        click.echo("请核对后提交。")


def _month_from(title: str) -> str | None:
    found = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月", title)
    return (
        f"{found.group(1)}-{int(found.group(2)):02d}"
        if found and 1 <= int(found.group(2)) <= 12
        else None
    )


def _valid_month(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text))

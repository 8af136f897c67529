"""What an importer would write, checked by the build's own rules before anything is written.

The files are staged in a temporary project beside a copy of the project's lists (units,
categories, sessions, holidays) and of the folders whose records the new ones are checked against
(a proposal's number against the session's other proposals); the Loader of `gongkai check` reads
it. Only the staged files' problems count: a problem elsewhere in data/ is `gongkai check`'s to
tell. A clerk so learns of a negative amount or a mobile number at the Excel cell, before the
import writes a line, never later against a CSV line the clerk did not write.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from gongkai.data.errors import DataError, Problem
from gongkai.data.load import Loader
from gongkai.settings import Settings
from gongkai.tools.imports.workbook import Placed
from gongkai.tools.project import fail, today_of

LISTS = ("units.yml", "categories.yml", "sessions.yml", "holidays.yml")


def check(
    settings: Settings, files: dict[str, str], beside: tuple[str, ...] = ()
) -> dict[str, list[Problem]]:
    """The problems `gongkai check` would find in files (path under data/ → text), by that path;
    beside: folders of data/ copied too, for the rules across records."""
    with tempfile.TemporaryDirectory(prefix="gongkai-import-") as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir()
        for name in LISTS:
            if (settings.data_dir / name).is_file() and not (settings.data_dir / name).is_symlink():
                shutil.copyfile(settings.data_dir / name, data / name)
        for folder in beside:
            if (settings.data_dir / folder).is_dir():
                shutil.copytree(settings.data_dir / folder, data / folder, symlinks=True)
        staged = {}
        for name, text in files.items():
            path = data / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            staged[f"data/{name}"] = name
        try:
            Loader(root, data, today_of(settings), ZoneInfo(settings.timezone), pages=False).load()
            return {}
        except DataError as exc:
            found: dict[str, list[Problem]] = {}
            for problem in exc.problems:
                if problem.path in staged:
                    found.setdefault(staged[problem.path], []).append(problem)
            return found


def fingerprint(rows: str) -> str:
    """What an import writes into its record to know the same rows again: 16 hex digits of sha256."""
    return hashlib.sha256(rows.encode()).hexdigest()[:16]


def imported(settings: Settings, folder: str, digest: str) -> Path | None:
    """The record of data/<folder> an earlier import of the same rows wrote (it names their
    fingerprint, sha256:…), never read through a link."""
    base = settings.data_dir / folder
    for path in sorted(base.rglob("*.yml")) if base.is_dir() else ():
        if not path.is_symlink() and f"sha256:{digest}" in path.read_text(
            encoding="utf-8", errors="replace"
        ):
            return path
    return None


def require(
    settings: Settings,
    sheet_name: str,
    files: dict[Path, str],
    labels: dict[str, str],
    table: Placed,
) -> None:
    """Stop, at the sheet's cells, unless the files an import would write (a record and its .csv of
    rows, by path) pass the build's rules: check, then refuse."""
    names = {path.relative_to(settings.data_dir).as_posix(): text for path, text in files.items()}
    if found := check(settings, names):
        refuse(
            sheet_name, found, next(name for name in names if name.endswith(".csv")), labels, table
        )


def refuse(
    sheet_name: str,
    found: dict[str, list[Problem]],
    rows_file: str,
    labels: dict[str, str],
    table: Placed,
) -> None:
    """Stop with every problem of the staged files, a problem of the rows at its cell of the sheet
    (工资表.xlsx!E17（应发金额）): rows_file holds the rows, its line n the sheet's row
    table.lines[n - 2]; labels are the fields' columns in it."""
    headers, letters, lines = table.columns, table.letters, table.lines
    told = []
    for name, their in found.items():
        for problem in their:
            message = problem.message
            if name != rows_file:
                where, order = f"data/{name} 第 {problem.line} 行", (0, problem.line)
            elif not 2 <= problem.line < len(lines) + 2:
                where, order = f"{sheet_name} 的表头", (0, 0)
            else:
                row = lines[problem.line - 2]
                where, order = f"{sheet_name} 第 {row} 行", (row, 0)
                if key := _column_named(message, labels, letters):
                    where = f"{sheet_name}!{letters[key]}{row}（{headers.get(key, labels[key])}）"
                    # the cell says which field
                    message = re.sub(r"^「[^」]*」（[^）]*）：", "", message)
                    message = message.replace(
                        f"“{labels[key]}”列", f"“{headers.get(key, labels[key])}”列"
                    )
            told.append((order, where, message))
    told.sort(key=lambda item: item[0])
    in_record = any(name != rows_file for name in found)
    fail(
        f"按 gongkai check 的规则核对要写入的内容，发现 {len(told)} 处问题，没有写入任何文件：\n"
        + "\n".join(f"  {where}：{message}" for _, where, message in told)
        + (
            "\n请在表格中改正后再导入。"
            if not in_record
            else "\n表格中的问题请在表格中改正；data/ 中记录的问题，请按提示改正选项（如 --title）或那条记录后再导入。"
        )
    )


def _column_named(message: str, labels: dict[str, str], letters: dict[str, str]) -> str | None:
    """The field a problem's message is about: 「明细.amount」, “备注”列, （金额）, in that order."""
    for form in (".{key}」", "“{label}”列", "（{label}）"):
        for key, label in labels.items():
            if key in letters and form.format(key=key, label=label) in message:
                return key
    return None

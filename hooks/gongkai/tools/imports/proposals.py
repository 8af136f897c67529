"""Proposal registers (提案登记表) and suggestion registers (合理化建议登记表), imported as proposals.

One row a proposal, from its 案由 to the proposer's evaluation of the answer. Rows stand alone: a
row that cannot become a record is reported with its cells, and the others are still imported.
What a cell says in words (立案, 已解决, 基本满意) becomes the contract's key.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from pypinyin import lazy_pinyin

from gongkai.data.sessions import number_key
from gongkai.data.source import SourceError, load_yaml, parse_yaml
from gongkai.kinds import KINDS, Scaffold
from gongkai.kinds.proposal import ANSWER_RESULTS, EVALUATIONS, PROPOSAL_TYPES, REVIEW_RESULTS
from gongkai.settings import Settings
from gongkai.tools.imports import staging
from gongkai.tools.imports.workbook import (
    FOOTER,
    TOTAL_WORDS,
    SheetError,
    UnitNames,
    cell_amount,
    cell_name,
    cell_text,
    column_letter,
    find_header,
    header_field,
    normalize_header,
    person_name,
    read_grid,
    unique_columns,
)
from gongkai.tools.project import (
    choose_unit,
    day_option,
    fail,
    record_path,
    sessions_of,
    units_of,
    write_files,
)

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
    "body": (
        "内容",
        "提案内容",
        "案由及建议",
        "建议内容",
        "理由及建议",
        "具体建议",
        "主要内容",
        "提案理由及建议",
    ),
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
    "title": "案由",
    "proposers": "提案人",
    "date": "提出日期",
    "handlers": "承办单位",
    "answer_text": "答复意见",
    "evaluation": "提案人意见",
}
# The columns each field of the record comes from: a problem with a field names their cells.
PROPOSAL_FIELDS = {
    "title": ("title",),
    "unit": ("unit",),
    "date": ("date",),
    "type": ("type",),
    "session": ("session",),
    "number": ("number", "serial"),
    "proposers": ("proposers", "seconders"),
    "body": ("body",),
    "review": ("review_result", "review_note", "review_date", "merged_into"),
    "handlers": ("handlers", "cohandlers"),
    "due": ("due",),
    "answer": ("answer_date", "answer_result", "answer_text"),
    "evaluation": ("evaluation", "evaluation_date"),
    "award": ("award", "award_amount", "award_by", "award_date"),
    "benefit": ("benefit",),
}

# What clerks write in a cell, in the order tried: the first word the cell contains decides, so a
# longer or negated phrase comes before the word inside it (不予立案 before 立案, 未解决 before
# 解决). None: words that say no choice (未解决 is neither solved nor a reason given).
TYPE_WORDS = (
    ("合理化建议", "suggestion"),
    ("职代会提案", "proposal"),
    ("提案", "proposal"),
    ("建议", "suggestion"),
)
REVIEW_WORDS = (  # 不予立案，转为意见建议 is referred: not a proposal, yet not dropped
    ("转为意见建议", "referred"),
    ("转意见", "referred"),
    ("转建议", "referred"),
    ("转为建议", "referred"),
    ("作为意见建议", "referred"),
    ("意见建议", "referred"),
    ("不予立案", "declined"),
    ("不立案", "declined"),
    ("未立案", "declined"),
    ("未予立案", "declined"),
    ("并案", "merged"),
    ("并入", "merged"),
    ("立案", "accepted"),
)
ANSWER_WORDS = (
    ("未解决", None),
    ("没有解决", None),
    ("未落实", None),
    ("因条件限制", "explained"),
    ("暂缓", "explained"),
    ("暂不", "explained"),
    ("无法解决", "explained"),
    ("不能解决", "explained"),
    ("解释", "explained"),
    ("列入计划", "planned"),
    ("纳入计划", "planned"),
    ("列入", "planned"),
    ("纳入", "planned"),
    ("正在解决", "planned"),
    ("逐步解决", "planned"),
    ("已解决", "solved"),
    ("解决", "solved"),
    ("已落实", "solved"),
    ("落实", "solved"),
    ("办结", "solved"),
)
EVALUATION_WORDS = (("不满意", "unsatisfied"), ("基本满意", "basically"), ("满意", "satisfied"))
DELEGATION_SUFFIXES = ("代表团", "代表组")  # 综采一队代表团 is 综采一队's delegation

_SESSION_WORDS = re.compile(r"第|职工代表大会|职代会|代表大会|大会|会议")
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?"
)
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
    # what was filled in from elsewhere, for the summary
    filled: list[str] = field(default_factory=list)

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
    # (row as Excel numbers it, message)
    problems: list[tuple[int, str]] = field(default_factory=list)
    # the rows with problems, as far as they read
    refused: list[ProposalRow] = field(default_factory=list)
    # type / session → (default, where it came from)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)


def _proposal_match(header: str) -> str | None:
    return header_field(header, PROPOSAL_SPELLINGS)


def _word(
    text: str, words: tuple[tuple[str, str | None], ...], labels: dict[str, str]
) -> tuple[bool, str | None]:
    """(found, key) for a cell's words: a key or label itself (accepted, 立案), else the first word
    of words the cell contains; (False, None) when none is there."""
    norm = normalize_header(text)
    for key, label in labels.items():
        if norm in (key, normalize_header(label)):
            return True, key
    for word, key in words:
        if word in norm:
            return True, key
    return False, None


def _type_named(text: str) -> str | None:
    """The type a register's title names: 合理化建议 (or 建议) or 提案; None when it names both or neither."""
    norm = normalize_header(text)
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
    found = sorted(
        (
            (len(session_key(name)), ident)
            for ident, (name, _) in sessions.items()
            if session_key(name) and session_key(name) in norm
        ),
        reverse=True,
    )
    return found[0][1] if found else None


def sheet_date(value: object, where: str) -> date | None:
    """A date as clerks' sheets hold it: a date cell, an Excel serial (46087), 2026-03-06, 2026/3/6,
    2026.3.6, 2026年3月6日 or 20260306; None when empty. where names the cell for the message."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value))
    if re.fullmatch(r"\d{5}(\.\d+)?", text) and EXCEL_SERIALS[0] <= float(text) <= EXCEL_SERIALS[1]:
        # a serial: a cell without a date format, or its CSV
        return EXCEL_EPOCH + timedelta(days=int(float(text)))
    found = _DATE.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if found:
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            raise SheetError(f"{where}的日期“{text}”不存在：请检查月份和日子") from None
    raise SheetError(f"{where}的日期“{text}”看不懂：请写成 2026-03-06、2026/3/6 或 2026年3月6日")


def parse_due(value: object, where: str) -> date | dict | None:
    """办理时限: a date, or 20个工作日 → {"working_days": 20}; None when empty."""
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    if found := _WORKING_DAYS.fullmatch(re.sub(r"\s+", "", text)):
        return {"working_days": int(found.group(1))}
    try:
        return sheet_date(value, where)
    except SheetError:
        raise SheetError(
            f"{where}的办理时限“{text}”看不懂：请写日期（如 2026-06-30），或“20个工作日”这样的工作日数"
        ) from None


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
        part = (
            re.sub(r"等\s*(\d+\s*[人名位])?$", "", part.strip())
            if len(part.strip()) > 3
            else part.strip()
        )
        tokens = part.split()
        merged: list[str] = []
        for token in tokens:  # single characters belong together: 王 伟 → 王伟
            if merged and len(token) == 1 and len(merged[-1]) == 1:
                merged[-1] += token
            else:
                merged.append(token)
        names += [person_name(name) for name in merged if name]
    return list(dict.fromkeys(names))


def read_proposals(
    grid: list[list[object]],
    units: dict[str, str],
    sessions: dict[str, tuple[str, date]],
    defaults: ProposalDefaults,
    name: str = "",
) -> Register:
    """Find the header and read every proposal below it, up to a signature line (制表人：…) or a
    合计/共计 line. units: id → name (data/units.yml); sessions: id → (name, date) (data/sessions.yml);
    name: the file's name, where a type or a session may be read when the title says none.
    A problem of the file (no 案由 column, no number) raises SheetError; a problem of a row is
    reported on it, with its cells, and the row is left out."""
    register = Register()
    register.title, header, first = find_header(
        grid, _proposal_match, "title", "包含“案由”（或“提案题目”“题目”“标题”“建议名称”）"
    )
    columns = unique_columns(header, first - 1, _proposal_match, PROPOSAL_LABELS)
    if "number" in columns:  # 序号 is then a running number
        columns.pop("serial", None)
    register.columns = {key: header[i] for key, i in columns.items()}
    register.ignored = [
        f"“{text}”（{column_letter(i)} 列）"
        for i, text in enumerate(header)
        if text and i not in columns.values()
    ]
    where = f"表头（第 {first} 行）"
    if "number" not in columns and "serial" not in columns:
        raise SheetError(
            f"{where}中没有编号列：请加一列“编号”（或“提案编号”“序号”），同一届次中不重复。"
            "导入时用编号生成文件名（如 11-1-05），再次导入同一张表时也靠它认出已导入的提案"
        )
    if "proposers" not in columns:
        raise SheetError(
            f"{where}中没有提案人列：请加一列“提案人”（或“领衔人”“提出人”“建议人”），几个人用顿号“、”隔开，第一位是领衔人"
        )
    if "unit" not in columns and defaults.unit is None:
        raise SheetError(
            f"{where}中没有提案单位列（“提案单位”“代表团”“单位”）：请用 --unit 指定提案单位，如 --unit union"
        )
    kind, session = _register_defaults(register, columns, sessions, defaults, name)
    reader = _ProposalReader(
        header,
        columns,
        UnitNames(units),
        sessions,
        ProposalDefaults(kind, session, defaults.unit, defaults.day, defaults.due),
    )
    for r in range(first, len(grid)):
        row = grid[r]
        filled = [t for t in (cell_text(c) for c in row) if t]
        if not filled:
            continue
        if FOOTER.match(filled[0]) or filled[0].startswith((*TOTAL_WORDS, "共计")):
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


def _register_defaults(
    register: Register,
    columns: dict[str, int],
    sessions: dict[str, tuple[str, date]],
    defaults: ProposalDefaults,
    name: str,
) -> tuple[str | None, str | None]:
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
            + (
                f"请用 --session 指定，可用的有：{known}"
                if sessions
                else "还没有 data/sessions.yml，请先在其中写上这次职代会（见编辑指南·字段说明），再用 --session 指定"
            )
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
        return cell_text(self.value(key)).replace("\r\n", "\n").replace("\r", "\n").strip()

    def at(self, key: str) -> str:
        """“答复日期”（K7）."""
        return (
            f"“{self.header[self.columns[key]]}”（{cell_name(self.r, self.columns[key])}）"
            if key in self.columns
            else ""
        )

    def cells(self, keys: tuple[str, ...]) -> str:
        """The cells of some fields, left to right: “答复日期”（M5）、“答复意见”（N5）."""
        return "、".join(
            self.at(key)
            for key in sorted((k for k in keys if k in self.columns), key=self.columns.get)
        )

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

    def __init__(
        self,
        header: list[str],
        columns: dict[str, int],
        names: UnitNames,
        sessions: dict[str, tuple[str, date]],
        defaults: ProposalDefaults,
    ):
        self.header, self.columns, self.names, self.sessions, self.defaults = (
            header,
            columns,
            names,
            sessions,
            defaults,
        )

    def read(self, cells: _Row) -> ProposalRow:
        """The row as a record, as far as it reads; what does not is in cells.problems."""
        item = ProposalRow(
            cells.r + 1, {}, {key: cells.cells(keys) for key, keys in PROPOSAL_FIELDS.items()}
        )
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
            problems.append(
                f"没有编号（{cells.at(number_key)}为空）：同一届次中每件提案的编号不同，导入时用它生成文件名"
            )
        kind = defaults.type
        if written := cells.text("type"):
            if (kind := proposal_type(written)) is None:
                problems.append(
                    f"{cells.at('type')}的类型“{written}”看不懂：请写“提案”（职代会提案）或“合理化建议”"
                )
        elif kind is None:
            problems.append(
                f"{cells.at('type')}为空，看不出是职代会提案还是合理化建议：请填写“提案”或“合理化建议”，或用 --type 指定"
            )
        if kind:
            data["type"] = kind
        session = defaults.session if kind == "proposal" else None
        if written := cells.text("session"):
            session = resolve_session(written, self.sessions)
            if session is None:
                known = "、".join(f"{ident}（{n}）" for ident, (n, _) in self.sessions.items())
                problems.append(
                    f"{cells.at('session')}的届次“{written}”不在 data/sessions.yml 中：请写成其中一次职代会的 id 或名称"
                    + (
                        f"，可用的有：{known}"
                        if known
                        else "；还没有 data/sessions.yml，请先在其中写上这次职代会"
                    )
                )
        if session is not None:
            data["session"] = session
        if number:
            data["number"] = number
        if written := cells.text("unit"):
            ids = self.names.ids(written)
            for suffix in DELEGATION_SUFFIXES:  # 综采一队代表团 → 综采一队
                ids = ids or (
                    self.names.ids(written[: -len(suffix)]) if written.endswith(suffix) else []
                )
            if len(ids) == 1:
                data["unit"] = ids[0]
            else:
                problems.append(_unit_problem(cells.at("unit"), written, ids, self.names))
        elif defaults.unit is not None:
            data["unit"] = defaults.unit
        else:
            problems.append(
                f"没有提案单位（{cells.at('unit')}为空）：请填写单位名称（如 综采一队），或用 --unit 指定"
            )
        if cells.text("date"):
            if (day := cells.day("date")) is not None:
                data["date"] = day
        elif defaults.day is not None:
            data["date"] = defaults.day
        # a proposal is made to its congress: its day, said in the summary
        elif session in self.sessions:
            data["date"] = self.sessions[session][1]
            item.filled.append("date")
        else:
            blank = f"{cells.at('date')}为空" if "date" in self.columns else "表格中没有提出日期列"
            problems.append(f"没有提出日期（{blank}）：请填写提出日期，或用 --date 指定")
        if proposers := list(
            dict.fromkeys(_people(cells.text("proposers")) + _people(cells.text("seconders")))
        ):
            data["proposers"] = proposers
        else:
            problems.append(
                f"没有提案人（{cells.at('proposers')}为空）：请填写提案人，几个人用顿号“、”隔开，第一位是领衔人"
            )
        if body := _paragraphs(cells.text("body")):
            data["body"] = body

    def _review(self, cells: _Row, item: ProposalRow) -> None:
        """审查: the result in words (审查结果, else 审查意见: many registers keep one column for both),
        the words beyond the result as its note, its date (the session's day when empty and the
        proposal was made by then: the committee reviews during the congress) and, for 并案, which
        proposal it went into."""
        result_key = next(
            (key for key in ("review_result", "review_note") if cells.text(key)), None
        )
        written = cells.text(result_key) if result_key else ""
        review: dict[str, Any] = {}
        if written:
            found, review["result"] = _word(written, REVIEW_WORDS, REVIEW_RESULTS)
            if not found:
                cells.problems.append(
                    f"{cells.at(result_key)}的审查结果“{_one_line(written)}”看不懂：请写“立案”“并案”“转为意见建议”或“不予立案”"
                )
        bare = {
            *REVIEW_RESULTS,
            *(normalize_header(label) for label in REVIEW_RESULTS.values()),
            *(word for word, _ in REVIEW_WORDS),
        }
        notes = (_one_line(cells.text(key)) for key in ("review_note", "review_result"))
        if note := next(
            (note for note in notes if note and normalize_header(note) not in bare), ""
        ):
            review["note"] = note
        session, made = item.data.get("session"), item.data.get("date")
        if cells.text("review_date"):
            if (day := cells.day("review_date")) is not None:
                review["date"] = day
        elif (
            written
            and session in self.sessions
            and made is not None
            and made <= self.sessions[session][1]
        ):
            review["date"] = self.sessions[session][1]
            item.filled.append("review.date")
        if review.get("result") == "merged":
            ref = _one_line(cells.text("merged_into")) or next(
                (
                    found.group(1)
                    for key in ("review_result", "review_note")
                    if (
                        found := _MERGED_INTO.search(unicodedata.normalize("NFKC", cells.text(key)))
                    )
                ),
                None,
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
        if handlers := list(
            dict.fromkeys(
                cells.units("handlers", self.names) + cells.units("cohandlers", self.names)
            )
        ):
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
            where = (
                f"在{cells.at('handlers')}" if "handlers" in self.columns else "加一列“承办单位”，"
            )
            cells.problems.append(
                f"审查结果是立案，但没有承办单位：请{where}填写主办单位（几个单位用顿号隔开，第一个是主办单位）"
            )
        if not cells.text("due") and due is None:
            where = f"在{cells.at('due')}" if "due" in self.columns else "加一列“办理时限”，"
            cells.problems.append(
                f"审查结果是立案，但没有办理时限：请{where}填写日期或“20个工作日”，或用 --due 指定（如 --due 20个工作日）"
            )

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
                cells.problems.append(
                    f"{cells.at('answer_result')}的答复类别“{written}”看不懂：请写“已解决”“列入计划”或“因条件限制暂缓解决”"
                )
        elif reply:
            answer["result"] = next(
                (key for word, key in ANSWER_WORDS if normalize_header(reply).startswith(word)),
                None,
            )
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
                cells.problems.append(
                    f"{cells.at('evaluation')}的评价“{written}”看不懂：请写“满意”“基本满意”或“不满意”"
                )
        if evaluation:
            item.data["evaluation"] = evaluation
        award: dict[str, Any] = {}
        if level := _one_line(cells.text("award")):
            award["level"] = level
        if cells.text("award_amount"):
            try:
                award["amount"] = cell_amount(
                    cells.value("award_amount"), cells.r, self.columns["award_amount"]
                )
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
    slug = re.sub(
        r"[^a-z0-9]+",
        "-",
        "-".join(lazy_pinyin(unicodedata.normalize("NFKC", data["number"]))).lower(),
    ).strip("-")
    if session and slug.startswith(session + "-"):  # 11-1-05 written whole
        slug = slug[len(session) + 1 :]
    if re.fullmatch(r"\d+", slug):
        slug = slug.lstrip("0").zfill(2)
    if not slug:
        return None
    base = (
        f"{session}-{slug}"
        if data.get("type") == "proposal" and session
        else f"{data['date'].year}-jianyi-{slug}"
    )
    return base[:64].rstrip("-")


def same_number(a: str, b: str) -> bool:
    """Whether two numbers are one: 5, 05 and 第5号 are (kinds.proposal.number_key)."""
    return number_key(a) == number_key(b)


def render_proposal(
    item: ProposalRow,
    *,
    sheet: str,
    units: dict[str, str],
    sessions: dict[str, tuple[str, date]],
    draft: bool,
) -> str:
    """The record's YAML, formatted as `gongkai new` writes a proposal: the common head, one field a
    line with its meaning in a Chinese comment, the text blocks as Markdown."""
    data = item.data
    kind = KINDS["proposals"]
    head = kind.head(kind.label, Scaffold(data["title"], data["unit"], data["date"]))
    if not draft:
        head = "".join(
            line for line in head.splitlines(keepends=True) if not line.startswith("draft:")
        )
    out = [head, f"# 由 {_comment(sheet)} 第 {item.row} 行导入\n"]
    out.append(
        f"type: {data['type']}   # 类型：{PROPOSAL_TYPES[data['type']]}；proposal（职代会提案）、suggestion（合理化建议）\n"
    )
    if session := data.get("session"):
        out.append(
            f"session: {session}   # 届次：{_comment(sessions[session][0]) if session in sessions else 'data/sessions.yml 中的 id'}\n"
        )
    unique = "同一届次中不能重复" if data["type"] == "proposal" else "同一年的合理化建议中不能重复"
    out.append(f"number: {_yaml(data['number'])}   # 编号（{unique}）\n")
    out.append(
        f"proposers: [{', '.join(_yaml(n) for n in data['proposers'])}]   # 提案人，第一位是领衔人\n"
    )
    if "body" in data:
        out.append(
            "body: |   # 提案内容，Markdown 格式；每行前面空两格\n" + _block(data["body"], 2)
        )
    else:
        out.append(
            "body: |   # 提案内容，Markdown 格式：表格中没有，请补写后删掉 draft: true\n  请在这里填写提案的案由和建议。\n"
        )
    if review := data.get("review"):
        said = REVIEW_RESULTS.get(review.get("result"), "")
        review = {
            key: review[key] for key in ("date", "result", "note", "merged_into") if key in review
        }
        out.append(
            f"review: {_flow(review)}   # 审查{('：' + said) if said else ''}；结果 accepted（立案）、merged（并案）、referred（转为意见建议）、declined（不予立案）\n"
        )
    if handlers := data.get("handlers"):
        shown = "、".join(_comment(units.get(h, h)) for h in handlers)
        out.append(f"handlers: [{', '.join(handlers)}]   # 承办单位，第一个是主办单位：{shown}\n")
    if (due := data.get("due")) is not None:
        if isinstance(due, dict):
            out.append(
                f"due: {_flow(due)}   # 办理时限：从审查日期起 {due['working_days']} 个工作日（跳过法定节假日）\n"
            )
        else:
            out.append(f"due: {due.isoformat()}   # 办理时限\n")
    if answer := data.get("answer"):
        said = ANSWER_RESULTS.get(answer.get("result"), "")
        out.append(
            f"answer:   # 答复{('：' + said) if said else ''}；结果 solved（已解决）、planned（列入计划）、explained（因条件限制暂缓解决）\n"
        )
        for key in ("date", "result"):
            if answer.get(key) is not None:
                out.append(f"  {key}: {_yaml(answer[key])}\n")
        if "text" in answer:
            out.append("  text: |   # 答复内容，Markdown 格式\n" + _block(answer["text"], 4))
    if evaluation := data.get("evaluation"):
        said = EVALUATIONS.get(evaluation.get("result"), "")
        out.append(
            f"evaluation: {_flow(evaluation)}   # 提案人评价{('：' + said) if said else ''}；satisfied（满意）、basically（基本满意）、unsatisfied（不满意）\n"
        )
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
    return (
        "{"
        + ", ".join(f"{key}: {_yaml(value)}" for key, value in mapping.items() if value is not None)
        + "}"
    )


def _block(text: str, indent: int) -> str:
    """The lines of a literal block (|), indented."""
    pad = " " * indent
    return "".join(f"{pad}{line}\n" if line else "\n" for line in text.split("\n"))


def run(
    settings: Settings,
    sheet_file: str,
    *,
    kind: str | None,
    session: str | None,
    unit: str | None,
    day: str | None,
    due: str | None,
    publish: bool,
    sheet: str | None,
    others: dict[str, object],
) -> None:
    """gongkai import --proposals: a register of proposals (提案登记表) or of suggestions (合理化建议
    登记表) becomes one record a row under data/proposals/<year>/. A row that cannot become a record
    that passes `gongkai check` is reported on its row, with the fix, and not written: the clerk
    corrects the register and imports it again, and the rows written before are skipped, since an
    existing record is never overwritten."""
    if given := [name for name, value in others.items() if value]:
        fail(f"{'、'.join(given)} 不用于导入提案（--proposals）：请去掉 {'、'.join(given)}")
    units = units_of(settings)
    sessions = {
        item.id: (item.name, item.date) for item in sessions_of(settings, strict=True).values()
    }
    defaults = ProposalDefaults()
    if kind is not None and (chosen_type := proposal_type(kind)) is None:
        fail(f"类型“{kind}”看不懂：--type 只能是 proposal（职代会提案）或 suggestion（合理化建议）")
    if session is not None and (session_id := resolve_session(session, sessions)) is None:
        known = "、".join(f"{k}（{name}）" for k, (name, _) in sessions.items())
        fail(
            f"届次“{session}”不在 data/sessions.yml 中"
            + (
                f"，可用的有：{known}"
                if known
                else "：还没有 data/sessions.yml，请先在其中写上这次职代会"
            )
        )
    defaults.type = chosen_type if kind is not None else None
    defaults.session = session_id if session is not None else None
    if unit is not None:
        defaults.unit = choose_unit(units, unit)
    defaults.day = day_option(day, settings) if day is not None else None
    try:
        defaults.due = parse_due(due, "--due ") if due is not None else None
    except SheetError as exc:
        fail(str(exc))
    source = Path(sheet_file)
    if not source.is_file():
        fail(f"找不到文件 {sheet_file}")
    grid, encoding = read_grid(source, sheet)
    try:
        register = read_proposals(
            grid, {k: u.name for k, u in units.items()}, sessions, defaults, source.stem
        )
    except SheetError as exc:
        fail(f"{source.name}：{exc}")
    problems = list(register.problems)  # (row, message)
    skipped: list[tuple[int, str]] = []
    planned = _plan_proposals(settings, register, problems, skipped)
    texts = {
        ident: render_proposal(
            item,
            sheet=source.name,
            units={k: u.name for k, u in units.items()},
            sessions=sessions,
            draft=not publish or item.body_missing,
        )
        for ident, item in planned.items()
    }
    _check_planned(settings, planned, texts, problems)
    written = []
    for ident, item in sorted(planned.items(), key=lambda pair: pair[1].row):
        path = record_path(settings, "proposals", ident, item.data["date"])
        if path.exists():  # written meanwhile: never overwritten
            skipped.append(
                (item.row, f"{path.relative_to(settings.root).as_posix()} 已存在，不会覆盖")
            )
            continue
        write_files(settings, {path: texts[ident]})
        written.append((item, path.relative_to(settings.root).as_posix()))
    _report_proposals(source, encoding, register, sessions, written, skipped, problems, publish)
    sys.exit(1 if problems else 0)


def _report_proposals(
    source: Path,
    encoding: str,
    register: Register,
    sessions: dict,
    written: list,
    skipped: list,
    problems: list,
    publish: bool,
) -> None:
    """What a clerk reads after an import: what was recognised, what was written and skipped, and
    every problem on its row (as Excel numbers it) with the fix."""
    if encoding != "utf-8":
        click.echo(f"已将 GBK 编码的 {source.name} 转换为 UTF-8。")
    for key, what in (
        ("type", "行"),
        ("session", "职代会提案"),
    ):  # a column says it row by row; the default fills the rest
        label = {"type": "类型", "session": "届次"}[key]
        value, origin = register.origins.get(key, (None, ""))
        shown = (
            ""
            if value is None
            else f"{PROPOSAL_TYPES[value]}（{origin}）"
            if key == "type"
            else f"{sessions[value][0]}（{value}，{origin}）"
        )
        if key in register.columns:
            click.echo(
                f"{label}：按“{register.columns[key]}”列"
                + (f"，该列为空的{what}为{shown}" if shown else "")
            )
        elif shown:
            click.echo(f"{label}：{shown}")
    if register.ignored:
        click.echo(f"没有导入的列：{'、'.join(register.ignored)}。")
    drafts = [item for item, _ in written if not publish or item.body_missing]
    if written:
        click.echo(f"已写入 {len(written)} 件{'（草稿）' if len(drafts) == len(written) else ''}：")
        for item, rel in written:
            click.echo(
                f"  {rel}（第 {item.row} 行{'，草稿' if publish and item.body_missing else ''}）"
            )
    else:
        click.echo("没有写入提案。")
    if skipped:
        click.echo(f"已跳过 {len(skipped)} 件（已有的记录不会被覆盖）：")
        for row, message in sorted(skipped, key=lambda pair: pair[0]):
            click.echo(f"  {source.name} 第 {row} 行：{message}")
    if problems:
        click.echo(f"{len({row for row, _ in problems})} 行有问题，没有导入：")
        for row, message in sorted(problems, key=lambda pair: pair[0]):
            click.echo(f"  {source.name} 第 {row} 行：{message}")
    for key, what in (("date", "提出日期"), ("review.date", "审查日期")):
        if rows := [str(item.row) for item, _ in written if key in item.filled]:
            click.echo(f"第 {'、'.join(rows)} 行没有{what}，按届次的开会日期填写了，请核对。")
    if missing := [str(item.row) for item, _ in written if item.body_missing]:
        click.echo(
            f"第 {'、'.join(missing)} 行没有提案内容，写成了草稿：请在 body 中补写案由和建议，再删掉 draft: true 一行。"
        )
    if len(drafts) > len(missing):
        click.echo(
            "请核对写入的提案，无误后删掉各文件中的 draft: true 一行（草稿不会发布）；也可以删掉这些文件，加 --publish 重新导入。"
        )
    if problems:
        click.echo("请在表格中改正这些行，再导入一次：已经写入的提案会跳过，不会重复写入。")


def _existing_proposals(settings: Settings) -> dict[str, tuple[str, str, str, str]]:
    """The proposals already in data/: id → (path from the root, title, session, number)."""
    folder = settings.data_dir / "proposals"
    found = {}
    for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else ():
        try:
            value = load_yaml(path).value
        except (SourceError, OSError):
            value = None
        value = value if isinstance(value, dict) else {}  # unreadable: still its id, which is taken
        rel = path.relative_to(settings.root).as_posix()
        found[path.stem] = (
            rel,
            *(str(value.get(key) or "") for key in ("title", "session", "number")),
        )
    return found


def _plan_proposals(settings: Settings, register: Register, problems: list, skipped: list) -> dict:
    """id → row for the rows to write: a row whose proposal is already there (its id, or its number
    in its session, with the same title) is skipped; one whose id or number another proposal
    holds is a problem; 并案 rows point to the id of the proposal they went into."""
    existing = _existing_proposals(settings)
    planned: dict[str, ProposalRow] = {}
    for item in register.rows:
        data = item.data
        ident = proposal_id(data)
        if ident is None:
            problems.append(
                (
                    item.row,
                    f"编号“{data['number']}”中没有数字或字母，不能用来生成文件名：请改用数字编号，如 05",
                )
            )
            continue
        clash = existing.get(ident) or next(
            (
                info
                for info in existing.values()
                if data.get("session")
                and info[2] == data["session"]
                and info[3]
                and same_number(info[3], data["number"])
            ),
            None,
        )
        if clash is not None:
            rel, title = clash[0], clash[1]
            if re.sub(r"\s+", "", title) == re.sub(r"\s+", "", data["title"]):  # the same proposal
                skipped.append((item.row, f"已有这件提案：{rel}（标题相同），不会覆盖"))
            elif data.get("session") and clash[3] and same_number(clash[3], data["number"]):
                problems.append(
                    (
                        item.row,
                        (
                            f"编号“{data['number']}”在届次 {data['session']} 中已被 {rel}（“{title}”）使用："
                            "同一届职代会的提案编号不能相同，请核对编号"
                        ),
                    )
                )
            else:
                why = (
                    "同一届次的提案编号不能重复"
                    if data["type"] == "proposal"
                    else "合理化建议的文件名是“年-jianyi-编号”，同一年的编号不能重复"
                )
                problems.append(
                    (
                        item.row,
                        f"按编号生成的文件名 {ident} 已被 {rel}（“{title}”）使用：请核对编号（{why}）",
                    )
                )
            continue
        if ident in planned:
            problems.append(
                (
                    item.row,
                    f"编号“{data['number']}”与第 {planned[ident].row} 行相同：同一届次（合理化建议：同一年）中编号不能重复",
                )
            )
            continue
        planned[ident] = item
    for ident, item in list(planned.items()):
        if item.merged_ref is None:
            continue
        target = _merged_target(item, ident, planned, existing)
        unread = next(
            (
                row.row
                for row in register.refused
                if row.data.get("session") == item.data.get("session")
                and row.data.get("number")
                and same_number(row.data["number"], item.merged_ref)
            ),
            None,
        )
        if target is None and unread is not None:
            problems.append(
                (item.row, f"并入的提案（第 {unread} 行）有问题没有导入：请先改正那一行")
            )
            del planned[ident]
        elif target is None:
            problems.append(
                (
                    item.row,
                    (
                        f"并入的第 {item.merged_ref} 号提案找不到：表格和 data/proposals 中都没有"
                        f"届次 {item.data.get('session', '')} 的这个编号。请核对审查意见中的编号"
                    ),
                )
            )
            del planned[ident]
        else:
            item.data["review"]["merged_into"] = target
    return planned


def _merged_target(item: ProposalRow, ident: str, planned: dict, existing: dict) -> str | None:
    """The id of the proposal a 并案 row went into: an id as written, else its number in the session."""
    ref, session = item.merged_ref, item.data.get("session")
    if ref in planned or ref in existing:
        return ref
    for other, row in planned.items():
        if (
            other != ident
            and row.data.get("session") == session
            and same_number(row.data["number"], ref)
        ):
            return other
    for other, info in existing.items():
        if session and info[2] == session and info[3] and same_number(info[3], ref):
            return other
    return None


def _check_planned(
    settings: Settings, planned: dict, texts: dict[str, str], problems: list
) -> None:
    """Check the records to write as `gongkai check` would, beside the project's units, sessions and
    proposals (staging.check); a row whose record it refuses is a problem and is not written (nor
    a row merged into it), until what is left passes."""
    while planned:
        staged = {
            f"proposals/{item.data['date'].year}/{ident}.yml": ident
            for ident, item in planned.items()
        }
        found = staging.check(
            settings, {name: texts[ident] for name, ident in staged.items()}, beside=("proposals",)
        )
        by_id = {staged[name]: their for name, their in found.items()}
        refused: dict[str, int] = {}  # id → its row
        for ident, their in by_id.items():
            item = planned.pop(ident)
            refused[ident] = item.row
            fields = _fields_by_line(texts[ident])
            for problem in their:
                cells = item.cells.get(
                    next((key for line, key in fields if line <= problem.line), ""), ""
                )
                problems.append(
                    (item.row, problem.message + (f"（表格中的{cells}）" if cells else ""))
                )
        while dropped := [
            (ident, item)
            for ident, item in planned.items()
            if item.data.get("review", {}).get("merged_into") in refused
        ]:
            for ident, item in dropped:  # a proposal merged into one that is not written
                into = item.data["review"]["merged_into"]
                problems.append(
                    (item.row, f"并入的提案（第 {refused[into]} 行）有问题没有导入：请先改正那一行")
                )
                refused[ident] = planned.pop(ident).row
        if not refused:
            return


def _fields_by_line(text: str) -> list[tuple[int, str]]:
    """(line, field) of a record's YAML, the last line first: a problem's line (a key's, or one
    inside a text block) belongs to the field of the nearest key above it."""
    return sorted(
        ((line, loc[0]) for loc, line in parse_yaml(text).lines.items() if loc), reverse=True
    )

"""Reading editors' files: text encodings, YAML with the line of every key, CSV rows with theirs."""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is ~7x faster; both keep start marks on every node
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels ship libyaml on every platform we target
    from yaml import SafeLoader as _Loader

Loc = tuple  # a path into a record: ("period", "to") or ("rows", 3, "amount")


# PyYAML's problems, as an editor would understand them.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "这里不能出现“冒号加空格”：文字里含有冒号时，请给整段文字加上引号；或者这一行的缩进不对",
    "could not find expected ':'": "缺少冒号“:”，每一项应写成“字段: 值”",
    "found character that cannot start any token": "出现了不能作为开头的字符：常见原因是用了 Tab 键缩进（请改用空格），或以 @、` 等符号开头的文字没有加引号",
    "found character '\\t' that cannot start any token": "不能用 Tab 键缩进，请改用空格",
    "found undefined alias": "引用了未定义的锚点（*名称）",
    "did not find expected key": "缩进不一致，同一层的字段应左对齐",
    "did not find expected '-' indicator": "列表缩进不一致，每一项的“-”应左对齐",
    "found unexpected end of stream": "引号或括号没有闭合",
    "did not find expected node content": "缺少内容，请检查是否多了符号",
    "did not find expected ',' or '}'": "花括号 {…} 内的写法有误：各项之间用英文逗号分隔，最后要有右括号",
    "did not find expected ',' or ']'": "方括号 […] 内的写法有误：各项之间用英文逗号分隔，最后要有右括号",
}


class SourceError(Exception):
    """A file that cannot be read at all; carries the line where reading failed."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Located:
    """A parsed document: plain values (scalars kept as text) and the line of every key."""

    value: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int:
        """The line of loc, or of its nearest ancestor that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most limit bytes. A symbolic link is not followed and a
    pipe or a device not read (the inventory of data/ names them; this holds wherever a file is
    read from), a file too large is refused before it is read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise SourceError(
            1, "这是符号链接（快捷方式），为防止读到 data/ 以外的文件，不会读取它：请换成文件本身"
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise SourceError(
            1, "这不是普通文件（可能是管道、设备或文件夹），不会读取它：请换成文件本身"
        )
    with os.fdopen(fd, "rb") as stream:
        if info.st_size > limit:
            raise SourceError(1, _too_large(info.st_size, limit))
        raw = stream.read(limit + 1)
    if len(raw) > limit:  # it grew while being read
        raise SourceError(1, _too_large(len(raw), limit))
    return raw


def _too_large(size: int, limit: int) -> str:
    return f"文件有 {_megabytes(size)}，超过了 {_megabytes(limit)} 的上限：请检查是否放错了文件，或把内容拆成几条记录"


def read_text(path: Path, limit: int) -> str:
    """Read UTF-8 (with or without BOM) from a regular file of at most limit bytes; refuse GBK and
    other encodings with a located message."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB2312 编码（Windows 记事本或 Excel 的默认编码）"
        except UnicodeDecodeError:
            guess = "无法识别其编码"
        raise SourceError(
            line,
            f"文件不是 UTF-8 编码，{guess}。请用 UTF-8 编码另存此文件"
            "（记事本：另存为 → 编码选“UTF-8”；Excel：另存为“CSV UTF-8（逗号分隔）”）",
        ) from exc


MAX_YAML_BYTES = 2 * 1024 * 1024  # a record with a 20,000-row table inline stays under it
MAX_CSV_BYTES = 10 * 1024 * 1024  # 20,000 rows of a pay table are about 1.5 MB
MAX_DEPTH = 16  # the deepest field of a record is four levels down (roster.rows[0].name)

# Characters that no board text needs and that break pages, feeds or the reader's eye: C0 and C1
# controls (tab and line feed aside), DEL, lone surrogates, non-characters, the Unicode line and
# paragraph separators (YAML counts them as line breaks, editors do not: lines would disagree), and
# the controls that reverse the direction of text (they can make a number or a name read differently).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# the same in a whole file, where a carriage return ends Windows lines
_FORBIDDEN_IN_FILE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NO_KEY = object()
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def escape_controls(text: str) -> str:
    """The text with every forbidden character shown as its code (for a message that names it)."""
    return re.sub(
        "[\x00-\x1f]",
        lambda m: f"\\u{ord(m.group()):04x}",
        _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text),
    )


def forbidden_character(text: str) -> str | None:
    """A message for the first forbidden character in a text, or None."""
    found = _FORBIDDEN.search(text)
    return character_message(found.group()) if found else None


def character_message(char: str) -> str:
    """Why a character may not be published, and what to do."""
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        what = f"控制文字方向的不可见字符 {code}（它会让数字和姓名显示得与实际不同）"
    elif char in "\u2028\u2029":
        what = f"不可见的分行符 {code}"
    elif "\ud800" <= char <= "\udfff" or "\ufdd0" <= char <= "\ufdef" or char in "\ufffe\uffff":
        what = f"无效字符 {code}"
    else:
        what = f"不可见的控制字符 {code}"
    return (
        f"含有{what}，会让网页和订阅源出错：请删除它"
        "（常见于从网页、Word 或其他系统复制来的文字，可以删掉这段文字重新输入）"
    )


def load_yaml(path: Path) -> Located:
    """Parse one YAML file into plain values with text scalars, remembering every key's line.

    Bounded: the file's size, the depth of nesting, no aliases (with them a few hundred bytes
    expand into gigabytes), no control characters anywhere."""
    # lines as editors count them
    text = read_text(path, MAX_YAML_BYTES).replace("\r\n", "\n").replace("\r", "\n")
    found = _FORBIDDEN_IN_FILE.search(text)
    if found:
        raise SourceError(text.count("\n", 0, found.start()) + 1, character_message(found.group()))
    return parse_yaml(text)


_ANCHOR = "YAML 格式错误：不支持 YAML 的锚点和引用（&名称、*名称），以 & 或 * 开头的文字会被丢掉一部分：请给整段文字加英文双引号，或把内容直接写出来"
_TAG = "YAML 格式错误：以 ! 开头的写法是 YAML 的类型标记，后面的文字会被丢掉一部分：请给整段文字加英文双引号"


def parse_yaml(text: str) -> Located:
    """YAML text into plain values and lines, built from libyaml's events one at a time: nothing
    is made that the limits have not allowed, and no document can recurse through Python or C."""
    doc = Located(None)
    stack: list[_Frame] = []
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise SourceError(
                        line,
                        "一个文件只能写一条记录：请删去第二个“---”及其后的内容，或把它们移到另一个文件",
                    )
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                # an anchor alone is harmless, but YAML drops it from the text: "&abc 文字" reads "文字"
                raise SourceError(line, _ANCHOR)
            if not isinstance(
                event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
            ):
                continue
            if event.tag not in (None, "!"):
                # an explicit tag ("!abc 文字", "!!str") is dropped from the text as well
                raise SourceError(line, _TAG)
            parent = stack[-1] if stack else None
            if parent is not None and parent.mapping and parent.key is _NO_KEY:
                _key(event, line, parent, doc)
                continue
            if parent is None:
                loc: Loc = ()
                doc.lines[()] = line
            elif parent.mapping:
                loc = parent.loc + (parent.key,)
            else:
                loc = parent.loc + (len(parent.value),)
                doc.lines[loc] = line
            if isinstance(event, yaml.ScalarEvent):
                value = _scalar(event, line)
                if not event.style and event.end_mark.line > event.start_mark.line and loc:
                    raise SourceError(
                        doc.lines.get(loc, line), _folded(loc[-1], line, event.end_mark.line + 1)
                    )
            elif len(stack) >= MAX_DEPTH:
                raise SourceError(
                    line,
                    f"嵌套太深（超过 {MAX_DEPTH} 层）：记录的字段不会嵌套这么多层，请检查缩进和括号",
                )
            else:
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
            if parent is None:
                doc.value = value
            elif parent.mapping:
                parent.value[parent.key] = value
                parent.key = _NO_KEY
            else:
                parent.value.append(value)
            if not isinstance(event, yaml.ScalarEvent):
                stack.append(_Frame(value, loc, isinstance(value, dict)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        cause = likely_cause(text, line)
        if cause is not None:
            raise SourceError(*cause) from exc
        problem = exc.problem or ""
        hint = next((zh for en, zh in _YAML_PROBLEMS.items() if problem.startswith(en)), None)
        hint = hint or "写法不符合 YAML 格式，请检查缩进、冒号和引号"
        raise SourceError(line, f"YAML 格式错误：{hint}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(1, "YAML 格式错误：文件无法解析，请检查写法") from exc
    return doc


_FULLWIDTH_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.]*)\s*：")
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.]*):(?=[^\s/])(.*)$")
_BLOCK_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_]\w*):\s*[|>][-+0-9]*\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_]\w*\s*:(?:\s|$)")


def _folded(key: Any, first: int, last: int) -> str:
    name = f"「{key}」" if isinstance(key, str) else "这一项"
    return (
        f"{name}的文字写了好几行（第 {first} 到 {last} 行），但{f' {key}:' if isinstance(key, str) else '“-”'} 后面没有写 |："
        f"这样几行会被连成一行，分段和换行都会丢失。多行文字请写成“{key}: |”，下面每行空两格"
        if isinstance(key, str)
        else f"{name}的文字写了好几行（第 {first} 到 {last} 行）：这样几行会被连成一行。请写在一行里，或给整段文字加上引号"
    )


def _indent_message(character: str) -> str:
    what, thing = (" Tab 键", " Tab") if character == "\t" else ("全角空格", "全角空格")
    return f"YAML 格式错误：这一行行首用了{what}缩进，YAML 只认半角空格：请删去行首的{thing}，改用半角空格（正文的每一行前面空两格）"


_LEADING = re.compile(r"^[ ]*([\t\u3000])")


def likely_cause(text: str, line: int) -> tuple[int, str] | None:
    """The mistake clerks make most, near where libyaml stopped (it stops a line late): a Chinese
    colon, no space after the colon, a line of a block of text that lost its indentation. The line
    it stands on and what to do, or None."""
    lines = text.split("\n")
    for number in (line - 1, line):
        if 1 <= number <= len(lines) and (found := _LEADING.match(lines[number - 1])):
            return number, _indent_message(found.group(1))
    for number in (line - 1, line):
        if not 1 <= number <= len(lines):
            continue
        current = lines[number - 1]
        found = _FULLWIDTH_COLON.match(current)
        if found:
            key = found.group(1)
            return (
                number,
                f"YAML 格式错误：“{key}”后面用了中文冒号“：”，请改成英文冒号加一个空格，写成“{key}: …”",
            )
        found = _NO_SPACE.match(current)
        if found:
            key, value = found.groups()
            return (
                number,
                f"YAML 格式错误：“{key}:”后面缺少空格，冒号后面要空一格，请写成“{key}: {value.strip()}”",
            )
    for number in (line - 1, line):
        if (
            not 2 <= number <= len(lines)
            or not lines[number - 1].strip()
            or _KEY.match(lines[number - 1])
        ):
            continue
        indent = len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
        for above in range(number - 1, 0, -1):
            block = _BLOCK_KEY.match(lines[above - 1])
            if block and indent <= len(block.group(1)):
                return number, (
                    f"YAML 格式错误：这一行少了缩进，程序读不懂它。如果它是上面「{block.group(2)}」的内容，"
                    "请在行首空两格，与上一行对齐（正文的每一行前面都要空两格）"
                )
            if lines[above - 1].strip() and not lines[above - 1].startswith(" "):
                break
    return None


@dataclass
class _Frame:
    """A mapping or sequence being filled, where it sits, and (a mapping's) key awaiting its value."""

    value: Any
    loc: Loc
    mapping: bool
    key: Any = _NO_KEY


def _key(event: yaml.Event, line: int, parent: _Frame, doc: Located) -> None:
    if not isinstance(event, yaml.ScalarEvent):
        raise SourceError(line, "字段名应是一个词，不能是列表或一组字段：请检查这一行的写法")
    bad = forbidden_character(event.value)
    if bad:
        raise SourceError(line, f"字段名{bad}")
    if event.value.startswith("\u3000"):
        raise SourceError(line, _indent_message("\u3000"))
    if event.value in parent.value:
        first = doc.lines[parent.loc + (event.value,)]
        raise SourceError(
            line, f"字段「{event.value}」重复出现（第 {first} 行已有），请删去其中一个"
        )
    parent.key = event.value
    doc.lines[parent.loc + (event.value,)] = line


def _scalar(event: yaml.ScalarEvent, line: int) -> str | None:
    plain = not event.style  # libyaml gives "" for a plain scalar, the pure-Python parser None
    if plain and event.value in _NULLS:  # explicit tags were refused before
        return None
    bad = forbidden_character(event.value)
    if bad:
        raise SourceError(line, bad)
    return event.value


def load_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV table: its header and each non-empty row with its line number. A control
    character anywhere refuses the table, on its line (one search of the whole text)."""
    text = read_text(path, MAX_CSV_BYTES)
    found = _FORBIDDEN_IN_FILE.search(text)
    if found:
        raise SourceError(text.count("\n", 0, found.start()) + 1, character_message(found.group()))
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for cells in reader:
            line, end = end + 1, reader.line_num  # the row's first line, and its last
            if end > line and any("\n" in cell or "\r" in cell for cell in cells):
                raise SourceError(
                    line,
                    f'这一行的一格里有换行（从第 {line} 行到第 {end} 行被读成了一格）：多半是这一格开头的英文双引号 " 没有配对，'
                    "后面几行被读了进去。请检查这一行的引号，文字里的引号请改用中文引号“ ”；一格里的文字请写成一行",
                )
            if not any(cell.strip() for cell in cells):
                continue
            if not header:
                header = [cell.strip() for cell in cells]
            else:
                rows.append((line, cells))
    except csv.Error:  # a cell over the csv module's 128 KiB: an opening quote that never closes
        start = rows[-1][0] + 1 if rows else (2 if header else 1)
        raise SourceError(
            start,
            f'从第 {start} 行起的一格长得不像表格内容，多半是某一格开头的英文双引号 " 没有配对：'
            "请检查这几行的引号，文字里的引号请改用中文引号“ ”",
        ) from None
    return header, rows

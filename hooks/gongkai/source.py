"""Reading editors' files: text encodings, YAML with the line of every key, CSV rows with theirs."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is ~7x faster; both keep start marks on every node
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels ship libyaml on every platform we target
    from yaml import SafeLoader as _Loader

Loc = tuple  # a path into a record: ("period", "to") or ("rows", 3, "amount")

_NULL = "tag:yaml.org,2002:null"

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


def read_text(path: Path) -> str:
    """Read UTF-8 (with or without BOM); refuse GBK and other encodings with a located message."""
    raw = path.read_bytes()
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


def load_yaml(path: Path) -> Located:
    """Parse one YAML file into plain values with text scalars, remembering every key's line."""
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or ""
        hint = next((zh for en, zh in _YAML_PROBLEMS.items() if problem.startswith(en)), None)
        hint = hint or "写法不符合 YAML 格式，请检查缩进、冒号和引号"
        raise SourceError(mark.line + 1 if mark else 1, f"YAML 格式错误：{hint}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(1, "YAML 格式错误：文件无法解析，请检查写法") from exc
    doc = Located(None)
    if node is None:
        return doc
    doc.lines[()] = node.start_mark.line + 1
    doc.value = _construct(node, (), doc.lines)
    return doc


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            lines[loc + (index,)] = child.start_mark.line + 1
            items.append(_construct(child, loc + (index,), lines))
        return items
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise SourceError(line, f"字段「{key}」重复出现（第 {lines[loc + (key,)]} 行已有），请删去其中一个")
        lines[loc + (key,)] = line
        mapping[key] = _construct(value_node, loc + (key,), lines)
    return mapping


def load_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read a CSV table: its header and each non-empty row with its line number."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if not header:
            header = [cell.strip() for cell in cells]
        else:
            rows.append((line, cells))
    return header, rows

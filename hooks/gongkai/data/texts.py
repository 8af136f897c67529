"""Rules over a record's texts as written, for the Loader: the privacy guard over every text, a
template's example text left in a record that is no longer a draft, and Markdown that cannot be
shown (or that would show a number only rendering reveals). Each takes the record's RecordCheck."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gongkai.data import privacy
from gongkai.data.markup import (
    RENDER_SECONDS,
    MarkdownRenderer,
    RenderTimeout,
    first_paragraph,
)
from gongkai.data.messages import field_label
from gongkai.data.people import privacy_message
from gongkai.data.schema import MARKDOWN_LIMIT
from gongkai.data.source import Located
from gongkai.data.withheld import matches
from gongkai.kinds.base import PLACEHOLDERS

if TYPE_CHECKING:
    from gongkai.data.checking import RecordCheck
    from gongkai.kinds import Kind

# what may stand before a template's example text: （请填写分配依据。）
_OPENING = " \t\n\u3000（(【[“\"‘'《<"


def render(
    check: RecordCheck, kind: Kind, data: dict, renderer: MarkdownRenderer
) -> dict[str, Any]:
    """The record's Markdown fields as safe HTML, made now so that a body that cannot be shown
    is refused before anything is written: raw HTML that would vanish or swallow the text after
    it, Markdown too deeply nested to render, and numbers that only rendering reveals (entities,
    comments and emphasis inside a number)."""
    out: dict[str, Any] = {}
    for key in kind.markdown:
        loc = tuple(key.split("."))  # answer.text: a Markdown field inside a mapping
        text = _at(data, loc)
        if not isinstance(text, str) or len(text) > MARKDOWN_LIMIT:
            continue  # the schema says what is wrong with it
        label = field_label(kind.schema, loc)
        try:
            refused, html = renderer.convert(text)  # within RENDER_SECONDS
        except (RecursionError, RenderTimeout) as exc:
            renderer.reset()  # a converter left mid-way is not reused
            why = (
                "嵌套太深（如几十层缩进的列表）"
                if isinstance(exc, RecursionError)
                else f"结构过于复杂，{RENDER_SECONDS:g} 秒内生成不了页面（如成千上万个“[”）"
            )
            check.at(loc, f"{label}的 Markdown {why}，无法显示：请改成普通段落")
            continue
        for tag in refused:
            check.add(_tag_line(check.doc, loc, text, tag), _tag_message(label, tag))
        rendered = privacy.scan(privacy.visible_text(str(html))) if _hides_digits(text) else []
        for found in rendered:
            where = "「" + key + "」"
            line = _text_line(check.doc, loc, text, found, rendered=True)
            check.add(line, privacy_message(where, found))
        # the first paragraph as plain text is the summary of feeds, cards and calendars: what
        # only it shows (139#5371#2345 reads 13953712345 there) is told once, as the summary's
        summarised = key == "body" and kind.summary_from_body and not data.get("summary")
        in_summary = privacy.scan(first_paragraph(text, limit=len(text) + 1)) if summarised else []
        if in_summary:
            told = {found.masked for found in rendered + privacy.scan(text)}
            for found in in_summary:
                if found.masked not in told:
                    where = "「body」的第一段（用作摘要）"
                    line = _text_line(check.doc, loc, text, found, rendered=True)
                    check.add(line, privacy_message(where, found))
        out[key] = html
    return out


def placeholders(check: RecordCheck, kind: Kind, value: Any, loc: tuple = ()) -> None:
    """A record that is no longer a draft may not publish a template's example text."""
    if isinstance(value, dict):
        for key, child in value.items():
            placeholders(check, kind, child, loc + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            placeholders(check, kind, child, loc + (index,))
    elif isinstance(value, str) and value.lstrip(_OPENING).startswith(PLACEHOLDERS):
        shown = value.strip().splitlines()[0]
        check.at(
            loc,
            f"{field_label(kind.schema, loc)}还是模板里的示例文字“{shown}”：请改成实际内容；还没写好的记录请保留 draft: true（草稿不会发布）",
        )


def guard(
    check: RecordCheck, value: Any, loc: tuple = (), gathered: Gathered | None = None
) -> None:
    """The privacy guard over every text of a record, as written; the contact field may hold a
    phone number, and money is never one."""
    if loc == () and isinstance(value, dict):
        # one scan of the whole record; field by field only when it finds something
        gathered = gathered or gather(value)
        if not privacy.scan(privacy.BREAK.join(gathered.strict)) and not privacy.scan(
            privacy.BREAK.join(gathered.loose), allow_phone=True
        ):
            return
    if isinstance(value, dict):
        for key, child in value.items():
            guard(check, child, loc + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            guard(check, child, loc + (index,))
    elif isinstance(value, str):
        for found in privacy.scan(value, allow_phone=loc == ("contact",) or _is_money(loc)):
            where = (
                "「"
                + ".".join(str(p) if isinstance(p, str) else f"第{p + 1}项" for p in loc)
                + "」"
            )
            check.add(_text_line(check.doc, loc, value, found), privacy_message(where, found))


def _at(data: Any, loc: tuple) -> Any:
    """The raw value at a path of keys, or None."""
    for key in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


MONEY_KEYS = frozenset(("total", "amount"))  # money fields: an amount is never a phone number


def _is_money(loc: tuple) -> bool:
    return bool(loc) and loc[-1] in MONEY_KEYS


@dataclass
class Gathered:
    """A record's texts from one walk of it: for the privacy guard, those scanned strictly and
    those that may be money or a phone number (money fields, contact); for the names a period
    withdraws, its free text and the fields that name persons (a withdrawable table's rows aside)."""

    strict: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    free: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)


def gather(value: dict, skip: tuple = (), persons: tuple[str, ...] = ()) -> Gathered:
    """Every text of a record, sorted as Gathered says. A top-level money field is scanned strictly
    as well (it is never inside a table of money), as before."""
    out = Gathered()
    patterns = [tuple(part.split(".")) for part in persons]
    stack: list[tuple[tuple, Any, bool]] = [((key,), child, False) for key, child in value.items()]
    while stack:
        loc, item, skipped = stack.pop()
        skipped = skipped or (bool(skip) and loc == skip)
        if isinstance(item, dict):
            stack.extend((loc + (key,), child, skipped) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((loc + (index,), child, skipped) for index, child in enumerate(item))
        elif isinstance(item, str):
            contact = loc[0] == "contact"
            if not contact and not _is_money(loc[1:]):
                out.strict.append(item)
            if _is_money(loc) or contact:
                out.loose.append(item)
            if not skipped and item.strip():
                (
                    out.named if patterns and any(matches(loc, p) for p in patterns) else out.free
                ).append(item)
    return out


def _tag_message(label: str, tag: str) -> str:
    if tag == "img":
        return f"{label}中的图片（![…](…) 或 <img>）不会显示：照片请写在 photos（活动）或 photo（先进事迹）字段，文件放到 data/media"
    return (
        f"{label}中不能使用 HTML 标签 <{tag}>：它不会显示，<script>、<style> 等还会让后面的正文一起消失。"
        "正文请用 Markdown 书写；HTML 标签只能用 <u>、<sub>、<sup>、<mark>、<br> 等简单的几种（见编辑指南）"
    )


def _tag_line(doc: Located, loc: tuple, text: str, tag: str) -> int:
    """The line of a raw tag inside a block of text (an image written in Markdown, for <img>)."""
    start = doc.line(loc)
    pattern = re.compile(
        r"<\s*" + re.escape(tag) + r"\b|!\[" if tag == "img" else r"<\s*" + re.escape(tag) + r"\b",
        re.I,
    )
    for offset, text_line in enumerate(text.splitlines()):
        if pattern.search(text_line):
            return start + offset + (1 if "\n" in text else 0)
    return start


def _text_line(
    doc: Located, loc: tuple, value: str, found: privacy.Finding, rendered: bool = False
) -> int:
    """The line of a finding inside a block of text: where the scanner found it in the text as
    written, or (found in the rendered text) the first line of the lines that hold its digits, its
    shown head and tail with as many digits between as it has (a number may run over lines)."""
    start = doc.line(loc)
    block = 1 if "\n" in value else 0  # a block scalar (| or >) starts on the line after its key
    if not rendered:
        return start + value.count("\n", 0, found.offset) + block
    head = found.masked.split("*", 1)[0]
    tail = found.masked.rsplit("*", 1)[-1]
    hidden = found.masked.count("*")
    shape = re.compile(re.escape(head) + rf"[0-9X]{{{hidden}}}" + re.escape(tail))
    lines = [_digits(line) for line in value.splitlines()]
    for offset, digits in enumerate(lines):
        joined = "".join(lines[offset : offset + 8])
        match = shape.search(joined)
        if match and match.start() < len(digits):
            return start + offset + block
    return start


# markup or a backslash escape next to a digit, separators and invisible characters between them;
# or a line break between digits, which a paragraph shows as a space
_AROUND_MARKUP = re.compile(
    rf"&#|&[a-z]+;|\d[{privacy.GAP}]*[<*_`~\[\]\\]|[>*_`~\]);\\][{privacy.GAP}]*\d|\d[{privacy.GAP}\t]*\n[{privacy.GAP}\t]*\d"
)


def _hides_digits(markdown: str) -> bool:
    """Whether rendering could join digits the text as written keeps apart (an entity, or markup
    next to a digit): only then is the rendered text scanned again."""
    return _AROUND_MARKUP.search(markdown) is not None


def _digits(text: str) -> str:
    """The digits of a line of Markdown as a reader sees them (entities decoded, full-width folded)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", html.unescape(text)) if ch in "0123456789X"
    )

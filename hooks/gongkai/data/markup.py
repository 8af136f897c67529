"""Markdown from records, rendered and sanitised; plain text escaped by the templates' autoescape."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "mark",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "abbr",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align", "scope"},
    "td": {"align"},
    "abbr": {"title"},
    "ol": {"start"},
}


TABLE_BOX = '<div class="gk-table" tabindex="0" role="region" aria-label="表格（可左右滑动）">'


class MarkdownRenderer:
    """One Markdown converter reused for every field of a build, followed by the ammonia sanitiser."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """A fresh converter: one left mid-way by a timeout or a recursion is not reused."""
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")

    def render(self, text: str) -> Markup:
        """Markdown to safe HTML: headings start at h2, scripts, styles and handlers are gone."""
        return self.convert(text)[1]

    def convert(self, text: str) -> tuple[list[str], Markup]:
        """The raw HTML tags an editor wrote that a page may not carry (they would vanish, or take
        the text after them along: <script>, <style>, <iframe>, an image …), and the safe HTML."""
        plain = plain_paragraphs(text)
        if plain is not None:
            return [], plain
        with time_limit():
            return self._convert(text)

    def _convert(self, text: str) -> tuple[list[str], Markup]:
        self._md.reset()
        html = self._md.convert(text)
        html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
        # raw HTML comes from a "<"
        refused = _refused_tags(html) if "<" in text or "![" in text else []
        clean = nh3.clean(
            html,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
        # wide tables scroll in their own box, which a keyboard can reach (added after cleaning)
        return refused, Markup(
            clean.replace("<table>", TABLE_BOX + "<table>").replace("</table>", "</table></div>")
        )


# Prose with nothing for Markdown to read: no character it gives a meaning to anywhere, no line
# that could open a block (a heading, list, quote, rule, setext underline or indented code), no
# whitespace but single spaces inside lines. Most notices are such paragraphs; Python-Markdown and
# the sanitiser would return them as <p> elements unchanged, at a tenth of a millisecond each.
_MARKUP = re.compile(r"[\\`*_\[\]<>&|\x00-\x09\x0b-\x1f\x7f]|[^\S \n]|^[ #>=+-]|^\d+[.)]| $", re.M)


def plain_paragraphs(text: str) -> Markup | None:
    """Plain prose as the HTML Markdown and the sanitiser would make of it, or None when the text
    holds anything Markdown could read (tests/data/test_markup.py compares the two on generated
    text)."""
    if _MARKUP.search(text) or not text.strip():
        return None
    blocks = [block for block in text.split("\n\n") if block.strip("\n")]
    return Markup("\n".join(f"<p>{block.strip(chr(10))}</p>" for block in blocks))


RENDER_SECONDS = 2.0  # a long notice renders in a few hundredths of a second


class RenderTimeout(Exception):
    """Markdown that took longer than its budget to render (Python-Markdown is quadratic on some
    shapes of text, such as thousands of unclosed "[")."""


@contextmanager
def time_limit(seconds: float = RENDER_SECONDS) -> Iterator[None]:
    """Raise RenderTimeout in the block after seconds. Only the main thread can take the alarm:
    builds, checks and publishing run there; a preview's rebuild thread runs without a limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum, frame):
        raise RenderTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Tags(HTMLParser):
    """Collects the names of the tags in HTML, in order, once each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in self.names:
            self.names.append(tag)


def _refused_tags(html: str) -> list[str]:
    if "<" not in html:
        return []
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return [name for name in parser.names if name not in _TAGS]


_LIST_ITEM = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")  # | --- | :-: |
_PAUSE = tuple("：:；;，,。.、！!？?")


def first_paragraph(text: str, limit: int = 120) -> str:
    """The first paragraph of Markdown as plain text, for a summary. Tables and code are skipped;
    the items of a list are joined by "；" unless one ends in a stop of its own (a reader sees them
    apart, and so must the privacy scan); the lines of a paragraph or of an item by a space."""
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if block.lstrip().startswith(("```", "~~~")) or any(
            _TABLE_RULE.match(line) for line in lines
        ):
            continue
        items: list[str] = []
        for line in lines:
            if _LIST_ITEM.match(line) or not items:
                items.append(_LIST_ITEM.sub("", line).strip())
            else:
                items[-1] += " " + line.strip()
        plain = ""
        for item in filter(None, items):
            plain += item if not plain else ("" if plain.endswith(_PAUSE) else "；") + item
        plain = re.sub(r"!\[.*?\]\(.*?\)|\(http[^)]*\)|[#>*_`\[\]]", "", plain)
        plain = " ".join(plain.replace("|", " ").split())
        if plain and not set(plain) <= set("-:； "):
            return plain if len(plain) <= limit else plain[: limit - 1] + "…"
    return ""

"""Markdown from records, rendered and sanitised; plain text escaped by the templates' autoescape."""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark",
    "ul", "ol", "li", "blockquote", "hr", "code", "pre",
    "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
    "a", "abbr",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align", "scope"}, "td": {"align"}, "abbr": {"title"}, "ol": {"start"}}


TABLE_BOX = '<div class="gk-table" tabindex="0" role="region" aria-label="表格（可左右滑动）">'


class MarkdownRenderer:
    """One Markdown converter reused for every field of a build, followed by the ammonia sanitiser."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")

    def render(self, text: str) -> Markup:
        """Markdown to safe HTML: headings start at h2, scripts, styles and handlers are gone."""
        self._md.reset()
        html = self._md.convert(text)
        html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
        clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
        # wide tables scroll in their own box, which a keyboard can reach (added after cleaning)
        return Markup(clean.replace("<table>", TABLE_BOX + "<table>").replace("</table>", "</table></div>"))


def first_paragraph(text: str, limit: int = 120) -> str:
    """The first paragraph of Markdown as plain text, for a summary."""
    for block in re.split(r"\n\s*\n", text.strip()):
        plain = re.sub(r"[#>*_`|\[\]]|!\[.*?\]\(.*?\)|\(http[^)]*\)", "", block)
        plain = re.sub(r"^\s*([-+]|\d+\.)\s+", "", plain, flags=re.M)
        plain = " ".join(plain.split())
        if plain and not set(plain) <= set("-: "):
            return plain if len(plain) <= limit else plain[: limit - 1] + "…"
    return ""

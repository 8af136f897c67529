"""Reading a built site as text, search index included, for assertions on what it publishes."""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path


def file_text(path: Path) -> str:
    """A built file as text, gzipped files unpacked, zero-width spaces gone."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8", errors="replace")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text).replace("\u200b", "")


def site_text(site: Path) -> str:
    """Every file of the site that could carry text, as one string."""
    texts = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix not in (".png", ".jpg", ".svg", ".pdf", ".woff2"):
            texts.append(file_text(path))
    return "\n".join(texts)


def page_text(path: Path) -> str:
    """The visible text of one HTML page."""
    raw = re.sub(
        r"<(script|style)[^>]*>.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())

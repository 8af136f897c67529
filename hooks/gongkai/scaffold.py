"""New records from templates with Chinese comments, and ids proposed from their titles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pypinyin import Style, lazy_pinyin

from .kinds import KINDS, Scaffold


def propose_id(title: str, day: date, taken: set[str]) -> str:
    """A valid, unused id from the title's pinyin: 2026年冬季劳保发放 → 2026-nian-dong-ji-lao-bao-fa-fang."""
    words = lazy_pinyin(title, style=Style.NORMAL)  # runs of other characters stay whole: 2026, KTV
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    if len(slug) > 56:  # room for "-2", "-3"…; cut between syllables: …-fen-pei, never …-fen-pe
        slug = slug[:57].rsplit("-", 1)[0] if "-" in slug[:57] else slug[:56]
    slug = slug or day.strftime("%Y%m%d")
    if not slug[0].isalnum():
        slug = "r" + slug
    ident, number = slug, 2
    while ident in taken:
        ident, number = f"{slug}-{number}", number + 1
    return ident


@dataclass(frozen=True)
class ImportedRows:
    """An allocation whose rows were imported into <id>.csv from a sheet."""

    month: str
    kind: str
    total: Decimal
    count: int
    sheet: str  # the sheet's file name
    csv: str  # the rows' file name


def render(
    kind: str, *, title: str, unit: str, day: date, category: str = "other", imported: ImportedRows | None = None
) -> str:
    """The text of a new record of a kind (its folder); an allocation with imported rows names its
    CSV instead of carrying a placeholder row."""
    return KINDS[kind].scaffold(Scaffold(title, unit, day, category, imported))

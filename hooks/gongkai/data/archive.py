"""What loading data/ gives: every record as an Entry, and the Archive of them with the units,
categories, sessions and holiday calendar they refer to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from gongkai import urls
from gongkai.data.errors import Problem
from gongkai.data.schema import Category, Unit
from gongkai.data.sessions import Session
from gongkai.data.workdays import Calendar
from gongkai.kinds import KINDS

if TYPE_CHECKING:
    from gongkai.data.withheld import Table


@dataclass
class Entry:
    """One record as loaded: its kind, id, source file, typed fields and publication state."""

    kind: str  # the kind's folder: "disclosures", "allocations" …
    id: str
    src: str  # "data/disclosures/2026/x.yml"
    record: Any  # the kind's schema instance
    published: bool = False
    # "draft" or "scheduled": not published, but shown by a preview (Loader's drafts)
    pending: str = ""
    rows_src: str | None = None  # the CSV the rows came from, if any
    # Markdown fields as safe HTML, made while validating
    rendered: dict[str, Any] = field(default_factory=dict)
    # its texts as written, joined and folded: free text, then fields naming persons
    texts: tuple[str, ...] = ()
    headcount: int = 0  # the number of people of its table, kept when its named rows are not
    # the sum of its table's amounts (Decimal), kept too; None without amounts
    table_total: Any = None
    stamp: tuple = ()  # what the record was read from (file sizes and times), for previews

    @property
    def key(self) -> str:
        """kind/id, as written in `related`."""
        return f"{self.kind}/{self.id}"

    @property
    def url(self) -> str:
        """The page's address relative to the site root."""
        return urls.url("record", kind=self.kind, id=self.id)


@dataclass
class Archive:
    """Everything loaded from data/: the organisation, the categories and every record."""

    today: date
    tz: ZoneInfo
    units: dict[str, Unit] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    # the workers' congress, data/sessions.yml
    sessions: dict[str, Session] = field(default_factory=dict)
    entries: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS}
    )
    # kind/id → names a period withdraws (publish's proof only)
    tables: dict[str, Table] = field(default_factory=dict)
    # working days: the library and data/holidays.yml
    calendar: Calendar = field(default_factory=Calendar)
    # groups of words a search takes for one another: the project's and data/synonyms.yml
    synonyms: list[tuple[str, ...]] = field(default_factory=list)
    # located, but no error: estimates, names seen elsewhere
    notices: list[Problem] = field(default_factory=list)

    def published(self, kind: str) -> list[Entry]:
        """The published entries of a kind, newest first (by date, then id)."""
        items = [entry for entry in self.entries[kind].values() if entry.published]
        return sorted(items, key=lambda e: (e.record.date, e.id), reverse=True)

    def scheduled(self) -> list[Entry]:
        """Records that are ready but dated after today: published on the first build on their day."""
        waiting = [
            e
            for entries in self.entries.values()
            for e in entries.values()
            if e.pending == "scheduled"
        ]
        return sorted(waiting, key=lambda e: (e.record.date, e.src))

    def drafts(self) -> list[Entry]:
        """Records marked draft: true, never published."""
        return sorted(
            (
                e
                for entries in self.entries.values()
                for e in entries.values()
                if e.pending == "draft"
            ),
            key=lambda e: e.src,
        )

    def lookup(self, key: str) -> Entry | None:
        """The entry named by kind/id, or None."""
        kind, _, ident = key.partition("/")
        return self.entries.get(kind, {}).get(ident)

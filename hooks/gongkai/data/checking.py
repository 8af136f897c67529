"""What a kind's rules are given for one record, instead of the Loader: which record it is, where
its lines are, and where its problems, claims and references go. The Loader makes one for every
record it reads; what they collected is checked once every record is read (references.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongkai.data.errors import Problems
from gongkai.data.source import Located


def relative(path: Path, root: Path) -> str:
    """A path as an editor sees it: relative to the repository root, with slashes."""
    try:
        # files found under data_dir, itself under root
        return path.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class Reference:
    """Something a record names that must exist: checked once every file has been read."""

    src: str  # the file that names it
    record: str  # the id of the record that names it
    line: int
    what: str  # "unit" | "category" | "photo" | "attachment" | "related" | "session" | "proposal" | "claim:<group>"
    value: str
    label: str


@dataclass
class RecordCheck:
    """One record under its kind's rules."""

    kind: str  # the kind's folder
    id: str  # the record's id: its file's name
    path: Path  # its file
    rel: str  # its file as messages name it: data/disclosures/2026/x.yml
    doc: Located  # its values and the line of every key
    root: Path  # the repository, which messages' paths are relative to
    problems: Problems = field(default_factory=Problems)
    refs: list[Reference] = field(default_factory=list)

    def add(self, line: int, message: str, where: str | None = None) -> None:
        """A problem at a line of the record (or of `where`, the table's CSV)."""
        self.problems.add(where or self.rel, line, message)

    def at(self, loc: tuple, message: str) -> None:
        """A problem at the line of a key of the record (its nearest written ancestor)."""
        self.problems.add(self.rel, self.doc.line(loc), message)

    def rel_of(self, path: Path) -> str:
        """A file beside the record as messages name it (relative to the repository, slashes)."""
        return relative(path, self.root)

    @property
    def csv_path(self) -> Path:
        """<id>.csv beside the record: where a table of people may be written instead."""
        return self.path.with_suffix(".csv")

    def refer(self, line: int, what: str, value: str, label: str, where: str | None = None) -> None:
        """Something the record names that must exist (unit, category …), checked once every file
        is read."""
        self.refs.append(Reference(where or self.rel, self.id, line, what, value, label))

    def claim(self, group: str, key: str, line: int, message: str) -> None:
        """A value that must be unique across records (a proposal's number in its session): the
        second and later claims of a key are problems, each naming the first (message + where)."""
        self.refs.append(Reference(self.rel, self.id, line, "claim:" + group, key, message))

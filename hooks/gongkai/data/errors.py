"""Located problems in the editors' data, collected over a run and raised once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one line, said to an editor in Chinese."""

    path: str  # posix, relative to the repository root, e.g. "data/units.yml"
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DataError(Exception):
    """Raised once per run with every problem found, sorted by file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems(list):
    """A list of Problem that knows how to add one at a place."""

    def add(self, path: str, line: int, message: str) -> None:
        """Record a problem."""
        self.append(Problem(path, line, message))

    def raise_if_any(self) -> None:
        """Raise DataError when anything was recorded."""
        if self:
            raise DataError(list(self))

"""Corrections made visible: when a record changed after it was published, from the git history.

A published notice is evidence. A change to it after publication is listed on its page (修订记录)
with its date, unless the change only adds to its 办理过程 (stages) or 职工意见与答复 (feedback),
which is how a notice is meant to grow. A build outside git (a tarball) simply shows no history.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from gongkai.data.source import MAX_YAML_BYTES, SourceError, parse_yaml
from gongkai.kinds import KINDS

GROWING = ("stages", "feedback")  # fields that grow after publication without correcting anything


@dataclass
class Revisions:
    """A record's publication date and the dates it was corrected afterwards."""

    first: date
    changes: list[date] = field(default_factory=list)


@dataclass
class _Version:
    when: datetime
    blob: str | None  # None: the file was deleted in this commit


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], input=data, capture_output=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout


def _versions(root: Path, data_rel: str, tz: ZoneInfo) -> dict[str, list[_Version]]:
    """Every version of every file under data/, oldest first, from one `git log`."""
    out = _git(
        root,
        "log",
        "--format=%x00%ct",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "-z",
        "--",
        data_rel,
    )
    if out is None:
        return {}
    versions: dict[str, list[_Version]] = {}
    when = None
    fields = out.split(b"\x00")
    index = 0
    while index < len(fields):
        token = fields[index].decode("utf-8", "replace")
        index += 1
        if token.startswith("\n"):
            token = token.lstrip("\n")
        if not token:
            continue
        if token.isdigit():  # a commit: its time
            when = datetime.fromtimestamp(int(token), tz)
            continue
        # ":old new oldblob newblob status", then the path
        if token.startswith(":") and when is not None:
            parts = token.split()
            path = fields[index].decode("utf-8")
            index += 1
            blob = None if parts[4].startswith("D") else parts[3]
            versions.setdefault(path, []).append(_Version(when, blob))
    for items in versions.values():
        items.reverse()
    return versions


def _contents(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Blob contents through one `git cat-file --batch`, those larger than a record may be left
    out (an oversized version committed once must not cost memory at every later build)."""
    if not blobs:
        return {}
    sizes = (
        _git(root, "cat-file", "--batch-check", data="".join(f"{b}\n" for b in blobs).encode())
        or b""
    )
    small = {
        parts[0]
        for parts in (line.split() for line in sizes.decode().splitlines())
        if len(parts) == 3 and parts[2].isdigit() and int(parts[2]) <= MAX_YAML_BYTES
    }
    blobs = [b for b in blobs if b in small]
    if not blobs:
        return {}
    out = _git(root, "cat-file", "--batch", data="".join(f"{b}\n" for b in blobs).encode())
    found: dict[str, bytes] = {}
    position = 0
    while out and position < len(out):
        header_end = out.index(b"\n", position)
        blob, _kind, size = out[position:header_end].decode().split()
        start = header_end + 1
        found[blob] = out[start : start + int(size)]
        position = start + int(size) + 1
    return found


def _meaning(text: bytes | None) -> object:
    """What a version says, without the fields that grow; None when it cannot be read."""
    if text is None:
        return None
    try:  # the build's own reader and limits: a hostile old version is merely unreadable
        value = parse_yaml(text.decode("utf-8-sig")).value
    except (SourceError, UnicodeDecodeError):
        return None
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in GROWING}
    return value


def _published(meaning: object, when: datetime) -> bool:
    if not isinstance(meaning, dict) or str(meaning.get("draft", "false")).lower() in (
        "true",
        "yes",
        "on",
    ):
        return False
    return str(meaning.get("date", "9999")) <= when.date().isoformat()


def _day(text: object, default: date) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return default


def load_history(
    root: Path, data_dir: Path, tz: ZoneInfo, since: date | None = None
) -> dict[str, Revisions]:
    """kind/id → Revisions, for every record whose file has more than one version in git.

    Changes committed before `since` (extra.gongkai.history_since: the day the board moved to git,
    after importing its earlier records) are not listed as corrections."""
    since = since or date.min
    try:
        data_rel = data_dir.relative_to(root).as_posix()
    except ValueError:
        return {}
    versions = _versions(root, data_rel, tz)
    records: dict[str, tuple[list[_Version], list[_Version]]] = {}
    for path, items in versions.items():
        parts = Path(path).parts
        if len(parts) < 3 or parts[1] not in KINDS:
            continue
        key = f"{parts[1]}/{Path(path).stem}"
        yml, table = records.setdefault(key, ([], []))
        (yml if path.endswith(".yml") else table if path.endswith(".csv") else []).extend(items)
    wanted = [
        v.blob
        for yml, table in records.values()
        if len(yml) + len(table) > 1
        for v in yml
        if v.blob
    ]
    contents = _contents(root, wanted)
    history: dict[str, Revisions] = {}
    for key, (yml, table) in records.items():
        if len(yml) + len(table) < 2:
            continue
        first: datetime | None = None
        first_meaning = previous = None
        changes: list[date] = []
        for version in yml:
            meaning = _meaning(contents.get(version.blob)) if version.blob else None
            if first is None or version.when.date() < since:
                if meaning is not None and _published(meaning, version.when):
                    if first is None:
                        first, first_meaning = version.when, meaning
                    previous = meaning  # before `since` the baseline moves along
                continue
            if meaning is not None and meaning != previous:
                changes.append(version.when.date())
            previous = meaning if meaning is not None else previous
        if first is not None:
            changes += [
                v.when.date()
                for v in table
                if v.when > first and v.when.date() >= since and v.blob is not None
            ]
            history[key] = Revisions(
                max(first.date(), _day(first_meaning.get("date"), first.date())),
                sorted(set(changes)),
            )
    return history

"""Names that a posting period withdraws (withdrawn and masked name lists, pay rows): where the
build finds them in text that stays published, and publish's proof that a release shows none.

One rule for build, check and publish. While a list runs, the build knows its names, so it refuses
now what publish would have to refuse on any later day:

* a name in any field of the list's own record (feedback, stages, contact, attachment titles …
  included), as written and as its Markdown renders;
* a name in the permanent text of a record related to the list, in either direction: the list's
  page shows the related titles, and a related record stays linked to the list for good.

Names of two characters count as much as longer ones: publish cannot tell 高峰 the person from
交接班高峰 the rush hour, so neither can the build. A name of three characters or more anywhere
else in the data (a story of the same worker) is told, not refused: it may be the same person,
published on purpose, or a namesake.

Publish then proves, for every name whose rows are not shown on the day of the release, that no
file of the release holds it (names that no text of the data holds anywhere: every page, feed, CSV,
search document, sitemap and the withdrawals prepared for later days), and, for names that other
text legitimately holds (a namesake's story, a unit named after its leader), that the list's own
page, CSV and search document do not.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick

from gongkai import urls
from gongkai.data import privacy
from gongkai.data.people import mask_name

if TYPE_CHECKING:
    from gongkai.data.archive import Archive, Entry
    from gongkai.settings import Settings

MIN_NAME = 2  # a one-character "name" would be found everywhere: such rows are not looked for
ELSEWHERE_FROM = 3  # names told when found in unrelated records; shorter ones are too often words


TEXT, PERSON = (
    "text",
    "person",
)  # what a passage is: free text, or a field that exists to name a person


class Passage(NamedTuple):
    """A text of a record as written, with the line of its key; block: a `|` block that starts on
    the next line. role: free text, or a field that exists to name a person (a winner, a story's
    person, a proposer)."""

    loc: tuple
    line: int
    text: str
    block: bool = False
    role: str = TEXT
    # the text as a page shows it (Markdown rendered): its lines are not the file's
    rendered: bool = False

    def line_at(self, offset: int) -> int:
        """The line of a character of the text as folded (of a rendered text: its field's first line)."""
        if self.rendered:
            return self.line + self.block
        return self.line + self.block + fold(self.text).count("\n", 0, offset)


@dataclass(frozen=True)
class Table:
    """A table of people whose names a posting period withdraws, as the loader saw it."""

    key: str  # disclosures/x
    src: str  # the record's file
    label: str  # 名单 / 明细
    start: date | None  # the period's first and last day: the names are shown from one to the other
    end: date | None
    names: tuple[str, ...]  # every name looked for (two characters or more), once, in row order
    # where each name is written, (file, line): for a list not over yet
    places: tuple[tuple[str, int], ...]

    def shown(self, day: date) -> bool:
        """Whether the rows are on the page on day."""
        return self.start is not None and self.end is not None and self.start <= day <= self.end

    def until(self) -> str:
        """公示期满（2026年11月26日）."""
        return (
            f"公示期满（{self.end.year}年{self.end.month}月{self.end.day}日）"
            if self.end
            else "公示期满"
        )


# what NFKC changes in a name: Kangxi radicals and the radicals' supplement, CJK compatibility
# ideographs, full-width letters and digits (full-width punctuation, in nearly every text, is no name)
_COMPATIBLE = re.compile(
    "[\u2e80-\u2fdf\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0002f800-\U0002fa1f]"
)
_BETWEEN_HAN = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[^\S\n]+(?=[\u3400-\u9fff\uf900-\ufaff])"
)


def fold(text: str) -> str:
    """Text as names are looked for in it: NFKC (full-width letters, the Kangxi radicals of a text
    copied from a PDF: ⾼ is 高), and no space between two Han characters (王　明 is 王明, as a
    clerk pads a two-character name); line breaks stay, so that lines can be counted."""
    if _COMPATIBLE.search(text):  # rare; NFKC itself costs a tenth of a millisecond a kilobyte
        text = unicodedata.normalize("NFKC", text)
    return _BETWEEN_HAN.sub("", text)


def name_of(text: str) -> str:
    """A name as it is looked for: folded, runs of white space as one space."""
    if text.isalnum() and unicodedata.is_normalized("NFKC", text):
        return text  # most names, as they are
    return " ".join(fold(text).split())


class Finder:
    """Every name of a set found in texts at once (Aho–Corasick): one pass over a text however
    many names there are."""

    def __init__(self, names: Iterable[str]):
        self._automaton = ahocorasick.Automaton()
        for name in names:
            if len(name) >= MIN_NAME:
                self._automaton.add_word(name, name)
        self.empty = len(self._automaton) == 0
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, text: str, folded: bool = False) -> Iterator[tuple[str, int]]:
        """(name, offset of its first character in the folded text) for each name in text, at its
        first place; folded: the text is folded already (a record's texts are, once, as it loads)."""
        seen = set()
        for start, name in self.every(text, folded):
            if name not in seen:
                seen.add(name)
                yield name, start

    def every(self, text: str, folded: bool = False) -> Iterator[tuple[int, str]]:
        """(offset in the folded text, name) of every place of every name in text."""
        if self.empty or not text:
            return
        for end, name in self._automaton.iter(text if folded else fold(text)):
            yield end - len(name) + 1, name


SEPARATOR = "\n\x1f\n"  # between the texts of a record joined into one (Entry.texts, folded): no name runs across it


def locate(
    root: Path, entry: Entry, kind: Any, name: str, roles: tuple[str, ...] = (TEXT, PERSON)
) -> Passage | None:
    """Where a name stands in a record (read again from its file): its first passage, as written
    or as rendered, with its line."""
    from gongkai.data.source import SourceError, load_yaml

    try:
        doc = load_yaml(root / entry.src)
    except (SourceError, OSError):
        return None
    skip = kind.people.loc if kind.people is not None else ()
    texts = [
        p for p in passages(doc, doc.value, skip=skip, persons=kind.persons) if p.role in roles
    ]
    return next(
        (
            p
            for p in texts + rendered_passages(texts, markdown_of(entry, kind))
            if name in fold(p.text)
        ),
        None,
    )


def markdown_of(entry: Entry, kind: Any) -> dict[str, Any]:
    """A record's Markdown fields as safe HTML: as the loader rendered them, or rendered again (a
    check keeps none, and needs them only for the few records related to a list)."""
    if entry.rendered or not kind.markdown:
        return entry.rendered
    from gongkai.data.markup import MarkdownRenderer

    renderer, out = MarkdownRenderer(), {}
    for key in kind.markdown:
        value = entry.record
        for part in key.split("."):
            value = getattr(value, part, None)
        if isinstance(value, str):
            out[key] = renderer.render(value)
    return out


def line_of(root: Path, entry: Entry, loc: tuple) -> int:
    """The line of a field of a record (read again from its file)."""
    from gongkai.data.source import SourceError, load_yaml

    try:
        return load_yaml(root / entry.src).line(loc)
    except (SourceError, OSError):
        return 1


def passages(
    doc: Any, value: Any, skip: tuple = (), persons: tuple[str, ...] = ()
) -> list[Passage]:
    """Every text of a record as written, each with its line, but the rows at skip (a table of
    people whose names are not permanent); persons: the fields that name a person ("results.*.winner")."""
    out: list[Passage] = []
    patterns = [tuple(part.split(".")) for part in persons]
    _walk(doc, value, (), skip, patterns, out)
    return out


def _walk(
    doc: Any, value: Any, loc: tuple, skip: tuple, patterns: list[tuple], out: list[Passage]
) -> None:
    if skip and loc == skip:
        return
    if isinstance(value, dict):
        for key, child in value.items():
            _walk(doc, child, loc + (key,), skip, patterns, out)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _walk(doc, child, loc + (index,), skip, patterns, out)
    elif isinstance(value, str) and value.strip():
        role = PERSON if any(matches(loc, pattern) for pattern in patterns) else TEXT
        # a block (| or >) starts below its key
        out.append(Passage(loc, doc.line(loc), value, "\n" in value, role))


def matches(loc: tuple, pattern: tuple) -> bool:
    """Whether a field's place matches a pattern of keys and * for any index."""
    return len(loc) == len(pattern) and all(
        p == "*" and isinstance(k, int) or p == k for k, p in zip(loc, pattern, strict=False)
    )


def rendered_passages(texts: Iterable[Passage], rendered: dict[str, Any]) -> list[Passage]:
    """The Markdown fields as a reader sees them once rendered (emphasis inside a name joins it),
    each at the first line of the field as written."""
    written = {p.loc: p for p in texts}
    out = []
    for key, markup in rendered.items():
        loc = tuple(key.split("."))
        raw = written.get(loc)
        if markup is not None and raw is not None:
            out.append(
                Passage(
                    loc,
                    raw.line,
                    privacy.visible_text(str(markup)),
                    raw.block,
                    raw.role,
                    rendered=True,
                )
            )
    return out


# -- the build's rule --------------------------------------------------------------------------


def own_text_problems(
    table: Table, texts: list[Passage], label_of, finder: Finder | None = None
) -> Iterator[tuple[int, str]]:
    """A list's names in its own record's other fields, which stay published after the period:
    (line, message), one a field and name."""
    finder = finder or Finder(table.names)
    told = set()
    for passage in texts:
        for name, offset in finder.find(passage.text):
            if (passage.loc, name) in told:
                continue
            told.add((passage.loc, name))
            label = label_of(passage.loc)
            yield (
                passage.line_at(offset),
                (
                    f"{label}中写有{table.label}里的姓名“{mask_name(name)}”：{table.label}中的姓名在公示期满后撤下，"
                    f"而{_short(label)}一直公开。请不要在{_short(label)}中写姓名"
                    + _word_hint(name, table.label)
                ),
            )


def _short(label: str) -> str:
    """「feedback.第1项.summary」（意见摘要） → 意见摘要."""
    found = re.search(r"（([^）]*)）$", label)
    return found.group(1) if found else label


def _word_hint(name: str, label: str) -> str:
    """For a two-character name, why a word that is not the person is refused as well."""
    if len(name) > 2:
        return ""
    return (
        "（两个字的姓名也常是一个词，程序分不出这里是不是指这个人：不是指这个人时，"
        f"也请换一种说法，因为期满后网页上不能再出现{label}中的姓名）"
    )


@dataclass
class Related:
    """Records related to each other (`related`), in both directions, with the place of each link."""

    # key → [(other key, index in its related)]
    links: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # key → [(key relating to it, index there)]
    back: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, archive: Archive) -> Related:
        """Every `related` link of every loaded record."""
        found = cls()
        for entries in archive.entries.values():
            for entry in entries.values():
                for index, other in enumerate(getattr(entry.record, "related", ()) or ()):
                    found.links.setdefault(entry.key, []).append((other, index))
                    found.back.setdefault(other, []).append((entry.key, index))
        return found

    def outgoing(self, key: str) -> list[tuple[str, int]]:
        """What a record relates to: (other key, index in its related)."""
        return self.links.get(key, [])

    def incoming(self, key: str) -> list[tuple[str, int]]:
        """What relates to a record: (their key, index in their related)."""
        return self.back.get(key, [])

    def tied(self, key: str) -> set[str]:
        """A record and every record related to it, either way."""
        return {key} | {k for k, _ in self.outgoing(key)} | {k for k, _ in self.incoming(key)}


def related_problems(
    archive: Archive, tables: dict[str, Table], kinds: dict, root: Path, related: Related
) -> Iterator[tuple[str, int, str]]:
    """A list's names in the permanent text of a record related to it, either way: (file, line,
    message). A link from the list is told at the list's `related` item (its page shows the other
    title, and the link keeps them together); a link to the list at the name in the other record."""
    for key, table in sorted(tables.items()):
        if not related.outgoing(key) and not related.incoming(key):
            continue  # most lists relate to nothing
        owner = archive.lookup(key)
        finder = Finder(table.names)
        for other_key, index in related.outgoing(key):
            other = archive.lookup(other_key)
            if other is None or other_key == key:
                continue
            for name in _hits(other, kinds[other.kind], finder):
                place = locate(root, other, kinds[other.kind], name)
                yield (
                    table.src,
                    line_of(root, owner, ("related", index)) if owner else 1,
                    (
                        f"「related」第{index + 1}项关联的 {other_key} 中写有本{table.label}里的姓名“{mask_name(name)}”"
                        f"（{other.src}:{place.line_at(fold(place.text).find(name)) if place else 1}）：{table.label}在{table.until()}后撤下，"
                        f"而本页一直显示相关记录，那条记录也一直公开。请删去这一项关联，或者在那条记录中不写这个姓名"
                        + _word_hint(name, table.label)
                    ),
                )
                break  # one link, one message
        for other_key, index in related.incoming(key):
            other = archive.lookup(other_key)
            if (
                other is None
                or other_key == key
                or any(o == other_key for o, _ in related.outgoing(key))
            ):
                continue  # told above, from the list's side
            for name in _hits(other, kinds[other.kind], finder):
                place = locate(root, other, kinds[other.kind], name)
                line = place.line_at(fold(place.text).find(name)) if place else 1
                label = _label(kinds, other, place.loc) if place else "记录"
                yield (
                    other.src,
                    line,
                    (
                        f"{label}中写有 {key}（{owner.record.title if owner else key}）{table.label}里的姓名“{mask_name(name)}”："
                        f"本记录通过「related」第{index + 1}项与它关联，{table.label}在{table.until()}后撤下，而本记录一直公开。"
                        f"请不要在这里写{table.label}里的姓名（可写“某职工”），或者去掉这一项关联"
                        + _word_hint(name, table.label)
                    ),
                )


def _hits(entry: Entry, kind: Any, finder: Finder) -> list[str]:
    """The names found in a record's permanent text, as written and rendered (public lists aside)."""
    found: dict[str, None] = {}
    for text in entry.texts:
        for name, _ in finder.find(text, folded=True):
            found.setdefault(name)
    for markup in markdown_of(entry, kind).values():
        for name, _ in finder.find(privacy.visible_text(str(markup))):
            found.setdefault(name)
    return list(found)


def _label(kinds: dict, entry: Entry, loc: tuple) -> str:
    from gongkai.data.messages import field_label

    return field_label(kinds[entry.kind].schema, loc)


def elsewhere_notices(
    archive: Archive, tables: dict[str, Table], kinds: dict, root: Path, related: Related
) -> Iterator[tuple[str, int, str]]:
    """Names of lists not yet withdrawn (three characters or more) found in the free text of
    unrelated records (a story's title, a notice's body): one notice a list, at its first such
    name, naming where they stand. Fields that exist to name people (winners, proposers, public
    lists) are not told: a worker on the pay list is also the one who won the race. Lists already
    withdrawn are not told again."""
    current = {key: t for key, t in tables.items() if t.end is not None and t.end >= archive.today}
    owners: dict[str, list[str]] = {}
    for key, table in current.items():
        for name in table.names:
            if len(name) >= ELSEWHERE_FROM:
                owners.setdefault(name, []).append(key)
    if not owners:
        return
    tied = {key: related.tied(key) for key in current}
    finder = Finder(owners)
    # list key → name → the first record it stands in elsewhere
    found: dict[str, dict[str, Entry]] = {}
    for entries in archive.entries.values():
        for entry in entries.values():
            if not entry.texts:
                continue
            for name, _ in finder.find(entry.texts[0], folded=True):
                for key in owners[name]:
                    # its own record and related ones are refused, not told
                    if entry.key not in tied[key]:
                        found.setdefault(key, {}).setdefault(name, entry)
    for key in sorted(found):
        table, names = current[key], found[key]
        ordered = [name for name in table.names if name in names]
        src, line = table.places[table.names.index(ordered[0])]
        where = []
        for name in ordered[:5]:
            entry = names[name]
            place = locate(root, entry, kinds[entry.kind], name, roles=(TEXT,))
            at = f"{entry.src}:{place.line_at(fold(place.text).find(name))}" if place else entry.src
            where.append(f"“{mask_name(name)}”（{at}）")
        yield (
            src,
            line,
            (
                f"{table.label}中有 {len(ordered)} 个姓名也写在其他记录中：{'、'.join(where)}{'等' if len(ordered) > 5 else ''}。"
                f"{table.label}在{table.until()}后撤下，那些地方仍会公开这些姓名。若是同一个人，请确认在那里公开是合适的；若只是同名，可以不管"
            ),
        )


# -- publish's proof ----------------------------------------------------------------------------


class ProofError(Exception):
    """A release that shows a withheld name; the message says where, in Chinese."""


SCANNED = (".html", ".xml", ".ics", ".csv", ".json", ".txt", ".js")


def withheld_tables(archive: Archive) -> list[Table]:
    """The tables whose rows are not shown on the archive's day."""
    return [t for t in archive.tables.values() if not t.shown(archive.today)]


def corpus(archive: Archive, settings: Settings) -> Iterator[str]:
    """Every text that may hold a name legitimately on the archive's day: the published records'
    texts (as written and rendered, public lists included), the rows shown that day, units,
    categories, sessions, the site's settings, the hand-written pages and the templates."""
    from gongkai.kinds import KINDS

    for kind in KINDS.values():
        for entry in archive.published(kind.folder):
            yield from entry.texts
            for markup in entry.rendered.values():
                yield privacy.visible_text(str(markup))
            if kind.people is not None:
                # only rows shown today are still in memory
                for row in kind.people.rows(entry.record):
                    yield " ".join(str(v) for v in row.model_dump().values() if v is not None)
    for unit in archive.units.values():
        yield unit.name
    for category in archive.categories.values():
        yield category.name
    for session in archive.sessions.values():
        yield json.dumps(session.model_dump(mode="json", by_alias=True), ensure_ascii=False)
    yield " ".join(
        str(v)
        for v in (settings.site_name, settings.enterprise, settings.contact, settings.site_url)
    )
    for folder, pattern in (("content", "*.md"), ("theme_overrides", "*.html")):
        base = settings.root / folder
        for path in sorted(base.rglob(pattern)) if base.is_dir() else ():
            if path.is_file() and not path.is_symlink():
                yield path.read_text(encoding="utf-8", errors="replace")
    yield _config_text(settings)


def _config_text(settings: Settings) -> str:
    path = settings.root / "mkdocs.yml"
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def split_names(tables: list[Table], texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """(nowhere, somewhere): the withheld names that no legitimate text holds, which no file of the
    release may hold, and those that some text holds, which only the list's own outputs may not."""
    names = {name for table in tables for name in table.names}
    finder = Finder(names)
    found: set[str] = set()
    for text in texts:
        for name, _ in finder.find(text):
            found.add(name)
    return names - found, found & names


def file_text(path: Path) -> str:
    """A file of the release as a reader gets it: the visible text of a page or a feed (links
    included), other text files as they are."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".html", ".xml"):
        return privacy.visible_text(text)
    return text


class Proof:
    """Publish's proof over a release, one file at a time: scan() every file as a reader gets it,
    then finish() the lists' own outputs and the withdrawals prepared for later days."""

    def __init__(self, archive: Archive, settings: Settings):
        self.archive = archive
        self.tables = withheld_tables(archive)
        self.nowhere, self.somewhere = (
            split_names(self.tables, corpus(archive, settings)) if self.tables else (set(), set())
        )
        self.owner = {name: table for table in self.tables for name in table.names}
        self.finder = Finder(self.nowhere)
        self.words = _site_words(archive, settings)
        self.documents: dict[str, str] = {}  # url → a search result's text
        self.leaks: list[str] = []  # every problem found, in the order found; raised by finish()
        # a withheld list's page → its table, checked when scanned
        self.pages: dict[str, Table] = {}
        for table in self.tables:
            entry = archive.lookup(table.key)
            if entry is not None and entry.published:
                self.pages[f"{entry.url}index.html"] = table

    def _leak(self, message: str) -> None:
        if message not in self.leaks:
            self.leaks.append(message)

    def scan(self, rel: str, text: str) -> None:
        """One file of the release: no name that no legitimate text holds; a withheld list's own
        page holds none of its names."""
        for name, _ in self.finder.find(text):
            table = self.owner[name]
            self._leak(
                f"新版本的 {rel} 中有{_why(table, self.archive.today)}的{table.label}姓名"
                f"（{mask_name(name)}，出自 {table.src}），没有发布"
            )
        table = self.pages.pop(rel, None)
        if table is not None:
            for name, _ in Finder(table.names).find(_mask(text, self.words)):
                self._leak(
                    f"新版本的 {table.key}/ 中有{_why(table, self.archive.today)}的{table.label}姓名（{mask_name(name)}），没有发布"
                )
        if rel.startswith(urls.save_as("search_index") + "doc/") and rel.endswith(".json"):
            for doc in json.loads(text):
                self.documents[doc.get("u", "")] = html.unescape(
                    doc.get("t", "") + "\n" + doc.get("x", "")
                )

    def finish(self, site: Path) -> None:
        """Every withheld list's own page, CSV and search document hold none of its names; every list
        shown today has its withdrawal prepared, and the prepared page holds none of its names.
        ProofError then says every problem found over the release, each on its line."""
        self._finish(site)
        if self.leaks:
            raise ProofError("\n".join(self.leaks))

    def _finish(self, site: Path) -> None:
        for rel in list(self.pages):  # not scanned: a page missing, or a link
            self.scan(
                rel,
                file_text(site / rel)
                if (site / rel).is_file() and not (site / rel).is_symlink()
                else "",
            )
        for table in self.tables:
            entry = self.archive.lookup(table.key)
            if entry is not None and entry.published:
                self._own(table, site, entry.url)
        from gongkai.outputs.withdraw import MANIFEST, load_manifest

        shown = [
            t
            for t in self.archive.tables.values()
            if t.shown(self.archive.today)
            and (e := self.archive.lookup(t.key)) is not None
            and e.published
        ]
        if not shown:
            return
        manifest = load_manifest(site / MANIFEST)
        planned = {item["record"]: item for item in manifest["withdrawals"]} if manifest else {}
        for table in shown:
            item = planned.get(table.key)
            due = date.fromordinal(table.end.toordinal() + 1)
            if item is None or item["on"] != due.isoformat():
                self._leak(
                    f"新版本没有为 {table.key} 准备 {due} 的撤下（{table.label}在那天撤下），没有发布"
                )
                continue
            finder = Finder(table.names)
            for prepared in item["replace"].values():
                path = site / MANIFEST.rsplit("/", 1)[0] / prepared
                text = privacy.visible_text(path.read_text(encoding="utf-8", errors="replace"))
                self.scan(path.relative_to(site).as_posix(), text)
                for name, _ in finder.find(_mask(text, self.words)):
                    self._leak(
                        f"为 {table.key} 准备的撤下页面中仍有{table.label}姓名（{mask_name(name)}），没有发布"
                    )

    def _own(self, table: Table, site: Path, url: str) -> None:
        """No CSV of a withheld list, and none of its names in its search document."""
        why = _why(table, self.archive.today)
        kind, ident = table.key.split("/")
        csv = urls.save_as("record_csv", kind=kind, id=ident)
        if (site / csv).exists():
            self._leak(f"新版本中仍有{why}的{table.label}表 {csv}，没有发布")
        finder = Finder(table.names)
        for name, _ in finder.find(_mask(self.documents.get(url, ""), self.words)):
            self._leak(
                f"新版本的搜索索引中，{table.key}/ 的条目里有{why}的{table.label}姓名（{mask_name(name)}），没有发布"
            )


def _why(table: Table, day: date) -> str:
    if table.start is not None and day < table.start:
        return "公示期尚未开始"
    return "公示期已过"


def _site_words(archive: Archive, settings: Settings) -> Finder:
    """The site's own words (unit and category names, the templates' text), masked before a
    list's page is searched for its names: a crew named after its leader is not his pay."""
    words = {unit.name for unit in archive.units.values()} | {
        c.name for c in archive.categories.values()
    }
    words |= {settings.site_name, settings.enterprise}
    base = settings.root / "theme_overrides"
    for path in sorted(base.rglob("*.html")) if base.is_dir() else ():
        words |= set(
            re.findall(r"[\u3400-\u9fff]{2,}", path.read_text(encoding="utf-8", errors="replace"))
        )
    return Finder(w for w in words if w)


def _mask(text: str, words: Finder) -> str:
    """text, folded, with every site word blanked out."""
    text = fold(text)
    chars = None
    for start, word in words.every(text):
        chars = chars or list(text)
        chars[start : start + len(word)] = "\x00" * len(word)
    return "".join(chars) if chars else text

"""Loading and validating everything under data/: units, categories and every kind of record."""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from gongkai.data import privacy, synonyms, texts
from gongkai.data.archive import Archive, Entry
from gongkai.data.checking import RecordCheck, Reference, relative
from gongkai.data.errors import Problems
from gongkai.data.markup import MarkdownRenderer
from gongkai.data.messages import field_label, translate
from gongkai.data.people import TableSource
from gongkai.data.references import References
from gongkai.data.schema import DEFAULT_CATEGORIES, ID_PATTERN, Category, Unit
from gongkai.data.sessions import Session
from gongkai.data.source import (
    Located,
    SourceError,
    character_message,
    escape_controls,
    forbidden_character,
    load_yaml,
)
from gongkai.data.withheld import (
    SEPARATOR,
    Finder,
    Related,
    Table,
    elsewhere_notices,
    fold,
    own_text_problems,
    passages,
    related_problems,
    rendered_passages,
)
from gongkai.data.workdays import Calendar, library_version, library_years, load_schedules
from gongkai.kinds import KINDS, Kind

# used with fullmatch: "$" would let a final line break through
_ID = re.compile(ID_PATTERN.strip("^$"))


class Loader:
    """Reads data/ under a repository root, collecting every problem of the run."""

    def __init__(
        self,
        root: Path,
        data_dir: Path,
        today: date,
        tz: ZoneInfo,
        cache: dict | None = None,
        keep_withheld: bool = False,
        pages: bool = True,
        drafts: bool = False,
    ):
        self.root = root.absolute()
        self.data_dir = data_dir.absolute()
        self.archive = Archive(today=today, tz=tz)
        self.problems = Problems()
        self.notices = Problems()  # told, exit status 0
        # rel → (stamp, Loaded): files unchanged since the last load are not read again
        self.cache = cache
        self.keep_withheld = keep_withheld  # publish's proof needs the names it must not find
        self.pages = pages  # False for a check: the rendered Markdown is not kept (nor carried between processes)
        self.drafts = drafts  # a preview's: drafts and scheduled records are shown, marked (hugo server -D -F)
        self._refs: list[Reference] = []
        self._ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.files: dict[str, Path] = {}  # every regular file under data/, by its path from data/
        # symbolic links under data/, refused: path from data/ → target
        self.links: dict[str, str] = {}
        self.renderer = MarkdownRenderer()
        self._written: dict[str, set] = {}  # list file → the ids written in it, valid or not

    def rel(self, path: Path) -> str:
        """The path as an editor sees it: relative to the repository root, with slashes."""
        return relative(path, self.root)

    def load(self) -> Archive:
        """Load and validate everything; raise DataError with all problems at the end."""
        # Loading makes hundreds of thousands of objects and no garbage cycles worth a collection:
        # the collector, run every few thousand allocations, would walk them all again and again
        # (a quarter of a five-year check), and in the forked loader touch every page it shares.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._load()
        finally:
            if collecting:
                gc.enable()

    def _load(self) -> Archive:
        if not self._inventory():
            self.problems.raise_if_any()
        self._load_list("units.yml", Unit, self.archive.units, self._check_unit)
        if "categories.yml" in self.files or "categories.yml" in self.links:
            self._load_list("categories.yml", Category, self.archive.categories, None)
        else:  # the contract ships default categories; the file only overrides them
            self.archive.categories = {
                k: Category(id=k, name=v) for k, v in DEFAULT_CATEGORIES.items()
            }
        # optional: an enterprise without a congress
        if "sessions.yml" in self.files or "sessions.yml" in self.links:
            self._load_list("sessions.yml", Session, self.archive.sessions, None)
        self._load_holidays()
        self._load_synonyms()
        tasks = [task for kind in KINDS for task in self._plan_kind(kind)]
        # names of withdrawable tables: checked across records, then dropped
        tables: dict[str, Table] = {}
        for (kind, _, _rel, ident), loaded in zip(tasks, self._load_all(tasks), strict=True):
            self.problems.extend(loaded.problems)
            self.notices.extend(loaded.notices)
            self._refs.extend(loaded.refs)
            if loaded.table is not None and loaded.entry is not None:
                tables[loaded.table.key] = loaded.table
            if loaded.entry is not None:
                self.archive.entries[kind.folder][ident] = loaded.entry
        if self.cache is not None:
            seen = {rel for _, _, rel, _ in tasks}
            for gone in set(self.cache) - seen:
                del self.cache[gone]
        References(
            self.archive, self._ids, self.files, self.links, self._written, self.problems
        ).check(self._refs)
        self._check_names(tables)
        if self.keep_withheld:
            self.archive.tables = tables
        # a build or a check: the texts are not needed any more (a preview's next run needs them)
        elif self.cache is None:
            for entries in self.archive.entries.values():
                for entry in entries.values():
                    entry.texts = ()
        self._tell_unknown_years()
        self.archive.notices = sorted(set(self.notices))
        self.problems.raise_if_any()
        return self.archive

    def _load_holidays(self) -> None:
        """data/holidays.yml (optional): the years an enterprise states, which replace the library's;
        each day on which a stated year and the library disagree is told."""
        name = "holidays.yml"
        if name in self.links or name not in self.files:
            return  # a link is reported with the inventory
        path = self.files[name]
        rel = self.rel(path)
        doc = self._read(path)
        if doc is None:
            return
        texts.guard(self._check_of(path, rel, doc), doc.value)
        schedules = load_schedules(rel, doc, self.problems, self.notices)
        self.archive.calendar = Calendar.of(schedules)
        for schedule in schedules:
            for day, working in self.archive.calendar.differences(schedule):
                said = "上班" if working else "放假"
                other = "放假" if working else "上班"
                self.notices.add(
                    rel,
                    schedule.line,
                    f"{schedule.year} 年的 {day}（星期{'一二三四五六日'[day.weekday()]}）这里写的是{said}，"
                    f"chinesecalendar {library_version()} 认为是{other}：以这里为准，请核对通知原文",
                )

    def _load_synonyms(self) -> None:
        """data/synonyms.yml (optional): an enterprise's groups of words that mean the same, added to
        the project's (data/synonyms.py)."""
        name, found = "synonyms.yml", []
        if name in self.files and name not in self.links:  # a link is reported with the inventory
            path = self.files[name]
            rel = self.rel(path)
            doc = self._read(path)
            if doc is not None:
                texts.guard(self._check_of(path, rel, doc), doc.value)
                found = synonyms.read(rel, doc, self.problems)
        self.archive.synonyms = synonyms.groups_of(found)

    def _check_names(self, tables: dict[str, Table]) -> None:
        """A list's names in records related to it (refused: publish would refuse every day after its
        period), and, of lists not yet withdrawn, in other records (told)."""
        if not tables:
            return
        related = Related.of(self.archive)
        for src, line, message in related_problems(self.archive, tables, KINDS, self.root, related):
            self.problems.add(src, line, message)
        for src, line, message in elsewhere_notices(
            self.archive, tables, KINDS, self.root, related
        ):
            self.notices.add(src, line, message)

    def _tell_unknown_years(self) -> None:
        """A year that neither the library nor data/holidays.yml knows, reached by a period or a
        deadline in working days: which year to fill in, and where (the estimates are told on their lines)."""
        calendar = self.archive.calendar
        years = sorted(
            {
                year
                for kind in KINDS.values()
                for entry in self.archive.entries[kind.folder].values()
                for _, _, years in kind.estimates(entry.record, calendar)
                for year in years
            }
        )
        known = library_years()
        for year in years:
            self.notices.add(
                self.rel(self.data_dir / "holidays.yml"),
                1,
                f"还不知道 {year} 年的法定节假日安排（chinesecalendar {library_version()} 知道 {known.start}–{known.stop - 1} 年）："
                f"跨入 {year} 年的公示期和办理时限暂按估算（页面上标为“暂定”，不判断逾期和达标）。"
                f"国务院办公厅公布 {year} 年的安排后，请在 data/holidays.yml 中写上 {year} 年（gongkai holidays 可以从通知全文生成），"
                "或者升级 chinesecalendar；之后页面自动按实际工作日显示，记录不用改",
            )

    def _inventory(self) -> bool:
        """Every file under data/, read once without following a link: symbolic links (which could
        read or publish files outside data/, or make the build write outside the site), pipes,
        devices and names with control characters are refused, each named. False when data/ itself
        cannot be used."""
        data = self.data_dir
        rel = self.rel(data)
        if data.is_symlink():
            self.problems.add(rel, 1, _link_message(rel, data))
            return False
        if not data.is_dir():
            self.problems.add(
                rel, 1, f"找不到数据文件夹 {rel}：请在项目文件夹中建立 data/，放入 units.yml 和记录"
            )
            return False
        for folder, dirs, files in os.walk(data):
            base = Path(folder)
            for name in sorted(dirs + files):
                path = base / name
                inner = path.relative_to(data).as_posix()
                shown = self.rel(path)
                # a line break or tab in a name, too
                control = next((c for c in name if c < " "), None)
                bad = character_message(control) if control else forbidden_character(name)
                if bad:
                    self.problems.add(escape_controls(shown), 1, f"文件名{bad}")
                    if name in dirs:
                        dirs.remove(name)
                    continue
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode):
                    self.links[inner] = os.readlink(path)
                    self.problems.add(shown, 1, _link_message(shown, path))
                    if name in dirs:
                        dirs.remove(name)
                elif stat.S_ISREG(mode):
                    self.files[inner] = path
                elif not stat.S_ISDIR(mode):
                    self.problems.add(
                        shown,
                        1,
                        "这不是普通文件（可能是管道或设备），data/ 中只能放记录、表格、照片和附件：请删除它",
                    )
        return True

    # -- units and categories ------------------------------------------------------------

    def _load_list(self, name: str, schema: type[BaseModel], into: dict, check) -> None:
        path = self.data_dir / name
        rel = self.rel(path)
        if name in self.links:
            return  # reported with the inventory
        if name not in self.files:
            self.problems.add(rel, 1, f"缺少文件 {rel}，请从项目示例中复制一份再修改")
            return
        doc = self._read(path)
        if doc is None:
            return
        if not isinstance(doc.value, list):
            self.problems.add(rel, 1, "此文件应是一个列表，每项以“- id: …”开头")
            return
        texts.guard(self._check_of(path, rel, doc), doc.value)
        seen: set[str] = self._written.setdefault(name, set())
        for index, item in enumerate(doc.value):
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str):  # anything else ([a], {x: y}) the schema refuses below
                if ident in seen:
                    self.problems.add(
                        rel, doc.line((index,)), f"id “{ident}”重复，每个 id 只能出现一次"
                    )
                    continue
                seen.add(ident)
            try:
                model = schema.model_validate(item)
            except ValidationError as exc:
                for loc, message in translate(schema, exc):
                    self.problems.add(rel, doc.line((index,) + loc), message)
                continue
            line = doc.line((index,))
            if check:
                check(rel, line, model, into)
            into[model.id] = model

    def _check_unit(self, rel: str, line: int, unit: Unit, known: dict) -> None:
        if unit.parent is not None and unit.parent not in known:
            hint = "上级单位须写在本单位之前" if unit.parent != unit.id else "单位不能以自己为上级"
            self.problems.add(
                rel,
                line,
                f"单位“{unit.id}”的上级单位“{unit.parent}”不在它前面的单位中（{hint}，这样也不会出现循环）",
            )

    # -- records ---------------------------------------------------------------------------

    def _plan_kind(self, kind: str) -> list[tuple[Kind, Path, str, str]]:
        """The records of a kind to load, (kind, path, rel, id), once their names are checked."""
        seen: dict[str, str] = {}
        tasks = []
        prefix = kind + "/"
        for inner in sorted(name for name in self.files if name.startswith(prefix)):
            path = self.files[inner]
            if path.name.startswith("."):
                continue
            rel = self.rel(path)
            if path.suffix == ".yaml":
                self.problems.add(rel, 1, "记录文件的扩展名应为 .yml，请把 .yaml 改为 .yml")
                continue
            table = KINDS[kind].people
            if path.suffix == ".csv" and table is not None:
                if not path.with_suffix(".yml").exists():
                    self.problems.add(
                        rel, 1, f"{table.label}表旁边没有同名的{table.owner} {path.stem}.yml"
                    )
                continue
            if path.suffix != ".yml":
                self.problems.add(rel, 1, _stray_file_message(path, KINDS[kind]))
                continue
            ident = path.stem
            if not _ID.fullmatch(ident):
                self.problems.add(
                    rel,
                    1,
                    f"文件名“{path.name}”不能作为 id：只能用小写字母、数字和连字符“-”，以字母或数字开头，最长 64 个字符（如 2026-10-zongcai1-bonus.yml）",
                )
                continue
            if ident in seen:
                self.problems.add(
                    rel, 1, f"id “{ident}”与 {seen[ident]} 重复，同一类记录的文件名不能相同"
                )
                continue
            seen[ident] = rel
            self._ids[kind].add(ident)
            tasks.append((KINDS[kind], path, rel, ident))
        return tasks

    def _load_all(self, tasks: list[tuple[Kind, Path, str, str]]) -> list[Loaded]:
        """Every record: from the cache when its files are unchanged, else read and checked anew;
        a large archive half in a forked process on the other core (records are independent)."""
        out: list[Loaded | None] = [None] * len(tasks)
        stamps = []
        # data/holidays.yml changes what records resolve to
        calendar = self.archive.calendar.fingerprint()
        for index, (kind, path, rel, _) in enumerate(tasks):
            csv_path = path.with_suffix(".csv") if kind.people is not None else None
            stamp = (
                self.archive.today,
                calendar,
                _stat(path),
                _stat(csv_path) if csv_path else None,
            )
            stamps.append(stamp)
            hit = self.cache.get(rel) if self.cache is not None else None
            if hit is not None and hit[0] == stamp:
                out[index] = hit[1]
        todo = [index for index, loaded in enumerate(out) if loaded is None]
        if len(todo) >= PARALLEL_FROM and hasattr(os, "fork"):
            global _FORKED
            _FORKED = (self, tasks)
            # every other record: kinds differ in cost, each process gets its share
            half = todo[1::2]
            with multiprocessing.get_context("fork").Pool(1) as pool:
                theirs = pool.apply_async(_load_forked, (half,))
                for index in todo[::2]:
                    out[index] = self._load_one(*tasks[index])
                for index, loaded in zip(half, theirs.get(), strict=True):
                    out[index] = loaded
            _FORKED = None
        else:
            for index in todo:
                out[index] = self._load_one(*tasks[index])
        for index in todo:
            entry = out[index].entry
            if entry is not None:
                entry.stamp = stamps[index]
            if self.cache is not None:
                self.cache[tasks[index][2]] = (stamps[index], out[index])
        return out

    def _load_one(self, kind: Kind, path: Path, rel: str, ident: str) -> Loaded:
        """One record read and checked, with its problems, notices, references and withdrawn names."""
        outer = self.problems, self.notices, self._refs
        self.problems, self.notices, self._refs = Problems(), Problems(), []
        try:
            entry, table = self._load_record(kind, path, rel, ident)
            return Loaded(entry, list(self.problems), self._refs, table, list(self.notices))
        finally:
            self.problems, self.notices, self._refs = outer

    def _load_record(
        self, kind: Kind, path: Path, rel: str, ident: str
    ) -> tuple[Entry | None, Table | None]:
        doc = self._read(path)
        if doc is None:
            return None, None
        if not isinstance(doc.value, dict):
            self.problems.add(rel, 1, f"{kind.label}文件应由“字段: 值”组成，如 title: …")
            return None, None
        before = len(self.problems)
        # the rules see the record, never the Loader: its problems and references land here
        check = RecordCheck(
            kind.folder, ident, path, rel, doc, self.root, self.problems, self._refs
        )
        skip = kind.people.loc if kind.people is not None else ()
        # one walk of the record's texts, for two rules
        gathered = texts.gather(doc.value, skip, kind.persons)
        texts.guard(check, doc.value, (), gathered)
        data = dict(doc.value)
        rendered = texts.render(check, kind, data, self.renderer)
        table = (
            kind.people.attach_csv(check, data) if kind.people is not None else TableSource(None)
        )
        self._collect_refs(kind, rel, ident, doc, data)
        kind.check(check, data)
        try:
            record = kind.schema.model_validate(data)
        except ValidationError as exc:
            for loc, message in translate(kind.schema, exc):
                self.problems.add(rel, doc.line(loc), message)
            return None, None
        kind.check_record(check, record, table)
        for loc, message in kind.resolve(record, self.archive.calendar):
            self.problems.add(rel, doc.line(loc), message)
        for loc, message, _ in kind.estimates(record, self.archive.calendar):
            self.notices.add(rel, doc.line(loc), message)
        if not record.draft:
            texts.placeholders(check, kind, doc.value)
        people = kind.people
        today = self.archive.today
        withheld = (
            people.table_of(f"{kind.folder}/{ident}", rel, record, table, doc, today)
            if people is not None
            else None
        )
        folded = (fold(SEPARATOR.join(gathered.free)), fold(SEPARATOR.join(gathered.named)))
        if withheld is not None:
            finder = Finder(withheld.names)
            shown_html = [privacy.visible_text(str(markup)) for markup in rendered.values()]
            if any(
                True
                for text in (*folded, *shown_html)
                for _ in finder.find(text, folded=text in folded)
            ):
                # found somewhere: now field by field, with its line (rare: the texts are scanned once first)
                located = passages(doc, doc.value, skip=skip, persons=kind.persons)
                located += rendered_passages(located, rendered)
                for line, message in own_text_problems(
                    withheld, located, lambda loc: field_label(kind.schema, loc), finder
                ):
                    self.problems.add(rel, line, message)
            if (
                getattr(record, "attachments", None)
                and withheld.end is not None
                and withheld.end >= today
            ):
                self.notices.add(
                    rel,
                    doc.line(("attachments",)),
                    (
                        f"这条公示的{withheld.label}在{withheld.until()}后撤下，附件却一直公开，而附件里写了什么程序读不了："
                        f"请确认附件中没有{withheld.label}里的姓名（{withheld.label}请写在 roster 里，附件只放不含姓名的材料）"
                    ),
                )
        if len(self.problems) > before:
            return None, None
        due = not record.draft and record.date <= self.archive.today
        pending = "" if due else "draft" if record.draft else "scheduled"
        entry = Entry(
            kind.folder,
            ident,
            rel,
            record,
            published=due or self.drafts,
            pending=pending,
            rows_src=table.path,
            rendered=rendered if self.pages else {},
            texts=folded,
        )
        kind.withdraw_rows(entry, self.archive)
        return entry, withheld

    # -- shared checks -----------------------------------------------------------------------

    def _check_of(self, path: Path, rel: str, doc: Located) -> RecordCheck:
        """The rules' view of a file of the site's lists (units, categories, holidays)."""
        return RecordCheck("", path.stem, path, rel, doc, self.root, self.problems, self._refs)

    def _read(self, path: Path) -> Located | None:
        try:
            return load_yaml(path)
        except SourceError as exc:
            self.problems.add(self.rel(path), exc.line, exc.message)
            return None

    def _collect_refs(self, kind: Kind, rel: str, ident: str, doc: Located, data: dict) -> None:
        """Units, categories, media files and records a record names, read from the raw values so
        that they are checked (after every file is read) even when the record has other problems."""
        for loc, what, value in kind.references(data):
            self._refs.append(
                Reference(rel, ident, doc.line(loc), what, value, field_label(kind.schema, loc))
            )


@dataclass
class Loaded:
    """What reading one record file gave: the entry (None when it has problems), its problems and
    references, and (for publish's check) the names it withdrew."""

    entry: Entry | None
    problems: list
    refs: list[Reference]
    table: Table | None = None  # the names a period withdraws, when the record has such a table
    notices: list = field(default_factory=list)


PARALLEL_FROM = 400  # records to read before half of them go to a second process
_FORKED: tuple | None = None  # the loader and its tasks, as a forked process inherits them


def _load_forked(indexes: list[int]) -> list[Loaded]:
    loader, tasks = _FORKED
    return [loader._load_one(*tasks[index]) for index in indexes]


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_mtime_ns, status.st_size)


def _stray_file_message(path: Path, kind: Kind) -> str:
    if path.name.lower().endswith((".yml.txt", ".yaml.txt")):
        return (
            "文件名以 .txt 结尾（记事本另存时自动加上的），不会被发布：请把文件名末尾的 .txt 删掉"
        )
    if path.suffix.lower() in (".yml", ".yaml"):
        return f"扩展名“{path.suffix}”须为小写的 .yml，否则不会被发布：请改名为 {path.stem}.yml"
    table = f"和同名的{kind.people.label}表（.csv）" if kind.people is not None else ""
    return f"这里只能放记录文件（.yml）{table}，此文件不会被发布：请移到别处，照片和附件请放到 data/media"


def _link_message(shown: str, path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (
        f"{shown} 是符号链接（快捷方式），指向“{target}”：为防止读到或写到 data/ 以外的文件，data/ 中不能有符号链接。"
        "请换成文件或文件夹本身"
    )

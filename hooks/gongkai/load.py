"""Loading and validating everything under data/: units, categories and the four record kinds."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import privacy
from .errors import Problems
from .messages import field_label, translate
from .money import format_money, parse_money
from .schema import CSV_COLUMNS, DEFAULT_CATEGORIES, ID_PATTERN, KINDS, SCHEMAS, Category, Record, Row, Unit
from .source import Located, SourceError, load_csv, load_yaml

_ID = re.compile(ID_PATTERN)
_ROWS = TypeAdapter(list[Row])  # validates a whole table in one call into pydantic-core


@dataclass
class Entry:
    """One record as loaded: its kind, id, source file, typed fields and publication state."""

    kind: str  # "disclosures" | "allocations" | "events" | "stories"
    id: str
    src: str  # "data/disclosures/2026/x.yml"
    record: Any  # the schema instance (Disclosure, Allocation, Event, Story)
    published: bool = False
    rows_src: str | None = None  # the CSV the rows came from, if any
    headcount: int = 0  # an allocation's number of people, kept when its named rows are not
    stamp: tuple = ()  # what the record was read from (file sizes and times), for previews

    @property
    def key(self) -> str:
        """kind/id, as written in `related`."""
        return f"{self.kind}/{self.id}"

    @property
    def url(self) -> str:
        """The page's address relative to the site root."""
        return f"{self.kind}/{self.id}/"


@dataclass
class Archive:
    """Everything loaded from data/: the organisation, the categories and every record."""

    today: date
    tz: ZoneInfo
    units: dict[str, Unit] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    entries: dict[str, dict[str, Entry]] = field(default_factory=lambda: {kind: {} for kind in KINDS})
    withheld: dict[str, list[str]] = field(default_factory=dict)  # allocation id → names (publish's check only)

    def published(self, kind: str) -> list[Entry]:
        """The published entries of a kind, newest first (by date, then id)."""
        items = [entry for entry in self.entries[kind].values() if entry.published]
        return sorted(items, key=lambda e: (e.record.date, e.id), reverse=True)

    def lookup(self, key: str) -> Entry | None:
        """The entry named by kind/id, or None."""
        kind, _, ident = key.partition("/")
        return self.entries.get(kind, {}).get(ident)


def build_today(tz: ZoneInfo, environ: dict[str, str] | None = None) -> date:
    """Today in the site's zone: from SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz) if epoch else datetime.now(tz)
    return moment.date()


class Loader:
    """Reads data/ under a repository root, collecting every problem of the run."""

    def __init__(
        self, root: Path, data_dir: Path, today: date, tz: ZoneInfo, cache: dict | None = None, keep_withheld: bool = False
    ):
        self.root = root.absolute()
        self.data_dir = data_dir.absolute()
        self.archive = Archive(today=today, tz=tz)
        self.problems = Problems()
        self.cache = cache  # rel → (stamp, Loaded): files unchanged since the last load are not read again
        self.keep_withheld = keep_withheld  # publish's verification needs the names it must not find
        self._refs: list[Reference] = []
        self._ids: dict[str, set[str]] = {kind: set() for kind in KINDS}

    def rel(self, path: Path) -> str:
        """The path as an editor sees it: relative to the repository root, with slashes."""
        try:
            return path.relative_to(self.root).as_posix()  # files found under data_dir, itself under root
        except ValueError:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                return path.as_posix()

    def load(self) -> Archive:
        """Load and validate everything; raise DataError with all problems at the end."""
        self._load_list("units.yml", Unit, self.archive.units, self._check_unit)
        if (self.data_dir / "categories.yml").exists():
            self._load_list("categories.yml", Category, self.archive.categories, None)
        else:  # the contract ships default categories; the file only overrides them
            self.archive.categories = {k: Category(id=k, name=v) for k, v in DEFAULT_CATEGORIES.items()}
        seen: set[str] = set()
        for kind in KINDS:
            seen |= self._load_kind(kind)
        if self.cache is not None:
            for gone in set(self.cache) - seen:
                del self.cache[gone]
        self._check_refs()
        self.problems.raise_if_any()
        return self.archive

    # -- units and categories ------------------------------------------------------------

    def _load_list(self, name: str, schema: type[BaseModel], into: dict, check) -> None:
        path = self.data_dir / name
        rel = self.rel(path)
        if not path.exists():
            self.problems.add(rel, 1, f"缺少文件 {rel}，请从项目示例中复制一份再修改")
            return
        doc = self._read(path)
        if doc is None:
            return
        if not isinstance(doc.value, list):
            self.problems.add(rel, 1, "此文件应是一个列表，每项以“- id: …”开头")
            return
        self._guard(rel, doc, doc.value, ())
        seen: set[str] = set()
        for index, item in enumerate(doc.value):
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str) and ident in seen:
                self.problems.add(rel, doc.line((index,)), f"id “{ident}”重复，每个 id 只能出现一次")
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
            self.problems.add(rel, line, f"单位“{unit.id}”的上级单位“{unit.parent}”不在它前面的单位中（{hint}，这样也不会出现循环）")

    # -- records ---------------------------------------------------------------------------

    def _load_kind(self, kind: str) -> set[str]:
        folder = self.data_dir / kind
        if not folder.is_dir():
            return set()
        schema = SCHEMAS[kind]
        seen: dict[str, str] = {}
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            rel = self.rel(path)
            if path.suffix == ".yaml":
                self.problems.add(rel, 1, "记录文件的扩展名应为 .yml，请把 .yaml 改为 .yml")
                continue
            if path.suffix == ".csv" and kind == "allocations":
                if not path.with_suffix(".yml").exists():
                    self.problems.add(rel, 1, f"明细表旁边没有同名的分配公示 {path.stem}.yml")
                continue
            if path.suffix != ".yml":
                self.problems.add(rel, 1, _stray_file_message(path))
                continue
            ident = path.stem
            if not _ID.match(ident):
                self.problems.add(
                    rel, 1, f"文件名“{path.name}”不能作为 id：只能用小写字母、数字和连字符“-”，以字母或数字开头，最长 64 个字符（如 2026-10-zongcai1-bonus.yml）"
                )
                continue
            if ident in seen:
                self.problems.add(rel, 1, f"id “{ident}”与 {seen[ident]} 重复，同一类记录的文件名不能相同")
                continue
            seen[ident] = rel
            self._ids[kind].add(ident)
            entry = self._load_cached(kind, schema, path, rel, ident)
            if entry is not None:
                self.archive.entries[kind][ident] = entry
        return set(seen.values())

    def _load_cached(self, kind: str, schema: type[Record], path: Path, rel: str, ident: str) -> Entry | None:
        """A record from the cache when its files are unchanged, else read and checked anew."""
        csv_path = path.with_suffix(".csv") if kind == "allocations" else None
        stamp = (self.archive.today, _stat(path), _stat(csv_path) if csv_path else None)
        hit = self.cache.get(rel) if self.cache is not None else None
        if hit is not None and hit[0] == stamp:
            loaded = hit[1]
        else:
            outer_problems, outer_refs = self.problems, self._refs
            self.problems, self._refs = Problems(), []
            try:
                entry = self._load_record(kind, schema, path, rel, ident)
                if entry is not None:
                    entry.stamp = stamp
                loaded = Loaded(entry, list(self.problems), self._refs)
            finally:
                self.problems, self._refs = outer_problems, outer_refs
            if self.cache is not None:
                self.cache[rel] = (stamp, loaded)
        self.problems.extend(loaded.problems)
        self._refs.extend(loaded.refs)
        return loaded.entry

    def _load_record(self, kind: str, schema: type[Record], path: Path, rel: str, ident: str) -> Entry | None:
        doc = self._read(path)
        if doc is None:
            return None
        if not isinstance(doc.value, dict):
            self.problems.add(rel, 1, f"{KINDS[kind]}文件应由“字段: 值”组成，如 title: …")
            return None
        before = len(self.problems)
        self._guard(rel, doc, doc.value, ())
        data = dict(doc.value)
        rows_src = None
        csv_path = path.with_suffix(".csv")
        if kind == "allocations" and csv_path.exists():
            rows_src = self.rel(csv_path)
            if "rows" in data:
                self.problems.add(rel, doc.line(("rows",)), f"明细既写在 rows 中又有 {csv_path.name}，只能选一种，请删去其一")
            else:
                data["rows"] = self._load_rows(csv_path)  # None when the table has problems
        self._collect_refs(kind, rel, doc, data)
        if kind == "allocations":
            self._check_sum(rel, doc, data)
        try:
            record = schema.model_validate(data)
        except ValidationError as exc:
            for loc, message in translate(schema, exc):
                self.problems.add(rel, doc.line(loc), message)
            return None
        if kind == "allocations" and record.rows is None and rows_src is None:
            self.problems.add(rel, 1, f"缺少明细：请写 rows，或在同一文件夹放入 {ident}.csv")
        elif kind == "allocations" and record.rows == []:
            self.problems.add(rows_src or rel, 1 if rows_src else doc.line(("rows",)), "明细为空，至少需要一行")
        if len(self.problems) > before:
            return None
        if getattr(record, "period", None) is not None and record.period.start is None:
            record.period.start = record.date
        published = not record.draft and record.date <= self.archive.today
        entry = Entry(kind, ident, rel, record, published=published, rows_src=rows_src)
        if kind == "allocations":
            entry.headcount = len(record.rows)
            if not record.period.start <= self.archive.today <= record.period.to:
                if self.keep_withheld:
                    self.archive.withheld[ident] = [row.name for row in record.rows]
                record.rows = []  # named pay outside its period: validated, then never carried further
        return entry

    def _load_rows(self, path: Path) -> list[Row] | None:
        rel = self.rel(path)
        try:
            header, table = load_csv(path)
        except SourceError as exc:
            self.problems.add(rel, exc.line, exc.message)
            return None
        english = set(Row.model_fields)
        keys = []
        for cell in header:
            key = CSV_COLUMNS.get(cell, cell if cell in english else None)
            if key is None:
                known = list(english) + list(CSV_COLUMNS)
                close = difflib.get_close_matches(cell, known, n=1, cutoff=0.5)
                hint = f"是否想写“{close[0]}”？" if close else ""
                self.problems.add(rel, 1, f"表头“{cell}”不是可用的列。{hint}可用的列：姓名,岗位,出勤,工分,金额,备注（或 name,post,shifts,points,amount,note）")
            keys.append(key)
        for required, zh in (("name", "姓名"), ("amount", "金额")):
            if required not in keys:
                self.problems.add(rel, 1, f"表头缺少“{zh}”列")
        if None in keys or "name" not in keys or "amount" not in keys:
            return None
        items, lines, failed = [], [], False
        for line, cells in table:
            if len(cells) > len(keys):
                self.problems.add(rel, line, f"这一行有 {len(cells)} 格，比表头多；文字里有英文逗号时请加引号")
                failed = True
                continue
            items.append({key: cell for key, cell in zip(keys, cells) if cell and not cell.isspace()})
            lines.append(line)
        # One scan of the whole table; the cells are looked at one by one only when it finds something.
        if privacy.scan("\n".join("\t".join(item.values()) for item in items)):
            for item, line in zip(items, lines):
                for key, value in item.items():
                    for found in privacy.scan(value):
                        self.problems.add(rel, line, _privacy_message(f"“{header[keys.index(key)]}”列", found))
                        failed = True
        try:
            rows = _ROWS.validate_python(items)
        except ValidationError as exc:
            for loc, message in translate(Row, exc, skip=1):
                self.problems.add(rel, lines[loc[0]], message.replace("「", "「明细.", 1) if len(loc) > 1 else message)
            return None
        return None if failed else rows

    # -- shared checks -----------------------------------------------------------------------

    def _read(self, path: Path) -> Located | None:
        try:
            return load_yaml(path)
        except SourceError as exc:
            self.problems.add(self.rel(path), exc.line, exc.message)
            return None

    def _guard(self, rel: str, doc: Located, value: Any, loc: tuple) -> None:
        """The privacy guard over every text of a record, the contact field allowing phone numbers."""
        if loc == () and isinstance(value, dict):
            # one scan of the whole record; field by field only when it finds something
            rest = "\n".join(text for key, child in value.items() if key != "contact" for text in _texts(child))
            contact = value.get("contact")
            if not privacy.scan(rest) and not (isinstance(contact, str) and privacy.scan(contact, allow_phone=True)):
                return
        if isinstance(value, dict):
            for key, child in value.items():
                self._guard(rel, doc, child, loc + (key,))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                self._guard(rel, doc, child, loc + (index,))
        elif isinstance(value, str):
            for found in privacy.scan(value, allow_phone=loc == ("contact",)):
                where = "「" + ".".join(str(p) if isinstance(p, str) else f"第{p + 1}项" for p in loc) + "」"
                self.problems.add(rel, _text_line(doc, loc, value, found), _privacy_message(where, found))

    def _collect_refs(self, kind: str, rel: str, doc: Located, data: dict) -> None:
        """Units, categories, media files and records a record names, read from the raw values so
        that they are checked (after every file is read) even when the record has other problems."""
        schema = SCHEMAS[kind]
        if isinstance(data.get("unit"), str):
            self._refs.append(Reference(rel, doc.line(("unit",)), "unit", data["unit"], field_label(schema, ("unit",))))
        if kind == "disclosures" and isinstance(data.get("category"), str):
            label = field_label(schema, ("category",))
            self._refs.append(Reference(rel, doc.line(("category",)), "category", data["category"], label))
        for loc, file in _media_refs(data):
            self._refs.append(Reference(rel, doc.line(loc), "media", file, field_label(schema, loc)))
        related = data.get("related")
        for index, key in enumerate(related if isinstance(related, list) else []):
            if isinstance(key, str):
                self._refs.append(Reference(rel, doc.line(("related", index)), "related", key, ""))

    def _check_sum(self, rel: str, doc: Located, data: dict) -> None:
        """The sum rule, checked whenever the total and every row can be read."""
        rows = data.get("rows")
        if not isinstance(rows, list) or not rows:
            return
        try:
            total = _money(data.get("total"))
            amounts = [row.amount if isinstance(row, Row) else _money(row.get("amount")) for row in rows]
        except (ValueError, TypeError, AttributeError):
            return
        counted = sum(amounts, Decimal("0"))
        if counted != total:
            self.problems.add(
                rel, doc.line(("total",)), f"明细金额合计 {format_money(counted)} 元，与分配总额 {format_money(total)} 元不符"
            )

    def _check_refs(self) -> None:
        archive, media = self.archive, self.data_dir / "media"
        for ref in self._refs:
            if ref.what == "unit" and archive.units and ref.value not in archive.units:
                self.problems.add(ref.src, ref.line, _unknown(ref.label, ref.value, archive.units, "data/units.yml"))
            elif ref.what == "category" and archive.categories and ref.value not in archive.categories:
                self.problems.add(ref.src, ref.line, _unknown(ref.label, ref.value, archive.categories, "data/categories.yml"))
            elif ref.what == "media" and not (_inside(media, ref.value) and (media / ref.value).is_file()):
                self.problems.add(
                    ref.src, ref.line,
                    f"{ref.label}指向的文件“{ref.value}”不存在：请把文件放到 data/media/{ref.value}，或改正路径（相对于 data/media）",
                )
            elif ref.what == "related":
                kind, _, ident = ref.value.partition("/")
                if kind in self._ids and ident not in self._ids[kind]:
                    self.problems.add(ref.src, ref.line, f"「related」（相关）中的“{ref.value}”不存在：没有 data/{kind}/…/{ident}.yml 这条记录")


@dataclass(frozen=True)
class Reference:
    """Something a record names that must exist: checked once every file has been read."""

    src: str
    line: int
    what: str  # "unit" | "category" | "media" | "related"
    value: str
    label: str


@dataclass
class Loaded:
    """What reading one record file gave: the entry (None when it has problems), its problems and references."""

    entry: Entry | None
    problems: list
    refs: list[Reference]


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_mtime_ns, status.st_size)


def _texts(value: Any) -> Iterator[str]:
    """Every text in a parsed document."""
    if isinstance(value, dict):
        for child in value.values():
            yield from _texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child)
    elif isinstance(value, str):
        yield value


def _money(value: Any) -> Decimal:
    """An amount for the sum rule; anything the schema would refuse is left to its message."""
    if value is None or isinstance(value, (dict, list)):
        raise ValueError(value)
    amount = parse_money(value)
    if amount < 0:
        raise ValueError(value)
    return amount


def _stray_file_message(path: Path) -> str:
    if path.name.lower().endswith((".yml.txt", ".yaml.txt")):
        return "文件名以 .txt 结尾（记事本另存时自动加上的），不会被发布：请把文件名末尾的 .txt 删掉"
    if path.suffix.lower() in (".yml", ".yaml"):
        return f"扩展名“{path.suffix}”须为小写的 .yml，否则不会被发布：请改名为 {path.stem}.yml"
    return "这里只能放记录文件（.yml）" + ("和同名的明细表（.csv）" if "allocations" in path.parts else "") + "，此文件不会被发布：请移到别处，照片和附件请放到 data/media"


def _media_refs(data: dict) -> Iterator[tuple[tuple, str]]:
    for key in ("attachments", "photos"):
        items = data.get(key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("file"), str):
                yield (key, index, "file"), item["file"]
    if isinstance(data.get("photo"), str):
        yield ("photo",), data["photo"]


def _inside(folder: Path, relative: str) -> bool:
    target = (folder / relative).resolve()
    return target.is_relative_to(folder.resolve())


def _unknown(label: str, value: str, known: dict, where: str) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f"是否想写“{close[0]}”（{known[close[0]].name}）？" if close else ""
    listed = "、".join(f"{k}（{v.name}）" for k, v in list(known.items())[:12])
    more = " 等" if len(known) > 12 else ""
    return f"{label}的值“{value}”不在 {where} 中。{hint}可用的有：{listed}{more}"


def _privacy_message(where: str, found: privacy.Finding) -> str:
    return (
        f"{where}中含有{found.label} {found.masked}。{found.label}属于个人信息，不得公开："
        f"请删除，或改为打码形式（如 {_example(found.kind)}）"
        + ("；需要公布联系电话时，请写在 contact（监督/意见受理）字段中" if found.kind == "mobile" else "")
    )


def _example(kind: str) -> str:
    return {"resident_id": "3708**********1234", "bank_card": "6222 **** **** 1234", "mobile": "138****5678"}[kind]


def _text_line(doc: Located, loc: tuple, value: str, found: privacy.Finding) -> int:
    """The line of the finding inside a block of text, when the text spans several lines."""
    start = doc.line(loc)
    head, tail = found.masked[:3], found.masked[-4:]
    for offset, text_line in enumerate(value.splitlines()):
        digits = re.sub(r"[ -]", "", text_line)
        if head in digits and tail in digits:
            # a block scalar (| or >) starts on the line after its key
            return start + offset + (1 if "\n" in value else 0)
    return start

"""Reading a member's export (outputs.export) as the hostile input it may be.

An export is read from a folder (a CI artifact, relative to mkdocs.yml) or an http(s) address, with a
timeout and a size cap, and validated as the records of data/ are: a known format, each file's size
and sha256 as the manifest says, every record by a schema (its kind, its id, its path exactly the
record's address, dates that are dates, bounded texts) and by the privacy guard (no ID or bank card
number in anything the portal keeps). A member whose export fails any of it never fails the portal:
its last good export, kept in extra.gongkai.members_cache (.gongkai/members/<id>.json by default,
a folder the portal's CI caches between runs), is shown instead and the member is marked 数据未更新.

What is kept of a record is what the portal shows and searches: its title, summary, unit, dates,
status, deadlines and the head of its text, never the whole page (the member's site has it).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from gongkai import urls
from gongkai.data import privacy
from gongkai.kinds import KINDS
from gongkai.outputs.export import FORMAT, MANIFEST, RECORDS
from gongkai.outputs.withdraw import write_whole
from gongkai.settings import MemberOption, Settings

KNOWN_FORMATS = frozenset({FORMAT})  # the export formats this portal reads
FIRST_YEAR = 1949  # no record is older; nor is one dated two years after its export
KEPT_TEXT = 120  # characters of a record's text the portal keeps, when it has no summary
CACHE_FORMAT = 1
MANIFEST_CAP = 1 << 20  # a manifest lists a few files: a megabyte is plenty

_Text = Annotated[str, StringConstraints(max_length=400)]
_Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]


class ExportError(Exception):
    """Why an export cannot be used, in Chinese, for the members' page and the build's log."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _File(_Strict):
    path: Literal["records.json"]  # the files of the format: nothing else is ever opened
    size: int = Field(ge=0)
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Manifest(_Strict):
    format: int
    site: _Text = ""
    site_url: _Text = ""
    day: date
    counts: dict[str, int] = {}
    files: list[_File] = Field(min_length=1, max_length=1)  # format 1: records.json alone


class _Status(_Strict):
    code: Literal["pending", "running", "ended", "published"]
    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")


class _Record(_Strict):
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]
    id: _Id
    path: _Text
    title: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    label: _Text = ""
    date: date
    updated: date | None = None
    unit: _Text = ""
    unit_path: _Text = ""
    summary: Annotated[str, StringConstraints(max_length=2000)] = ""
    text: Annotated[str, StringConstraints(max_length=1_000_000)] = ""
    category: _Text | None = None
    status: _Status | None = None
    state: Annotated[str, StringConstraints(pattern=r"^[a-z]{1,20}$")] | None = None
    state_label: _Text | None = None
    due: date | None = None
    opinions_due: list[date] = Field([], max_length=10_000)


class _Records(_Strict):
    records: list[_Record] = Field(max_length=500_000)


# the names a problem's place may say (never a key an export wrote: it may say anything)
_FIELDS = frozenset(
    (field.alias or name)
    for model in (_Manifest, _File, _Status, _Record, _Records)
    for name, field in model.model_fields.items()
)


@dataclass
class Member:
    """A member as the portal shows it: its option, the day of its data, its records (as kept)
    and, when its export could not be used today, why (数据未更新)."""

    option: MemberOption
    day: date | None = None
    records: list[dict] = field(default_factory=list)
    problem: str = ""  # why the data is not today's export, said in Chinese

    @property
    def stale(self) -> bool:
        """数据未更新: today's export was missing, invalid or old."""
        return bool(self.problem)


def read_members(settings: Settings, today: date) -> list[Member]:
    """Every member of the portal, each from its export or its last good one; never raises."""
    return [read_member(option, settings, today) for option in settings.members]


def read_member(option: MemberOption, settings: Settings, today: date) -> Member:
    """One member: today's export when it is valid, else the last good one, marked."""
    cache = settings.members_cache / f"{option.id}.json"
    try:
        manifest, records = fetch(option.export, settings)
        day, kept = validate(manifest, records, option, today)
    except ExportError as error:
        member = _last_good(option, cache)
        member.problem = str(error)
        return member
    member = Member(option, day, kept)
    _keep(cache, member)
    if (today - day).days > settings.member_max_age:
        member.problem = (
            f"成员最近一次生成网站是在 {day.isoformat()}，已超过 {settings.member_max_age} 天"
        )
    return member


def fetch(source: str, settings: Settings) -> tuple[bytes, dict[str, bytes]]:
    """The manifest and the files it lists, as bytes, each checked against its size and sha256."""
    cap = settings.member_max_mb << 20
    manifest_bytes = _read(source, MANIFEST, settings, MANIFEST_CAP)
    manifest = _parse(_Manifest, manifest_bytes, MANIFEST)
    if manifest.format not in KNOWN_FORMATS:
        raise ExportError(
            f"导出数据的格式版本 {manifest.format} 本门户不认识（认识的版本：{FORMAT}）"
        )
    files = {}
    for item in manifest.files:
        if item.size > cap:
            raise ExportError(
                f"{item.path} 有 {item.size >> 20} MB，超过了上限 {settings.member_max_mb} MB"
            )
        content = _read(source, item.path, settings, item.size)
        if len(content) != item.size:
            raise ExportError(
                f"{item.path} 不完整：应有 {item.size} 字节，读到 {len(content)} 字节"
            )
        if hashlib.sha256(content).hexdigest() != item.sha256:
            raise ExportError(f"{item.path} 的校验值（sha256）与清单不符：文件已损坏或被改动")
        files[item.path] = content
    if RECORDS not in files:
        raise ExportError(f"清单里没有 {RECORDS}")
    return manifest_bytes, files


def _read(source: str, name: str, settings: Settings, cap: int) -> bytes:
    """One file of an export, at most cap bytes (one more is read to tell a file that is longer)."""
    if source.startswith(("http://", "https://")):
        address = urljoin(source if source.endswith("/") else source + "/", name)
        # the timeout bounds the whole read, not each wait: a server that sends a byte now and
        # then never keeps the portal past it
        deadline = time.monotonic() + settings.member_timeout
        try:
            with _OPENER.open(address, timeout=settings.member_timeout) as response:
                parts, size = [], 0
                while size <= cap:
                    part = response.read1(min(1 << 16, cap + 1 - size))
                    if not part:
                        break
                    parts.append(part)
                    size += len(part)
                    if time.monotonic() > deadline:
                        raise TimeoutError("timed out")
                content = b"".join(parts)
        except (OSError, ValueError, urllib.error.URLError, http.client.HTTPException) as error:
            raise ExportError(f"读取 {address} 失败：{_reason(error)}") from None
    else:
        folder = Path(os.path.realpath(settings.root / source))
        path = folder / name
        # a link in an artifact may point anywhere: only a regular file inside the folder is read
        if not path.is_file() or Path(os.path.realpath(path)).parent != folder:
            raise ExportError(f"找不到 {path}（成员的导出数据还没有生成或没有下载）")
        try:
            with path.open("rb") as handle:
                content = handle.read(cap + 1)
        except OSError as error:
            raise ExportError(f"读取 {path} 失败：{error.strerror}") from None
    if len(content) > cap:
        raise ExportError(f"{name} 超过了清单所说的大小或上限")
    return content


def _reason(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"服务器答复 {error.code}"
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return "超时"
    return "无法连接"


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) address (urllib would also follow one to ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.startswith(("http://", "https://")):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameSchemeRedirects)


def _parse(model: type[BaseModel], content: bytes, name: str) -> Any:
    try:
        return model.model_validate_json(content)
    except ValidationError as error:
        first = error.errors()[0]
        # the field's name as the format has it, never a key or value the export wrote
        where = ".".join(
            part if part in _FIELDS else "…" if isinstance(part, str) else str(part)
            for part in first["loc"][:4]
        )
        raise ExportError(f"{name} 的内容不合格式（{where}）") from None


def validate(
    manifest_bytes: bytes, files: dict[str, bytes], option: MemberOption, today: date
) -> tuple[date, list[dict]]:
    """The day of an export and its records as the portal keeps them; ExportError for anything
    that is not what a gongkai site writes: a record whose path is not its address, a day ahead of
    the portal's, an ID or bank card number anywhere in what is kept."""
    manifest = _parse(_Manifest, manifest_bytes, MANIFEST)
    if manifest.day > today + timedelta(days=1):
        raise ExportError(f"导出数据的日期 {manifest.day.isoformat()} 晚于今天")
    records = _parse(_Records, files[RECORDS], RECORDS).records
    kept = []
    seen: set[tuple[str, str]] = set()
    for number, record in enumerate(records, 1):
        for found in privacy.scan(record.id, allow_phone=True):  # said before any message names it
            raise ExportError(f"第 {number} 条记录的编号含有{found.label}：整份导出数据不予采用")
        if record.path != urls.url("record", kind=record.kind, id=record.id):
            raise ExportError(f"记录 {record.kind}/{record.id} 的地址不对：应是记录的网页")
        if not FIRST_YEAR <= record.date.year <= manifest.day.year + 1:
            raise ExportError(
                f"记录 {record.kind}/{record.id} 的日期 {record.date.isoformat()} 不可能"
            )
        if (record.kind, record.id) in seen:
            raise ExportError(f"记录 {record.kind}/{record.id} 出现了两次")
        seen.add((record.kind, record.id))
        item = _kept(record, option)
        shown = (item["title"], item["summary"], item["unit_path"], item["text"])
        for text in (*shown, item.get("state_label", ""), item.get("category", "")):
            for found in privacy.scan(text, allow_phone=True):
                raise ExportError(
                    f"记录 {record.kind}/{record.id} 含有{found.label} {found.masked}：整份导出数据不予采用"
                )
        kept.append(item)
    return manifest.day, kept


def _kept(record: _Record, option: MemberOption) -> dict:
    """What the portal keeps of a record: plain values, as the cache stores them."""
    summary = record.summary[:200]
    text = "" if summary else " ".join(record.text[: KEPT_TEXT * 4].split())[:KEPT_TEXT]
    out: dict[str, Any] = {
        "kind": record.kind,
        "id": record.id,
        "path": record.path,
        "title": record.title,
        "date": record.date.isoformat(),
        "unit_path": record.unit_path or record.unit,
        "summary": summary,
        "text": text,
    }
    if record.category:
        out["category"] = record.category
    if record.status is not None and record.status.start and record.status.end:
        out["period"] = [record.status.start.isoformat(), record.status.end.isoformat()]
    if record.state:
        out["state"], out["state_label"] = record.state, record.state_label or record.state
    if record.due:
        out["due"] = record.due.isoformat()
    if record.opinions_due:
        out["opinions_due"] = [d.isoformat() for d in record.opinions_due]
    return out


def _keep(cache: Path, member: Member) -> None:
    """Keep a member's valid export as its last good one (rewritten only when it changed)."""
    content = json.dumps(
        {"format": CACHE_FORMAT, "day": member.day.isoformat(), "records": member.records},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    try:
        if cache.is_file() and cache.read_bytes() == content:
            return
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_whole(cache, content)
    except OSError:
        pass  # a portal that cannot keep a copy still shows today's data


class _Kept(_Strict):
    """A record as the cache keeps it (_kept): read back as warily as an export."""

    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]
    id: _Id
    path: _Text
    title: str
    date: date
    unit_path: str
    summary: str
    text: str


class _Cache(_Strict):
    format: Literal[1]
    day: date
    records: list[_Kept]


def _last_good(option: MemberOption, cache: Path) -> Member:
    """The member as its last good export showed it, or with no records at all (a cache that is
    missing, of another format or damaged)."""
    try:
        content = cache.read_bytes()
        kept = _Cache.model_validate_json(content)
    except (OSError, ValidationError):
        return Member(option)
    if any(r.path != urls.url("record", kind=r.kind, id=r.id) for r in kept.records):
        return Member(option)
    return Member(option, kept.day, json.loads(content)["records"])

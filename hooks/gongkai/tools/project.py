"""The project as the editors' commands read it: its settings, today, its units, categories and
sessions, the ids taken, and a refusal said in Chinese (exit status 2)."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from pydantic import ValidationError

from gongkai.data.schema import DEFAULT_CATEGORIES, ID_PATTERN, Category, Unit, parse_day
from gongkai.data.sessions import Session
from gongkai.data.source import SourceError, load_yaml
from gongkai.data.today import TodayError, build_today
from gongkai.settings import Settings, SettingsError

_ID = re.compile(ID_PATTERN.strip("^$"))  # used with fullmatch, as the loader does


def fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def find_settings(root: str | None) -> Settings:
    try:
        return Settings.find(Path(root) if root else None)
    except SettingsError as exc:
        said = "\n".join(str(problem) for problem in exc.problems)
        fail(f"mkdocs.yml 中的设置有 {len(exc.problems)} 处问题，请逐条修改：\n{said}")
    except FileNotFoundError as exc:
        fail(str(exc))


def today_of(settings: Settings) -> date:
    try:
        return build_today(ZoneInfo(settings.timezone))
    except TodayError as exc:
        fail(str(exc))


def units_of(settings: Settings) -> dict[str, Unit]:
    try:
        doc = load_yaml(settings.data_dir / "units.yml")
    except (SourceError, FileNotFoundError):
        fail("data/units.yml 无法读取，请先运行 gongkai check 修正它")
    return {
        u["id"]: Unit.model_validate(u)
        for u in doc.value or []
        if isinstance(u, dict) and "id" in u and "name" in u
    }


def categories_of(settings: Settings) -> dict[str, Category]:
    path = settings.data_dir / "categories.yml"
    if not path.exists():
        return {k: Category(id=k, name=v) for k, v in DEFAULT_CATEGORIES.items()}
    doc = load_yaml(path)
    return {
        c["id"]: Category.model_validate(c)
        for c in doc.value or []
        if isinstance(c, dict) and "id" in c
    }


def sessions_of(settings: Settings, strict: bool = False) -> dict[str, Session]:
    """The sessions of data/sessions.yml (none without the file): those written correctly, or
    (strict: an import relies on them) all of them or a stop with the fix."""
    path = settings.data_dir / "sessions.yml"
    out = {}
    try:
        items = load_yaml(path).value if path.is_file() else []
        for item in items or []:
            try:
                session = Session.model_validate(item)
            except ValidationError:
                if strict:
                    raise
                continue
            out[session.id] = session
    except (SourceError, ValidationError, TypeError):
        if strict:
            fail("data/sessions.yml 无法读取，请先运行 gongkai check 修正它")
        return {}
    return out


def newest_session(settings: Settings) -> str:
    """The id of the newest session of data/sessions.yml (a new proposal goes to it), or ""."""
    sessions = sessions_of(settings)
    return max(sessions.values(), key=lambda s: s.date).id if sessions else ""


def choose_unit(units: dict[str, Unit], given: str | None) -> str:
    if given:
        if given in units:
            return given
        key = "".join(unicodedata.normalize("NFKC", given).split())  # 综采二队, as clerks say it
        named = [
            ident
            for ident, unit in units.items()
            if "".join(unicodedata.normalize("NFKC", unit.name).split()) == key
        ]
        if len(named) == 1:
            return named[0]
        if named:
            under = {
                i: units[units[i].parent].name if units[i].parent in units else "" for i in named
            }
            fail(
                f"有 {len(named)} 个单位都叫“{given}”：请用 id 指定，"
                + "、".join(
                    f"--unit {i}" + (f"（{under[i]}的{units[i].name}）" if under[i] else "")
                    for i in named
                )
            )
        fail(
            f"单位“{given}”不在 data/units.yml 中（写单位的 id 或名称都可以）。可用的有：{'、'.join(f'{k}（{u.name}）' for k, u in units.items())}"
        )
    if not sys.stdin.isatty():
        fail(
            "请用 --unit 指定发布单位，可用的有："
            + "、".join(f"{k}（{u.name}）" for k, u in units.items())
        )
    ids = list(units)
    for number, ident in enumerate(ids, start=1):
        click.echo(f"  {number:>2}. {units[ident].name}（{ident}）")
    choice = click.prompt(
        "请输入发布单位的序号", type=click.IntRange(1, len(ids)), prompt_suffix="："
    )
    return ids[choice - 1]


def taken_ids(settings: Settings, kind: str) -> set[str]:
    return (
        {p.stem for p in (settings.data_dir / kind).rglob("*.yml")}
        if (settings.data_dir / kind).exists()
        else set()
    )


def check_id(ident: str) -> str:
    """An id as the loader takes it (a file name under data/), or a stop with the rule."""
    if not _ID.fullmatch(ident):
        fail(
            f"id “{ident}”不能用：只能用小写字母、数字和连字符“-”，以字母或数字开头，最长 64 个字符（如 2026-10-zongcai1-bonus）"
        )
    return ident


def record_path(settings: Settings, kind: str, ident: str, day: date) -> Path:
    """Where a new record of a kind (its folder) goes: data/<kind>/<year>/<id>.yml."""
    return settings.data_dir / kind / str(day.year) / f"{ident}.yml"


def new_path(settings: Settings, kind: str, ident: str, day: date) -> Path:
    check_id(ident)
    if ident in taken_ids(settings, kind):
        fail(f"id “{ident}”已被 data/{kind} 中的另一条记录使用：请换一个（--id）")
    path = record_path(settings, kind, ident, day)
    if path.exists():
        fail(f"{path} 已存在，不会覆盖")
    return path


def day_option(text: str | None, settings: Settings) -> date:
    if text is None:
        return today_of(settings)
    try:
        day = parse_day(text)
    except ValueError:  # PydanticCustomError: a day that does not exist
        day = None
    if day is None:
        fail(
            f"日期“{text}”应写成 YYYY-MM-DD，例如 2026-11-25（也可以写 2026/11/25 或 2026年11月25日）"
        )
    return day


def write_files(settings: Settings, files: dict[Path, str]) -> None:
    """Write files under data/ as they are (no line endings changed), never through a symbolic
    link: a link planted as the file or as a folder on its way could write outside data/. Every
    path is checked before the first is written."""
    data = Path(os.path.normpath(settings.data_dir.absolute()))
    files = {
        Path(os.path.normpath(path.absolute())): text for path, text in files.items()
    }  # no “..” left
    for path in files:
        if data not in path.parents:
            fail(f"{path} 不在 data/ 中，不会写入")
        for place in [path, *path.parents[: len(path.parents) - len(data.parents)]]:
            if place.is_symlink():
                fail(
                    f"{place.relative_to(settings.root).as_posix()} 是符号链接，不会通过它写入：请删除这个链接，"
                    "在 data/ 中放普通的文件和文件夹"
                )
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "wb") as out:
            out.write(text.encode("utf-8"))

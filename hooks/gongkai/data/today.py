"""The day a build, a check or a preview is made as of: the clock in the site's zone, the day of
SOURCE_DATE_EPOCH (reproducible builds), GONGKAI_AS_OF (a site shown as of a fixed day) or the
demo's own day (data/demo.yml)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from gongkai.outputs.withdraw import WithdrawError, clock_day


class TodayError(ValueError):
    """GONGKAI_AS_OF or SOURCE_DATE_EPOCH that is not a day; the message says so in Chinese."""


def as_of(environ: dict[str, str] | None = None) -> date | None:
    """The day a site is shown as of, whatever day it is read (GONGKAI_AS_OF=YYYY-MM-DD: the demo,
    an archived copy); None for a live site, whose pages follow the reader's day."""
    environ = os.environ if environ is None else environ
    text = environ.get("GONGKAI_AS_OF", "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TodayError(
            f"环境变量 GONGKAI_AS_OF 的值“{text}”不是日期：应写成 YYYY-MM-DD，如 2026-11-25；留空则按今天生成"
        ) from None


DEMO_FILE = "demo.yml"  # in data/: the demo's own day, which goes with the demo's records


def demo_day(data_dir: Path) -> date | None:
    """The day the demo data is previewed as of (data/demo.yml, `as_of: 2026-11-25`), or None for
    an enterprise's own data: whoever replaces the demo's records deletes the file with them."""
    path = data_dir / DEMO_FILE
    if path.is_symlink() or not path.is_file():
        return None
    try:
        if path.stat().st_size > 4096:  # three lines: anything larger is not this file
            raise ValueError
        value = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("as_of")
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except (yaml.YAMLError, UnicodeDecodeError, AttributeError, ValueError):
        raise TodayError(
            f"{DEMO_FILE} 中的 as_of 应是一个日期，如 as_of: 2026-11-25（演示数据按这一天预览）；"
            f"本单位自己的数据不需要这个文件，请删去 data/{DEMO_FILE}"
        ) from None


def build_today(tz: ZoneInfo, environ: dict[str, str] | None = None) -> date:
    """Today for a build: GONGKAI_AS_OF when set, else the day of SOURCE_DATE_EPOCH (reproducible
    builds) in the site's zone, else the clock. An empty variable counts as unset."""
    environ = os.environ if environ is None else environ
    fixed = as_of(environ)
    if fixed is not None:
        return fixed
    try:
        return clock_day(tz, environ)
    except WithdrawError as exc:
        raise TodayError(f"{exc}：请改正，或留空按今天生成") from None

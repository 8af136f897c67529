"""Withdrawals due on a day, applied to published sites without building: the fail-safe that takes
named rows down on the first day after their posting period, even when no release can be built
(a broken commit, a runner that is down, a refused publish).

Every build prepares them (hooks/gongkai/site.py): for each list whose names are shown today, its
page as it will be on the first day after the period, and a manifest of dates:

    .withdraw/manifest.json     {"format": 1, "timezone": "Asia/Shanghai", "withdrawals": [
                                  {"on": "2026-11-27", "record": "disclosures/x",
                                   "replace": {"disclosures/x/index.html": "2026-11-27/disclosures/x/index.html.prepared"},
                                   "delete": ["disclosures/x.csv"]}]}
    .withdraw/<day>/<path>.prepared   the prepared pages (no .html: not pages of the site before their day)
    .withdraw/withdraw.py       this file, so that a web server's cron needs nothing but python3:
                                python3 /srv/gongkai/live/.withdraw/withdraw.py --to /srv/gongkai
    .withdraw/applied.json      what has been applied to this copy

`gongkai publish` applies what is due to every release before it builds; `gongkai withdraw` and the
cron do it alone. Each file is replaced with one rename, so a reader gets the page before or after.
This module uses the standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

FORMAT = 1
FOLDER = ".withdraw"
MANIFEST = f"{FOLDER}/manifest.json"
APPLIED = f"{FOLDER}/applied.json"
RELEASES = "releases"


class WithdrawError(Exception):
    """A manifest or a path that cannot be used; the message says why, in Chinese."""


@dataclass
class Report:
    """What applying the due withdrawals to one site did."""

    site: Path
    done: list[tuple[str, str]] = field(default_factory=list)  # (record, day) withdrawn now
    failed: list[tuple[str, str]] = field(default_factory=list)  # (record or file, why)
    unprepared: bool = False  # a site built before withdrawals were prepared: nothing to apply

    def lines(self) -> list[str]:
        """What happened, in Chinese, one line each."""
        out = [
            f"已撤下 {record}（公示期满，{on} 起不再公开姓名）：{self.site}"
            for record, on in self.done
        ]
        out += [f"撤下失败：{what}：{why}（{self.site}）" for what, why in self.failed]
        if self.unprepared:
            out.append(
                f"提示：{self.site} 是旧版 gongkai 生成的，没有准备撤下，到期的姓名只能靠重新发布撤下"
            )
        return out


def load_manifest(path: Path) -> dict | None:
    """The manifest of a site, or None when the site prepared no withdrawal."""
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WithdrawError(f"{path} 无法读取：{exc}") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("withdrawals"), list)
    ):
        raise WithdrawError(
            f"{path} 的格式不是本程序认识的版本 {FORMAT}：请用生成这个网站的 gongkai 版本撤下"
        )
    return manifest


def _inside(site: Path, rel: str) -> Path:
    """A path of the manifest inside the site, never through a link or outside it."""
    parts = rel.split("/")
    if (
        not rel
        or rel.startswith("/")
        or "\\" in rel
        or "\x00" in rel
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise WithdrawError(f"路径“{rel}”不在网站文件夹内")
    path = site.joinpath(*parts)
    folder = site
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise WithdrawError(f"路径“{rel}”经过符号链接")
    if path.is_symlink():
        raise WithdrawError(f"路径“{rel}”是符号链接")
    return path


def apply_due(site: Path, day: date) -> Report:
    """Apply every withdrawal of a site due on or before day that is not applied yet."""
    report = Report(site)
    try:
        manifest = load_manifest(site / MANIFEST)
    except WithdrawError as exc:  # one unreadable release never stops the others
        report.failed.append(("撤下清单", str(exc)))
        return report
    if manifest is None:
        report.unprepared = True
        return report
    applied_path = site / APPLIED
    try:
        applied = (
            set(json.loads(applied_path.read_text(encoding="utf-8")))
            if applied_path.is_file()
            else set()
        )
    except (OSError, ValueError):
        applied = set()
    for item in sorted(
        manifest["withdrawals"], key=lambda i: (str(i.get("on")), str(i.get("record")))
    ):
        record, on = str(item.get("record")), str(item.get("on"))
        try:
            due = date.fromisoformat(on)
        except ValueError:
            report.failed.append((record, f"日期“{on}”不对"))
            continue
        if due > day:
            continue
        if f"{record}@{on}" in applied:
            continue
        problems = _apply(site, item)
        if problems:
            report.failed.extend((record, why) for why in problems)
        else:
            report.done.append((record, on))
            applied.add(f"{record}@{on}")
    if report.done:
        write_whole(applied_path, json.dumps(sorted(applied), ensure_ascii=False).encode("utf-8"))
    return report


def _apply(site: Path, item: dict) -> list[str]:
    """Replace the pages, delete the files; a page that cannot be replaced is deleted, so that no
    name stays (a missing page is better than one past its period). The problems, in Chinese."""
    problems = []
    for rel in item.get("delete", []):
        try:
            path = _inside(site, rel)
            if path.exists():
                path.unlink()
        except (WithdrawError, OSError) as exc:
            problems.append(f"{rel} 没有删除：{exc}")
    for rel, prepared in (item.get("replace") or {}).items():
        try:
            target = _inside(site, rel)
        except WithdrawError as exc:
            problems.append(str(exc))
            continue
        try:
            source = _inside(site / FOLDER, prepared)
            write_whole(target, source.read_bytes())
        except (WithdrawError, OSError) as exc:
            try:
                if target.exists():
                    target.unlink()
                problems.append(
                    f"{rel} 没有换成期满后的页面（{exc}），已删除这一页以免姓名继续公开"
                )
            except OSError as again:
                problems.append(f"{rel} 没有换成期满后的页面，也没能删除：{again}")
    return problems


def write_whole(path: Path, content: bytes) -> None:
    """Write a file whole: beside it first, then swapped in, so that a reader (nginx serving a
    page, a preview's browser, the next publish reading its state) never gets half of it. The one
    writer of the package, here because this file runs alone on the web server."""
    fresh = path.with_name(f".{path.name}.new-{os.getpid()}")
    fresh.write_bytes(content)
    os.replace(fresh, path)


def sites(target: Path) -> list[Path]:
    """The sites under a publish folder (every release, so that a rollback never brings a name
    back), or the folder itself when it is a site."""
    if (target / FOLDER).is_dir():
        return [target]
    folder = target / RELEASES
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
    )


def withdraw(target: Path, day: date) -> list[Report]:
    """Apply what is due on day to every site under target; a folder with no site is an error (a
    cron pointed at the wrong folder must not pass for one with nothing to do)."""
    found = sites(target)
    if not found:
        raise WithdrawError(
            f"{target} 下没有已发布的网站（应有 releases/ 或 .withdraw/）：请检查发布目录"
        )
    return [apply_due(site, day) for site in found]


def today(zone: str | None, environ: dict | None = None) -> date:
    """Today in the site's zone: GONGKAI_AS_OF, else the day of SOURCE_DATE_EPOCH, else the clock,
    as the build counts it."""
    environ = os.environ if environ is None else environ
    fixed = environ.get("GONGKAI_AS_OF", "").strip()
    if fixed:
        return parse_day(fixed, "环境变量 GONGKAI_AS_OF")
    return clock_day(_zone(zone), environ)


def clock_day(tz, environ: dict) -> date:
    """The day of SOURCE_DATE_EPOCH (reproducible builds) in a time zone, else the clock's; an
    empty variable counts as unset."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(tz).date()
    try:
        return datetime.fromtimestamp(int(epoch), tz).date()
    except (ValueError, OverflowError, OSError):
        raise WithdrawError(
            f"环境变量 SOURCE_DATE_EPOCH 的值“{epoch}”不是时间戳（从 1970 年起的秒数）"
        ) from None


def parse_day(text: str, what: str) -> date:
    """A day written YYYY-MM-DD, or a WithdrawError naming what was wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WithdrawError(
            f"{what}的值“{text}”不是日期：应写成 YYYY-MM-DD，如 2026-11-27"
        ) from None


def _zone(name: str | None):
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name or "Asia/Shanghai")
    except Exception:  # a server without time zone data: China has kept UTC+8 since 1991
        return timezone(timedelta(hours=8))


def zone_of(target: Path) -> str | None:
    """The time zone a site's manifest was made for."""
    for site in sites(target):
        try:
            manifest = load_manifest(site / MANIFEST)
        except WithdrawError:
            continue
        if manifest:
            return manifest.get("timezone")
    return None


def main(argv: list[str] | None = None) -> int:
    """python3 withdraw.py --to DIR [--today YYYY-MM-DD] [--quiet]: exit status 1 when something failed."""
    parser = argparse.ArgumentParser(
        prog="withdraw.py", description="撤下已到期的名单和明细（不需要重新生成网站）"
    )
    parser.add_argument(
        "--to",
        required=True,
        metavar="文件夹",
        help="发布目录（含 releases/ 和 live），或一个网站文件夹",
    )
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="按哪一天计算（默认今天）")
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="没有撤下什么、也没有出错时不输出（cron 只在有事时发邮件）",
    )
    args = parser.parse_args(argv)
    target = Path(args.to)
    failed = False
    try:
        day = parse_day(args.today, "--today ") if args.today else today(zone_of(target))
        reports = withdraw(target, day)
    except WithdrawError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for report in reports:
        for line in report.lines():
            if line.startswith("撤下失败") or line.startswith("已撤下") or not args.quiet:
                print(line, file=sys.stderr if line.startswith("撤下失败") else sys.stdout)
        failed = failed or bool(report.failed)
    if not any(report.done for report in reports) and not failed and not args.quiet:
        print(f"{day.isoformat()}：没有到期要撤下的名单和明细。")
    return 1 if failed else 0


def install(site: Path) -> None:
    """Put this module into a site's .withdraw/ folder, to be run there by a cron."""
    (site / FOLDER).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(__file__, site / FOLDER / "withdraw.py")


if __name__ == "__main__":
    sys.exit(main())

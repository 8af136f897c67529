"""Atomic releases: build beside the live site, verify, switch one symlink, keep the last few.

    DIR/releases/<id>/      complete, verified releases (a site each)
    DIR/releases/.new-<id>/ a release being built or verified: never served, removed when stale
    DIR/live -> releases/<id>

The web server serves DIR/live. The switch is a rename of a new symlink over the old one, atomic on
POSIX: a reader sees the old release or the new one, never a half-written site, and a publish that
fails or is killed at any point leaves `live` as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from gongkai import urls
from gongkai.data import privacy
from gongkai.data.errors import DataError
from gongkai.data.load import Loader
from gongkai.data.today import build_today
from gongkai.data.withheld import SCANNED, Proof, ProofError, file_text
from gongkai.kinds import KINDS
from gongkai.outputs.announce import SECRETS, announce as tell
from gongkai.outputs.withdraw import (
    MANIFEST,
    Report,
    WithdrawError,
    apply_due,
    load_manifest,
    sites,
    today,
    withdraw,
)
from gongkai.settings import Settings

RELEASES = "releases"
LIVE = "live"


class PublishError(Exception):
    """A publish that did not switch the live site; the message says why, in Chinese."""


@dataclass
class Verification:
    """What a release was checked for."""

    pages: int
    files: int


def _release_id() -> str:
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{time.time_ns() % 1_000_000:06d}"


def releases(target: Path) -> list[Path]:
    """Complete releases, oldest first."""
    folder = target / RELEASES
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def live_release(target: Path) -> Path | None:
    """The release the live symlink points at, as releases() names it (not resolved: the target
    may lie under a linked folder such as /srv -> /data/srv)."""
    link = target / LIVE
    return target / RELEASES / Path(os.readlink(link)).name if link.is_symlink() else None


def switch(target: Path, release: Path) -> None:
    """Point live at release in one rename."""
    temporary = target / f".{LIVE}.{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(Path(RELEASES) / release.name, temporary)
    os.replace(temporary, target / LIVE)


def _built(site: Path, address: str) -> bool:
    """Whether the release holds the file at address: a page's index.html, or the file itself."""
    page = address == "" or address.endswith("/")
    return (site / address / "index.html" if page else site / address).is_file()


def _all_said(problems: list[str], shown: int = 30) -> str:
    """Every problem of a release, one a line (the first `shown` of them): all are fixed in one go."""
    if len(problems) == 1:
        return problems[0]
    lines = problems[:shown] + (
        [f"……另有 {len(problems) - shown} 处"] if len(problems) > shown else []
    )
    return f"新版本有 {len(problems)} 处问题，没有发布：\n" + "\n".join(lines)


def verify(site: Path, settings: Settings, day: date | None = None) -> Verification:
    """Every contract address of the published records exists; no ID number, card number, mobile
    number outside a record's contact, or withheld name is anywhere in the output (withheld.Proof);
    every list shown today has its withdrawal prepared. The numbers are found by the same scanner
    as the build's, over the text a reader of each page gets."""
    tz = ZoneInfo(settings.timezone)
    loader = Loader(
        settings.root, settings.data_dir, day or build_today(tz), tz, keep_withheld=True
    )
    archive = loader.load()
    missing = []
    pages = 0
    for kind in archive.entries:
        expected = [urls.url("kind", kind=kind)]
        for entry in archive.published(kind):
            pages += 1
            expected.append(entry.url)
            table = KINDS[kind].people
            if table is not None and table.offers_csv(entry.record, archive.today):
                expected.append(urls.url("record_csv", kind=kind, id=entry.id))
        missing += [f"/{address}" for address in expected if not _built(site, address)]
    units = [urls.url("unit", id=unit) for unit in archive.units]
    site_wide = [urls.url(name) for name in ("home", "feed", "calendar")]
    site_wide.append(urls.url("search_index") + "meta.json")
    missing += [f"/{address}" for address in units + site_wide if not _built(site, address)]
    problems = []
    if missing:
        problems.append(f"新版本缺少 {len(missing)} 个页面，没有发布：" + "、".join(missing[:10]))
    contacts = {
        found.masked
        for entries in archive.entries.values()
        for entry in entries.values()
        for found in privacy.scan(getattr(entry.record, "contact", None) or "")
    }
    contacts |= {found.masked for found in privacy.scan(settings.contact)}  # the site's default
    proof = Proof(archive, settings)
    files = 0
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix in SCANNED:
            files += 1
            rel = path.relative_to(site).as_posix()
            text = file_text(path)  # what a reader sees and copies, links included
            for found in privacy.scan(text):
                if found.number_type != "mobile" or found.masked not in contacts:
                    problems.append(f"新版本的 {rel} 中有{found.label} {found.masked}，没有发布")
            proof.scan(rel, text)
    try:
        proof.finish(site)
    except ProofError as exc:
        problems += str(exc).splitlines()
    if problems:
        raise PublishError(_all_said(problems))
    return Verification(pages, files)


def withdraw_due(target: Path, today: date, log=print) -> list[Report]:
    """Apply the withdrawals due today to every release under target (the fail-safe: before
    anything else, whatever happens to the new release); nothing to do before the first release."""
    if not sites(target):
        return []
    try:
        reports = withdraw(target, today)
    except WithdrawError as exc:
        raise PublishError(f"到期的撤下没有完成：{exc}") from None
    for report in reports:
        for line in report.lines():
            log(line)
    return reports


def publish(
    target: Path, settings: Settings, keep: int = 5, log=print, announce: bool = True
) -> Path:
    """Withdraw what is due from the releases already published, then build a new release beside
    the live one, verify it, switch live to it and prune old releases. A publish that fails says
    what it withdrew before it failed; a withdrawal that failed fails the publish too (after the
    new release, which holds no name past its period, went live)."""
    target.mkdir(parents=True, exist_ok=True)
    folder = target / RELEASES
    folder.mkdir(exist_ok=True)
    # One moment for the whole publish: the build and its verification count the same day, also
    # across midnight (a reproducible build's own SOURCE_DATE_EPOCH is kept)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip() or str(int(time.time()))
    day = build_today(ZoneInfo(settings.timezone), {**os.environ, "SOURCE_DATE_EPOCH": epoch})
    reports = withdraw_due(target, day, log)
    withdrawn = [line for report in reports for line in report.lines() if line.startswith("已撤下")]
    failed = [line for report in reports for line in report.lines() if line.startswith("撤下失败")]
    try:
        release = _publish(target, settings, keep, log, epoch, day)
    except PublishError as exc:
        said = ("\n发布前已撤下到期的名单：\n" + "\n".join(withdrawn)) if withdrawn else ""
        raise PublishError(str(exc) + said + ("\n" + "\n".join(failed) if failed else "")) from None
    try:  # the release is live: a chat that cannot be reached or a broken state never undoes it
        if announce:
            tell(target, release, settings.site_name, settings.site_url or "", day, log)
    except Exception as exc:  # noqa: BLE001
        log(f"群通知：没有完成（{type(exc).__name__}），网站已发布；下次发布时补发")
    if failed:
        raise PublishError(
            "新版本已发布（其中没有期满的姓名），但旧版本中有到期的名单没能撤下：\n"
            + "\n".join(failed)
        )
    now = build_today(ZoneInfo(settings.timezone))
    if now > day:  # the publish ran past midnight: what came due meanwhile goes now
        for report in withdraw_due(target, now, log):
            if report.failed:
                raise PublishError(
                    "新版本已发布，但过了零点后到期的名单没能撤下，见上面的“撤下失败”"
                )
    return release


def _publish(target: Path, settings: Settings, keep: int, log, epoch: str, day: date) -> Path:
    folder = target / RELEASES
    current = live_release(target)
    for stale in folder.glob(".new-*"):  # left by a publish that failed or was killed
        shutil.rmtree(stale, ignore_errors=True)
    release_id = _release_id()
    incoming = folder / f".new-{release_id}"
    log(f"正在生成新版本 {release_id} ……")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--site-dir",
        str(incoming),
    ]
    quiet = {
        k: v for k, v in os.environ.items() if not k.startswith("PUBLISH_") and k not in SECRETS
    }  # no secret in the build
    result = subprocess.run(
        command,
        cwd=settings.root,
        env={**quiet, "SOURCE_DATE_EPOCH": epoch},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        shutil.rmtree(incoming, ignore_errors=True)
        raise PublishError("生成失败，网站保持不变：\n" + (result.stderr or result.stdout).strip())
    try:
        checked = verify(incoming, settings, day)
    except DataError as exc:
        shutil.rmtree(incoming, ignore_errors=True)
        raise PublishError(str(exc)) from None
    # the build passed check and made this: the code or the release is wrong
    except PublishError as exc:
        shutil.rmtree(incoming, ignore_errors=True)
        raise PublishError(
            f"{exc}。\n数据检查通过而生成的网站没通过发布前的检查，说明程序有问题或生成的文件被改动过："
            "网站保持不变；请把这条提示报告给网站的维护人员"
        ) from None
    release = folder / release_id
    os.rename(incoming, release)
    switch(target, release)
    log(
        f"已发布 {release_id}：{checked.pages} 个记录页面，检查了 {checked.files} 个文件"
        + (f"；上一版本 {current.name}" if current else "")
    )
    for old in releases(target)[:-keep] if keep > 0 else []:
        if old != release and old != current:
            shutil.rmtree(old, ignore_errors=True)
    return release


def rollback(target: Path, log=print) -> Path:
    """Point live back at the release before the current one."""
    current = live_release(target)
    done = releases(target)
    if current is None or current not in done:
        raise PublishError(f"{target} 下没有正在发布的版本")
    index = done.index(current)
    if index == 0:
        raise PublishError("没有更早的版本可以回退")
    previous = done[index - 1]
    try:
        manifest = load_manifest(previous / MANIFEST)
        if manifest is None:
            raise PublishError(
                f"{previous.name} 是旧版 gongkai 生成的，没有准备撤下，回退后到期的名单不会自动撤下：请重新发布，不要回退到它"
            )
        # what came due since it was live goes first
        report = apply_due(previous, today(manifest.get("timezone")))
    except WithdrawError as exc:
        raise PublishError(f"没有回退：{exc}") from None
    for line in report.lines():
        log(line)
    if report.failed:
        raise PublishError(f"没有回退：{previous.name} 中到期的名单没能撤下")
    switch(target, previous)
    log(f"已回退到 {previous.name}（原版本 {current.name} 仍保留，可再次发布）")
    return previous

"""MkDocs run for `gongkai build` and `gongkai serve`, saying in Chinese what happened: MkDocs'
own English lines are translated, or left out where they only speak to MkDocs' developers."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import click

# MkDocs' lines as (pattern, Chinese, or None to leave the line out)
TRANSLATIONS: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"^Building documentation\.\.\.$"), "正在生成网站……"),
    (re.compile(r"^Building documentation to directory: (.*)$"), r"正在生成网站，写入 \1"),
    (re.compile(r"^Cleaning site directory$"), None),
    (re.compile(r"^Documentation built in ([\d.]+) seconds$"), r"网站已生成，用时 \1 秒。"),
    (
        re.compile(r"^A 'dirty' build is being performed.*", re.S),
        None,
    ),  # the preview's way on purpose
    (re.compile(r"^The directory contains stale files.*"), None),
    (
        re.compile(
            r"^The following pages exist in the docs directory, but are not included in the \"nav\".*",
            re.S,
        ),
        None,
    ),
    (re.compile(r"^\[[\d:]+\] Watching paths for changes: (.*)$"), r"正在留意这些文件夹的改动：\1"),
    (
        re.compile(r"^\[[\d:]+\] Serving on (\S+)(?: and opening it in a browser)?$"),
        r"预览网址：\1 （用浏览器打开；按 Ctrl+C 停止预览）",
    ),
    (re.compile(r"^\[[\d:]+\] Detected file changes$"), "发现文件有改动，重新生成……"),
    (re.compile(r"^\[[\d:]+\] Reloading browsers$"), "已让打开的网页刷新。"),
    (re.compile(r"^\[[\d:]+\] Browser connected: (.*)$"), r"浏览器已打开：\1"),
    (re.compile(r"^Shutting down\.\.\.$"), "预览已停止。"),
    (
        re.compile(r"^Doc file '(.*)' contains a link to '(.*)' which is not found.*"),
        r"网页 \1 中的链接 \2 指向的页面不存在",
    ),
]
LEVELS = {logging.ERROR: "错误：", logging.CRITICAL: "错误：", logging.WARNING: "警告："}


def translate(message: str) -> str | None:
    """A line of MkDocs in Chinese; None for a line that only speaks to MkDocs' developers. Lines of
    this project (already Chinese) and unknown lines pass through."""
    message = message.removeprefix("gongkai: ")
    for pattern, chinese in TRANSLATIONS:
        found = pattern.match(message)
        if found:
            return None if chinese is None else found.expand(chinese)
    return message


class ChineseHandler(logging.Handler):
    """Prints MkDocs' log records to the terminal in Chinese."""

    def emit(self, record: logging.LogRecord) -> None:
        text = translate(record.getMessage())
        if text is None:
            return
        line = LEVELS.get(record.levelno, "") + text
        click.echo(line, err=record.levelno >= logging.WARNING)


def _quiet_mkdocs() -> logging.Logger:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's English banner about MkDocs 2.0
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(ChineseHandler())
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def _run(work: Callable[[], None]) -> None:
    from mkdocs.exceptions import Abort, MkDocsException

    try:
        work()
    except Abort as exc:
        found = re.match(r"Aborted with (\d+) warnings? in strict mode", str(exc))
        if found:
            click.echo(
                f"网站没有生成：严格模式下有 {found.group(1)} 条警告（见上面）。已发布的网站保持不变。",
                err=True,
            )
        else:  # a BuildError: its reasons were said above
            click.echo("生成失败：请按上面的提示修改。", err=True)
        sys.exit(1)
    except MkDocsException as exc:
        message = translate(str(exc)) or ""
        click.echo(
            f"网站没有生成：{message}" if "网站没有生成" not in message else message, err=True
        )
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("预览已停止。", err=True)


def build(root: Path, site_dir: str | None, strict: bool, dirty: bool) -> None:
    """`mkdocs build` of the project at root."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    _quiet_mkdocs()
    options = {"strict": strict} | ({"site_dir": site_dir} if site_dir else {})

    def work() -> None:
        config = load_config(config_file=str(root / "mkdocs.yml"), **options)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            mkdocs_build.build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()

    _run(work)


def serve(root: Path, dev_addr: str | None, full: bool) -> None:
    """`mkdocs serve --dirty --livereload` of the project at root (full: rebuild every page on each save)."""
    from mkdocs.commands import serve as mkdocs_serve

    _quiet_mkdocs()
    options = {"dev_addr": dev_addr} if dev_addr else {}
    _run(
        lambda: mkdocs_serve.serve(
            config_file=str(root / "mkdocs.yml"),
            livereload=True,
            build_type=None if full else "dirty",
            **options,
        )
    )

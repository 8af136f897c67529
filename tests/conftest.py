"""Shared fixtures: tiny data folders, real builds of the project in tmp_path, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from gongkai.data.errors import DataError  # noqa: E402
from gongkai.data.load import Loader  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)
EPOCH = "1795579200"  # 2026-11-25 12:00 Asia/Shanghai
DEMO_NOON = datetime(2026, 11, 25, 4, tzinfo=UTC)  # the same moment, for the browser's clock


@pytest.fixture(scope="session", autouse=True)
def build_day():
    """Every test runs on the demo's day, whatever the clock says: builds, checks and publishes
    started in-process or as subprocesses read "today" from SOURCE_DATE_EPOCH. A test that needs
    another day passes its own environment."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    yield EPOCH
    if before is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


UNITS = """\
- id: mine
  name: 兴业煤矿
  kind: 矿
- id: union
  name: 矿工会
  kind: 科室
  parent: mine
- id: zongcai1
  name: 综采一队
  kind: 区队
  parent: mine
"""
CATEGORIES = """\
- {id: decisions, name: 重大决策}
- {id: pay, name: 工资奖金}
- {id: welfare, name: 职工福利}
- {id: democracy, name: 民主管理}
"""

DISCLOSURE = """\
title: 公开测试
category: welfare
unit: union
date: 2026-11-01
body: |
  正文第一段。
"""
ALLOCATION = """\
title: 综采一队10月安全奖分配公示
unit: zongcai1
date: 2026-11-20
month: 2026-10
kind: safety
total: "3,500.50"
period: {from: 2026-11-20, to: 2026-11-27}
basis: 按工分分配。
rows:
  - {name: 王立新, post: 采煤机司机, amount: 1800}
  - {name: 赵红梅, post: 支架工, amount: 1700.50}
"""
EVENT = """\
title: 职工篮球赛
kind: sports
unit: union
date: 2026-10-20
start: 2026-11-08 14:00
end: 2026-11-08 17:00
location: 矿体育馆
body: 各区队代表队参加。
"""
STORY = """\
title: 李建国：井下三十年
person: 李建国
unit: zongcai1
date: 2026-09-01
body: 李建国带出徒弟二十余人。
"""


def write_data(root: Path, files: dict[str, str | bytes]) -> Path:
    """A data/ folder with units and categories plus the given files (path → text or bytes)."""
    data = root / "data"
    defaults = {"units.yml": UNITS, "categories.yml": CATEGORIES}
    for rel, content in {**defaults, **files}.items():
        if content is None:
            continue
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return data


def load(tmp_path: Path, files: dict[str, str | bytes], today: date = TODAY):
    """Load a data folder as the build does; returns the archive."""
    data = write_data(tmp_path, files)
    return Loader(tmp_path, data, today, TZ).load()


def problems(tmp_path: Path, files: dict[str, str | bytes], today: date = TODAY) -> list[str]:
    """Every located message for a data folder (empty when it loads)."""
    try:
        load(tmp_path, files, today)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A copy of the project (without its data, unless none is given) for a real build."""
    for name in ("mkdocs.yml", "content", "hooks", "theme_overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    shutil.copytree(data or ROOT / "data", dest / "data")
    return dest


def mkdocs_build(project: Path, site: Path | None = None, epoch: str = EPOCH, strict: bool = False):
    """Run `mkdocs build` in project as of epoch; returns the completed process."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site or project / "site")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo data built once per session as of the demo date."""
    root = tmp_path_factory.mktemp("demo")
    project = copy_project(root / "project")
    result = mkdocs_build(project, root / "site", strict=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve folders over HTTP on loopback: serve(site) → base URL."""
    servers = []

    def start(folder: Path, headers: dict[str, str] | None = None) -> str:
        class Handler(_Quiet):
            def end_headers(self):
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                super().end_headers()

        handler = functools.partial(Handler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def demo_url(demo_site, serve) -> str:
    """The demo site served over HTTP."""
    return serve(demo_site)


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class ClockedBrowser:
    """A browser whose every page reads the clock of the demo's day (or the day a test gives), so
    that statuses corrected in the page agree with the build's day whenever the suite runs."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, *, clock: datetime = DEMO_NOON, **options):
        """A context whose pages start at clock (time then runs on from it)."""
        context = self._browser.new_context(**options)
        context.clock.install(time=clock)
        return context

    def new_page(self, *, clock: datetime = DEMO_NOON, **options):
        """A page in a context of its own (closed with the page), starting at clock."""
        page = self._browser.new_page(**options)
        page.context.clock.install(time=clock)
        return page


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, its clock set to the demo's day."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield ClockedBrowser(browser)
        browser.close()

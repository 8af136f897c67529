"""The fixtures: the build's day for every test, the demo built once, a loopback server, a browser
(what they build on is in support.py)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EPOCH,
    ClockedBrowser,
    _Quiet,
    copy_project,
    mkdocs_build,
)


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


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo data built once per session as of the demo date."""
    root = tmp_path_factory.mktemp("demo")
    project = copy_project(root / "project")
    result = mkdocs_build(project, root / "site", strict=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


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

"""The preview: `mkdocs serve --dirty` as .ci/serve runs it, edited while it runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import DISCLOSURE, EPOCH, copy_project, write_data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture()
def preview(tmp_path):
    data = write_data(tmp_path / "data-src", {"disclosures/2026/x.yml": DISCLOSURE})
    project = copy_project(tmp_path / "project", data)
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "disclosures/x/"), timeout=60)
        yield project, base, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_preview_follows_edits_additions_and_deletions(preview):
    project, base, _ = preview
    record = project / "data" / "disclosures" / "2026" / "x.yml"
    record.write_text(DISCLOSURE.replace("公开测试", "改过的标题"), encoding="utf-8")
    wait_for(lambda: "改过的标题" in (fetch(base + "disclosures/x/") or ""))
    assert "改过的标题" in fetch(base + "disclosures/")
    assert "Made with" not in fetch(base + "disclosures/x/")  # Material's credit stays off when pages are rendered again
    (project / "data" / "disclosures" / "2026" / "y.yml").write_text(DISCLOSURE.replace("公开测试", "新增的公开"), encoding="utf-8")
    wait_for(lambda: "新增的公开" in (fetch(base + "disclosures/y/") or ""))
    assert "新增的公开" in wait_for(lambda: fetch(base) if "新增的公开" in (fetch(base) or "") else None)
    record.unlink()
    wait_for(lambda: fetch(base + "disclosures/x/") is None)
    assert "改过的标题" not in fetch(base + "disclosures/")


MESSAGE = "data/disclosures/2026/x.yml:3: 「unit」（发布单位）的值“nowhere”不在 data/units.yml 中"


def test_preview_reports_a_broken_record_in_terminal_and_browser_and_recovers(preview, browser):
    project, base, log = preview
    page = browser.new_page()
    page.goto(base + "disclosures/x/")
    record = project / "data" / "disclosures" / "2026" / "x.yml"
    record.write_text(DISCLOSURE.replace("unit: union", "unit: nowhere"), encoding="utf-8")
    wait_for(lambda: MESSAGE in log.read_text())
    page.wait_for_selector(".gk-preview-errors")
    assert MESSAGE in page.text_content(".gk-preview-errors")
    assert "数据有 1 处错误" in page.text_content(".gk-preview-errors")
    assert "公开测试" in fetch(base + "disclosures/x/")  # the last good preview stays, and answers
    record.write_text(DISCLOSURE.replace("公开测试", "修好了"), encoding="utf-8")
    wait_for(lambda: "修好了" in (fetch(base + "disclosures/x/") or ""))
    page.wait_for_selector(".gk-preview-errors", state="detached")
    page.wait_for_function("document.querySelector('h1').textContent.includes('修好了')")  # live reload
    page.close()

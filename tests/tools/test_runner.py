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
from support import DISCLOSURE, EPOCH, copy_project, mkdocs_build, site_text, write_data


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
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dirty",
            "--livereload",
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
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
    # Material's credit stays off when pages are rendered again
    assert "Made with" not in fetch(base + "disclosures/x/")
    (project / "data" / "disclosures" / "2026" / "y.yml").write_text(
        DISCLOSURE.replace("公开测试", "新增的公开"), encoding="utf-8"
    )
    wait_for(lambda: "新增的公开" in (fetch(base + "disclosures/y/") or ""))
    assert "新增的公开" in wait_for(
        lambda: fetch(base) if "新增的公开" in (fetch(base) or "") else None
    )
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
    # live reload
    page.wait_for_function("document.querySelector('h1').textContent.includes('修好了')")
    page.close()


def test_the_preview_shows_drafts_and_scheduled_records_marked_and_a_build_never_does(
    preview, browser, tmp_path
):
    """What `hugo server -D -F` does: a clerk sees their own draft and the record `gongkai new`
    dated after the preview's day, each marked on its page and in lists, listed with links in
    the panel, which folds away; a build publishes neither."""
    project, base, _ = preview
    folder = project / "data" / "disclosures" / "2026"
    (folder / "draft.yml").write_text(
        DISCLOSURE.replace("公开测试", "草稿测试") + "draft: true\n", encoding="utf-8"
    )
    (folder / "later.yml").write_text(
        DISCLOSURE.replace("公开测试", "定时测试").replace("2026-11-01", "2026-12-09"),
        encoding="utf-8",
    )
    draft = wait_for(lambda: fetch(base + "disclosures/draft/"))
    assert (
        "<strong>草稿</strong>：这条记录写有 <code>draft: true</code>，只在预览中显示，网站上不会发布。"
        in draft
    )
    later = wait_for(lambda: fetch(base + "disclosures/later/"))
    assert (
        "<strong>定时发布：将于2026年12月9日发布</strong>。预览中提前显示；网站上到那天才出现。"
        in later
    )
    listing = wait_for(
        lambda: (lambda text: text if "定时测试" in text and "草稿测试" in text else None)(
            fetch(base + "disclosures/") or ""
        )
    )
    assert (
        '<span class="gk-badge gk-badge--pending">草稿</span>' in listing
        and '<span class="gk-badge gk-badge--pending">定时发布</span>' in listing
    )
    assert "gk-pending" not in fetch(base + "disclosures/x/")
    # not public: it is not
    assert '<span class="gk-status__label">草稿</span>' in draft and "已公开" not in draft

    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "disclosures/x/")
    panel = page.wait_for_selector(".gk-preview-errors--notice")
    # on a phone it starts folded: taps reach the page
    assert "gk-preview-errors--folded" in panel.get_attribute("class")
    assert panel.bounding_box()["width"] < 0.7 * 360 and "预览提示（2 条）" in panel.text_content()
    page.click(".gk-preview-errors__toggle")
    page.wait_for_selector(".gk-preview-errors:not(.gk-preview-errors--folded)")
    text = page.text_content(".gk-preview-errors")
    assert "草稿 · 草稿测试（data/disclosures/2026/draft.yml）" in text
    assert "定时发布：将于2026年12月9日发布 · 定时测试（data/disclosures/2026/later.yml）" in text
    assert (
        page.evaluate("document.querySelector('.gk-preview-errors').getBoundingClientRect().height")
        <= 0.4 * 740 + 1
    )
    page.click(".gk-preview-errors a >> text=草稿测试")
    page.wait_for_url(base + "disclosures/draft/")
    # unfolded is remembered
    page.wait_for_selector(".gk-preview-errors:not(.gk-preview-errors--folded)")
    page.click(".gk-preview-errors__toggle")
    page.wait_for_selector(".gk-preview-errors--folded")
    page.reload()
    page.wait_for_selector(".gk-preview-errors--folded")
    page.close()

    assert mkdocs_build(project, tmp_path / "built").returncode == 0
    built = tmp_path / "built"
    assert (
        not (built / "disclosures" / "draft").exists()
        and not (built / "disclosures" / "later").exists()
    )
    assert "草稿测试" not in site_text(built) and "定时测试" not in site_text(built)


def test_gongkai_serve_shows_the_demo_as_of_its_own_day_and_an_enterprise_as_of_today(tmp_path):
    """data/demo.yml goes with the demo's records: whoever replaces them deletes it and previews
    their own today (here the day of SOURCE_DATE_EPOCH, 2026-12-07)."""
    gongkai = os.path.join(os.path.dirname(sys.executable), "gongkai")
    for name, keep in (("demo", True), ("own", False)):
        project = copy_project(tmp_path / name)
        if not keep:
            (project / "data" / "demo.yml").unlink()
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "GONGKAI_AS_OF"} | {
            "SOURCE_DATE_EPOCH": "1796601600",
            "NO_MKDOCS_2_WARNING": "1",
        }
        with open(tmp_path / f"{name}.log", "w") as log:
            process = subprocess.Popen(
                [gongkai, "serve", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=project,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                home = wait_for(lambda port=port: fetch(f"http://127.0.0.1:{port}/"), timeout=120)
            finally:
                process.terminate()
                process.wait(timeout=10)
        said = (tmp_path / f"{name}.log").read_text()
        if keep:
            assert "演示数据：本站按 <strong>2026年11月25日</strong> 的情况展示" in home
            assert (
                "演示数据按 2026-11-25 预览（data/demo.yml）。换成本单位的数据时，连同 data/demo.yml 一起删去，预览就按今天显示。"
                in said
            )
        else:
            assert "演示数据" not in home and "data/demo.yml" not in said

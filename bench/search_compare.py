"""Measure Chinese search on the demo: Material's own search (with jieba) against this project's index.

    python bench/search_compare.py

Builds the demo twice in a temporary folder: once as the project ships (its bigram index), once as the
hand-written Markdown baseline of bench/baseline.py with Material's search plugin (jieba installed). Runs every query of bench/search_queries.py in
chromium and prints, for each engine, how many queries found their record and what a reader's
browser downloads (gzip-compressed, as a web server would send it) before the first result.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline import write_baseline  # noqa: E402
from search_queries import QUERIES  # noqa: E402

EPOCH = "1795579200"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def build(dest: Path, material: bool) -> Path:
    """The demo as this project builds it (its bigram index), or as the hand-written baseline (Material's search)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    if material:
        write_baseline(ROOT / "data", dest, date(2026, 11, 25))
    else:
        dest.mkdir(parents=True)
        for name in ("mkdocs.yml", "content", "hooks", "theme_overrides", "data"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=dest,
        env=env,
        check=True,
        capture_output=True,
    )
    return dest / "site"


def serve(folder: Path) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


def gzipped(site: Path, url: str) -> int:
    path = site / urlparse(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    raw = path.read_bytes()
    return len(raw) if raw[:2] == b"\x1f\x8b" else len(gzip.compress(raw, mtime=0))


def run(browser, site: Path, material: bool) -> tuple[int, list[str], int, float]:
    base = serve(site)
    found, missed, first_bytes, times = 0, [], 0, []
    for index, (query, expected, why) in enumerate(QUERIES):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        urls: list[str] = []
        page.on("requestfinished", lambda request, urls=urls: urls.append(request.url))
        if material:
            page.goto(base)
            page.wait_for_load_state("networkidle")
            # Material's worker loads the index after the page; not timed
            page.wait_for_timeout(2000)
            started = time.perf_counter()
            page.click(".md-search__input")
            page.keyboard.type(query)
            page.keyboard.press("End")  # Material searches on keyup; typed CJK text fires none
            page.wait_for_function(
                "document.querySelector('.md-search-result__meta').textContent.match(/\\d|没有/)",
                timeout=20000,
            )
            hrefs = page.eval_on_selector_all(
                ".md-search-result__item > a", "as => as.map(a => new URL(a.href).pathname)"
            )
        else:
            page.goto(f"{base}search/")
            page.wait_for_load_state("networkidle")
            started = time.perf_counter()
            page.fill("#gk-search input[name=q]", query)
            page.press("#gk-search input[name=q]", "Enter")
            page.wait_for_function(
                "document.querySelector('.gk-result__title') ||"
                " document.querySelector('.gk-results__status').textContent.match(/没有找到|不可用/)"
            )
            hrefs = page.eval_on_selector_all(
                ".gk-result__title", "as => as.map(a => new URL(a.href).pathname)"
            )
        times.append(time.perf_counter() - started)
        if index == 0:
            # everything the reader's browser fetched from the moment it opened the page
            first_bytes = sum(gzipped(site, url) for url in set(urls) if url.startswith(base))
        if expected in hrefs:
            found += 1
        else:
            missed.append(f"{query}（{why}）")
        context.close()
    return found, missed, first_bytes, sorted(times)[len(times) // 2]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=ARGS
        )
        print(
            f"{len(QUERIES)} 个查询，演示数据（{sum(1 for _ in (ROOT / 'data').rglob('*.yml')) - 2} 条记录）"
        )
        print(f"{'搜索引擎':<24}{'找到':>6}{'首次搜索下载(gzip)':>20}{'查询耗时中位数':>16}")
        for name, material in (("Material 自带搜索(jieba)", True), ("本项目二元组索引", False)):
            site = build(Path(tmp) / ("material" if material else "pagefind"), material)
            found, missed, size, median = run(browser, site, material)
            print(
                f"{name:<24}{found:>4}/{len(QUERIES)}{size / 1024:>16.1f} KB{median * 1000:>14.0f} ms"
            )
            for miss in missed:
                print(f"    未找到：{miss}")
        browser.close()


if __name__ == "__main__":
    main()

"""The scale benchmark: a synthetic archive at several sizes, this project against plain Material.

    python bench/benchmark.py                  # 1/10, 1/2 and the full five-year archive
    python bench/benchmark.py --years 0.5 --repeat 1   # the smallest size, one build each (CI's smoke run)
    python bench/benchmark.py --portal [--members 40 …]  # the group portal (bench/portal_bench.py)

For each size it generates the archive (bench/generate.py, 10,000 workers) and mixes in the demo
mine's records (data/), then measures in one run on this machine:
  - `mkdocs build` of this project: wall time and peak memory of the whole process tree;
  - the same for the baseline (bench/baseline.py: the same records as hand-written Markdown pages,
    plain MkDocs + Material with its search plugin and jieba), and the ratio of the two; the two
    build in turns, three times each by default, and the medians are compared;
  - validation alone: the editors' `gongkai check` command, start to finish (median of as many runs);
  - the time from saving one edited record to the preview showing it, under `mkdocs serve --dirty`
    (the README's serve command), median of three edits;
  - what a reader's browser downloads from opening the search page to the first result (gzip, as a
    web server would send it), and the time of a query, in chromium;
  - whether every query of the core search tests (bench/search_queries.py) still finds its demo
    record among the thousands, and at which place of the results;
  - the output's size and its largest page.
It prints one table. Figures are measured, never asserted: the CI runs the smallest size to see that
it finishes.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from baseline import write_baseline  # noqa: E402
from generate import Writer  # noqa: E402
from search_queries import QUERIES  # noqa: E402

EPOCH = "1795579200"  # 2026-11-25 12:00 Asia/Shanghai, the archive's last day
TODAY = date(2026, 11, 25)
QUERY = "职工代表"
ENV = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        stack += children.get(current, [])
    return total


def measure(command: list[str], cwd: Path, memory=None) -> tuple[float, int]:
    """Run a command; its wall time and the peak memory of its process tree (sampled every 50 ms),
    as `memory(pid)` counts it: resident memory (tree_rss) unless told."""
    memory = memory or tree_rss
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, memory(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-3000:]}")
    return wall, peak


def add_demo(data: Path) -> int:
    """Mix the demo mine's records (data/ of this project) into the synthetic archive, so that every
    query of the core search tests is checked among thousands of records; returns their number."""
    demo = ROOT / "data"
    units = yaml.safe_load((data / "units.yml").read_text(encoding="utf-8"))
    known = {unit["id"] for unit in units}
    extra = [
        u
        for u in yaml.safe_load((demo / "units.yml").read_text(encoding="utf-8"))
        if u["id"] not in known
    ]
    with (data / "units.yml").open("a", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump(extra, allow_unicode=True, sort_keys=False))
    for kind in ("disclosures", "allocations", "events", "stories"):
        shutil.copytree(demo / kind, data / kind / "demo")
    shutil.copytree(demo / "media", data / "media", dirs_exist_ok=True)
    return sum(1 for _ in demo.glob("*/**/*.yml"))


def project(dest: Path, data: Path) -> Path:
    """A copy of this project with the given data."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "hooks", "theme_overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    shutil.copytree(data, dest / "data")
    return dest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def preview_latency(proj: Path, data: Path) -> float:
    """Median seconds from saving an edited record to `mkdocs serve --dirty` serving it."""
    port = free_port()
    server = subprocess.Popen(
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
        cwd=proj,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 900
        while not fetch(base) and time.monotonic() < deadline:
            time.sleep(0.5)
        record = sorted((data / "disclosures").rglob("*.yml"))[-1]
        original = record.read_text(encoding="utf-8")
        times = []
        for attempt in range(3):
            marker = f"预览计时{attempt}{time.time_ns()}"
            record.write_text(
                re.sub(r"^title: .*$", f'title: "{marker}"', original, count=1, flags=re.M),
                encoding="utf-8",
            )
            started = time.perf_counter()
            while marker not in fetch(f"{base}disclosures/{record.stem}/"):
                time.sleep(0.05)
            times.append(time.perf_counter() - started)
            time.sleep(2)
        record.write_text(original, encoding="utf-8")
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(timeout=30)


def submit(page, query: str) -> float:
    """Search on the open search page, as a reader types and presses Enter; seconds until the
    results of this query are shown."""
    page.fill("#gk-search input[name=q]", "")
    started = time.perf_counter()
    page.fill("#gk-search input[name=q]", query)
    page.press("#gk-search input[name=q]", "Enter")
    page.wait_for_function(
        "q => document.querySelector('.gk-results__status').textContent.includes('“' + q + '”')",
        arg=query,
        timeout=120_000,
    )
    return time.perf_counter() - started


def find_rank(page, query: str, expected: str) -> int | None:
    """Search on the open search page; the expected address's place among the results, following
    "more results" as a reader would (up to 500 results), or None."""
    submit(page, query)
    while True:
        hrefs = page.eval_on_selector_all(
            ".gk-result__title", "as => as.map(a => new URL(a.href).pathname)"
        )
        if expected in hrefs:
            return hrefs.index(expected) + 1
        if len(hrefs) >= 500 or page.is_hidden(".gk-results__more"):
            return None
        page.click(".gk-results__more")
        page.wait_for_function(
            "n => document.querySelectorAll('.gk-result').length > n"
            " || document.querySelector('.gk-results__more').hidden",
            arg=len(hrefs),
            timeout=120_000,
        )


def search_costs(site: Path) -> tuple[int, float, list[tuple[str, int | None]]]:
    """Gzipped bytes a reader downloads from opening the search page to the first result, the
    time of a query once the page is open, and where each core query puts its record, in chromium."""
    import functools
    import http.server

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            urls: list[str] = []
            page.on("requestfinished", lambda request: urls.append(request.url))
            page.goto(f"{base}search/?q={QUERY}")
            page.wait_for_selector(".gk-result__title", timeout=120_000)
            downloaded = sum(
                _gzipped(site, url.removeprefix(base)) for url in set(urls) if url.startswith(base)
            )
            times = [submit(page, query) for query in ("安全", "职工 食堂", "劳动模范", "疗养")]
            ranks = [(query, find_rank(page, query, expected)) for query, expected, _ in QUERIES]
            browser.close()
    finally:
        server.shutdown()
    return downloaded, statistics.median(times), ranks


def _gzipped(site: Path, rel: str) -> int:
    path = site / rel.split("?")[0]
    if rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), mtime=0))


def _places(ranks: list[tuple[str, int | None]]) -> str:
    """The median place of the found records, and the worst with its query."""
    found = [(rank, query) for query, rank in ranks if rank is not None]
    if not found:
        return "—"
    worst, query = max(found)
    return f"{statistics.median(rank for rank, _ in found):.0f} / {worst}（{query}）"


def output_size(site: Path) -> tuple[int, int, str]:
    """Total bytes of the site, and its largest HTML page."""
    total, largest, name = 0, 0, ""
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html" and size > largest:
                largest, name = size, str(path.relative_to(site))
    return total, largest, name


def builds(
    proj: Path, base_dir: Path, repeat: int
) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """Build this project and the baseline in turns, each from an empty site folder on a synced disk:
    writing ten thousand pages makes a build's time vary by a quarter from run to run on this VM."""
    ours: list[tuple[float, int]] = []
    base: list[tuple[float, int]] = []
    for _ in range(repeat):
        for folder, runs in ((proj, ours), (base_dir, base)):
            shutil.rmtree(folder / "site", ignore_errors=True)
            os.sync()
            runs.append(measure([sys.executable, "-m", "mkdocs", "build", "-q"], folder))
    return ours, base


def _times(runs: list[tuple[float, int]]) -> str:
    """The median wall time, with the range when there are several runs."""
    walls = [wall for wall, _ in runs]
    median = statistics.median(walls)
    return (
        f"{median:.1f} s"
        if len(walls) == 1
        else f"{median:.1f} s（{min(walls):.1f}–{max(walls):.1f}）"
    )


def run_size(years: float, workers: int, work: Path, repeat: int) -> dict[str, str]:
    data = work / "data"
    counts = Writer(data, workers, years, seed=1, today=TODAY).run()
    records = sum(counts.values()) + add_demo(data)
    rows = sum(1 for _ in data.rglob("*.csv"))
    proj = project(work / "project", data)
    base_dir = work / "baseline"
    write_baseline(data, base_dir, TODAY)
    ours_runs, base_runs = builds(proj, base_dir, repeat)
    ours = statistics.median(wall for wall, _ in ours_runs)
    base = statistics.median(wall for wall, _ in base_runs)
    ours_peak = max(peak for _, peak in ours_runs)
    base_peak = max(peak for _, peak in base_runs)
    # as noisy on this VM as a build: measured as often, the median said
    checks = [
        measure([str(Path(sys.executable).parent / "gongkai"), "check"], proj)
        for _ in range(repeat)
    ]
    downloaded, query, ranks = search_costs(proj / "site")
    found = sum(1 for _, rank in ranks if rank is not None)
    missed = "、".join(query for query, rank in ranks if rank is None)
    total, largest, largest_name = output_size(proj / "site")
    base_total, _, _ = output_size(base_dir / "site")
    latency = preview_latency(proj, proj / "data")
    return {
        "记录数": f"{records:,}（含 {rows:,} 个明细表）",
        "构建（本项目）": _times(ours_runs),
        "构建（基线）": _times(base_runs),
        "耗时比（中位数之比）": f"{ours / base:.2f}",
        "峰值内存（本项目）": f"{ours_peak / 2**20:,.0f} MiB",
        "峰值内存（基线）": f"{base_peak / 2**20:,.0f} MiB",
        "仅校验（gongkai check）": _times(checks),
        "保存到预览可见（serve --dirty）": f"{latency:.2f} s",
        "首次搜索下载（gzip）": f"{downloaded / 1024:,.0f} KiB",
        "查询耗时（中位数）": f"{query * 1000:.0f} ms",
        f"核心搜索查询找到记录（{len(ranks)} 个）": f"{found}/{len(ranks)}"
        + (f"，未找到：{missed}" if missed else ""),
        "其记录的名次（中位数/最差）": _places(ranks),
        "输出大小（本项目/基线）": f"{total / 2**20:,.0f} / {base_total / 2**20:,.0f} MiB",
        "最大页面": f"{largest / 1024:,.0f} KiB（{largest_name}）",
    }


def main() -> None:
    if "--portal" in sys.argv[1:]:  # the group portal's benchmark, bench/portal_bench.py
        import portal_bench

        sys.argv.remove("--portal")
        portal_bench.main()
        return
    parser = argparse.ArgumentParser(
        description="公开栏规模基准测试（--portal：集团门户 40 个成员的基准测试，见 portal_bench.py）"
    )
    parser.add_argument(
        "--years", default="0.5,2.5,5", help="逗号分隔的年数，默认 0.5,2.5,5（即 1/10、1/2、全量）"
    )
    parser.add_argument("--workers", type=int, default=10000, help="职工人数，默认 10000")
    parser.add_argument(
        "--repeat", type=int, default=3, help="每个规模轮流构建本项目和基线的次数，取中位数，默认 3"
    )
    args = parser.parse_args()
    sizes = [float(y) for y in args.years.split(",")]
    columns: list[dict[str, str]] = []
    for years in sizes:
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
            print(f"正在测量 {years:g} 年 × {args.workers} 人 ……", file=sys.stderr, flush=True)
            columns.append(run_size(years, args.workers, Path(tmp), args.repeat))
    heads = [f"{y:g} 年" for y in sizes]
    width = max(_width(k) for k in columns[0]) + 2
    cell = max(_width(v) for column in columns for v in column.values()) + 2
    print(
        f"{args.workers:,} 名职工的档案，{os.cpu_count()} 核；每列一个规模，同一次运行；构建轮流 {args.repeat} 次，取中位数（括号内为最快–最慢）"
    )
    print(_pad("指标", width) + "".join(_pad(h, cell, right=True) for h in heads))
    for key in columns[0]:
        print(_pad(key, width) + "".join(_pad(column[key], cell, right=True) for column in columns))


def _width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


if __name__ == "__main__":
    main()

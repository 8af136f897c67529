"""The group portal at scale: 40 members × 10,000 workers × 5 years (about 460,000 records).

    python bench/portal_bench.py                       # 40 members, 10,000 workers, 5 years
    python bench/portal_bench.py --members 3 --years 0.5   # a quick run

One member is built for real (`mkdocs build`), and the time its export took is measured against its
build. The other members' exports are written by the same export code (outputs.export) from
generated records: each member's archive is generated with its own seed and name, loaded and
validated as a build loads it, and exported; two at a time, on the two cores. Then the portal,
with a small archive of its own and all the members in its mkdocs.yml, is built and measured: wall
time and peak memory of the process tree. Its search is measured in chromium with the CPU throttled
4× (Lighthouse's mobile setting): what the first search downloads (gzip, as a web server sends it),
and for each query what it downloads and how long it takes to show its results.

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(HERE))

from benchmark import CHROMIUM_ARGS, measure  # noqa: E402
from demo_group import Spec, portal_config, project  # noqa: E402
from generate import Writer  # noqa: E402

TODAY = date(2026, 11, 25)
TZ = ZoneInfo("Asia/Shanghai")
NAMES = (
    "兴业煤矿 华丰煤矿 泰山能源 新汶煤矿 协庄煤矿 鄂庄煤矿 良庄煤矿 孙村煤矿 潘西煤矿 张庄煤矿 "
    "翟镇煤矿 南屯煤矿 兴隆庄煤矿 鲍店煤矿 东滩煤矿 济宁二号井 杨村煤矿 赵楼煤矿 唐口煤矿 许厂煤矿 "
    "岱庄煤矿 葛亭煤矿 阳城煤矿 里彦煤矿 田庄煤矿 北宿煤矿 落陵煤矿 蒋庄煤矿 付村煤矿 高庄煤矿 "
    "柴里煤矿 滨湖煤矿 新河煤矿 王楼煤矿 郭屯煤矿 彭庄煤矿 李楼煤矿 梁宝寺煤矿 朝阳煤矿 七五煤矿"
).split()
QUERIES = ("安全", "职工代表", "劳动模范", "食堂 菜价", "华丰煤矿 工资", "疗养")


def tree_pss(pid: int) -> int:
    """Proportional memory of a process and its descendants, in bytes: a forked worker's pages
    shared with its parent count once (RSS would count them in both)."""
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as handle:
                stack += [int(child) for child in handle.read().split()]
        except OSError:
            pass
    total = 0
    for current in pids:
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def member_spec(index: int, workers: int, years: float) -> Spec:
    name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else str(index))
    return Spec(f"m{index:02d}", name, f"http://gk.m{index:02d}.local/", index + 1, workers, years)


def export_member(spec: Spec, work: Path) -> tuple[str, float, float]:
    """Generate a member's archive, load it as a build does and write its export; returns its id,
    the seconds of loading and of exporting."""
    from gongkai.data.load import Loader
    from gongkai.outputs.export import write_export
    from gongkai.pages.generator import Generator

    data = work / spec.id / "data"
    Writer(data, spec.workers, spec.years, spec.seed, TODAY, enterprise=spec.name).run()
    started = time.perf_counter()
    archive = Loader(data.parent, data, TODAY, TZ).load()
    generator = Generator(archive, spec.url)
    views = [v for views in generator.published.values() for v in views]
    loaded = time.perf_counter()
    write_export(views, work / spec.id / "site", site=spec.name, site_url=spec.url, day=TODAY)
    exported = time.perf_counter()
    shutil.rmtree(data)
    return spec.id, loaded - started, exported - loaded


def _export_star(args: tuple[Spec, Path]) -> tuple[str, float, float]:
    return export_member(*args)


# A query's time as the reader waits for it, measured in the page: from submitting the form to its
# results and their count shown (Playwright's typing, under the throttled CPU, would add its own
# few hundred milliseconds of input events to every figure).
ANSWER = """q => new Promise(done => {
  const status = document.querySelector('.gk-results__status');
  const input = document.querySelector('#gk-search input[name=q]');
  const seen = new MutationObserver(() => {
    if (status.textContent.includes('“' + q + '”')) { seen.disconnect(); done(performance.now() - t0); }
  });
  seen.observe(status, {childList: true, characterData: true, subtree: true});
  input.value = q;
  const t0 = performance.now();
  input.form.requestSubmit();
})"""


def gzipped(site: Path, rel: str) -> int:
    path = site / rel.split("?")[0]
    if rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), mtime=0)) if path.is_file() else 0


def search_costs(
    site: Path, throttle: float = 4, repeat: int = 3
) -> tuple[int, list[tuple[str, int, float, int]]]:
    """In chromium with the CPU slowed `throttle` times: gzipped bytes from opening the search page
    to its first result; then for each query, asked `repeat` times in a fresh page, its gzipped
    download, its median time and its result count."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    out = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            urls: list[str] = []
            page.on("requestfinished", lambda request: urls.append(request.url))
            page.goto(f"{base}search/?q={quote(QUERIES[0])}")
            page.wait_for_selector(".gk-result__title", timeout=300_000)
            first = sum(
                gzipped(site, u.removeprefix(base)) for u in set(urls) if u.startswith(base)
            )
            page.close()
            for query in QUERIES:  # each in a fresh page with an empty cache, as a reader's first
                times = []
                for _ in range(repeat):  # this VM's timing varies by a third: the median is said
                    page = browser.new_context().new_page()
                    page.context.new_cdp_session(page).send(
                        "Emulation.setCPUThrottlingRate", {"rate": throttle}
                    )
                    urls = []  # this page's requests alone
                    page.on("requestfinished", lambda request, urls=urls: urls.append(request.url))
                    page.goto(f"{base}search/")
                    page.wait_for_load_state("load")
                    seen = set(urls)
                    times.append(page.evaluate(ANSWER, query) / 1000)
                    page.wait_for_timeout(500)  # the finished requests reach this process
                    fresh = {u for u in urls if u.startswith(base) and u not in seen}
                    downloaded = sum(gzipped(site, u.removeprefix(base)) for u in fresh)
                    count = page.locator(".gk-result").count()
                    page.context.close()
                out.append((query, downloaded, statistics.median(times), count))
            browser.close()
    finally:
        server.shutdown()
    return first, out


def main() -> None:
    parser = argparse.ArgumentParser(description="集团门户规模基准测试")
    parser.add_argument("--members", type=int, default=40, help="成员单位数，默认 40")
    parser.add_argument("--workers", type=int, default=10000, help="每个成员的职工人数，默认 10000")
    parser.add_argument("--years", type=float, default=5, help="年数，默认 5")
    parser.add_argument("--keep", type=Path, help="保留生成的文件到这个文件夹（默认用临时文件夹）")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="沿用 --keep 文件夹里已生成的成员，只重新构建和测量门户",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-portal-"))
    work.mkdir(parents=True, exist_ok=True)
    say = functools.partial(print, file=sys.stderr, flush=True)
    specs = [member_spec(i, args.workers, args.years) for i in range(args.members)]

    first = specs[0]
    real = work / first.id
    if args.reuse:
        build_wall = build_peak = export_s = load_s = exports_wall = float("nan")
    else:
        say(f"成员 {specs[0].name}：生成并真实构建……")
        data = work / "real-data"
        Writer(data, first.workers, first.years, first.seed, TODAY, enterprise=first.name).run()
        real = project(work / first.id, data, name=first.name, url=first.url, enterprise=first.name)
        build_wall, build_peak = measure([sys.executable, "-m", "mkdocs", "build", "-q"], real)
        _, load_s, export_s = export_member(first, work / "probe")  # the export alone, timed
        shutil.rmtree(work / "probe")

        say(f"其余 {len(specs) - 1} 个成员：生成记录并导出（两个进程）……")
        started = time.perf_counter()
        # not a multiprocessing.Pool: its workers are daemons, and loading forks a parser of its own
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_export_star, [(spec, work) for spec in specs[1:]]))
        exports_wall = time.perf_counter() - started
    records = len(json.loads((real / "site/export/records.json").read_bytes())["records"])
    sizes = [(work / spec.id / "site/export/records.json").stat().st_size for spec in specs]

    say("集团门户：构建……")
    portal_data = work / "portal-data"
    if not (args.reuse and portal_data.is_dir()):
        Writer(portal_data, 400, 1, 999, TODAY, enterprise="集团公司").run()
    portal = project(
        work / "portal",
        portal_data,
        name="集团工会公开栏",
        url="http://gk.group.local/",
        enterprise="集团公司",
    )
    portal_config(portal, [(spec, f"../{spec.id}/site/export/") for spec in specs])
    shutil.rmtree(portal / ".gongkai", ignore_errors=True)
    portal_wall, portal_peak = measure(
        [sys.executable, "-m", "mkdocs", "build", "-q"], portal, tree_pss
    )
    again_wall, again_peak = measure(
        [sys.executable, "-m", "mkdocs", "build", "-q"], portal, tree_pss
    )
    meta = json.loads((portal / "site/search/index/meta.json").read_bytes())

    say("门户搜索：chromium，CPU 降速 4 倍……")
    first_download, queries = search_costs(portal / "site")

    total_records = meta["docs"]
    print(
        f"集团门户：{len(specs)} 个成员 × {args.workers:,} 名职工 × {args.years:g} 年，{os.cpu_count()} 核"
    )
    rows = [
        ("成员记录（门户搜索索引中的文档）", f"{total_records:,}"),
        (
            "一个成员的真实构建",
            f"{build_wall:.1f} s，峰值 {build_peak / 2**20:,.0f} MiB（{records:,} 条记录）",
        ),
        (
            "其中导出（同样的记录，单独计时）",
            f"{export_s:.2f} s，占构建的 {export_s / build_wall:.1%}（载入 {load_s:.1f} s）",
        ),
        ("导出大小 records.json（中位数）", f"{statistics.median(sizes) / 2**20:.1f} MB"),
        ("其余成员生成并导出（两个进程）", f"{exports_wall:.0f} s"),
        (
            "门户构建（首次，无备份）",
            f"{portal_wall:.1f} s，峰值 {portal_peak / 2**20:,.0f} MiB（PSS）",
        ),
        (
            "门户构建（再次，备份未变）",
            f"{again_wall:.1f} s，峰值 {again_peak / 2**20:,.0f} MiB（PSS）",
        ),
        ("搜索索引分片数", f"{meta['shards']:,}"),
        ("首次搜索下载（gzip，到第一条结果）", f"{first_download / 1024:,.0f} KiB"),
    ]
    for query, downloaded, took, count in queries:
        rows.append(
            (
                f"查询“{query}”（4× 降速，3 次中位数）",
                f"下载 {downloaded / 1024:,.0f} KiB，{took * 1000:,.0f} ms，显示 {count} 条",
            )
        )
    width = max(len(k) for k, _ in rows) * 2 + 2
    for key, value in rows:
        print(key + " " * max(1, width - 2 * len(key)) + value)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

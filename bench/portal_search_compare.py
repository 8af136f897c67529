"""The portal's federated search against Pagefind's multisite search, on the same records.

    pip install -e ".[bench]"   # pagefind[extended]: its Chinese segmentation
    python bench/portal_bench.py --keep /tmp/pb40          # the portal over 40 members
    python bench/portal_search_compare.py /tmp/pb40/portal --members 40

Pagefind's multisite search is one index per site, merged in the reader's browser (mergeIndex). So
each member's records (the text the portal indexes of them: title, summary, unit and kind, as the
portal keeps them in .gongkai/members/) become a small site of pages, one per record, which Pagefind
indexes with its Chinese segmentation (lang="zh-CN"). Then, in chromium with the CPU throttled 4×:
  - what opening a search and its first query download (gzip as a web server sends it; Pagefind's
    own files are compressed already), and how long a query takes, for both;
  - Chinese quality: for probe queries cut from records' titles (two to four characters inside a
    word, as a reader remembers 模范 of 劳动模范), whether the record is among the first ten results.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "hooks"))

from benchmark import CHROMIUM_ARGS  # noqa: E402
from portal_bench import ANSWER, QUERIES  # noqa: E402

from gongkai.kinds import KINDS  # noqa: E402

TODAY = date(2026, 11, 25)

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p><p>{unit} · {kind}</p></main></body></html>"""

SEARCH = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title></head>
<body><script type="module">
const ids = %s;
let pagefind = null;
window.find = async (query) => {
  const started = performance.now();
  if (!pagefind) {
    pagefind = await import("/" + ids[0] + "/pagefind/pagefind.js");
    await pagefind.options({ basePath: "/" + ids[0] + "/pagefind/" });
    for (const id of ids.slice(1)) await pagefind.mergeIndex("/" + id + "/pagefind/");
  }
  const search = await pagefind.search(query);
  const top = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  return { ms: performance.now() - started, count: search.results.length, urls: top.map(d => d.url) };
};
window.ready = true;
</script></body></html>"""

_CJK = re.compile(r"[\u4e00-\u9fff]{3,}")


def kept_records(portal: Path, members: int) -> list[tuple[str, list[dict]]]:
    """The records as the portal keeps them, member by member (portal/.gongkai/members/)."""
    config = (portal / "mkdocs.yml").read_text(encoding="utf-8")
    ids = re.findall(r"\{id: ([a-z0-9-]+), name: ([^,]+),", config)[:members]
    out = []
    for member_id, name in ids:
        kept = json.loads((portal / ".gongkai" / "members" / f"{member_id}.json").read_bytes())
        out.append((member_id, [dict(r, member=name) for r in kept["records"]]))
    return out


def pagefind_sites(members: list[tuple[str, list[dict]]], root: Path) -> tuple[float, int]:
    """A site of one page per record for each member, indexed by Pagefind; seconds and bytes."""
    took, size = 0.0, 0
    for member_id, records in members:
        site = root / member_id
        for r in records:
            page = site / r["path"] / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            unit = (
                r["unit_path"]
                if r["member"] in r["unit_path"]
                else f"{r['member']} / {r['unit_path']}"
            )
            page.write_text(
                PAGE.format(
                    title=html.escape(r["title"]),
                    text=html.escape(r["summary"] or r["text"]),
                    unit=html.escape(unit),
                    kind=KINDS[r["kind"]].label,
                ),
                encoding="utf-8",
            )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
            check=True,
            capture_output=True,
        )
        took += time.perf_counter() - started
        size += sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    return took, size


def our_index(portal: Path, members: list[tuple[str, list[dict]]], site: Path) -> float:
    """A copy of the portal's site whose search index holds these members' records alone, made by
    the portal's own code (portal.group, outputs.searchindex); the seconds of the index."""
    from gongkai.outputs.searchindex import write_index
    from gongkai.portal.exports import Member
    from gongkai.portal.group import Group
    from gongkai.settings import MemberOption

    index = portal / "site" / "search" / "index"
    shutil.copytree(
        portal / "site", site, ignore=lambda folder, names: names if folder == str(index) else []
    )
    syn = [tuple(group) for group in json.loads((index / "meta.json").read_bytes())["syn"]]
    group = Group(
        [
            Member(
                MemberOption(
                    id=member_id,
                    name=records[0]["member"],
                    url=f"http://gk.{member_id}.local/",
                    export="-",
                ),
                TODAY,
                records,
            )
            for member_id, records in members
        ],
        TODAY,
    )
    started = time.perf_counter()
    write_index([], site / "search" / "index", syn, group.documents())
    return time.perf_counter() - started


def truth(members: list[tuple[str, list[dict]]], query: str) -> set[str]:
    """The records whose indexed text holds every word of the query as written (NFKC, lower case)."""
    words = unicodedata.normalize("NFKC", query).lower().split()
    found = set()
    for member_id, records in members:
        for r in records:
            text = " ".join(
                (
                    r["title"],
                    r["summary"] or r["text"],
                    r["unit_path"],
                    r["member"],
                    KINDS[r["kind"]].label,
                )
            )
            text = unicodedata.normalize("NFKC", text).lower()
            if all(word in text for word in words):
                found.add(f"{member_id}/{r['path']}")
    return found


def probes(
    members: list[tuple[str, list[dict]]], count: int, seed: int = 7
) -> list[tuple[str, str]]:
    """Queries cut from inside records' titles, each with the record's path on its member's site."""
    rng = random.Random(seed)
    records = [(m, r) for m, rs in members for r in rs]
    out = []
    while len(out) < count:
        member_id, record = rng.choice(records)
        runs = _CJK.findall(record["title"])
        if not runs:
            continue
        run = rng.choice(runs)
        length = rng.choice((2, 3, 4))
        if len(run) <= length:
            continue
        start = rng.randrange(1, len(run) - length + 1)  # inside a word, not its head
        out.append((run[start : start + length], f"{member_id}/{record['path']}"))
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def _bytes(folder: Path, base: str, urls: set[str]) -> int:
    total = 0
    for url in urls:
        if not url.startswith(base):
            continue
        path = folder / url.removeprefix(base).split("?")[0]
        if path.is_dir() or url.endswith("/"):
            path = path / "index.html"
        if path.is_file():
            raw = path.read_bytes()
            # Pagefind's index files are gzipped already; text files as a server would gzip them
            total += len(raw) if raw[:2] == b"\x1f\x8b" else len(gzip.compress(raw, mtime=0))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description="门户搜索与 Pagefind 多站点搜索的对比")
    parser.add_argument("portal", type=Path, help="portal_bench.py --keep 留下的门户项目文件夹")
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--probes", type=int, default=30)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    members = kept_records(args.portal, args.members)
    work = Path(tempfile.mkdtemp(prefix="gongkai-pagefind-"))
    say = functools.partial(print, file=sys.stderr, flush=True)
    say(f"Pagefind：为 {len(members)} 个成员建索引……")
    pf_seconds, pf_size = pagefind_sites(members, work)
    (work / "search.html").write_text(
        SEARCH % json.dumps([m for m, _ in members]), encoding="utf-8"
    )
    ours = work / "ours"  # the portal's pages, its search index over the same members alone
    ours_seconds = our_index(args.portal, members, ours)
    ours_size = sum(p.stat().st_size for p in (ours / "search/index").rglob("*") if p.is_file())
    asked = [(q, None) for q in QUERIES] + probes(members, args.probes)
    holding = {query: truth(members, query) for query, _ in asked}
    ours_server, ours_base = _serve(ours)
    pf_server, pf_base = _serve(work)
    rows: dict[str, list] = {"ours": [], "pagefind": []}
    firsts = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for engine in ("ours", "pagefind"):
                page = browser.new_page()
                page.context.new_cdp_session(page).send(
                    "Emulation.setCPUThrottlingRate", {"rate": 4}
                )
                urls: list[str] = []
                page.on("requestfinished", lambda request, urls=urls: urls.append(request.url))
                if engine == "ours":
                    page.goto(ours_base + "search/")
                else:
                    page.goto(pf_base + "search.html")
                    page.wait_for_function("window.ready === true")
                for number, (query, expected) in enumerate(asked):
                    seen = set(urls)
                    if engine == "ours":  # timed in the page, as Pagefind's is
                        ms = page.evaluate(ANSWER, query)
                        hrefs = page.eval_on_selector_all(
                            ".gk-result__title", "as => as.map(a => a.href)"
                        )
                        count = len(hrefs)
                        top = [re.sub(r"^http://gk\.(m\d+)\.local/", r"\1/", h) for h in hrefs]
                    else:
                        found = page.evaluate("q => window.find(q)", query)
                        ms, count = found["ms"], found["count"]
                        top = [
                            u.removeprefix("/").replace("/index.html", "/") for u in found["urls"]
                        ]
                    page.wait_for_timeout(300)  # the finished requests reach this process
                    fetched = {u for u in urls if u not in seen}
                    base = ours_base if engine == "ours" else pf_base
                    folder = ours if engine == "ours" else work
                    downloaded = _bytes(folder, base, fetched)
                    if number == 0:
                        firsts[engine] = _bytes(folder, base, set(urls))
                    hit = None if expected is None else expected in top
                    held = sum(1 for u in top if u in holding[query])
                    precise = held / len(top) if top else 1.0
                    say(f"  {engine}：“{query}” {ms:,.0f} ms，{count:,} 条")
                    rows[engine].append((query, downloaded, ms, count, hit, precise))
                page.close()
            browser.close()
    finally:
        ours_server.shutdown()
        pf_server.shutdown()
    docs = sum(len(rs) for _, rs in members)
    print(
        f"同一批记录：{len(members)} 个成员，{docs:,} 条（标题、摘要、单位和类别）；chromium，CPU 降速 4 倍"
    )
    print(
        f"索引大小（未压缩）：本项目 {ours_size / 2**20:,.0f} MiB（建索引 {ours_seconds:,.0f} s）；"
        f"Pagefind {pf_size / 2**20:,.0f} MiB（建索引 {pf_seconds:,.0f} s）"
    )
    print(
        f"打开搜索到第一条结果的下载：本项目 {firsts['ours'] / 1024:,.0f} KiB；Pagefind {firsts['pagefind'] / 1024:,.0f} KiB"
    )
    for engine, label in (("ours", "本项目"), ("pagefind", "Pagefind")):
        named = [r for r in rows[engine] if r[4] is None]
        probed = [r for r in rows[engine] if r[4] is not None]
        print(f"{label}：")
        for query, downloaded, ms, count, _, precise in named:
            print(
                f"  “{query}”：下载 {downloaded / 1024:,.0f} KiB，{ms:,.0f} ms，结果 {count:,}"
                f"（真含此词的记录 {len(holding[query]):,}），前十条含此词 {precise:.0%}"
            )
        print(
            f"  词内片段查询 {len(probed)} 个：前十条含此片段的比例 {statistics.mean(r[5] for r in probed):.0%}，"
            f"出题记录在前十条 {sum(1 for r in probed if r[4])} 个；"
            f"下载中位数 {statistics.median(r[1] for r in probed) / 1024:,.0f} KiB，"
            f"耗时中位数 {statistics.median(r[2] for r in probed):,.0f} ms，最慢 {max(r[2] for r in probed):,.0f} ms"
        )
    loose = [p[0] for p in rows["pagefind"] if p[4] is not None and p[5] < 1]
    if loose:
        print("Pagefind 前十条有不含此片段的记录：" + "、".join(loose))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

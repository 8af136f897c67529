"""A demo group: the demo mine and generated member mines, each built as its own site, and the group
union's portal over their exports (extra.gongkai.members; hooks/gongkai/portal/).

    python bench/group.py OUT            build the group in OUT (OUT/<member>/site, OUT/portal/site)
    python bench/group.py OUT --serve    the same, then serve the portal at http://127.0.0.1:8000/

Each member is built as its own CI would build it; the portal reads their site/export/ folders, as
its CI reads the members' artifacts.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import Writer  # noqa: E402

TODAY = date(2026, 11, 25)
EPOCH = "1795579200"  # 2026-11-25 12:00 in Asia/Shanghai, the demo's day
GROUP = "鲁能矿业集团公司"


@dataclass(frozen=True)
class Spec:
    """A member of the demo group: its id, name, site address and its data (None: the demo's)."""

    id: str
    name: str
    url: str
    seed: int | None = None  # a generated archive's seed; None for the demo mine's own data
    workers: int = 1500
    years: float = 1.5


MEMBERS = (
    Spec("xingye", "兴业煤矿", "http://gongkai.xingye.local/"),
    Spec("huafeng", "华丰煤矿", "http://gongkai.huafeng.local/", seed=2),
    Spec("taishan", "泰山能源", "http://gongkai.taishan.local/", seed=3),
)


def project(dest: Path, data: Path, *, name: str, url: str, enterprise: str) -> Path:
    """A copy of this project with the given data, as the site of `enterprise`."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in ("content", "hooks", "theme_overrides"):
        shutil.copytree(
            ROOT / item,
            dest / item,
            ignore=shutil.ignore_patterns("__pycache__"),
            dirs_exist_ok=True,
        )
    if data.resolve() != (dest / "data").resolve():
        shutil.rmtree(dest / "data", ignore_errors=True)
        shutil.copytree(data, dest / "data")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_name: .*$", f"site_name: {name}", config)
    config = re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", config)
    config = re.sub(r"(?m)^copyright: .*$", f"copyright: {enterprise}工会", config)
    config = re.sub(r"(?m)^(\s+enterprise:) .*$", rf"\1 {enterprise}", config)
    config = config.replace("兴业煤矿", enterprise)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def portal_config(folder: Path, members: list[tuple[Spec, str]]) -> None:
    """Name the members in the portal's mkdocs.yml and add 成员单位 to its navigation."""
    path = folder / "mkdocs.yml"
    config = path.read_text(encoding="utf-8")
    lines = ["    members:"] + [
        f'      - {{id: {spec.id}, name: {spec.name}, url: "{spec.url}", export: "{export}"}}'
        for spec, export in members
    ]
    config = config.replace("  gongkai:\n", "  gongkai:\n" + "\n".join(lines) + "\n", 1)
    config = config.replace(
        "  - 组织机构: units/index.md\n",
        "  - 成员单位: members/index.md\n  - 组织机构: units/index.md\n",
    )
    path.write_text(config, encoding="utf-8")


def build(folder: Path, epoch: str = EPOCH) -> subprocess.CompletedProcess:
    """`mkdocs build` of a project as of the demo's day."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{folder} 生成失败：\n{done.stderr[-3000:]}")
    return done


def member(out: Path, spec: Spec) -> Path:
    """A member's project in out/<id>, with its data: the demo's or generated."""
    folder = out / spec.id
    data = folder / "data"
    if spec.seed is None:
        source = ROOT / "data"
    else:
        Writer(data, spec.workers, spec.years, spec.seed, TODAY, enterprise=spec.name).run()
        source = data
    return project(
        folder, source, name=f"{spec.name}厂务公开栏", url=spec.url, enterprise=spec.name
    )


def demo(out: Path, members: tuple[Spec, ...] = MEMBERS, say=print) -> Path:
    """Build every member and then the portal; returns the portal's project folder."""
    out.mkdir(parents=True, exist_ok=True)
    for spec in members:
        say(f"生成成员 {spec.name}（{spec.id}）……")
        build(member(out, spec))
    portal = out / "portal"
    data = portal / "data"
    Writer(data, 400, 1, 9, TODAY, enterprise=GROUP).run()
    project(
        portal, data, name=f"{GROUP}工会公开栏", url="http://gongkai.group.local/", enterprise=GROUP
    )
    portal_config(portal, [(spec, f"../{spec.id}/site/export/") for spec in members])
    say("生成集团门户……")
    build(portal)
    say(f"完成：{portal / 'site' / 'index.html'}")
    return portal


def main() -> None:
    parser = argparse.ArgumentParser(description="生成演示用的集团门户（三个成员单位和集团工会）")
    parser.add_argument("out", type=Path, help="输出文件夹，如 build/group")
    parser.add_argument(
        "--serve", action="store_true", help="生成后在 http://127.0.0.1:8000/ 预览门户"
    )
    args = parser.parse_args()
    portal = demo(args.out.resolve())
    if args.serve:
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
        address = os.environ.get("ADDR", "127.0.0.1:8000")
        print(f"集团门户：http://{address}/（按 Ctrl+C 停止）", flush=True)
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address]
        subprocess.run(command, cwd=portal, env=env, check=False)


if __name__ == "__main__":
    main()

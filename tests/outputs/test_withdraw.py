"""The fail-safe withdrawal (withdraw.py): named rows leave the published site on the first day
after their period even when no new release can be built, for a folder on the runner, for the
rsync target of .ci/publish and from the web server's own cron, with nothing but python3."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import (
    ALLOCATION,
    DAY,
    EPOCH,
    GONGKAI,
    ROOT,
    copy_project,
    mkdocs_build,
    site_text,
    write_data,
)

from gongkai.outputs import publish
from gongkai.outputs.withdraw import MANIFEST, apply_due, load_manifest

ROSTER = """\
title: 2026年冬季疗养名单公示
category: welfare
unit: union
date: 2026-11-20
period: {from: 2026-11-20, working_days: 5}
body: 经各单位推荐、矿工会审核，以下职工参加冬季疗养。
roster:
  rows:
    - {name: 邝德明, unit: zongcai1, item: 井下一线职工}
    - {name: 龚秀梅, unit: zongcai1, item: 女职工}
"""


NAMES = [
    "邝德明",
    "龚秀梅",
    "邬振东",
    "柯秀兰",
]  # the roster's (until 11-26) and the allocation's (until 11-27)


# names the guide's examples do not use
PAY = ALLOCATION.replace("王立新", "邬振东").replace("赵红梅", "柯秀兰")


BROKEN = "title: 坏记录\nunit: nowhere\n"


def epoch(days: int) -> str:
    return str(int(EPOCH) + days * DAY)


def project_with_lists(tmp_path: Path) -> Path:
    data = write_data(tmp_path / "data", {"disclosures/x.yml": ROSTER, "allocations/a.yml": PAY})
    project = copy_project(tmp_path / "project", data)
    (project / ".venv").symlink_to(ROOT / ".venv")
    shutil.copytree(ROOT / ".ci", project / ".ci")
    return project


def run(command: list[str], project: Path, days: int, **env: str) -> subprocess.CompletedProcess:
    environ = dict(os.environ, SOURCE_DATE_EPOCH=epoch(days), NO_MKDOCS_2_WARNING="1", **env)
    return subprocess.run(
        command, cwd=project, env=environ, capture_output=True, text=True, timeout=300
    )


def names_in(folder: Path) -> list[str]:
    text = site_text(folder)
    return [name for name in NAMES if name in text]


def test_a_build_prepares_each_withdrawal_as_the_day_after_will_show_it(tmp_path):
    project = project_with_lists(tmp_path)
    assert mkdocs_build(project, tmp_path / "during").returncode == 0
    manifest = load_manifest(tmp_path / "during" / MANIFEST)
    assert [(w["on"], w["record"], w["delete"]) for w in manifest["withdrawals"]] == [
        ("2026-11-27", "disclosures/x", ["disclosures/x.csv"]),
        ("2026-11-28", "allocations/a", ["allocations/a.csv"]),
    ]
    assert mkdocs_build(project, tmp_path / "after", epoch=epoch(3)).returncode == 0  # 2026-11-28
    for item in manifest["withdrawals"]:
        ((page, prepared),) = item["replace"].items()
        # byte for byte the page of a build on that day (both lists are over by 11-28: no later news)
        assert (tmp_path / "during" / ".withdraw" / prepared).read_bytes() == (
            tmp_path / "after" / page
        ).read_bytes()
    # nothing left to withdraw
    assert not (tmp_path / "after" / ".withdraw" / "2026-11-28").exists()


@pytest.mark.parametrize("target_kind", ["folder", "rsync"])
def test_a_failed_publish_after_the_period_still_withdraws_the_names(tmp_path, target_kind):
    """Publish inside the periods, commit a broken record, publish after them: the command fails
    loudly, live is the old release, and it holds no withheld name."""
    project = project_with_lists(tmp_path)
    srv = tmp_path / "srv"
    if target_kind == "folder":
        command, env = ["bash", ".ci/publish"], {"PUBLISH_DIR": str(srv)}
    else:
        fake = tmp_path / "bin"
        fake.mkdir()
        # ssh to the intranet server, played on this machine: options and host dropped, the command run
        (fake / "ssh").write_text(
            '#!/usr/bin/env bash\nwhile [[ "$1" == -* ]]; do shift 2; done\nshift\nexec bash -c "$*"\n'
        )
        (fake / "ssh").chmod(0o755)
        if shutil.which("rsync") is None:
            pytest.fail("rsync missing: run bash .ci/setup --browser")
        command = ["bash", ".ci/publish"]
        env = {"PUBLISH_RSYNC": f"gongkai@web:{srv}", "PATH": f"{fake}:{os.environ['PATH']}"}
    first = run(command, project, 0, **env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert names_in(srv / "live") == NAMES  # 2026-11-25: both lists in their period
    # what the group chats were told is kept beside live on the server, whichever the target
    assert json.loads((srv / "announced.json").read_text(encoding="utf-8"))["seen"]
    published = (srv / "live").resolve()
    (project / "data" / "disclosures" / "broken.yml").write_text(BROKEN, encoding="utf-8")
    second = run(command, project, 3, **env)  # 2026-11-28: both periods over, and the build fails
    said = second.stdout + second.stderr
    assert second.returncode != 0, said
    assert "已撤下 disclosures/x（公示期满，2026-11-27 起不再公开姓名）" in said
    assert "已撤下 allocations/a（公示期满，2026-11-28 起不再公开姓名）" in said
    # what failed, with its place
    assert "缺少必填字段" in said and "data/disclosures/broken.yml" in said
    assert (srv / "live").resolve() == published  # the failed build switched nothing
    assert names_in(srv / "live") == []
    assert (
        not (srv / "live" / "disclosures" / "x.csv").exists()
        and not (srv / "live" / "allocations" / "a.csv").exists()
    )
    assert "公示期已于 2026年11月26日 结束" in (
        srv / "live" / "disclosures" / "x" / "index.html"
    ).read_text(encoding="utf-8")


def test_the_web_servers_cron_needs_nothing_but_python(tmp_path):
    """The release's own script, run by a bare python3 (-I -S: no site-packages, no gongkai), on
    every release kept, so that a rollback never brings a name back."""
    project = project_with_lists(tmp_path)
    srv = tmp_path / "srv"
    for days in (0, 1):  # two releases inside the periods
        done = run([GONGKAI, "publish", "--to", str(srv)], project, days)
        assert done.returncode == 0, done.stderr
    script = srv / "live" / ".withdraw" / "withdraw.py"
    early = subprocess.run(
        [sys.executable, "-I", "-S", str(script), "--to", str(srv), "--today", "2026-11-26"],
        capture_output=True,
        text=True,
    )
    assert (
        early.returncode == 0 and early.stdout.strip() == "2026-11-26：没有到期要撤下的名单和明细。"
    )
    cron = subprocess.run(
        [sys.executable, "-I", "-S", str(script), "--to", str(srv)],
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": epoch(2), "PATH": os.environ["PATH"]},
    )  # 2026-11-27
    assert cron.returncode == 0, cron.stderr
    # both releases
    assert cron.stdout.count("已撤下 disclosures/x（公示期满，2026-11-27 起不再公开姓名）") == 2
    assert "allocations/a" not in cron.stdout  # its period runs until the end of 11-27
    for release in publish.releases(srv):
        assert [n for n in names_in(release) if n in ("邝德明", "龚秀梅")] == []
    again = subprocess.run(
        [sys.executable, "-I", "-S", str(script), "--to", str(srv)],
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": epoch(2), "PATH": os.environ["PATH"]},
    )
    assert again.stdout.strip() == "2026-11-27：没有到期要撤下的名单和明细。"  # applied once
    rolled = run([GONGKAI, "rollback", "--to", str(srv)], project, 3)
    assert rolled.returncode == 0, rolled.stderr
    # the older release, its lists withdrawn up to 11-28 on the way back
    assert names_in(srv / "live") == []


def test_gongkai_withdraw_without_building_and_without_data(tmp_path):
    project = project_with_lists(tmp_path)
    srv = tmp_path / "srv"
    assert run([GONGKAI, "publish", "--to", str(srv)], project, 0).returncode == 0
    elsewhere = tmp_path / "empty"
    elsewhere.mkdir()  # no mkdocs.yml, no data/: the web server
    done = run([GONGKAI, "withdraw", "--to", str(srv)], elsewhere, 3)
    assert done.returncode == 0, done.stderr
    assert "已撤下 disclosures/x" in done.stdout and "已撤下 allocations/a" in done.stdout
    assert names_in(srv / "live") == []


def test_a_prepared_page_that_is_missing_takes_the_page_down_and_fails(tmp_path):
    project = project_with_lists(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    ((page, prepared),) = manifest["withdrawals"][0]["replace"].items()
    (site / ".withdraw" / prepared).unlink()
    from datetime import date

    report = apply_due(site, date(2026, 11, 27))
    assert not (site / page).exists() and not (site / "disclosures" / "x.csv").exists()
    assert report.failed and "已删除这一页以免姓名继续公开" in report.failed[0][1]


def test_one_release_that_cannot_be_read_never_stops_the_others(tmp_path):
    """A manifest of an unknown format (a release of a later version, say) is told as a failure of
    its own release; the other releases are withdrawn all the same, and the command exits 1."""
    project = project_with_lists(tmp_path)
    srv = tmp_path / "srv"
    for days in (0, 1):
        assert run([GONGKAI, "publish", "--to", str(srv)], project, days).returncode == 0
    older, newer = publish.releases(srv)
    (older / MANIFEST).write_text('{"format": 99, "withdrawals": []}', encoding="utf-8")
    done = run([GONGKAI, "withdraw", "--to", str(srv)], project, 2)
    assert done.returncode == 1
    assert f"已撤下 disclosures/x（公示期满，2026-11-27 起不再公开姓名）：{newer}" in done.stdout
    assert "撤下失败：撤下清单：" in done.stderr and "格式不是本程序认识的版本 1" in done.stderr
    assert [n for n in names_in(newer) if n in ("邝德明", "龚秀梅")] == []


def test_a_folder_without_a_site_is_an_error_not_nothing_to_do(tmp_path):
    """A cron pointed at the wrong folder must not pass for one with nothing due."""
    script = ROOT / "hooks" / "gongkai" / "outputs" / "withdraw.py"
    wrong = subprocess.run(
        [sys.executable, "-I", "-S", str(script), "--to", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 1 and "下没有已发布的网站" in wrong.stderr
    bad_day = subprocess.run(
        [sys.executable, "-I", "-S", str(script), "--to", str(tmp_path), "--today", "2026-13-01"],
        capture_output=True,
        text=True,
    )
    assert (
        bad_day.returncode == 1
        and bad_day.stderr.strip()
        == "错误：--today 的值“2026-13-01”不是日期：应写成 YYYY-MM-DD，如 2026-11-27"
    )


def test_rollback_refuses_a_release_that_prepared_no_withdrawal(tmp_path):
    project = project_with_lists(tmp_path)
    srv = tmp_path / "srv"
    for days in (0, 1):
        assert run([GONGKAI, "publish", "--to", str(srv)], project, days).returncode == 0
    older, newer = publish.releases(srv)
    shutil.rmtree(older / ".withdraw")  # as a release of a version before the fail-safe
    rolled = run([GONGKAI, "rollback", "--to", str(srv)], project, 3)
    assert rolled.returncode == 2 and "没有准备撤下，回退后到期的名单不会自动撤下" in rolled.stderr
    assert (srv / "live").resolve() == newer


def test_the_cron_is_quiet_when_nothing_is_due(tmp_path):
    site = tmp_path / "site"
    (site / ".withdraw").mkdir(parents=True)
    (site / MANIFEST).write_text(
        '{"format": 1, "timezone": "Asia/Shanghai", "withdrawals": []}', encoding="utf-8"
    )
    script = ROOT / "hooks" / "gongkai" / "outputs" / "withdraw.py"
    quiet = subprocess.run(
        [sys.executable, "-I", "-S", str(script), "--to", str(site), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert quiet.returncode == 0 and quiet.stdout == quiet.stderr == ""

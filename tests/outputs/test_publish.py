"""gongkai.outputs.publish: reproducible builds, atomic releases that survive being killed, and the
proof that a release holds nothing private."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from support import (
    DAY,
    DISCLOSURE,
    EPOCH,
    GONGKAI,
    _project,
    copy_project,
    mkdocs_build,
    write_data,
)

from gongkai.outputs import publish
from gongkai.settings import Settings


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- reproducible builds -------------------------------------------------------------------------


def test_same_inputs_give_byte_identical_sites(tmp_path):
    """The same commit and SOURCE_DATE_EPOCH, built in two different folders at different times."""
    first = copy_project(tmp_path / "checkout-a")
    second = copy_project(tmp_path / "elsewhere" / "checkout-b")
    assert mkdocs_build(first, tmp_path / "site-a").returncode == 0
    time.sleep(1.1)
    assert mkdocs_build(second, tmp_path / "site-b").returncode == 0
    a, b = tree(tmp_path / "site-a"), tree(tmp_path / "site-b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_a_daily_build_differs_only_where_the_date_matters(tmp_path):
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "d1").returncode == 0
    assert mkdocs_build(project, tmp_path / "d2", epoch=str(int(EPOCH) + DAY)).returncode == 0
    a, b = tree(tmp_path / "d1"), tree(tmp_path / "d2")
    changed = {name for name in a.keys() | b.keys() if a.get(name) != b.get(name)}
    assert changed, "a day later, statuses and days left change"
    timeless = [
        name for name in a if name.startswith(("stories/", "guide/", "assets/", "units/index"))
    ]
    assert timeless and not changed & set(timeless)
    # a record with neither period nor date-bound state keeps its bytes
    assert "disclosures/2026-yushi-gaizao-tongzhi/index.html" not in changed
    assert "allocations/2026-10-zongcai1-safety/index.html" in changed  # 还剩 3 天 → 还剩 2 天


# -- atomic releases --------------------------------------------------------------------------------


def run_publish(project: Path, target: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen(
        [GONGKAI, "publish", "--to", str(target), *extra],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def assert_live_is_complete(target: Path, project: Path) -> Path:
    live = target / "live"
    assert live.is_symlink(), "live must always exist once published"
    release = live.resolve()
    assert release.parent == (target / "releases").resolve() and not release.name.startswith(".")
    settings = Settings.find(project)
    publish.verify(release, settings)  # every contract address present, nothing private
    return release


def test_killed_publishes_never_damage_the_live_site_and_rollback_restores(tmp_path):
    project = copy_project(tmp_path / "project")
    target = tmp_path / "www"
    first = run_publish(project, target)
    assert first.wait(timeout=120) == 0, first.stderr.read().decode()
    published = assert_live_is_complete(target, project)
    random.seed(20261125)
    for _attempt in range(8):
        process = run_publish(project, target)
        time.sleep(random.uniform(0.05, 2.5))
        os.killpg(process.pid, signal.SIGKILL)  # the publish and the mkdocs build it started
        process.wait()
        assert_live_is_complete(target, project)
    done = run_publish(project, target, "--keep", "3")
    assert done.wait(timeout=120) == 0, done.stderr.read().decode()
    newest = assert_live_is_complete(target, project)
    assert not list((target / "releases").glob(".new-*")), (
        "leftovers of killed publishes are cleaned"
    )
    assert len(publish.releases(target)) <= 3
    rolled = subprocess.run(
        [GONGKAI, "rollback", "--to", str(target)], capture_output=True, text=True
    )
    assert rolled.returncode == 0 and rolled.stdout.startswith("已回退到")
    previous = assert_live_is_complete(target, project)
    assert previous != newest and previous in publish.releases(target)
    assert published.name <= previous.name < newest.name


def test_rollback_works_when_the_target_lies_under_a_linked_folder(tmp_path):
    from gongkai.outputs.publish import live_release, rollback, switch

    real = tmp_path / "data" / "srv"
    for name in ("20261101T000000-000001", "20261102T000000-000002"):
        # a release with nothing to withdraw
        (real / "releases" / name / ".withdraw").mkdir(parents=True)
        (real / "releases" / name / ".withdraw" / "manifest.json").write_text(
            '{"format": 1, "withdrawals": []}', encoding="utf-8"
        )
    os.symlink(tmp_path / "data", tmp_path / "linked")
    target = tmp_path / "linked" / "srv"  # /srv -> /data/srv
    switch(target, target / "releases" / "20261102T000000-000002")
    assert live_release(target) == target / "releases" / "20261102T000000-000002"
    assert rollback(target, log=lambda _: None).name == "20261101T000000-000001"
    assert os.readlink(real / "live") == "releases/20261101T000000-000001"


def test_a_failed_publish_leaves_live_as_it_was(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    target = tmp_path / "www"
    assert run_publish(project, target).wait(timeout=120) == 0
    before = (target / "live").resolve()
    (project / "data" / "disclosures" / "x.yml").write_text(
        DISCLOSURE.replace("unit: union", "unit: nowhere"), encoding="utf-8"
    )
    process = run_publish(project, target)
    assert process.wait(timeout=120) == 2
    assert "生成失败，网站保持不变" in process.stderr.read().decode()
    assert (target / "live").resolve() == before
    assert not list((target / "releases").glob(".new-*"))


def test_verification_refuses_a_release_with_private_data(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    settings = Settings.find(project)
    publish.verify(site, settings)
    page = site / "disclosures" / "x" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "11010519491231002X", encoding="utf-8")
    with pytest.raises(publish.PublishError, match="身份证号 1101\\*+002X"):
        publish.verify(site, settings)
    page.unlink()
    with pytest.raises(publish.PublishError, match="/disclosures/x/"):
        publish.verify(site, settings)
    # every problem of a release is said at once, each on its line, as the build's are
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8") + "卡号 6222021234567890128", encoding="utf-8")
    (site / "feed.xml").write_text("13953712345", encoding="utf-8")
    with pytest.raises(publish.PublishError) as raised:
        publish.verify(site, settings)
    assert str(raised.value).splitlines() == [
        "新版本有 3 处问题，没有发布：",
        "新版本缺少 1 个页面，没有发布：/disclosures/x/",
        "新版本的 feed.xml 中有手机号码 139****2345，没有发布",
        "新版本的 index.html 中有银行卡号 6222***********0128，没有发布",
    ]


def test_publish_verifies_with_the_same_scanner(tmp_path):
    project = _project(tmp_path, {"disclosures/x.yml": DISCLOSURE})
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    settings = Settings.find(project)
    publish.verify(site, settings)
    page = site / "disclosures" / "x" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("正文第一段。", "正文 139<b>5371</b>&#50;345"),
        encoding="utf-8",
    )
    with pytest.raises(
        publish.PublishError, match=r"disclosures/x/index.html 中有手机号码 139\*\*\*\*2345"
    ):
        publish.verify(site, settings)

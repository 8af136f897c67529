"""gongkai.data.history: a record's versions in git, the corrections a page shows, and old versions
that can never break a later build."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from support import (
    DAY,
    DISCLOSURE,
    EPOCH,
    STORY,
    _project,
    copy_project,
    mkdocs_build,
    page_text,
    write_data,
)

# -- visible corrections -------------------------------------------------------------------------------


def git(project: Path, *args: str, when: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_AUTHOR_NAME="矿工会",
        GIT_AUTHOR_EMAIL="union@example.invalid",
        GIT_COMMITTER_NAME="矿工会",
        GIT_COMMITTER_EMAIL="union@example.invalid",
    )
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture()
def repository(tmp_path):
    project = copy_project(
        tmp_path / "project",
        write_data(
            tmp_path / "data",
            {
                "disclosures/x.yml": DISCLOSURE,
                "disclosures/y.yml": DISCLOSURE,
                "stories/s.yml": STORY,
            },
        ),
    )
    # the demo's history starts later; this repository's from its first commit
    config = project / "mkdocs.yml"
    config.write_text(
        "\n".join(
            line
            for line in config.read_text(encoding="utf-8").splitlines()
            if "history_since" not in line
        ),
        encoding="utf-8",
    )
    git(project, "init", "-q", when="2026-11-01T09:00:00+08:00")
    git(project, "add", ".", when="2026-11-01T09:00:00+08:00")
    git(project, "commit", "-qm", "发布", when="2026-11-01T09:00:00+08:00")
    return project


def test_a_corrected_body_shows_both_dates_and_a_reply_shows_none(repository, tmp_path):
    x = repository / "data" / "disclosures" / "x.yml"
    x.write_text(
        DISCLOSURE.replace("正文第一段。", "正文第一段（更正：标准为每人每月 300 元）。"),
        encoding="utf-8",
    )
    y = repository / "data" / "disclosures" / "y.yml"
    y.write_text(
        DISCLOSURE
        + "feedback:\n  - {date: 2026-11-03, summary: 何时发放, reply: 本月底, replied: 2026-11-04}\n",
        encoding="utf-8",
    )
    git(repository, "commit", "-qam", "更正正文；答复意见", when="2026-11-05T10:30:00+08:00")
    site = tmp_path / "site"
    assert mkdocs_build(repository, site).returncode == 0
    corrected = (site / "disclosures" / "x" / "index.html").read_text(encoding="utf-8")
    assert "修订记录" in corrected
    assert "2026年11月1日</time> 首次发布" in corrected and "2026年11月5日</time> 修订" in corrected
    answered = (site / "disclosures" / "y" / "index.html").read_text(encoding="utf-8")
    assert "修订记录" not in answered and "本月底" in answered
    assert "修订记录" not in (site / "stories" / "s" / "index.html").read_text(encoding="utf-8")


def test_changes_before_publication_and_drafts_are_not_corrections(repository, tmp_path):
    draft = repository / "data" / "disclosures" / "later.yml"
    draft.write_text(
        DISCLOSURE.replace("2026-11-01", "2026-11-20") + "draft: true\n", encoding="utf-8"
    )
    git(repository, "add", ".", when="2026-11-10T09:00:00+08:00")
    git(repository, "commit", "-qm", "草稿", when="2026-11-10T09:00:00+08:00")
    draft.write_text(
        DISCLOSURE.replace("2026-11-01", "2026-11-20").replace("正文第一段。", "改写过的正文。"),
        encoding="utf-8",
    )
    git(repository, "commit", "-qam", "定稿", when="2026-11-12T09:00:00+08:00")
    site = tmp_path / "site"
    assert mkdocs_build(repository, site).returncode == 0
    assert "修订记录" not in (site / "disclosures" / "later" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_build_outside_git_shows_no_history(tmp_path):
    project = copy_project(
        tmp_path / "tarball", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    assert not (project / ".git").exists()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0 and "修订记录" not in (
        tmp_path / "site" / "disclosures" / "x" / "index.html"
    ).read_text(encoding="utf-8")


def test_a_deeply_nested_version_in_git_never_breaks_later_builds(tmp_path):
    project = _project(tmp_path, {"disclosures/x.yml": DISCLOSURE})
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
    )
    record = project / "data" / "disclosures" / "x.yml"

    def commit(when: str) -> None:
        subprocess.run(["git", "-C", str(project), "add", "-A"], check=True, env=env)
        subprocess.run(
            ["git", "-C", str(project), "commit", "-qm", "x", "--date", when],
            check=True,
            env=dict(env, GIT_COMMITTER_DATE=when),
        )

    subprocess.run(["git", "-C", str(project), "init", "-q"], check=True)
    commit("2026-11-27T12:00:00+08:00")  # after the demo's history_since
    record.write_text(
        DISCLOSURE + "tags: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8"
    )
    commit("2026-11-28T12:00:00+08:00")
    record.write_text(DISCLOSURE.replace("正文第一段。", "正文改过。"), encoding="utf-8")
    commit("2026-11-29T12:00:00+08:00")
    result = mkdocs_build(project, tmp_path / "site", epoch=str(int(EPOCH) + 5 * DAY))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "修订" in page_text(tmp_path / "site" / "disclosures" / "x" / "index.html")

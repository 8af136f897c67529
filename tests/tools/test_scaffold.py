"""gongkai.tools.scaffold: `gongkai new` writes a record that passes check, in the right session, never
over another, with the unit from units.yml."""

from __future__ import annotations

import subprocess

import pytest
from support import gongkai

# -- new --------------------------------------------------------------------------------------


def created(result: subprocess.CompletedProcess) -> str:
    """The path `new` reports: 已新建公开事项（草稿）：data/…"""
    return result.stdout.splitlines()[0].split("：", 1)[1]


@pytest.mark.parametrize(
    "kind",
    [
        "disclosure",
        "allocation",
        "event",
        "story",
        "proposal",
        "公开事项",
        "活动",
        "提案",
        "合理化建议",
    ],
)
def test_new_record_passes_check(project, kind):
    result = gongkai(
        project, "new", kind, "--title", "2026年冬季劳保用品发放（修订）", "--unit", "union"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("已新建")
    written = project / created(result)
    text = written.read_text(encoding="utf-8")
    assert written.parent.name == "2026" and written.stem == "2026-dongji-laobaoyongpin-fafang"
    assert "date: 2026-11-25" in text and "draft: true" in text and "unit: union" in text
    assert "# " in text  # Chinese comments
    check = gongkai(project, "check")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(
    ("kind", "expected"), [("提案", "type: proposal   #"), ("合理化建议", "type: suggestion   #")]
)
def test_a_new_proposal_goes_to_the_newest_session_a_suggestion_to_none(project, kind, expected):
    sessions = (
        "- {id: 11-1, name: 十一届一次职代会, date: 2026-03-06, delegates: 190}\n"
        "- {id: 11-2, name: 十一届二次职代会, date: 2026-12-18, delegates: 190}\n"
    )
    (project / "data" / "sessions.yml").write_text(sessions, encoding="utf-8")
    result = gongkai(project, "new", kind, "--title", "增开夜班通勤车", "--unit", "zongcai1")
    text = (project / created(result)).read_text(encoding="utf-8")
    assert expected in text and ("session: 11-2" in text) == (kind == "提案")
    assert gongkai(project, "check").returncode == 0


def test_new_never_overwrites_and_proposes_another_id(project):
    first = gongkai(project, "new", "disclosure", "--title", "公开测试", "--unit", "union")
    second = gongkai(project, "new", "disclosure", "--title", "公开测试", "--unit", "union")
    assert created(first) == "data/disclosures/2026/2026-ceshi.yml"
    assert created(second) == "data/disclosures/2026/2026-ceshi-2.yml"
    taken = gongkai(
        project, "new", "disclosure", "--title", "公开测试", "--unit", "union", "--id", "x"
    )
    assert (
        taken.returncode == 2 and "id “x”已被 data/disclosures 中的另一条记录使用" in taken.stderr
    )


def test_new_asks_for_the_unit_from_units_yml(project):
    result = gongkai(project, "new", "story", "--title", "李四：井下三十年")
    assert result.returncode == 2
    assert (
        "请用 --unit 指定发布单位，可用的有：mine（兴业煤矿）、union（矿工会）、zongcai1（综采一队）"
        in result.stderr
    )
    wrong = gongkai(project, "new", "story", "--title", "李四", "--unit", "nowhere")
    assert wrong.returncode == 2 and "单位“nowhere”不在 data/units.yml 中" in wrong.stderr

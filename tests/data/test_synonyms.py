"""gongkai.data.synonyms: the groups of words a search takes for one another, the project's and an
enterprise's data/synonyms.yml, each mistake of the file with its exact located message."""

from __future__ import annotations

import pytest
from support import ROOT, load, problems

from gongkai.data.synonyms import BUILT_IN, groups_of, key, merged

S = "data/synonyms.yml"


def test_the_project_groups_are_folded_and_each_word_stands_in_one_group():
    groups = groups_of([])
    words = [w for group in groups for w in group]
    assert len(words) == len(set(words))
    assert all(key(w) == w and 2 <= len(w) <= 12 for w in words)
    assert ("职代会", "职工代表大会") in groups and len(groups) == len(BUILT_IN)


def test_an_enterprises_groups_are_added_and_joined_where_they_share_a_word(tmp_path):
    archive = load(
        tmp_path, {"synonyms.yml": "- [井口, 井口房]\n- [劳保, 劳保用品]\n- [ＡＢ, 甲乙]\n"}
    )
    assert ("井口", "井口房") in archive.synonyms
    assert ("劳保", "劳动保护", "劳动防护", "劳保用品") in archive.synonyms  # one group
    assert ("ab", "甲乙") in archive.synonyms  # folded as the index folds the query


def test_groups_that_join_two_groups_merge_all_three():
    assert merged([("甲乙", "丙丁"), ("戊己", "庚辛"), ("丙丁", "庚辛")]) == [
        ("甲乙", "丙丁", "戊己", "庚辛")
    ]


def test_without_the_file_the_project_groups_stand(tmp_path):
    assert load(tmp_path, {}).synonyms == groups_of([])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "井口: 井口房\n",
            f"{S}:1: 此文件应是一个列表，每行一组意思相同的词，如 - [劳保, 劳动保护]",
        ),
        (
            "- 井口\n",
            f"{S}:1: 第 1 组应是用方括号括起、英文逗号分隔的几个词，如 - [劳保, 劳动保护]",
        ),
        (
            "- [井口, 井口房]\n- [井口房]\n",
            f"{S}:2: 一组至少要有两个意思相同的词，搜索其中一个时也找含另一个的内容，如 - [劳保, 劳动保护]",
        ),
        (
            "- [井口，井口房]\n",
            f"{S}:1: 第 1 个词“井口，井口房”不能作为搜索用词：每个词 2–12 个字，只含汉字、字母或数字（词语之间用英文逗号分开，不要写标点或空格）",
        ),
        (
            "- [井, 井口]\n",
            f"{S}:1: 第 1 个词“井”不能作为搜索用词：每个词 2–12 个字，只含汉字、字母或数字（词语之间用英文逗号分开，不要写标点或空格）",
        ),
        (
            "- [井口, 井口]\n",
            f"{S}:1: “井口”在这一组里写了两次，请删去一个",
        ),
        (
            "- - 井口\n  - 1\n",
            f"{S}:2: 第 2 个词“1”不能作为搜索用词：每个词 2–12 个字，只含汉字、字母或数字（词语之间用英文逗号分开，不要写标点或空格）",
        ),
    ],
)
def test_mistakes_are_located(tmp_path, text, message):
    assert message in problems(tmp_path, {"synonyms.yml": text})


def test_the_privacy_guard_covers_the_file_and_a_number_is_never_repeated(tmp_path):
    found = problems(tmp_path, {"synonyms.yml": "- [电话, '13953712345']\n"})
    assert any(p.startswith(f"{S}:1: ") and "139****2345" in p for p in found)
    found = problems(tmp_path, {"synonyms.yml": "- [身份, 370802199003071236]\n"})
    assert found and not any("370802199003071236" in p for p in found)


def test_the_editors_guide_lists_every_group_of_the_project():
    guide = (ROOT / "content" / "guide" / "fields.md").read_text(encoding="utf-8")
    missing = [group for group in BUILT_IN if f"| {'、'.join(group)} |" not in guide]
    assert missing == []

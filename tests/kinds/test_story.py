"""gongkai.kinds.story: model-worker stories (先进事迹)."""

from __future__ import annotations

from support import STORY, problems


def test_story_needs_a_person_and_honors_have_years(tmp_path):
    assert problems(tmp_path, {"stories/s.yml": STORY.replace("person: 李建国\n", "")}) == [
        "data/stories/s.yml:1: 缺少必填字段「person」（姓名）"
    ]
    honors = STORY + "honors:\n  - {name: 全国劳动模范, year: 二〇二五}\n"
    assert problems(tmp_path / "b", {"stories/s.yml": honors}) == [
        "data/stories/s.yml:7: 「honors.第1项.year」（年份）应是整数，而不是“二〇二五”"
    ]

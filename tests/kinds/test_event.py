"""gongkai.kinds.event: events (活动): their fields, all-day events and photos."""

from __future__ import annotations

from datetime import date

import pytest
from support import EVENT, load, problems

# -- events and stories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "end: 2026-11-08 17:00",
            "end: 2026-11-08 13:00",
            6,
            "结束时间 2026-11-08 13:00 早于开始时间 2026-11-08 14:00",
        ),
        (
            "start: 2026-11-08 14:00",
            "start: 2026-11-08 下午",
            5,
            "「start」（开始时间）：时间“2026-11-08 下午”格式不对，应写成 YYYY-MM-DD HH:MM（如 2026-11-08 14:00），全天活动只写日期",
        ),
        (
            "start: 2026-11-08 14:00",
            "start: 2026-11-08 25:00",
            5,
            "「start」（开始时间）：时间“2026-11-08 25:00”不存在，小时为 0–23，分钟为 0–59",
        ),
        (
            "kind: sports",
            "kind: 球类",
            2,
            "「kind」（活动类型）的值“球类”不可用，可选：culture（文艺）、sports（体育）、exhibition（展览）、contest（竞赛）、safety（安全宣传）、"
            "training（培训）、care（慰问帮扶）、other（其他）",
        ),
    ],
)
def test_event_fields(tmp_path, old, new, line, message):
    assert problems(tmp_path, {"events/e.yml": EVENT.replace(old, new)}) == [
        f"data/events/e.yml:{line}: {message}"
    ]


def test_all_day_event_is_a_date(tmp_path):
    archive = load(
        tmp_path,
        {
            "events/e.yml": EVENT.replace("2026-11-08 14:00", "2026-11-08").replace(
                "end: 2026-11-08 17:00\n", ""
            )
        },
    )
    assert archive.entries["events"]["e"].record.start == date(2026, 11, 8)


def test_event_photo_must_exist(tmp_path):
    text = EVENT + "photos:\n  - {file: photos/a.jpg, caption: 合影}\n"
    assert problems(tmp_path, {"events/e.yml": text}) == [
        "data/events/e.yml:10: 「photos.第1项.file」（文件）指向的文件“photos/a.jpg”不存在：请把文件放到 data/media/photos/a.jpg，或改正路径（相对于 data/media）"
    ]

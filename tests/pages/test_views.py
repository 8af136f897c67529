"""gongkai.pages.views: a posting's status as of a day, dates, money and durations the Chinese way."""

from __future__ import annotations

import re
from datetime import date, datetime
from types import SimpleNamespace

from support import page_text

from gongkai.pages.views import posting_status, zh_date, zh_moment

# -- dates and money ---------------------------------------------------------------------------------


def test_dates_money_and_durations_the_chinese_way(demo_site):
    page = page_text(demo_site / "allocations" / "2026-10-zongcai1-safety" / "index.html")
    assert (
        "2026年11月20日（星期五）" in page.replace(" ", "")
        and "169,143.68 元" in page
        and "还剩 3 天" in page
    )
    event = page_text(demo_site / "events" / "2026-anquan-zixunri" / "index.html")
    assert "2026年12月12日（星期六）" in event.replace(" ", "")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page_text(demo_site / "index.html"))


def test_posting_status():
    period = SimpleNamespace(start=date(2026, 11, 20), to=date(2026, 11, 27), estimated=False)
    assert posting_status(period, date(2026, 11, 25)).note == "还剩 3 天"
    assert posting_status(period, date(2026, 11, 27)).note == "今天截止"
    assert posting_status(period, date(2026, 11, 28)).label == "公示结束"
    assert posting_status(period, date(2026, 11, 19)).label == "待公示"
    assert posting_status(None, date(2026, 11, 19)).label == "已公开"


def test_dates_the_chinese_way():
    assert zh_date(date(2026, 11, 25)) == "2026年11月25日"
    assert zh_moment(datetime(2026, 11, 8, 14, 0)) == "2026年11月8日（星期日） 14:00"

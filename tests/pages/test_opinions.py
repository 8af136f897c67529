"""gongkai.pages.opinions: the opinions board (意见反馈): whom to tell and by when, overdue after five
working days, and proposals that await their answer."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from support import (
    ACCEPTED,
    DISCLOSURE,
    NATIONAL_DAY,
    PROPOSAL,
    copy_project,
    load,
    mkdocs_build,
    page_text,
    proposal_files,
    write_data,
)

from gongkai.data.workdays import Calendar
from gongkai.pages.generator import Generator
from gongkai.pages.opinions import deadline

# -- 提意见: whom, by when, the enterprise's own form, and the printable 意见表 ----------------------------------------------


def test_a_notice_says_whom_to_tell_and_by_when(demo_site):
    text = page_text(demo_site / "disclosures" / "2026-dongji-laobao" / "index.html")
    block = text[text.index("提意见") :]
    assert "截至2026年11月27日" in block and "安监处" in block and "个工作日内答复" in block
    assert "在线提意见" not in block  # the demo sets no opinion_url


def test_the_opinion_url_is_filled_with_the_notices_title_and_address(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": NATIONAL_DAY})
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  gongkai:\n",
            "  gongkai:\n    opinion_url: https://oa.xingye.local/yijian/new?title={title}&from={url}\n",
        ),
        encoding="utf-8",
    )
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / "disclosures" / "x" / "index.html").read_text(encoding="utf-8")
    href = f"https://oa.xingye.local/yijian/new?title={quote('公开测试', safe='')}&amp;from={quote('http://gongkai.xingye.local/disclosures/x/', safe='')}"
    assert f'href="{href}"' in html


# -- the opinions board's limit ---------------------------------------------------------------------------------


def test_an_opinion_is_overdue_after_five_working_days_national_day_not_counted():
    # raised Tue 2026-09-29: 30 Sep, 8, 9 Oct, Sat 10 Oct (worked), 12 Oct are the five working days
    assert deadline(Calendar(), date(2026, 9, 29), 5) == (date(2026, 10, 13), False)


def test_an_opinion_in_a_year_the_calendar_does_not_know_is_estimated_and_says_so():
    assert deadline(Calendar(), date(2035, 3, 2), 5) == (
        date(2035, 3, 12),
        True,
    )  # Fri 2 Mar: 5, 6, 7, 8, 9 Mar


def test_feedback_items_and_waiting_proposals_make_the_board(tmp_path):
    notice = (
        DISCLOSURE
        + "feedback:\n  - {date: 2026-11-16, summary: 意见一}\n  - {date: 2026-11-10, summary: 意见二, reply: 已答复, replied: 2026-11-12}\n"
    )
    archive = load(tmp_path, proposal_files(PROPOSAL + ACCEPTED, **{"disclosures/x.yml": notice}))
    boards = Generator(archive).generate()
    board = next(spec for spec in boards if spec.src_uri == "feedback/index.md").make()
    assert [item.text for item in board.pending] == ["关于增开夜班通勤车的提案", "意见一"]
    assert [(item.text, item.answered_in_time) for item in board.handled] == [("意见二", True)]
    counts = {label: value for label, value, _ in board.counts}
    # as of 2026-11-25: 意见一 (16 Nov) is past 5 working days (17-20, 23 Nov); the proposal is past its due (30 Apr)
    assert counts == {
        "收到意见": 2,
        "待答复": 1,
        "待答复的提案": 1,
        "逾期": 2,
        "已答复": 1,
        "整改中": 0,
        "已整改": 0,
        "按时答复": 1,
    }


def test_the_board_says_what_each_status_means_and_how_late_a_proposal_is(demo_site):
    board = (demo_site / "feedback" / "index.html").read_text(encoding="utf-8")
    assert "各种状态是什么意思" in board and "<dt>已整改</dt>" in board
    assert "超过 5 个工作日" in board
    # 11-1-15 was due 2026-11-20: on the demo's day, 2026-11-25, five days late
    late = board[
        board.index("11-1-15-yeban-tongqinche") - 1200 : board.index("11-1-15-yeban-tongqinche")
    ]
    assert "逾期 5 天" in late

"""Accountability on the built site: the session's and the units' figures recomputed from the YAML
(without the project's loader), proposals and the opinions board corrected in a browser with a
faked clock, 提意见 and its printable form, feeds and search, and a kind that is one module."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from urllib.parse import quote

import chinese_calendar
import feedparser
import pytest
import yaml
from support import (
    DISCLOSURE,
    EPOCH,
    ROOT,
    at,
    copy_project,
    mkdocs_build,
    page_text,
    published,
    write_data,
)

DEMO_DAY = date(2026, 11, 25)
REPLY_DAYS = 5


# -- the figures, recomputed from the YAML with chinese_calendar, not with the project's code -------------------


def records(kind: str) -> list[tuple[str, dict]]:
    """The demo's published records of a kind as YAML gives them: (id, mapping)."""
    return sorted(published(kind).items())


def working_days(start: date, end: date) -> list[date]:
    """The official working days from start to end, both counted."""
    return [
        start + timedelta(days=n)
        for n in range((end - start).days + 1)
        if chinese_calendar.is_workday(start + timedelta(days=n))
    ]


def nth_working_day(start: date, n: int) -> date:
    """The n-th working day counted from start (start counts when it is one)."""
    day = start
    while True:
        if chinese_calendar.is_workday(day):
            n -= 1
            if n == 0:
                return day
        day += timedelta(days=1)


def due_of(data: dict) -> date:
    due = data["due"]
    return (
        due
        if isinstance(due, date)
        else nth_working_day(data["review"]["date"], due["working_days"])
    )


def expected_scorecards(year: int) -> dict[str, dict[str, int]]:
    """Unit id → figure slug → value, as the contract and the issue define them."""
    cards: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind in ("disclosures", "allocations"):
        for _, data in records(kind):
            card = cards[data["unit"]] if data["date"].year == year else defaultdict(int)
            card["notices"] += 1
            period = data.get("period")
            if period:
                start = period.get("from", data["date"])
                end = period.get("to") or nth_working_day(start, period["working_days"])
                required = 7 if data.get("category") == "aid" else 5
                card[
                    "period-met" if len(working_days(start, end)) >= required else "period-short"
                ] += 1
            for item in data.get("feedback", []):
                if item["date"].year != year:
                    continue
                opinions = cards[data["unit"]]
                opinions["opinions"] += 1
                replied = item.get("replied")
                if (
                    replied
                    and len(working_days(item["date"] + timedelta(days=1), replied)) <= REPLY_DAYS
                ):
                    opinions["answered-in-time"] += 1
                opinions["rectified"] += item.get("status") == "rectified"
    for _, data in records("proposals"):
        review = data.get("review") or {}
        if review.get("result") != "accepted" or data["date"].year != year:
            continue
        card = cards[data["handlers"][0]]
        card["proposals"] += 1
        answer, due = data.get("answer"), due_of(data)
        card["on-time"] += bool(answer and answer["date"] <= due)
        card["overdue"] += bool(
            (answer and answer["date"] > due) or (not answer and DEMO_DAY > due)
        )
        card["satisfied"] += (data.get("evaluation") or {}).get("result") in (
            "satisfied",
            "basically",
        )
    return {unit: dict(card) for unit, card in cards.items()}


SLUGS = [
    "notices",
    "period-met",
    "period-short",
    "opinions",
    "answered-in-time",
    "rectified",
    "proposals",
    "on-time",
    "overdue",
    "satisfied",
]


def scorecard_rows(html: str) -> dict[str, list[int]]:
    """The report's 民主管理考核 table: unit page address → its ten figures."""
    table = html[html.index('id="scorecards"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, flags=re.S):
        unit = re.search(r"scorecards/([a-z0-9-]+)/", row).group(1)
        cells = re.findall(r'<td class="gk-num">(.*?)</td>', row, flags=re.S)
        rows[unit] = [int(re.sub(r"<[^>]+>", "", cell)) for cell in cells]
    return rows


def test_the_units_scorecards_are_what_the_yaml_says(demo_site):
    shown = scorecard_rows(
        (demo_site / "reports" / "2026" / "index.html").read_text(encoding="utf-8")
    )
    expected = expected_scorecards(2026)
    assert set(shown) == set(expected)
    for unit, card in expected.items():
        assert shown[unit] == [card.get(slug, 0) for slug in SLUGS], unit
    # the demo's overdue proposal is counted
    assert any(card.get("overdue") for card in expected.values())


def test_every_scorecard_figure_links_to_its_records(demo_site):
    html = (demo_site / "reports" / "2026" / "index.html").read_text(encoding="utf-8")
    table = html[html.index('id="scorecards"') :]
    links = set(
        re.findall(r'href="scorecards/([a-z0-9-]+)/#([a-z-]+)"', table[: table.index("</table>")])
    )
    assert links
    for unit, slug in links:
        listing = (demo_site / "reports" / "2026" / "scorecards" / unit / "index.html").read_text(
            encoding="utf-8"
        )
        assert f'id="{slug}"' in listing, (unit, slug)
    unit_page = (demo_site / "units" / "laozi" / "index.html").read_text(encoding="utf-8")
    assert "民主管理考核" in unit_page and "reports/2026/scorecards/laozi/" in unit_page


def test_a_sessions_proposals_stand_in_the_order_of_their_numbers():
    from types import SimpleNamespace

    from gongkai.data.sessions import SessionPage

    proposals = [
        SimpleNamespace(
            id=f"p{n}", state="handling", state_label="办理中", record=SimpleNamespace(number=n)
        )
        for n in ("10", "9", "甲-1", "０２", None, "1")
    ]
    page = SessionPage(session=None, proposals=proposals)
    assert [p.record.number for _, items in page.groups for p in items] == [
        "1",
        "０２",
        "9",
        "10",
        None,
        "甲-1",
    ]


def test_the_session_figures_are_what_the_yaml_says(demo_site):
    proposals = [data for _, data in records("proposals") if data.get("session") == "11-1"]
    accepted = [d for d in proposals if (d.get("review") or {}).get("result") == "accepted"]
    answered = [d for d in accepted if d.get("answer")]
    expected = {
        "收到提案": len(proposals),
        "立案": len(accepted),
        "已答复": len(answered),
        "按时答复": sum(1 for d in answered if d["answer"]["date"] <= due_of(d)),
        "满意或基本满意": sum(
            1
            for d in answered
            if (d.get("evaluation") or {}).get("result") in ("satisfied", "basically")
        ),
    }
    html = (demo_site / "sessions" / "11-1" / "index.html").read_text(encoding="utf-8")
    shown = dict(
        (label, int(value))
        for value, label in re.findall(
            r'gk-counts__value">(\d+)</span><span class="gk-counts__label">([^<]+)<', html
        )
    )
    assert shown == expected
    # the resolution that half of those present could not pass
    assert "未通过" in html and "95" in html
    received = (demo_site / "sessions" / "11-1" / "received" / "index.html").read_text(
        encoding="utf-8"
    )
    assert received.count('class="gk-item gk-item--proposal"') == len(proposals)


# -- pages, feeds and search -------------------------------------------------------------------------------------


def test_a_proposal_page_shows_its_timeline_handlers_deadline_and_award(demo_site):
    text = page_text(demo_site / "proposals" / "2026-jianyi-fengshui-penwuqi" / "index.html")
    assert "焦方贤" in text and "一等奖（煤业公司" in text
    assert all(step in text for step in ("提出", "审查", "交办", "答复", "评价"))
    overdue = page_text(demo_site / "proposals" / "11-1-15-yeban-tongqinche" / "index.html")
    assert "办理中 逾期" in overdue and "办理时限 2026年11月20日" in overdue


def test_the_old_table_notice_keeps_its_address_and_links_to_the_session(demo_site):
    html = (demo_site / "disclosures" / "2026-zhidaihui-11-1-tian-banli" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        'href="../../sessions/11-1/"' in html
        and "<table>" not in html.split('class="gk-body"')[1].split("</div>")[0]
    )


def test_feeds_carry_proposals_as_of_their_latest_step_and_the_handlers_feed_too(demo_site):
    feed = feedparser.parse((demo_site / "feed.xml").read_bytes())
    answered = [e for e in feed.entries if "/proposals/" in e.link]
    assert answered
    latest = {e.link.rsplit("/", 2)[-2]: e.updated[:10] for e in answered}
    for ident, updated in latest.items():
        data = yaml.safe_load(
            next((ROOT / "data" / "proposals").rglob(f"{ident}.yml")).read_text(encoding="utf-8")
        )
        steps = [data["date"]] + [
            data[k]["date"] for k in ("review", "answer", "evaluation") if data.get(k)
        ]
        assert updated == max(steps).isoformat(), ident
    houqin = feedparser.parse((demo_site / "units" / "houqin" / "feed.xml").read_bytes())
    # proposed by tongfeng
    assert any(e.link.endswith("/proposals/11-1-15-yeban-tongqinche/") for e in houqin.entries)


def test_the_search_index_holds_proposals_under_their_own_kind(demo_site):
    folder = demo_site / "search" / "index"
    docs = [
        d
        for path in sorted((folder / "doc").glob("*.json"))
        for d in json.loads(path.read_text(encoding="utf-8"))
    ]
    found = [d for d in docs if d["u"].startswith("proposals/")]
    assert len(found) == len(records("proposals")) and {d["k"] for d in found} == {
        "提案与合理化建议"
    }


# -- the reader's browser, its clock faked ---------------------------------------------------------------------------

PROPOSAL_DUE_LAST_DAY = "proposals/11-1-12-xiaojia-jianshen-qicai/"  # 办理中, due 2026-12-31


@pytest.mark.parametrize(("day", "overdue"), [(at(2026, 12, 31), False), (at(2027, 1, 1), True)])
def test_a_handling_proposal_says_overdue_the_day_after_its_deadline(
    browser, demo_url, day, overdue
):
    page = browser.new_page(clock=day)
    page.goto(demo_url + PROPOSAL_DUE_LAST_DAY)
    badge = page.locator(".gk-lead .gk-state")
    assert badge.locator(".gk-state__label").text_content() == "办理中"
    assert badge.locator(".gk-state__overdue").is_visible() is overdue
    page.goto(demo_url + "proposals/")
    item = page.locator(f'li:has(a[href$="{PROPOSAL_DUE_LAST_DAY.split("/")[1]}/"])')
    assert item.locator(".gk-state__overdue").is_visible() is overdue
    page.close()


def test_the_proposals_filters_choose_by_status_type_session_and_lead(browser, demo_url):
    page = browser.new_page()
    page.goto(demo_url + "proposals/")
    visible = (
        "els => els.filter(e => e.offsetParent).map(e => new URL(e.href).pathname.split('/')[2])"
    )
    page.select_option("select[name=state]", "overdue")
    assert page.eval_on_selector_all(".gk-item__title", visible) == ["11-1-15-yeban-tongqinche"]
    assert page.locator("[data-gk-filter-count]").text_content() == "共 1 件"
    page.select_option("select[name=state]", "")
    page.select_option("select[name=type]", "suggestion")
    shown = page.eval_on_selector_all(".gk-item__title", visible)
    assert shown and all("jianyi" in ident for ident in shown)
    page.select_option("select[name=type]", "")
    page.select_option("select[name=session]", "11-2")
    page.select_option("select[name=lead]", "")
    assert all(
        ident.startswith("11-2-") for ident in page.eval_on_selector_all(".gk-item__title", visible)
    )
    page.close()


def test_search_can_be_narrowed_to_proposals(browser, demo_url):
    page = browser.new_page()
    page.goto(demo_url + "search/?q=" + quote("通勤车"))
    page.select_option("select[name=kind]", "提案与建议")
    page.wait_for_selector(".gk-result__title")
    paths = page.eval_on_selector_all(
        ".gk-result__title", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert paths and all(p.startswith("/proposals/") for p in paths)
    page.close()


NATIONAL_DAY = DISCLOSURE.replace("date: 2026-11-01", "date: 2026-09-20") + (
    "period: {from: 2026-09-21, to: 2026-09-30}\n"
    "feedback:\n  - {date: 2026-09-29, summary: 国庆前提出的意见}\n"
)


@pytest.fixture(scope="module")
def national_day_url(tmp_path_factory, serve):
    """A site built on 2026-09-30 with an opinion raised on 09-29, still unanswered."""
    root = tmp_path_factory.mktemp("national-day")
    project = copy_project(
        root / "project", write_data(root / "data", {"disclosures/x.yml": NATIONAL_DAY})
    )
    # 2026-09-30 12:00 in Shanghai
    assert mkdocs_build(project, root / "site", epoch="1790740800").returncode == 0
    return serve(root / "site")


@pytest.mark.parametrize(
    ("day", "overdue", "waited"),
    [
        (at(2026, 10, 7), False, 8),  # five weekdays have passed, but National Day is not worked
        (
            at(2026, 10, 12),
            False,
            13,
        ),  # 30 Sep, 8, 9, Sat 10 (worked), 12 Oct: the fifth working day
        (at(2026, 10, 13), True, 14),
    ],
)
def test_an_opinion_turns_overdue_after_five_working_days_not_counting_national_day(
    browser, national_day_url, day, overdue, waited
):
    page = browser.new_page(clock=day)
    page.goto(national_day_url + "feedback/")
    item = page.locator("[data-gk-op]")
    assert item.locator("[data-gk-op-overdue]").is_visible() is overdue
    assert item.locator("[data-gk-op-waited]").text_content() == f"已等待 {waited} 天"
    assert page.locator("[data-gk-count-overdue] .gk-counts__value").text_content() == str(
        int(overdue)
    )
    page.close()


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


def test_an_opinion_url_that_is_not_a_web_address_stops_the_build_in_chinese(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  gongkai:\n", "  gongkai:\n    opinion_url: javascript:alert(1)\n"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "mkdocs.yml:49: extra.gongkai：「opinion_url」（在线提意见的网址）：“javascript:alert(1)”写法不对"
        in result.stderr
    )


def test_the_printed_form_carries_the_notice_and_blanks_and_nothing_else(browser, demo_url):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(demo_url + "disclosures/2026-dongji-laobao/")
    assert page.locator("[data-gk-print-form]").is_visible()
    # what 打印意见表 does before window.print()
    page.evaluate("document.body.classList.add('gk-printing-form')")
    pdf = page.pdf(format="A4")
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(
        r"\s+", "", unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    )
    text = text.replace("\u2ec5", "见")  # the PDF's font maps 见 to a CJK radical that NFKC keeps
    assert len(reader.pages) == 1
    assert all(
        word in text
        for word in (
            "兴业煤矿厂务公开意见表",
            "2026年冬季劳动保护用品发放标准公示",
            "姓名",
            "单位",
            "意见或建议",
            "签名",
        )
    )
    assert "disclosures/2026-dongji-laobao/" in text
    # the notice itself is not printed with it
    assert "办理过程" not in text and "(盖章)" not in text


# -- a kind is one module ---------------------------------------------------------------------------------------------

TOY_KIND = '''\
"""通知: a toy kind, to show what a new kind takes: this module, a line in kinds/__init__.py, a template."""

from pydantic import Field

from gongkai.data.schema import Markdown, Record
from gongkai.kinds.base import Kind, Scaffold


class Notice(Record):
    """通知."""

    body: Markdown = Field(min_length=1, title="正文", description="正文，Markdown 格式")


class NoticeKind(Kind):
    """通知."""

    folder = "notices"
    name = "notice"
    label = "通知"
    short = "通知"
    schema = Notice

    def scaffold(self, new: Scaffold) -> str:
        return self.head(self.label, new) + "body: 请在这里填写通知。\\n"
'''
TOY_TEMPLATE = """{% extends "main.html" %}
{% block content %}<h1 id="title">{{ notice.title }}</h1><div class="gk-body">{{ notice.body }}</div>{% endblock %}
"""
TOY_RECORD = "title: 井口澡堂暂停开放通知\nunit: union\ndate: 2026-11-20\nbody: 因检修锅炉，澡堂暂停开放一天。\n"


def test_a_new_kind_is_one_module_a_line_and_a_template(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"notices/zaotang.yml": TOY_RECORD})
    )
    kinds = project / "hooks" / "gongkai" / "kinds"
    (kinds / "notice.py").write_text(TOY_KIND, encoding="utf-8")
    registry = (kinds / "__init__.py").read_text(encoding="utf-8")
    registry = registry.replace(
        "from gongkai.kinds.proposal import ProposalKind\n",
        "from gongkai.kinds.proposal import ProposalKind\nfrom gongkai.kinds.notice import NoticeKind\n",
    )
    (kinds / "__init__.py").write_text(
        registry.replace("ProposalKind())", "ProposalKind(), NoticeKind())"), encoding="utf-8"
    )
    (project / "theme_overrides" / "notice.html").write_text(TOY_TEMPLATE, encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=str(project / "hooks"),
        SOURCE_DATE_EPOCH=EPOCH,
        NO_MKDOCS_2_WARNING="1",
    )
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    site = tmp_path / "site"
    assert "因检修锅炉" in page_text(site / "notices" / "zaotang" / "index.html")
    assert "井口澡堂暂停开放通知" in page_text(site / "notices" / "index.html")
    assert "井口澡堂暂停开放通知" in page_text(site / "units" / "union" / "index.html")
    docs = [
        d
        for path in (site / "search" / "index" / "doc").glob("*.json")
        for d in json.loads(path.read_text(encoding="utf-8"))
    ]
    assert any(d["u"] == "notices/zaotang/" and d["k"] == "通知" for d in docs)
    schema = subprocess.run(
        [sys.executable, "-c", "from gongkai.tools.cli import run; run()", "schema"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stderr
    assert (
        json.loads(
            (project / ".vscode" / "schemas" / "notices.schema.json").read_text(encoding="utf-8")
        )["title"]
        == "通知"
    )

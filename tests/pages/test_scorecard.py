"""gongkai.pages.scorecard: the units' and the session's figures recomputed from the YAML (without the
project's loader), each linking to its records."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

import chinese_calendar
from support import demo_records

DEMO_DAY = date(2026, 11, 25)


REPLY_DAYS = 5


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
        for _, data in demo_records(kind):
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
    for _, data in demo_records("proposals"):
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
        cells = re.findall(r'<td class="gk-num"[^>]*>(.*?)</td>', row, flags=re.S)
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


def test_the_session_figures_are_what_the_yaml_says(demo_site):
    proposals = [data for _, data in demo_records("proposals") if data.get("session") == "11-1"]
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

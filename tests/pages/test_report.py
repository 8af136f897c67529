"""gongkai.pages.report: the annual report's figures, recomputed from the YAML, each linking to its
records."""

from __future__ import annotations

import re
from collections import Counter

import yaml
from support import ROOT, page_text, published

# -- the annual report ----------------------------------------------------------------------------


def _cells(html: str, section: str) -> list[list[str]]:
    """The rows of the table under a report heading, as text."""
    part = html.split(f'id="{section}"')[1].split("<h2")[0]
    # the chart's data table comes first
    table = re.findall(r"<table>.*?</table>", part, flags=re.S)[-1]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in rows
    ]


def test_annual_report_counts_match_the_data(demo_site):
    year = 2026
    html = (demo_site / "reports" / str(year) / "index.html").read_text(encoding="utf-8")
    every = {
        k: [r for r in published(k).values() if r["date"].year == year]
        for k in ("disclosures", "allocations", "events", "stories", "proposals")
    }
    totals = _cells(html, "totals")
    assert totals[0] == [
        "公开事项",
        "工资奖金分配公示",
        "活动",
        "先进事迹",
        "提案与合理化建议",
        "公示期",
    ]
    periods = sum(
        1
        for kind in ("disclosures", "allocations")
        for r in published(kind).values()
        if r.get("period") and (r["period"].get("from") or r["date"]).year == year
    )
    assert totals[1] == [
        str(len(every[k])) for k in ("disclosures", "allocations", "events", "stories", "proposals")
    ] + [str(periods)]
    categories = {
        c["id"]: c["name"]
        for c in yaml.safe_load((ROOT / "data" / "categories.yml").read_text(encoding="utf-8"))
    }
    counted = Counter(r["category"] for r in every["disclosures"])
    assert _cells(html, "categories")[1:] == [
        [name, str(counted[cid])] for cid, name in categories.items()
    ]
    feedback = [
        f
        for r in published("disclosures").values()
        for f in r.get("feedback", [])
        if f["date"].year == year
    ]
    answered = [
        f
        for f in feedback
        if (f.get("status") or ("answered" if f.get("reply") else "pending"))
        in ("answered", "rectifying", "rectified")
    ]
    rectified = [f for f in feedback if f.get("status") == "rectified"]
    days = [(f["replied"] - f["date"]).days for f in feedback if f.get("replied")]
    row = _cells(html, "feedback")[1]
    assert row[:3] == [str(len(feedback)), str(len(answered)), str(len(rectified))]
    assert row[3] == f"{round(sum(days) / len(days), 1)} 天" and row[5] == f"{max(days)} 天"
    units = {
        u["id"]: u["name"]
        for u in yaml.safe_load((ROOT / "data" / "units.yml").read_text(encoding="utf-8"))
    }
    grid = {r[0]: r for r in _cells(html, "allocations")[1:]}
    for unit, count in Counter(r["unit"] for r in every["allocations"]).items():
        assert grid[units[unit]][-1] == str(count)


def test_every_report_figure_links_to_its_records(demo_site):
    html = (demo_site / "reports" / "2026" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<td class="gk-num"[^>]*><a href="([^"#]+)(?:#[^"]*)?">(\d+)</a>', html)
    assert len(links) > 20
    base = demo_site / "reports" / "2026"
    for href, _number in links:
        page = (base / href / "index.html").resolve()
        assert page.exists(), href
        listed = len(re.findall(r'class="gk-item__title"', page.read_text(encoding="utf-8")))
        assert listed >= 1
    categories = dict(
        re.findall(
            r'<th scope="row">([^<]+)</th><td class="gk-num"><a href="categories/([a-z]+)/">', html
        )
    )
    aid = (base / "categories" / categories["困难帮扶"] / "index.html").read_text(encoding="utf-8")
    assert "2026年第二批困难职工救助" in aid or "困难" in page_text(
        base / "categories" / categories["困难帮扶"] / "index.html"
    )

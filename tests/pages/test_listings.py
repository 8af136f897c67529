"""gongkai.site.Preview: a preview re-renders every page whose content changed, found from what the
page shows (listings.stamp_of), never from dependencies written by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT, write_data

from gongkai.settings import Settings
from gongkai.site import Build, Preview

CATEGORIES = ("welfare", "pay", "decisions", "democracy")


def _disclosure(n: int, category: str, unit: str = "union", day: str = "") -> str:
    month, date = 1 + n % 11, 1 + n % 27
    return (
        f"title: 第{n}号公开事项\ncategory: {category}\nunit: {unit}\n"
        f"date: {day or f'2026-{month:02d}-{date:02d}'}\n"
        f"period: {{from: {day or f'2026-{month:02d}-{date:02d}'}, to: 2026-11-30}}\n"
        f"body: 第{n}号的正文。\n"
    )


@pytest.fixture()
def project(tmp_path):
    """60 disclosures of 2026: the year's archive has two pages, and only the first the month chart."""
    for name in ("mkdocs.yml", "content", "hooks", "theme_overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    write_data(
        tmp_path,
        {f"disclosures/2026/d{n:02d}.yml": _disclosure(n, CATEGORIES[n % 4]) for n in range(60)},
    )
    return tmp_path


def _site(root: Path, site: Path) -> dict[str, str]:
    """A full build (no preview) of the project: each generated page's HTML."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }


def _rendered(build: Build) -> set[str]:
    return {spec.src_uri.removesuffix(".md") + ".html" for spec in build.pages()}


# Each kind of fact a listing shows, changed in a record that stands on the archive's second page
CHANGES = {
    "category": lambda text: text.replace("category: welfare", "category: pay"),
    "unit": lambda text: text.replace("unit: union", "unit: zongcai1"),
    "date": lambda text: text.replace("date: 2026-01-01", "date: 2026-10-15"),
    "status": lambda text: text.replace("to: 2026-11-30", "to: 2026-01-10"),
}


@pytest.mark.parametrize("fact", CHANGES)
def test_every_page_that_shows_a_changed_fact_is_rendered_again(project, tmp_path, fact):
    record = project / "data" / "disclosures" / "2026" / "d00.yml"  # 2026-01-01: the oldest
    settings = Settings.find(project)
    preview = Preview()
    first = Build(settings, preview)
    first.load()
    assert "archive/disclosures/2026/2/index.md" in first.specs  # two pages
    preview.pages.update(first.changed)  # as Build.finish keeps them after a preview build
    preview.last = first
    before = _site(project, tmp_path / "before")

    record.write_text(CHANGES[fact](record.read_text(encoding="utf-8")), encoding="utf-8")
    second = Build(settings, preview)
    second.load()
    after = _site(project, tmp_path / "after")

    generated = {uri.removesuffix(".md") + ".html" for uri in second.specs}
    differ = {page for page in generated if before.get(page) != after.get(page)}
    assert "archive/disclosures/2026/2/index.html" in differ  # the record's own listing
    assert differ <= _rendered(second), sorted(differ - _rendered(second))
    # and the preview keeps its point: most pages are not rendered again
    assert len(_rendered(second)) < len(generated) / 2


def test_the_month_chart_of_the_first_page_follows_a_record_on_the_second(project, tmp_path):
    # the bug found: page 1's chart counts the year's categories, page 2's record changed
    record = project / "data" / "disclosures" / "2026" / "d00.yml"
    settings = Settings.find(project)
    preview = Preview()
    first = Build(settings, preview)
    first.load()
    preview.pages.update(first.changed)
    record.write_text(CHANGES["category"](record.read_text(encoding="utf-8")), encoding="utf-8")
    second = Build(settings, preview)
    second.load()
    assert "archive/disclosures/2026/index.html" in _rendered(second)
    unchanged = Build(settings, preview)
    preview.pages.update(second.changed)
    unchanged.load()
    assert not unchanged.changed  # nothing changed since: nothing rendered but the navigation's


def test_a_series_links_its_pages_by_their_addresses(project, tmp_path):
    # a slip once handed the address module itself to the unit pages as their series
    pages = _site(project, tmp_path / "site")
    for first, second in (("units/union/", "units/union/2/"), ("archive/disclosures/2026/", None)):
        assert 'rel="next"' in pages[first + "index.html"], first
        if second:
            assert second + "index.html" in pages
            assert 'href="../" rel="prev"' in pages[second + "index.html"]

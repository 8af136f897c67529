"""gongkai.site and the bulletin hook: real builds of the demo and of small projects. Contract addresses,
unpublished records, withdrawn names, links, tabs, the sitemap, failed and dirty builds."""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest
import yaml
from support import (
    DATA,
    DISCLOSURE,
    EVENT,
    SITE_URL,
    STORY,
    D,
    _project,
    copy_project,
    mkdocs_build,
    page_text,
    published,
    site_text,
    unpublished_titles,
    write_data,
)


def test_demo_builds_strict_with_a_page_at_every_contract_address(demo_site):
    for kind in ("disclosures", "allocations", "events", "stories", "proposals"):
        assert (demo_site / kind / "index.html").exists()
        for ident, record in published(kind).items():
            page = demo_site / kind / ident / "index.html"
            assert page.exists(), page
            assert record["title"] in page_text(page)
    for unit in yaml.safe_load((DATA / "units.yml").read_text(encoding="utf-8")):
        assert unit["name"] in page_text(demo_site / "units" / unit["id"] / "index.html")


def test_drafts_and_future_records_appear_nowhere(demo_site):
    hidden = unpublished_titles("disclosures")
    assert len(hidden) >= 2
    everything = site_text(demo_site)
    for title in hidden:
        assert title not in everything


def _rows(ident: str) -> list[dict]:
    yml = next(DATA.glob(f"allocations/**/{ident}.yml"))
    table = yml.with_suffix(".csv")
    if table.exists():
        reader = csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig")))
        return [{"name": row.get("姓名") or row.get("name")} for row in reader]
    return yaml.safe_load(yml.read_text(encoding="utf-8"))["rows"]


def test_ended_allocations_keep_total_and_headcount_but_no_name_anywhere(demo_site):
    allocations = published("allocations")
    ended = [k for k, v in allocations.items() if str(v["period"]["to"]) < "2026-11-25"]
    running = [
        k
        for k, v in allocations.items()
        if str(v["period"]["from"]) <= "2026-11-25" <= str(v["period"]["to"])
    ]
    assert ended and running
    other_text = "".join(
        p.read_text(encoding="utf-8")
        for p in DATA.rglob("*")
        if p.suffix in (".yml", ".csv") and not any(e in p.name for e in ended)
    )
    everything = site_text(demo_site)
    for ident in ended:
        rows = _rows(ident)
        page = page_text(demo_site / "allocations" / ident / "index.html")
        assert f"{len(rows)} 人" in page
        assert not (demo_site / "allocations" / f"{ident}.csv").exists()
        private = [row["name"] for row in rows if row["name"] not in other_text]
        assert private, "the demo should have names only in ended rows"
        for name in private:
            assert name not in everything, name
    for ident in running:
        names = [row["name"] for row in _rows(ident)]
        page = page_text(demo_site / "allocations" / ident / "index.html")
        assert all(name in page for name in names)
        raw = (demo_site / "allocations" / f"{ident}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [row[0] for row in table[1:-1]] == names and table[-1][0] == "合计"


def test_status_as_of_the_build(demo_site):
    page = page_text(demo_site / "allocations" / "2026-10-zongcai1-safety" / "index.html")
    assert "公示中 还剩 3 天" in page
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    board = home.split('id="running"')[1].split('id="disclosures"')[0]
    assert board.count("gk-item__title") >= 5 and "公示结束" not in board


def test_record_pages_are_not_in_the_navigation(demo_site):
    page = (demo_site / "disclosures" / "index.html").read_text(encoding="utf-8")
    nav = page.split('class="md-nav md-nav--primary')[1].split('class="md-nav md-nav--secondary')[0]
    assert "2026-dongji-laobao" not in nav
    assert len(re.findall(r"<a ", nav)) < 20


def test_no_outside_addresses_in_pages(demo_site):
    """Nothing a page loads (scripts, styles, images, fonts, frames) comes from another host;
    plain links (<a href>) are the reader's to follow."""
    for path in demo_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(
            r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", text
        ):
            for url in re.findall(r'(?:src|href|data)="([^"]+)"', tag):
                assert not re.match(r"^(https?:)?//", url) or "gongkai.xingye.local" in url, (
                    path,
                    tag,
                )
    assert "fonts.googleapis" not in site_text(demo_site)


TABS = [
    "",
    "disclosures",
    "allocations",
    "events",
    "stories",
    "proposals",
    "units",
    "reports",
]


def test_every_link_inside_the_site_leads_to_a_page(demo_site):
    """Relative links resolve from each page's own folder, including the tabs, sidebar and footer
    that pages outside the navigation share (rendered once per folder, main.html)."""
    checked, pages = 0, 0
    for path in demo_site.rglob("*.html"):
        pages += 1
        if path.name == "404.html":  # MkDocs renders it with root-relative links
            continue
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="([^"#?]*)[^"]*"', text):
            if not url or re.match(r"^[a-z]+:|^//", url):
                continue
            target = (path.parent / url).resolve()
            assert target.is_relative_to(demo_site.resolve()), (path, url)
            assert target.is_file() or (target / "index.html").is_file(), (path, url)
            checked += 1
        tabs = re.findall(r'<a href="([^"]*)" class="md-tabs__link">', text)
        targets = [(path.parent / url).resolve() for url in tabs]
        assert targets == [demo_site.resolve() / rel for rel in TABS], path
    assert checked > 20 * pages  # the tabs and sidebar alone link about twenty pages


def test_failed_build_leaves_the_published_site_unchanged_and_reports_both_files(tmp_path):
    project = _project(tmp_path, {"disclosures/x.yml": DISCLOSURE, "stories/s.yml": STORY})
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (project / "data" / "disclosures" / "bad.yml").write_text(
        DISCLOSURE.replace("unit: union", "unit: nowhere"), encoding="utf-8"
    )
    (project / "data" / "stories" / "s.yml").write_text(
        STORY + "photo: photos/none.jpg\n", encoding="utf-8"
    )
    result = mkdocs_build(project, site)
    log = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in log
    assert (
        "data/disclosures/bad.yml:3: 「unit」（发布单位）的值“nowhere”不在 data/units.yml 中" in log
    )
    assert "data/stories/s.yml:6: 「photo」（照片）指向的文件“photos/none.jpg”不存在" in log
    assert "数据有 2 处错误，网站没有生成，已发布的网站保持不变" in log
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_doc_numbers_contacts_and_the_edit_link_on_record_pages(demo_site):
    """Added (2): 文号 with the facts and in search; a record's contact, else the site's
    (extra.gongkai.contact); 编辑此页 to the record's file in the forge named by repo_url and edit_uri."""
    notice = (demo_site / "disclosures/2026-dongji-laobao/index.html").read_text(encoding="utf-8")
    assert "<dt>文号</dt><dd>兴矿安字〔2026〕47号</dd>" in notice
    edit = 'href="http://git.xingye.local/gonghui/gongkai/_edit/main/data/disclosures/2026/2026-dongji-laobao.yml"'
    assert f'<a {edit} rel="nofollow">编辑此页</a>' in notice
    own = (demo_site / "allocations/2026-10-zongcai1-safety/index.html").read_text(encoding="utf-8")
    assert re.search(
        r"<dt>监督/意见受理</dt><dd>综采一队队务公开民主管理小组 电话 <a [^>]*href=\"tel:05377102341\"",
        own,
    )
    default = (demo_site / "allocations/2026-10-jiyun-performance/index.html").read_text(
        encoding="utf-8"
    )
    assert re.search(
        r"<dt>监督/意见受理</dt><dd>矿工会民主管理办公室 电话 <a [^>]*href=\"tel:05377102215\"",
        default,
    )
    assert "_edit/main/data/allocations/2026/2026-10-jiyun-performance.yml" in default
    for page in ("events", "stories", "proposals"):
        first = next(p for p in (demo_site / page).glob("*/index.html"))
        assert "编辑此页" in first.read_text(encoding="utf-8"), first
    docs = "".join(
        p.read_text(encoding="utf-8") for p in (demo_site / "search/index/doc").glob("*.json")
    )
    assert "兴矿安字〔2026〕47号" in docs


def test_without_a_forge_there_is_no_edit_link(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(r"^(repo_url|edit_uri):.*\n", "", config.read_text(encoding="utf-8"), flags=re.M),
        encoding="utf-8",
    )
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    pages = [p for p in (tmp_path / "site").rglob("index.html") if "guide" not in p.parts]
    assert len(pages) > 50 and not any("gk-edit" in p.read_text(encoding="utf-8") for p in pages)


# -- Chinese everywhere -----------------------------------------------------------------------------


def test_the_404_page_is_chinese(demo_site):
    text = page_text(demo_site / "404.html")
    assert "找不到这个页面" in text and "Not found" not in text


def test_record_pages_light_their_tab_and_link_their_kind(demo_site):
    page = (demo_site / "disclosures" / "2026-shijia-zhigong-houxuan" / "index.html").read_text(
        encoding="utf-8"
    )
    active = re.search(
        r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="\.\./" class="md-tabs__link">\s*([^<]+?)\s*</a>',
        page,
    )
    assert active and active.group(1) == "公开事项"
    assert re.search(r'<p class="gk-kicker"><a href="\.\./">公开事项</a>', page)


def test_list_items_name_their_category(demo_site):
    badges = re.findall(
        r'<span class="gk-badge gk-badge--disclosure">([^<]+)</span>',
        (demo_site / "disclosures" / "index.html").read_text(encoding="utf-8"),
    )
    assert badges and "公开" not in badges and {"评先评优", "职工福利"} & set(badges)


def test_the_sitemap_dates_records_by_their_own_day(demo_site):
    # sitemap.xml is an index of the list of pages: a few hundred bytes, which Material's script
    # fetches beside the feeds a page announces
    index = ElementTree.parse(demo_site / "sitemap.xml").getroot()
    assert index.tag.endswith("sitemapindex") and (demo_site / "sitemap.xml").stat().st_size < 400
    assert [s.findtext("{*}loc") for s in index] == [SITE_URL + "sitemap-pages.xml"]
    pages = demo_site / "sitemap-pages.xml"
    assert gzip.decompress((demo_site / "sitemap-pages.xml.gz").read_bytes()) == pages.read_bytes()
    urls = {
        u.findtext("{*}loc"): u.findtext("{*}lastmod") for u in ElementTree.parse(pages).getroot()
    }
    assert urls[SITE_URL + "disclosures/2025-dongji-laobao/"].startswith("2025-")
    assert SITE_URL in urls and len(urls) > 200


def test_pages_say_zh_cn_and_mark_table_headers(demo_site):
    for path in (
        "index.html",
        "allocations/2026-10-zongcai1-safety/index.html",
        "reports/2026/index.html",
    ):
        html = (demo_site / path).read_text(encoding="utf-8")
        assert '<html lang="zh-CN"' in html
        for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
            assert "<th" in table


# -- no failure after validation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {
                "events/e.yml": EVENT.replace(
                    "start: 2026-11-08 14:00\nend: 2026-11-08 17:00", "start: 9999-12-31"
                )
            },
            "data/events/e.yml:5: 「start」（开始时间）：日期“9999-12-31”的年份超出范围，只能是 1900 到 2099 年",
        ),
        (
            {"disclosures/x.yml": DISCLOSURE.replace("title: 公开测试", 'title: "公开\\x1f测试"')},
            f"{D}:1: 含有不可见的控制字符 U+001F",
        ),
    ],
)
def test_what_would_fail_after_validation_is_refused_and_the_site_kept(tmp_path, files, message):
    project = _project(tmp_path, {"disclosures/ok.yml": DISCLOSURE})
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    for rel, text in files.items():
        (project / "data" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "data" / rel).write_text(text, encoding="utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_page_of_a_record_no_longer_published_goes_in_a_dirty_build(tmp_path):
    project = _project(tmp_path, {"disclosures/x.yml": DISCLOSURE, "disclosures/y.yml": DISCLOSURE})
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    (project / "data" / "disclosures" / "y.yml").write_text(
        DISCLOSURE + "draft: true\n", encoding="utf-8"
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", str(site)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    assert (site / "disclosures" / "x" / "index.html").exists() and not (
        site / "disclosures" / "y"
    ).exists()


def test_a_future_record_appears_on_the_first_build_on_its_date(tmp_path):
    data = write_data(
        tmp_path / "data-src", {"disclosures/x.yml": DISCLOSURE.replace("2026-11-01", "2026-11-26")}
    )
    project = copy_project(tmp_path / "project", data)
    assert mkdocs_build(project, tmp_path / "before").returncode == 0
    assert not (tmp_path / "before" / "disclosures" / "x").exists()
    assert mkdocs_build(project, tmp_path / "after", epoch=str(1795579200 + 86400)).returncode == 0
    assert (tmp_path / "after" / "disclosures" / "x" / "index.html").exists()


def test_the_editors_guide_is_in_every_footer_and_no_tab(demo_site):
    for path in (
        "index.html",
        "disclosures/2026-shijia-zhigong-houxuan/index.html",
        "guide/fields/index.html",
    ):
        page = (demo_site / path).read_text(encoding="utf-8")
        link = re.search(r'<a class="gk-guide-link" href="([^"]*)">编辑指南', page)
        assert link, path
        target = (demo_site / path).parent / link.group(1)
        assert target.resolve() == (demo_site / "guide").resolve(), path
        tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*</a>', page)
        assert "编辑指南" not in tabs, path

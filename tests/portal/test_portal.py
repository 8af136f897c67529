"""The group portal (contract, "Added (2): the member export and the group portal") over two real
member builds: the demo mine and a generated mine, each built as its own CI builds it. A member whose
export is missing, broken, truncated, of an unknown version or hostile leaves the portal built, with
the member marked 数据未更新 and its last good data shown."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from demo_group import Spec, build, member, portal_config, project
from support import DISCLOSURE, ROOT, axe_violations, file_text, phone, published, write_data

XINGYE = Spec("xingye", "兴业煤矿", "http://gongkai.xingye.local/")
HUAFENG = Spec("huafeng", "华丰煤矿", "http://gongkai.huafeng.local/", seed=2, workers=800, years=1)
ALARM = "<script>alert(1)</script>"


def portal_site_text(
    site: Path, suffixes=(".html", ".json", ".xml", ".csv", ".ics", ".txt")
) -> str:
    """Every text file of a built site, decoded (pages, JSON, feeds, CSV)."""
    return "\n".join(
        file_text(path)
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in suffixes
    )


@pytest.fixture(scope="module")
def group(tmp_path_factory) -> Path:
    """Two members built for real, and the group union's portal over their site/export/ folders."""
    out = tmp_path_factory.mktemp("group")
    for spec in (XINGYE, HUAFENG):
        build(member(out, spec))
    data = write_data(out / "portal-src", {"disclosures/jituan.yml": DISCLOSURE})
    portal = project(
        out / "portal",
        data,
        name="集团工会公开栏",
        url="http://gongkai.group.local/",
        enterprise="集团",
    )
    portal_config(portal, [(spec, f"../{spec.id}/site/export/") for spec in (XINGYE, HUAFENG)])
    build(portal)
    return out


def exported(out: Path, spec: Spec) -> list[dict]:
    folder = out / spec.id / "site" / "export"
    return json.loads((folder / "records.json").read_text(encoding="utf-8"))["records"]


def running(records: list[dict]) -> list[dict]:
    return [r for r in records if r.get("status", {}).get("code") == "running"]


def test_a_members_notices_in_their_period_are_on_the_board_linking_to_the_members_pages(group):
    home = file_text(group / "portal" / "site" / "index.html")
    board = home[home.index('id="members-running"') : home.index('id="members-running-none"')]
    for spec in (XINGYE, HUAFENG):
        shown = running(exported(group, spec))
        assert shown, spec.id
        for record in shown:
            assert f'href="{spec.url}{record["path"]}"' in board, record["title"]
            # the portal copies no record page: the link leads to the member's own site
            assert not (group / "portal" / "site" / record["path"] / "index.html").exists()
    # the demo mine's list of 2026年度困难职工救助 is in its period that day
    assert "http://gongkai.xingye.local/disclosures/2026-kunnan-jiuzhu-dierpi/" in board
    assert "兴业煤矿 · 矿工会" in board


def test_the_members_pages_say_each_members_counts_day_and_notices(group):
    site = group / "portal" / "site"
    members = file_text(site / "members" / "index.html")
    for spec in (XINGYE, HUAFENG):
        assert f'href="./{spec.id}/"' in members or f'href="{spec.id}/"' in members
        assert spec.name in members
        records = exported(group, spec)
        page = file_text(site / "members" / spec.id / "index.html")
        assert "数据日期：2026年11月25日" in page and "数据未更新" not in page
        for record in running(records):
            assert f"{spec.url}{record['path']}" in page
        # its figures of the year in the group's report
        report = file_text(site / "reports" / "2026" / "index.html")
        row = report[report.index(f">{spec.name}</a>") :].split("</tr>")[0]
        in_year = sum(1 for r in records if r["kind"] == "disclosures" and r["date"] >= "2026")
        assert f'data-label="公开事项">{in_year}</td>' in row
    assert "数据未更新" not in members


def test_no_name_of_a_members_table_reaches_the_portal(group):
    """Every name of the demo mine's pay tables, shown today or withdrawn, that its own export does
    not carry for another reason (a story's hero is public) and the editors' guide does not use as
    an example, is nowhere on the portal."""
    names = set()
    for path in (ROOT / "data" / "allocations").rglob("*.yml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        names |= {row["name"] for row in record.get("rows", []) if isinstance(row, dict)}
    export = (group / "xingye" / "site" / "export" / "records.json").read_text(encoding="utf-8")
    guide = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "content").rglob("*.md"))
    private = {name for name in names if name not in export and name not in guide}
    assert len(private) >= 20
    shown = portal_site_text(group / "portal" / "site")
    cache = (group / "portal" / ".gongkai" / "members" / "xingye.json").read_text(encoding="utf-8")
    assert not {name for name in private if name in shown or name in cache}


def test_the_portals_search_finds_a_members_record_and_says_whose_it_is(group, browser, serve):
    base = serve(group / "portal" / "site")
    record = next(r for r in exported(group, HUAFENG) if r["kind"] == "disclosures")
    own = next(iter(published("disclosures").values()))  # the portal's own record, for contrast
    assert own
    page = browser.new_page()
    page.goto(f"{base}search/?q={quote(record['title'])}")
    page.wait_for_function(
        "document.querySelector('.gk-results__status').textContent.match(/^找到|没有找到|不可用/)"
    )
    results = page.eval_on_selector_all(
        ".gk-result",
        "items => items.map(li => [li.querySelector('a').href, li.querySelector('.gk-result__meta').textContent])",
    )
    assert [HUAFENG.url + record["path"], True] in [
        [href, meta.startswith(record["label"] + " · 华丰煤矿")] for href, meta in results
    ], results
    # and the portal's own record, on its own site
    page.goto(f"{base}search/?q={quote('公开测试')}")
    page.wait_for_selector(".gk-result__title")
    hrefs = page.eval_on_selector_all(".gk-result__title", "links => links.map(a => a.href)")
    assert f"{base}disclosures/jituan/" in hrefs
    page.close()


def _rewrite(folder: Path, records: bytes | None = None, **manifest_changes) -> None:
    """Replace an export's records.json and sign it as a member would (size and sha256 right)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if records is not None:
        (folder / "records.json").write_bytes(records)
        manifest["files"] = [
            {
                "path": "records.json",
                "size": len(records),
                "sha256": hashlib.sha256(records).hexdigest(),
            }
        ]
    manifest.update(manifest_changes)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _hostile_records(folder: Path, change) -> bytes:
    records = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    change(records["records"][0])
    return json.dumps(records, ensure_ascii=False).encode("utf-8")


def _resident_id() -> str:
    body = "37080219900307123"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def _break(case: str, folder: Path) -> str:
    """Break a copy of a member's export as `case` says; returns what the member page must say."""
    records = folder / "records.json"
    if case == "missing":
        shutil.rmtree(folder)
        return "找不到"
    if case == "truncated":
        records.write_bytes(records.read_bytes()[: records.stat().st_size // 2])
        return "不完整"
    if case == "checksum":
        content = bytearray(records.read_bytes())
        content[100] ^= 1
        records.write_bytes(bytes(content))
        return "校验值"
    if case == "unknown-version":
        _rewrite(folder, format=99)
        return "格式版本 99"
    if case == "not-json":
        (folder / "manifest.json").write_text("{format: 1, <html>", encoding="utf-8")
        return "manifest.json 的内容不合格式"
    if case == "hostile-path":
        _rewrite(folder, _hostile_records(folder, lambda r: r.update(path="javascript:alert(1)//")))
        return "的地址"
    if case == "hostile-id-number":
        _rewrite(
            folder, _hostile_records(folder, lambda r: r.update(summary="身份证 " + _resident_id()))
        )
        return "含有身份证号"
    if case == "hostile-link":
        records.unlink()
        os.symlink("/etc/hostname", records)
        size = Path("/etc/hostname").stat().st_size
        digest = hashlib.sha256(Path("/etc/hostname").read_bytes()).hexdigest()
        _rewrite(folder, files=[{"path": "records.json", "size": size, "sha256": digest}])
        return "找不到"
    if case == "hostile-file-name":
        _rewrite(
            folder, files=[{"path": "../../../../etc/hostname", "size": 10, "sha256": "0" * 64}]
        )
        return "manifest.json 的内容不合格式"
    raise AssertionError(case)


CASES = [
    "missing",
    "truncated",
    "checksum",
    "unknown-version",
    "not-json",
    "hostile-path",
    "hostile-id-number",
    "hostile-link",
    "hostile-file-name",
]


@pytest.fixture(scope="module")
def lone_portal(group, tmp_path_factory) -> Path:
    """A portal over one member whose export is a copy the tests break; built once while whole,
    so that it keeps that member's last good export."""
    out = tmp_path_factory.mktemp("lone")
    shutil.copytree(group / "huafeng" / "site" / "export", out / "export")
    data = write_data(out / "src", {"disclosures/jituan.yml": DISCLOSURE})
    portal = project(
        out / "portal", data, name="集团工会公开栏", url="http://g.local/", enterprise="集团"
    )
    portal_config(portal, [(HUAFENG, "../export/")])
    build(portal)
    assert (portal / ".gongkai" / "members" / "huafeng.json").is_file()
    return out


@pytest.mark.parametrize("case", CASES)
def test_a_broken_or_hostile_export_leaves_the_portal_built_with_the_member_marked(
    case, lone_portal, group
):
    folder = lone_portal / "export"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(group / "huafeng" / "site" / "export", folder)
    said = _break(case, folder)
    portal = lone_portal / "portal"
    build(portal)  # raises SystemExit on a failed build
    site = portal / "site"
    page = file_text(site / "members" / "huafeng" / "index.html")
    assert "数据未更新" in page and said in page, page[:3000]
    assert "数据日期：2026年11月25日" in page  # the last good export, and its day
    home = file_text(site / "index.html")
    assert "数据未更新" in home
    # its notices in their period are still on the board, from the last good export
    for record in running(exported(group, HUAFENG)):
        assert HUAFENG.url + record["path"] in home
    assert 'href="javascript:' not in portal_site_text(site, (".html",))
    assert "/etc/hostname" not in page or case == "hostile-link"


def test_a_member_never_read_well_is_marked_with_no_data(lone_portal):
    portal = lone_portal / "portal"
    shutil.rmtree(lone_portal / "export", ignore_errors=True)
    shutil.rmtree(portal / ".gongkai")
    build(portal)
    page = file_text(portal / "site" / "members" / "huafeng" / "index.html")
    assert "数据未更新" in page and "尚无数据" in page
    members = file_text(portal / "site" / "members" / "index.html")
    assert "有 1 个成员的数据未更新" in members


def test_a_hostile_but_valid_title_is_shown_as_text(lone_portal, group):
    folder = lone_portal / "export"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(group / "huafeng" / "site" / "export", folder)
    _rewrite(folder, _hostile_records(folder, lambda r: r.update(title="通知" + ALARM)))
    portal = lone_portal / "portal"
    build(portal)
    # pages escape it (read raw, not unescaped); the search's JSON holds it as data, which the
    # browser sets as text
    text = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (portal / "site").rglob("*")
        if path.suffix in (".html", ".xml")
    )
    assert ALARM not in text
    page = (portal / "site" / "members" / "huafeng" / "index.html").read_text(encoding="utf-8")
    assert "通知&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "数据未更新" not in page
    assert re.search(r"<script[^>]*>alert", text) is None


@pytest.mark.parametrize("path", ["", "members/", "members/huafeng/", "reports/2026/"])
def test_the_portals_pages_pass_axe_and_ask_nothing_of_another_site(group, browser, serve, path):
    """At 1280 px and on a 360 px phone in 长者模式: no serious violation, and every request the page
    makes stays on the portal (members' pages are links, never loaded)."""
    base = serve(group / "portal" / "site")
    for context in (browser.new_context(), phone(browser, elder=True)):
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request, asked=asked: asked.append(request.url))
        assert axe_violations(page, base + path) == []
        assert [url for url in asked if not url.startswith(base)] == []
        context.close()

"""gongkai.outputs.files: what is written beside the pages (CSV, media, assets) stays inside the site,
is linked percent-encoded, cannot run in Excel, and is lean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import (
    ALLOCATION,
    DAY,
    DISCLOSURE,
    EPOCH,
    ROOT,
    STORY,
    _project,
    copy_project,
    mkdocs_build,
    page_text,
    problems,
    site_text,
    write_data,
)


def test_served_assets_are_lean(demo_site):
    script = (demo_site / "assets" / "gongkai.js").read_text(encoding="utf-8")
    source = (ROOT / "theme_overrides" / "assets" / "gongkai.js").read_text(encoding="utf-8")
    assert len(script) < 0.75 * len(source) and "/*" not in script
    assert not (demo_site / "assets" / "javascripts" / "lunr").exists()
    assert 'action=""' not in (demo_site / "search" / "index.html").read_text(encoding="utf-8")


def test_data_media_as_a_link_to_etc_publishes_nothing(tmp_path):
    project = _project(tmp_path, {"stories/s.yml": STORY + "photo: passwd\n"})
    os.symlink("/etc", project / "data" / "media")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "data/media 是符号链接" in result.stderr
    assert not (tmp_path / "site").exists() or "root:" not in site_text(tmp_path / "site")


def test_dot_dot_paths_and_links_never_write_outside_the_site(tmp_path):
    """The attack that overwrote .ci/publish: a link in data/media and an attachment path with ..."""
    attachments = "attachments:\n  - {file: ../../.ci/publish}\n  - {file: repo/.ci/publish}\n"
    project = _project(tmp_path, {"disclosures/x.yml": DISCLOSURE + attachments})
    (project / ".ci").mkdir()
    (project / ".ci" / "publish").write_text("echo safe\n", encoding="utf-8")
    (project / "data" / "media").mkdir()
    os.symlink(project, project / "data" / "media" / "repo")
    result = mkdocs_build(project, tmp_path / "site")
    assert (
        result.returncode != 0
        and "不能含“..”" in result.stderr
        and "data/media/repo 是符号链接" in result.stderr
    )
    assert (project / ".ci" / "publish").read_text(encoding="utf-8") == "echo safe\n"


def test_every_output_path_is_checked_to_lie_inside_the_site(tmp_path):
    from gongkai.outputs.files import OutputError, inside_site

    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", site / "media")
    for rel in ("../x", "/etc/passwd", "a/../../x", "a\\..\\x", "a\x00b", "media/x.jpg"):
        with pytest.raises(OutputError):
            inside_site(site, rel)
    assert inside_site(site, "allocations/a.csv") == site / "allocations" / "a.csv"


def test_a_nul_byte_in_a_path_is_a_located_message(tmp_path):
    found = problems(tmp_path, {"stories/s.yml": STORY + 'photo: "photos/a\\0.jpg"\n'})
    assert found == [
        "data/stories/s.yml:6: 含有不可见的控制字符 U+0000，会让网页和订阅源出错：请删除它（常见于从网页、Word 或其他系统复制来的文字，可以删掉这段文字重新输入）"
    ]


def test_media_names_with_url_characters_are_linked_percent_encoded(tmp_path):
    from PIL import Image

    name = "photos/第1张 #2?%.png"
    data = write_data(tmp_path / "src", {"stories/s.yml": STORY + f'photo: "{name}"\n'})
    (data / "media" / "photos").mkdir(parents=True)
    Image.new("RGB", (4, 4), "red").save(data / "media" / name)
    project = copy_project(tmp_path / "project", data)
    assert mkdocs_build(project, tmp_path / "site", strict=True).returncode == 0
    page = (tmp_path / "site" / "stories" / "s" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../media/photos/%E7%AC%AC1%E5%BC%A0%20%232%3F%25.png"' in page
    assert (tmp_path / "site" / "media" / name).is_file()


# -- CSV formula injection --------------------------------------------------------------------


def test_csv_cells_that_excel_would_run_are_kept_as_text(tmp_path):
    rows = "  - {name: '=HYPERLINK(\"http://x\")', amount: 1800, note: '@SUM(A1)'}\n  - {name: '+1+1', amount: 1700.50, note: '-2'}\n"
    text = ALLOCATION.split("rows:")[0] + "rows:\n" + rows
    project = _project(tmp_path, {"allocations/a.yml": text})
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    raw = (tmp_path / "site" / "allocations" / "a.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in raw and "'@SUM(A1)" in raw and "'+1+1" in raw and ",'-2" in raw
    assert not any(line.startswith(("=", "+", "-", "@")) for line in raw.splitlines())


# -- smaller holes ------------------------------------------------------------------------------


def test_dirty_build_after_the_period_removes_the_named_csv(tmp_path):
    project = _project(tmp_path, {"allocations/a.yml": ALLOCATION})
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert (site / "allocations" / "a.csv").exists()
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(EPOCH) + 10 * DAY), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (site / "allocations" / "a.csv").exists()
    assert "王立新" not in page_text(site / "allocations" / "a" / "index.html")
    assert "王立新" not in site_text(site / "search")

"""gongkai.pages.generator: record text never passes through a page's front matter."""

from __future__ import annotations

from support import DISCLOSURE, _project, mkdocs_build


def test_record_text_never_passes_through_front_matter(tmp_path):
    """A title that would break a YAML front matter open is only text on its page."""
    title = "---\\ntemplate: main.html\\n<script>window.x=1</script>"
    project = _project(
        tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("title: 公开测试", f'title: "{title}"')}
    )
    assert mkdocs_build(project, tmp_path / "site", strict=True).returncode == 0
    page = (tmp_path / "site" / "disclosures" / "x" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.x" not in page and "&lt;script&gt;window.x=1" in page
    assert 'class="gk-record gk-notice"' in page  # still rendered by disclosure.html

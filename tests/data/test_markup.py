"""gongkai.data.markup: what Markdown may carry into a page is escaped or removed."""

from __future__ import annotations

import re

from support import _project, mkdocs_build, xss_files


def test_injected_markup_is_escaped_or_removed(tmp_path):
    project = _project(tmp_path, xss_files())
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-2000:]
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in text, path
        assert not re.search(r"<img[^>]*onerror", text), path
        assert not re.search(r"(href|src)=\"?javascript:", text), path
        assert "<iframe" not in text, path
    page = (site / "disclosures" / "xss" / "index.html").read_text(encoding="utf-8")
    assert "<title>注入测试 &lt;script&gt;" in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page  # shown as text, not dropped

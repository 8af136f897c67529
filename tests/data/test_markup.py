"""gongkai.data.markup: what Markdown may carry into a page is escaped or removed."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings, strategies as st
from support import ROOT, _project, mkdocs_build, xss_files

from gongkai.data.markup import MarkdownRenderer, plain_paragraphs


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


# -- plain prose, without Python-Markdown ---------------------------------------------------------

PROSE = "矿工会职工安全生产一二三，。、；：？！“”（）《》—…·ABCxyz0123456789 ().-:#=+>\n"
NEAR = "\\`*_[]<>&|!~\t\r\x0b\x0c\x1c\x02\x03\u3000\u00a0\u200b\u2028\ufeff"


def full_markdown(text: str):
    """What the renderer makes of a text by way of Python-Markdown and the sanitiser, always."""
    return MarkdownRenderer()._convert(text)


@settings(max_examples=600, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(PROSE), max_size=120)
    | st.text(alphabet=st.sampled_from(PROSE + NEAR), max_size=60)
    | st.text(max_size=40)
)
def test_plain_prose_renders_as_markdown_would(text):
    plain = plain_paragraphs(text)
    if plain is not None:
        assert ([], plain) == full_markdown(text)
    assert MarkdownRenderer().convert(text) == full_markdown(text)


def test_the_fast_way_takes_plain_prose_and_nothing_else():
    assert plain_paragraphs(
        "安全生产月活动圆满结束。\n共 1200 名职工参加(含外委队伍).\n\n第二段：2026-11-25"
    ) == (
        "<p>安全生产月活动圆满结束。\n共 1200 名职工参加(含外委队伍).</p>\n<p>第二段：2026-11-25</p>"
    )
    for text in [
        "1. 第一条",
        "- 一项",
        "# 标题",
        "> 引文",
        "甲\n===",
        "    代码",
        "**重点**",
        "a  \nb",
        "\u3000\u3000首行缩进",
        "甲|乙",
        "<b>粗</b>",
        "A&amp;B",
        "",
        "\n\n",
    ]:
        assert plain_paragraphs(text) is None, text


def test_the_demo_and_benchmark_texts_render_as_markdown_would(tmp_path):
    """Every Markdown field of the demo mine and of a few months of the benchmark's generated archive."""
    import yaml
    from generate import Writer

    archive = tmp_path / "data"
    Writer(archive, 200, 0.3, seed=3, today=date(2026, 11, 25)).run()
    texts = []
    for root in (ROOT / "data", archive):
        for path in root.rglob("*.yml"):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(record, dict):
                texts += [
                    v for k, v in record.items() if k in ("body", "summary") and isinstance(v, str)
                ]
    assert len(texts) > 80
    plain = 0
    for text in texts:
        fast = plain_paragraphs(text)
        plain += fast is not None
        assert MarkdownRenderer().convert(text) == full_markdown(text), text[:80]
    assert 0 < plain < len(texts)  # both ways are taken

"""gongkai.outputs.searchindex: what the search index holds, by kind, with cells and items apart."""

from __future__ import annotations

import json

from support import demo_records


def test_the_search_index_holds_proposals_under_their_own_kind(demo_site):
    folder = demo_site / "search" / "index"
    docs = [
        d
        for path in sorted((folder / "doc").glob("*.json"))
        for d in json.loads(path.read_text(encoding="utf-8"))
    ]
    found = [d for d in docs if d["u"].startswith("proposals/")]
    assert len(found) == len(demo_records("proposals")) and {d["k"] for d in found} == {
        "提案与合理化建议"
    }


def test_the_search_index_keeps_cells_and_items_apart_for_the_publishers_check():
    import json

    from gongkai.data.privacy import scan
    from gongkai.outputs.searchindex import plain

    text = plain(
        "<table><tr><td>139</td><td>5371</td></tr><tr><td>2345</td><td>1</td></tr></table>"
        "<ul><li>139</li><li>53712345</li></ul><p>第一行\n第二行</p>"
    )
    assert text == "139\n5371\n2345\n1\n139\n53712345\n第一行 第二行"
    assert scan(json.dumps({"x": text}, ensure_ascii=False)) == []  # the shard as publish reads it

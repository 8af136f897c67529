"""gongkai.outputs.searchindex: what the search index holds, by kind, with cells and items apart."""

from __future__ import annotations

import json

from support import demo_records, members_documents


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


def test_a_group_scale_index_says_its_common_terms_and_writes_larger_document_files(tmp_path):
    """A portal's index of 50,000 documents or more names its terms of more than one document in
    fifty, with their counts (the browser finds a word by its rarer terms), and keeps 32 documents
    a file; a site's own index says nothing of the kind, so its search is as it was."""
    from gongkai.outputs.searchindex import write_index

    counts = write_index([], tmp_path / "big", others=members_documents(50_000))
    meta = json.loads((tmp_path / "big" / "meta.json").read_text(encoding="utf-8"))
    assert meta["chunk"] == 32 and counts["docs"] == 50_000
    assert meta["common"]["职工"] == 50_000 and meta["common"]["代表"] == 12_500
    assert "疗养" not in meta["common"] and "通知" in meta["common"]
    # the title's characters are indexed, the text's only as bigrams
    shard_terms = set()
    for path in (tmp_path / "big" / "shard").glob("*.json"):
        shard_terms |= set(json.loads(path.read_text(encoding="utf-8")))
    assert "通" in shard_terms and "疗" not in shard_terms and "疗养" in shard_terms
    first = json.loads((tmp_path / "big" / "doc" / "0.json").read_text(encoding="utf-8"))
    assert len(first) == 32 and first[0]["t"] == "通知49999"  # the newest first
    write_index([], tmp_path / "small", others=members_documents(1_000))
    small = json.loads((tmp_path / "small" / "meta.json").read_text(encoding="utf-8"))
    assert "common" not in small and small["chunk"] == 8

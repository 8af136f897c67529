"""gongkai.outputs.export: the member export a group's portal reads (contract, "Added (2): the member
export and the group portal")."""

from __future__ import annotations

import hashlib
import json

from support import (
    ALLOCATION,
    DAY,
    EPOCH,
    copy_project,
    mkdocs_build,
    published,
    unpublished_titles,
    write_data,
)


def test_the_demo_exports_what_it_publishes_that_day_with_checksums(demo_site):
    folder = demo_site / "export"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 1 and manifest["day"] == "2026-11-25"
    assert manifest["site"] == "兴业煤矿厂务公开栏" and manifest["site_url"].startswith("http")
    for listed in manifest["files"]:
        content = (folder / listed["path"]).read_bytes()
        assert len(content) == listed["size"]
        assert hashlib.sha256(content).hexdigest() == listed["sha256"]
    exported = json.loads((folder / "records.json").read_text(encoding="utf-8"))["records"]
    kinds = ("disclosures", "allocations", "events", "stories", "proposals")
    assert manifest["counts"] == {k: len(published(k)) for k in sorted(kinds) if published(k)}
    assert {(r["kind"], r["id"]) for r in exported} == {(k, i) for k in kinds for i in published(k)}
    # no draft, no record waiting for its day
    hidden = unpublished_titles("disclosures")
    text = (folder / "records.json").read_text(encoding="utf-8")
    assert hidden and not any(title in text for title in hidden)
    for record in exported:  # each links to the member's own page, which exists
        assert (demo_site / record["path"] / "index.html").is_file(), record["path"]
    running = [r for r in exported if r.get("status", {}).get("code") == "running"]
    assert running and all(
        r["status"]["from"] <= "2026-11-25" <= r["status"]["to"] for r in running
    )


def test_no_name_of_a_table_is_exported_while_shown_or_after(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "src", {"allocations/a.yml": ALLOCATION})
    )
    # the demo's day, inside the period 11-20 to 11-27; and sixty days on
    for epoch in (EPOCH, str(int(EPOCH) + 60 * DAY)):
        site = tmp_path / f"site-{epoch}"
        result = mkdocs_build(project, site, epoch=epoch)
        assert result.returncode == 0, result.stderr[-2000:]
        exported = (site / "export" / "records.json").read_text(encoding="utf-8")
        assert "综采一队10月安全奖分配公示" in exported
        assert "王立新" not in exported and "赵红梅" not in exported, epoch
    # the page showed the names that day; the export never does
    assert "王立新" in (tmp_path / f"site-{EPOCH}" / "allocations" / "a" / "index.html").read_text(
        encoding="utf-8"
    )

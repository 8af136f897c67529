"""theme_overrides/: every template of the project renders with autoescape, whatever a record holds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest
from support import EPOCH, ROOT

from gongkai.site import THEME_FOLDER

HOSTILE = '<script>alert("gk")</script><img src=x onerror=alert(1)>'


SHORT = "<script>alert(2)</script>"  # names are short: a category's at most 30 characters


# what must never stand in a page as markup: the scripts and the handler as written
RAW = re.compile(r"<script>alert|<img src=x onerror", re.I)


def _hostile_data(dest: Path) -> None:
    """The demo's data with every title, every unit's, category's and session's name made hostile."""
    shutil.copytree(ROOT / "data", dest)
    for path in dest.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(
            r"^title: (.+)$",
            lambda m: f"title: '{HOSTILE}{m.group(1).strip(chr(34) + chr(39))}'",
            text,
            flags=re.M,
        )
        if path.name in ("units.yml", "sessions.yml"):
            text = re.sub(r"^  name: (.+)$", rf"  name: '{SHORT}\1'", text, flags=re.M)
        if path.name == "categories.yml":
            text = re.sub(r"name: ([^}]+)\}", rf"name: '{SHORT}\1'}}", text)
        path.write_text(text, encoding="utf-8")


def _hostile_member(root: Path) -> None:
    """Make the project a group's portal with one member whose export is valid and hostile: its
    titles and unit as the records' (the portal's pages, members.html and member.html, render them)."""
    import hashlib
    import json

    base = {
        "label": "公开事项",
        "date": "2026-11-20",
        "unit": "union",
        "summary": "摘要",
        "text": "正文",
    }
    records = [
        {
            **base,
            "kind": "disclosures",
            "id": "d1",
            "path": "disclosures/d1/",
            "title": HOSTILE + "公示",
            "unit_path": SHORT + " / 矿工会",
            "status": {
                "code": "running",
                "label": "公示中",
                "from": "2026-11-20",
                "to": "2026-11-30",
            },
            "opinions_due": ["2026-11-21"],
        },
        {
            **base,
            "kind": "proposals",
            "id": "p1",
            "path": "proposals/p1/",
            "title": HOSTILE + "提案",
            "unit_path": SHORT,
            "state": "handling",
            "state_label": "办理中",
            "due": "2026-11-01",
        },
    ]
    folder = root / "member-export"
    folder.mkdir()
    content = json.dumps({"records": records}, ensure_ascii=False).encode("utf-8")
    (folder / "records.json").write_bytes(content)
    listed = {
        "path": "records.json",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    manifest = {"format": 1, "site": SHORT, "site_url": "", "day": "2026-11-25", "files": [listed]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    member = '    members:\n      - {id: m1, name: "成员", url: "http://m1.local/", export: "member-export/"}\n'
    (root / "mkdocs.yml").write_text(
        config.replace("  gongkai:\n", "  gongkai:\n" + member, 1), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The project built in-process on hostile data, with the name of every template loaded."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("hostile")
    for name in ("mkdocs.yml", "content", "theme_overrides", "hooks"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    _hostile_data(root / "data")
    _hostile_member(root)
    loaded: set[str] = set()
    original = jinja2.Environment._load_template

    def recording(self, name, globals):
        loaded.add(name)
        return original(self, name, globals)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setattr(jinja2.Environment, "_load_template", recording)
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    return root, loaded


def test_every_template_of_the_project_is_rendered_on_hostile_data(hostile_build):
    root, loaded = hostile_build
    own = {
        p.relative_to(root / THEME_FOLDER).as_posix() for p in (root / THEME_FOLDER).rglob("*.html")
    }
    assert len(own) > 30 and own <= loaded


def test_no_page_carries_a_hostile_title_as_markup(hostile_build):
    root, _ = hostile_build
    pages = list((root / "site").rglob("*.html"))
    assert len(pages) > 150
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not RAW.search(text), page.relative_to(root / "site")
        shown += "&lt;script&gt;alert(&#34;gk&#34;)&lt;/script&gt;" in text
    assert shown > 100  # the titles and names are shown, escaped
    for name in ("disclosures", "allocations", "events", "stories", "proposals", "units"):
        index = (root / "site" / name / "index.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in index, name  # a unit's name
        if name != "units":
            assert "&lt;script&gt;alert(&#34;gk&#34;)&lt;/script&gt;" in index, name

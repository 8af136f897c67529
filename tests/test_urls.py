"""gongkai.urls: the table of addresses holds exactly what the contract promises readers."""

from __future__ import annotations

import re

import pytest
from support import ROOT

from gongkai import urls
from gongkai.kinds import KINDS

# CONTRACT.md, "Addresses" and "Added: …": every address readers bookmark, as written there
CONTRACT = {
    "/disclosures/<id>/": urls.url("record", kind="disclosures", id="<id>"),
    "/allocations/<id>/": urls.url("record", kind="allocations", id="<id>"),
    "/events/<id>/": urls.url("record", kind="events", id="<id>"),
    "/stories/<id>/": urls.url("record", kind="stories", id="<id>"),
    "/proposals/<id>/": urls.url("record", kind="proposals", id="<id>"),
    "/disclosures/": urls.url("kind", kind="disclosures"),
    "/allocations/": urls.url("kind", kind="allocations"),
    "/events/": urls.url("kind", kind="events"),
    "/stories/": urls.url("kind", kind="stories"),
    "/proposals/": urls.url("kind", kind="proposals"),
    "/units/<unit-id>/": urls.url("unit", id="<unit-id>"),
    "/allocations/<id>.csv": urls.url("record_csv", kind="allocations", id="<id>"),
    "/disclosures/<id>.csv": urls.url("record_csv", kind="disclosures", id="<id>"),
    "/feed.xml": urls.url("feed"),
    "/events.ics": urls.url("calendar"),
    "/sessions/<id>/": urls.url("session", id="<id>"),
    "/feedback/": urls.url("feedback"),
    "/reports/<year>/": urls.url("report", year="<year>"),
    "/": urls.url("home"),
    "/members/": urls.url("members"),  # a group's portal
    "/members/<id>/": urls.url("member", id="<id>"),
}


@pytest.mark.parametrize("promised", CONTRACT)
def test_the_table_gives_every_address_of_the_contract(promised):
    assert "/" + CONTRACT[promised] == promised


def test_every_kind_has_its_folder_in_the_addresses():
    assert {f"/{kind}/" for kind in KINDS} <= set(CONTRACT)


def test_links_are_encoded_and_files_are_saved_as_named():
    assert urls.url("media", file="2026/通知 #1.pdf") == "media/2026/%E9%80%9A%E7%9F%A5%20%231.pdf"
    assert urls.save_as("media", file="2026/通知 #1.pdf") == "media/2026/通知 #1.pdf"
    assert urls.series_page("units/zongcai1/", 1) == "units/zongcai1/"
    assert urls.series_page("units/zongcai1/", 3) == "units/zongcai1/3/"
    assert urls.address_of(urls.source("units/zongcai1/")) == "units/zongcai1/"


def test_no_template_spells_an_address_of_the_table():
    # what each address starts with, as a template would spell it: 'units/' ~ …, 'feed.xml' …
    starts = {pattern.split("{")[0] for pattern in urls.ADDRESSES.values()} - {""}
    starts |= {urls.url("kind", kind=kind) for kind in KINDS}
    spelt = re.compile("['\"](?:" + "|".join(map(re.escape, sorted(starts))) + ")")
    for template in (ROOT / "theme_overrides").rglob("*.html"):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            code = re.sub(r"\{#.*?#\}", "", line)
            for found in spelt.finditer(code):
                # include "partials/…" and assets are templates and theme files, not addresses
                assert code[found.start() + 1 :].startswith(("partials/", "assets/")), (
                    f"{template.relative_to(ROOT)}:{number}: {line.strip()}"
                )

"""gongkai.portal.exports: a member's export read from a folder or over http(s), as hostile input:
whatever its bytes, a portal gets either the member's records or the member marked, never an
exception, never a read outside the export, never a wait past its timeout."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from gongkai.portal.exports import read_member
from gongkai.settings import MemberOption, Settings

TODAY = date(2026, 11, 25)
RECORD = {
    "kind": "disclosures",
    "id": "d1",
    "path": "disclosures/d1/",
    "title": "职工食堂11月菜价公示",
    "label": "公开事项",
    "date": "2026-11-20",
    "unit": "union",
    "unit_path": "华丰煤矿 / 矿工会",
    "summary": "本月菜价。",
    "text": "本月菜价如下。",
    "status": {"code": "running", "label": "公示中", "from": "2026-11-20", "to": "2026-11-26"},
}


def export(folder: Path, records: bytes | None = None, **manifest) -> Path:
    """An export as a member writes it (records.json, then its manifest with size and sha256)."""
    folder.mkdir(parents=True, exist_ok=True)
    content = records if records is not None else json.dumps({"records": [RECORD]}).encode()
    (folder / "records.json").write_bytes(content)
    listed = {
        "path": "records.json",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    body = {"format": 1, "site": "华丰", "site_url": "", "day": "2026-11-25", "files": [listed]}
    (folder / "manifest.json").write_text(json.dumps({**body, **manifest}), encoding="utf-8")
    return folder


def settings_for(root: Path, source: str, **options) -> tuple[MemberOption, Settings]:
    option = MemberOption(
        id="huafeng", name="华丰煤矿", url="http://gk.huafeng.local/", export=source
    )
    values = {"member_timeout": 2, "member_max_mb": 1, **options}
    return option, Settings(
        root=root,
        data_dir=root / "data",
        site_dir=root / "site",
        members=(option,),
        members_cache=root / "cache",
        **values,
    )


def test_a_good_export_is_read_kept_and_linked_to_the_members_page(tmp_path):
    export(tmp_path / "export")
    option, settings = settings_for(tmp_path, "export/")
    member = read_member(option, settings, TODAY)
    assert not member.stale and member.day == TODAY
    assert [r["path"] for r in member.records] == ["disclosures/d1/"]
    assert (tmp_path / "cache" / "huafeng.json").is_file()
    # the next day its export is gone: the last good one, marked
    (tmp_path / "export" / "manifest.json").unlink()
    again = read_member(option, settings, TODAY)
    assert again.stale and again.day == TODAY and again.records == member.records
    assert "找不到" in again.problem


def test_an_old_export_is_shown_and_marked(tmp_path):
    export(tmp_path / "export", day="2026-11-20")
    option, settings = settings_for(tmp_path, "export/")
    member = read_member(option, settings, TODAY)
    assert member.records and member.stale and "2026-11-20" in member.problem


def test_an_export_dated_after_today_is_refused(tmp_path):
    export(tmp_path / "export", day="2027-01-01")
    option, settings = settings_for(tmp_path, "export/")
    member = read_member(option, settings, TODAY)
    assert member.stale and not member.records and "晚于今天" in member.problem


def test_a_file_larger_than_the_cap_is_never_read_whole(tmp_path):
    big = json.dumps({"records": [dict(RECORD, text="字" * 400_000)]}).encode()
    export(tmp_path / "export", big)
    option, settings = settings_for(tmp_path, "export/")
    member = read_member(option, settings, TODAY)
    assert member.stale and "上限" in member.problem


@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600) | st.text(max_size=300).map(str.encode))
def test_any_bytes_signed_as_records_give_records_or_a_marked_member(tmp_path, content):
    """A member's CI may publish anything, checksums right: the portal never raises on it."""
    folder = tmp_path / "any"
    export(folder, content)
    option, settings = settings_for(tmp_path, "any/")
    member = read_member(option, settings, TODAY)
    assert member.stale or all(r["path"].startswith(r["kind"] + "/") for r in member.records)


RECORD_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from(["disclosures", "proposals", "x", ""]),
        "id": st.text(max_size=12),
        "path": st.sampled_from(
            ["disclosures/d1/", "/etc/passwd", "javascript:alert(1)", "../x/", "https://evil/"]
        ),
        "title": st.text(max_size=40),
        "date": st.sampled_from(["2026-11-20", "2026-02-30", "", "x"]),
        "status": st.none()
        | st.dictionaries(st.sampled_from(["code", "from", "to"]), st.text(max_size=12)),
        "opinions_due": st.lists(st.text(max_size=10), max_size=3),
        "due": st.text(max_size=10),
    },
)


@hsettings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(RECORD_FIELDS, max_size=4))
def test_hostile_records_never_give_a_link_off_the_members_site(tmp_path, records):
    folder = tmp_path / "hostile"
    export(folder, json.dumps({"records": [{**RECORD, **r} for r in records]}).encode())
    option, settings = settings_for(tmp_path, "hostile/")
    member = read_member(option, settings, TODAY)
    for record in member.records:  # kept only when every field is what a gongkai site writes
        assert record["path"] == f"{record['kind']}/{record['id']}/"
        assert ".." not in record["path"] and ":" not in record["path"]


class _Export(http.server.SimpleHTTPRequestHandler):
    """Serves an export; /slow/ never answers in time, /redirect/ points at a file:// address."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/slow/"):
            time.sleep(3)
        if self.path.startswith("/drip/"):  # a byte every half second: each wait is short
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(20):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return
        if self.path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path):
    handler = lambda *args: _Export(*args, directory=str(tmp_path / "www"))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


def test_an_export_is_read_over_http(tmp_path, server):
    export(tmp_path / "www" / "export")
    option, settings = settings_for(tmp_path, server + "export/")
    member = read_member(option, settings, TODAY)
    assert not member.stale and member.records[0]["title"] == RECORD["title"]


def test_a_member_that_does_not_answer_in_time_is_marked_without_waiting_longer(tmp_path, server):
    export(tmp_path / "www" / "slow")
    option, settings = settings_for(tmp_path, server + "slow/", member_timeout=1)
    started = time.monotonic()
    member = read_member(option, settings, TODAY)
    assert member.stale and "超时" in member.problem
    assert time.monotonic() - started < 2.5


def test_a_redirect_off_http_is_not_followed(tmp_path, server):
    (tmp_path / "www" / "redirect").mkdir(parents=True)
    option, settings = settings_for(tmp_path, server + "redirect/")
    member = read_member(option, settings, TODAY)
    assert member.stale and not member.records


def test_an_address_that_answers_404_is_marked(tmp_path, server):
    (tmp_path / "www").mkdir()
    option, settings = settings_for(tmp_path, server + "nothing/")
    member = read_member(option, settings, TODAY)
    assert member.stale and "404" in member.problem


def test_a_member_that_sends_a_byte_now_and_then_is_cut_off_at_the_timeout(tmp_path, server):
    (tmp_path / "www" / "drip").mkdir(parents=True)
    option, settings = settings_for(tmp_path, server + "drip/", member_timeout=2)
    started = time.monotonic()
    member = read_member(option, settings, TODAY)
    assert member.stale and "超时" in member.problem
    assert time.monotonic() - started < 4


def test_every_kept_field_passes_the_privacy_guard_and_dates_are_possible(tmp_path):
    number = "11010519491231002X"  # a resident ID number
    changes = (
        {"state": "handling", "state_label": number},
        {"category": number},
        {"id": number, "path": f"disclosures/{number}/"},
    )
    for change in changes:
        export(tmp_path / "export", json.dumps({"records": [dict(RECORD, **change)]}).encode())
        option, settings = settings_for(tmp_path, "export/")
        member = read_member(option, settings, TODAY)
        assert member.stale and "含有身份证号" in member.problem and number not in member.problem
    export(tmp_path / "export", json.dumps({"records": [dict(RECORD, date="9999-12-31")]}).encode())
    member = read_member(option, settings, TODAY)
    assert member.stale and "不可能" in member.problem


def test_a_problem_never_repeats_what_the_export_wrote(tmp_path):
    planted = "<b>请拨打 13912345678</b>"
    export(tmp_path / "export", counts={planted: "x"})
    option, settings = settings_for(tmp_path, "export/")
    member = read_member(option, settings, TODAY)
    assert member.stale and "counts" in member.problem and planted not in member.problem
    export(tmp_path / "export", json.dumps({"records": [dict(RECORD, path=planted)]}).encode())
    member = read_member(option, settings, TODAY)
    assert member.stale and planted not in member.problem


def test_a_damaged_cache_shows_no_data_rather_than_failing(tmp_path):
    option, settings = settings_for(tmp_path, "missing/")
    (tmp_path / "cache").mkdir()
    for damaged in (
        '{"format": 1, "day": "2026-11-25", "records": null}',
        '{"format": 1, "day": "2026-11-25", "records": [{"kind": "disclosures"}]}',
        "not json",
    ):
        (tmp_path / "cache" / "huafeng.json").write_text(damaged, encoding="utf-8")
        member = read_member(option, settings, TODAY)
        assert member.stale and member.records == [] and member.day is None

"""The member export (contract, "Added (2): the member export and the group portal"): what the site
publishes today, for a group union's portal to read, in site_dir/export/.

    export/manifest.json   format, site, site_url, the build's day, counts by kind, and each file
                           with its size and sha256 (written last: a manifest names only files
                           that are whole)
    export/records.json    every published record as its page shows it that day

It is privacy-clean by construction: it is made from the published views (no draft, no record
waiting for its day), and a record's text is its search document's (outputs.searchindex.document),
which never holds a row of a list that its period withdraws, not even while the list is shown. A
portal may keep an export for days: what it keeps can hold no name that goes. `gongkai publish`
proves it as it proves the pages: its withheld-name scan reads every .json of a release.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from gongkai import urls
from gongkai.outputs.searchindex import document
from gongkai.outputs.withdraw import write_whole
from gongkai.pages.views import View
from gongkai.settings import REPLY_WORKING_DAYS

FORMAT = 1  # raised by any change a portal could misread
MANIFEST = "manifest.json"
RECORDS = "records.json"


def record_of(view: View, reply_days: int = REPLY_WORKING_DAYS) -> dict:
    """One record as the portal needs it: what it is, where its page is, its unit, its status
    that day, what may fall overdue after it (a proposal's deadline, the deadlines of its workers'
    unanswered opinions: a portal judges them on its own day) and its text for the portal's board,
    reports and search."""
    status = view.status
    out = {
        "kind": view.kind,
        "id": view.id,
        "path": view.url,
        "title": view.title,
        "label": view.kind_label,
        "date": view.date.isoformat(),
        "updated": view.last_change.isoformat(),
        "unit": view.record.unit,
        "unit_path": view.unit_path,
        "summary": view.summary,
        "text": document(view)["x"],
    }
    category = getattr(view.record, "category", None)
    if category:
        out["category"] = category
    if status is not None:
        out["status"] = {
            "code": status.code,
            "label": status.label,
            "from": status.start.isoformat() if status.start else None,
            "to": status.end.isoformat() if status.end else None,
        }
    overdue = getattr(view, "overdue_days", 0)
    if overdue:
        out["overdue_days"] = overdue
    state = getattr(view, "state", None)  # a proposal's stage
    if state is not None:
        out["state"], out["state_label"] = state, view.state_label
        if state == "handling" and view.due is not None and not view.due_estimated:
            out["due"] = view.due.isoformat()
    if view.takes_opinions:  # the first day each unanswered opinion is late
        due = sorted(
            o.due.isoformat() for o in view.opinions(reply_days) if o.pending and not o.estimated
        )
        if due:
            out["opinions_due"] = due
    return out


def write_export(
    views: Iterable[View],
    site_dir: Path,
    *,
    site: str,
    site_url: str,
    day: date,
    reply_days: int = REPLY_WORKING_DAYS,
) -> dict:
    """Write export/records.json and then export/manifest.json; returns the manifest."""
    records = sorted(
        (record_of(view, reply_days) for view in views),
        key=lambda r: (r["date"], r["kind"], r["id"]),
        reverse=True,
    )
    folder = site_dir / urls.save_as("export")
    folder.mkdir(parents=True, exist_ok=True)
    content = json.dumps({"records": records}, ensure_ascii=False, separators=(",", ":")).encode()
    write_whole(folder / RECORDS, content)
    manifest = {
        "format": FORMAT,
        "site": site,
        "site_url": site_url,
        "day": day.isoformat(),
        "counts": dict(sorted(Counter(r["kind"] for r in records).items())),
        "files": [
            {"path": RECORDS, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        ],
    }
    write_whole(
        folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    )
    return manifest

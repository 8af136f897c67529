"""The search index: every published record's text as Chinese bigrams and single characters, in shards.

A reader's browser downloads only the shards that hold the terms of its query and the few documents
it shows, so the first search costs a few hundred kilobytes however large the archive grows. Bigrams
find any substring of two or more characters, tails of compound words included (大会 in 职工代表大会),
without a dictionary; the browser checks each result's text for the exact words before showing it.
The query side is assets/gongkai.js: its normalisation, terms and hash must match this module's.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from array import array
from pathlib import Path
from typing import Iterable

from .views import View, zh_date, zh_month

FORMAT = 1
DOCS_PER_CHUNK = 8
POSTINGS_PER_SHARD = 12_000  # the number of shards grows with the index: a shard stays ~10-30 KB
KIND_CODES = {"disclosures": 0, "allocations": 1, "events": 2, "stories": 3}

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
_TAG = re.compile(r"<[^>]+>")


def normalize(text: str) -> str:
    """NFKC and lower case, as the browser does with the query (String.normalize('NFKC'))."""
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> set[str]:
    """Index terms of a normalised text: each CJK character and bigram, each ASCII word."""
    found: set[str] = set()
    for run in _CJK.findall(text):
        found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    found.update(_WORD.findall(text))
    return found


def fnv1a(term: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes; the browser computes the same to find a term's shard."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def plain(markup: str) -> str:
    """Text of sanitised HTML."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def document(view: View) -> dict:
    """What a search result shows and what its words are checked against."""
    record = view.record
    parts: list[str] = [view.kind_label, view.unit_path, view.summary, plain(str(view.body))]
    parts += record.tags
    if view.kind == "disclosures":
        parts += [view.category.name, record.contact or ""]
        parts += [f"{s['label']} {s['by'] or ''} {s['note'] or ''}" for s in view.stages]
        parts += [f"{f.summary} {f.reply or ''}" for f in record.feedback]
        parts += [a.title or "" for a in record.attachments]
    elif view.kind == "allocations":
        parts += [zh_month(record.month), view.allocation_kind, f"{view.total_text} 元", f"{view.headcount} 人"]
        parts += [" ".join(filter(None, (row.name, row.post, row.note))) for row in view.rows]
    elif view.kind == "events":
        parts += [view.event_kind, view.when, record.location or ""]
        parts += [f"{r.award} {r.winner}" for r in record.results]
        parts += [p.caption or "" for p in record.photos]
    else:
        parts.append(record.person)
        parts += [f"{h.name} {h.year or ''} {h.by or ''}" for h in record.honors]
    return {
        "u": view.url,
        "t": view.title,
        "k": view.kind_label,
        "n": view.unit.name,
        "d": zh_date(view.date),
        "x": " ".join(p for p in parts if p),
    }


def keywords(view: View) -> str:
    """The words a record is about, chosen by its editor: title, tags, and a story's person and
    honours. A query found in them ranks the record first (the low bit of a posting)."""
    record = view.record
    parts = [view.title, *record.tags]
    if view.kind == "stories":
        parts += [record.person, *(h.name for h in record.honors)]
    return " ".join(parts)


def write_index(views: Iterable[View], folder: Path) -> dict[str, int]:
    """Write folder/meta.json, folder/shard/<n>.json and folder/doc/<n>.json; returns counts."""
    ordered = sorted(views, key=lambda v: (-v.date.toordinal(), KIND_CODES[v.kind], v.id))
    postings: dict[str, array] = {}
    chunks: list[list[dict]] = []
    for number, view in enumerate(ordered):
        doc = document(view)
        key_terms = terms(normalize(keywords(view)))
        code = KIND_CODES[view.kind] << 1
        for term in terms(normalize(doc["t"] + " " + doc["x"])):
            entry = postings.get(term)
            if entry is None:
                entry = postings[term] = array("I")
            entry.append(number << 3 | code | (term in key_terms))
        if number % DOCS_PER_CHUNK == 0:
            chunks.append([])
        chunks[-1].append(doc)
    count = sum(len(p) for p in postings.values())
    shards = 16
    while shards * POSTINGS_PER_SHARD < count:
        shards *= 2
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for term in sorted(postings):
        values = postings[term]
        deltas = [values[0]] + [b - a for a, b in zip(values, values[1:])]
        buckets[fnv1a(term) & (shards - 1)][term] = deltas
    (folder / "shard").mkdir(parents=True, exist_ok=True)
    (folder / "doc").mkdir(parents=True, exist_ok=True)
    for number, bucket in enumerate(buckets):
        _write_json(folder / "shard" / f"{number}.json", bucket)
    for number, chunk in enumerate(chunks):
        _write_json(folder / "doc" / f"{number}.json", chunk)
    meta = {"format": FORMAT, "shards": shards, "docs": len(ordered), "chunk": DOCS_PER_CHUNK}
    _write_json(folder / "meta.json", meta)
    return {"docs": len(ordered), "terms": len(postings), "postings": count, "shards": shards}


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

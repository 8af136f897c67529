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
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from gongkai.kinds import KINDS
from gongkai.pages.views import View, zh_date

FORMAT = 2  # 2: three bits of kind in a posting (number << 4 | kind << 1 | title)
DOCS_PER_CHUNK = 8
# a group portal's hundreds of thousands of documents: fewer, larger files of documents (a query
# shows ten results: ten files either way, of 1 KB or of 4 KB gzipped)
LARGE_INDEX, LARGE_CHUNK = 50_000, 32
COMMON = 50  # on such an index, a term of more than one record in fifty is common (gongkai.js)
POSTINGS_PER_SHARD = 12_000  # the number of shards grows with the index: a shard stays ~10-30 KB
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}  # the kind filter of the search page

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(
    r"</(?:p|li|td|th|tr|h[1-6]|dd|dt|pre|blockquote|figcaption)>|<br\s*/?>", re.I
)


def normalize(text: str) -> str:
    """NFKC and lower case, as the browser does with the query (String.normalize('NFKC'))."""
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str, singles: bool = True) -> set[str]:
    """Index terms of a normalised text: each CJK character and bigram, each ASCII word; without
    the characters when `singles` is false (they only answer a query of one character)."""
    found: set[str] = set()
    for run in _CJK.findall(text):
        if singles:
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
    """Text of sanitised HTML: a block (paragraph, cell, item) on a line of its own, so that table
    cells and list items never run together into what reads as one number."""
    blocks = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\x00", markup))).split("\x00")
    return "\n".join(filter(None, (" ".join(block.split()) for block in blocks)))


def document(view: View) -> dict:
    """What a search result shows and what its words are checked against."""
    # The text a result's excerpt is cut from, the words a reader wrote first: a sentence of the
    # summary or the body where the query stands, never a row of metadata.
    body = plain(str(view.body))
    summary = view.summary.removesuffix("…")
    parts: list[str] = [] if summary in body else [view.summary]
    parts += [body, *view.search_parts(), *view.record.tags, view.unit_path, view.kind_label]
    return {
        "u": view.url,
        "t": view.title,
        "k": view.kind_label,
        "n": view.unit.name,
        "d": zh_date(view.date),
        "x": "\n".join(p for p in parts if p),
    }


def write_index(
    views: Iterable[View],
    folder: Path,
    synonyms: list[tuple[str, ...]] = (),
    others: Iterable[tuple[tuple, str, dict, str]] = (),
) -> dict[str, int]:
    """Write folder/meta.json (with the groups of words that mean the same, data/synonyms.py),
    folder/shard/<n>.json and folder/doc/<n>.json; returns counts. `others` are documents that
    are no view of this site (a group portal's members' records, portal.group): each as its place
    in the order, its kind, the document and the words that rank it first. Of those, only the
    title's single characters are indexed (a portal's hundreds of thousands of records: a query of
    one character finds them by their titles)."""
    entries = [
        ((-v.date.toordinal(), KIND_CODES[v.kind], v.id), v.kind, v, " ".join(v.keywords()))
        for v in views
    ]
    entries += others
    entries.sort(key=lambda entry: entry[0])
    per_chunk = DOCS_PER_CHUNK if len(entries) < LARGE_INDEX else LARGE_CHUNK
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    (folder / "shard").mkdir(parents=True, exist_ok=True)
    (folder / "doc").mkdir(parents=True, exist_ok=True)
    chunk: list[dict] = []
    for number, (_, kind, doc, keywords) in enumerate(entries):
        if isinstance(doc, View):
            doc = document(doc)
            found = terms(normalize(doc["t"] + " " + doc["x"]))
        else:  # made when written (a callable), or given
            doc = doc() if callable(doc) else doc
            found = terms(normalize(doc["t"])) | terms(normalize(doc["x"]), singles=False)
        key_terms = found & terms(normalize(keywords))
        posting = number << 4 | KIND_CODES[kind] << 1
        for term in found - key_terms:
            postings[term].append(posting)
        for term in key_terms:  # the title's, ranked first
            postings[term].append(posting | 1)
        chunk.append(doc)
        if len(chunk) == per_chunk or number == len(entries) - 1:  # written as it fills
            _write_json(folder / "doc" / f"{number // per_chunk}.json", chunk)
            chunk = []
    count = sum(len(p) for p in postings.values())
    shards = 16
    while shards * POSTINGS_PER_SHARD < count:
        shards *= 2
    names: list[list[str]] = [[] for _ in range(shards)]
    for term in postings:
        names[fnv1a(term) & (shards - 1)].append(term)
    for number, in_shard in enumerate(names):  # a shard's deltas made, written and let go
        bucket = {}
        for term in sorted(in_shard):
            values = postings[term]
            bucket[term] = [values[0]] + [b - a for a, b in pairwise(values)]
        _write_json(folder / "shard" / f"{number}.json", bucket)
    meta = {
        "format": FORMAT,
        "shards": shards,
        "docs": len(entries),
        "chunk": per_chunk,
        "syn": [list(group) for group in synonyms],
    }
    if len(entries) >= LARGE_INDEX:  # a group portal: the browser skips these where it can
        meta["common"] = {
            t: len(p) for t, p in sorted(postings.items()) if len(p) * COMMON > len(entries)
        }
    _write_json(folder / "meta.json", meta)
    return {"docs": len(entries), "terms": len(postings), "postings": count, "shards": shards}


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

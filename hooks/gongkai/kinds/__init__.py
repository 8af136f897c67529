"""The kinds of record, in the contract's order: what loading, pages, search, feeds, the editors'
schemas and the CLI iterate. A new kind is a module here and a line below."""

from __future__ import annotations

from gongkai.kinds.allocation import AllocationKind
from gongkai.kinds.base import Kind, Scaffold
from gongkai.kinds.disclosure import DisclosureKind
from gongkai.kinds.event import EventKind
from gongkai.kinds.proposal import ProposalKind
from gongkai.kinds.story import StoryKind

KINDS: dict[str, Kind] = {
    kind.folder: kind
    for kind in (DisclosureKind(), AllocationKind(), EventKind(), StoryKind(), ProposalKind())
}

__all__ = ["KINDS", "Kind", "Scaffold"]

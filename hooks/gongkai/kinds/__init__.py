"""The kinds of record, in the contract's order: what loading, pages, search, feeds, the editors'
schemas and the CLI iterate. A new kind is a module here and a line below."""

from __future__ import annotations

from .allocation import AllocationKind
from .base import Kind, Scaffold
from .disclosure import DisclosureKind
from .event import EventKind
from .proposal import ProposalKind
from .story import StoryKind

KINDS: dict[str, Kind] = {
    kind.folder: kind
    for kind in (DisclosureKind(), AllocationKind(), EventKind(), StoryKind(), ProposalKind())
}

__all__ = ["KINDS", "Kind", "Scaffold"]

"""The group portal's pages over its members' exports: /members/, /members/<id>/, the members'
part of the board at / and of the report /reports/<year>/, and the members' records for search.

A member's record is shown as a list item of the portal (templates' list_item) that links to the
member's own page: the portal renders no record page of a member. Statuses and overdue days are
judged on the portal's day from the dates the export gives, so a notice kept from an old export
is never shown 公示中 after its period.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai import urls
from gongkai.kinds import KINDS
from gongkai.outputs.searchindex import KIND_CODES
from gongkai.pages import listings
from gongkai.pages.listings import PageSpec, stamp_of
from gongkai.pages.views import Status, posting_status, zh_date
from gongkai.portal.exports import Member

NEWEST = 20  # a member's newest records on its page
MEMBERS = listings.Layout.named("members")
MEMBER = listings.Layout.named("member", hide=("navigation",))  # its tables: the page's width


@dataclass(frozen=True)
class _Period:
    start: date
    to: date
    estimated: bool = False


@dataclass(frozen=True)
class _Unit:
    name: str


_PUBLISHED = posting_status(None, date.min)  # 已公开: a disclosure without a period, any day


class MemberRecord:
    """A member's record as the portal's lists show it (the attributes list_item reads). Slotted and
    read from the kept record itself: a portal holds hundreds of thousands of them."""

    __slots__ = (
        "kept",
        "member",
        "date",
        "status",
        "due",
        "overdue",
        "overdue_days",
        "late_opinions",
    )
    pending = None
    filter_data = None

    def __init__(self, kept: dict, member: Member, today: date):
        self.kept = kept
        self.member = member.option
        self.date = date.fromisoformat(kept["date"])
        period = kept.get("period")
        self.status: Status | None = None
        if period:
            start, end = date.fromisoformat(period[0]), date.fromisoformat(period[1])
            self.status = posting_status(_Period(start, end), today)
        elif kept["kind"] == "disclosures":
            self.status = _PUBLISHED
        due = kept.get("due")
        self.due = date.fromisoformat(due) if due else None
        # a proposal past its deadline, opinions unanswered past their limit: as of the portal's day
        self.overdue = kept.get("state") == "handling" and self.due is not None and today > self.due
        self.overdue_days = (today - self.due).days if self.overdue else 0
        opinions = kept.get("opinions_due")
        self.late_opinions = (
            sum(1 for d in opinions if today >= date.fromisoformat(d)) if opinions else 0
        )

    kind = property(lambda self: self.kept["kind"])
    id = property(lambda self: self.kept["id"])
    title = property(lambda self: self.kept["title"])
    summary = property(lambda self: self.kept["summary"])
    text = property(lambda self: self.kept["text"])
    unit_path = property(lambda self: self.kept["unit_path"])
    category = property(lambda self: self.kept.get("category"))
    singular = property(lambda self: KINDS[self.kept["kind"]].name)
    badge = property(lambda self: KINDS[self.kept["kind"]].short)
    kind_label = property(lambda self: KINDS[self.kept["kind"]].label)
    due_estimated = False

    @property
    def url(self) -> str:
        """The record's page on the member's own site."""
        return self.member.url + self.kept["path"]

    @property
    def unit(self) -> _Unit:
        """The member's name before its unit's: which of forty mines a line is from."""
        return _Unit(f"{self.member.name} · {self.kept['unit_path'].rpartition(' / ')[2]}")

    @property
    def state(self) -> str:
        """A proposal's stage (list_item shows it); no other record has one."""
        try:
            return self.kept["state"]
        except KeyError:
            raise AttributeError("state") from None

    @property
    def state_label(self) -> str:
        return self.kept.get("state_label", "")

    @property
    def running(self) -> bool:
        return self.status is not None and self.status.code == "running"

    @property
    def stamp_key(self) -> tuple:
        """For a preview's page stamps (listings.stamp_of): its member's stamp covers the rest."""
        return (self.url,)


@dataclass
class MemberView:
    """One member with its records as of the portal's day."""

    member: Member
    records: list[MemberRecord]
    url: str = ""

    @property
    def option(self):
        return self.member.option

    @property
    def stamp_key(self) -> tuple:
        """What the member's pages show: its data as read (listings.stamp_of walks it)."""
        return stamp_of(self.member)

    @property
    def running(self) -> list[MemberRecord]:
        shown = [r for r in self.records if r.running]
        return sorted(shown, key=lambda r: (r.status.end, r.title))

    @property
    def overdue(self) -> list[MemberRecord]:
        """Proposals past their deadline and notices with opinions unanswered past the limit."""
        late = [r for r in self.records if r.overdue or r.late_opinions]
        return sorted(late, key=lambda r: (r.date, r.id))

    @property
    def counts(self) -> list[tuple[str, int]]:
        found = Counter(r.kind for r in self.records)
        return [(KINDS[k].label, found[k]) for k in KINDS if found[k]]

    @property
    def day_text(self) -> str:
        return zh_date(self.member.day) if self.member.day else "尚无数据"

    def figures(self, year: int) -> dict[str, int]:
        """A member's scorecard of a year: what it published, with periods, and what is late."""
        return _figures([r for r in self.records if r.date.year == year])

    def unit_figures(self, year: int) -> list[tuple[str, dict[str, int]]]:
        """The same figures for each of its units that published that year, most records first."""
        by_unit: dict[str, list[MemberRecord]] = {}
        for r in self.records:
            if r.date.year == year:
                by_unit.setdefault(r.unit_path.rpartition(" / ")[2], []).append(r)
        ranked = sorted(by_unit.items(), key=lambda item: (-len(item[1]), item[0]))
        return [(unit, _figures(records)) for unit, records in ranked]


def _figures(records: list[MemberRecord]) -> dict[str, int]:
    kinds = Counter(r.kind for r in records)
    return {  # short names: eight columns of a table
        **{KINDS[k].menu_label: kinds[k] for k in KINDS},
        "有公示期": sum(1 for r in records if r.status and r.status.start),
        "逾期提案": sum(1 for r in records if r.overdue),
        "逾期意见": sum(r.late_opinions for r in records),
    }


class Group:
    """The members of a portal as its pages show them."""

    def __init__(self, members: list[Member], today: date):
        self.today = today
        self.members = [
            MemberView(
                m,
                sorted(
                    (MemberRecord(kept, m, today) for kept in m.records),
                    key=lambda r: (r.date, r.kind, r.id),
                    reverse=True,
                ),
                urls.url("member", id=m.option.id),
            )
            for m in members
        ]

    @property
    def records(self) -> list[MemberRecord]:
        return [r for view in self.members for r in view.records]

    @property
    def stamp_key(self) -> tuple:
        return self.today, tuple(view.stamp_key for view in self.members)

    def years(self) -> set[int]:
        return {r.date.year for r in self.records}

    def board(self) -> dict[str, Any]:
        """The members' part of the home page: their notices in their period, what is overdue."""
        running = [r for view in self.members for r in view.running]
        running.sort(key=lambda r: (r.status.end, r.member.name, r.title))
        overdue = [r for view in self.members for r in view.overdue]
        overdue.sort(key=lambda r: (r.date, r.member.name, r.id))
        return {
            "running": running,
            "overdue": overdue,
            "stale": [view for view in self.members if view.member.stale],
            "members": self.members,
        }

    def report_rows(self, year: int) -> list[tuple[MemberView, dict[str, int]]]:
        """The group report's table: each member's figures of the year."""
        return [(view, view.figures(year)) for view in self.members]

    def specs(self) -> list[PageSpec]:
        """/members/ and a page for each member."""
        specs = [PageSpec(urls.url("members"), "成员单位", MEMBERS, lambda: self, in_nav=True)]
        for view in self.members:
            year = self.today.year
            shown = {
                "view": view,
                "newest": view.records[:NEWEST],
                "year": year,
                "figures": view.figures(year),
                "units": view.unit_figures(year),
            }
            specs.append(
                PageSpec(
                    view.url,
                    view.option.name,
                    MEMBER,
                    lambda shown=shown: shown,
                    tab=urls.url("members"),
                )
            )
        return specs

    def documents(self) -> list[tuple[tuple, str, Any, str]]:
        """The members' records for the portal's search (outputs.searchindex.write_index), each
        document made only when it is written (a portal holds hundreds of thousands)."""
        out = []
        for view in self.members:
            for r in view.records:
                order = (-r.date.toordinal(), KIND_CODES[r.kind], view.option.id, r.id)
                key = " ".join((r.title, r.category or ""))
                out.append((order, r.kind, functools.partial(_document, r), key))
        return out


def _document(r: MemberRecord) -> dict:
    """What a search result shows of a member's record, and its words: its summary, the words a
    reader sees first (the member's own site searches the whole text: at group scale each word
    indexed costs), and whose it is, as a site's own documents end with their unit and kind."""
    name = r.member.name
    parts = (r.summary or r.text, r.unit_path, "" if name in r.unit_path else name, r.kind_label)
    return {
        "u": r.url,
        "t": r.title,
        "k": r.kind_label,
        "n": r.unit_path,
        "m": name,
        "d": zh_date(r.date),
        "x": "\n".join(p for p in parts if p),
    }

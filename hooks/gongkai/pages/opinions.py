"""The opinions board (/feedback/): every worker's opinion on a notice and every accepted proposal
still waiting for its answer, the pending first with the days they have waited; an opinion is 逾期
after the enterprise's limit in working days, a proposal after its own deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai import urls
from gongkai.data.workdays import Calendar
from gongkai.pages.listings import Paged
from gongkai.pages.views import View
from gongkai.settings import REPLY_WORKING_DAYS

BOARD_PAGE = 100  # answered items on a page of the board; the pending ones all stand on its first


def deadline(calendar: Calendar, raised: date, working_days: int) -> tuple[date, bool]:
    """The first day an opinion raised on `raised` is overdue while unanswered, and whether it is
    an estimate (counted over a year the holiday calendar does not know: nothing is judged from it)."""
    return calendar.overdue_from(raised, working_days)


@dataclass
class Opinion:
    """One item of the board: an opinion on a notice, or a proposal awaiting its answer."""

    view: View  # the notice that carries the opinion, or the proposal
    raised: date  # the day it was raised (a proposal: the day it was accepted)
    text: str
    state: str  # pending | answered | rectifying | rectified
    state_label: str  # 待答复 / 已答复 … ; 办理中 for a proposal
    due: date  # the first day it is 逾期 while still pending
    estimated: bool  # due counted over a year the holiday calendar does not know: judges nothing
    replied: date | None = None
    reply: str = ""
    today: date | None = None
    is_proposal: bool = False  # a proposal awaiting its answer, not an opinion on a notice

    @property
    def pending(self) -> bool:
        """Not answered yet."""
        return self.state == "pending"

    @property
    def answer_by(self) -> date:
        """The last day to answer in time."""
        return self.due - timedelta(days=1)

    @property
    def waited(self) -> int:
        """Days waited so far, as of the build (the browser counts again)."""
        # an item dated after the build has not waited
        return max(0, (self.today - self.raised).days)

    @property
    def overdue(self) -> bool:
        """Pending past the limit, as of the build (never from an estimated limit)."""
        return self.pending and not self.estimated and self.today >= self.due

    @property
    def overdue_days(self) -> int:
        """Days past the last day to answer, as of the build (0 unless overdue)."""
        return (self.today - self.answer_by).days if self.overdue else 0

    @property
    def answered_in_time(self) -> bool | None:
        """Answered before it became overdue; None while unanswered, or when the limit is an estimate."""
        if self.replied is None or self.estimated:
            return None
        return self.replied < self.due

    @property
    def days_to_answer(self) -> int | None:
        """Calendar days from raised to answered."""
        return (self.replied - self.raised).days if self.replied else None


@dataclass
class Board(Paged):
    """One page of the opinions board."""

    # (label, value, anchor) on the first page
    counts: list[tuple[str, int, str]] = field(default_factory=list)
    pending: list[Opinion] = field(default_factory=list)
    handled: list[Opinion] = field(default_factory=list)
    working_days: int = REPLY_WORKING_DAYS
    page: int = 1
    pages: int = 1
    page_urls: list[str] = field(default_factory=list)
    # years the pending items' estimated limits reach
    unknown_years: list[int] = field(default_factory=list)

    @property
    def estimated(self) -> bool:
        """Whether some pending item's limit is an estimate (a year the holiday calendar does not know)."""
        return bool(self.unknown_years)

    @property
    def legend(self) -> list[tuple[str, str]]:
        """What each status of the board means."""
        return [
            ("待答复", "职工对公示提出的意见，还没有答复；写着已等待几天"),
            ("办理中", "已立案的职代会提案或合理化建议，承办单位正在办理，写着办理时限"),
            (
                "逾期",
                f"意见提出后超过 {self.working_days} 个工作日、提案超过办理时限，还没有答复；写明逾期几天",
            ),
            ("已答复", "已经答复，答复写在下面"),
            ("整改中", "答复说要整改，正在整改"),
            ("已整改", "整改已经完成"),
        ]


def build_board(published: dict[str, list[View]], working_days: int) -> list[Board]:
    """The board's pages: counts and every pending item on the first (oldest first, as a queue is
    read), then the answered ones, newest first, BOARD_PAGE a page."""
    items = [
        item
        for views in published.values()
        for view in views
        for item in view.opinions(working_days)
    ]
    pending = sorted((i for i in items if i.pending), key=lambda i: (i.raised, i.view.id))
    handled = sorted(
        (i for i in items if not i.pending),
        key=lambda i: (i.replied or i.raised, i.raised, i.view.id),
        reverse=True,
    )
    opinions = [i for i in items if not i.is_proposal]
    counts = [
        ("收到意见", len(opinions), "handled"),
        ("待答复", sum(1 for i in pending if not i.is_proposal), "pending"),
        ("待答复的提案", sum(1 for i in pending if i.is_proposal), "pending"),
        ("逾期", sum(1 for i in pending if i.overdue), "pending"),
        ("已答复", sum(1 for i in handled if i.state == "answered"), "handled"),
        ("整改中", sum(1 for i in handled if i.state == "rectifying"), "handled"),
        ("已整改", sum(1 for i in handled if i.state == "rectified"), "handled"),
        ("按时答复", sum(1 for i in opinions if i.answered_in_time), "handled"),
    ]
    chunks = [handled[i : i + BOARD_PAGE] for i in range(0, len(handled), BOARD_PAGE)] or [[]]
    addresses = [urls.series_page(urls.url("feedback"), n) for n in range(1, len(chunks) + 1)]
    calendar = next(iter(items)).view.ctx.archive.calendar if items else None
    unknown = sorted(
        {y for i in pending if i.estimated for y in calendar.unknown_years(i.raised, i.due)}
    )
    return [
        Board(
            counts if n == 1 else [],
            pending if n == 1 else [],
            chunk,
            working_days,
            n,
            len(chunks),
            addresses,
            unknown if n == 1 else [],
        )
        for n, chunk in enumerate(chunks, start=1)
    ]

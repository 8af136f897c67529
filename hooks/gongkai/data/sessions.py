"""The workers' congress (职代会): data/sessions.yml, its vote rule, and what a session's page shows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from gongkai import urls
from gongkai.data.schema import ID_PATTERN, LIST_LIMIT, Day, Schema, Text


class Resolution(Schema):
    """大会的一项决议."""

    title: Text = Field(
        min_length=1, max_length=200, title="议题", description="如 审议通过《2026年工资集体协议》"
    )
    votes_for: int = Field(alias="for", ge=0, le=100_000, title="赞成", description="赞成票数")
    against: int = Field(0, ge=0, le=100_000, title="反对", description="反对票数")
    abstain: int = Field(0, ge=0, le=100_000, title="弃权", description="弃权票数")
    passed: bool = Field(
        title="是否通过", description="true 为通过：赞成票须超过全体代表（应到代表）的半数"
    )


class Totals(Schema):
    """大会登记的提案总数（本站未逐件登记全部提案时）."""

    received: int = Field(ge=0, le=100_000, title="收到", description="收到的提案件数")
    accepted: int | None = Field(None, ge=0, le=100_000, title="立案", description="立案件数")
    merged: int | None = Field(None, ge=0, le=100_000, title="并案", description="并案处理的件数")
    referred: int | None = Field(
        None, ge=0, le=100_000, title="转为意见建议", description="转为意见建议的件数"
    )
    declined: int | None = Field(
        None, ge=0, le=100_000, title="不予立案", description="不予立案的件数"
    )

    @model_validator(mode="after")
    def _parts(self):
        parts = sum(n or 0 for n in (self.accepted, self.merged, self.referred, self.declined))
        if parts > self.received:
            raise PydanticCustomError(
                "gk_at:received",
                "立案、并案、转为意见建议和不予立案共 {parts} 件，多于收到的 {received} 件，请检查",
                {"parts": parts, "received": self.received},
            )
        return self

    @property
    def text(self) -> str:
        """大会共收到提案 41 件，立案 26 件，并案 9 件，转为意见建议 6 件."""
        parts = [
            f"{label} {n} 件"
            for label, n in (
                ("立案", self.accepted),
                ("并案", self.merged),
                ("转为意见建议", self.referred),
                ("不予立案", self.declined),
            )
            if n is not None
        ]
        return "，".join([f"大会共收到提案 {self.received} 件", *parts])


class Session(Schema):
    """一次职工代表大会."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        title="届次 id", description="小写字母、数字和连字符，如 11-1（十一届一次）"
    )
    name: Text = Field(min_length=1, max_length=60, title="名称", description="如 十一届一次职代会")
    date: Day = Field(title="开会日期", description="YYYY-MM-DD")
    delegates: int = Field(ge=1, le=100_000, title="应到代表", description="全体职工代表人数")
    present: int | None = Field(
        None,
        ge=0,
        le=100_000,
        title="实到代表",
        description="到会的职工代表人数，不超过应到代表；大会召开前可以不写，有表决结果时必填",
    )
    resolutions: list[Resolution] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="决议",
        description="大会表决的决议 {title, for, against, abstain, passed}",
    )
    totals: Totals | None = Field(
        None,
        title="提案总数",
        description="大会登记的提案总数 {received, accepted, merged, referred, declined}，本站没有逐件登记全部提案时填写",
    )
    note: Text | None = Field(None, title="说明", description="会议的简要说明")

    @model_validator(mode="after")
    def _votes(self):
        if self.present is None:
            if self.resolutions:
                raise PydanticCustomError(
                    "gk_at:present", "有表决结果（resolutions）时必须写实到代表人数 present", {}
                )
            return self
        if self.present > self.delegates:
            raise PydanticCustomError(
                "gk_at:present",
                "实到代表 {present} 人多于应到代表 {delegates} 人，请检查",
                {"present": self.present, "delegates": self.delegates},
            )
        for index, item in enumerate(self.resolutions):
            cast = item.votes_for + item.against + item.abstain
            if cast > self.present:
                raise PydanticCustomError(
                    f"gk_at:resolutions.{index}.for",
                    "“{title}”的赞成、反对、弃权共 {cast} 票，多于实到代表 {present} 人，请检查",
                    {"title": item.title, "cast": cast, "present": self.present},
                )
            if item.passed and item.votes_for * 2 <= self.delegates:
                raise PydanticCustomError(
                    f"gk_at:resolutions.{index}.passed",
                    "“{title}”赞成 {votes} 票，没有超过全体代表 {delegates} 人的半数，不能算通过（《企业民主管理规定》：须经全体职工代表的过半数通过）：请写 passed: false",
                    {"title": item.title, "votes": item.votes_for, "delegates": self.delegates},
                )
        return self


@dataclass
class SessionFigure:
    """A count on a session's page and the listing of the proposals behind it."""

    label: str
    slug: str
    views: list[Any]
    url: str

    @property
    def value(self) -> int:
        """How many."""
        return len(self.views)


def number_key(number: str) -> str:
    """A proposal's number as the one it is, whoever wrote it: full-width digits folded, and 5,
    05 and 第5号 the same. Duplicates, a register's import and the order of a session's proposals
    all go by it."""
    text = re.sub(r"^第\s*|\s*号$", "", unicodedata.normalize("NFKC", number).strip())
    return (text.lstrip("0") or "0") if text.isdigit() else text


def _by_number(proposal: Any) -> tuple:
    """Proposals in the order of their numbers, 9 before 10; numbers that are not digits after."""
    number = number_key(proposal.record.number or "")
    return (0, int(number), "", proposal.id) if number.isdigit() else (1, 0, number, proposal.id)


@dataclass
class SessionPage:
    """What /sessions/<id>/ shows: the session, its votes, and its proposals with their figures."""

    session: Session
    proposals: list[Any] = field(default_factory=list)  # its published proposals, newest first

    @property
    def url(self) -> str:
        """/sessions/<id>/."""
        return urls.url("session", id=self.session.id)

    @property
    def attendance(self) -> str:
        """The share of delegates present: 93.5% (empty before the session)."""
        present = self.session.present
        return "" if present is None else f"{present / self.session.delegates:.1%}"

    @property
    def resolutions(self) -> list[tuple[Resolution, str]]:
        """Each resolution with the share of all delegates who voted for it."""
        return [
            (item, f"{item.votes_for / self.session.delegates:.1%}")
            for item in self.session.resolutions
        ]

    @property
    def figures(self) -> list[SessionFigure]:
        """Received, accepted, answered, answered on time, satisfied: the figures inspectors read,
        each listed at /sessions/<id>/<slug>/."""
        proposals = self.proposals
        accepted = [
            p
            for p in proposals
            if p.record.review is not None and p.record.review.result == "accepted"
        ]
        answered = [p for p in accepted if p.record.answer is not None]
        satisfied = [
            p
            for p in answered
            if p.record.evaluation is not None and p.record.evaluation.result != "unsatisfied"
        ]
        rows = [
            ("收到提案", "received", proposals),
            ("立案", "accepted", accepted),
            ("已答复", "answered", answered),
            ("按时答复", "on-time", [p for p in answered if p.on_time]),
            ("满意或基本满意", "satisfied", satisfied),
        ]
        return [
            SessionFigure(
                label, slug, views, urls.url("session_figure", id=self.session.id, slug=slug)
            )
            for label, slug, views in rows
        ]

    @property
    def groups(self) -> list[tuple[str, list[Any]]]:
        """Its proposals by status, in the order of the contract's table."""
        order = (
            "handling",
            "waiting",
            "answered",
            "reviewing",
            "closed",
            "merged",
            "referred",
            "declined",
        )
        out = []
        for state in order:
            items = sorted((p for p in self.proposals if p.state == state), key=_by_number)
            if items:
                out.append((items[0].state_label, items))
        return out

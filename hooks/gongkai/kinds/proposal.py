"""提案与合理化建议: the proposal's schema and rules, its status (逾期 included), its page and index."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any

from markupsafe import Markup
from pydantic import AfterValidator, Discriminator, Field, PrivateAttr, Tag, model_validator
from pydantic_core import PydanticCustomError

from gongkai import urls
from gongkai.data.markup import first_paragraph
from gongkai.data.money import format_money
from gongkai.data.people import TableSource
from gongkai.data.schema import (
    LIST_LIMIT,
    TEXT_LIMIT,
    Day,
    Markdown,
    Money,
    Record,
    Schema,
    Text,
    choice_key,
    choices,
    lit,
)
from gongkai.data.sessions import SessionPage, number_key
from gongkai.kinds.base import Kind, Scaffold, estimate_notice
from gongkai.pages.listings import (
    LISTING,
    SESSION,
    SESSIONS,
    Filter,
    Listing,
    PageSpec,
    Section,
    by_month,
)
from gongkai.pages.opinions import Opinion
from gongkai.pages.views import View, zh_date

if TYPE_CHECKING:
    from gongkai.data.archive import Archive
    from gongkai.data.checking import RecordCheck
    from gongkai.data.workdays import Calendar
    from gongkai.pages.generator import Generator

PROPOSAL_TYPES = {"proposal": "职代会提案", "suggestion": "合理化建议"}
REVIEW_RESULTS = {
    "accepted": "立案",
    "merged": "并案",
    "referred": "转为意见建议",
    "declined": "不予立案",
}
ANSWER_RESULTS = {"solved": "已解决", "planned": "列入计划", "explained": "因条件限制暂缓解决"}
EVALUATIONS = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
# closed ones on /proposals/ (the newest of the last year); the rest in the archives
CLOSED_ON_INDEX = 100
OPEN = ("waiting", "handling", "answered", "reviewing")  # not yet closed: the index lists every one
STATUSES = {
    "waiting": "待审查",
    "declined": "不予立案",
    "merged": "已并案",
    "referred": "转为意见建议",
    "handling": "办理中",
    "answered": "已答复",
    "closed": "已办结",
    "reviewing": "复查中",
}

# what a reader should understand by each status (the index's legend)
MEANINGS = {
    "waiting": "已提出，等待提案审查委员会审查",
    "declined": "经审查不予立案，理由见提案页面",
    "merged": "内容与另一件提案相同，并入那一件一起办理",
    "referred": "不作为提案，转给有关单位作为意见建议处理",
    "handling": "已立案交办，承办单位正在办理；超过办理时限还没答复的标为“逾期”，并写明逾期几天",
    "answered": "承办单位已经答复，等待提案人评价",
    "closed": "提案人已评价，这件提案办完了",
    "reviewing": "提案人对答复不满意，承办单位正在重新办理",
}


class Review(Schema):
    """审查."""

    date: Day = Field(
        title="审查日期", description="提案审查委员会审查的日期，YYYY-MM-DD，不能早于提出日期"
    )
    result: lit(REVIEW_RESULTS) = Field(
        title="审查结果", description="审查结果：" + choices(REVIEW_RESULTS)
    )
    note: Text | None = Field(None, title="审查意见", description="审查意见或说明")
    merged_into: Text | None = Field(
        None, title="并入的提案", description="并案时必填：并入的那件提案的 id（文件名）"
    )

    @model_validator(mode="after")
    def _merged_needs_its_target(self):
        if self.result == "merged" and not self.merged_into:
            raise PydanticCustomError(
                "gk_at:merged_into",
                "审查结果为并案（merged）时，必须写 merged_into：并入的那件提案的 id",
                {},
            )
        if self.result != "merged" and self.merged_into:
            raise PydanticCustomError(
                "gk_at:merged_into",
                "只有审查结果为并案（merged）时才写 merged_into；审查结果是“{result}”，请删去 merged_into 或把结果改为 merged",
                {"result": REVIEW_RESULTS[self.result]},
            )
        return self


class DueInWorkingDays(Schema):
    """按工作日计算的办理时限."""

    working_days: int = Field(
        ge=1,
        le=30,
        title="办理工作日数",
        description="从审查日期起算的工作日数（1–30），跳过法定节假日",
    )


# A date, or {working_days: N}: the written form chooses which, so a mistake is told in the terms
# of the form the editor meant (tags starting with "~" stay out of the field's name in messages).
Due = Annotated[
    Annotated[Day, Tag("~date")] | Annotated[DueInWorkingDays, Tag("~days")],
    Discriminator(
        lambda value: "~days" if isinstance(value, (dict, DueInWorkingDays)) else "~date"
    ),
]


class Answer(Schema):
    """答复."""

    date: Day = Field(title="答复日期", description="承办单位答复的日期，YYYY-MM-DD")
    result: lit(ANSWER_RESULTS) = Field(
        title="答复结果", description="答复结果：" + choices(ANSWER_RESULTS)
    )
    text: Markdown | None = Field(None, title="答复内容", description="答复的内容，Markdown 格式")


class Evaluation(Schema):
    """提案人评价."""

    date: Day = Field(title="评价日期", description="提案人评价答复的日期，YYYY-MM-DD")
    result: lit(EVALUATIONS) = Field(
        title="评价", description="提案人对答复的评价：" + choices(EVALUATIONS)
    )
    note: Text | None = Field(None, title="评价说明", description="提案人的意见，如不满意的理由")


class Award(Schema):
    """奖励."""

    level: Text = Field(min_length=1, title="奖励等级", description="如 一等奖")
    amount: Money | None = Field(None, title="奖金", description="奖金（元）")
    by: Text | None = Field(None, title="授奖单位", description="如 煤业公司")
    date: Day | None = Field(None, title="奖励日期", description="YYYY-MM-DD")


def _one_name(value: str) -> str:
    """A proposer or a handler: one per item. 赵立军、孙志刚 written as one item would stand for one person."""
    parts = [part.strip() for part in re.split("[、，,；;]", value) if part.strip()]
    if len(parts) > 1:
        raise PydanticCustomError(
            "gk",
            "“{value}”是 {count} 项写在了一起：列表的每一项之间要用英文逗号分隔，写成 [{fixed}]",
            {"value": value, "count": len(parts), "fixed": ", ".join(parts)},
        )
    return value


OneName = Annotated[str, Field(min_length=1, max_length=TEXT_LIMIT), AfterValidator(_one_name)]


class Proposal(Record):
    """提案与合理化建议."""

    unit: Text = Field(
        title="提案单位", description="提出提案的单位或代表团的 id，须是 data/units.yml 中的一个"
    )
    date: Day = Field(
        title="提出日期",
        description="提出提案或建议的日期 YYYY-MM-DD；晚于今天的记录到那天才会发布",
    )
    type: lit(PROPOSAL_TYPES) = Field(title="类型", description="类型：" + choices(PROPOSAL_TYPES))
    session: Text | None = Field(
        None, title="届次", description="职代会提案必填：data/sessions.yml 中职代会的 id，如 11-1"
    )
    number: Text | None = Field(
        None, max_length=20, title="编号", description="提案编号，同一届职代会中不能重复，如 05"
    )
    proposers: list[OneName] = Field(
        min_length=1,
        max_length=LIST_LIMIT,
        title="提案人",
        description="提案人姓名列表，第一位是领衔人",
    )
    body: Markdown = Field(
        min_length=1, title="内容", description="提案或建议的内容，Markdown 格式"
    )
    review: Review | None = Field(
        None, title="审查", description="审查 {date, result, note, merged_into}"
    )
    handlers: list[OneName] = Field(
        default_factory=list,
        max_length=20,
        title="承办单位",
        description="承办单位的 id 列表，第一个是主办单位；立案后必填",
    )
    due: Due | None = Field(
        None,
        title="办理时限",
        description="办理时限：日期 YYYY-MM-DD，或 {working_days: N}（从审查日期起算的工作日数）；立案后必填",
    )
    answer: Answer | None = Field(None, title="答复", description="答复 {date, result, text}")
    evaluation: Evaluation | None = Field(
        None, title="提案人评价", description="提案人评价 {date, result}"
    )
    award: Award | None = Field(
        None, title="奖励", description="奖励 {level, amount, by, date}（合理化建议：一等奖……）"
    )
    benefit: Text | None = Field(None, title="效益", description="产生的经济或安全效益")
    # a deadline written in working days, for its page
    _due_working_days: int | None = PrivateAttr(None)
    # that deadline counted over a year the calendar does not know
    _due_estimated: bool = PrivateAttr(False)

    @model_validator(mode="after")
    def _in_order(self):
        if self.type == "proposal" and not self.session:
            raise PydanticCustomError(
                "gk_at:type",
                "职代会提案（proposal）必须写届次 session：data/sessions.yml 中职代会的 id",
                {},
            )
        if self.type == "suggestion" and self.session:
            raise PydanticCustomError(
                "gk_at:session",
                "合理化建议（suggestion）不属于职代会届次：请删去 session；若这是职代会提案，请把类型改为 proposal",
                {},
            )
        for index, handler in enumerate(self.handlers):
            if handler in self.handlers[:index]:
                raise PydanticCustomError(
                    f"gk_at:handlers.{index}",
                    "承办单位“{unit}”写了两次：请删去重复的一个",
                    {"unit": handler},
                )
        if isinstance(self.due, date) and self.review is not None and self.due < self.review.date:
            raise PydanticCustomError(
                "gk_at:due",
                "办理时限 {due} 早于审查日期 {review}：时限应在审查之后，请检查年份和月份",
                {"due": str(self.due), "review": str(self.review.date)},
            )
        steps = [
            ("date", self.date, "提出日期"),
            ("review.date", self.review and self.review.date, "审查日期"),
            ("answer.date", self.answer and self.answer.date, "答复日期"),
            ("evaluation.date", self.evaluation and self.evaluation.date, "评价日期"),
        ]
        last = None
        for key, day, label in steps:
            if day is None:
                continue
            if last is not None and day < last[1]:
                raise PydanticCustomError(
                    f"gk_at:{key}",
                    "{label} {day} 早于{before} {prev}：日期不能倒退（提出 ≤ 审查 ≤ 答复 ≤ 评价）",
                    {"label": label, "day": str(day), "before": last[2], "prev": str(last[1])},
                )
            last = (key, day, label)
        accepted = self.review is not None and self.review.result == "accepted"
        if self.answer is not None and self.review is None:
            raise PydanticCustomError(
                "gk_at:answer",
                "只有审查结果为立案（accepted）的提案才能有答复 answer：请先写审查 review",
                {},
            )
        if self.answer is not None and not accepted:
            raise PydanticCustomError(
                "gk_at:answer",
                "审查结果是“{result}”，这件提案没有立案，不能有答复 answer：请删去答复，或把审查结果改为立案（accepted）",
                {"result": REVIEW_RESULTS[self.review.result]},
            )
        if self.evaluation is not None and self.answer is None:
            raise PydanticCustomError(
                "gk_at:evaluation", "提案人评价 evaluation 要在答复 answer 之后：请先写答复", {}
            )
        if accepted and not self.handlers:
            raise PydanticCustomError(
                "gk_at:review.result", "立案的提案必须写承办单位 handlers（第一个为主办单位）", {}
            )
        if accepted and self.due is None:
            raise PydanticCustomError(
                "gk_at:review.result",
                "立案的提案必须写办理时限 due：日期，或 {working_days: N}",
                {},
            )
        return self


class ProposalView(View):
    """A proposal: where it stands, who handles it, by when, and what came of it."""

    def opinions(self, working_days: int) -> list[Opinion]:
        """Awaiting its answer, on the opinions board: with its own deadline (due), so that the
        board says 逾期 when its page does, the day after it, and not after working_days, which is
        the limit for an opinion."""
        if self.state != "handling":
            return []
        return [
            Opinion(
                self,
                self.record.review.date,
                self.title,
                "pending",
                "办理中",
                self.due + timedelta(days=1),
                self.due_estimated,
                today=self.ctx.today,
                is_proposal=True,
            )
        ]

    @cached_property
    def due(self) -> date | None:
        """The deadline as a date (working days counted while validating)."""
        return self.record.due if isinstance(self.record.due, date) else None

    @property
    def due_working_days(self) -> int | None:
        """The deadline's working days, when it was written so."""
        return self.record._due_working_days

    @property
    def due_estimated(self) -> bool:
        """Whether the deadline was counted over a year the holiday calendar does not know: shown
        as 暂定, and nothing is judged late or on time from it."""
        return self.record._due_estimated

    @property
    def proposers_label(self) -> str:
        """提案人, or 建议人 for a 合理化建议."""
        return "提案人" if self.record.type == "proposal" else "建议人"

    @property
    def type_label(self) -> str:
        """职代会提案 / 合理化建议."""
        return PROPOSAL_TYPES[self.record.type]

    @property
    def number_label(self) -> str:
        """第15号, as delegates name a proposal ("" without a number)."""
        number = number_key(self.record.number or "")
        return f"第{number}号" if number else ""

    @property
    def badge(self) -> str:
        """What a list shows beside the title: the type and the number (提案 第15号)."""
        kind = "提案" if self.record.type == "proposal" else "建议"
        return f"{kind} {self.number_label}" if self.number_label else kind

    @cached_property
    def state(self) -> str:
        """waiting, declined, merged, referred, handling, answered, closed or reviewing."""
        record = self.record
        if record.review is None:
            return "waiting"
        if record.review.result != "accepted":
            return record.review.result
        if record.answer is None:
            return "handling"
        if record.evaluation is None:
            return "answered"
        return "reviewing" if record.evaluation.result == "unsatisfied" else "closed"

    @property
    def state_label(self) -> str:
        """待审查 … 复查中."""
        return STATUSES[self.state]

    @cached_property
    def filter_data(self) -> dict[str, str]:
        """What /proposals/' filters choose by: status, type, session and lead unit."""
        record = self.record
        return {
            "state": self.state,
            "type": record.type,
            "session": record.session or "",
            "lead": record.handlers[0] if record.handlers else "",
        }

    @property
    def overdue(self) -> bool:
        """办理中 past its deadline, as of the build (the browser says it again on its day)."""
        return (
            self.state == "handling"
            and self.due is not None
            and not self.due_estimated
            and self.ctx.today > self.due
        )

    @property
    def overdue_days(self) -> int:
        """Days past the deadline, as of the build (0 unless overdue)."""
        return (self.ctx.today - self.due).days if self.overdue else 0

    @property
    def on_time(self) -> bool | None:
        """Answered by the deadline (None: not answered yet, or no deadline)."""
        if self.record.answer is None or self.due is None or self.due_estimated:
            return None
        return self.record.answer.date <= self.due

    @cached_property
    def handlers(self) -> list[Any]:
        """The handling units, the lead first."""
        units = self.ctx.archive.units
        return [units[h] for h in self.record.handlers if h in units]

    @cached_property
    def session(self) -> Any:
        """The congress the proposal was made to, or None."""
        return self.ctx.archive.sessions.get(self.record.session) if self.record.session else None

    @cached_property
    def merged_into(self) -> ProposalView | None:
        """The proposal this one was merged into, when it is published."""
        review = self.record.review
        if review is None or not review.merged_into:
            return None
        entry = self.ctx.archive.lookup(f"proposals/{review.merged_into}")
        return self.ctx.view(entry) if entry is not None and entry.published else None

    @property
    def answer_result_label(self) -> str:
        """已解决 / 列入计划 / 因条件限制暂缓解决."""
        return ANSWER_RESULTS[self.record.answer.result] if self.record.answer is not None else ""

    @property
    def feed_units(self) -> list[str]:
        """The proposing unit and every handling unit: a unit's feed carries what it handles."""
        return list(dict.fromkeys([self.record.unit, *self.record.handlers]))

    @cached_property
    def answer_html(self) -> Markup | None:
        """The answer's text, rendered and sanitised (while validating)."""
        return self.entry.rendered.get("answer.text")

    @cached_property
    def timeline(self) -> list[dict]:
        """提出 → 审查 → 交办 → 答复 → 评价, each step with its date and what happened."""
        record = self.record
        steps = [
            {
                "label": "提出",
                "date": record.date,
                "text": f"{'、'.join(record.proposers[:3])}{'等' if len(record.proposers) > 3 else ''}提出",
            }
        ]
        if record.review is not None:
            steps.append(
                {
                    "label": "审查",
                    "date": record.review.date,
                    "text": REVIEW_RESULTS[record.review.result]
                    + (f"：{record.review.note}" if record.review.note else ""),
                }
            )
            if record.review.result == "accepted":
                steps.append(
                    {
                        "label": "交办",
                        "date": record.review.date,
                        "text": f"主办：{self.handlers[0].name if self.handlers else ''}"
                        + (
                            f"；办理时限 {zh_date(self.due)}{'（暂定）' if self.due_estimated else ''}"
                            if self.due
                            else ""
                        ),
                    }
                )
        if record.answer is not None:
            steps.append(
                {
                    "label": "答复",
                    "date": record.answer.date,
                    "text": ANSWER_RESULTS[record.answer.result],
                }
            )
        if record.evaluation is not None:
            note = f"：{record.evaluation.note}" if record.evaluation.note else ""
            steps.append(
                {
                    "label": "评价",
                    "date": record.evaluation.date,
                    "text": EVALUATIONS[record.evaluation.result] + note,
                }
            )
        return steps

    @cached_property
    def summary(self) -> str:
        """Type, status and the body's first paragraph."""
        return f"{self.type_label}（{self.state_label}）：{first_paragraph(self.record.body, 90)}"

    @property
    def last_change(self) -> date:
        """The day of its latest step: a feed says when a proposal was answered or evaluated."""
        record = self.record
        days = [record.date] + [
            step.date
            for step in (record.review, record.answer, record.evaluation)
            if step is not None
        ]
        return max(days)

    def search_parts(self) -> list[str]:
        """Type, status, session, number, proposers, handlers, answer, award and benefit."""
        record = self.record
        parts = [
            self.type_label,
            self.state_label,
            self.session.name if self.session else "",
            record.number or "",
        ]
        parts += record.proposers + [unit.name for unit in self.handlers]
        if record.answer is not None:
            parts.append(ANSWER_RESULTS[record.answer.result])
            parts.append(str(self.answer_html or ""))
        if record.award is not None:
            parts.append(f"{record.award.level} {record.award.by or ''}")
        parts.append(record.benefit or "")
        return parts

    def keywords(self) -> list[str]:
        """Title and tags, and the proposers' names (提案人)."""
        return [*super().keywords(), *self.record.proposers]

    @property
    def award_text(self) -> str:
        """一等奖（煤业公司，奖金 5,000.00 元）."""
        award = self.record.award
        if award is None:
            return ""
        extra = [
            award.by or "",
            f"奖金 {format_money(award.amount)} 元" if award.amount is not None else "",
            zh_date(award.date) if award.date else "",
        ]
        extra = [part for part in extra if part]
        return award.level + (f"（{'，'.join(extra)}）" if extra else "")


class ProposalKind(Kind):
    """提案与合理化建议."""

    folder = "proposals"
    name = "proposal"
    label = "提案与合理化建议"
    menu = "提案与建议"
    short = "提案"
    aliases = ("提案", "合理化建议", "建议", "suggestion")
    schema = Proposal
    view = ProposalView
    markdown = ("body", "answer.text")
    persons = ("proposers.*",)
    legend = tuple((STATUSES[code], meaning) for code, meaning in MEANINGS.items())

    def references(self, data: dict) -> Iterator[tuple[tuple, str, str]]:
        """The unit, the session, the handling units and the proposal it was merged into."""
        yield from super().references(data)
        if isinstance(data.get("session"), str):
            yield ("session",), "session", data["session"]
        handlers = data.get("handlers")
        for index, unit in enumerate(handlers if isinstance(handlers, list) else []):
            if isinstance(unit, str):
                yield ("handlers", index), "unit", unit
        review = data.get("review")
        if (
            isinstance(review, dict)
            and choice_key(REVIEW_RESULTS, review.get("result")) == "merged"
            and isinstance(review.get("merged_into"), str)
        ):
            yield ("review", "merged_into"), "proposal", review["merged_into"]

    def check_record(self, check: RecordCheck, record: Record, table: TableSource) -> None:
        """A proposal is not merged into itself; a number is unique within its session (checked
        once every proposal is read)."""
        review = record.review
        if review is not None and review.merged_into == check.id:
            check.at(
                ("review", "merged_into"),
                "并案不能并入自己：merged_into 应写另一件提案的 id（文件名）",
            )
        if record.number:
            number = number_key(record.number)
            if record.session:
                check.claim(
                    "proposal-number",
                    f"{record.session}/{number}",
                    check.doc.line(("number",)),
                    f"提案编号“{record.number}”在 {record.session} 届次中重复：同一届职代会的提案编号不能相同，另一件是",
                )
            elif record.type == "suggestion":
                check.claim(
                    "suggestion-number",
                    f"{record.date.year}/{number}",
                    check.doc.line(("number",)),
                    f"合理化建议编号“{record.number}”在 {record.date.year} 年中重复：同一年的合理化建议编号不能相同，另一件是",
                )

    def resolve(self, record: Record, calendar: Calendar) -> list[tuple[tuple, str]]:
        """A deadline given in working days becomes a date, counted from the review's date as a
        period is from its first day (the review's day counts when it is a working day); estimated,
        and marked so, over a year the holiday calendar does not know."""
        if isinstance(record.due, DueInWorkingDays):
            start = record.review.date if record.review is not None else record.date
            record._due_working_days = record.due.working_days
            record.due, record._due_estimated = calendar.add_working_days(
                start, record.due.working_days
            )
        return []

    def estimates(self, record: Record, calendar: Calendar) -> list[tuple[tuple, str, list[int]]]:
        """A deadline in working days counted over a year the holiday calendar does not know."""
        if not record._due_estimated:
            return []
        start = record.review.date if record.review is not None else record.date
        years = calendar.unknown_years(start, record.due)
        return [
            (
                ("due", "working_days"),
                estimate_notice("办理时限", record._due_working_days, record.due, years),
                years,
            )
        ]

    def index_sections(self, views: list[View]) -> list[Section]:
        """Every open one (overdue first, then by deadline), then those closed in the last year by
        month: what the filters choose from; older ones are in the yearly archives and sessions."""
        open_ = [v for v in views if v.state in OPEN]
        open_.sort(key=lambda v: (not v.overdue, v.due or date.max, v.id))
        since = views[0].ctx.today - timedelta(days=365) if views else date.min
        rest = [v for v in views if v.state not in OPEN and v.last_change >= since]
        newest = {
            id(v) for v in sorted(rest, key=lambda v: v.last_change, reverse=True)[:CLOSED_ON_INDEX]
        }
        # still newest first by date, as by_month groups them
        rest = [v for v in rest if id(v) in newest]
        return ([Section("未办结", open_, "open")] if open_ else []) + by_month(rest)

    def index_intro(self, views: list[View]) -> str:
        return (
            f"未办结的提案和建议全部列出；已办结的列出近一年内最新的 {CLOSED_ON_INDEX} 件以内，"
            "更早的请按年份或到“职代会”各届次中查看。"
        )

    def index_filters(self, archive: Archive, sections: list[Section]) -> list[Filter]:
        """By status (逾期 included), type, session and lead unit: the choices its items hold."""
        shown = [v for section in sections for v in section.items]
        sessions = {v.record.session for v in shown if v.record.session}
        leads = {v.record.handlers[0] for v in shown if v.record.handlers}
        states = []
        for code, label in STATUSES.items():
            if any(v.state == code for v in shown):
                states.append((code, label))
                # 逾期: 办理中 past its deadline, as the browser sees it today
                if code == "handling":
                    states.append(("overdue", "逾期"))
        return [
            Filter("state", "状态", tuple(states)),
            Filter(
                "type",
                "类型",
                tuple(
                    (code, label)
                    for code, label in PROPOSAL_TYPES.items()
                    if any(v.record.type == code for v in shown)
                ),
            ),
            Filter(
                "session",
                "届次",
                tuple(
                    (s.id, s.name)
                    for s in sorted(archive.sessions.values(), key=lambda s: s.date, reverse=True)
                    if s.id in sessions
                ),
            ),
            Filter(
                "lead",
                "主办单位",
                tuple((u.id, u.name) for u in archive.units.values() if u.id in leads),
            ),
        ]

    def pages(self, generator: Generator) -> list[PageSpec]:
        """/sessions/, a page for each session, and the listing behind each of its figures."""
        archive = generator.archive
        proposals = generator.published[self.folder]
        by_session: dict[str, list[View]] = {}
        for view in proposals:
            if view.record.session:
                by_session.setdefault(view.record.session, []).append(view)
        sessions = sorted(archive.sessions.values(), key=lambda s: (s.date, s.id), reverse=True)
        pages = [SessionPage(s, by_session.get(s.id, [])) for s in sessions]
        specs = [PageSpec(urls.url("sessions"), "职代会", SESSIONS, lambda: pages, in_nav=True)]
        for page in pages:
            session = page.session
            specs.append(
                PageSpec(
                    page.url, session.name, SESSION, lambda p=page: p, tab=urls.url("sessions")
                )
            )
            for figure in page.figures:
                if not figure.views:
                    continue
                listing = Listing(f"{session.name}·{figure.label}", sections=by_month(figure.views))
                listing.intro = f"共 {figure.value} 件。"
                listing.links, listing.links_title = (
                    [(session.name, page.url, 0)],
                    "返回",
                )
                specs.append(
                    PageSpec(
                        figure.url,
                        listing.title,
                        LISTING,
                        lambda shown=listing: shown,
                        tab=urls.url("sessions"),
                    )
                )
        return specs

    def scaffold(self, new: Scaffold) -> str:
        """A proposal to the newest session (a 合理化建议 when there is none yet), to be reviewed."""
        head = self.head(self.label, new).replace("# 发布单位，", "# 提出提案的单位或代表团，")
        if new.session:
            kind = (
                f"type: proposal   # 类型：proposal（职代会提案）、suggestion（合理化建议，不写 session）\n"
                f"session: {new.session}   # 届次：data/sessions.yml 中职代会的 id\n"
                '# number: "01"   # 提案编号（同一届中不能重复）\n'
            )
        else:
            kind = (
                "type: suggestion   # 类型：suggestion（合理化建议）；职代会提案写 proposal，并写届次 session\n"
                "# session: 11-1   # 职代会提案必填：data/sessions.yml 中职代会的 id\n"
            )
        return (
            head
            + kind
            + (
                "proposers: [请填写领衔人姓名]   # 提案人，第一位是领衔人\n"
                "body: |   # 内容：案由和建议，Markdown 格式\n"
                "  请在这里填写案由和建议。\n"
                "# 提案审查委员会审查后填写：\n"
                f"# review: {{date: {new.day.isoformat()}, result: accepted}}   # 结果：accepted（立案）、merged（并案，加 merged_into）、referred（转为意见建议）、declined（不予立案）\n"
                "# handlers: [laozi]   # 承办单位（data/units.yml 中的 id），第一个是主办单位；立案后必填\n"
                "# due: {working_days: 20}   # 办理时限：日期，或从审查日期起的工作日数（算到明年时请直接写日期）；立案后必填\n"
                "# 承办单位答复后填写：\n"
                "# answer: {date: YYYY-MM-DD, result: solved, text: 答复的内容}   # 结果：solved（已解决）、planned（列入计划）、explained（因条件限制暂缓解决）\n"
                "# evaluation: {date: YYYY-MM-DD, result: satisfied}   # 提案人评价：satisfied（满意）、basically（基本满意）、unsatisfied（不满意）\n"
            )
        )

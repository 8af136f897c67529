"""公开事项: the disclosure's schema, its view, its category pages and its template."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from gongkai import urls
from gongkai.data.markup import first_paragraph
from gongkai.data.money import format_money
from gongkai.data.people import (
    MAX_ROWS,
    ON_LINE,
    PRIVACY,
    ROSTER_ROWS,
    Column,
    RosterRow,
    Shown,
    TableSource,
    is_masked,
    mask_name,
    remask,
    show,
    unmasked_reason,
)
from gongkai.data.schema import (
    LIST_LIMIT,
    Day,
    DocNumber,
    Markdown,
    Money,
    Period,
    Record,
    Ref,
    Schema,
    Text,
    choices,
    lit,
)
from gongkai.data.withheld import name_of
from gongkai.kinds.base import Kind, Scaffold
from gongkai.pages.charts import bar_chart
from gongkai.pages.listings import LISTING, Listing, PageSpec, by_month, paginate
from gongkai.pages.opinions import Opinion, deadline
from gongkai.pages.views import View

if TYPE_CHECKING:
    from gongkai.data.archive import Archive
    from gongkai.data.checking import RecordCheck
    from gongkai.pages.generator import Generator

STAGES = {
    "proposed": "提出",
    "reviewed": "审查",
    "published": "公开",
    "supervised": "监督",
    "feedback": "反馈",
    "rectified": "整改",
}
FEEDBACK_STATUSES = {
    "pending": "待答复",
    "answered": "已答复",
    "rectifying": "整改中",
    "rectified": "已整改",
}


class Stage(Schema):
    """办理过程的一步."""

    stage: lit(STAGES) = Field(
        title="环节", description="办理环节：" + choices(STAGES) + "，按此顺序"
    )
    date: Day = Field(title="日期", description="该环节的日期，YYYY-MM-DD，不能早于上一环节")
    by: Text | None = Field(None, title="办理人/单位", description="谁办理了这一环节")
    note: Text | None = Field(None, title="说明", description="该环节的简要说明")


class Feedback(Schema):
    """一条职工意见及其答复."""

    date: Day = Field(title="提出日期", description="职工提出意见的日期，YYYY-MM-DD")
    summary: Text = Field(
        min_length=1, title="意见摘要", description="意见内容摘要（不写提出人姓名和联系方式）"
    )
    reply: Text | None = Field(None, title="答复", description="对意见的答复")
    replied: Day | None = Field(
        None, title="答复日期", description="答复日期，YYYY-MM-DD，不能早于提出日期"
    )
    status: lit(FEEDBACK_STATUSES) | None = Field(
        None,
        title="状态",
        description="处理状态："
        + choices(FEEDBACK_STATUSES)
        + "；不写时有答复或答复日期为已答复，否则为待答复",
    )

    @model_validator(mode="after")
    def _replied_after(self):
        if self.replied and self.replied < self.date:
            raise PydanticCustomError(
                "gk_at:replied",
                "答复日期 {replied} 早于意见提出日期 {date}",
                {"replied": str(self.replied), "date": str(self.date)},
            )
        if self.status is None:
            # a reply date alone says it was answered (by word of mouth, at a meeting)
            self.status = "answered" if self.reply or self.replied else "pending"
        return self


class Attachment(Schema):
    """附件."""

    file: Text = Field(
        min_length=1,
        title="文件",
        description="data/media 下的文件路径，如 attachments/2026/zhidaihui.pdf",
    )
    title: Text | None = Field(
        None, title="附件名称", description="读者看到的附件名称；不写则用文件名"
    )


class Roster(Schema):
    """名单：本事项公开的人员名单及其公开方式."""

    privacy: lit(PRIVACY) = Field(
        "withdrawn",
        title="名单公开方式",
        description="名单公开方式：withdrawn（公示期内公开姓名，期满撤下，默认）、masked（姓名打码公示，期满撤下）、public（姓名长期公开，如表彰、选举结果）",
    )
    rows: list[RosterRow] | None = Field(
        None,
        max_length=MAX_ROWS,
        title="名单",
        description="名单的每一行 {name, unit, item, amount, rank, note}；也可以放在同名 .csv 文件中（二者只能选一）",
    )
    total: Money | None = Field(
        None, title="合计", description="金额合计（元），须等于各行金额之和，精确到分"
    )


class Disclosure(Record):
    """公开事项."""

    category: Text = Field(
        title="公开类别", description="公开类别的 id，须是 data/categories.yml 中的一个"
    )
    body: Markdown = Field(min_length=1, title="正文", description="正文，Markdown 格式")
    summary: Text | None = Field(
        None, title="摘要", description="一两句话的摘要（纯文字）；不写则取正文第一段"
    )
    period: Period | None = Field(
        None,
        title="公示期",
        description="公示期 {from: 开始日期, to: 截止日期}；from 不写则为发布日期",
    )
    contact: Text | None = Field(
        None, title="监督/意见受理", description="意见受理方式；唯一允许写电话号码的字段"
    )
    doc_number: DocNumber | None = Field(
        None, title="文号", description="发文字号，1–40 个字，如 兴矿工发〔2026〕12号"
    )
    stages: list[Stage] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="办理过程",
        description="办理过程：提出→审查→公开→监督→反馈→整改",
    )
    feedback: list[Feedback] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="职工意见与答复",
        description="职工意见与答复的列表",
    )
    attachments: list[Attachment] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="附件",
        description="附件列表，文件放在 data/media 下",
    )
    related: list[Ref] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="相关",
        description="相关记录，写成 类型/id，如 allocations/2026-10-zongcai1-bonus",
    )
    roster: Roster | None = Field(
        None,
        title="名单",
        description="本事项公开的人员名单（困难救助、疗养、助学、评先评优、选举结果等）及其公开方式",
    )

    @model_validator(mode="after")
    def _stages_in_order(self):
        order = list(STAGES)
        for index, (before, after) in enumerate(pairwise(self.stages), start=1):
            if order.index(after.stage) < order.index(before.stage):
                raise PydanticCustomError(
                    f"gk_at:stages.{index}.stage",
                    "办理环节“{after}”不能排在“{before}”之后，顺序应为 提出→审查→公开→监督→反馈→整改",
                    {"after": STAGES[after.stage], "before": STAGES[before.stage]},
                )
            if after.date < before.date:
                raise PydanticCustomError(
                    f"gk_at:stages.{index}.date",
                    "办理环节“{after}”的日期 {date} 早于上一环节的日期 {prev}，日期不能倒退",
                    {
                        "after": STAGES[after.stage],
                        "date": str(after.date),
                        "prev": str(before.date),
                    },
                )
        return self


class DisclosureView(View):
    """A disclosure as its page and lists see it."""

    has_period = True

    def opinions(self, working_days: int) -> list[Opinion]:
        """Its workers' opinions, each answered within working_days or 逾期."""
        calendar = self.ctx.archive.calendar
        out = []
        for item in self.record.feedback:
            due, estimated = deadline(calendar, item.date, working_days)
            out.append(
                Opinion(
                    self,
                    item.date,
                    item.summary,
                    item.status,
                    FEEDBACK_STATUSES[item.status],
                    due,
                    estimated,
                    item.replied,
                    item.reply or "",
                    self.ctx.today,
                )
            )
        return out

    @cached_property
    def category(self) -> Any:
        """The disclosure's category."""
        return self.ctx.archive.categories.get(self.record.category)

    @property
    def badge(self) -> str:
        """The category's name."""
        return self.category.name

    @cached_property
    def summary(self) -> str:
        """The given summary, or the body's first paragraph."""
        return self.record.summary or first_paragraph(self.record.body)

    @property
    def stages(self) -> list[dict]:
        """The 办理过程 timeline with Chinese stage names."""
        return [
            {"label": STAGES[s.stage], "code": s.stage, "date": s.date, "by": s.by, "note": s.note}
            for s in self.record.stages
        ]

    @property
    def feedback(self) -> list[dict]:
        """职工意见与答复 with Chinese status names and days to answer."""
        out = []
        for item in self.record.feedback:
            days = (item.replied - item.date).days if item.replied else None
            out.append({"item": item, "label": FEEDBACK_STATUSES[item.status], "days": days})
        return out

    @property
    def media(self) -> list[str]:
        """The attachments' files."""
        return [a.file for a in self.record.attachments]

    # the roster (名单) -----------------------------------------------------------------------

    @property
    def roster(self) -> Any:
        """The roster as written (its rows gone once withdrawn), or None."""
        return self.record.roster

    @property
    def roster_privacy(self) -> str:
        """withdrawn, masked or public."""
        return ROSTER_ROWS.privacy(self.record)

    @property
    def roster_privacy_label(self) -> str:
        """How the list is published, in words."""
        return PRIVACY[self.roster_privacy]

    @property
    def roster_public(self) -> bool:
        """Whether the names are on the page today (a public list always, the others in their period)."""
        return self.roster is not None and self.people_public

    @property
    def roster_rows(self) -> list:
        """The rows while they may be shown."""
        return ROSTER_ROWS.rows(self.record) if self.roster_public else []

    @property
    def headcount(self) -> int:
        """How many people the list holds, also once its names are withdrawn."""
        return self.entry.headcount

    @property
    def roster_total(self) -> Any:
        """合计: the one written, or the sum of the amounts; None without amounts."""
        return (
            self.roster.total
            if self.roster is not None and self.roster.total is not None
            else self.entry.table_total
        )

    @cached_property
    def table(self) -> Shown | None:
        """The list as the page shows it, with only the columns some row fills; 名次 as 第 1 名."""
        rows = self.roster_rows
        if not rows:
            return None
        ranked = any(row.rank for row in rows)
        columns = [Column("no", "名次" if ranked else "序号", **ON_LINE)]
        columns += [Column("name", "姓名", **ON_LINE)]
        columns += [Column("unit", "单位")] if any(row.unit for row in rows) else []
        columns += [Column("item", "项目")] if any(row.item for row in rows) else []
        amounts = any(row.amount is not None for row in rows)
        columns += [Column("amount", "金额（元）", beneath=False, numeric=True)] if amounts else []
        columns += [Column("note", "备注")] if any(row.note for row in rows) else []
        keys = [column.key for column in columns]
        units = self.ctx.archive.units

        def cells(row: RosterRow, number: int) -> list[str]:
            values = {
                "no": (f"第 {row.rank} 名" if row.rank else "") if ranked else str(number),
                "name": row.name,
                "unit": units[row.unit].name if row.unit in units else (row.unit or ""),
                "item": row.item or "",
                "amount": "" if row.amount is None else format_money(row.amount),
                "note": row.note or "",
            }
            return [values[key] for key in keys]

        footer = None
        if amounts:
            footer = ["合计", f"{self.headcount} 人"] + ["" for _ in keys[2:]]
            footer[keys.index("amount")] = format_money(self.roster_total)
        ordered = (
            sorted(rows, key=lambda row: (row.rank is None, row.rank or 0)) if ranked else rows
        )
        return show("名单", columns, ordered, cells, footer)

    @property
    def csv_url(self) -> str | None:
        """The list as CSV, contract address /disclosures/<id>.csv."""
        if self.roster is None:
            return None
        return urls.url("record_csv", kind=self.kind, id=self.id)

    @property
    def csv_offered(self) -> bool:
        """Whether /disclosures/<id>.csv is offered today."""
        return ROSTER_ROWS.offers_csv(self.record, self.ctx.today)

    def render_csv(self) -> bytes | None:
        """The list as CSV while its period runs (a public list without a period: always)."""
        rows = self.roster_rows
        if not self.csv_offered:
            return None

        units = self.ctx.archive.units

        def cells(row: RosterRow) -> list[str]:  # as the page shows it: a unit by its name
            amount = "" if row.amount is None else f"{row.amount:.2f}"
            unit = units[row.unit].name if row.unit in units else (row.unit or "")
            return [
                row.name,
                unit,
                row.item or "",
                amount,
                "" if row.rank is None else str(row.rank),
                row.note or "",
            ]

        total = self.roster_total
        return ROSTER_ROWS.render_csv(
            rows,
            cells,
            [
                "合计",
                "",
                "",
                "" if total is None else f"{total:.2f}",
                "",
                f"共 {self.headcount} 人",
            ],
        )

    def search_parts(self) -> list[str]:
        """Category, contact, stages, opinions, attachment titles and a public list (honours,
        election results). A list that its period withdraws is never in the search index: its
        names stand on its page and in its CSV only, the two files its withdrawal replaces."""
        record = self.record
        parts = [self.category.name, self.contact, record.doc_number or ""]
        parts += [f"{s['label']} {s['by'] or ''} {s['note'] or ''}" for s in self.stages]
        parts += [f"{f.summary} {f.reply or ''}" for f in record.feedback]
        parts += [a.title or "" for a in record.attachments]
        if self.roster_privacy == "public":
            parts += [
                " ".join(filter(None, (row.name, row.item, row.note))) for row in self.roster_rows
            ]
        return parts


class DisclosureKind(Kind):
    """公开事项."""

    folder = "disclosures"
    name = "disclosure"
    takes_opinions = True
    label = "公开事项"
    short = "公开"
    aliases = ("公开",)
    schema = Disclosure
    view = DisclosureView
    people = ROSTER_ROWS

    def check(self, check: RecordCheck, data: dict) -> None:
        """A roster's total, when it gives one, is the sum of its rows' amounts."""
        roster = data.get("roster")
        if isinstance(roster, dict) and roster.get("total") is not None:
            self.people.check_sum(check, data, ("roster", "total"))

    def check_record(self, check: RecordCheck, record: Record, table: TableSource) -> None:
        """A roster's rules (contract: name lists in disclosures), each problem on its row's line."""
        roster = record.roster
        if roster is None:
            return
        if roster.rows is None and table.path is None:
            check.at(("roster",), f"缺少名单：请写 roster.rows，或在同一文件夹放入 {check.id}.csv")
            return
        if roster.rows is None:
            return  # its CSV could not be read: the reasons are told on its lines
        if not roster.rows:
            if table.path:
                check.add(1, "名单为空，至少需要一行", where=table.path)
            else:
                check.at(("roster", "rows"), "名单为空，至少需要一行")
            return
        here = ("roster", "rows")
        self.people.refuse_total_rows(check, roster.rows, table)
        written = check.doc.value.get("roster") or {}
        privacy_loc = ("roster", "privacy") if "privacy" in written else ("roster",)
        if roster.privacy != "public" and record.period is None:
            check.at(
                privacy_loc,
                f"名单公开方式为“{roster.privacy}”（{PRIVACY[roster.privacy]}），必须有公示期 period，期满后姓名自动撤下；"
                "长期公开的名单（如表彰、选举结果）请写 privacy: public",
            )
        if record.category == "aid" and roster.privacy != "masked":
            check.at(
                privacy_loc,
                "困难帮扶（aid）的名单只能打码公示：请写 privacy: masked，姓名写成 张*明 的样子（个人信息保护法：困难、疾病情况属于敏感个人信息）",
            )
        ranks: dict[int, int] = {}
        for index, row in enumerate(roster.rows):
            where, line = table.place(index, check.rel, check.doc, here)
            if roster.privacy == "masked" and not is_masked(row.name):
                starred = any(ch in "*＊" for ch in row.name)
                shown = (
                    remask(row.name)
                    if starred and is_masked(remask(row.name))
                    else mask_name(name_of(row.name))
                )  # 王　明 is 王明: 王*
                check.add(
                    line,
                    f"名单打码公示（masked），这一行的姓名{unmasked_reason(row.name)}：请改写成 {shown} 的样子"
                    "（最多显示两个字，两个字不能挨着，其余用 * 代替，如 张*明、韩*、欧**华）；用 gongkai import --roster --mask 导入会自动打码",
                    where=where,
                )
            if record.category == "aid" and row.note:
                check.add(
                    line,
                    "困难帮扶名单不能写备注：不得公开病情、家庭情况等个人信息，请删去这一行的备注（note）",
                    where=where,
                )
            if row.rank is not None:
                if row.rank in ranks:
                    check.add(
                        line,
                        f"名次 {row.rank} 与第 {ranks[row.rank]} 行重复：同一名单中名次不能重复",
                        where=where,
                    )
                ranks.setdefault(row.rank, index + 1)
            if row.unit is not None:
                check.refer(line, "unit", row.unit, "「单位」", where=where)

    def references(self, data: dict) -> Iterator[tuple[tuple, str, str]]:
        """The base references and the category."""
        yield from super().references(data)
        if isinstance(data.get("category"), str):
            yield ("category",), "category", data["category"]

    def media_in(self, data: dict) -> Iterator[tuple[tuple, str, str]]:
        """The attachments."""
        items = data.get("attachments")
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("file"), str):
                yield ("attachments", index, "file"), item["file"], "attachment"

    def month_chart(self, archive: Archive, year: int, views: list[View]) -> Any:
        """Disclosures per month, stacked by category."""
        groups = {c.id: c.name for c in archive.categories.values()}
        counts = {group: [0] * 12 for group in groups}
        for view in views:
            counts[view.record.category][view.date.month - 1] += 1
        months = [f"{m}月" for m in range(1, 13)]
        return bar_chart(
            f"{year}年各月公开事项（按类别）",
            f"{year}年每月发布的公开事项条数，按类别分色",
            months,
            [(groups[g], counts[g]) for g in groups],
        )

    def pages(self, generator: Generator) -> list[PageSpec]:
        """A listing per category, /categories/<id>/."""
        specs = []
        disclosures = generator.published[self.folder]
        for category in generator.archive.categories.values():
            views = [v for v in disclosures if v.record.category == category.id]

            def build(chunk, page, pages, addresses, category=category, count=len(views)):
                listing = Listing(
                    f"{category.name}类公开事项",
                    kind=self.folder,
                    sections=by_month(chunk),
                    page=page,
                    pages=pages,
                    page_urls=addresses,
                )
                listing.intro = f"公开类别“{category.name}”共 {count} 条。"
                return listing

            for address, listing in paginate(urls.url("category", id=category.id), views, build):
                specs.append(
                    PageSpec(
                        address,
                        listing.title,
                        LISTING,
                        lambda shown=listing: shown,
                        tab=urls.url("kind", kind=self.folder),
                    )
                )
        return specs

    def category_links(self, archive: Archive, views: list[View]) -> list[tuple[str, str, int]]:
        """按类别查看 on the kind's index."""
        counts = Counter(v.record.category for v in views)
        return [
            (c.name, urls.url("category", id=c.id), counts[c.id])
            for c in archive.categories.values()
        ]

    def scaffold(self, new: Scaffold) -> str:
        """A disclosure with a week's posting period and its first stage."""
        day = new.day
        period = f"period: {{from: {day.isoformat()}, to: {(day + timedelta(days=7)).isoformat()}}}"
        return self.head(self.label, new) + (
            f"category: {new.category}   # 公开类别，data/categories.yml 中的 id\n"
            f"{period}   # 公示期（含首尾两天）；不需要公示期的事项删掉这一行\n"
            "contact: 请填写受理意见的单位和电话   # 监督/意见受理方式，唯一可以写电话号码的字段\n"
            "# summary: 一两句话的摘要（可不写，默认取正文第一段）\n"
            "stages:   # 办理过程，按 " + "→".join(STAGES.values()) + " 的顺序，日期不能倒退\n"
            f"  - {{stage: proposed, date: {day.isoformat()}, by: 请填写申报单位}}\n"
            "body: |   # 正文，Markdown 格式；每行前面空两格\n"
            "  请在这里填写公开内容。\n"
        )

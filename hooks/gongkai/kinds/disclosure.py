"""公开事项: the disclosure's schema, its view, its category pages and its template."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator, Optional

from markupsafe import Markup
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..charts import bar_chart
from ..listings import Listing, PageSpec, by_month, depends_of, paginate
from ..markup import first_paragraph
from ..schema import LIST_LIMIT, Markdown, Day, Period, Record, Ref, Schema, Text, choices, lit
from ..views import View, phone_links
from .base import Kind, Scaffold

if TYPE_CHECKING:
    from ..load import Archive
    from ..pages import Generator

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

    stage: lit(STAGES) = Field(title="环节", description="办理环节：" + choices(STAGES) + "，按此顺序")
    date: Day = Field(title="日期", description="该环节的日期，YYYY-MM-DD，不能早于上一环节")
    by: Optional[Text] = Field(None, title="办理人/单位", description="谁办理了这一环节")
    note: Optional[Text] = Field(None, title="说明", description="该环节的简要说明")


class Feedback(Schema):
    """一条职工意见及其答复."""

    date: Day = Field(title="提出日期", description="职工提出意见的日期，YYYY-MM-DD")
    summary: Text = Field(min_length=1, title="意见摘要", description="意见内容摘要（不写提出人姓名和联系方式）")
    reply: Optional[Text] = Field(None, title="答复", description="对意见的答复")
    replied: Optional[Day] = Field(None, title="答复日期", description="答复日期，YYYY-MM-DD，不能早于提出日期")
    status: Optional[lit(FEEDBACK_STATUSES)] = Field(
        None, title="状态", description="处理状态：" + choices(FEEDBACK_STATUSES) + "；不写时有答复为已答复，否则为待答复"
    )

    @model_validator(mode="after")
    def _replied_after(self):
        if self.replied and self.replied < self.date:
            raise PydanticCustomError(
                "gk_at:replied", "答复日期 {replied} 早于意见提出日期 {date}", {"replied": str(self.replied), "date": str(self.date)}
            )
        if self.status is None:
            self.status = "answered" if self.reply else "pending"
        return self


class Attachment(Schema):
    """附件."""

    file: Text = Field(min_length=1, title="文件", description="data/media 下的文件路径，如 attachments/2026/zhidaihui.pdf")
    title: Optional[Text] = Field(None, title="附件名称", description="读者看到的附件名称；不写则用文件名")


class Disclosure(Record):
    """公开事项."""

    category: Text = Field(title="公开类别", description="公开类别的 id，须是 data/categories.yml 中的一个")
    body: Markdown = Field(min_length=1, title="正文", description="正文，Markdown 格式")
    summary: Optional[Text] = Field(None, title="摘要", description="一两句话的摘要（纯文字）；不写则取正文第一段")
    period: Optional[Period] = Field(None, title="公示期", description="公示期 {from: 开始日期, to: 截止日期}；from 不写则为发布日期")
    contact: Optional[Text] = Field(None, title="监督/意见受理", description="意见受理方式；唯一允许写电话号码的字段")
    stages: list[Stage] = Field(default_factory=list, max_length=LIST_LIMIT, title="办理过程", description="办理过程：提出→审查→公开→监督→反馈→整改")
    feedback: list[Feedback] = Field(default_factory=list, max_length=LIST_LIMIT, title="职工意见与答复", description="职工意见与答复的列表")
    attachments: list[Attachment] = Field(default_factory=list, max_length=LIST_LIMIT, title="附件", description="附件列表，文件放在 data/media 下")
    related: list[Ref] = Field(default_factory=list, max_length=LIST_LIMIT, title="相关", description="相关记录，写成 类型/id，如 allocations/2026-10-zongcai1-bonus")

    @model_validator(mode="after")
    def _stages_in_order(self):
        order = list(STAGES)
        for index, (before, after) in enumerate(zip(self.stages, self.stages[1:]), start=1):
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
                    {"after": STAGES[after.stage], "date": str(after.date), "prev": str(before.date)},
                )
        return self


class DisclosureView(View):
    """A disclosure as its page and lists see it."""

    has_period = True

    @cached_property
    def category(self) -> Any:
        """The disclosure's category."""
        return self.ctx.archive.categories.get(self.record.category)

    @property
    def badge(self) -> str:
        """The category's name."""
        return self.category.name

    @cached_property
    def contact_html(self) -> Markup:
        """监督/意见受理 with its phone numbers as links a phone can call (tel:)."""
        return phone_links(self.record.contact or "")

    @cached_property
    def summary(self) -> str:
        """The given summary, or the body's first paragraph."""
        return self.record.summary or first_paragraph(self.record.body)

    @property
    def stages(self) -> list[dict]:
        """The 办理过程 timeline with Chinese stage names."""
        return [{"label": STAGES[s.stage], "code": s.stage, "date": s.date, "by": s.by, "note": s.note} for s in self.record.stages]

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

    def search_parts(self) -> list[str]:
        """Category, contact, stages, opinions and attachment titles."""
        record = self.record
        parts = [self.category.name, record.contact or ""]
        parts += [f"{s['label']} {s['by'] or ''} {s['note'] or ''}" for s in self.stages]
        parts += [f"{f.summary} {f.reply or ''}" for f in record.feedback]
        parts += [a.title or "" for a in record.attachments]
        return parts


class DisclosureKind(Kind):
    """公开事项."""

    folder = "disclosures"
    name = "disclosure"
    label = "公开事项"
    short = "公开"
    aliases = ("公开",)
    schema = Disclosure
    view = DisclosureView

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

    def month_chart(self, archive: "Archive", year: int, views: list[View]) -> Any:
        """Disclosures per month, stacked by category."""
        groups = {c.id: c.name for c in archive.categories.values()}
        counts = {group: [0] * 12 for group in groups}
        for view in views:
            counts[view.record.category][view.date.month - 1] += 1
        months = [f"{m}月" for m in range(1, 13)]
        return bar_chart(f"{year}年各月公开事项（按类别）", f"{year}年每月发布的公开事项条数，按类别分色", months,
                         [(groups[g], counts[g]) for g in groups])

    def pages(self, generator: "Generator") -> list[PageSpec]:
        """A listing per category, /categories/<id>/."""
        specs = []
        disclosures = generator.published[self.folder]
        for category in generator.archive.categories.values():
            views = [v for v in disclosures if v.record.category == category.id]

            def build(chunk, page, pages, urls, category=category, count=len(views)):
                listing = Listing(f"{category.name}类公开事项", kind=self.folder, sections=by_month(chunk), page=page, pages=pages, page_urls=urls)
                listing.intro = f"公开类别“{category.name}”共 {count} 条。"
                return listing

            for src_uri, listing in paginate(f"categories/{category.id}", views, build):
                specs.append(PageSpec(src_uri, listing.title, "listing.html", "listing", lambda l=listing: l, depends=depends_of(listing)))
        return specs

    def category_links(self, archive: "Archive", views: list[View]) -> list[tuple[str, str, int]]:
        """按类别查看 on the kind's index."""
        counts = Counter(v.record.category for v in views)
        return [(c.name, f"categories/{c.id}/", counts[c.id]) for c in archive.categories.values()]

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

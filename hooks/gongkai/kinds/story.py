"""先进事迹: the story's schema, its view (the person and honours) and its template."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from gongkai.data.schema import LIST_LIMIT, Markdown, Record, Schema, Text
from gongkai.kinds.base import Kind, Scaffold
from gongkai.pages.views import View


class Honor(Schema):
    """荣誉."""

    name: Text = Field(min_length=1, title="荣誉名称", description="如 全国煤炭系统劳动模范")
    year: int | None = Field(
        None, ge=1949, le=2100, title="年份", description="获得荣誉的年份，四位数字"
    )
    by: Text | None = Field(None, title="授予单位", description="授予荣誉的单位")


class Story(Record):
    """先进事迹."""

    person: Text = Field(min_length=1, title="姓名", description="先进人物的姓名")
    honors: list[Honor] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="荣誉",
        description="荣誉列表 {name: 名称, year: 年份, by: 授予单位}",
    )
    body: Markdown = Field(min_length=1, title="事迹", description="事迹正文，Markdown 格式")
    photo: Text | None = Field(None, title="照片", description="data/media 下的照片路径")


class StoryView(View):
    """A model worker's story."""

    @property
    def media(self) -> list[str]:
        """The portrait's file."""
        return [self.record.photo] if self.record.photo else []

    def search_parts(self) -> list[str]:
        """The person and the honours."""
        record = self.record
        return [record.person, *(f"{h.name} {h.year or ''} {h.by or ''}" for h in record.honors)]

    def keywords(self) -> list[str]:
        """Title and tags, the person and the honours' names."""
        return [*super().keywords(), self.record.person, *(h.name for h in self.record.honors)]


class StoryKind(Kind):
    """先进事迹."""

    folder = "stories"
    name = "story"
    label = "先进事迹"
    short = "事迹"
    aliases = ("事迹",)
    schema = Story
    view = StoryView
    persons = ("person",)

    def media_in(self, data: dict) -> Iterator[tuple[tuple, str, str]]:
        """The portrait."""
        if isinstance(data.get("photo"), str):
            yield ("photo",), data["photo"], "photo"

    def scaffold(self, new: Scaffold) -> str:
        """A story with one honour to fill in."""
        return self.head(self.label, new) + (
            "person: 请填写姓名   # 先进人物的姓名\n"
            "honors:   # 荣誉\n"
            f"  - {{name: 请填写荣誉名称, year: {new.day.year}, by: 请填写授予单位}}\n"
            "# photo: photos/照片文件名.jpg   # 照片放在 data/media 下\n"
            "body: |   # 事迹正文，Markdown 格式\n"
            "  请在这里填写先进事迹。\n"
        )

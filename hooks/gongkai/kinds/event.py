"""活动: the event's schema, its view (times the Chinese way, upcoming or past), its index and template."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from gongkai import urls
from gongkai.data.schema import (
    LIST_LIMIT,
    Markdown,
    Moment,
    Record,
    Schema,
    Text,
    as_datetime,
    choices,
    lit,
    show_moment,
)
from gongkai.kinds.base import Kind, Scaffold
from gongkai.pages.charts import bar_chart
from gongkai.pages.listings import LATEST, Section
from gongkai.pages.views import View, zh_moment

if TYPE_CHECKING:
    from gongkai.data.archive import Archive

EVENT_KINDS = {
    "culture": "文艺",
    "sports": "体育",
    "exhibition": "展览",
    "contest": "竞赛",
    "safety": "安全宣传",
    "training": "培训",
    "care": "慰问帮扶",
    "other": "其他",
}


class Result(Schema):
    """活动结果（获奖）."""

    award: Text = Field(min_length=1, title="奖项", description="奖项名称，如 一等奖、冠军")
    winner: Text = Field(min_length=1, title="获奖者", description="获奖的个人、班组或单位")


class Photo(Schema):
    """照片."""

    file: Text = Field(
        min_length=1,
        title="文件",
        description="data/media 下的照片路径，如 photos/2026/yundonghui.jpg",
    )
    caption: Text | None = Field(None, title="说明", description="照片说明文字")


class Event(Record):
    """活动."""

    kind: lit(EVENT_KINDS) = Field(
        title="活动类型", description="活动类型：" + choices(EVENT_KINDS)
    )
    start: Moment = Field(
        title="开始时间", description="开始时间 YYYY-MM-DD HH:MM；全天活动只写日期 YYYY-MM-DD"
    )
    end: Moment | None = Field(None, title="结束时间", description="结束时间，不能早于开始时间")
    location: Text | None = Field(None, title="地点", description="活动地点")
    body: Markdown = Field(min_length=1, title="介绍", description="活动介绍，Markdown 格式")
    results: list[Result] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="结果",
        description="获奖结果列表 {award: 奖项, winner: 获奖者}",
    )
    photos: list[Photo] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="照片",
        description="照片列表 {file: 文件, caption: 说明}",
    )

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.end is not None and as_datetime(self.end, end=True) < as_datetime(self.start):
            raise PydanticCustomError(
                "gk_at:end",
                "结束时间 {end} 早于开始时间 {start}",
                {"end": show_moment(self.end), "start": show_moment(self.start)},
            )
        return self


class EventView(View):
    """An event: when and where, upcoming or past."""

    @property
    def event_kind(self) -> str:
        """文艺 / 体育 / …"""
        return EVENT_KINDS[self.record.kind]

    @property
    def badge(self) -> str:
        """文艺, 体育 …"""
        return self.event_kind

    @property
    def ics_url(self) -> str:
        """The event alone as iCalendar, for 添加到日历 on its page: /events/<id>.ics."""
        return urls.url("record_ics", kind=self.kind, id=self.id)

    @cached_property
    def summary(self) -> str:
        """When and where."""
        return f"{self.when}" + (f"，{self.record.location}" if self.record.location else "")

    @cached_property
    def when(self) -> str:
        """The event's time, the Chinese way, with its end if any."""
        start, end = self.record.start, self.record.end
        text = zh_moment(start)
        if end is None:
            return text
        if isinstance(end, datetime) and isinstance(start, datetime) and end.date() == start.date():
            return f"{text}–{end:%H:%M}"
        return f"{text} 至 {zh_moment(end)}"

    @property
    def upcoming(self) -> bool:
        """An event that has not ended by today."""
        last = self.record.end or self.record.start
        last_day = last.date() if isinstance(last, datetime) else last
        return last_day >= self.ctx.today

    @property
    def start_iso(self) -> str:
        """The start for a <time datetime> attribute."""
        start = self.record.start
        return (
            start.strftime("%Y-%m-%dT%H:%M") if isinstance(start, datetime) else start.isoformat()
        )

    @property
    def media(self) -> list[str]:
        """The photos' files."""
        return [p.file for p in self.record.photos]

    def search_parts(self) -> list[str]:
        """Kind, time, place, results and captions."""
        record = self.record
        parts = [self.event_kind, self.when, record.location or ""]
        parts += [f"{r.award} {r.winner}" for r in record.results]
        parts += [p.caption or "" for p in record.photos]
        return parts


class EventKind(Kind):
    """活动."""

    folder = "events"
    name = "event"
    in_calendar = True
    label = "活动"
    short = "活动"
    schema = Event
    view = EventView
    summary_from_body = False  # when and where
    persons = ("results.*.winner",)

    def media_in(self, data: dict) -> Iterator[tuple[tuple, str, str]]:
        """The photos."""
        items = data.get("photos")
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("file"), str):
                yield ("photos", index, "file"), item["file"], "photo"

    def index_sections(self, views: list[View]) -> list[Section]:
        """Upcoming events, soonest first, then the latest past ones."""
        upcoming = sorted((v for v in views if v.upcoming), key=lambda v: v.start_iso)
        past = [v for v in views if not v.upcoming]
        past.sort(key=lambda v: v.start_iso, reverse=True)
        return [
            s
            for s in (Section("即将举行", upcoming), Section("往期活动", past[:LATEST]))
            if s.items
        ]

    def month_chart(self, archive: Archive, year: int, views: list[View]) -> Any:
        """Events per month, stacked by kind."""
        counts = {group: [0] * 12 for group in EVENT_KINDS}
        for view in views:
            counts[view.record.kind][view.date.month - 1] += 1
        months = [f"{m}月" for m in range(1, 13)]
        return bar_chart(
            f"{year}年各月活动（按类型）",
            f"{year}年每月发布的活动条数，按类型分色",
            months,
            [(EVENT_KINDS[g], counts[g]) for g in EVENT_KINDS],
        )

    def scaffold(self, new: Scaffold) -> str:
        """An event a week after today, with a place and results to fill in later."""
        start = new.day + timedelta(days=7)
        return self.head(self.label, new) + (
            f"kind: culture   # 活动类型：{'、'.join(f'{k}（{v}）' for k, v in EVENT_KINDS.items())}\n"
            f"start: {start.isoformat()} 14:00   # 开始时间；全天活动只写日期\n"
            f"end: {start.isoformat()} 16:00   # 结束时间（可不写）\n"
            "location: 请填写地点   # 地点\n"
            "body: |   # 活动介绍，Markdown 格式\n"
            "  请在这里填写活动介绍。\n"
            "# results:   # 活动结束后填写获奖结果\n"
            "#   - {award: 一等奖, winner: 综采一队}\n"
        )

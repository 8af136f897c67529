"""One declarative schema per record kind: validation, typed records and the editors' JSON Schema."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .money import MoneyError, parse_money

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"

KINDS = {
    "disclosures": "公开事项",
    "allocations": "工资奖金分配公示",
    "events": "活动",
    "stories": "先进事迹",
}
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
ALLOCATION_KINDS = {
    "wage": "工资",
    "bonus": "奖金",
    "performance": "绩效",
    "safety": "安全奖",
    "other": "其他",
}
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
DEFAULT_CATEGORIES = {
    "decisions": "重大决策",
    "pay": "工资奖金",
    "welfare": "职工福利",
    "recuperation": "疗养休养",
    "aid": "困难帮扶",
    "honors": "评先评优",
    "safety": "劳动保护",
    "hiring": "招聘录用",
    "finance": "财务收支",
    "democracy": "民主管理",
    "other": "其他",
}
UNIT_KINDS = {name: name for name in ("矿", "区队", "车间", "科室", "班组", "其他")}


def _choices(labels: dict[str, str]) -> str:
    return "、".join(f"{key}（{label}）" if key != label else key for key, label in labels.items())


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise PydanticCustomError("gk", "日期“{value}”格式不对，应写成 YYYY-MM-DD，例如 2026-11-25", {"value": text})
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        raise PydanticCustomError("gk", "日期“{value}”不存在，请检查月份和日子", {"value": text}) from None


def _parse_moment(value: Any) -> Any:
    """A date, or a date and a time "YYYY-MM-DD HH:MM" in the site's zone (kept naive here)."""
    if isinstance(value, (date, datetime)):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2}):(\d{2})", text)
    if not match:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            return _parse_date(text)
        raise PydanticCustomError(
            "gk", "时间“{value}”格式不对，应写成 YYYY-MM-DD HH:MM（如 2026-11-08 14:00），全天活动只写日期", {"value": text}
        )
    day = _parse_date(match.group(1))
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise PydanticCustomError("gk", "时间“{value}”不存在，小时为 0–23，分钟为 0–59", {"value": text})
    return datetime(day.year, day.month, day.day, hour, minute)


def _parse_month(value: Any) -> Any:
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise PydanticCustomError("gk", "月份“{value}”格式不对，应写成 YYYY-MM，例如 2026-10", {"value": text})
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"


def _parse_money(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and _PLAIN_MONEY.match(value):
        return Decimal(value)  # the common case, without the separators and signs of parse_money
    try:
        amount = parse_money(value)
    except MoneyError:
        raise PydanticCustomError(
            "gk", "金额“{value}”写法不对，应为以元为单位、最多两位小数的数字，如 1800、3856.40 或 \"12,345.60\"",
            {"value": str(value)},
        ) from None
    if amount < 0:
        raise PydanticCustomError("gk", "金额“{value}”不能为负数", {"value": str(value)})
    return amount


_PLAIN_MONEY = re.compile(r"\d+(\.\d{1,2})?\Z")


Day = Annotated[date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})]
Moment = Annotated[
    Union[datetime, date],
    BeforeValidator(_parse_moment),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$"}),
]
Month = Annotated[str, BeforeValidator(_parse_month), WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}$"})]
Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    WithJsonSchema({"type": ["number", "string"], "pattern": r"^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$"}),
]
Number = Annotated[Decimal, WithJsonSchema({"type": ["number", "string"]})]
Text = str
Ref = Annotated[
    str,
    Field(pattern=r"^(disclosures|allocations|events|stories)/[a-z0-9][a-z0-9-]{0,63}$"),
]


def _lit(labels: dict[str, str]):
    return Literal[tuple(labels)]  # type: ignore[valid-type]


class Schema(BaseModel):
    """Base of every mapping editors write: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Period(Schema):
    """公示期."""

    start: Optional[Day] = Field(None, alias="from", title="公示开始日期", description="公示期第一天，YYYY-MM-DD；不写则为发布日期")
    to: Day = Field(title="公示截止日期", description="公示期最后一天（含当天），YYYY-MM-DD，不能早于开始日期")

    @model_validator(mode="after")
    def _ordered(self):
        if self.start and self.to < self.start:
            raise PydanticCustomError(
                "gk_at:to", "公示截止日期 {to} 早于开始日期 {start}，请检查", {"to": str(self.to), "start": str(self.start)}
            )
        return self


class Stage(Schema):
    """办理过程的一步."""

    stage: _lit(STAGES) = Field(title="环节", description="办理环节：" + _choices(STAGES) + "，按此顺序")
    date: Day = Field(title="日期", description="该环节的日期，YYYY-MM-DD，不能早于上一环节")
    by: Optional[Text] = Field(None, title="办理人/单位", description="谁办理了这一环节")
    note: Optional[Text] = Field(None, title="说明", description="该环节的简要说明")


class Feedback(Schema):
    """一条职工意见及其答复."""

    date: Day = Field(title="提出日期", description="职工提出意见的日期，YYYY-MM-DD")
    summary: Text = Field(min_length=1, title="意见摘要", description="意见内容摘要（不写提出人姓名和联系方式）")
    reply: Optional[Text] = Field(None, title="答复", description="对意见的答复")
    replied: Optional[Day] = Field(None, title="答复日期", description="答复日期，YYYY-MM-DD，不能早于提出日期")
    status: Optional[_lit(FEEDBACK_STATUSES)] = Field(
        None, title="状态", description="处理状态：" + _choices(FEEDBACK_STATUSES) + "；不写时有答复为已答复，否则为待答复"
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


class Photo(Schema):
    """照片."""

    file: Text = Field(min_length=1, title="文件", description="data/media 下的照片路径，如 photos/2026/yundonghui.jpg")
    caption: Optional[Text] = Field(None, title="说明", description="照片说明文字")


class Result(Schema):
    """活动结果（获奖）."""

    award: Text = Field(min_length=1, title="奖项", description="奖项名称，如 一等奖、冠军")
    winner: Text = Field(min_length=1, title="获奖者", description="获奖的个人、班组或单位")


class Honor(Schema):
    """荣誉."""

    name: Text = Field(min_length=1, title="荣誉名称", description="如 全国煤炭系统劳动模范")
    year: Optional[int] = Field(None, ge=1949, le=2100, title="年份", description="获得荣誉的年份，四位数字")
    by: Optional[Text] = Field(None, title="授予单位", description="授予荣誉的单位")


class Row(Schema):
    """分配明细的一行."""

    name: Text = Field(min_length=1, title="姓名", description="职工姓名（只在公示期内公开）")
    post: Optional[Text] = Field(None, title="岗位", description="岗位或工种")
    shifts: Optional[Text] = Field(None, title="出勤", description="出勤天数或班次")
    points: Optional[Number] = Field(None, title="工分/系数", description="考核工分或分配系数（数字）")
    amount: Money = Field(title="金额", description="应发金额（元），最多两位小数，不能为负")
    note: Optional[Text] = Field(None, title="备注", description="备注")


class Record(Schema):
    """Fields every record has."""

    title: Text = Field(min_length=1, max_length=120, title="标题", description="标题，1–120 个字")
    unit: Text = Field(title="发布单位", description="发布单位的 id，须是 data/units.yml 中的一个")
    date: Day = Field(title="发布日期", description="发布日期 YYYY-MM-DD；晚于今天的记录到那天才会发布")
    draft: bool = Field(False, title="草稿", description="写 true 表示草稿，草稿不会发布")
    tags: list[Text] = Field(default_factory=list, title="标签", description="标签列表，便于检索")


class Disclosure(Record):
    """公开事项."""

    category: Text = Field(title="公开类别", description="公开类别的 id，须是 data/categories.yml 中的一个")
    body: Text = Field(min_length=1, title="正文", description="正文，Markdown 格式")
    summary: Optional[Text] = Field(None, title="摘要", description="一两句话的摘要（纯文字）；不写则取正文第一段")
    period: Optional[Period] = Field(None, title="公示期", description="公示期 {from: 开始日期, to: 截止日期}；from 不写则为发布日期")
    contact: Optional[Text] = Field(None, title="监督/意见受理", description="意见受理方式；唯一允许写电话号码的字段")
    stages: list[Stage] = Field(default_factory=list, title="办理过程", description="办理过程：提出→审查→公开→监督→反馈→整改")
    feedback: list[Feedback] = Field(default_factory=list, title="职工意见与答复", description="职工意见与答复的列表")
    attachments: list[Attachment] = Field(default_factory=list, title="附件", description="附件列表，文件放在 data/media 下")
    related: list[Ref] = Field(default_factory=list, title="相关", description="相关记录，写成 类型/id，如 allocations/2026-10-zongcai1-bonus")

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


class Allocation(Record):
    """工资奖金分配公示."""

    month: Month = Field(title="所属月份", description="所属月份 YYYY-MM")
    kind: _lit(ALLOCATION_KINDS) = Field(title="分配类别", description="分配类别：" + _choices(ALLOCATION_KINDS))
    total: Money = Field(title="分配总额", description="分配总额（元），须等于明细金额之和，精确到分")
    basis: Text = Field(min_length=1, title="分配依据", description="分配依据，Markdown 格式")
    period: Period = Field(title="公示期", description="公示期 {from: 开始日期, to: 截止日期}，分配公示必填；期满后姓名和个人金额自动撤下")
    rows: Optional[list[Row]] = Field(None, title="明细", description="明细行；也可以放在同名 .csv 文件中（二者只能选一）")


class Event(Record):
    """活动."""

    kind: _lit(EVENT_KINDS) = Field(title="活动类型", description="活动类型：" + _choices(EVENT_KINDS))
    start: Moment = Field(title="开始时间", description="开始时间 YYYY-MM-DD HH:MM；全天活动只写日期 YYYY-MM-DD")
    end: Optional[Moment] = Field(None, title="结束时间", description="结束时间，不能早于开始时间")
    location: Optional[Text] = Field(None, title="地点", description="活动地点")
    body: Text = Field(min_length=1, title="介绍", description="活动介绍，Markdown 格式")
    results: list[Result] = Field(default_factory=list, title="结果", description="获奖结果列表 {award: 奖项, winner: 获奖者}")
    photos: list[Photo] = Field(default_factory=list, title="照片", description="照片列表 {file: 文件, caption: 说明}")

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.end is not None and _as_datetime(self.end, end=True) < _as_datetime(self.start):
            raise PydanticCustomError(
                "gk_at:end", "结束时间 {end} 早于开始时间 {start}", {"end": _show(self.end), "start": _show(self.start)}
            )
        return self


class Story(Record):
    """先进事迹."""

    person: Text = Field(min_length=1, title="姓名", description="先进人物的姓名")
    honors: list[Honor] = Field(default_factory=list, title="荣誉", description="荣誉列表 {name: 名称, year: 年份, by: 授予单位}")
    body: Text = Field(min_length=1, title="事迹", description="事迹正文，Markdown 格式")
    photo: Optional[Text] = Field(None, title="照片", description="data/media 下的照片路径")


class Unit(Schema):
    """组织机构中的一个单位."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(title="单位 id", description="小写字母、数字和连字符，如 zongcai1")
    name: Text = Field(min_length=1, title="名称", description="单位名称，如 综采一队")
    kind: Optional[_lit(UNIT_KINDS)] = Field(None, title="类型", description="单位类型：" + _choices(UNIT_KINDS))
    parent: Optional[Text] = Field(None, title="上级单位", description="上级单位的 id，须写在本单位之前")


class Category(Schema):
    """公开类别."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(title="类别 id", description="小写字母、数字和连字符，如 pay")
    name: Text = Field(min_length=1, title="名称", description="类别名称，如 工资奖金")


SCHEMAS: dict[str, type[Record]] = {
    "disclosures": Disclosure,
    "allocations": Allocation,
    "events": Event,
    "stories": Story,
}

CSV_COLUMNS = {"姓名": "name", "岗位": "post", "出勤": "shifts", "工分": "points", "系数": "points", "金额": "amount", "备注": "note"}


def _as_datetime(moment: date, *, end: bool = False) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day, 23 if end else 0, 59 if end else 0)


def _show(moment: date) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else moment.isoformat()

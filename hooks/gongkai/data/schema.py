"""The editors' field types and shared schemas (fields every record has, periods, units, categories);
each kind's own schema is in kinds/. One declaration gives validation, typed records and the JSON Schema."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from gongkai.data.money import MoneyError, parse_money

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
YEARS = (1900, 2099)  # dates outside are typing mistakes, and the year 9999 breaks calendars
TEXT_LIMIT = 2000  # characters of a one-line field (a name, a place, a note)
MARKDOWN_LIMIT = 100_000  # characters of a body: a long notice has a few thousand
# items of a list in a record (tags, photos, opinions …); tables of people have their own
LIST_LIMIT = 200

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


def choices(labels: dict[str, str]) -> str:
    """key（label）、… for descriptions and messages."""
    return "、".join(f"{key}（{label}）" if key != label else key for key, label in labels.items())


# A day as clerks write it: 2026-12-1, 2026/12/1, 2026.12.1 or 2026年12月1日 (full-width digits too,
# folded by NFKC); a time after it as 14:00 or 14：00.
_DAY = r"([0-9]{4})(?:([-/.])([0-9]{1,2})\2([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})[日号]?)"
_DAY_ONLY = re.compile(_DAY + r"\Z")
# ASCII digits: NFKC has folded the full-width ones
_DAY_TIME = re.compile(_DAY + r"(?:[ T]|\s*)([0-9]{1,2}):([0-9]{2})\Z")
_DATE_FORMS = "YYYY-MM-DD，例如 2026-11-25（也可以写 2026/11/25、2026.11.25 或 2026年11月25日）"


def _day_text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def _day_of(match: re.Match, text: str) -> date:
    year = int(match.group(1))
    month, day = (
        (int(match.group(3)), int(match.group(4)))
        if match.group(2)
        else (int(match.group(5)), int(match.group(6)))
    )
    if not YEARS[0] <= year <= YEARS[1]:
        raise PydanticCustomError(
            "gk",
            "日期“{value}”的年份超出范围，只能是 {low} 到 {high} 年",
            {"value": text, "low": YEARS[0], "high": YEARS[1]},
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "gk", "日期“{value}”不存在，请检查月份和日子", {"value": text}
        ) from None


def parse_day(text: str) -> date | None:
    """A day in any of the forms clerks write, or None when the text is not one (an impossible
    day, 2026-02-30, raises)."""
    match = _DAY_ONLY.match(_day_text(text))
    return _day_of(match, text) if match else None


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    text = _day_text(value)
    match = _DAY_ONLY.match(text)
    if not match:
        raise PydanticCustomError(
            "gk",
            "日期“{value}”格式不对，应写成 {forms}",
            {"value": str(value).strip(), "forms": _DATE_FORMS},
        )
    return _day_of(match, text)


def _parse_moment(value: Any) -> Any:
    """A date, or a date and a time "YYYY-MM-DD HH:MM" in the site's zone (kept naive here)."""
    if isinstance(value, (date, datetime)):
        return value
    text = _day_text(value)
    match = _DAY_TIME.match(text)
    if not match:
        if _DAY_ONLY.match(text):
            return _parse_date(text)
        raise PydanticCustomError(
            "gk",
            "时间“{value}”格式不对，应写成 YYYY-MM-DD HH:MM（如 2026-11-08 14:00），全天活动只写日期",
            {"value": str(value).strip()},
        )
    day = _day_of(match, text)
    hour, minute = int(match.group(7)), int(match.group(8))
    if hour > 23 or minute > 59:
        raise PydanticCustomError(
            "gk", "时间“{value}”不存在，小时为 0–23，分钟为 0–59", {"value": text}
        )
    return datetime(day.year, day.month, day.day, hour, minute)


def _parse_month(value: Any) -> Any:
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise PydanticCustomError(
            "gk", "月份“{value}”格式不对，应写成 YYYY-MM，例如 2026-10", {"value": text}
        )
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
            "gk",
            '金额“{value}”写法不对，应为以元为单位、最多两位小数的数字，如 1800、3856.40 或 "12,345.60"',
            {"value": str(value)},
        ) from None
    if amount < 0:
        raise PydanticCustomError("gk", "金额“{value}”不能为负数", {"value": str(value)})
    return amount


_PLAIN_MONEY = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?\Z")


_DAY_PATTERN = (
    r"\d{4}(-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2}|年\d{1,2}月\d{1,2}[日号]?)"
)
Day = Annotated[
    date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "pattern": f"^{_DAY_PATTERN}$"}),
]
Moment = Annotated[
    datetime | date,
    BeforeValidator(_parse_moment),
    WithJsonSchema({"type": "string", "pattern": f"^{_DAY_PATTERN}( ?\\d{{1,2}}:\\d{{2}})?$"}),
]
Month = Annotated[
    str,
    BeforeValidator(_parse_month),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}$"}),
]
Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    WithJsonSchema(
        {
            "type": ["number", "string"],
            "pattern": r"^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$",
        }
    ),
]
# 工分/系数: a plain decimal number, finite, of sensible size (checked by pydantic-core, a table at a time)
Number = Annotated[
    Decimal,
    Field(allow_inf_nan=False, max_digits=13, decimal_places=4),
    WithJsonSchema({"type": ["number", "string"]}),
]
Text = Annotated[str, Field(max_length=TEXT_LIMIT)]
Markdown = Annotated[str, Field(max_length=MARKDOWN_LIMIT)]
DocNumber = Annotated[str, Field(min_length=1, max_length=40)]  # 文号: 兴矿工发〔2026〕12号
# kind/id; the kind is checked on load
Ref = Annotated[str, Field(pattern=r"^[a-z]+/[a-z0-9][a-z0-9-]{0,63}$")]


def lit(labels: dict[str, str]):
    """The type of a choice field, from its labels: the English key, or its Chinese word (立案 is
    accepted, the key is what the record holds), as the importers accept them."""
    by_label = {label: key for key, label in labels.items() if label != key}

    def to_key(value: Any) -> Any:
        return by_label.get(value.strip(), value) if isinstance(value, str) else value

    return Annotated[
        Literal[tuple(labels)],  # type: ignore[valid-type]
        BeforeValidator(to_key),
        WithJsonSchema({"type": "string", "enum": [*labels, *by_label]}),
    ]


def choice_key(labels: dict[str, str], value: Any) -> Any:
    """A choice as written in a record's raw data, as its key (立案 → accepted)."""
    return next((key for key, label in labels.items() if value == label), value)


def _one_tag(tag: str) -> str:
    if "，" in tag or "、" in tag:
        parts = [part for part in re.split("[，、]", tag) if part]
        raise PydanticCustomError(
            "gk",
            "“{tag}”中有中文逗号或顿号：若是几个标签，标签之间要用英文逗号分隔，写成 [{fixed}]",
            {"tag": tag, "fixed": ", ".join(parts)},
        )
    return tag


class Schema(BaseModel):
    """Base of every mapping editors write: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Period(Schema):
    """公示期."""

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["to"]}, {"required": ["working_days"]}]}
    )

    start: Day | None = Field(
        None,
        alias="from",
        title="公示开始日期",
        description="公示期第一天，YYYY-MM-DD；不写则为发布日期",
    )
    to: Day | None = Field(
        None,
        title="公示截止日期",
        description="公示期最后一天（含当天），YYYY-MM-DD，不能早于开始日期；也可以不写 to，改写 working_days",
    )
    working_days: int | None = Field(
        None,
        ge=1,
        le=30,
        title="公示工作日数",
        description="按工作日计算的公示天数（1–30），代替 to：从开始日期算起（开始日期是工作日时算第一天），跳过法定节假日，算上调休上班的周末",
    )
    # an end counted over a year the holiday calendar does not know
    _estimated: bool = PrivateAttr(False)

    @property
    def estimated(self) -> bool:
        """Whether the end was counted in working days over a year whose official schedule is not
        known yet: shown as 暂定, and nothing is judged from it."""
        return self._estimated

    @model_validator(mode="after")
    def _ordered(self):
        if self.to is None and self.working_days is None:
            raise PydanticCustomError(
                "gk_at:to",
                "缺少必填字段「period.to」（公示截止日期）：请写截止日期 to，或写工作日数 working_days（如 {example}）",
                {"example": "{from: 2026-11-18, working_days: 7}"},
            )
        if self.to is not None and self.working_days is not None:
            raise PydanticCustomError(
                "gk_at:working_days",
                "to（截止日期）和 working_days（工作日数）只能写一个：请删去其中一个",
                {},
            )
        if self.start and self.to and self.to < self.start:
            raise PydanticCustomError(
                "gk_at:to",
                "公示截止日期 {to} 早于开始日期 {start}，请检查",
                {"to": str(self.to), "start": str(self.start)},
            )
        return self


class Record(Schema):
    """Fields every record has."""

    title: str = Field(min_length=1, max_length=120, title="标题", description="标题，1–120 个字")
    unit: Text = Field(title="发布单位", description="发布单位的 id，须是 data/units.yml 中的一个")
    date: Day = Field(
        title="发布日期", description="发布日期 YYYY-MM-DD；晚于今天的记录到那天才会发布"
    )
    draft: bool = Field(False, title="草稿", description="写 true 表示草稿，草稿不会发布")
    tags: list[Annotated[str, Field(max_length=40), AfterValidator(_one_tag)]] = Field(
        default_factory=list, max_length=50, title="标签", description="标签列表，便于检索"
    )


class Unit(Schema):
    """组织机构中的一个单位."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        title="单位 id", description="小写字母、数字和连字符，如 zongcai1"
    )
    name: str = Field(
        min_length=1, max_length=60, title="名称", description="单位名称，如 综采一队"
    )
    kind: lit(UNIT_KINDS) | None = Field(
        None, title="类型", description="单位类型：" + choices(UNIT_KINDS)
    )
    parent: Text | None = Field(
        None, title="上级单位", description="上级单位的 id，须写在本单位之前"
    )


class Category(Schema):
    """公开类别."""

    id: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        title="类别 id", description="小写字母、数字和连字符，如 pay"
    )
    name: str = Field(
        min_length=1, max_length=30, title="名称", description="类别名称，如 工资奖金"
    )


def as_datetime(moment: date, *, end: bool = False) -> datetime:
    """A date as the first (or, with end, the last) minute of its day."""
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day, 23 if end else 0, 59 if end else 0)


def show_moment(moment: date) -> str:
    """A date or a time as an editor writes it."""
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else moment.isoformat()

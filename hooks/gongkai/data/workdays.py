"""Working days of China's official calendar (法定节假日 and 调休): the State Council's schedule as
chinesecalendar knows it, corrected or extended year by year by data/holidays.yml, and for a year
that neither knows yet, a conservative estimate that is never an error.

The estimate must never end a posting period before the official schedule will: a weekday counts
as a working day only if no holiday of the past years, placed at the same distance from the same
festival, ever fell on it, and no weekend counts (调休 Saturdays are not known in advance). The
festivals' dates in a future year (Spring Festival, 清明, 端午, 中秋 follow the lunar calendar or the
solar terms) come from the `holidays` package, which computes them by rule up to 2099; the windows
around each festival are learned from every year chinesecalendar knows. `compare_estimate` checks
it against the known years (tests/data/test_workdays.py, bench/calendar_backtest.py).
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, NamedTuple

import chinese_calendar
from pydantic import Discriminator, Field, Tag, ValidationError

from gongkai.data.messages import translate
from gongkai.data.schema import LIST_LIMIT, YEARS, Day, Schema, Text

if TYPE_CHECKING:
    from gongkai.data.errors import Problems
    from gongkai.data.source import Located

_ONE_DAY = timedelta(days=1)
MAX_N = 30  # working days of a period or a deadline: the contract's 1–30


class Counted(NamedTuple):
    """A day or a number of days, and whether it was counted over a year whose official schedule
    is not known yet (an estimate, shown as 暂定 and never used to judge anything late or short)."""

    value: object
    estimated: bool


@dataclass(frozen=True)
class Schedule:
    """One year's schedule as an enterprise states it in data/holidays.yml."""

    year: int
    source: str
    off: frozenset[date]  # 放假调休的日子, weekends inside ranges included
    work: frozenset[date]  # 调休上班的周六、周日
    path: str = "data/holidays.yml"
    line: int = 1

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday unless off, and the weekend days worked."""
        return (day.weekday() < 5 and day not in self.off) or day in self.work


# -- what the library knows ----------------------------------------------------------------------


class _Library(NamedTuple):
    years: range
    working: frozenset[date]


@functools.cache
def _library() -> _Library:
    # The library's tables are constants of the installed version: built once per process.
    holidays, workdays = chinese_calendar.holidays, chinese_calendar.workdays
    # The library itself treats the span of its holiday table as the years it supports.
    years = range(min(holidays).year, max(holidays).year + 1)
    working = set()
    day, end = date(years.start, 1, 1), date(years.stop, 1, 1)
    while day < end:
        # chinese_calendar.is_workday's rule; calling it per day rescans its table every time
        if day in workdays or (day.weekday() < 5 and day not in holidays):
            working.add(day)
        day += _ONE_DAY
    return _Library(years, frozenset(working))


def library_years() -> range:
    """The years whose official schedule the installed chinesecalendar knows."""
    return _library().years


def library_year(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """What the library says of a year it knows: its days off and its 调休 weekend working days,
    each with the holiday's Chinese name (春节)."""
    names = {
        holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday
    }  # "Spring Festival" → 春节
    off = {day: names.get(h, h) for day, h in chinese_calendar.holidays.items() if day.year == year}
    work = {
        day: names.get(h, h)
        for day, h in chinese_calendar.workdays.items()
        if day.year == year and day.weekday() >= 5
    }
    return off, work


def library_version() -> str:
    """chinesecalendar's version, for messages (1.11.0)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - installed with the project
        return "?"


# -- the estimate ----------------------------------------------------------------------------------

# chinesecalendar's name of each holiday → where it stands in a year: a fixed day, or the holiday of
# the `holidays` package (computed by rule, lunar dates included) whose first day is the festival.
_FIXED = {
    "New Year's Day": (1, 1),
    "Labour Day": (5, 1),
    "National Day": (10, 1),
    "Anti-Fascist 70th Day": (9, 3),
}
_BY_RULE = {
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
}


@functools.cache
def _festivals(year: int) -> dict[str, date]:
    """The day each festival falls on in a year, by rule (the first day the `holidays` package
    names it, never a substitute day)."""
    import holidays

    found: dict[str, date] = {}
    for day, names in sorted(holidays.China(years=year, language="zh_CN").items()):
        for name in names.split("; "):
            found.setdefault(name, day)
    return {holiday: found[zh] for holiday, zh in _BY_RULE.items() if zh in found}


def _anchor(holiday: str, year: int) -> date | None:
    if holiday in _FIXED:
        month, day = _FIXED[holiday]
        return date(year, month, day)
    return _festivals(year).get(holiday)


# the holidays of today's rules: 清明, 端午 and 中秋 since 2008, no week off in May
LEARN_FROM = 2008


# days added on each side of what was ever off: a bridge of a kind not seen yet (2018-12-31)
MARGIN = 1


@functools.cache
def _windows(without: int | None = None) -> dict[str, frozenset[int]]:
    """For each holiday, the distances from its festival that a weekday off may lie at: from one
    day before the earliest to one day after the latest at which a weekday was ever off in the
    years the library knows since LEARN_FROM (but the year `without`), bridges and extensions
    included, and every day between."""
    windows: dict[str, set[int]] = {}
    for day, holiday in chinese_calendar.holidays.items():
        if day.weekday() >= 5 or day.year < LEARN_FROM or day.year == without:
            continue  # a weekend off changes no count
        anchors = [
            a
            for y in (day.year - 1, day.year, day.year + 1)
            if (a := _anchor(holiday, y)) is not None
        ]
        if not anchors:
            continue
        nearest = min(anchors, key=lambda a: abs((day - a).days))
        windows.setdefault(holiday, set()).add((day - nearest).days)
    return {
        holiday: frozenset(range(min(offsets) - MARGIN, max(offsets) + MARGIN + 1))
        for holiday, offsets in windows.items()
    }


@functools.cache
def _estimated_working(year: int) -> frozenset[date]:
    """A year's estimated working days: Monday to Friday, less every weekday that a holiday of the
    past could cover; no weekend."""
    off = set()
    for holiday, offsets in _windows().items():
        for around in (year - 1, year, year + 1):
            anchor = _anchor(holiday, around)
            if anchor is None:
                continue
            for offset in offsets:
                day = anchor + timedelta(days=offset)
                if day.year == year:
                    off.add(day)
    day, working = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and day not in off:
            working.add(day)
        day += _ONE_DAY
    return frozenset(working)


# -- the calendar of one build -------------------------------------------------------------------


@dataclass
class Calendar:
    """The working days of one build: the library's years, the years data/holidays.yml states
    (which replace the library's), and estimates for the rest. `forget` pretends years are unknown
    (to test the estimate against them)."""

    stated: dict[int, Schedule] = field(default_factory=dict)
    forget: frozenset[int] = frozenset()
    _days: dict[int, tuple[date, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, stated: Iterable[Schedule] = (), forget: Iterable[int] = ()) -> Calendar:
        """A calendar with these years stated (and those forgotten)."""
        return cls({s.year: s for s in stated}, frozenset(forget))

    def knows(self, year: int) -> bool:
        """Whether a year's official schedule is known (stated, or in the library)."""
        return year in self.stated or (year in _library().years and year not in self.forget)

    def unknown_years(self, start: date, end: date) -> list[int]:
        """The years from start to end whose schedule is not known."""
        return [year for year in range(start.year, end.year + 1) if not self.knows(year)]

    def fingerprint(self) -> tuple:
        """What the calendar depends on, for caches keyed by their inputs."""
        return (library_version(), tuple(sorted(self.stated.items())), self.forget)

    def days(self, year: int) -> tuple[date, ...]:
        """A year's working days in order: official, stated or estimated."""
        found = self._days.get(year)
        if found is None:
            if year in self.stated:
                schedule = self.stated[year]
                day, working = date(year, 1, 1), []
                while day.year == year:
                    if schedule.is_working_day(day):
                        working.append(day)
                    day += _ONE_DAY
            elif self.knows(year):
                working = sorted(d for d in _library().working if d.year == year)
            else:
                working = sorted(_estimated_working(year))
            found = self._days[year] = tuple(working)
        return found

    def is_working_day(self, day: date) -> bool:
        """Whether a day is a working day (estimated in a year not known)."""
        days = self.days(day.year)
        at = bisect_left(days, day)
        return at < len(days) and days[at] == day

    def add_working_days(self, start: date, n: int) -> Counted:
        """The n-th working day counted from start, start itself counting when it is one."""
        _check_n(n)
        year, left = start.year, n
        at = bisect_left(self.days(year), start)
        while True:
            days = self.days(year)
            if at + left <= len(days):
                end = days[at + left - 1]
                return Counted(end, bool(self.unknown_years(start, end)))
            left -= len(days) - at
            year, at = year + 1, 0
            if year > start.year + 2:  # 30 working days always lie within two years
                raise ValueError(f"{start} 起找不到 {n} 个工作日")

    def overdue_from(self, day: date, n: int) -> Counted:
        """The first day more than n working days after day: the (n+1)-th working day after it."""
        _check_n(n)
        return self.add_working_days(day + _ONE_DAY, n + 1)

    def working_days_in(self, start: date, end: date) -> Counted:
        """How many working days a period holds, both ends counted."""
        if end < start:
            return Counted(0, False)
        count = 0
        for year in range(start.year, end.year + 1):
            days = self.days(year)
            count += bisect_right(days, end) - bisect_left(days, start)
        return Counted(count, bool(self.unknown_years(start, end)))

    def differences(self, schedule: Schedule) -> list[tuple[date, bool]]:
        """The days of a stated year on which the library says otherwise: (day, working as stated)."""
        if schedule.year not in _library().years:
            return []
        working = _library().working
        out = []
        day = date(schedule.year, 1, 1)
        while day.year == schedule.year:
            stated = schedule.is_working_day(day)
            if stated != (day in working):
                out.append((day, stated))
            day += _ONE_DAY
        return out


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_N:
        raise ValueError(f"工作日天数应为 1 到 {MAX_N} 之间的整数，而不是 {n!r}")


def compare_estimate(year: int) -> Iterator[tuple[date, int, date, date]]:
    """For every start day of a known year and every n from 1 to 30: (start, n, the official end,
    the end estimated as if the year were unknown). The estimate is right when it never ends first."""
    official, estimate = Calendar(), Calendar.of(forget=[year])
    day = date(year, 1, 1)
    while day.year == year:
        for n in range(1, MAX_N + 1):
            yield (
                day,
                n,
                official.add_working_days(day, n).value,
                estimate.add_working_days(day, n).value,
            )
        day += _ONE_DAY


# -- data/holidays.yml -------------------------------------------------------------------------------

MAX_RANGE_DAYS = 15  # the longest run of days off ever announced is 10 (Spring Festival 2020)
MAX_OFF_DAYS = 60  # days off in a year, weekends inside ranges included: 33 in 2026


class DayRange(Schema):
    """连续放假的几天."""

    start: Day = Field(alias="from", title="开始日期", description="放假第一天，YYYY-MM-DD")
    to: Day = Field(title="结束日期", description="放假最后一天（含当天），YYYY-MM-DD")


# A day, or {from, to}: the written form chooses which, so that a mistake is told in its own terms
OffDays = Annotated[
    Annotated[Day, Tag("~day")] | Annotated[DayRange, Tag("~range")],
    Discriminator(lambda value: "~range" if isinstance(value, (dict, DayRange)) else "~day"),
]


class HolidayYear(Schema):
    """一年的法定节假日安排（国务院办公厅通知）."""

    year: int = Field(
        ge=YEARS[0], le=YEARS[1], title="年份", description="这份安排所属的年份，如 2027"
    )
    source: Text = Field(
        min_length=1,
        title="依据",
        description="日期出自哪里，如 国务院办公厅关于2027年部分节假日安排的通知",
    )
    off: list[OffDays] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="放假",
        description="放假调休的日子：单独的日期，或 {from: 开始日期, to: 结束日期}；其中的周末可以写进去",
    )
    work: list[Day] = Field(
        default_factory=list,
        max_length=LIST_LIMIT,
        title="调休上班",
        description="调休上班的周六、周日",
    )


def load_schedules(
    rel: str, doc: Located, problems: Problems, notices: Problems | None = None
) -> list[Schedule]:
    """The years of data/holidays.yml, each mistake a problem on its line: dates outside their year,
    work days that are not weekends, a day both off and worked, a year written twice."""
    if doc.value is None:
        return []  # comments only: no year stated yet
    if not isinstance(doc.value, list):
        problems.add(
            rel, 1, "此文件应是一个列表，每年一项，以“- year: 2027”开头（见编辑指南·字段说明）"
        )
        return []
    out: dict[int, Schedule] = {}
    for index, item in enumerate(doc.value):
        try:
            year = HolidayYear.model_validate(item)
        except ValidationError as exc:
            for loc, message in translate(HolidayYear, exc):
                problems.add(rel, doc.line((index,) + loc), message)
            continue
        where = _Where(rel, doc, problems, index)
        if year.year in out:
            where.add(
                ("year",),
                f"{year.year} 年已在第 {out[year.year].line} 行写过，每年只能写一次：请把两处合并",
            )
            continue
        off: set[date] = set()
        for number, item_off in enumerate(year.off):
            first, last = (
                (item_off.start, item_off.to)
                if isinstance(item_off, DayRange)
                else (item_off, item_off)
            )
            loc = ("off", number)
            if last < first:
                where.add(loc + ("to",), f"放假结束日期 {last} 早于开始日期 {first}，请检查")
                continue
            if (last - first).days + 1 > MAX_RANGE_DAYS:
                where.add(
                    loc,
                    f"从 {first} 到 {last} 连续放假 {(last - first).days + 1} 天，超过了 {MAX_RANGE_DAYS} 天：请核对通知中的日期",
                )
                continue
            outside = [d for d in (first, last) if d.year != year.year]
            if outside:
                where.add(
                    loc,
                    f"日期 {outside[0]} 不在 {year.year} 年内：每年只写当年的日子，跨年的日子写到那一年的一项中",
                )
                continue
            day = first
            while day <= last:
                if day in off:
                    where.add(loc, f"{day} 重复写了两次，请删去一处")
                off.add(day)
                day += _ONE_DAY
        if len(off) > MAX_OFF_DAYS:
            where.add(
                ("off",),
                f"一年放假 {len(off)} 天，超过了 {MAX_OFF_DAYS} 天：请核对通知中的日期（这里只写放假调休的日子，不写平常的周末）",
            )
        work: set[date] = set()
        for number, day in enumerate(year.work):
            loc = ("work", number)
            if day.year != year.year:
                where.add(
                    loc,
                    f"日期 {day} 不在 {year.year} 年内：每年只写当年的日子，跨年的日子写到那一年的一项中",
                )
            elif day.weekday() < 5:
                where.add(
                    loc,
                    f"{day} 是{'一二三四五'[day.weekday()]}，本来就上班：work 中只写调休上班的周六、周日",
                )
            elif day in off:
                where.add(loc, f"{day} 既写在 off（放假）中，又写在 work（上班）中：请删去其中一处")
            elif day in work:
                where.add(loc, f"{day} 重复写了两次，请删去一处")
            else:
                work.add(day)
        if where.failed:
            continue
        out[year.year] = Schedule(
            year.year, year.source, frozenset(off), frozenset(work), rel, doc.line((index,))
        )
        # a year written here is known, and no longer estimated: a partial year (one festival pasted)
        # counts 元旦 or 国庆 as working days; said, though the contract lets a year be written so
        missing = [
            d
            for d in (
                date(year.year, 1, 1),
                date(year.year, 5, 1),
                *(date(year.year, 10, d) for d in (1, 2, 3)),
            )
            if d not in off
        ]
        if missing and notices is not None:
            shown = "、".join(f"{d.month}月{d.day}日" for d in missing)
            notices.add(
                rel,
                doc.line((index,)),
                f"{year.year} 年的放假日子里没有 {shown}（元旦、劳动节、国庆节每年都放假）：这一年写在这里，"
                "就按这里的日子算工作日，不再估算。请把国务院办公厅通知中的各项都写上（gongkai holidays 可以从通知全文生成）",
            )
    return list(out.values())


@dataclass
class _Where:
    rel: str
    doc: Located
    problems: Problems
    index: int
    failed: bool = False

    def add(self, loc: tuple, message: str) -> None:
        self.problems.add(self.rel, self.doc.line((self.index,) + loc), message)
        self.failed = True

"""The State Council's holiday notice (国务院办公厅关于20XX年部分节假日安排的通知) read into data/holidays.yml entries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import NamedTuple

from gongkai.data.errors import Problems
from gongkai.data.schema import YEARS
from gongkai.data.source import SourceError, parse_yaml
from gongkai.data.workdays import (
    MAX_RANGE_DAYS,
    Calendar,
    Schedule,
    library_version,
    library_year,
    load_schedules,
)

WEEKDAYS = "一二三四五六日"
_ONE_DAY = timedelta(days=1)

HEADER = (
    "# 法定节假日安排（国务院办公厅《关于20XX年部分节假日安排的通知》）。写在这里的年份以这里为准，\n"
    "# chinesecalendar 还不知道的年份也能按实际工作日计算。用 gongkai holidays 从通知全文生成，\n"
    "# 核对无误后提交；字段说明见编辑指南·字段说明。\n"
)


class NoticeError(ValueError):
    """A notice, or a data/holidays.yml, that cannot be used: every problem found, in Chinese, and
    what they stopped (said before them when there are several, or when `lead` says it)."""

    def __init__(self, problems: list[str], lead: str = ""):
        super().__init__("\n".join(problems))
        self.problems = problems
        self.lead = lead

    def __str__(self) -> str:
        if len(self.problems) == 1 and not self.lead:
            return self.problems[0]
        lead = self.lead or f"有 {len(self.problems)} 处对不上，没有生成："
        return lead + "\n" + "\n".join(f"  {p}" for p in self.problems)


class Days(NamedTuple):
    """Days as an entry writes them: a run of days off (first to last), or one make-up working day
    (first == last), and the holiday they belong to."""

    first: date
    last: date
    holiday: str


@dataclass(frozen=True)
class Entry:
    """One year of data/holidays.yml: its days off, its make-up working days, where they come from,
    and the comment lines written under `- year:`."""

    year: int
    source: str
    off: tuple[Days, ...]
    work: tuple[Days, ...]
    notes: tuple[str, ...] = ()

    def off_days(self) -> dict[date, str]:
        """Every day off (weekends inside ranges included), with its holiday."""
        out = {}
        for days in self.off:
            day = days.first
            while day <= days.last:
                out[day] = days.holiday
                day += _ONE_DAY
        return out

    def work_days(self) -> dict[date, str]:
        """Every make-up working day, with its holiday."""
        return {days.first: days.holiday for days in self.work}

    def schedule(self) -> Schedule:
        """The year as the calendar reads it."""
        return Schedule(
            self.year, self.source, frozenset(self.off_days()), frozenset(self.work_days())
        )


# -- reading a notice ------------------------------------------------------------------------------

# A page or a chat may turn the notice's punctuation or digits half- or full-width: read them one way,
# full-width punctuation as on gov.cn, so that a message quotes the notice as the clerk sees it.
_NORMAL = str.maketrans(
    {
        ":": "：",
        "(": "（",
        ")": "）",
        ",": "，",
        ";": "；",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
_TITLE = re.compile(r"国务院办公厅关于(\d{4})年部分节假日安排的通知")
_NUMBER = re.compile(r"国办发明电〔\d{4}〕\d+号")
_FESTIVAL = r"(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)"
# An item starts a line or follows a full stop: "二、春节：", "六、国庆节、中秋节：", or a bare "元旦：".
_ITEM = re.compile(
    rf"(?<![^\n。])((?:[一二三四五六七八九十]+、)?({_FESTIVAL}(?:、{_FESTIVAL})*)：)"
)
_DAY = r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:（[^（）]*）)?"
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^（）]*)）)?")
_OFF = re.compile(rf"({_DAY})(?:至({_DAY}))?(?:放假|补休)(?:调休|公休)?(?:(\d+)天)?")
_WORK = re.compile(rf"{_DAY}(?:、{_DAY})*上班")
_COUNT = re.compile(r"共(\d+)天")
_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
# What a clause must not say unread: a verb that sets days, or a date with its weekday.
_SETS_DAYS = re.compile(r"放假|补休|调休|上班|日（[^（）]*(?:星期|周)[一二三四五六日天]")


def parse_notice(text: str, year: int | None = None) -> list[Entry]:
    """The entries a notice sets: its own year first, then each other year it names a day of."""
    text = re.sub(r"[^\S\n]+", "", text.translate(_NORMAL))
    flat = text.replace("\n", "")
    titled = _TITLE.search(flat)
    if titled is None and year is None:
        raise NoticeError(
            [
                "没有找到通知的标题“国务院办公厅关于20XX年部分节假日安排的通知”："
                "请连标题一起粘贴，或指明年份（gongkai holidays --year 2027）"
            ]
        )
    if titled is not None and year is not None and int(titled.group(1)) != year:
        raise NoticeError([f"通知的标题是 {titled.group(1)} 年，指明的年份却是 {year} 年：请核对"])
    year = int(titled.group(1)) if titled else year
    if not YEARS[0] < year < YEARS[1]:  # a date a year either side must exist
        raise NoticeError([f"年份 {year} 不对：只能是 {YEARS[0] + 1} 到 {YEARS[1] - 1} 年之间"])
    source = f"国务院办公厅关于{year}年部分节假日安排的通知"
    number = _NUMBER.search(flat)
    if number:
        source += f"（{number.group()}）"
    marks = list(_ITEM.finditer(text))
    if not marks:
        raise NoticeError(
            [
                "没有找到“一、元旦：……”这样的放假安排：请粘贴通知全文（从标题到落款），或至少粘贴各项安排"
            ]
        )
    reader = _Reader(year)
    for mark, after in zip(marks, marks[1:] + [None], strict=True):
        body = text[mark.end() : after.start() if after else len(text)].replace("\n", "")
        reader.read_item(mark.group(1), mark.group(2), body)
    reader.check_days()
    if reader.problems:
        raise NoticeError(reader.problems)
    # each year is an entry of its own: a range across the new year is cut at it
    off = [piece for days in reader.off for piece in _by_year(days)]
    years = sorted({days.first.year for days in off + reader.work}, key=lambda y: (y != year, y))
    return [
        Entry(
            y,
            source,
            tuple(d for d in off if d.first.year == y),
            tuple(d for d in reader.work if d.first.year == y),
        )
        for y in years
    ]


def _by_year(days: Days) -> list[Days]:
    if days.first.year == days.last.year:
        return [days]
    new_year = date(days.last.year, 1, 1)
    return [days._replace(last=new_year - _ONE_DAY), days._replace(first=new_year)]


@dataclass
class _Reader:
    """The days of a notice's items, read sentence by sentence, and every mismatch found."""

    year: int
    off: list[Days] = field(default_factory=list)
    work: list[Days] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def read_item(self, mark: str, holiday: str, body: str) -> None:
        """One item: "…放假调休，共N天" sets days off, "…上班" make-up days; advice ("鼓励……") and
        sentences that set nothing are passed over."""
        found, told = len(self.off), len(self.problems)
        pieces = body.split("。")
        for index, sentence in enumerate(pieces):
            if not sentence or sentence.startswith("鼓励"):
                continue
            stop = "。" if index < len(pieces) - 1 else ""
            quote = f"“{mark}{'……' if index else ''}{sentence}{stop}”"
            in_sentence: list[Days] = []
            read_off = False  # a range told wrong is not told again by its count
            for clause in re.split("[，；]", sentence):
                if off := _OFF.fullmatch(clause):
                    read_off = True
                    days = self._off(off, holiday, quote)
                    if days is not None:
                        in_sentence.append(days)
                        if off.group(3):
                            self._count(int(off.group(3)), in_sentence, quote)
                elif (count := _COUNT.fullmatch(clause)) and (in_sentence or not read_off):
                    self._count(int(count.group(1)), in_sentence, quote)
                elif _WORK.fullmatch(clause):
                    self._work(clause, holiday, quote)
                elif _DATE.search(clause) and _SETS_DAYS.search(clause):
                    self.problems.append(
                        f"{quote}：看不懂“{clause}”说的是放假还是上班。请对照通知原文改正；"
                        "原文就是这样写的，请照编辑指南手工填写 data/holidays.yml"
                    )
            self.off.extend(in_sentence)
        if len(self.off) == found and len(self.problems) == told:
            self.problems.append(
                f"“{mark}……”中没有找到放假的日期：请对照通知原文，粘贴这一项的全文"
            )

    def _date(self, match: re.Match, previous: date | None, quote: str) -> date | None:
        """A date as written: a day alone takes the year and month before it, a month alone the
        notice's year; its weekday in brackets, if any, must be its own."""
        year, month, day, note = match.groups()
        if month is None and previous is None:
            self.problems.append(f"{quote}：“{match.group()}”没有写月份：请对照通知原文改正")
            return None
        if month is None:
            year, month = previous.year, previous.month
        try:
            found = date(int(year or self.year), int(month), int(day))
        except ValueError:
            self.problems.append(
                f"{quote}：没有 {year or self.year}年{month}月{day}日 这一天：请对照通知原文改正"
            )
            return None
        if abs(found.year - self.year) > 1:
            self.problems.append(f"{quote}：{found} 不在 {self.year} 年前后：请对照通知原文改正")
            return None
        weekday = _WEEKDAY.search(note or "")
        if weekday and WEEKDAYS.index(weekday.group(1).replace("天", "日")) != found.weekday():
            self.problems.append(
                f"{quote}：{found.month}月{found.day}日写的是“{weekday.group()}”，"
                f"而 {found} 是星期{WEEKDAYS[found.weekday()]}：请对照通知原文改正"
            )
        return found

    def _off(self, match: re.Match, holiday: str, quote: str) -> Days | None:
        first = self._date(_DATE.fullmatch(match.group(1)), None, quote)
        if first is None:
            return None
        last = first
        if match.group(2):
            last = self._date(_DATE.fullmatch(match.group(2)), first, quote)
            if last is None:
                return None
        if last < first:
            self.problems.append(
                f"{quote}：放假到 {last}，早于开始的 {first}：跨年的日期请写上年份，请对照通知原文改正"
            )
            return None
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            self.problems.append(
                f"{quote}：从 {first} 到 {last} 连续放假 {(last - first).days + 1} 天，超过了 {MAX_RANGE_DAYS} 天：请对照通知原文改正"
            )
            return None
        return Days(first, last, holiday)

    def _count(self, count: int, in_sentence: list[Days], quote: str) -> None:
        """共N天 (or 放假N天) is the span of the days off before it in the sentence, weekends included."""
        if not in_sentence:
            self.problems.append(f"{quote}：“共{count}天”前面没有放假的日期：请对照通知原文改正")
            return
        first, last = min(d.first for d in in_sentence), max(d.last for d in in_sentence)
        span = (last - first).days + 1
        if span != count:
            dates = f"{first} 至 {last} 是" if first != last else f"{first} 只有"
            self.problems.append(
                f"{quote}：写的是共 {count} 天，而 {dates} {span} 天：请对照通知原文改正"
            )

    def _work(self, clause: str, holiday: str, quote: str) -> None:
        previous = None
        for match in _DATE.finditer(clause):
            day = self._date(match, previous, quote)
            if day is None:
                return
            previous = day
            if day.weekday() < 5:
                self.problems.append(
                    f"{quote}：调休上班的 {day} 是星期{WEEKDAYS[day.weekday()]}，不是周六或周日：请对照通知原文改正"
                )
            else:
                self.work.append(Days(day, day, holiday))

    def check_days(self) -> None:
        """No day off twice, no day both off and worked."""
        seen: dict[date, str] = {}
        for days in self.off:
            day = days.first
            while day <= days.last:
                if day in seen:
                    self.problems.append(
                        f"{day} 在“{seen[day]}”和“{days.holiday}”中都写了放假：请对照通知原文改正"
                    )
                seen.setdefault(day, days.holiday)
                day += _ONE_DAY
        for days in self.work:
            if days.first in seen:
                self.problems.append(
                    f"{days.first} 既在“{seen[days.first]}”中放假，又在“{days.holiday}”中上班：请对照通知原文改正"
                )


# -- the years a notice reaches -----------------------------------------------------------------------


def complete(entries: list[Entry], calendar: Calendar) -> list[Entry]:
    """The entries to write, each noting how it compares with what is known. A day the notice sets
    in another year (the 2023 notice set 2022-12-31) needs that whole year, because a year written
    replaces all that is known of it: the year as data/holidays.yml or the library knows it, with
    the notice's days added; left out when it already says the same; the notice's days alone, said
    so, when nothing is known of it."""
    own, others = entries[0], entries[1:]
    notes = [_compare(own, calendar)]
    out = []
    for entry in others:
        status = {day: False for day in entry.off_days()} | {day: True for day in entry.work_days()}
        days = "、".join(
            f"{day}（{'上班' if working else '放假'}）" for day, working in sorted(status.items())
        )
        if not calendar.knows(entry.year):
            notes.append(f"本通知还定了 {entry.year} 年的 {days}，写在下面 {entry.year} 年的一项中")
            out.append(
                replace(
                    entry,
                    notes=(
                        f"只有《{own.source}》定的这几天：{entry.year} 年其余的放假和调休上班日子还不知道，"
                        f"请照《国务院办公厅关于{entry.year}年部分节假日安排的通知》补上（写在这里的年份以这里为准，没写的节日会按工作日算）",
                    ),
                )
            )
            continue
        where = _known_as(entry.year, calendar)
        if all(calendar.is_working_day(day) == working for day, working in status.items()):
            notes.append(
                f"本通知还定了 {entry.year} 年的 {days}：{where} {entry.year} 年安排已经如此，不用另写"
            )
            continue
        off, work, source = _known(entry.year, calendar)
        off = {day: name for day, name in off.items() if day not in status} | entry.off_days()
        work = {day: name for day, name in work.items() if day not in status} | entry.work_days()
        notes.append(f"本通知还定了 {entry.year} 年的 {days}，补进了下面 {entry.year} 年的一项")
        out.append(
            Entry(
                entry.year,
                f"{source}；{entry.source}",
                _runs(off),
                tuple(Days(day, day, name) for day, name in sorted(work.items())),
                (f"{where} {entry.year} 年安排，加上《{own.source}》定的 {days}",),
            )
        )
    return [replace(own, notes=tuple(notes)), *out]


def _known_as(year: int, calendar: Calendar) -> str:
    return (
        "data/holidays.yml 中已写的"
        if year in calendar.stated
        else f"chinesecalendar {library_version()} 所知的"
    )


def _compare(entry: Entry, calendar: Calendar) -> str:
    """How the notice's own year compares with what is known of it."""
    if not calendar.knows(entry.year):
        return (
            f"chinesecalendar {library_version()} 还不知道 {entry.year} 年的安排：写入后，"
            f"跨入 {entry.year} 年的公示期和办理时限按这份安排计算，不再是“暂定”"
        )
    schedule, where = entry.schedule(), _known_as(entry.year, calendar)
    day, differ = date(entry.year, 1, 1), []
    while day.year == entry.year:
        if schedule.is_working_day(day) != calendar.is_working_day(day):
            differ.append(f"{day}（本通知：{'上班' if schedule.is_working_day(day) else '放假'}）")
        day += _ONE_DAY
    if not differ:
        return f"与 {where} {entry.year} 年安排一致（写不写都可以）"
    shown = "、".join(differ[:10]) + ("等" if len(differ) > 10 else "")
    return f"与 {where} {entry.year} 年安排有 {len(differ)} 天不同：{shown}；写入后以这里为准"


def _known(year: int, calendar: Calendar) -> tuple[dict[date, str], dict[date, str], str]:
    """A known year's days off and make-up days, with their holidays, and where they come from."""
    if year in calendar.stated:
        stated = calendar.stated[year]
        return dict.fromkeys(stated.off, ""), dict.fromkeys(stated.work, ""), stated.source
    off, work = library_year(year)
    return off, work, f"chinesecalendar {library_version()} 所知的 {year} 年安排"


def _runs(days: dict[date, str]) -> tuple[Days, ...]:
    """Days off as runs of consecutive days of one holiday, none longer than a range may be."""
    runs: list[Days] = []
    for day, holiday in sorted(days.items()):
        run = runs[-1] if runs else None
        if (
            run
            and run.last + _ONE_DAY == day
            and run.holiday == holiday
            and (day - run.first).days < MAX_RANGE_DAYS
        ):
            runs[-1] = run._replace(last=day)
        else:
            runs.append(Days(day, day, holiday))
    return tuple(runs)


# -- data/holidays.yml --------------------------------------------------------------------------------


def render_entries(entries: list[Entry]) -> str:
    """The entries as data/holidays.yml text: ranges as {from, to}, each day commented with its
    holiday, the notes as comments under `- year:`."""
    blocks = []
    for entry in entries:
        lines = [f"- year: {entry.year}", *(f"  # {note}" for note in entry.notes)]
        lines.append(f"  source: {_scalar(entry.source)}")
        lines.append("  off:" if entry.off else "  off: []")
        for days in entry.off:
            count = (days.last - days.first).days + 1
            value = str(days.first) if count == 1 else f"{{from: {days.first}, to: {days.last}}}"
            comment = days.holiday + (f"，共 {count} 天" if count > 1 else "")
            lines.append(f"    - {value}" + (f"  # {comment}" if comment else ""))
        lines.append("  work:" if entry.work else "  work: []")
        for days in entry.work:
            comment = "，".join(
                filter(None, (days.holiday, f"星期{WEEKDAYS[days.first.weekday()]}"))
            )
            lines.append(f"    - {days.first}  # {comment}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _scalar(text: str) -> str:
    """Text as a YAML value: plain when nothing in it means something to YAML, else double-quoted."""
    if re.search(r"[:#{}\[\],&*!|>'\"%@`]|^[-?\s]|\s$", text) or not text:
        return json.dumps(text, ensure_ascii=False)
    return text


def load_stated(text: str, rel: str) -> list[Schedule]:
    """The years a data/holidays.yml text states; a text that a build would refuse raises
    NoticeError with each problem on its line."""
    lead = f"{rel} 有问题，请先改正（gongkai check 会列出同样的问题）："
    try:
        doc = parse_yaml(text)
    except SourceError as exc:
        raise NoticeError([f"{rel}:{exc.line}: {exc.message}"], lead) from exc
    if doc.value is None:
        return []
    problems = Problems()
    schedules = load_schedules(rel, doc, problems)
    if problems:
        raise NoticeError([str(p) for p in sorted(problems, key=lambda p: p.line)], lead)
    return schedules


def insert_entries(
    text: str | None, entries: list[Entry], rel: str, replace_existing: bool = False
) -> tuple[str, dict[int, str]]:
    """data/holidays.yml's text (None: no file yet) with the entries written in, and for each year
    what was done: "added" at the end, "same" (already written alike, left alone) or "replaced" in
    place, which only replace_existing allows. Every other entry and comment stays as it is, and
    the result must load as a build would load it."""
    text = HEADER if text is None or not text.strip() else text
    stated = {schedule.year: schedule for schedule in load_stated(text, rel)}
    done: dict[int, str] = {}
    refused = []
    for entry in entries:
        before, now = stated.get(entry.year), entry.schedule()
        if before is None:
            done[entry.year] = "added"
        elif (before.off, before.work) == (now.off, now.work):
            done[entry.year] = "same"
        elif replace_existing:
            done[entry.year] = "replaced"
        else:
            refused.append(
                f"{rel} 第 {before.line} 行已经写了 {entry.year} 年，与这份通知不同：要用这份通知替换它，请加上 --replace"
            )
    if refused:
        raise NoticeError(refused, "没有写入：")
    lines = text.split("\n")
    spans = _spans(lines, stated)
    # bottom up, so that the lines of the spans above stay where they are
    replaced = [entry for entry in entries if done[entry.year] == "replaced"]
    for entry in sorted(replaced, key=lambda entry: spans[entry.year], reverse=True):
        start, end = spans[entry.year]
        lines[start:end] = render_entries([entry]).rstrip("\n").split("\n")
    out = "\n".join(lines).rstrip("\n") + "\n"
    added = [entry for entry in entries if done[entry.year] == "added"]
    if added:
        out += "\n" + render_entries(added)
    try:
        written = {schedule.year: schedule for schedule in load_stated(out, rel)}
    except NoticeError:
        written = {}
    for entry in entries:  # what a build will read is what was parsed
        now, read = entry.schedule(), written.get(entry.year)
        if read is None or (read.off, read.work) != (now.off, now.work):
            raise NoticeError(
                [
                    f"{rel} 的写法特殊（例如整个文件写在方括号里），无法在其中加上 {entry.year} 年：请把生成的内容手工粘贴进去"
                ],
                "没有写入：",
            )
    return out, done


def _spans(lines: list[str], stated: dict[int, Schedule]) -> dict[int, tuple[int, int]]:
    """The lines of each year's entry, [start, end) counted from 0: from its "- " line to the next
    entry, less the blank lines and margin comments just above that one (they belong to it)."""
    starts = {}
    for year, schedule in stated.items():
        at = schedule.line - 1
        while at > 0 and not lines[at].lstrip().startswith("-"):
            at -= 1
        starts[year] = at
    spans = {}
    for year, start in starts.items():
        end = min((s for s in starts.values() if s > start), default=len(lines))
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        spans[year] = (start, end)
    return spans

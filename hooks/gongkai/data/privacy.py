"""The privacy guard: resident ID numbers, bank card numbers and mobile numbers never get published.

The scanner normalises before it matches, so that a number is found however a person, an input
method or a word processor wrote it:

* any Unicode decimal digit counts (full-width １３９…, Arabic-Indic, Devanagari, mathematical 𝟏𝟑…),
  and the ID's check character may be any character that NFKC folds to X (Ｘ, ｘ, Ⅹ, 𝐗 …);
* digit groups may be separated by one or two separators: a run of spaces of any length counts
  as one, as a browser shows it (every Zs: U+0020, U+00A0, U+202F, U+3000 …), and dashes count one
  each (every Pd and U+2212 minus: - ‐ ‑ ‒ – — － …), as in ``370802 19900307 1236`` or
  ``139   1234   5678``. Tabs and line breaks end a number: they part the columns and lines of
  pasted tables (``一车间\t1350\t1200\t980``); in rendered Markdown, where a browser joins the lines
  of a paragraph, visible_text() has already made them one space;
* format characters (Cf: U+200B, U+00AD, U+FEFF …) and combining marks (Mn, Me) are ignored;
* a number may follow Latin letters or a hyphen (``zhangsan370802199003071236``).

How it works: a compiled pattern finds *digit clusters* (a digit, then digits, separators and
ignorable characters, ending in a digit or in an X right after one); clusters with fewer than 11
digits cost nothing more. A cluster is cut into digit groups at its separators (a run of more than
two separators ends the cluster's segment), and windows of consecutive whole groups are tried:

* resident ID: exactly 18 characters, a real birth date (year 1900–2100) and the right check
  character, split only where its fields end (after 3 or 6: region; 10, 12, 14: year, month, day;
  17: sequence), as in 18, 6-8-4, 6-4-4-4, 6-8-3-1, 3-3-4-4-4, or in fours (4-4-4-4-2). Any other
  split is refused: coordinates in inline SVG icons (``1 1-416 0 208 208 0 1 1 416``) would
  otherwise now and then give a valid date and check character;
* bank card: 16–19 digits, not starting with 0, passing the Luhn check; every group but the last
  has 4–6 digits (4-4-4-4, 4-4-4-4-3, 6-13, a single group …). Two eight-digit groups
  (``20260101-20261231``, a date range, one in ten of which passes Luhn) are therefore not a card;
* mobile: 11 digits 1[3-9]… grouped 11, 3-4-4, 3-8 or 7-4: the Chinese 3-4-4 and the same with
  one of its two separators. Not 4-4-3: nobody writes a phone so, and a row of a table does
  (``1350 1200 980``). Other splits of 11 digits
  (2-3-3-3 is an amount in thousands, 4-7 a landline with its area code) are not phone numbers.
  ``+86``/``0086`` may precede as a group of its own or fused (``+8613812345678``, ``008613…``).

A digit group directly followed by a point and one or two digits (``13953712345.00``), or preceded
by a digit and a point, is part of a decimal amount and never part of a number. Findings do not
overlap: IDs first, then cards, then mobile numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, unquote_plus

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Birth years 1900-2100, fixed: the verdict on a text never depends on the day of the build (the
# loader and the publisher's check of a later day agree), and a bound at "today" would cut random
# hits by a third at most, where the check character already cuts them by eleven.
_YEARS = (1900, 2100)
_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# An ID's groups end where its fields do (370 802 | 1990 | 03 | 07 | 123 | 6) or every four digits.
_ID_FIELD_CUTS = frozenset((3, 6, 10, 12, 14, 17))
_ID_FOUR_CUTS = frozenset((4, 8, 12, 16))
_LABELS = {"resident_id": "身份证号", "bank_card": "银行卡号", "mobile": "手机号码"}


def _code_points() -> dict[str, list[tuple[int, int]]]:
    """The ranges of decimal digits (Nd), separators (Zs, Pd, U+2212), ignorables (Cf, Mn, Me) and
    the letters that NFKC folds to x or X, each range a (first, last) pair of code points.

    Only planes 0, 1 and 14 are enumerated (some 20 ms at import, a sixth of the whole range):
    planes 2 and 3 hold CJK ideographs only, planes 4 to 13 are unassigned and planes 15 and 16 are
    private use, so none of them has a digit, a space, a dash, a format character or a mark.
    """
    codes = {
        "Nd": "d",
        "Zs": "s",
        "Pd": "s",
        "Cf": "i",
        "Mn": "i",
        "Me": "i",
        "Lu": "l",
        "Ll": "l",
        "Lm": "l",
        "Nl": "l",
    }
    found: dict[str, list[tuple[int, int]]] = {"d": [], "s": [(0x2212, 0x2212)], "i": [], "l": []}
    for span in (range(0x20000), range(0xE0000, 0xF0000)):
        # one letter per code point, so that a regex finds the runs of each class
        categories = "".join([codes.get(c, ".") for c in map(unicodedata.category, map(chr, span))])
        for match in re.finditer(r"d+|s+|i+|l+", categories):
            first, last = span.start + match.start(), span.start + match.end() - 1
            found[match.group()[0]].append((first, last))
    x_like = [
        (cp, cp)
        for first, last in found["l"]
        for cp in range(first, last + 1)
        if unicodedata.normalize("NFKC", chr(cp)).casefold() == "x"
    ]
    return {"digit": found["d"], "sep": sorted(found["s"]), "ignorable": found["i"], "x": x_like}


def _char_class(ranges: list[tuple[int, int]]) -> str:
    """The inside of a regex [...] class (literal characters parse faster than escapes)."""
    return "".join(
        re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last)))
        for first, last in ranges
    )


def _cluster_pattern(plane0_only: bool) -> re.Pattern[str]:
    """A digit with ten more digits ahead (give or take separators and ignorables; the first,
    cruder lookahead refuses most digit runs, dates and amounts, at once), then the run up to its
    last digit and an X right after it. Digits, separators and ignorables are disjoint classes:
    whatever fails, fails after one pass over the run, never after trying ways to split it."""
    ranges = [_CODE_POINTS[name] for name in ("digit", "sep", "ignorable", "x")]
    if plane0_only:
        ranges = [[(a, min(b, 0xFFFF)) for a, b in some if a <= 0xFFFF] for some in ranges]
    d, s, i, x = map(_char_class, ranges)
    return re.compile(
        rf"[{d}](?=[{d}{s}{i}]{{10}})(?=(?:[{s}{i}]*[{d}]){{10}})"
        rf"(?:[{d}{s}{i}]*[{d}])?(?:[{i}]*[{x}])?"
    )


_CODE_POINTS = _code_points()
_D, _I = _char_class(_CODE_POINTS["digit"]), _char_class(_CODE_POINTS["ignorable"])
# Python's regex engine tests a character against the classes' code points beyond U+FFFF one range
# after another, which made the scan ten times slower: a text without such characters (nearly all
# texts) uses classes without them.
_CLUSTER = _cluster_pattern(plane0_only=False)
_CLUSTER_BMP = _cluster_pattern(plane0_only=True)
_GROUP = re.compile(rf"[{_D}][{_D}{_I}]*")
# What may stand between the groups of a number (separators and invisible characters), as a class
# of plane 0 for other modules' patterns: r"\d[{GAP}]*<" is a digit, then maybe a gap, then a tag.
GAP = "".join(
    _char_class([(a, min(b, 0xFFFF)) for a, b in _CODE_POINTS[name] if a <= 0xFFFF])
    for name in ("sep", "ignorable")
)
_WHITE_RUN = re.compile(r"\s+")  # within a cluster: spaces, however many
_DECIMAL_AFTER = re.compile(rf"[.．﹒][{_D}]{{1,2}}(?![{_D}])")
_POINTS = ".．﹒"
# for str.translate: every non-ASCII decimal digit to its ASCII digit, every ignorable to nothing
_TO_ASCII: dict[int, str | None] = {
    cp: str(unicodedata.decimal(chr(cp)))
    for first, last in _CODE_POINTS["digit"]
    for cp in range(max(first, 0x80), last + 1)
}
_TO_ASCII.update(
    (cp, None) for first, last in _CODE_POINTS["ignorable"] for cp in range(first, last + 1)
)
_X_CHARS = frozenset(chr(first) for first, _ in _CODE_POINTS["x"])
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


@dataclass(frozen=True)
class Finding:
    """A piece of personal information found in a text, shown only in masked form.

    offset is the index in the scanned text of the number's first character (for a mobile number
    after +86, of its leading 1); its line is text.count("\\n", 0, offset).
    """

    number_type: str  # "resident_id" | "bank_card" | "mobile"
    masked: str
    offset: int

    @property
    def label(self) -> str:
        """The Chinese name of what was found."""
        return _LABELS[self.number_type]


def _valid_id(chars: str) -> bool:
    """For 18 ASCII characters [0-9]{17}[0-9X]: a real birth date, the right check character."""
    month, day = chars[10:12], chars[12:14]
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return False
    year = int(chars[6:10])
    if not _YEARS[0] <= year <= _YEARS[1]:
        return False
    if int(day) > _DAYS[int(month)] or (month == "02" and day == "29" and not _leap(year)):
        return False
    total = sum(int(d) * w for d, w in zip(chars, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == chars[17]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def is_resident_id(text: str) -> bool:
    """True for an 18-character resident ID number: a real birth date, the right check character.

    Unicode digits count as digits, an NFKC X as X, and invisible characters are ignored.
    """
    chars = text.translate(_TO_ASCII)
    if chars and chars[-1] in _X_CHARS:
        chars = chars[:-1] + "X"
    return bool(_ID_SHAPE.fullmatch(chars)) and _valid_id(chars)


def passes_luhn(digits: str) -> bool:
    """True when a string of digits passes the Luhn check used by bank card numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _mask(text: str, keep_head: int, keep_tail: int) -> str:
    return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[-keep_tail:]


def scan(text: str, *, allow_phone: bool = False) -> list[Finding]:
    """Every ID number, card number and (unless allowed) mobile number in text, in text order."""
    findings: list[Finding] = []
    # UTF-16 needs two bytes a character unless the text has characters beyond U+FFFF
    plane0 = len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)
    for match in (_CLUSTER_BMP if plane0 else _CLUSTER).finditer(text):
        findings.extend(_scan_cluster(text, match.start(), match.end(), allow_phone))
    return findings


class _Group:
    __slots__ = ("digits", "end", "start")

    def __init__(self, digits: str, start: int, end: int) -> None:
        self.digits, self.start, self.end = digits, start, end


def _scan_cluster(text: str, start: int, end: int, allow_phone: bool) -> list[Finding]:
    """The findings in one digit cluster text[start:end]."""
    segments: list[list[_Group]] = [[]]
    count = 0
    previous = -1
    for match in _GROUP.finditer(text, start, end):
        first, last = match.span()
        if previous >= 0:
            gap = text[previous:first]
            if not gap.isascii():
                gap = gap.translate(_TO_ASCII)
            if len(gap) > 2 and len(_WHITE_RUN.sub(" ", gap)) > 2:
                segments.append([])
        raw = match.group()
        digits = raw if raw.isascii() else raw.translate(_TO_ASCII)
        segments[-1].append(_Group(digits, first, last))
        count += len(digits)
        previous = last
    if count < 11:
        return []
    x_end = end if previous < end else -1  # the cluster ends in an X: the last group may take it
    if x_end < 0 and _DECIMAL_AFTER.match(text, end):
        segments[-1].pop()  # 13953712345.00 is an amount
    if start >= 2 and text[start - 1] in _POINTS and text[start - 2].isdecimal() and segments[0]:
        segments[0].pop(0)  # so is the fraction of 0.13953712345
    ids: list[tuple[int, int, str]] = []
    cards: list[tuple[int, int, str]] = []
    mobiles: list[tuple[int, int, str]] = []
    for index, groups in enumerate(segments):
        if sum(len(g.digits) for g in groups) < 11:
            continue
        takes_x = x_end >= 0 and index == len(segments) - 1
        _windows(text, groups, takes_x, x_end, ids, cards, mobiles if not allow_phone else None)
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for number_type, candidates, head, tail in (
        ("resident_id", ids, 4, 4),
        ("bank_card", cards, 4, 4),
        ("mobile", mobiles, 3, 4),
    ):
        for first, last, chars in candidates:
            if not any(s < last and first < e for s, e in taken):
                taken.append((first, last))
                findings.append(Finding(number_type, _mask(chars, head, tail), first))
    findings.sort(key=lambda found: found.offset)
    return findings


def _windows(
    text: str,
    groups: list[_Group],
    takes_x: bool,
    x_end: int,
    ids: list,
    cards: list,
    mobiles: list | None,
) -> None:
    """The candidate windows of consecutive whole groups of one segment, as (start, end, chars)."""
    lengths = [len(g.digits) for g in groups]
    count = len(groups)
    joined = "".join(g.digits for g in groups)
    at = [0]
    for length in lengths:
        at.append(at[-1] + length)
    # resident IDs: 18 characters cut at their fields or in fours (two pointers: one window a start)
    stop = total = 0
    for begin in range(count):
        if stop <= begin:
            stop, total = begin, 0
        while stop < count and total + lengths[stop] <= 18:
            total += lengths[stop]
            stop += 1
        if (
            total == 18
            and _id_grouping(at, begin, stop)
            and _valid_id(joined[at[begin] : at[stop]])
        ):
            ids.append((groups[begin].start, groups[stop - 1].end, joined[at[begin] : at[stop]]))
        elif (
            total == 17
            and takes_x
            and stop == count
            and _id_grouping(at, begin, stop)
            and _valid_id(joined[at[begin] :] + "X")
        ):
            ids.append((groups[begin].start, x_end, joined[at[begin] :] + "X"))
        if stop > begin:
            total -= lengths[begin]
    # bank cards: 16-19 digits, all groups but the last of 4-6 digits; the longest window wins
    for begin in range(count):
        total, ends = 0, []
        for stop in range(begin, count):
            total += lengths[stop]
            if total > 19:
                break
            if total >= 16:
                ends.append(stop)
            if not 4 <= lengths[stop] <= 6:
                break
        for stop in reversed(ends):
            digits = joined[at[begin] : at[stop + 1]]
            if digits[0] != "0" and passes_luhn(digits):
                cards.append((groups[begin].start, groups[stop].end, digits))
                break
    if mobiles is None:
        return
    # mobile numbers: 11; 3-4-4; 3-8; 7-4; fused after +86 or 0086
    for begin in range(count):
        shape = tuple(lengths[begin : begin + 3])
        if shape[:1] == (11,):
            stop = begin
        elif shape[:2] in ((3, 8), (7, 4)):
            stop = begin + 1
        elif shape == (3, 4, 4):
            stop = begin + 2
        elif shape[:1] in ((13,), (15,)):
            group = groups[begin]
            prefix = "86" if shape[0] == 13 else "0086"
            if group.digits.startswith(prefix):
                digits = group.digits[len(prefix) :]
                if digits[0] == "1" and digits[1] in "3456789":
                    mobiles.append((_nth_digit(text, group, len(prefix)), group.end, digits))
            continue
        else:
            continue
        digits = joined[at[begin] : at[stop + 1]]
        if digits[1] in "3456789" and digits[0] == "1":
            mobiles.append((groups[begin].start, groups[stop].end, digits))


def _nth_digit(text: str, group: _Group, n: int) -> int:
    """The offset in text of the digit at index n of a group (ignorables may sit between digits)."""
    seen = -1
    for offset in range(group.start, group.end):
        if text[offset].isdecimal():
            seen += 1
            if seen == n:
                return offset
    return group.start


def _id_grouping(at: list[int], begin: int, stop: int) -> bool:
    """Whether groups begin..stop-1 split an ID where people do: between its fields, or in fours."""
    if stop - begin > 7:
        return False
    cuts = {at[index] - at[begin] for index in range(begin + 1, stop)}
    return cuts <= _ID_FIELD_CUTS or cuts <= _ID_FOUR_CUTS


# -- rendered Markdown ---------------------------------------------------------------------------

_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    }
)
_URL_ATTRIBUTES = frozenset(("href", "src", "title", "alt"))
# Between texts that must not read as one number (table cells, separate fields joined for one
# scan): a line break, after a character that is neither a digit, a separator nor invisible.
BREAK = "\x1e\n"
# HTML's white space; NBSP and U+3000 are shown as they are
_HTML_WHITE = re.compile(r"[ \t\n\f\r]+")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[str] = []
        self.pre = 0  # inside <pre>: white space stays as written

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCKS:
            self.parts.append(BREAK)
        for name, value in attrs:
            if name in _URL_ATTRIBUTES and value:
                self.attributes.append(unquote(value))
                if "+" in value:
                    self.attributes.append(unquote_plus(value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCKS:
            self.parts.append(BREAK)

    def handle_data(self, data: str) -> None:
        # a browser shows a run of white space, line breaks included, as one space (not in <pre>)
        self.parts.append(data if self.pre else _HTML_WHITE.sub(" ", data))

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):  # text inside SVG and MathML
            self.parts.append(data[6:])

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # <![foo[ …: a bogus comment up to the next ">", as browsers read it
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1


def visible_text(html: str) -> str:
    """The text of (sanitised) HTML as a reader and a copy-paste get it, for the privacy scan.

    Comments go; block-level tags (p, li, td, br …) become BREAK so that table cells do not fuse;
    white space outside <pre>, line breaks included, becomes one space, as a browser shows it;
    inline tags (strong, em, code, a, span …) go without a trace so that 139<b>5371</b>2345 reads
    as one number; character references are unescaped; the values of href, src, title and alt,
    unescaped and percent-decoded, follow on lines of their own.
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts) + BREAK + BREAK.join(parser.attributes)

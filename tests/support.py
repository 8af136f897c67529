"""What the tests share: the repository's paths, the demo's day, tiny data folders and real builds
of the project, reading a built site as text, and the Hypothesis strategies of numbers and text.
Test modules import from here, never from each other; conftest.py holds the fixtures."""

from __future__ import annotations

import csv
import gzip
import html
import http.server
import io
import os
import re
import shutil
import string
import subprocess
import sys
import unicodedata
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import strategies as st

from gongkai.data.errors import DataError
from gongkai.data.load import Loader
from gongkai.data.privacy import is_resident_id
from gongkai.tools.imports import workbook as reading

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 25)
EPOCH = "1795579200"  # 2026-11-25 12:00 Asia/Shanghai
DEMO_NOON = datetime(2026, 11, 25, 4, tzinfo=UTC)  # the same moment, for the browser's clock
DAY = 86400  # seconds, to move SOURCE_DATE_EPOCH by days
SITE_URL = "http://gongkai.xingye.local/"  # the demo's site_url
GONGKAI = str(Path(sys.executable).with_name("gongkai"))  # the console script pip installed

# the record files of the small data folders the rule tests write
D = "data/disclosures/x.yml"
A = "data/allocations/a.yml"


def gongkai(project: Path, *args: str, **run) -> subprocess.CompletedProcess:
    """The editors' command, run as a clerk runs it in the project folder, on the demo's day
    (`run` goes to subprocess.run: input=, stdin=, timeout=)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.run(
        [GONGKAI, *args], cwd=project, env=env, capture_output=True, text=True, **run
    )


UNITS = """\
- id: mine
  name: 兴业煤矿
  kind: 矿
- id: union
  name: 矿工会
  kind: 科室
  parent: mine
- id: zongcai1
  name: 综采一队
  kind: 区队
  parent: mine
"""


CATEGORIES = """\
- {id: decisions, name: 重大决策}
- {id: pay, name: 工资奖金}
- {id: welfare, name: 职工福利}
- {id: democracy, name: 民主管理}
"""


DISCLOSURE = """\
title: 公开测试
category: welfare
unit: union
date: 2026-11-01
body: |
  正文第一段。
"""


ALLOCATION = """\
title: 综采一队10月安全奖分配公示
unit: zongcai1
date: 2026-11-20
month: 2026-10
kind: safety
total: "3,500.50"
period: {from: 2026-11-20, to: 2026-11-27}
basis: 按工分分配。
rows:
  - {name: 王立新, post: 采煤机司机, amount: 1800}
  - {name: 赵红梅, post: 支架工, amount: 1700.50}
"""


EVENT = """\
title: 职工篮球赛
kind: sports
unit: union
date: 2026-10-20
start: 2026-11-08 14:00
end: 2026-11-08 17:00
location: 矿体育馆
body: 各区队代表队参加。
"""


STORY = """\
title: 李建国：井下三十年
person: 李建国
unit: zongcai1
date: 2026-09-01
body: 李建国带出徒弟二十余人。
"""


def write_data(root: Path, files: dict[str, str | bytes]) -> Path:
    """A data/ folder with units and categories plus the given files (path → text or bytes)."""
    data = root / "data"
    defaults = {"units.yml": UNITS, "categories.yml": CATEGORIES}
    for rel, content in {**defaults, **files}.items():
        if content is None:
            continue
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return data


def load(tmp_path: Path, files: dict[str, str | bytes], today: date = TODAY):
    """Load a data folder as the build does; returns the archive."""
    data = write_data(tmp_path, files)
    return Loader(tmp_path, data, today, TZ).load()


def problems(tmp_path: Path, files: dict[str, str | bytes], today: date = TODAY) -> list[str]:
    """Every located message for a data folder (empty when it loads)."""
    try:
        load(tmp_path, files, today)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A copy of the project (without its data, unless none is given) for a real build."""
    for name in ("mkdocs.yml", "content", "hooks", "theme_overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    shutil.copytree(data or ROOT / "data", dest / "data")
    return dest


def mkdocs_build(project: Path, site: Path | None = None, epoch: str = EPOCH, strict: bool = False):
    """Run `mkdocs build` in project as of epoch; returns the completed process."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site or project / "site")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class ClockedBrowser:
    """A browser whose every page reads the clock of the demo's day (or the day a test gives), so
    that statuses corrected in the page agree with the build's day whenever the suite runs."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, *, clock: datetime = DEMO_NOON, **options):
        """A context whose pages start at clock (time then runs on from it)."""
        context = self._browser.new_context(**options)
        context.clock.install(time=clock)
        return context

    def new_page(self, *, clock: datetime = DEMO_NOON, **options):
        """A page in a context of its own (closed with the page), starting at clock."""
        page = self._browser.new_page(**options)
        page.context.clock.install(time=clock)
        return page


def phone(browser, elder: bool = False):
    """A browser context as a 360 px phone (touch, twice the pixels), in 长者模式 if asked."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    if elder:
        context.add_init_script("localStorage.setItem('gk-elder', '1')")
    return context


AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, url: str) -> list[tuple]:
    """axe-core's serious and critical violations on a page once its scripts have run: each rule,
    its impact and its first three places."""
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run bash .ci/setup --browser")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def file_text(path: Path) -> str:
    """A built file as text, gzipped files unpacked, zero-width spaces gone."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8", errors="replace")
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text).replace("\u200b", "")


def site_text(site: Path) -> str:
    """Every file of the site that could carry text, as one string."""
    texts = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix not in (".png", ".jpg", ".svg", ".pdf", ".woff2"):
            texts.append(file_text(path))
    return "\n".join(texts)


def page_text(path: Path) -> str:
    """The visible text of one HTML page."""
    raw = re.sub(
        r"<(script|style)[^>]*>.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


SHANGHAI_NOON = 4  # 12:00 in Asia/Shanghai is 04:00 UTC


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, SHANGHAI_NOON, tzinfo=UTC)


DATA = ROOT / "data"


def records(kind: str) -> dict[str, dict]:
    """The demo records of a kind, read plainly (id → mapping)."""
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (DATA / kind).rglob("*.yml")
    }


def _shown(record: dict) -> bool:
    """Published on the demo's day: not a draft, not waiting for a later day."""
    return not record.get("draft") and str(record["date"]) <= "2026-11-25"


def published(kind: str) -> dict[str, dict]:
    return {k: v for k, v in records(kind).items() if _shown(v)}


def unpublished_titles(kind: str) -> list[str]:
    """The titles of the demo's drafts and records waiting for their day: on no page or file."""
    return [v["title"] for v in records(kind).values() if not _shown(v)]


def _project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    data = write_data(tmp_path / "data-src", files)
    return copy_project(tmp_path / "project", data)


INJECT = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


# what Markdown fields may carry (raw <script>, <img> or <iframe> there is refused while validating,
# tests/data/test_texts.py): allowed tags with handlers, javascript: links
INJECT_MARKDOWN = (
    '<u onmouseover="window.__xss=7">下划线</u> <a href="javascript:window.__xss=8">链接</a>'
)


def xss_files() -> dict[str, str]:
    """Records that carry script through every text field a reader sees."""
    title = "注入测试 " + INJECT
    return {
        "disclosures/xss.yml": (
            f"title: '{title}'\ncategory: welfare\nunit: union\ndate: 2026-11-20\n"
            f"summary: '摘要 {INJECT}'\ncontact: '<a href=\"javascript:window.__xss=3\">电话</a>'\n"
            "period: {from: 2026-11-20, to: 2026-11-30}\n"
            f"body: |\n  正文 {INJECT_MARKDOWN}\n\n  [点我](javascript:window.__xss=4)\n"
            f"feedback:\n  - {{date: 2026-11-21, summary: '意见 {INJECT}', reply: '答复 {INJECT}'}}\n"
        ),
        "allocations/xss.yml": ALLOCATION.replace(
            "王立新", "'王立新<script>window.__xss=6</script>'"
        ).replace("按工分分配。", f"'按工分分配。{INJECT_MARKDOWN}'"),
        "events/xss.yml": EVENT.replace("矿体育馆", f"'矿体育馆{INJECT}'"),
        "stories/xss.yml": STORY.replace("李建国带出徒弟二十余人。", f"'{INJECT_MARKDOWN}'"),
    }


def roster_book(
    path: Path, title: str | None, header: list[str], rows: list[list], footer: list[list] = ()
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    if title is not None:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    for row in [header, *rows, *footer]:
        ws.append(row)
    book.save(path)
    return path


def hide(
    path: Path, rows=(), columns=(), autofilter: tuple[str, int, list[str]] | None = None
) -> Path:
    """The workbook saved again with rows and columns hidden as Excel saves them (<row hidden="1">,
    <col hidden="1">); autofilter: (range, column in it, values shown), the rows it filtered out
    among rows, as Excel stores them."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book.active
    for r in rows:
        ws.row_dimensions[r].hidden = True
    for letter in columns:
        ws.column_dimensions[letter].hidden = True
    if autofilter is not None:
        ws.auto_filter.ref = autofilter[0]
        ws.auto_filter.add_filter_column(autofilter[1], autofilter[2])
    book.save(path)
    return path


PAGE_KINDS = [
    "",
    "disclosures/",
    "disclosures/2026-shijia-zhigong-houxuan/",
    "disclosures/2025-gonghui-jingfei-shangbannian/",
    "allocations/",
    "allocations/2026-10-zongcai1-safety/",
    "allocations/2026-09-juejin1-wage/",
    "events/",
    "events/2026-zhigong-yundonghui/",
    "stories/",
    "stories/chen-xiumei/",
    "units/",
    "units/zongcai1/",
    "categories/welfare/",
    "archive/disclosures/2026/",
    "archive/events/2026/",
    "reports/",
    "reports/2026/",
    "reports/2026/categories/aid/",
    "search/?q=安全",
    "guide/",
    "guide/fields/",
    "guide/errors/",
    "guide/tools/",
]


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def make_id(region: str, born: str, sequence: str) -> str:
    """An ID with the right check character, whatever the date says (impossible dates included)."""
    first17 = region + born + sequence
    return first17 + id_check(first17)


def luhn_check(partial: str) -> str:
    """The digit that makes partial + digit pass the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(partial)):
        value = int(char)
        if index % 2 == 0:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str(-total % 10)


def masked(kind: str, number: str) -> str:
    if kind == "mobile":
        return number[:3] + "****" + number[-4:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def split(text: str, sizes: tuple[int, ...]) -> list[str]:
    parts, at = [], 0
    for size in sizes:
        parts.append(text[at : at + size])
        at += size
    return [part for part in parts if part]


# every Unicode decimal digit zero; the nine digits after it follow it in every script
ZEROS = [chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.decimal(chr(cp), None) == 0]


CJK = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知"
    "较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造"
    "百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白"
    "教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿"
    "千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存"
    "候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该"
    "铁价严"
)


PUNCTUATION = "，。：；、！？（）《》“”"
chinese = st.text(alphabet=st.sampled_from(CJK + PUNCTUATION), max_size=12)


SEPARATORS = [
    " ",
    "\u00a0",
    "\u202f",
    "\u3000",
    "\u2009",
    "-",
    "\u2010",
    "\u2011",
    "\u2013",
    "\u2014",
    "\u2212",
    "\uff0d",
    "   ",
    "\u3000 \u00a0",  # spaces a browser shows as one, however long the run
]


# Word-like groupings, and the others the scanner accepts
GROUPINGS = {
    "resident_id": [(6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2), (6, 12), (3, 3, 4, 4, 4)],
    "bank_card": [(4, 4, 4, 4, 4), (6, 13)],  # cut to the card's length
    "mobile": [(3, 4, 4), (3, 8), (7, 4)],
}


@st.composite
def resident_ids(draw) -> str:
    """A valid ID: a 6-digit region, a real birth date 1920-2025, a 3-digit sequence, the check character."""
    province = draw(st.sampled_from(["11", "13", "31", "37", "44", "51", "65"]))
    region = province + f"{draw(st.integers(0, 9999)):04d}"
    born = draw(st.dates(date(1920, 1, 1), date(2025, 12, 31)))
    return make_id(region, born.strftime("%Y%m%d"), f"{draw(st.integers(0, 999)):03d}")


@st.composite
def card_numbers(draw) -> str:
    """A Luhn-valid card number of 16-19 digits, not starting with 0 (and not by chance a valid ID)."""
    length = draw(st.integers(16, 19))
    middle = draw(st.text("0123456789", min_size=length - 2, max_size=length - 2))
    partial = draw(st.sampled_from("3456789")) + middle
    number = partial + luhn_check(partial)
    return number if not is_resident_id(number) else "6222021234567890128"


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}",
    st.sampled_from("3456789"),
    st.integers(0, 10**9 - 1),
)


numbers = st.one_of(
    st.tuples(st.just("resident_id"), resident_ids()),
    st.tuples(st.just("bank_card"), card_numbers()),
    st.tuples(st.just("mobile"), mobiles),
)


def digit_renderer(draw, script: str):
    """A function from an ASCII digit (or X) to how the rendering writes it."""
    if script == "ascii":
        x = draw(st.sampled_from("Xx"))
        return lambda c: x if c == "X" else c
    if script == "fullwidth":
        x = draw(st.sampled_from("Ｘｘ"))
        return lambda c: x if c == "X" else chr(0xFF10 + int(c))
    x = draw(st.sampled_from(["X", "x", "Ｘ", "Ⅹ"]))
    if script == "other":
        zero = ord(draw(st.sampled_from(ZEROS)))
        return lambda c: x if c == "X" else chr(zero + int(c))
    # "mixed": a script per digit
    zeros = draw(st.lists(st.sampled_from(ZEROS), min_size=19, max_size=19))
    counter = iter(range(19))
    return lambda c: x if c == "X" else chr(ord(zeros[next(counter)]) + int(c))


def grouped(draw, kind: str, chars: list[str], separator: str) -> str:
    sizes = draw(st.sampled_from(GROUPINGS[kind]))
    if kind == "bank_card" and sizes[0] == 4:
        sizes = (4,) * (len(chars) // 4) + ((len(chars) % 4,) if len(chars) % 4 else ())
    return separator.join("".join(part) for part in split(chars, sizes))


@st.composite
def plain_renderings(draw, kind: str, number: str) -> tuple[str, int]:
    """The number as people, input methods and word processors write it, in Chinese text; and the
    offset of its first digit. Renderings: ASCII, full-width, another script or a script per digit;
    as one run or grouped with one separator; after Latin letters or a hyphen; with format
    characters and marks between its characters; a mobile number after +86 or 0086."""
    render = digit_renderer(draw, draw(st.sampled_from(["ascii", "fullwidth", "other", "mixed"])))
    chars = [render(c) for c in number]
    grouping = draw(st.booleans())
    body = (
        grouped(draw, kind, chars, draw(st.sampled_from(SEPARATORS)))
        if grouping
        else "".join(chars)
    )
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(1, len(body) - 1))
            body = body[:at] + draw(st.characters(categories=["Cf", "Mn", "Me"])) + body[at:]
    country = ""
    # fused only before an ungrouped number: +86138 1234 5678 is no way to write it
    if kind == "mobile":
        fused = [] if grouping else ["+86", "0086"]
        country = draw(st.sampled_from(["", "", "+86 ", "+86-", "0086 ", "86-", *fused]))
    prefix = draw(st.sampled_from(["", "-", "letters"]))
    if prefix == "letters":
        prefix = draw(st.text(string.ascii_letters, min_size=1, max_size=8))
    before, after = draw(chinese), draw(chinese)
    return before + prefix + country + body + after, len(before) + len(prefix) + len(country)


@st.composite
def numbers_in_markdown(draw):
    """The number in Markdown: digits as character references, split by comments, or part of it
    emphasised (**…**, *…*, <u>…</u>); ASCII or full-width digits, grouped or not."""
    kind, number = draw(numbers)
    fullwidth = draw(st.booleans())
    chars = [chr(0xFF10 + int(c)) if fullwidth and c != "X" else c for c in number]
    if draw(st.booleans()):
        separator = draw(st.sampled_from([" ", "\u00a0", "\u3000", "-", "\u2013", "\uff0d"]))
        chars = list(grouped(draw, kind, chars, separator))
    digits_at = [i for i, c in enumerate(chars) if c.isdecimal()]
    markup = draw(st.sampled_from(["entities", "comments", "strong", "em", "u"]))
    if markup == "entities":
        chars = [
            (f"&#{ord(c)};" if draw(st.booleans()) else f"&#x{ord(c):x};")
            if draw(st.booleans())
            else c
            for c in chars
        ]
    elif markup == "comments":
        places = draw(st.lists(st.sampled_from(digits_at[1:]), min_size=1, max_size=3, unique=True))
        for at in sorted(places, reverse=True):
            chars.insert(at, draw(st.sampled_from(["<!-- 注释 -->", "<!---->", "<!-- 1 -->"])))
    else:
        # emphasis opens right before a digit and closes right after one, so Markdown takes it
        first, last = sorted(
            draw(st.lists(st.sampled_from(digits_at), min_size=2, max_size=2, unique=True))
        )
        opening, closing = {"strong": ("**", "**"), "em": ("*", "*"), "u": ("<u>", "</u>")}[markup]
        chars.insert(last + 1, closing)
        chars.insert(first, opening)
    before, body = draw(chinese.filter(bool)), "".join(chars)
    return (
        kind,
        number,
        before + body + draw(chinese.filter(bool)),
        range(len(before), len(before) + len(body)),
    )


@st.composite
def amounts(draw) -> str:
    # any size up to 13 digits, and often one with the digits of a mobile number (or +86 and one)
    integer = draw(
        st.one_of(
            st.integers(0, 10**13 - 1), mobiles.map(int), mobiles.map(lambda m: int("86" + m))
        )
    )
    if draw(st.booleans()):
        cents = draw(st.sampled_from(["", ".5", ".00", ".25", ".9"]))
    else:
        cents = f".{draw(st.integers(0, 99)):02d}"
    style = draw(st.sampled_from(["plain", "plain", "comma", "space", "nbsp", "thin"]))
    if style == "plain":
        # always with decimals: a bare integer of 11 digits may well be a phone number
        text = f"{integer}{cents or '.00'}"
    else:
        separator = {"comma": ",", "space": " ", "nbsp": "\u00a0", "thin": "\u2009"}[style]
        text = f"{integer:,}".replace(",", separator) + cents
    if draw(st.booleans()):
        text = text.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"} | {ord("."): "．"})
    return (
        draw(st.sampled_from(["", "¥", "￥", "-", "合计"]))
        + text
        + draw(st.sampled_from(["", "元", " 元", "万元"]))
    )


# -- the demo as readers and commands see it ---------------------------------------------------------


def demo_records(kind: str) -> list[tuple[str, dict]]:
    """The demo's published records of a kind as YAML gives them: (id, mapping)."""
    return sorted(published(kind).items())


NATIONAL_DAY = DISCLOSURE.replace("date: 2026-11-01", "date: 2026-09-20") + (
    "period: {from: 2026-09-21, to: 2026-09-30}\n"
    "feedback:\n  - {date: 2026-09-29, summary: 国庆前提出的意见}\n"
)


FLAGSHIP = "allocations/2026-10-zongcai1-safety/"


def run_clean(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = (
        {k: v for k, v in os.environ.items() if k != "GONGKAI_AS_OF"}
        | {"NO_MKDOCS_2_WARNING": "1"}
        | env
    )
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True)


def check_data(tmp_path: Path, files: dict[str, str]) -> str:
    project = copy_project(tmp_path / "project", write_data(tmp_path / "data", files))
    result = run_clean([GONGKAI, "check"], project, SOURCE_DATE_EPOCH=EPOCH)
    return result.stdout + result.stderr


# -- clerks' sheets for the importers ----------------------------------------------------------------


def workbook(
    path: Path,
    title: str = "综采一队2026年10月安全奖分配表",
    rows=(("王立新", 3856.4), ("赵红梅", 3512.05)),
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append([title])
    ws.append(["序号", "姓名", "金额", "备注"])
    for number, (name, amount) in enumerate(rows, start=1):
        ws.append([number, name, amount, None])
    ws.append(["合计", None, round(sum(a for _, a in rows), 2), None])
    book.save(path)
    return path


def rezip(
    source: Path,
    target: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of an .xlsx with some parts replaced or added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, replace.get(name, old.read(name)))
        for name, data in add.items():
            new.writestr(name, data)
    return target


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def xlsx_refused(path: Path, sheet: str | None = None) -> str:
    with pytest.raises(reading.SheetError) as caught:
        reading.grid_of_xlsx(path, sheet)
    return str(caught.value)


def allocation_yml(project: Path) -> Path:
    return next((project / "data" / "allocations").rglob("*.yml"))


ALL_CATEGORIES = """\
- {id: welfare, name: 职工福利}
- {id: recuperation, name: 疗养休养}
- {id: aid, name: 困难帮扶}
- {id: honors, name: 评先评优}
- {id: democracy, name: 民主管理}
- {id: other, name: 其他}
"""


IMPORT_UNITS = "- id: jiyun\n  name: 机运区\n  kind: 区队\n  parent: mine\n"


def written_record(result: subprocess.CompletedProcess, project: Path) -> Path:
    """The record the import reports: 已写入 data/….yml 和 data/….csv（草稿）。"""
    line = next(line for line in result.stdout.splitlines() if line.startswith("已写入 "))
    return project / line.split(" ")[1]


def rows_of(record: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(record.with_suffix(".csv").read_text(encoding="utf-8"))))


PAY_HEADER = ["序号", "姓名", "岗位", "金额", "备注"]


# -- the test proposal and its congress --------------------------------------------------------------

SESSIONS = """\
- id: 11-1
  name: 十一届一次职代会
  date: 2026-03-06
  delegates: 190
  present: 186
  resolutions:
    - {title: 审议通过《2026年工资集体协议》, for: 177, against: 3, abstain: 6, passed: true}
"""


# lines: 1 title, 2 unit, 3 date, 4 type, 5 session, 6 number, 7 proposers, 8 body
PROPOSAL = """\
title: 关于增开夜班通勤车的提案
unit: zongcai1
date: 2026-03-05
type: proposal
session: 11-1
number: "15"
proposers: [项春雷, 鲁国庆]
body: 建议增开东城夜班通勤车。
"""


ACCEPTED = "review: {date: 2026-03-06, result: accepted}\nhandlers: [union]\ndue: 2026-04-30\n"  # lines 9-11


def proposal_files(
    *proposals: str, sessions: str | None = SESSIONS, **more: str
) -> dict[str, str | None]:
    out = {"sessions.yml": sessions, **more}
    for index, text in enumerate(proposals):
        out["proposals/p.yml" if index == 0 else f"proposals/p{index + 1}.yml"] = text
    return out


# -- a disclosure with a name list -------------------------------------------------------------------


def roster_notice(
    roster: str,
    *,
    category: str = "welfare",
    period: str | None = "period: {from: 2026-11-20, to: 2026-11-27}\n",
) -> str:
    """A disclosure of 2026-11-20 with a roster (lines 1-6 are the fields before it)."""
    text = DISCLOSURE.replace("date: 2026-11-01", "date: 2026-11-20").replace(
        "category: welfare", f"category: {category}"
    )
    return text + (period or "") + roster


ROSTER_UNITS = "- id: mine\n  name: 兴业煤矿\n- id: union\n  name: 矿工会\n  parent: mine\n- id: juejin1\n  name: 掘进一队\n  parent: mine\n- id: tongfeng\n  name: 通风区\n  parent: mine\n"


def roster_files(text: str, **more: str | None) -> dict[str, str | None]:
    """The data folder: four units, the default categories (aid among them), the record."""
    return {"units.yml": ROSTER_UNITS, "categories.yml": None, "disclosures/x.yml": text, **more}


# the test allocation without its rows
ALLOCATION_HEAD = ALLOCATION.split("rows:")[0]


def members_documents(count: int) -> list:
    """Documents of a group portal's members (portal.group): every one holds 职工, one in four
    职工代表大会, one in a thousand 疗养."""
    out = []
    for n in range(count):
        text = "职工代表大会决议" if n % 4 == 0 else "职工食堂菜价"
        if n % 1000 == 0:
            text += "，疗养安排"
        doc = {
            "u": f"http://gk.m.local/disclosures/d{n}/",
            "t": f"通知{n}",
            "k": "公开事项",
            "n": "矿工会",
            "m": "华丰煤矿",
            "d": "2026年11月25日",
            "x": text,
        }
        out.append(((-n, 0, "m", f"d{n}"), "disclosures", doc, doc["t"]))
    return out

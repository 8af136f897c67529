"""New records from templates with Chinese comments, and ids proposed from their titles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import rjieba
from pypinyin import Style, lazy_pinyin

from gongkai.data.people import PRIVACY
from gongkai.data.periods import required_working_days
from gongkai.kinds import KINDS, Scaffold

# Words a title carries that say nothing of its record: they are left out of its id.
_FILLER = ("关于", "有关", "公示", "公开", "公告", "通知", "情况", "的")
# （征求意见稿）, （第二批）: the id stays short
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年度?")
_MONTH = re.compile(r"([0-9]{1,2})\s*月份?")
_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
ID_WORDS = 4  # words of the title after the year: 2026-dongji-qunuan-butie-fafang


def propose_id(title: str, day: date, taken: set[str], *, drop: tuple[str, ...] = ()) -> str:
    """A short, readable, unused id from the title, as the demo's are: the year, then up to four
    of the title's words in pinyin, each whole (jieba's segmentation, by rjieba), the enterprise's
    name (drop) and words like 关于 and 公示 left out:
    2026年冬季取暖补贴发放标准公示 → 2026-dongji-qunuan-butie-fafang."""
    text = _BRACKETS.sub("", unicodedata.normalize("NFKC", title))
    for name in sorted(drop, key=len, reverse=True):
        text = text.replace(name, " ") if name else text
    found = _YEAR.search(text)
    year = found.group(1) if found else str(day.year)
    text = _MONTH.sub(" ", _YEAR.sub(" ", text))
    for word in _FILLER:
        text = text.replace(word, " ")
    words: list[str] = []
    for run in _RUN.findall(text):
        if not "\u4e00" <= run[0] <= "\u9fff":
            words.append(run.lower())
            continue
        # whole words
        words += ["".join(lazy_pinyin(word, style=Style.NORMAL)) for word in rjieba.cut(run)]
    slug = "-".join([year, *words[:ID_WORDS]])
    while len(slug) > 56 and "-" in slug:  # room for "-2", "-3"…; whole words only
        slug = slug.rsplit("-", 1)[0]
    slug = re.sub(r"[^a-z0-9-]+", "", slug.lower()).strip("-") or day.strftime("%Y%m%d")
    return free_id(slug, taken)


def free_id(base: str, taken: set[str]) -> str:
    """base, or the first of base-2, base-3 … that no record of the kind has (ids proposed are
    kept short enough for the suffix)."""
    ident, number = base, 2
    while ident in taken:
        ident, number = f"{base}-{number}", number + 1
    return ident


@dataclass(frozen=True)
class ImportedRows:
    """An allocation whose rows were imported into <id>.csv from a sheet."""

    month: str
    kind: str
    total: Decimal
    count: int
    sheet: str  # the sheet's file name, on one line (one_line)
    csv: str  # the rows' file name
    digest: str = ""  # the sheet's sha256 (16 hex digits): a second import of it is told


def render(
    kind: str,
    *,
    title: str,
    unit: str,
    day: date,
    category: str = "other",
    imported: ImportedRows | None = None,
    session: str = "",
) -> str:
    """The text of a new record of a kind (its folder); an allocation with imported rows names its
    CSV instead of carrying a placeholder row; a proposal is made to the given session."""
    return KINDS[kind].scaffold(Scaffold(title, unit, day, category, imported, session))


@dataclass(frozen=True)
class ImportedRoster:
    """A disclosure whose name list (roster) was imported into <id>.csv from a sheet."""

    privacy: str  # withdrawn, masked or public
    total: Decimal | None  # None when the list has no amounts
    count: int
    sheet: str  # the sheet's file name
    csv: str  # the rows' file name
    digest: str = ""  # the rows' sha256 (16 hex digits): a second import of the list is told


def render_roster(
    *, title: str, unit: str, day: date, category: str, roster: ImportedRoster
) -> str:
    """The text of a disclosure (公开事项) whose roster was imported (gongkai import --roster): the
    common head, a posting period in working days, placeholders for the contact and the body that
    the check refuses once draft is removed, and roster: {privacy, total} naming its CSV."""
    kind = KINDS["disclosures"]
    days = required_working_days(category)  # the posting period of an imported list
    # in working days even before the holiday calendar knows the year: the build estimates the end
    # (暂定) and shows the official one once the year is known, with no edit
    period = f"period: {{from: {day.isoformat()}, working_days: {days}}}   # 公示期：从这天起 {days} 个工作日（跳过法定节假日）"
    modes = "、".join(f"{k}（{v}）" for k, v in PRIVACY.items())
    sheet = one_line(roster.sheet)
    text = kind.head(kind.label, Scaffold(title, unit, day, category)) + (
        f"category: {category}   # 公开类别，data/categories.yml 中的 id\n"
        f"{period}{'' if roster.privacy == 'public' else '；期满后名单中的姓名自动撤下'}\n"
        "contact: 请填写受理意见的单位和电话   # 监督/意见受理方式，唯一可以写电话号码的字段\n"
        "# summary: 一两句话的摘要（可不写，默认取正文第一段）\n"
        "body: |   # 正文，Markdown 格式；每行前面空两格。不要在正文里写名单中的姓名\n"
        "  请在这里填写公示的依据和经过（按什么办法、经过哪些审核或评选产生这份名单），以及对名单有异议时向谁反映、何时答复。\n"
        f"roster:   # 名单在同一文件夹的 {roster.csv} 中，由 {sheet} 导入，共 {roster.count} 人\n"
        f"  privacy: {roster.privacy}   # 名单公开方式：{modes}"
        + ("；困难帮扶名单只能打码公示" if category == "aid" else "")
        + "\n"
    )
    if roster.total is not None:
        text += f'  total: "{roster.total:,.2f}"   # 合计（元），必须等于名单中金额之和\n'
    if roster.digest:
        text += (
            f"# 导入自 {sheet}（sha256:{roster.digest}）：同一份名单再导入时会提示已经导入过。\n"
        )
    return text


def one_line(name: str) -> str:
    """A file's name as a record's comment or text may hold it: on one line, whatever it holds."""
    return re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", " ", name)

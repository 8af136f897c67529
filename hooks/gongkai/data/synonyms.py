"""Words readers use for the same thing: 职代会 for 职工代表大会, 劳保 for 劳动保护, 帮扶, 救助 and 救济.
The project's own groups, extended by an enterprise's data/synonyms.yml (optional): a search for one
word of a group also finds the records that hold another (theme_overrides/assets/gongkai.js ranks
them after the records that hold the word itself).

    # data/synonyms.yml
    - [井口, 井口房]
    - [班中餐, 井下餐, 班中饭]
"""

from __future__ import annotations

import re
import unicodedata

from gongkai.data.errors import Problems
from gongkai.data.source import Located

# what workers write, and what the records say (the seed's words and the demo's titles)
BUILT_IN: tuple[tuple[str, ...], ...] = (
    ("职代会", "职工代表大会"),
    ("职工代表", "职代表"),
    ("劳保", "劳动保护", "劳动防护"),
    ("帮扶", "救助", "救济"),
    ("困难职工", "困难户"),
    ("送温暖", "慰问"),
    ("澡堂", "浴室", "洗浴"),
    ("高温费", "高温津贴", "防暑降温费"),
    ("夜班费", "夜班补贴", "夜班津贴"),
    ("井下津贴", "下井津贴", "入井津贴"),
    ("取暖费", "取暖补贴", "供暖补贴"),
    ("加班费", "加班工资"),
    ("工资", "薪酬", "薪资"),
    ("劳模", "劳动模范"),
    ("疗养", "休养"),
    ("体检", "健康检查"),
    ("班车", "通勤车"),
    ("食堂", "餐厅"),
    ("厂务公开", "矿务公开"),
    ("提案", "议案"),
    ("女工", "女职工"),
    ("五一", "劳动节"),
    ("三八", "妇女节"),
    ("医保", "医疗保险"),
    ("养老金", "养老保险"),
    ("公积金", "住房公积金"),
    ("工伤", "工伤保险"),
)

# a word of a group, folded (the editors' schema checks the same, before folding)
SYNONYM_PATTERN = "^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]{2,12}$"
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9a-z]{2,12}")
_FORM = "- [劳保, 劳动保护]"


def key(word: str) -> str:
    """A word as the search index folds it (NFKC, lower case), spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", word).lower().split())


def merged(groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Groups that share a word become one group (a word stands in one group), in first order."""
    out: list[list[str]] = []
    where: dict[str, int] = {}
    for group in groups:
        joined = sorted({where[w] for w in group if w in where})
        if not joined:
            where.update((w, len(out)) for w in group)
            out.append(list(dict.fromkeys(group)))
            continue
        into = joined[0]
        for other in joined[1:]:  # a group that joins two: the second's words move to the first
            for word in out[other]:
                if word not in out[into]:
                    out[into].append(word)
                where[word] = into
            out[other] = []
        for word in group:
            if word not in out[into]:
                out[into].append(word)
            where[word] = into
    return [tuple(group) for group in out if group]


def read(rel: str, doc: Located, problems: Problems) -> list[tuple[str, ...]]:
    """The groups of data/synonyms.yml, each problem at its line; the groups without problems."""
    if not isinstance(doc.value, list):
        problems.add(rel, 1, f"此文件应是一个列表，每行一组意思相同的词，如 {_FORM}")
        return []
    groups = []
    for index, item in enumerate(doc.value):
        line = doc.line((index,))
        if not isinstance(item, list):
            problems.add(
                rel, line, f"第 {index + 1} 组应是用方括号括起、英文逗号分隔的几个词，如 {_FORM}"
            )
            continue
        words, bad = [], False
        for position, word in enumerate(item):
            at = doc.line((index, position))
            text = key(word) if isinstance(word, str) else ""
            if not _WORD.fullmatch(text):
                shown = word if isinstance(word, str) else str(word)
                # a long number is never repeated: it may be someone's (the guard says so)
                said = "" if re.search(r"\d{6}", shown) else f"“{shown}”"
                problems.add(
                    rel,
                    at,
                    f"第 {position + 1} 个词{said}不能作为搜索用词：每个词 2–12 个字，只含汉字、字母或数字"
                    "（词语之间用英文逗号分开，不要写标点或空格）",
                )
                bad = True
            elif text in words:
                problems.add(rel, at, f"“{word}”在这一组里写了两次，请删去一个")
                bad = True
            else:
                words.append(text)
        if bad:
            continue
        if len(words) < 2:
            problems.add(
                rel,
                line,
                f"一组至少要有两个意思相同的词，搜索其中一个时也找含另一个的内容，如 {_FORM}",
            )
            continue
        groups.append(tuple(words))
    return groups


def groups_of(enterprise: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The project's groups and the enterprise's, merged where they share a word."""
    return merged([tuple(key(w) for w in group) for group in BUILT_IN] + enterprise)

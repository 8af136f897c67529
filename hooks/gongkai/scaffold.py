"""New records from templates with Chinese comments, and ids proposed from their titles."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pypinyin import Style, lazy_pinyin

from .schema import ALLOCATION_KINDS, EVENT_KINDS, KINDS, STAGES

SINGULAR_KINDS = {"disclosure": "disclosures", "allocation": "allocations", "event": "events", "story": "stories"}


def propose_id(title: str, day: date, taken: set[str]) -> str:
    """A valid, unused id from the title's pinyin: 2026年冬季劳保发放 → 2026-nian-dong-ji-lao-bao-fa-fang."""
    words = lazy_pinyin(title, style=Style.NORMAL)  # runs of other characters stay whole: 2026, KTV
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    slug = slug[:56].rstrip("-") or day.strftime("%Y%m%d")
    if not slug[0].isalnum():
        slug = "r" + slug
    ident, number = slug, 2
    while ident in taken:
        ident, number = f"{slug}-{number}", number + 1
    return ident


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class ImportedRows:
    """An allocation whose rows were imported into <id>.csv from a sheet."""

    month: str
    kind: str
    total: Decimal
    count: int
    sheet: str  # the sheet's file name
    csv: str  # the rows' file name


def render(
    kind: str, *, title: str, unit: str, day: date, category: str = "other", imported: ImportedRows | None = None
) -> str:
    """The text of a new record of kind (disclosures, allocations, events, stories); an allocation
    with imported rows names its CSV instead of carrying a placeholder row."""
    head = (
        f"# {KINDS[kind]}。“#”后面是说明，可以保留也可以删除；字段的含义见网站上的《编辑指南·字段说明》。\n"
        f"# 文件名就是这条记录的 id 和网址，发布后请不要再改名。\n"
        f"title: {_q(title)}   # 标题，1–120 个字\n"
        f"unit: {unit}   # 发布单位，data/units.yml 中的 id\n"
        f"date: {day.isoformat()}   # 发布日期；晚于今天的记录到那天才发布\n"
        f"draft: true   # 草稿不会发布：内容写好、核对无误后删掉这一行\n"
    )
    period = f"period: {{from: {day.isoformat()}, to: {(day + timedelta(days=7)).isoformat()}}}"
    if kind == "disclosures":
        return head + (
            f"category: {category}   # 公开类别，data/categories.yml 中的 id\n"
            f"{period}   # 公示期（含首尾两天）；不需要公示期的事项删掉这一行\n"
            "contact: 矿工会 电话 0537-1234567   # 监督/意见受理方式，唯一可以写电话号码的字段\n"
            "# summary: 一两句话的摘要（可不写，默认取正文第一段）\n"
            "stages:   # 办理过程，按 " + "→".join(STAGES.values()) + " 的顺序，日期不能倒退\n"
            f"  - {{stage: proposed, date: {day.isoformat()}, by: 申报单位}}\n"
            "body: |   # 正文，Markdown 格式；每行前面空两格\n"
            "  请在这里填写公开内容。\n"
        )
    if kind == "allocations":
        month = imported.month if imported else (day.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        total = f"{imported.total:,.2f}" if imported else "0.00"
        text = head + (
            f"month: {month}   # 所属月份\n"
            f"kind: {imported.kind if imported else 'bonus'}   # 分配类别：{'、'.join(f'{k}（{v}）' for k, v in ALLOCATION_KINDS.items())}\n"
            f"{period}   # 公示期；期满后姓名和个人金额自动撤下\n"
            f'total: "{total}"   # 分配总额（元），必须等于明细金额之和\n'
            "basis: |   # 分配依据，Markdown 格式\n"
        )
        if imported:
            return text + (
                f"  （请填写分配依据。明细由 {imported.sheet} 导入，共 {imported.count} 人。）\n"
                f"# 明细在同一文件夹的 {imported.csv} 中，共 {imported.count} 行。\n"
            )
        return text + (
            "  按本单位考核办法分配。\n"
            "# 明细可以写在下面的 rows 里，也可以删掉 rows，在同一文件夹放一个同名的 .csv 表格；\n"
            "# 用 Excel 做的工资表请用 gongkai import 导入。\n"
            "rows:\n"
            "  - {name: 姓名, post: 岗位, amount: 0}\n"
        )
    if kind == "events":
        start = day + timedelta(days=7)
        return head + (
            f"kind: culture   # 活动类型：{'、'.join(f'{k}（{v}）' for k, v in EVENT_KINDS.items())}\n"
            f"start: {start.isoformat()} 14:00   # 开始时间；全天活动只写日期\n"
            f"end: {start.isoformat()} 16:00   # 结束时间（可不写）\n"
            "location: 矿区文化中心   # 地点\n"
            "body: |   # 活动介绍，Markdown 格式\n"
            "  请在这里填写活动介绍。\n"
            "# results:   # 活动结束后填写获奖结果\n"
            "#   - {award: 一等奖, winner: 综采一队}\n"
        )
    return head + (
        "person: 姓名   # 先进人物的姓名\n"
        "honors:   # 荣誉\n"
        f"  - {{name: 荣誉名称, year: {day.year}, by: 授予单位}}\n"
        "# photo: photos/照片文件名.jpg   # 照片放在 data/media 下\n"
        "body: |   # 事迹正文，Markdown 格式\n"
        "  请在这里填写先进事迹。\n"
    )

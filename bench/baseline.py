"""The baseline: the same records as hand-written Markdown pages for plain MkDocs + Material.

What an enterprise would have without this project: one Markdown page per record (same text, tables
as Markdown tables, record pages out of the nav), an index page per kind, Material's own search.

    python bench/baseline.py DATA_DIR OUT_DIR [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from gongkai.data.load import Loader  # noqa: E402
from gongkai.kinds import KINDS  # noqa: E402
from gongkai.pages.views import Context  # noqa: E402

MKDOCS_YML = """\
site_name: 厂务公开栏（基线）
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
not_in_nav: |
  /disclosures/*/
  /allocations/*/
  /events/*/
  /stories/*/
  /proposals/*/
nav:
  - 首页: index.md
  - 公开事项: disclosures/index.md
  - 分配公示: allocations/index.md
  - 活动: events/index.md
  - 先进事迹: stories/index.md
  - 提案: proposals/index.md
"""


def _cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render(view) -> str:
    """One record as the Markdown a clerk would write by hand."""
    record = view.record
    lines = [
        f"# {_cell(view.title)}",
        "",
        f"**发布单位**：{view.unit_path}  ",
        f"**发布日期**：{record.date.isoformat()}  ",
    ]
    if view.status and view.status.start:
        lines.append(
            f"**公示期**：{view.status.start} 至 {view.status.end}（{view.status.label}）  "
        )
    if view.kind == "disclosures":
        lines.append(f"**公开类别**：{view.category.name}  ")
        if record.contact:
            lines.append(f"**监督/意见受理**：{record.contact}  ")
        lines += ["", record.body]
        if record.stages:
            lines += ["", "## 办理过程", ""] + [
                f"- {s['label']} {s['date']} {s['by'] or ''} {s['note'] or ''}" for s in view.stages
            ]
        if record.feedback:
            lines += ["", "## 职工意见与答复", ""]
            lines += [
                f"- {f.date}：{f.summary}；答复：{f.reply or '待答复'}" for f in record.feedback
            ]
    elif view.kind == "allocations":
        lines += [
            f"**所属月份**：{record.month}  ",
            f"**分配总额**：{record.total:,.2f} 元，共 {view.headcount} 人",
            "",
            "## 分配依据",
            "",
            record.basis,
        ]
        if view.rows_public:
            lines += [
                "",
                "## 分配明细",
                "",
                "| 姓名 | 岗位 | 出勤 | 工分 | 金额 | 备注 |",
                "| --- | --- | --- | --- | ---: | --- |",
            ]
            for row in view.rows:
                lines.append(
                    f"| {_cell(row.name)} | {_cell(row.post)} | {_cell(row.shifts)} | {_cell(row.points)} | {row.amount:,.2f} | {_cell(row.note)} |"
                )
    elif view.kind == "events":
        lines += [
            f"**时间**：{view.when}  ",
            f"**地点**：{_cell(record.location)}",
            "",
            record.body,
        ]
        if record.results:
            lines += ["", "| 奖项 | 获奖者 |", "| --- | --- |"] + [
                f"| {_cell(r.award)} | {_cell(r.winner)} |" for r in record.results
            ]
    elif view.kind == "proposals":
        lines += [
            f"**类型**：{view.type_label}  ",
            f"**提案人**：{'、'.join(record.proposers)}  ",
            f"**状态**：{view.state_label}  ",
        ]
        if view.handlers:
            lines.append(
                f"**承办单位**：{'、'.join(unit.name for unit in view.handlers)}，办理时限 {view.due}  "
            )
        lines += ["", record.body]
        lines += ["", "## 办理过程", ""] + [
            f"- {step['label']} {step['date']} {step['text']}" for step in view.timeline
        ]
        if record.answer is not None and record.answer.text:
            lines += ["", "## 答复", "", record.answer.text]
    else:
        lines += [f"**姓名**：{record.person}  "]
        lines += [f"**荣誉**：{h.name} {h.year or ''} {h.by or ''}  " for h in record.honors]
        lines += ["", record.body]
    return "\n".join(lines) + "\n"


def write_baseline(data_dir: Path, out_dir: Path, today: date) -> int:
    """Write the baseline project; returns the number of record pages."""
    archive = Loader(data_dir.parent, data_dir, today, ZoneInfo("Asia/Shanghai")).load()
    context = Context(archive, KINDS)
    docs = out_dir / "docs"
    (docs).mkdir(parents=True, exist_ok=True)
    (out_dir / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# 厂务公开栏\n\n基线站点。\n", encoding="utf-8")
    count = 0
    for kind, info in KINDS.items():
        folder = docs / kind
        folder.mkdir(exist_ok=True)
        index = [f"# {info.label}", ""]
        for entry in archive.published(kind):
            view = context.view(entry)
            (folder / f"{entry.id}.md").write_text(render(view), encoding="utf-8")
            index.append(f"- [{_cell(view.title)}]({entry.id}.md) {entry.record.date}")
            count += 1
        (folder / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description="把记录写成手写 Markdown 页面的基线站点")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 25))
    args = parser.parse_args()
    print(f"写出 {write_baseline(args.data_dir.resolve(), args.out_dir, args.today)} 个记录页面")


if __name__ == "__main__":
    main()

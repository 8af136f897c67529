"""工资奖金分配公示: the allocation's schema, its rows of pay (a people table), its view and template."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from pydantic import Field

from gongkai import urls
from gongkai.data.money import format_money
from gongkai.data.people import MAX_ROWS, ON_LINE, PAY_ROWS, Column, Row, Shown, TableSource, show
from gongkai.data.schema import (
    DocNumber,
    Markdown,
    Money,
    Month,
    Period,
    Record,
    Text,
    choices,
    lit,
)
from gongkai.kinds.base import Kind, Scaffold
from gongkai.pages.charts import distribution
from gongkai.pages.views import View, zh_month

if TYPE_CHECKING:
    from gongkai.data.checking import RecordCheck

ALLOCATION_KINDS = {
    "wage": "工资",
    "bonus": "奖金",
    "performance": "绩效",
    "safety": "安全奖",
    "other": "其他",
}


class Allocation(Record):
    """工资奖金分配公示."""

    month: Month = Field(title="所属月份", description="所属月份 YYYY-MM")
    kind: lit(ALLOCATION_KINDS) = Field(
        title="分配类别", description="分配类别：" + choices(ALLOCATION_KINDS)
    )
    total: Money = Field(
        title="分配总额", description="分配总额（元），须等于明细金额之和，精确到分"
    )
    basis: Markdown = Field(min_length=1, title="分配依据", description="分配依据，Markdown 格式")
    period: Period = Field(
        title="公示期",
        description="公示期 {from: 开始日期, to: 截止日期}，分配公示必填；期满后姓名和个人金额自动撤下",
    )
    rows: list[Row] | None = Field(
        None,
        max_length=MAX_ROWS,
        title="明细",
        description="明细行；也可以放在同名 .csv 文件中（二者只能选一）",
    )
    contact: Text | None = Field(
        None,
        title="监督/意见受理",
        description="意见受理方式（单位、电话）；唯一允许写电话号码的字段；不写则用网站设置的 extra.gongkai.contact",
    )
    doc_number: DocNumber | None = Field(
        None, title="文号", description="发文字号，1–40 个字，如 兴矿工发〔2026〕12号"
    )


class AllocationView(View):
    """An allocation: its total and head-count always, its named rows only in its period."""

    has_period = True

    @cached_property
    def body(self) -> Markup:
        """The basis, rendered and sanitised (while validating)."""
        return self.entry.rendered["basis"]

    @cached_property
    def summary(self) -> str:
        """Month, kind, head-count and total."""
        return f"{zh_month(self.record.month)}{ALLOCATION_KINDS[self.record.kind]}分配，共 {self.headcount} 人，总额 {self.total_text} 元"

    @property
    def badge(self) -> str:
        """奖金分配, 工资分配 …"""
        return f"{self.allocation_kind}分配"

    @property
    def rows_public(self) -> bool:
        """Names and amounts are public only while the posting period runs."""
        return self.people_public

    @property
    def rows(self) -> list[Any]:
        """The named rows, only while they may be shown."""
        return self.record.rows if self.rows_public else []

    @property
    def headcount(self) -> int:
        """How many people the allocation covers."""
        return self.entry.headcount

    @property
    def total_text(self) -> str:
        """12,345.60."""
        return f"{self.record.total:,.2f}"

    @property
    def allocation_kind(self) -> str:
        """工资 / 奖金 / …"""
        return ALLOCATION_KINDS[self.record.kind]

    @cached_property
    def average(self) -> Decimal:
        """The average amount per person, to the fen."""
        return (self.record.total / self.headcount).quantize(Decimal("0.01"))

    @cached_property  # asked for every row by the template: once is enough
    def has_points(self) -> bool:
        """Whether any row gives 工分 (to show the column)."""
        return any(row.points is not None for row in self.rows)

    @cached_property  # asked for every row by the template: once is enough
    def has_shifts(self) -> bool:
        """Whether any row gives 出勤."""
        return any(row.shifts for row in self.rows)

    @cached_property  # asked for every row by the template: once is enough
    def has_posts(self) -> bool:
        """Whether any row gives 岗位."""
        return any(row.post for row in self.rows)

    @cached_property  # asked for every row by the template: once is enough
    def has_notes(self) -> bool:
        """Whether any row gives 备注."""
        return any(row.note for row in self.rows)

    @cached_property
    def table(self) -> Shown:
        """The rows as the page shows them, with only the columns some row fills."""
        columns = [Column("no", "序号", **ON_LINE), Column("name", "姓名", **ON_LINE)]
        columns += [Column("post", "岗位")] if self.has_posts else []
        columns += [Column("shifts", "出勤")] if self.has_shifts else []
        columns += [Column("points", "工分", numeric=True)] if self.has_points else []
        columns += [Column("amount", "金额（元）", beneath=False, numeric=True)]
        columns += [Column("note", "备注")] if self.has_notes else []
        keys = [column.key for column in columns]

        def cells(row: Row, number: int) -> list[str]:
            values = {
                "no": str(number),
                "name": row.name,
                "post": row.post or "",
                "shifts": row.shifts or "",
                "points": "" if row.points is None else str(row.points),
                "amount": format_money(row.amount),
                "note": row.note or "",
            }
            return [values[key] for key in keys]

        footer = ["合计", f"{self.headcount} 人"] + ["" for _ in keys[2:]]
        footer[keys.index("amount")] = format_money(self.record.total)
        return show("分配明细表", columns, self.rows, cells, footer)

    @cached_property
    def chart(self) -> Any:
        """The distribution of amounts while named rows are public; none after (aggregates only)."""
        if not self.rows_public:
            return None
        return distribution([row.amount for row in self.rows], title="金额分布")

    @property
    def csv_url(self) -> str:
        """The CSV download, contract address /allocations/<id>.csv."""
        return urls.url("record_csv", kind=self.kind, id=self.id)

    def render_csv(self) -> bytes | None:
        """The rows as CSV, with the total and head-count in the last row, while they are public."""
        if not self.rows_public:
            return None

        def cells(row: Row) -> list[str]:
            points = "" if row.points is None else str(row.points)
            return [
                row.name,
                row.post or "",
                row.shifts or "",
                points,
                f"{row.amount:.2f}",
                row.note or "",
            ]

        total = ["合计", "", "", "", f"{self.record.total:.2f}", f"共 {self.headcount} 人"]
        return PAY_ROWS.render_csv(self.rows, cells, total)

    def search_parts(self) -> list[str]:
        """Month, kind, total and head-count. Named rows are never in the search index: they stand
        on the page and in the CSV only, the two files their withdrawal replaces."""
        record = self.record
        return [
            zh_month(record.month),
            self.allocation_kind,
            f"{self.total_text} 元",
            f"{self.headcount} 人",
            self.contact,
            record.doc_number or "",
        ]


class AllocationKind(Kind):
    """工资奖金分配公示."""

    folder = "allocations"
    name = "allocation"
    label = "工资奖金分配公示"
    menu = "分配公示"
    short = "分配"
    aliases = ("分配", "分配公示")
    schema = Allocation
    view = AllocationView
    people = PAY_ROWS
    markdown = ("basis",)
    summary_from_body = False  # month, kind, head-count and total

    def check(self, check: RecordCheck, data: dict) -> None:
        """The sum rule."""
        self.people.check_sum(check, data, ("total",))

    def check_record(self, check: RecordCheck, record: Record, table: TableSource) -> None:
        """Rows are required, inline or in the CSV, and never empty."""
        rows_src = table.path
        if record.rows is None and rows_src is None:
            check.add(1, f"缺少明细：请写 rows，或在同一文件夹放入 {check.id}.csv")
        elif record.rows == []:
            if rows_src:
                check.add(1, "明细为空，至少需要一行", where=rows_src)
            else:
                check.at(("rows",), "明细为空，至少需要一行")
        elif record.rows:
            self.people.refuse_total_rows(check, record.rows, table)

    def scaffold(self, new: Scaffold) -> str:
        """An allocation with a placeholder row, or naming the CSV its rows were imported into."""
        day, imported = new.day, new.imported
        period = f"period: {{from: {day.isoformat()}, to: {(day + timedelta(days=7)).isoformat()}}}"
        month = (
            imported.month
            if imported
            else (day.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        )
        total = f"{imported.total:,.2f}" if imported else "0.00"
        text = self.head(self.label, new) + (
            f"month: {month}   # 所属月份\n"
            f"kind: {imported.kind if imported else 'bonus'}   # 分配类别：{'、'.join(f'{k}（{v}）' for k, v in ALLOCATION_KINDS.items())}\n"
            f"{period}   # 公示期；期满后姓名和个人金额自动撤下\n"
            f'total: "{total}"   # 分配总额（元），必须等于明细金额之和\n'
            "basis: |   # 分配依据，Markdown 格式\n"
        )
        if imported:
            return text + (
                f"  请填写分配依据：按什么办法、什么标准分配。明细由 {imported.sheet} 导入，共 {imported.count} 人。\n"
                f"# 明细在同一文件夹的 {imported.csv} 中，共 {imported.count} 行。\n"
                + (
                    f"# 导入自 {imported.sheet}（sha256:{imported.digest}）；用 gongkai import --replace 可以从改过的表格更新明细。\n"
                    if imported.digest
                    else ""
                )
            )
        return text + (
            "  请填写分配依据：按什么办法、什么标准分配。\n"
            "# 明细可以写在下面的 rows 里，也可以删掉 rows，在同一文件夹放一个同名的 .csv 表格；\n"
            "# 用 Excel 做的工资表请用 gongkai import 导入。\n"
            "rows:\n"
            "  - {name: 请填写姓名, post: 请填写岗位, amount: 0}\n"
        )

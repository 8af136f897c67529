"""The editors' command line, `gongkai`: check, new, import, schema. Everything it prints is Chinese."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from gongkai.data.errors import DataError, Problem
from gongkai.data.load import Loader
from gongkai.data.source import SourceError
from gongkai.data.today import DEMO_FILE, TodayError, build_today, demo_day
from gongkai.kinds import KINDS
from gongkai.kinds.allocation import ALLOCATION_KINDS
from gongkai.outputs import publish as publish_module
from gongkai.pages import annotate
from gongkai.settings import Settings
from gongkai.tools import editor_schema, scaffold
from gongkai.tools.imports import (
    pay as pay_import,
    proposals as proposals_import,
    roster as roster_import,
)
from gongkai.tools.project import (
    categories_of,
    choose_unit,
    day_option,
    fail,
    find_settings,
    new_path,
    newest_session,
    sessions_of,
    taken_ids,
    today_of,
    units_of,
    write_files,
)


class ChineseCommand(click.Command):
    """Help in Chinese: headings, the help option and usage line."""

    def format_usage(self, ctx, formatter):
        formatter.write_usage(
            ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="用法："
        )

    def format_options(self, ctx, formatter):
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option


class ChineseGroup(ChineseCommand, click.Group):
    """A group whose help lists its commands under a Chinese heading."""

    command_class = ChineseCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        return super().command(*args, **kwargs)

    def format_options(self, ctx, formatter):
        super().format_options(ctx, formatter)
        rows = [
            (name, cmd.get_short_help_str(60))
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name))
        ]
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def format_commands(self, ctx, formatter):
        pass  # listed by format_options under 命令


root_option = click.option(
    "--root", metavar="文件夹", help="项目文件夹（默认：当前文件夹或其上级中含 mkdocs.yml 的那个）"
)


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """公开栏编辑工具：生成和预览网站、检查数据、新建记录、导入工资表、生成编辑器设置、发布网站。

    每个命令都有说明，例如 gongkai check --help。
    """


def run() -> None:
    """The console script: click's own (English) usage errors said in Chinese."""
    try:
        main(prog_name="gongkai", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("\n已取消。", err=True)
        sys.exit(1)
    except click.exceptions.NoSuchOption as exc:
        _usage(exc, f"没有 {exc.option_name} 这个选项")
    except click.exceptions.MissingParameter as exc:
        name = exc.param.metavar or exc.param.name if exc.param else "参数"
        _usage(exc, f"缺少{'选项' if isinstance(exc.param, click.Option) else '参数'} {name}")
    except click.exceptions.UsageError as exc:
        if "No such command" in exc.message:
            _usage(
                exc,
                "没有这个命令，可用的命令：build、serve、check、new、import、schema、holidays、publish、withdraw、rollback",
            )
        _usage(exc, "命令的写法不对")
    except click.exceptions.ClickException as exc:
        click.echo(f"错误：{exc.format_message()}", err=True)
        sys.exit(exc.exit_code)


def _usage(exc: click.exceptions.UsageError, message: str) -> None:
    path = exc.ctx.command_path if exc.ctx else "gongkai"
    click.echo(f"错误：{message}。用法见：{path} --help", err=True)
    sys.exit(2)


@main.command(short_help="生成网站（mkdocs build）")
@click.option("--strict", is_flag=True, help="严格模式：有任何警告（如指南中的坏链接）也不生成")
@click.option(
    "--site-dir", metavar="文件夹", help="生成到哪个文件夹，默认 mkdocs.yml 中的 site_dir（site/）"
)
@click.option("--dirty", is_flag=True, help="只重新生成改动过的页面（不清空输出文件夹）")
@root_option
def build(strict: bool, site_dir: str | None, dirty: bool, root: str | None) -> None:
    """生成整个网站，和 mkdocs build 相同，只是说中文。数据有错误时列出每一处（文件和行号），不生成网站，
    已生成的网站保持不变。今天按 GONGKAI_AS_OF（演示用的固定日期）、SOURCE_DATE_EPOCH 或当前时间计算。
    """
    from gongkai.tools import runner

    runner.build(find_settings(root).root, site_dir, strict, dirty)


@main.command(short_help="预览网站，保存后自动刷新（mkdocs serve）")
@click.option("--dev-addr", metavar="地址:端口", help="预览网址的地址和端口，默认 127.0.0.1:8000")
@click.option(
    "--full", is_flag=True, help="每次保存都重新生成全部页面（默认只重新生成改动涉及的页面）"
)
@root_option
def serve(dev_addr: str | None, full: bool, root: str | None) -> None:
    """在本机预览网站：保存记录后几秒内，打开的网页自动刷新。数据有错误时，终端和网页上都会列出，
    网页继续显示上一次正确的内容。按 Ctrl+C 停止。
    """
    from gongkai.tools import runner

    settings = find_settings(root)
    if "GONGKAI_AS_OF" not in os.environ:
        try:
            day = demo_day(settings.data_dir)
        except TodayError as exc:
            fail(str(exc))
        if day is not None:
            os.environ["GONGKAI_AS_OF"] = day.isoformat()
            click.echo(
                f"演示数据按 {day.isoformat()} 预览（data/{DEMO_FILE}）。换成本单位的数据时，连同 data/{DEMO_FILE} 一起删去，预览就按今天显示。"
            )
    runner.serve(settings.root, dev_addr, full)


@main.command(short_help="检查 data/ 中的全部数据")
@click.argument("files", nargs=-1, metavar="[文件]...")
@click.option(
    "--format",
    "style",
    default="text",
    metavar="text|github|gitlab",
    help="输出格式：text（默认，给人看）、github（GitHub 拉取请求中的行内提示）、gitlab（GitLab 代码质量报告 JSON）",
)
@root_option
def check(files: tuple[str, ...], style: str, root: str | None) -> None:
    """用与网站构建完全相同的规则和提示检查 data/ 中的全部数据，不生成网站。

    没有问题时退出码为 0，有问题时为 1。给出 FILES 时只报告这些文件中的问题（其余文件照样检查）。
    """
    if style not in ("text", "github", "gitlab"):
        fail(f"--format 只能是 text、github 或 gitlab，而不是“{style}”")
    settings = find_settings(root)
    today = today_of(settings)
    loader = Loader(
        settings.root, settings.data_dir, today, ZoneInfo(settings.timezone), pages=False
    )
    try:
        archive = loader.load()
        problems: list[Problem] = []
    except DataError as exc:
        problems, archive = exc.problems, loader.archive
    notices = archive.notices
    elsewhere = 0
    if files:
        wanted = {_relative(settings, f) for f in files} | {
            "data/units.yml",
            "data/categories.yml",
            "data/holidays.yml",
        }
        elsewhere = sum(1 for p in problems if p.path not in wanted)
        problems = [p for p in problems if p.path in wanted]
        notices = [n for n in notices if n.path in wanted]
    if style == "text":
        click.echo(annotate.text(problems))
        if elsewhere:
            click.echo(
                f"（另有 {elsewhere} 处问题在其他文件中，运行 gongkai check 可以全部列出。）"
            )
        if notices:
            click.echo(annotate.notices(sorted(set(notices))))
        for line in annotate.scheduled(archive.scheduled(), today):
            click.echo(line)
    else:
        click.echo(
            {"github": annotate.github, "gitlab": annotate.gitlab}[style](
                problems, sorted(set(notices))
            )
        )
    sys.exit(1 if problems else 0)


def _relative(settings: Settings, name: str) -> str:
    path = Path(name)
    path = path if path.is_absolute() else Path.cwd() / path
    try:
        return path.resolve().relative_to(settings.root).as_posix()
    except ValueError:
        return path.as_posix()


KIND_NAMES = {  # what `gongkai new` accepts for a kind: its folder, page kind, label and aliases
    word: folder
    for folder, kind in KINDS.items()
    for word in (folder, kind.name, kind.label, *kind.aliases)
}


KIND_CHOICES = "、".join(f"{kind.name}（{kind.menu_label}）" for kind in KINDS.values())


@main.command(
    short_help="从模板新建一条记录",
    help=f"""按模板新建一条记录：带中文注释，日期为今天，id 由标题的拼音生成，单位从组织机构中选择。

    类型：{KIND_CHOICES}，也可以写中文。提案写到 data/sessions.yml 中最新的一届职代会；还没有职代会时写成合理化建议。
    新记录带有 draft: true（草稿，不会发布），写好后删掉那一行。不会打开任何程序，也不会覆盖已有文件。
    """,
)
@click.argument("kind", metavar="类型")
@click.option("--title", metavar="标题", help="标题（不写时会提问）")
@click.option("--unit", metavar="单位", help="发布单位的 id（不写时从 data/units.yml 中选择）")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="发布日期，默认今天")
@click.option("--category", metavar="类别", help="公开类别的 id（公开事项用），默认 other（其他）")
@click.option("--id", "ident", metavar="id", help="记录 id（文件名），默认由标题的拼音生成")
@root_option
def new(
    kind: str,
    title: str | None,
    unit: str | None,
    day: str | None,
    category: str | None,
    ident: str | None,
    root: str | None,
) -> None:
    """Write a new record from its kind's template (the help above is built from KINDS)."""
    settings = find_settings(root)
    kind_dir = KIND_NAMES.get(kind)
    if kind_dir is None:
        fail(f"没有“{kind}”这种类型，可选：{KIND_CHOICES}")
    if not title:
        if not sys.stdin.isatty():
            fail("请用 --title 给出标题")
        title = click.prompt("标题", prompt_suffix="：")
    units = units_of(settings)
    unit = choose_unit(units, unit)
    when = day_option(day, settings)
    categories = categories_of(settings)
    category = category or ("other" if "other" in categories else next(iter(categories)))
    fields = KINDS[kind_dir].schema.model_fields  # what the kind's records carry
    if "category" in fields and category not in categories:
        fail(f"公开类别“{category}”不在 data/categories.yml 中，可用的有：{'、'.join(categories)}")
    ident = ident or scaffold.propose_id(
        title, when, taken_ids(settings, kind_dir), drop=(settings.enterprise,)
    )
    path = new_path(settings, kind_dir, ident, when)
    suggestion = kind in (
        "合理化建议",
        "建议",
        "suggestion",
    )  # a proposal to the congress, unless asked for a suggestion
    session = newest_session(settings) if "session" in fields and not suggestion else ""
    write_files(
        settings,
        {
            path: scaffold.render(
                kind_dir, title=title, unit=unit, day=when, category=category, session=session
            )
        },
    )
    click.echo(
        f"已新建{KINDS[kind_dir].label}（草稿）：{path.relative_to(settings.root).as_posix()}"
    )
    click.echo("请用编辑器打开填写，写好后删掉 draft: true 一行。")


@main.command(
    name="import",
    short_help="把 Excel 或 CSV 工资奖金表导入为分配公示，把名单导入为公开事项，或把提案登记表导入为提案",
)
@click.argument("sheet_file", metavar="表格文件")
@click.option(
    "--roster",
    is_flag=True,
    help="把表格作为名单（困难救助、疗养、助学、评先评优、选举结果等）导入为一条公开事项，而不是工资奖金表",
)
@click.option(
    "--proposals",
    is_flag=True,
    help="把表格作为提案登记表或合理化建议登记表导入：每一行成为一件提案（data/proposals/年/），而不是工资奖金表",
)
@click.option(
    "--type",
    "proposal_type",
    metavar="类型",
    help="提案用：proposal（职代会提案）或 suggestion（合理化建议），用于没有“类型”列（或该格为空）的行；"
    "不写时从表格标题（其次是文件名）中的“提案”“合理化建议”识别，有届次的默认是职代会提案",
)
@click.option(
    "--session",
    metavar="届次",
    help="提案用：届次，data/sessions.yml 中的 id 或名称（如 11-1 或 十一届一次职代会），用于没有“届次”列（或该格为空）的职代会提案；"
    "不写时从表格标题（其次是文件名）识别",
)
@click.option(
    "--due",
    metavar="时限",
    help="提案用：立案而“办理时限”为空的提案的办理时限：日期（如 2026-06-30）或工作日数（如 20个工作日）",
)
@click.option(
    "--publish",
    "publish_now",
    is_flag=True,
    help="提案用：写入的提案不带 draft: true，构建时直接发布（默认是草稿，核对后再发布）",
)
@click.option(
    "--mask",
    is_flag=True,
    help="名单用：姓名打码公示（张三丰 → 张*丰，韩梅 → 韩*）；困难帮扶名单总是打码",
)
@click.option(
    "--public",
    "public",
    is_flag=True,
    help="名单用：姓名长期公开，公示期满也不撤下（如表彰、选举结果）",
)
@click.option(
    "--category",
    metavar="类别",
    help="名单用：公开类别的 id（data/categories.yml），不写时从标题识别：救助/帮扶/困难/助学/慰问 → aid，"
    "疗养/休养 → recuperation，代表/选举 → democracy，十佳/先进/评选/候选/表彰/劳模 → honors，其余 → other",
)
@click.option(
    "--month", metavar="YYYY-MM", help="所属月份（不写时从表格标题或文件名中找，找不到会提问）"
)
@click.option(
    "--unit",
    metavar="单位",
    help="发布单位的 id（不写时从 data/units.yml 中选择）；提案用：“提案单位”为空的行的提案单位",
)
@click.option(
    "--kind",
    "alloc_kind",
    metavar="类别",
    help="分配类别："
    + "、".join(f"{k}（{v}）" for k, v in ALLOCATION_KINDS.items())
    + "。不写时从表格标题（其次是文件名）中的“工资、奖金/奖励、绩效、安全奖”识别，识别不出会提问",
)
@click.option(
    "--title",
    metavar="标题",
    help="标题，默认“单位+月份+类别+分配公示”；名单默认取表格标题（其次是文件名）",
)
@click.option(
    "--date",
    "day",
    metavar="YYYY-MM-DD",
    help="发布日期（公示开始），默认今天；提案用：“提出日期”为空的行的提出日期（默认届次的开会日期）",
)
@click.option(
    "--id",
    "ident",
    metavar="id",
    help="记录 id（文件名），默认“年-月-单位-类别”，如 2026-10-zongcai1-safety；名单默认“年-月-单位-mingdan”",
)
@click.option("--sheet", metavar="工作表", help="Excel 工作表名称，默认第一个")
@click.option(
    "--replace",
    is_flag=True,
    help="工资奖金表用：这张表（或同一单位、同一月份、同一类别的表）已经导入过时，用它更新那条分配公示的明细和总额；"
    "不加时拒绝再次导入，另建一条请用 --id 给出新的 id",
)
@click.option(
    "--amount",
    metavar="列名",
    help="金额所在列的列名或列号（如 应发金额 或 E），表头中有不止一列像金额时必须指定",
)
@root_option
def import_(
    sheet_file: str,
    roster: bool,
    proposals: bool,
    proposal_type: str | None,
    session: str | None,
    due: str | None,
    publish_now: bool,
    mask: bool,
    public: bool,
    category: str | None,
    month: str | None,
    unit: str | None,
    alloc_kind: str | None,
    title: str | None,
    day: str | None,
    ident: str | None,
    sheet: str | None,
    replace: bool,
    amount: str | None,
    root: str | None,
) -> None:
    """把工资、奖金表（.xlsx 或 .csv）变成一条分配公示：明细写入同名 .csv，总额由明细计算。

    表格可以有标题行、合并的表头单元格和最下面的“合计”行；表头可写“姓名、岗位/工种、出勤、工分/系数、
    金额/应发金额/奖金、备注”等常见写法。表格自己的合计与明细之和不符时拒绝导入，并指出是哪个单元格。

    分配类别不写时从表格标题（其次是文件名）识别，id 默认为“年-月-单位-类别”；GBK 编码的 CSV 会转换为 UTF-8。

    加 --roster 时，表格是一份名单（表头“姓名、单位、项目/类别、金额、名次、备注”等），导入为一条带名单的公开事项，名单写入同名 .csv：单位写名称（如 综采一队），换成 data/units.yml 中的 id；可以没有金额和“合计”行，有合计行时要与金额之和一致；序号列不导入。

    名单的姓名：--mask 打码公示，--public 长期公开，都不写时公示期满后撤下；困难帮扶（aid）名单总是打码，不带备注。

    加 --proposals 时，表格是提案登记表或合理化建议登记表（表头“编号、案由、提案人、附议人、提案单位、提出日期、届次、内容、审查意见、承办单位、办理时限、答复日期、答复意见、答复类别、提案人意见”等），每一行写成 data/proposals/年/ 下的一件提案，文件名为“届次-编号”（如 11-1-05）或“年-jianyi-编号”。有问题的行指出行号和改法，不导入；已有的提案不会被覆盖。

    Excel 中隐藏的行和列（包括筛选掉的行）不导入，导入时会指出是哪些；第一个工作表是隐藏的时，导入第一个没有隐藏的工作表。

    超过 20 MB、50,000 行或 200 列的表格，以及压缩炸弹、XML 炸弹和加密的文件会被拒绝，并说明原因和改法。

    新记录带有 draft: true（草稿），请补写分配依据（名单：正文和意见受理方式）、核对后删掉那一行。
    """
    settings = find_settings(root)
    if proposals:
        others = {
            "--roster": roster,
            "--mask": mask,
            "--public": public,
            "--category": category,
            "--month": month,
            "--kind": alloc_kind,
            "--title": title,
            "--id": ident,
            "--amount": amount,
            "--replace": replace,
        }
        proposals_import.run(
            settings,
            sheet_file,
            kind=proposal_type,
            session=session,
            unit=unit,
            day=day,
            due=due,
            publish=publish_now,
            sheet=sheet,
            others=others,
        )
        return
    if given := [
        name
        for name, value in (
            ("--type", proposal_type),
            ("--session", session),
            ("--due", due),
            ("--publish", publish_now),
        )
        if value
    ]:
        fail(f"{'、'.join(given)} 只用于导入提案：请加上 --proposals，或去掉 {'、'.join(given)}")
    if replace and (roster or proposals):
        fail("--replace 只用于导入工资奖金表")
    if roster:
        roster_import.run(
            settings,
            sheet_file,
            unit=unit,
            category=category,
            title=title,
            day=day,
            ident=ident,
            sheet=sheet,
            mask=mask,
            public=public,
            pay_options={"--month": month, "--kind": alloc_kind, "--amount": amount},
        )
        return
    if roster_options := [
        name
        for name, given in (("--mask", mask), ("--public", public), ("--category", category))
        if given
    ]:
        fail(
            f"{'、'.join(roster_options)} 只用于导入名单：请加上 --roster，或去掉 {'、'.join(roster_options)}"
        )
    pay_import.run(
        settings,
        sheet_file,
        unit=unit,
        kind=alloc_kind,
        month=month,
        title=title,
        day=day,
        ident=ident,
        sheet=sheet,
        replace=replace,
        amount=amount,
    )


@main.command(short_help="生成 JSON Schema 和 VS Code 设置")
@click.option(
    "--out",
    default=".vscode",
    metavar="文件夹",
    help="写入的文件夹（相对于项目文件夹），默认 .vscode",
)
@root_option
def schema(out: str, root: str | None) -> None:
    """生成每种记录的 JSON Schema（中文标题和说明），并写入 .vscode/settings.json，
    让 VS Code（装 YAML 插件）等编辑器在输入时补全字段、悬停显示含义、标出错误。
    单位和公开类别取自 data/ 中的当前内容：修改组织机构后请重新运行。
    """
    settings = find_settings(root)
    written = editor_schema.write(
        settings.root / out, units_of(settings), categories_of(settings), sessions_of(settings)
    )
    for path in written:
        click.echo(f"已写入 {path.relative_to(settings.root).as_posix()}")


@main.command(
    short_help="从国务院办公厅的节假日安排通知生成 data/holidays.yml 中的一年",
    help="""把国务院办公厅《关于20XX年部分节假日安排的通知》的全文，变成 data/holidays.yml 中的一年：放假调休的日子和调休上班的周六、周日。程序自带的日历（chinesecalendar）还不知道的年份，写上以后就按实际工作日计算，不再是“暂定”。

    国务院办公厅每年 10 月底到 12 月中旬公布下一年的安排：在中国政府网 www.gov.cn 搜索“部分节假日安排的通知”，打开国务院办公厅的通知，从标题到落款全部复制，运行 gongkai holidays 后粘贴，再按 Ctrl+D（Windows 按 Ctrl+Z 再按回车）；也可以把通知存成文本文件，写上文件名。

    通知自己写的“共N天”、括号里的星期、调休上班的日子是不是周六或周日都会核对，对不上就不生成，并指出是哪一句。不加 --write 时只显示生成的内容；加上 --write 写入 data/holidays.yml（没有时新建，其他年份和注释保持原样）。

    写入后运行 gongkai check：这份安排与 chinesecalendar 不同的日子，它会逐日列出。
    """,
)
@click.argument("notice_file", required=False, metavar="[通知文件]")
@click.option("--year", metavar="年份", help="通知所属的年份，如 2027：粘贴的文字没有标题时用")
@click.option("--write", is_flag=True, help="写入 data/holidays.yml（不加时只显示）")
@click.option(
    "--replace",
    "replace_existing",
    is_flag=True,
    help="data/holidays.yml 中已有这一年、又和通知不同时，用通知替换它",
)
@root_option
def holidays(
    notice_file: str | None, year: str | None, write: bool, replace_existing: bool, root: str | None
) -> None:
    """The State Council's holiday notice into data/holidays.yml (the help above is the clerk's)."""
    from gongkai.data.workdays import Calendar
    from gongkai.tools import holiday_notice

    if year is not None and not re.fullmatch(r"\d{4}", year):
        fail("--year 应写成四位数的年份，如 2027")
    settings = find_settings(root)
    text = _notice_text(notice_file)
    path = settings.data_dir / "holidays.yml"
    rel = _relative(settings, str(path))
    existing, newline = _holidays_text(path, rel)
    try:
        stated = holiday_notice.load_stated(existing, rel) if existing is not None else []
        entries = holiday_notice.complete(
            holiday_notice.parse_notice(text, int(year) if year else None), Calendar.of(stated)
        )
        if not write:
            click.echo(holiday_notice.render_entries(entries), nl=False)
            click.echo(f"核对无误后，加上 --write 写入 {rel}。", err=True)
            return
        written, done = holiday_notice.insert_entries(existing, entries, rel, replace_existing)
    except holiday_notice.NoticeError as exc:
        fail(str(exc))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(written, encoding="utf-8", newline=newline)
    lines = {schedule.year: schedule.line for schedule in stated}
    for entry in entries:
        schedule = entry.schedule()
        counts = f"（放假 {len(schedule.off)} 天，调休上班 {len(schedule.work)} 天）"
        click.echo(
            {
                "added": f"已写入 {rel}：{entry.year} 年{counts}",
                "replaced": f"已替换 {rel} 第 {lines.get(entry.year)} 行的 {entry.year} 年{counts}",
                "same": f"{rel} 中已有 {entry.year} 年，与这份通知相同，没有改动",
            }[done[entry.year]]
        )
    if set(done.values()) != {"same"}:
        click.echo(
            "请运行 gongkai check：它会逐日列出这份安排与 chinesecalendar 不同的日子（如有），请对照通知原文确认。"
        )


# a notice is a few KB; a saved web page with its scripts stays under it
MAX_NOTICE_BYTES = 1024 * 1024


def _notice_text(name: str | None) -> str:
    """The notice pasted on stdin, or from a file: UTF-8, or GBK as an older Notepad saves it."""
    if name is None or name == "-":
        if sys.stdin.isatty():
            click.echo(
                "请粘贴通知全文（从标题到落款），粘贴完按 Ctrl+D（Windows 按 Ctrl+Z 再按回车）：",
                err=True,
            )
        return sys.stdin.read()
    path = Path(name)
    if not path.is_file():
        fail(f"找不到文件 {name}")
    if path.stat().st_size > MAX_NOTICE_BYTES:
        fail(f"{name} 超过 1 MB，不像是一份通知：请只复制通知的文字")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    fail(f"{name} 既不是 UTF-8 也不是 GBK 编码的文字：请把通知另存为 UTF-8 编码的文本文件")


def _holidays_text(path: Path, rel: str) -> tuple[str | None, str]:
    """data/holidays.yml's text (None without the file), its lines ended by "\\n", and the line
    ending it is written with (a file saved on Windows keeps its own)."""
    from gongkai.data.source import MAX_YAML_BYTES, read_text

    if not path.exists() and not path.is_symlink():
        return None, "\n"
    try:
        raw = read_text(path, MAX_YAML_BYTES)
    except SourceError as exc:
        fail(f"{rel}：{exc.message}")
    return raw.replace("\r\n", "\n"), "\r\n" if "\r\n" in raw else "\n"


@main.command(short_help="生成、检查并原子地发布网站")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="文件夹",
    help="发布目录：网站服务器应指向其中的 live（符号链接）",
)
@click.option("--keep", default=5, metavar="N", help="保留最近几个版本，默认 5")
@click.option(
    "--no-announce",
    "quiet",
    is_flag=True,
    help="不通知群聊（网站另行上线时用：上线后再运行 gongkai announce）",
)
@root_option
def publish(target: str, keep: int, quiet: bool, root: str | None) -> None:
    """先撤下已发布的各版本中到期的名单和明细（同 gongkai withdraw），再在发布目录的 releases/ 下生成一个
    新版本，检查它（每个应有的网址都在、没有身份证号等个人信息、公示期外的名单和明细姓名不在其中、
    正在公示的名单都准备好了期满那天的撤下），通过后一次性把 live 指向它，并只保留最近 N 个版本。

    生成或检查失败、或者中途被终止时，live 保持原样（只撤下了到期的姓名），命令失败并说明撤下了什么、哪里出错。

    发布后，新公开的内容（新发布的记录、开始公示的名单）会通知设置了群机器人的企业微信、钉钉、飞书群
    （环境变量 GONGKAI_WECOM_WEBHOOK、GONGKAI_DINGTALK_WEBHOOK 和 GONGKAI_DINGTALK_SECRET、
    GONGKAI_FEISHU_WEBHOOK），每条只通知一次；群联系不上不影响发布，下次发布时补发。
    """
    settings = find_settings(root)
    try:
        publish_module.publish(
            Path(target).absolute(), settings, keep=keep, log=click.echo, announce=not quiet
        )
    except publish_module.PublishError as exc:
        fail(str(exc))
    except TodayError as exc:
        fail(str(exc))


@main.command(short_help="把新公开的内容通知到企业微信、钉钉、飞书群（不生成网站）")
@click.option("--to", "target", required=True, metavar="文件夹", help="发布目录（与 publish 相同）")
@root_option
def announce(target: str, root: str | None) -> None:
    """把发布目录中当前版本（live）里新公开、还没通知过的内容，以及上次没发出去的通知，发到设置了群机器人的
    群里（见 gongkai publish 的说明）。gongkai publish 发布后会自动做这一步；用 --no-announce 发布、
    网站另行上线（如 .ci/publish 用 rsync 上传）后，再运行这个命令。群联系不上时，退出码仍为 0，
    并说明还欠哪些群几条，下次补发。
    """
    from gongkai.outputs import announce as announce_module

    settings = find_settings(root)
    folder = Path(target).absolute()
    live = publish_module.live_release(folder)
    if live is None:
        fail(f"发布目录 {target} 中还没有发布过的网站（live）")
    try:
        day = build_today(ZoneInfo(settings.timezone))
    except TodayError as exc:
        fail(str(exc))
    announce_module.announce(
        folder, live, settings.site_name, settings.site_url or "", day, log=click.echo
    )


@main.command(short_help="撤下已到期的名单和明细（不生成网站）")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="文件夹",
    help="发布目录（与 publish 相同），或一个生成好的网站文件夹",
)
@click.option(
    "--today",
    "day",
    metavar="YYYY-MM-DD",
    help="按哪一天计算，默认今天（GONGKAI_AS_OF、SOURCE_DATE_EPOCH 或时钟）",
)
def withdraw(target: str, day: str | None) -> None:
    """把公示期已满的名单和工资明细从已发布的网站上撤下：换上生成网站时准备好的期满后的页面，删掉 CSV 下载。
    不需要 data/，也不生成网站，发布目录中保留的每个版本都会处理（回退也不会让姓名回来）。

    gongkai publish 每次发布前会先做这一步；网站服务器上没有装 gongkai 时，每天用 cron 运行网站里自带的
    python3 /srv/gongkai/live/.withdraw/withdraw.py --to /srv/gongkai 效果相同。有没撤下的，退出码为 1。
    """
    from gongkai.outputs import withdraw as withdraw_module

    folder = Path(target).absolute()
    if not folder.is_dir():
        fail(f"找不到发布目录 {target}")
    try:
        when = (
            withdraw_module.parse_day(day, "--today ")
            if day
            else withdraw_module.today(withdraw_module.zone_of(folder))
        )
        reports = withdraw_module.withdraw(folder, when)
    except withdraw_module.WithdrawError as exc:
        fail(str(exc))
    for report in reports:
        for line in report.lines():
            click.echo(line, err=line.startswith("撤下失败"))
    if not any(report.done or report.failed for report in reports):
        click.echo(f"{when.isoformat()}：没有到期要撤下的名单和明细。")
    sys.exit(1 if any(report.failed for report in reports) else 0)


@main.command(short_help="把网站退回上一个版本")
@click.option("--to", "target", required=True, metavar="文件夹", help="发布目录（与 publish 相同）")
def rollback(target: str) -> None:
    """把 live 指回上一个已发布的版本（当前版本仍保留，之后可以再次发布）。"""
    try:
        publish_module.rollback(Path(target).absolute(), log=click.echo)
    except publish_module.PublishError as exc:
        fail(str(exc))

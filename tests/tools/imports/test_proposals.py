"""`gongkai import --proposals`: a clerk's register of proposals (提案登记表) or of suggestions
(合理化建议登记表) becomes one record a row: every column spelling read, the words of a cell turned
into the contract's keys, bad rows reported on their row with the fix and not written, existing
records never overwritten, and what is written passing `gongkai check`."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from support import ROOT, UNITS, gongkai, hide, roster_book, write_data

from gongkai.tools.imports import proposals as register_reader, workbook as reading

MORE_UNITS = """\
- id: laozi
  name: 劳资科
  kind: 科室
  parent: mine
- id: houqin
  name: 后勤服务中心
  kind: 其他
  parent: mine
- id: jiyun
  name: 机运区
  kind: 区队
  parent: mine
"""


SESSIONS = """\
- id: 11-1
  name: 十一届一次职代会
  date: 2026-03-06
  delegates: 190
  present: 186
"""


UNIT_NAMES = {
    "mine": "兴业煤矿",
    "union": "矿工会",
    "zongcai1": "综采一队",
    "laozi": "劳资科",
    "houqin": "后勤服务中心",
    "jiyun": "机运区",
}


SESSION_NAMES = {"11-1": ("十一届一次职代会", date(2026, 3, 6))}


KNOWN_UNITS = "兴业煤矿（mine）、矿工会（union）、综采一队（zongcai1）、劳资科（laozi）、后勤服务中心（houqin）、机运区（jiyun）"


HEADER = [
    "编号",
    "案由",
    "提案人",
    "附议人",
    "代表团",
    "提出日期",
    "提案内容",
    "审查意见",
    "审查日期",
    "承办单位",
    "协办单位",
    "办理时限",
    "答复日期",
    "答复意见",
    "答复类别",
    "提案人意见",
    "评价日期",
]


@pytest.fixture()
def project(tmp_path):
    """A project with the congress 11-1 and the units that handle proposals."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    write_data(root, {"units.yml": UNITS + MORE_UNITS, "sessions.yml": SESSIONS})
    return root


register = roster_book  # a 提案登记表 is a sheet like a name list: a title row, a header, rows


def proposals(project: Path) -> dict[str, str]:
    """The records under data/proposals: path from the project → text."""
    folder = project / "data" / "proposals"
    return {
        p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.yml"))
    }


def checked(project: Path) -> None:
    result = gongkai(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_register_becomes_proposals_that_pass_the_check(project, tmp_path):
    rows = [
        [
            5,
            "关于井口增设自行车棚的提案",
            "王立新",
            "赵红梅、李强",
            "综采一队代表团",
            datetime(2026, 3, 1),
            "职工上班的自行车无处存放。\n　　建议在井口东侧增设车棚。",
            "立案",
            "2026-03-06",
            "后勤服务中心",
            "机运区",
            "20个工作日",
            "2026/3/25",
            "车棚已于3月20日建成。",
            "已解决",
            "满意",
            "2026年3月28日",
        ],
        [
            "06",
            "关于调整夜班补贴的提案",
            "孙立平 周  伟",
            None,
            "综采一队",
            46083,
            "夜班补贴多年未调。",
            "立案，由劳资科研究",
            None,
            "劳资科",
            None,
            "2026.6.30",
            None,
            None,
            None,
            None,
            None,
        ],
        [
            7,
            "关于班中餐保温的提案",
            "吴海波",
            None,
            "综采一队",
            "2026-03-02",
            "饭菜送到井下已经凉了。",
            "并案（并入第5号）",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            8,
            "关于增设职工书屋的提案",
            "魏守财",
            None,
            "矿工会",
            "2026-03-03",
            None,
            "转为意见建议",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    sheet = register(
        tmp_path / "提案.xlsx",
        "兴业煤矿十一届一次职代会提案登记表",
        HEADER + ["备注"],
        rows,
        [["制表人：李四"]],
    )
    result = gongkai(project, "import", "--proposals", str(sheet))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "类型：职代会提案（取自表格标题“兴业煤矿十一届一次职代会提案登记表”）",
        "届次：十一届一次职代会（11-1，取自表格标题“兴业煤矿十一届一次职代会提案登记表”）",
        "没有导入的列：“备注”（R 列）。",
        "已写入 4 件（草稿）：",
        "  data/proposals/2026/11-1-05.yml（第 3 行）",
        "  data/proposals/2026/11-1-06.yml（第 4 行）",
        "  data/proposals/2026/11-1-07.yml（第 5 行）",
        "  data/proposals/2026/11-1-08.yml（第 6 行）",
        "第 4、5、6 行没有审查日期，按届次的开会日期填写了，请核对。",
        "第 6 行没有提案内容，写成了草稿：请在 body 中补写案由和建议，再删掉 draft: true 一行。",
        "请核对写入的提案，无误后删掉各文件中的 draft: true 一行（草稿不会发布）；也可以删掉这些文件，加 --publish 重新导入。",
    ]
    written = proposals(project)
    first = written["data/proposals/2026/11-1-05.yml"]
    assert first.startswith("# 提案与合理化建议。")
    for line in (
        'title: "关于井口增设自行车棚的提案"   # 标题',
        "unit: zongcai1",
        "date: 2026-03-01",
        "draft: true",
        "# 由 提案.xlsx 第 3 行导入",
        "type: proposal",
        "session: 11-1   # 届次：十一届一次职代会",
        'number: "5"',
        'proposers: ["王立新", "赵红梅", "李强"]   # 提案人，第一位是领衔人',
        "body: |   # 提案内容，Markdown 格式；每行前面空两格\n  职工上班的自行车无处存放。\n\n  建议在井口东侧增设车棚。\n",
        "review: {date: 2026-03-06, result: accepted}   # 审查：立案",
        "handlers: [houqin, jiyun]   # 承办单位，第一个是主办单位：后勤服务中心、机运区",
        "due: {working_days: 20}   # 办理时限：从审查日期起 20 个工作日",
        "answer:   # 答复：已解决",
        "  date: 2026-03-25\n  result: solved\n  text: |   # 答复内容，Markdown 格式\n    车棚已于3月20日建成。\n",
        "evaluation: {date: 2026-03-28, result: satisfied}   # 提案人评价：满意",
    ):
        assert line in first, line
    second = written["data/proposals/2026/11-1-06.yml"]
    for line in (
        'number: "06"',
        'proposers: ["孙立平", "周伟"]',
        "date: 2026-03-02",
        'review: {date: 2026-03-06, result: accepted, note: "立案，由劳资科研究"}',
        "due: 2026-06-30",
    ):
        assert line in second, line
    assert (
        'review: {date: 2026-03-06, result: merged, merged_into: "11-1-05"}'
        in written["data/proposals/2026/11-1-07.yml"]
    )
    fourth = written["data/proposals/2026/11-1-08.yml"]
    assert (
        "review: {date: 2026-03-06, result: referred}" in fourth
        and "\n  请在这里填写提案的案由和建议。\n" in fourth
    )
    checked(project)

    again = gongkai(project, "import", "--proposals", str(sheet))
    assert again.returncode == 0, again.stdout
    assert again.stdout.splitlines()[3:9] == [
        "没有写入提案。",
        "已跳过 4 件（已有的记录不会被覆盖）：",
        "  提案.xlsx 第 3 行：已有这件提案：data/proposals/2026/11-1-05.yml（标题相同），不会覆盖",
        "  提案.xlsx 第 4 行：已有这件提案：data/proposals/2026/11-1-06.yml（标题相同），不会覆盖",
        "  提案.xlsx 第 5 行：已有这件提案：data/proposals/2026/11-1-07.yml（标题相同），不会覆盖",
        "  提案.xlsx 第 6 行：已有这件提案：data/proposals/2026/11-1-08.yml（标题相同），不会覆盖",
    ]
    assert proposals(project) == written


def test_a_gbk_csv_of_suggestions(project, tmp_path):
    sheet = tmp_path / "合理化建议.csv"
    text = (
        "2026年合理化建议登记表\n"
        "序号,建议名称,建议人,所在单位,建议日期,建议内容,审查结果,立案日期,承办部门,完成时限,办理情况,办复日期,"
        "办理结果,满意度,反馈日期,获奖等级,奖金,授奖单位,经济效益\n"
        '1,刮板机链轮改进,王立新 赵红梅,综采一队,2026/4/1,"改进链轮材质。\n延长使用寿命。",立案,2026-04-10,劳资科,'
        '2026-05-30,已解决,2026-05-20,新链轮已投用。,基本满意,2026-05-25,一等奖,"5,000",兴业煤矿,年节约材料费12万元\n'
        "2,胶带机托辊更换,孙  强,机运区,46113,更换托辊。,不予立案,2026-04-12,,,,,,,,,,,\n"
    )
    sheet.write_bytes(text.encode("gbk"))
    result = gongkai(project, "import", "--proposals", str(sheet), "--publish")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "已将 GBK 编码的 合理化建议.csv 转换为 UTF-8。",
        "类型：合理化建议（取自表格标题“2026年合理化建议登记表”）",
        "已写入 2 件：",
        "  data/proposals/2026/2026-jianyi-01.yml（第 3 行）",
        "  data/proposals/2026/2026-jianyi-02.yml（第 4 行）",
    ]
    written = proposals(project)
    first = written["data/proposals/2026/2026-jianyi-01.yml"]
    assert "draft:" not in first
    for line in (
        "type: suggestion",
        'number: "1"   # 编号（同一年的合理化建议中不能重复）',
        "handlers: [laozi]",
        'proposers: ["王立新", "赵红梅"]',
        "  改进链轮材质。\n\n  延长使用寿命。\n",
        "due: 2026-05-30",
        "  date: 2026-05-20\n  result: solved\n  text: |   # 答复内容，Markdown 格式\n    新链轮已投用。\n",
        "evaluation: {date: 2026-05-25, result: basically}",
        'award: {level: "一等奖", amount: "5000.00", by: "兴业煤矿"}',
        'benefit: "年节约材料费12万元"',
    ):
        assert line in first, line
    assert "session:" not in first
    second = written["data/proposals/2026/2026-jianyi-02.yml"]
    assert (
        "date: 2026-04-01" in second and 'proposers: ["孙强"]' in second and "unit: jiyun" in second
    )
    assert "review: {date: 2026-04-12, result: declined}" in second
    checked(project)


@pytest.mark.parametrize("key, spellings", list(register_reader.PROPOSAL_SPELLINGS.items()))
def test_every_spelling_of_every_column(key, spellings):
    values = {
        "number": ("5", lambda d, row: d["number"] == "5"),
        "serial": (7, lambda d, row: d["number"] == "7"),
        "title": ("关于增设车棚的提案", lambda d, row: d["title"] == "关于增设车棚的提案"),
        "proposers": ("王立新、赵红梅", lambda d, row: d["proposers"] == ["王立新", "赵红梅"]),
        "seconders": ("赵红梅", lambda d, row: d["proposers"] == ["王立新", "赵红梅"]),
        "unit": ("综采一队", lambda d, row: d["unit"] == "zongcai1"),
        "date": ("2026-03-02", lambda d, row: d["date"] == date(2026, 3, 2)),
        "type": ("合理化建议", lambda d, row: d["type"] == "suggestion" and "session" not in d),
        "session": ("十一届一次职代会", lambda d, row: d["session"] == "11-1"),
        "body": ("车子没处放。", lambda d, row: d["body"] == "车子没处放。"),
        "review_result": (
            "不予立案",
            lambda d, row: d["review"] == {"result": "declined", "date": date(2026, 3, 6)},
        ),
        "review_note": ("转为意见建议", lambda d, row: d["review"]["result"] == "referred"),
        "review_date": ("2026-03-07", lambda d, row: d["review"] == {"date": date(2026, 3, 7)}),
        "merged_into": (
            "3",
            lambda d, row: row.merged_ref == "3" and d["review"]["result"] == "merged",
        ),
        "handlers": ("劳资科、后勤服务中心", lambda d, row: d["handlers"] == ["laozi", "houqin"]),
        "cohandlers": ("后勤服务中心", lambda d, row: d["handlers"] == ["houqin"]),
        "due": ("20个工作日", lambda d, row: d["due"] == {"working_days": 20}),
        "answer_date": ("2026-04-01", lambda d, row: d["answer"] == {"date": date(2026, 4, 1)}),
        "answer_text": (
            "已解决：车棚已建成。",
            lambda d, row: d["answer"] == {"result": "solved", "text": "已解决：车棚已建成。"},
        ),
        "answer_result": ("列入计划", lambda d, row: d["answer"] == {"result": "planned"}),
        "evaluation": ("基本满意", lambda d, row: d["evaluation"] == {"result": "basically"}),
        "evaluation_date": (
            "2026-04-05",
            lambda d, row: d["evaluation"] == {"date": date(2026, 4, 5)},
        ),
        "award": ("二等奖", lambda d, row: d["award"] == {"level": "二等奖"}),
        "award_amount": (1500.5, lambda d, row: d["award"] == {"amount": Decimal("1500.50")}),
        "award_by": ("兴业煤矿", lambda d, row: d["award"] == {"by": "兴业煤矿"}),
        "award_date": ("2026-05-01", lambda d, row: d["award"] == {"date": date(2026, 5, 1)}),
        "benefit": ("年创效 10 万元", lambda d, row: d["benefit"] == "年创效 10 万元"),
    }
    value, holds = values[key]
    # the columns every register has, but the one under test (序号 stands for 编号)
    base = {
        k: v
        for k, v in {"number": "5", "title": "关于增设车棚的提案", "proposers": "王立新"}.items()
        if k != key and not (key == "serial" and k == "number")
    }
    defaults = register_reader.ProposalDefaults(
        unit="union",
        day=date(2026, 3, 1),
        type=None if key == "type" else "proposal",
        session=None if key in ("type", "session") else "11-1",
    )
    for spelling in spellings:
        names = [register_reader.PROPOSAL_SPELLINGS[k][0] for k in base] + [spelling]
        cells = [*base.values(), value]
        if key == "merged_into":
            names, cells = names + ["审查意见"], cells + ["并案"]
        read = register_reader.read_proposals([names, cells], UNIT_NAMES, SESSION_NAMES, defaults)
        assert read.problems == [], (spelling, read.problems)
        assert read.columns[key] == spelling
        assert holds(read.rows[0].data, read.rows[0]), (spelling, read.rows[0].data)


@pytest.mark.parametrize(
    "header",
    [
        [
            "编 号",
            "案　由",
            "提案人（领衔）",
            "提案单位",
            "备注",
        ],  # spaces, a full-width space, a note in brackets
        [
            "编号（Ｎｏ．）",
            "案\n由",
            "提案人(领衔)",
            "单　位",
            "备注",
        ],  # full-width letters, a line break in the cell
    ],
)
def test_headers_with_spaces_and_full_width_forms(header):
    grid = [header, ["5", "关于增设车棚的提案", "王立新", "综采一队", "无"]]
    read = register_reader.read_proposals(
        grid,
        UNIT_NAMES,
        SESSION_NAMES,
        register_reader.ProposalDefaults(type="proposal", session="11-1", day=date(2026, 3, 1)),
    )
    assert read.problems == [] and read.ignored == ["“备注”（E 列）"]
    assert read.columns == {
        "number": header[0],
        "title": header[1],
        "proposers": header[2],
        "unit": header[3],
    }
    assert read.rows[0].data["proposers"] == ["王立新"] and read.rows[0].data["unit"] == "zongcai1"


def test_a_header_of_two_rows_under_merged_parents(tmp_path):
    from openpyxl import load_workbook

    path = register(
        tmp_path / "两行表头.xlsx",
        "十一届一次职代会提案登记表",
        ["编号", "案由", "提案人", "审查情况", None, "办理情况", None, None],
        [
            [None, None, None, "审查意见", "审查日期", "承办单位", "答复日期", "答复类别"],
            [
                1,
                "关于增设车棚的提案",
                "王立新",
                "立案",
                "2026-03-06",
                "后勤服务中心",
                "2026-03-20",
                "已解决",
            ],
        ],
    )
    book = load_workbook(path)
    ws = book.active
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:H2"):
        ws.merge_cells(cells)
    book.save(path)
    grid, _ = reading.grid_of_xlsx(path, None)
    read = register_reader.read_proposals(
        grid,
        UNIT_NAMES,
        SESSION_NAMES,
        register_reader.ProposalDefaults(unit="union", due={"working_days": 20}),
    )
    assert read.problems == []
    assert read.origins == {
        "session": ("11-1", "取自表格标题“十一届一次职代会提案登记表”"),
        "type": ("proposal", "取自表格标题“十一届一次职代会提案登记表”"),
    }
    assert read.rows[0].row == 4
    data = read.rows[0].data
    assert data["review"] == {"result": "accepted", "date": date(2026, 3, 6)}
    assert data["handlers"] == ["houqin"] and data["answer"] == {
        "date": date(2026, 3, 20),
        "result": "solved",
    }


@pytest.mark.parametrize(
    "words, key",
    [
        ("立案", "accepted"),
        ("同意立案", "accepted"),
        ("accepted", "accepted"),
        ("并案", "merged"),
        ("并入第3号", "merged"),
        ("转为意见建议", "referred"),
        ("转意见", "referred"),
        ("不予立案，转为意见建议", "referred"),
        ("不予立案", "declined"),
        ("不立案", "declined"),
    ],
)
def test_review_words(words, key):
    assert register_reader._word(
        words,
        register_reader.REVIEW_WORDS,
        {"accepted": "立案", "merged": "并案", "referred": "转为意见建议", "declined": "不予立案"},
    ) == (True, key)


@pytest.mark.parametrize(
    "words, key",
    [
        ("已解决", "solved"),
        ("解决", "solved"),
        ("已落实", "solved"),
        ("列入计划", "planned"),
        ("纳入计划，年内解决", "planned"),
        ("暂缓解决", "explained"),
        ("因条件限制暂缓解决", "explained"),
        ("因条件限制，暂不能解决", "explained"),
        ("未解决", None),
    ],
)
def test_answer_words(words, key):
    from gongkai.kinds.proposal import ANSWER_RESULTS

    assert register_reader._word(words, register_reader.ANSWER_WORDS, ANSWER_RESULTS) == (True, key)


@pytest.mark.parametrize(
    "words, key",
    [
        ("满意", "satisfied"),
        ("基本满意", "basically"),
        ("不满意", "unsatisfied"),
        ("提案", "proposal"),
        ("职代会提案", "proposal"),
        ("合理化建议", "suggestion"),
        ("建议", "suggestion"),
        ("suggestion", "suggestion"),
    ],
)
def test_evaluation_and_type_words(words, key):
    from gongkai.kinds.proposal import EVALUATIONS

    found = (
        register_reader._word(words, register_reader.EVALUATION_WORDS, EVALUATIONS)[1]
        if key in EVALUATIONS
        else register_reader.proposal_type(words)
    )
    assert found == key


@pytest.mark.parametrize(
    "value",
    [
        46087,
        46087.0,
        "46087",
        datetime(2026, 3, 6, 8, 30),
        date(2026, 3, 6),
        "2026-03-06",
        "2026/3/6",
        "2026.3.6",
        "2026年3月6日",
        "２０２６年３月６日",
        "2026 年 3 月 6 日",
        "20260306",
        "2026-03-06 00:00:00",
    ],
)
def test_dates_as_sheets_hold_them(value):
    assert register_reader.sheet_date(value, "“提出日期”（F3）") == date(2026, 3, 6)


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "3月6日",
            "“提出日期”（F3）的日期“3月6日”看不懂：请写成 2026-03-06、2026/3/6 或 2026年3月6日",
        ),
        ("2026-02-30", "“提出日期”（F3）的日期“2026-02-30”不存在：请检查月份和日子"),
        (12, "“提出日期”（F3）的日期“12”看不懂：请写成 2026-03-06、2026/3/6 或 2026年3月6日"),
    ],
)
def test_dates_that_do_not_read(value, message):
    with pytest.raises(reading.SheetError) as caught:
        register_reader.sheet_date(value, "“提出日期”（F3）")
    assert str(caught.value) == message


def test_due_in_working_days_or_a_date():
    assert register_reader.parse_due("20个工作日", "") == {"working_days": 20}
    assert register_reader.parse_due("１５ 个工作日内", "") == {"working_days": 15}
    assert register_reader.parse_due("2026/6/30", "") == date(2026, 6, 30)
    assert register_reader.parse_due(None, "") is None
    with pytest.raises(
        reading.SheetError,
        match="^“办理时限”（L3）的办理时限“3个月”看不懂：请写日期（如 2026-06-30），或“20个工作日”这样的工作日数$",
    ):
        register_reader.parse_due("3个月", "“办理时限”（L3）")


@pytest.mark.parametrize(
    "data, ident",
    [
        ({"type": "proposal", "session": "11-1", "number": "5"}, "11-1-05"),
        ({"type": "proposal", "session": "11-1", "number": "05"}, "11-1-05"),
        ({"type": "proposal", "session": "11-1", "number": "123"}, "11-1-123"),
        ({"type": "proposal", "session": "11-1", "number": "11-1-07"}, "11-1-07"),
        ({"type": "proposal", "session": "11-1", "number": "A-3"}, "11-1-a-3"),
        ({"type": "proposal", "session": "11-1", "number": "甲3"}, "11-1-jia-3"),
        ({"type": "suggestion", "number": "12", "date": date(2026, 4, 1)}, "2026-jianyi-12"),
        (
            {"type": "suggestion", "session": "11-1", "number": "3", "date": date(2027, 1, 5)},
            "2027-jianyi-03",
        ),
        ({"type": "proposal", "session": "11-1", "number": "※"}, None),
    ],
)
def test_ids_from_the_session_and_the_number(data, ident):
    assert register_reader.proposal_id(data) == ident


def test_names_as_clerks_write_them():
    assert register_reader._people("王立新、赵红梅，李强") == ["王立新", "赵红梅", "李强"]
    assert register_reader._people("王立新 赵红梅;孙强；周伟/吴海波") == [
        "王立新",
        "赵红梅",
        "孙强",
        "周伟",
        "吴海波",
    ]
    assert register_reader._people("王  伟 李强") == [
        "王伟",
        "李强",
    ]  # a two-character name spaced to line up
    assert register_reader._people("王立新（领衔）等3人") == ["王立新"]
    assert register_reader._people("阿依古丽·买买提、王立新、王立新") == [
        "阿依古丽·买买提",
        "王立新",
    ]


def test_bad_rows_are_reported_on_their_row_and_not_written(project, tmp_path):
    rows = [
        [
            1,
            "关于增设车棚的提案",
            "王立新",
            None,
            "综采一队",
            "2026-03-01",
            "车子没处放。",
            "立案",
            "2026-03-06",
            "后勤服务中心",
            None,
            "20个工作日",
            None,
            None,
            None,
            None,
            None,
        ],
        [
            2,
            "关于井口热水的提案",
            "赵红梅",
            None,
            "综采三队",
            "2026-03-01",
            "热水不够。",
            "立案",
            "2026-03-06",
            "洗煤厂",
            None,
            "20个工作日",
            None,
            None,
            None,
            None,
            None,
        ],
        [
            3,
            "关于澡堂通风的提案",
            "孙立平",
            None,
            "综采一队",
            "2026-03-01",
            "澡堂闷热。",
            "不予立案",
            "2026-03-06",
            None,
            None,
            None,
            "2026-03-20",
            "已加装风机。",
            "已解决",
            None,
            None,
        ],
        [
            4,
            "关于夜班补贴的提案",
            "周伟",
            None,
            "综采一队",
            "2026-03-10",
            "夜班补贴低。",
            "立案",
            "2026-03-06",
            "劳资科",
            None,
            "20个工作日",
            None,
            None,
            None,
            None,
            None,
        ],
        [
            5,
            "关于增设书屋的提案",
            "吴海波",
            None,
            "综采一队",
            "2026-03-01",
            "想看书。",
            "立案",
            "2026-03-06",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            6,
            "关于食堂的提案",
            None,
            None,
            "综采一队",
            "3月1日",
            "饭菜贵。",
            "研究后再说",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "还行",
            None,
        ],
        [
            7,
            "关于保温饭盒的提案",
            "魏守财",
            None,
            "综采一队",
            "2026-03-01",
            "饭凉。",
            "并案",
            "2026-03-06",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            1,
            "关于自行车棚的提案",
            "范明辉",
            None,
            "综采一队",
            "2026-03-01",
            "同上。",
            "转为意见建议",
            "2026-03-06",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            8,
            "关于井下信号的提案",
            "韩梅",
            None,
            "综采一队",
            "2026-03-01",
            "信号差。",
            "立案",
            "2026-03-06",
            "机运区",
            None,
            "20个工作日",
            "2026-04-01",
            "已解决，联系人电话13912345678。",
            "已解决",
            None,
            None,
        ],
        [
            9,
            "关于工作服的提案",
            "白玉兰",
            None,
            "综采一队",
            "2026-03-01",
            "工作服不合身。",
            "并入第6号",
            "2026-03-06",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    sheet = register(tmp_path / "登记表.xlsx", "十一届一次职代会提案登记表", HEADER, rows)
    result = gongkai(project, "import", "--proposals", str(sheet))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "类型：职代会提案（取自表格标题“十一届一次职代会提案登记表”）",
        "届次：十一届一次职代会（11-1，取自表格标题“十一届一次职代会提案登记表”）",
        "已写入 1 件（草稿）：",
        "  data/proposals/2026/11-1-01.yml（第 3 行）",
        "9 行有问题，没有导入：",
        (
            "  登记表.xlsx 第 4 行：“代表团”（E4）的单位“综采三队”不在 data/units.yml 中：请在表格中改成 data/units.yml 中的单位名称或 id，"
            f"或先在 data/units.yml 中添加。已有的单位：{KNOWN_UNITS}"
        ),
        (
            "  登记表.xlsx 第 4 行：“承办单位”（J4）的单位“洗煤厂”不在 data/units.yml 中：请在表格中改成 data/units.yml 中的单位名称或 id，"
            f"或先在 data/units.yml 中添加。已有的单位：{KNOWN_UNITS}"
        ),
        (
            "  登记表.xlsx 第 5 行：审查结果是“不予立案”，这件提案没有立案，不能有答复 answer："
            "请删去答复，或把审查结果改为立案（accepted）（表格中的“答复日期”（M5）、“答复意见”（N5）、“答复类别”（O5））"
        ),
        (
            "  登记表.xlsx 第 6 行：审查日期 2026-03-06 早于提出日期 2026-03-10：日期不能倒退（提出 ≤ 审查 ≤ 答复 ≤ 评价）"
            "（表格中的“审查意见”（H6）、“审查日期”（I6））"
        ),
        "  登记表.xlsx 第 7 行：审查结果是立案，但没有承办单位：请在“承办单位”（J7）填写主办单位（几个单位用顿号隔开，第一个是主办单位）",
        "  登记表.xlsx 第 7 行：审查结果是立案，但没有办理时限：请在“办理时限”（L7）填写日期或“20个工作日”，或用 --due 指定（如 --due 20个工作日）",
        "  登记表.xlsx 第 8 行：“提出日期”（F8）的日期“3月1日”看不懂：请写成 2026-03-06、2026/3/6 或 2026年3月6日",
        "  登记表.xlsx 第 8 行：没有提案人（“提案人”（C8）为空）：请填写提案人，几个人用顿号“、”隔开，第一位是领衔人",
        "  登记表.xlsx 第 8 行：“审查意见”（H8）的审查结果“研究后再说”看不懂：请写“立案”“并案”“转为意见建议”或“不予立案”",
        "  登记表.xlsx 第 8 行：“提案人意见”（P8）的评价“还行”看不懂：请写“满意”“基本满意”或“不满意”",
        "  登记表.xlsx 第 9 行：“审查意见”（H9）是并案，但没写并入哪一件提案：请在审查意见中写“并入第 N 号”，或加一列“并入提案”填写它的编号",
        "  登记表.xlsx 第 10 行：编号“1”与第 3 行相同：同一届次（合理化建议：同一年）中编号不能重复",
        (
            "  登记表.xlsx 第 11 行：「answer.text」中含有手机号码 139****5678。手机号码属于个人信息，不得公开：请删除，或改为打码形式"
            "（如 138****5678）；需要公布联系电话时，请写在 contact（监督/意见受理）字段中（表格中的“答复日期”（M11）、“答复意见”（N11）、“答复类别”（O11））"
        ),
        "  登记表.xlsx 第 12 行：并入的提案（第 8 行）有问题没有导入：请先改正那一行",
        "请核对写入的提案，无误后删掉各文件中的 draft: true 一行（草稿不会发布）；也可以删掉这些文件，加 --publish 重新导入。",
        "请在表格中改正这些行，再导入一次：已经写入的提案会跳过，不会重复写入。",
    ]
    assert list(proposals(project)) == ["data/proposals/2026/11-1-01.yml"]
    checked(project)


def test_a_proposal_merged_into_a_row_that_is_not_written_is_not_written(project, tmp_path):
    rows = [
        [
            1,
            "关于增设车棚的提案",
            "王立新",
            None,
            "综采一队",
            "2026-03-01",
            "车子没处放。",
            "立案",
            "2026-03-06",
            "后勤服务中心",
            None,
            "20个工作日",
            "2026-03-01",
            "已建成。",
            "已解决",
            None,
            None,
        ],
        [
            2,
            "关于自行车棚的提案",
            "范明辉",
            None,
            "综采一队",
            "2026-03-01",
            "同上。",
            "并入第1号",
            "2026-03-06",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    sheet = register(tmp_path / "登记表.xlsx", "十一届一次职代会提案登记表", HEADER, rows)
    result = gongkai(project, "import", "--proposals", str(sheet))
    assert result.returncode == 1
    assert result.stdout.splitlines()[2:6] == [
        "没有写入提案。",
        "2 行有问题，没有导入：",
        (
            "  登记表.xlsx 第 3 行：答复日期 2026-03-01 早于审查日期 2026-03-06：日期不能倒退（提出 ≤ 审查 ≤ 答复 ≤ 评价）"
            "（表格中的“答复日期”（M3）、“答复意见”（N3）、“答复类别”（O3））"
        ),
        "  登记表.xlsx 第 4 行：并入的提案（第 3 行）有问题没有导入：请先改正那一行",
    ]
    assert proposals(project) == {}


def test_existing_records_are_never_overwritten(project, tmp_path):
    existing = project / "data" / "proposals" / "2026" / "11-1-04-banzhongcan.yml"
    existing.parent.mkdir(parents=True)
    existing.write_text(
        'title: 关于班中餐保温的提案\ntype: proposal\nsession: 11-1\nnumber: "04"\nunit: zongcai1\ndate: 2026-03-01\n'
        "proposers: [吴海波]\nbody: 饭菜凉。\n",
        encoding="utf-8",
    )
    taken = project / "data" / "proposals" / "2026" / "11-1-05.yml"
    taken.write_text(
        "title: 关于增设书屋的提案\ntype: proposal\nsession: 11-1\nunit: zongcai1\ndate: 2026-03-01\n"
        "proposers: [魏守财]\nbody: 想看书。\n",
        encoding="utf-8",
    )
    before = proposals(project)
    header = ["提案编号", "提案题目", "领衔人", "提案单位"]
    rows = [
        [4, "关于班中餐保温的提案", "吴海波", "综采一队"],
        ["第4号", "关于班中餐加汤的提案", "吴海波", "综采一队"],
        [5, "关于井口车棚的提案", "王立新", "综采一队"],
        [6, "关于工作服的提案", "白玉兰", "综采一队"],
    ]
    sheet = register(tmp_path / "提案.xlsx", None, header, rows)
    result = gongkai(project, "import", "--proposals", str(sheet), "--session", "十一届一次职代会")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "类型：职代会提案（取自文件名“提案”）",
        "届次：十一届一次职代会（11-1，由 --session 指定）",
        "已写入 1 件（草稿）：",
        "  data/proposals/2026/11-1-06.yml（第 5 行）",
        "已跳过 1 件（已有的记录不会被覆盖）：",
        "  提案.xlsx 第 2 行：已有这件提案：data/proposals/2026/11-1-04-banzhongcan.yml（标题相同），不会覆盖",
        "2 行有问题，没有导入：",
        (
            "  提案.xlsx 第 3 行：编号“4”在届次 11-1 中已被 data/proposals/2026/11-1-04-banzhongcan.yml（“关于班中餐保温的提案”）使用："
            "同一届职代会的提案编号不能相同，请核对编号"
        ),
        (
            "  提案.xlsx 第 4 行：按编号生成的文件名 11-1-05 已被 data/proposals/2026/11-1-05.yml（“关于增设书屋的提案”）使用："
            "请核对编号（同一届次的提案编号不能重复）"
        ),
        "第 5 行没有提出日期，按届次的开会日期填写了，请核对。",
        "第 5 行没有提案内容，写成了草稿：请在 body 中补写案由和建议，再删掉 draft: true 一行。",
        "请在表格中改正这些行，再导入一次：已经写入的提案会跳过，不会重复写入。",
    ]
    after = proposals(project)
    assert {k: v for k, v in after.items() if k in before} == before
    assert "date: 2026-03-06" in after["data/proposals/2026/11-1-06.yml"]
    checked(project)


@pytest.mark.parametrize(
    "header, row, args, message",
    [
        (
            ["案由", "提案人"],
            ["关于车棚", "王立新"],
            ["--type", "proposal", "--session", "11-1", "--unit", "union"],
            (
                "表头（第 1 行）中没有编号列：请加一列“编号”（或“提案编号”“序号”），同一届次中不重复。"
                "导入时用编号生成文件名（如 11-1-05），再次导入同一张表时也靠它认出已导入的提案"
            ),
        ),
        (
            ["编号", "提案人"],
            [1, "王立新"],
            ["--unit", "union"],
            "找不到表头：表格中应有一行包含“案由”（或“提案题目”“题目”“标题”“建议名称”）",
        ),
        (
            ["编号", "案由", "提案单位"],
            [1, "关于车棚", "综采一队"],
            ["--session", "11-1"],
            "表头（第 1 行）中没有提案人列：请加一列“提案人”（或“领衔人”“提出人”“建议人”），几个人用顿号“、”隔开，第一位是领衔人",
        ),
        (
            ["编号", "案由", "提案人"],
            [1, "关于车棚", "王立新"],
            ["--session", "11-1"],
            "表头（第 1 行）中没有提案单位列（“提案单位”“代表团”“单位”）：请用 --unit 指定提案单位，如 --unit union",
        ),
        (
            ["编号", "案由", "提案人"],
            [1, "关于车棚", "王立新"],
            ["--unit", "union"],
            (
                "看不出是职代会提案还是合理化建议：表格标题和文件名中没有“提案”或“合理化建议”，表格中也没有“届次”或“类型”列。"
                "请用 --type proposal（职代会提案）或 --type suggestion（合理化建议）指定"
            ),
        ),
        (
            ["编号", "案由", "提案人"],
            [1, "关于车棚", "王立新"],
            ["--unit", "union", "--type", "提案"],
            "职代会提案要写届次，但表格中没有“届次”列，标题和文件名中也看不出是哪一次职代会：请用 --session 指定，可用的有：11-1（十一届一次职代会）",
        ),
        (
            ["编号", "案由", "提案人", "提案人"],
            [1, "关于车棚", "王立新", "赵红梅"],
            ["--unit", "union", "--type", "提案", "--session", "11-1"],
            (
                "表头（第 1 行）中“提案人”（C 列）和“提案人”（D 列）都会导入为“提案人”，只能保留一列：请在表格中删去多余的那一列，"
                "或把它的列名改成别的（例如“提案人2”，改名后的列不导入）"
            ),
        ),
    ],
)
def test_a_register_the_import_cannot_read(project, tmp_path, header, row, args, message):
    sheet = tmp_path / "登记.csv"
    sheet.write_text(
        ",".join(header) + "\n" + ",".join(str(c) for c in row) + "\n", encoding="utf-8"
    )
    result = gongkai(project, "import", "--proposals", str(sheet), *args)
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误：登记.csv：{message}"
    assert proposals(project) == {}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--roster"], "--roster 不用于导入提案（--proposals）：请去掉 --roster"),
        (
            ["--mask", "--month", "2026-10"],
            "--mask、--month 不用于导入提案（--proposals）：请去掉 --mask、--month",
        ),
        (
            ["--type", "议案"],
            "类型“议案”看不懂：--type 只能是 proposal（职代会提案）或 suggestion（合理化建议）",
        ),
        (
            ["--session", "十一届二次"],
            "届次“十一届二次”不在 data/sessions.yml 中，可用的有：11-1（十一届一次职代会）",
        ),
        (
            ["--unit", "综采三队"],
            "单位“综采三队”不在 data/units.yml 中（写单位的 id 或名称都可以）。可用的有："
            "mine（兴业煤矿）、union（矿工会）、zongcai1（综采一队）、laozi（劳资科）、houqin（后勤服务中心）、jiyun（机运区）",
        ),
        (
            ["--due", "一个月"],
            "--due 的办理时限“一个月”看不懂：请写日期（如 2026-06-30），或“20个工作日”这样的工作日数",
        ),
    ],
)
def test_option_mistakes(project, tmp_path, args, message):
    sheet = tmp_path / "提案.csv"
    sheet.write_text("编号,案由,提案人,单位\n1,关于车棚,王立新,综采一队\n", encoding="utf-8")
    result = gongkai(project, "import", "--proposals", str(sheet), *args)
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误：{message}"


def test_proposal_options_need_proposals(project, tmp_path):
    sheet = tmp_path / "提案.csv"
    sheet.write_text("编号,案由,提案人,单位\n1,关于车棚,王立新,综采一队\n", encoding="utf-8")
    result = gongkai(project, "import", str(sheet), "--session", "11-1", "--publish")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "错误：--session、--publish 只用于导入提案：请加上 --proposals，或去掉 --session、--publish"
    )


def test_defaults_from_the_command_line_and_a_session_column(project, tmp_path):
    header = [
        "编号",
        "题目",
        "提出人",
        "届次",
        "类别",
        "日期",
        "内容",
        "立案情况",
        "主办单位",
        "协办单位",
    ]
    rows = [
        [
            1,
            "关于车棚的提案",
            "王立新",
            "第十一届一次职工代表大会",
            "职代会提案",
            None,
            "车子没处放。",
            "立案",
            "后勤服务中心",
            "劳资科",
        ],
        [
            2,
            "关于刮板机的建议",
            "赵红梅",
            None,
            "合理化建议",
            "2026-04-01",
            "改进链轮。",
            None,
            None,
            None,
        ],
    ]
    sheet = register(tmp_path / "汇总.xlsx", None, header, rows)
    result = gongkai(
        project,
        "import",
        "--proposals",
        str(sheet),
        "--unit",
        "矿工会",
        "--date",
        "2026-03-02",
        "--due",
        "2026-06-30",
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[:5] == [
        "类型：按“类别”列，该列为空的行为职代会提案（表格有届次）",
        "届次：按“届次”列",
        "已写入 2 件（草稿）：",
        "  data/proposals/2026/11-1-01.yml（第 2 行）",
        "  data/proposals/2026/2026-jianyi-02.yml（第 3 行）",
    ]
    written = proposals(project)
    first = written["data/proposals/2026/11-1-01.yml"]
    for line in (
        "unit: union",
        "date: 2026-03-02",
        "session: 11-1",
        "review: {date: 2026-03-06, result: accepted}",
        "handlers: [houqin, laozi]",
        "due: 2026-06-30",
    ):
        assert line in first, line
    assert "type: suggestion" in written["data/proposals/2026/2026-jianyi-02.yml"]
    checked(project)


def test_hidden_and_filtered_rows_and_a_hidden_column_are_not_imported(project, tmp_path):
    """A proposal withdrawn (its row hidden), another delegation's rows filtered out, and a 备注
    column with what the clerk keeps to herself (hidden): none of it becomes a record."""

    def row(number, title, proposer, delegation, note=None):
        return [
            number,
            title,
            proposer,
            None,
            delegation,
            "2026-03-01",
            "建议如下。",
            *[None] * 10,
            note,
        ]

    rows = [
        row(5, "关于井口增设自行车棚的提案", "王立新", "综采一队"),
        row(6, "关于调整夜班补贴的提案", "李强", "综采一队", "提案人已撤回"),
        row(7, "关于班中餐保温的提案", "赵红梅", "综采一队", "提案人患病住院，由王立新代为联系"),
        row(8, "关于井下信号的提案", "孙立平", "机运区"),
        row(9, "关于工作服的提案", "周伟", "机运区"),
    ]
    sheet = register(
        tmp_path / "提案.xlsx", "兴业煤矿十一届一次职代会提案登记表", HEADER + ["备注"], rows
    )
    hide(sheet, rows=[4, 6, 7], columns=["R"], autofilter=("A2:R7", 4, ["综采一队"]))
    result = gongkai(project, "import", "--proposals", str(sheet))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "第 4、6、7 行和 R 列在 Excel 中是隐藏的（含筛选掉的行），没有导入。",
        "类型：职代会提案（取自表格标题“兴业煤矿十一届一次职代会提案登记表”）",
        "届次：十一届一次职代会（11-1，取自表格标题“兴业煤矿十一届一次职代会提案登记表”）",
        "已写入 2 件（草稿）：",
        "  data/proposals/2026/11-1-05.yml（第 3 行）",
        "  data/proposals/2026/11-1-07.yml（第 5 行）",
        "请核对写入的提案，无误后删掉各文件中的 draft: true 一行（草稿不会发布）；也可以删掉这些文件，加 --publish 重新导入。",
    ]
    written = proposals(project)
    assert list(written) == ["data/proposals/2026/11-1-05.yml", "data/proposals/2026/11-1-07.yml"]
    for text in written.values():
        assert (
            "李强" not in text
            and "孙立平" not in text
            and "周伟" not in text
            and "住院" not in text
            and "撤回" not in text
        )
    assert 'proposers: ["赵红梅"]' in written["data/proposals/2026/11-1-07.yml"]
    checked(project)


def test_a_register_whose_only_header_is_hidden(project, tmp_path):
    sheet = register(
        tmp_path / "提案.xlsx",
        "兴业煤矿十一届一次职代会提案登记表",
        HEADER,
        [[5, "关于井口增设自行车棚的提案", "王立新", None, "综采一队", "2026-03-01", *[None] * 11]],
    )
    hide(sheet, rows=[2])
    result = gongkai(project, "import", "--proposals", str(sheet))
    assert result.returncode == 2
    assert result.stdout == "第 2 行在 Excel 中是隐藏的，没有导入。\n"
    assert (
        result.stderr.strip()
        == "错误：提案.xlsx：找不到表头：表格中应有一行包含“案由”（或“提案题目”“题目”“标题”“建议名称”）"
    )
    assert not (project / "data" / "proposals").exists()

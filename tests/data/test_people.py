"""gongkai.data.people: name lists (名单) in disclosures, with every rule of the contract's section and
its exact located message, and real builds before, during and after a roster's period for each
privacy mode."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import (
    ALLOCATION,
    DAY,
    EPOCH,
    D,
    copy_project,
    load,
    mkdocs_build,
    page_text,
    problems,
    roster_files,
    roster_notice,
    site_text,
    write_data,
)

from gongkai.outputs import publish
from gongkai.settings import Settings

ROWS = "  rows:\n    - {name: 秦守江, unit: juejin1, item: 井下一线职工}\n    - {name: 王德福, unit: tongfeng, item: 市级劳动模范}\n"


# -- roster rules, each with its exact located message -------------------------------------------------------


def test_a_valid_roster_of_each_mode_loads(tmp_path):
    for mode in ("withdrawn", "public"):
        archive = load(
            tmp_path / mode, roster_files(roster_notice(f"roster:\n  privacy: {mode}\n" + ROWS))
        )
        assert archive.entries["disclosures"]["x"].headcount == 2


def test_withdrawn_and_masked_need_a_period(tmp_path):
    for mode in ("withdrawn", "masked"):
        rows = ROWS.replace("秦守江", "秦*江").replace("王德福", "王*福")
        found = problems(
            tmp_path / mode,
            roster_files(roster_notice(f"roster:\n  privacy: {mode}\n" + rows, period=None)),
        )
        label = {"withdrawn": "公示期内公开姓名，期满撤下", "masked": "姓名打码公示，期满撤下"}[
            mode
        ]
        assert found == [
            f"{D}:8: 名单公开方式为“{mode}”（{label}），必须有公示期 period，期满后姓名自动撤下；长期公开的名单（如表彰、选举结果）请写 privacy: public"
        ]


def test_every_unmasked_name_of_a_masked_roster_is_named_on_its_line(tmp_path):
    rows = (
        "  rows:\n    - {name: 张*明}\n    - {name: 张三丰}\n    - {name: 韩*}\n    - {name: 欧**华}\n    - {name: 欧阳*华}\n    - {name: 李四}\n"
        "    - {name: 张三*丰}\n    - {name: 韩梅*}\n"
    )
    assert problems(
        tmp_path, roster_files(roster_notice("roster:\n  privacy: masked\n" + rows))
    ) == [
        f"{D}:12: 名单打码公示（masked），这一行的姓名写的是全名，没有打码：请改写成 张*丰 的样子（最多显示两个字，两个字不能挨着，其余用 * 代替，如 张*明、韩*、欧**华）；用 gongkai import --roster --mask 导入会自动打码",
        f"{D}:15: 名单打码公示（masked），这一行的姓名露出了 3 个字：请改写成 欧**华 的样子（最多显示两个字，两个字不能挨着，其余用 * 代替，如 张*明、韩*、欧**华）；用 gongkai import --roster --mask 导入会自动打码",
        f"{D}:16: 名单打码公示（masked），这一行的姓名写的是全名，没有打码：请改写成 李* 的样子（最多显示两个字，两个字不能挨着，其余用 * 代替，如 张*明、韩*、欧**华）；用 gongkai import --roster --mask 导入会自动打码",
        f"{D}:17: 名单打码公示（masked），这一行的姓名露出了 3 个字：请改写成 张**丰 的样子（最多显示两个字，两个字不能挨着，其余用 * 代替，如 张*明、韩*、欧**华）；用 gongkai import --roster --mask 导入会自动打码",
        f"{D}:18: 名单打码公示（masked），这一行的姓名露出的两个字挨在一起，等于写出了整个名字或复姓：请改写成 韩** 的样子（最多显示两个字，两个字不能挨着，其余用 * 代替，如 张*明、韩*、欧**华）；用 gongkai import --roster --mask 导入会自动打码",
    ]


def test_an_aid_roster_must_be_masked_and_carry_no_notes(tmp_path):
    rows = "  rows:\n    - {name: 孟*涛, item: 大病救助, amount: 8000, note: 肺癌晚期}\n"
    assert problems(
        tmp_path,
        roster_files(roster_notice("roster:\n  privacy: withdrawn\n" + rows, category="aid")),
    ) == [
        f"{D}:9: 困难帮扶（aid）的名单只能打码公示：请写 privacy: masked，姓名写成 张*明 的样子（个人信息保护法：困难、疾病情况属于敏感个人信息）",
        f"{D}:11: 困难帮扶名单不能写备注：不得公开病情、家庭情况等个人信息，请删去这一行的备注（note）",
    ]


def test_the_roster_total_follows_the_sum_rule(tmp_path):
    rows = '  rows:\n    - {name: 孟*涛, amount: 8000}\n    - {name: 韩*, amount: "3,000.50"}\n'
    assert problems(
        tmp_path,
        roster_files(
            roster_notice("roster:\n  privacy: masked\n  total: 11000\n" + rows, category="aid")
        ),
    ) == [f"{D}:10: 名单金额合计 11,000.50 元，与合计 11,000.00 元不符"]
    assert (
        problems(
            tmp_path / "ok",
            roster_files(
                roster_notice(
                    "roster:\n  privacy: masked\n  total: 11000.50\n" + rows, category="aid"
                )
            ),
        )
        == []
    )


def test_ranks_are_whole_numbers_from_one_unique_in_the_list(tmp_path):
    rows = "  rows:\n    - {name: 刘建军, rank: 1}\n    - {name: 王德福, rank: 1}\n    - {name: 张庆华, rank: 0}\n"
    assert problems(
        tmp_path, roster_files(roster_notice("roster:\n  privacy: public\n" + rows))
    ) == [
        f"{D}:13: 「roster.rows.第3项.rank」（名次）的值“0”不能小于 1",
    ]
    assert problems(
        tmp_path / "b",
        roster_files(
            roster_notice("roster:\n  privacy: public\n" + rows.replace("rank: 0", "rank: 3"))
        ),
    ) == [f"{D}:12: 名次 1 与第 1 行重复：同一名单中名次不能重复"]


def test_a_row_unit_must_exist_and_the_privacy_guard_covers_every_cell(tmp_path):
    rows = "  rows:\n    - {name: 秦守江, unit: juejin2}\n    - {name: 王德福, note: 电话 13953712345}\n"
    found = problems(tmp_path, roster_files(roster_notice("roster:\n" + rows)))
    assert found[0].startswith(
        f"{D}:10: 「单位」的值“juejin2”不在 data/units.yml 中。是否想写“juejin1”（掘进一队）？"
    )
    assert found[1].startswith(f"{D}:11: 「roster.rows.第2项.note」中含有手机号码 139****2345")


def test_rows_in_a_csv_beside_the_record_each_located_in_it(tmp_path):
    table = "姓名,单位,项目,金额,名次,备注\n孟*涛,juejin1,大病救助,8000,,\n韩二,tongfeng,临时救助,3000,,\n"
    text = roster_notice("roster:\n  privacy: masked\n", category="aid")
    assert problems(tmp_path, roster_files(text, **{"disclosures/x.csv": table})) == [
        "data/disclosures/x.csv:3: 名单打码公示（masked），这一行的姓名写的是全名，没有打码：请改写成 韩* 的样子（最多显示两个字，两个字不能挨着，其余用 * 代替，如 张*明、韩*、欧**华）；用 gongkai import --roster --mask 导入会自动打码"
    ]
    both = roster_notice(
        "roster:\n  privacy: masked\n" + ROWS.replace("秦守江", "秦*江").replace("王德福", "王*福"),
        category="aid",
    )
    assert problems(
        tmp_path / "both", roster_files(both, **{"disclosures/x.csv": table.replace("韩二", "韩*")})
    ) == [f"{D}:10: 名单既写在 roster.rows 中又有 x.csv，只能选一种，请删去其一"]


def test_a_roster_without_rows(tmp_path):
    assert problems(tmp_path, roster_files(roster_notice("roster:\n  privacy: public\n"))) == [
        f"{D}:8: 缺少名单：请写 roster.rows，或在同一文件夹放入 x.csv"
    ]
    assert problems(
        tmp_path / "empty", roster_files(roster_notice("roster:\n  privacy: public\n  rows: []\n"))
    ) == [f"{D}:10: 名单为空，至少需要一行"]


CSV = "姓名,单位,项目\n秦守江,juejin1,井下一线职工\n王德福,tongfeng,市级劳动模范\n"


def test_a_csv_beside_a_disclosure_without_a_roster_is_refused_saying_what_it_was_taken_for(
    tmp_path,
):
    assert problems(tmp_path, roster_files(roster_notice(""), **{"disclosures/x.csv": CSV})) == [
        "data/disclosures/x.csv:1: x.csv 和公开事项 x.yml 在同一文件夹，会被当作它的名单（roster），但 x.yml 里没有写 roster："
        "若这是名单，请在 x.yml 中写上 roster 和公开方式（如 roster: {privacy: withdrawn}）；"
        "若不是，请把 x.csv 移出这个文件夹（附件放在 data/media 下，用 attachments 列出）"
    ]


@pytest.mark.parametrize(
    ("roster", "message"),
    [
        (
            "roster:\n",
            "「roster」下面什么也没写：名单在 x.csv 中时，请在 roster 下面写公开方式（如 roster: {privacy: withdrawn}）",
        ),
        (
            "roster: 名单见附件\n",
            "「roster」（名单）应写成“字段: 值”的形式（一组字段），而不是“名单见附件”",
        ),
        (
            "roster: [秦守江, 王德福]\n",
            "「roster」（名单）应写成“字段: 值”的形式（一组字段），而不是“[…]”",
        ),
    ],
)
def test_an_empty_or_scalar_roster_beside_a_csv_is_told_on_its_line(tmp_path, roster, message):
    assert problems(
        tmp_path, roster_files(roster_notice(roster), **{"disclosures/x.csv": CSV})
    ) == [f"{D}:8: {message}"]


def test_a_csv_with_problems_is_not_also_called_empty(tmp_path):
    bad = "名字,部门,工号\n秦守江,juejin1,1001\n"  # 名字 and 部门 are read as 姓名 and 单位
    assert problems(
        tmp_path,
        roster_files(
            roster_notice("roster:\n  privacy: withdrawn\n"), **{"disclosures/x.csv": bad}
        ),
    ) == [
        "data/disclosures/x.csv:1: 表头“工号”不是可用的列。可用的列：姓名,单位,项目,金额,名次,备注（或 name,unit,item,amount,rank,note）"
    ]


def test_a_line_break_inside_a_csv_cell_is_an_error_on_its_first_line(tmp_path):
    """An opening quote that never closes swallows the rows below into one cell: a list of 4
    would be published as 1 person."""
    unclosed = '姓名,单位,项目\n秦守江,juejin1,"井下一线职工\n王德福,tongfeng,市级劳动模范\n李强,tongfeng,a\n赵红,tongfeng,b\n'
    message = (
        '这一行的一格里有换行（从第 2 行到第 5 行被读成了一格）：多半是这一格开头的英文双引号 " 没有配对，后面几行被读了进去。'
        "请检查这一行的引号，文字里的引号请改用中文引号“ ”；一格里的文字请写成一行"
    )
    assert problems(
        tmp_path,
        roster_files(
            roster_notice("roster:\n  privacy: withdrawn\n"), **{"disclosures/x.csv": unclosed}
        ),
    ) == [f"data/disclosures/x.csv:2: {message}"]
    wrapped = '姓名,单位,项目\n秦守江,juejin1,"井下一线\n职工"\n王德福,tongfeng,市级劳动模范\n'
    assert problems(
        tmp_path / "b",
        roster_files(
            roster_notice("roster:\n  privacy: withdrawn\n"), **{"disclosures/x.csv": wrapped}
        ),
    ) == ["data/disclosures/x.csv:2: " + message.replace("第 5 行", "第 3 行")]


def test_a_withdrawn_rosters_names_may_not_stand_in_the_records_other_fields(tmp_path):
    text = roster_notice("roster:\n" + ROWS).replace("title: 公开测试", "title: 秦守江等疗养名单")
    assert problems(tmp_path, roster_files(text)) == [
        f"{D}:1: 「title」（标题）中写有名单里的姓名“秦*江”：名单中的姓名在公示期满后撤下，而标题一直公开。请不要在标题中写姓名"
    ]


# -- real builds before, during and after the period, for each mode ---------------------------------------------

MODES = {  # names that stand nowhere else on the site (the guide's examples use others)
    "withdrawn": (
        "roster:\n  rows:\n    - {name: 邝德明, unit: juejin1, item: 井下一线职工}\n    - {name: 龚秀梅, unit: tongfeng, item: 女职工}\n",
        ["邝德明", "龚秀梅"],
    ),
    "masked": (
        "roster:\n  privacy: masked\n  total: 11000\n  rows:\n    - {name: 滕*平, unit: juejin1, item: 大病救助, amount: 8000}\n"
        "    - {name: 闵*, unit: tongfeng, item: 临时救助, amount: 3000}\n",
        ["滕*平", "闵*"],
    ),
    "public": (
        "roster:\n  privacy: public\n  rows:\n    - {name: 欧阳振华, unit: juejin1, item: 采煤机司机, rank: 2}\n"
        "    - {name: 上官秀云, unit: tongfeng, item: 化验室班长, rank: 1}\n",
        ["欧阳振华", "上官秀云"],
    ),
}


def built(tmp_path: Path, mode: str, day_offset: int) -> Path:
    roster, _ = MODES[mode]
    category = "aid" if mode == "masked" else "honors" if mode == "public" else "recuperation"
    text = roster_notice(
        roster, category=category, period="period: {from: 2026-11-20, working_days: 5}\n"
    )
    project = copy_project(tmp_path / "project", write_data(tmp_path / "data", roster_files(text)))
    site = tmp_path / "site"
    result = mkdocs_build(project, site, epoch=str(int(EPOCH) + day_offset * DAY))
    assert result.returncode == 0, result.stderr[-2000:]
    return site


@pytest.mark.parametrize("mode", list(MODES))
def test_before_during_and_after_the_period(tmp_path, mode):
    _, names = MODES[mode]
    before = built(tmp_path / "before", mode, -6)  # 2026-11-19: dated 11-20, not published yet
    assert not (before / "disclosures" / "x").exists() and not any(
        n in site_text(before) for n in names
    )
    during = built(tmp_path / "during", mode, 0)  # 2026-11-25, inside 11-20 … 11-26
    page = page_text(during / "disclosures" / "x" / "index.html")
    assert all(name in page for name in names) and "共 2 人" in page
    table = list(
        csv.reader(io.StringIO((during / "disclosures" / "x.csv").read_bytes().decode("utf-8-sig")))
    )
    assert table[0] == ["姓名", "单位", "项目", "金额", "名次", "备注"] and {
        row[0] for row in table[1:-1]
    } == set(names)
    assert {row[1] for row in table[1:-1]} == {
        "掘进一队",
        "通风区",
    }  # units by name, as the page shows them
    # a list its period withdraws is never in the search index: only its page and its CSV hold
    # the names, the two files its withdrawal replaces; a public list is searched as any text
    assert all((name in site_text(during / "search")) == (mode == "public") for name in names)
    after = built(tmp_path / "after", mode, 10)  # 2026-12-05
    page = page_text(after / "disclosures" / "x" / "index.html")
    assert not (after / "disclosures" / "x.csv").exists()
    everything = site_text(after)
    if mode == "public":
        assert all(name in page for name in names) and page.index("第 1 名") < page.index("第 2 名")
        assert page.index("上官秀云") < page.index("欧阳振华")  # ordered by rank
    else:
        # pages, search shards, feeds, CSV
        assert not any(name in everything for name in names), mode
        assert "共 2 人" in page
        if mode == "masked":
            assert "合计 11,000.00 元" in page


def test_publish_proves_no_withdrawn_roster_name_is_in_the_release(tmp_path):
    site = built(tmp_path, "withdrawn", 10)
    project = tmp_path / "project"
    env_before = os.environ["SOURCE_DATE_EPOCH"]
    os.environ["SOURCE_DATE_EPOCH"] = str(int(EPOCH) + 10 * DAY)
    try:
        settings = Settings.find(project)
        publish.verify(site, settings)
        page = site / "disclosures" / "x" / "index.html"
        page.write_text(page.read_text(encoding="utf-8") + "邝德明", encoding="utf-8")
        with pytest.raises(
            publish.PublishError,
            match=r"disclosures/x/index.html 中有公示期已过的名单姓名（邝\*明，出自 data/disclosures/x.yml），没有发布",
        ):
            publish.verify(site, settings)
    finally:
        os.environ["SOURCE_DATE_EPOCH"] = env_before


def test_gongkai_check_runs_the_same_rules(tmp_path):
    rows = "  rows:\n    - {name: 张三丰}\n"
    project = copy_project(
        tmp_path / "project",
        write_data(
            tmp_path / "data", roster_files(roster_notice("roster:\n  privacy: masked\n" + rows))
        ),
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gongkai")), "check"],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH),
    )
    assert result.returncode == 1 and f"{D}:11: 名单打码公示（masked）" in result.stdout


def test_a_csv_with_two_columns_for_one_field_is_refused(tmp_path):
    record = ALLOCATION.split("rows:")[0]
    found = problems(
        tmp_path,
        {
            "allocations/a.yml": record,
            "allocations/a.csv": "姓名,金额,备注,备注\n王立新,1800,a,b\n赵红梅,1700.50,,\n",
        },
    )
    assert found == [
        "data/allocations/a.csv:1: 表头中“备注”和“备注”是同一列（备注），只能保留一列：请删去或合并其中一列"
    ]

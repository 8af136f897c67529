"""gongkai.tools.cli: the editors' command line, driven as a clerk would, as a subprocess in a project
folder: check and its reports, help and usage in Chinese, import from the command line, pre-commit."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import (
    DISCLOSURE,
    EPOCH,
    GONGKAI,
    ROOT,
    check_data,
    copy_project,
    gongkai,
    run_clean,
    write_data,
)

# -- check ------------------------------------------------------------------------------------

BROKEN = (
    "titel: 合计不符\nunit: zongcai9\ndate: 2026-11-20\nmonth: 2026-10\nkind: bonus\ntotal: 10.01\n"
    "period: {from: 2026-11-20, to: 2026-11-27}\nrows:\n  - {name: 甲, amount: 10}\n"
)


EXPECTED = [
    ("data/allocations/a.yml", 1, "「titel」不是可用的字段。是否想写「title」（标题）？"),
    ("data/allocations/a.yml", 1, "缺少必填字段「basis」（分配依据）"),
    ("data/allocations/a.yml", 1, "缺少必填字段「title」（标题）"),
    (
        "data/allocations/a.yml",
        2,
        "「unit」（发布单位）的值“zongcai9”不在 data/units.yml 中。是否想写“zongcai1”（综采一队）？",
    ),
    ("data/allocations/a.yml", 6, "明细金额合计 10.00 元，与分配总额 10.01 元不符"),
]


def test_check_passes_on_the_demo():
    result = gongkai(ROOT, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "数据检查通过，没有发现问题。"
    # what waits for its day
    told = [line for line in result.stdout.splitlines()[1:] if not line.startswith("定时发布：")]
    assert told[0] == "提示（不影响生成和发布，请看一看）：" and all(
        line.startswith("data/") for line in told[1:]
    ), told


def test_check_reports_typo_missing_field_wrong_unit_and_sum_each_once(project):
    (project / "data" / "allocations").mkdir()
    (project / "data" / "allocations" / "a.yml").write_text(BROKEN, encoding="utf-8")
    result = gongkai(project, "check")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(EXPECTED) + 1 and lines[-1].startswith("共 5 处问题")
    for line, (path, number, message) in zip(lines[:-1], EXPECTED, strict=True):
        assert line.startswith(f"{path}:{number}: {message}"), line


def test_check_github_annotations(project):
    (project / "data" / "allocations").mkdir()
    (project / "data" / "allocations" / "a.yml").write_text(BROKEN, encoding="utf-8")
    result = gongkai(project, "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    # https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
    assert lines[4] == (
        "::error file=data/allocations/a.yml,line=6,title=公开栏数据检查::明细金额合计 10.00 元，与分配总额 10.01 元不符"
    )
    assert all(line.startswith("::error file=data/allocations/a.yml,line=") for line in lines)


def test_check_github_escapes_newlines_and_commas():
    from gongkai.data.errors import Problem
    from gongkai.pages.annotate import github

    assert (
        github([Problem("data/a,b.yml", 3, "甲%乙\n丙")])
        == "::error file=data/a%2Cb.yml,line=3,title=公开栏数据检查::甲%25乙%0A丙"
    )


def test_check_gitlab_code_quality_report(project):
    (project / "data" / "allocations").mkdir()
    (project / "data" / "allocations" / "a.yml").write_text(BROKEN, encoding="utf-8")
    result = gongkai(project, "check", "--format", "gitlab")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    # https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
    assert len(report) == 5
    for issue, (path, line, message) in zip(report, EXPECTED, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"].startswith(message)
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"] == {"path": path, "lines": {"begin": line}}
        assert len(issue["fingerprint"]) == 32
    assert len({issue["fingerprint"] for issue in report}) == 5


def test_check_given_files_reports_only_them(project):
    (project / "data" / "allocations").mkdir()
    (project / "data" / "allocations" / "a.yml").write_text(BROKEN, encoding="utf-8")
    assert gongkai(project, "check", "data/disclosures/2026/x.yml").returncode == 0
    assert gongkai(project, "check", "data/allocations/a.yml").returncode == 1


def test_check_finds_the_project_from_a_subfolder(project):
    assert gongkai(project / "data" / "disclosures", "check").returncode == 0


def test_every_command_has_chinese_help(project):
    for command in ([], ["check"], ["new"], ["import"], ["schema"]):
        result = gongkai(project, *command, "--help")
        assert result.returncode == 0
        assert (
            result.stdout.startswith("用法：gongkai")
            and "选项" in result.stdout
            and "显示本帮助并退出" in result.stdout
        )
        assert "Usage" not in result.stdout and "Show this message" not in result.stdout


def test_usage_errors_are_chinese(project):
    result = gongkai(project, "check", "--bad")
    assert (
        result.returncode == 2
        and result.stderr.strip() == "错误：没有 --bad 这个选项。用法见：gongkai check --help"
    )
    result = gongkai(project, "import")
    assert (
        result.returncode == 2
        and result.stderr.strip() == "错误：缺少参数 表格文件。用法见：gongkai import --help"
    )


# -- import -------------------------------------------------------------------------------------


def workbook(path: Path, rows: list[tuple], total: float, *, two_row_header: bool = True) -> Path:
    """A sheet as a clerk keeps it: a merged title row, a two-row merged header, rows and 合计."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "10月"
    ws.append(["综采一队2026年10月安全奖分配表"])
    ws.merge_cells("A1:F1")
    if two_row_header:
        ws.append(["序号", "姓名", "岗位", "考核", None, "备注"])
        ws.append([None, None, None, "出勤天数", "应发金额（元）", None])
        for cells in ("A2:A3", "B2:B3", "C2:C3", "F2:F3", "D2:E2"):
            ws.merge_cells(cells)
    else:
        ws.append(["序号", "职工姓名", "工种", "出勤", "金额", "备注"])
    for number, (name, post, shifts, amount) in enumerate(rows, start=1):
        ws.append([number, name, post, shifts, amount, None])
    ws.append(["合计", None, None, None, total, None])
    ws.append(["制表：矿工会", None, None, "审核：劳资科", None, None])
    book.save(path)
    return path


ROWS = [
    ("王立新", "采煤机司机", 26, 3856.4),
    ("赵红梅", "支架工", 25, 3512.05),
    ("孙立平", "电钳工", 24, 3401),
]


def test_import_xlsx_with_title_row_merged_header_and_total(project, tmp_path):
    sheet = workbook(tmp_path / "安全奖.xlsx", ROWS, 10769.45)
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--kind", "safety")
    assert result.returncode == 0, result.stderr
    assert "已导入 3 人，合计 10,769.45 元" in result.stdout
    yml = next((project / "data" / "allocations").rglob("*.yml"))
    text = yml.read_text(encoding="utf-8")
    assert 'total: "10,769.45"' in text and "month: 2026-10" in text and "kind: safety" in text
    assert 'title: "综采一队2026年10月安全奖分配公示"' in text
    table = list(csv.reader(io.StringIO(yml.with_suffix(".csv").read_text(encoding="utf-8"))))
    assert table == [
        ["姓名", "岗位", "出勤", "金额"],
        ["王立新", "采煤机司机", "26", "3856.40"],
        ["赵红梅", "支架工", "25", "3512.05"],
        ["孙立平", "电钳工", "24", "3401.00"],
    ]
    check = gongkai(project, "check")
    assert check.returncode == 0, check.stdout


def test_import_common_header_spellings_in_one_row(project, tmp_path):
    sheet = workbook(tmp_path / "b.xlsx", ROWS, 10769.45, two_row_header=False)
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1", "--month", "2026-09")
    assert result.returncode == 0, result.stderr
    yml = next((project / "data" / "allocations").rglob("*.yml"))
    assert "month: 2026-09" in yml.read_text(encoding="utf-8")


def test_import_refuses_a_sheet_whose_total_disagrees_naming_the_cell(project, tmp_path):
    sheet = workbook(tmp_path / "wrong.xlsx", ROWS, 10769.54)
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "错误：wrong.xlsx：合计行 E7 的金额 10,769.54 元，与上面 3 行明细之和 10,769.45 元不符：请核对表格"
    )
    assert not (project / "data" / "allocations").exists()


def test_import_csv_sheet(project, tmp_path):
    sheet = tmp_path / "奖金.csv"
    sheet.write_text(
        '机运区2026年10月奖金\n姓名,岗位,奖金\n甲,司机,"1,200.50"\n乙,电工,800\n合计,,2000.50\n',
        encoding="utf-8-sig",
    )
    result = gongkai(project, "import", str(sheet), "--unit", "zongcai1")
    assert result.returncode == 0, result.stderr
    assert "已导入 2 人，合计 2,000.50 元" in result.stdout


def test_pre_commit_runs_check_on_the_changed_data_files(project):
    """The shipped .pre-commit-config.yaml, run by pre-commit itself in a git repository."""
    pre_commit = Path(sys.executable).with_name("pre-commit")
    shutil.copy2(ROOT / ".pre-commit-config.yaml", project / ".pre-commit-config.yaml")
    env = dict(
        os.environ,
        SOURCE_DATE_EPOCH=EPOCH,
        PATH=f"{pre_commit.parent}{os.pathsep}{os.environ['PATH']}",
        PRE_COMMIT_HOME=str(project / ".cache"),
    )
    git = ["git", "-c", "user.name=测试", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "demo"], cwd=project, check=True, env=env)
    bad = project / "data" / "disclosures" / "2026" / "bad.yml"
    bad.write_text(DISCLOSURE.replace("unit: union", "unit: nowhere"), encoding="utf-8")
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    result = subprocess.run(
        [str(pre_commit), "run"], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert (
        "data/disclosures/2026/bad.yml:3: 「unit」（发布单位）的值“nowhere”不在 data/units.yml 中"
        in result.stdout
    )
    bad.write_text(DISCLOSURE, encoding="utf-8")
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    result = subprocess.run(
        [str(pre_commit), "run"], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_gongkai_build_speaks_chinese_and_fails_without_english(tmp_path):
    project = copy_project(
        tmp_path / "project", write_data(tmp_path / "data", {"disclosures/x.yml": DISCLOSURE})
    )
    good = run_clean(
        [GONGKAI, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        project,
        SOURCE_DATE_EPOCH=EPOCH,
    )
    assert good.returncode == 0, good.stderr
    assert "正在生成网站" in good.stdout and "网站已生成，用时" in good.stdout
    (project / "data" / "disclosures" / "x.yml").write_text(
        DISCLOSURE.replace("unit: union", "unit: nowhere"), encoding="utf-8"
    )
    bad = run_clean(
        [GONGKAI, "build", "--site-dir", str(tmp_path / "site")], project, SOURCE_DATE_EPOCH=EPOCH
    )
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1 and "data/disclosures/x.yml:3:" in output and "生成失败" in output
    assert not re.search(
        r"[A-Za-z]{4,} [A-Za-z]{4,}", output.replace("data/", "").replace("units.yml", "")
    ), output


# -- preview and set-up --------------------------------------------------------------------------


def test_check_lists_the_records_waiting_for_their_day(tmp_path):
    later = DISCLOSURE.replace("date: 2026-11-01", "date: 2026-12-02")
    output = check_data(tmp_path, {"disclosures/x.yml": DISCLOSURE, "disclosures/later.yml": later})
    assert "数据检查通过" in output
    assert (
        "定时发布：data/disclosures/later.yml 将于 2026年12月2日 发布（今天按 2026年11月25日 计算）"
        in output
    )

"""gongkai.settings: extra.gongkai in mkdocs.yml, declared once; every problem in Chinese at its line."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from support import DISCLOSURE, EPOCH, GONGKAI, ROOT, copy_project, mkdocs_build, write_data

from gongkai.settings import Options, Settings, SettingsError


def test_an_opinion_url_that_is_not_a_web_address_stops_the_build_in_chinese(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  gongkai:\n", "  gongkai:\n    opinion_url: javascript:alert(1)\n"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "mkdocs.yml:49: extra.gongkai：「opinion_url」（在线提意见的网址）：“javascript:alert(1)”写法不对"
        in result.stderr
    )


def test_a_site_contact_with_an_id_number_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "contact: 矿工会民主管理办公室 电话 0537-7102215", "contact: 张主席 11010519491231002X"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "mkdocs.yml:51: extra.gongkai：「contact」（监督/意见受理）：含有身份证号 1101**********002X：这里只能写受理单位和电话，请删去"
        in result.stderr
    )


HEAD = """site_name: 兴业煤矿厂务公开栏
extra:
  generator: false
  gongkai:
"""


BROKEN = (
    HEAD
    + """    enterprise: 兴业煤矿
    serch: true
    search: "no"
    timezone: Asia/Shanghia
    history_since: 2026-13-01
    reply_working_days: 0
    contact: 工会 身份证 110101199003074514
    data_dir: ../etc
"""
)


# every problem of the block at once, at its line, with the nearest known key for a misspelling
SAID = [
    "mkdocs.yml:6: extra.gongkai：「serch」不是可用的字段。是否想写「search」（站内搜索）？此处可用的字段："
    "enterprise、contact、timezone、history_since、search、reply_working_days、opinion_url、data_dir、"
    "members、members_cache、member_timeout、member_max_mb、member_max_age",
    "mkdocs.yml:7: extra.gongkai：「search」（站内搜索）只能写 true 或 false，而不是“no”",
    "mkdocs.yml:8: extra.gongkai：「timezone」（时区）：“Asia/Shanghia”不是时区名称，中国大陆请写 Asia/Shanghai",
    "mkdocs.yml:9: extra.gongkai：「history_since」（开始用 git 管理记录的日期）：日期“2026-13-01”不存在，请检查月份和日子",
    "mkdocs.yml:10: extra.gongkai：「reply_working_days」（答复意见的工作日数）的值“0”不能小于 1",
    "mkdocs.yml:11: extra.gongkai：「contact」（监督/意见受理）：含有身份证号 1101**********4514：这里只能写受理单位和电话，请删去",
    "mkdocs.yml:12: extra.gongkai：「data_dir」（数据文件夹）：应是项目文件夹里的一个文件夹，如 data，而不是“../etc”",
]


def settings_of(tmp_path: Path, block: str) -> Settings:
    (tmp_path / "mkdocs.yml").write_text(HEAD + block, encoding="utf-8")
    return Settings.find(tmp_path)


def problems_of(tmp_path: Path, block: str) -> list[str]:
    with pytest.raises(SettingsError) as raised:
        settings_of(tmp_path, block)
    return [str(problem) for problem in raised.value.problems]


def test_every_problem_of_the_block_is_said_at_its_line_with_the_nearest_key(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        Settings.find(tmp_path)
    assert [str(problem) for problem in raised.value.problems] == SAID


@pytest.mark.parametrize("written", ['"no"', "'false'", "0", "off-ish", "[]"])
def test_search_is_true_or_false_never_a_string_that_leaves_it_on(tmp_path, written):
    # before: `search: "no"` was taken as it stood and the site kept its search
    (said,) = problems_of(tmp_path, f"    search: {written}\n")
    assert said.startswith("mkdocs.yml:5: extra.gongkai：「search」（站内搜索）")
    assert settings_of(tmp_path, "    search: false\n").search is False
    assert settings_of(tmp_path, "    search: no\n").search is False  # YAML 1.1's boolean


def test_the_defaults_and_a_written_block(tmp_path):
    plain = settings_of(tmp_path, "    enterprise: 兴业煤矿\n")
    assert (plain.timezone, plain.search, plain.reply_working_days) == ("Asia/Shanghai", True, 5)
    assert plain.data_dir == tmp_path / "data" and plain.history_since is None
    written = settings_of(
        tmp_path,
        "    history_since: 2026-11-26\n    reply_working_days: 7\n    data_dir: records\n"
        "    contact: 矿工会 电话 0537-7102215\n",
    )
    assert written.history_since == date(2026, 11, 26) and written.reply_working_days == 7
    assert written.data_dir == tmp_path / "records"
    assert written.contact == "矿工会 电话 0537-7102215"


def test_a_block_that_is_no_mapping_and_tags_of_mkdocs(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(HEAD + "    - enterprise\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        Settings.find(tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "mkdocs.yml:4: extra.gongkai 应写成“选项: 值”的形式（一组选项，每项缩进两格）"
    ]
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ndev_addr: !ENV [ADDR, '127.0.0.1:8000']\nextra:\n  gongkai:\n"
        "    enterprise: !ENV ENTERPRISE\n    timezone: Europe/Nowhere\n",
        encoding="utf-8",
    )
    with pytest.raises(SettingsError) as raised:
        Settings.find(tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "mkdocs.yml:6: extra.gongkai：「timezone」（时区）：“Europe/Nowhere”不是时区名称，中国大陆请写 Asia/Shanghai"
    ]


@pytest.mark.parametrize("written", ["/etc", "../other/data", "data/../../x", "C:/data", ""])
def test_the_data_folder_stays_inside_the_project(tmp_path, written):
    (said,) = problems_of(tmp_path, f"    data_dir: '{written}'\n")
    assert said.startswith(
        "mkdocs.yml:5: extra.gongkai：「data_dir」（数据文件夹）：应是项目文件夹里的一个文件夹"
    )


@pytest.mark.parametrize(
    "written",
    [
        "https://oa.xingye.local/yijian?u={url.x}",  # an attribute: a traceback before
        "https://oa.xingye.local/yijian?u={url.upper}",  # a bound method: a memory address in every link before
        "https://oa.xingye.local/yijian?u={url[0]}",
        "https://oa.xingye.local/yijian?u={url!r}",
        "https://oa.xingye.local/yijian?u={url:>80}",
        "https://oa.xingye.local/yijian?u={0}&t={title}",
        "https://oa.xingye.local/yijian?t={title",
    ],
)
def test_the_opinion_url_takes_exactly_title_and_url(tmp_path, written):
    assert problems_of(tmp_path, f"    opinion_url: '{written}'\n") == [
        f"mkdocs.yml:5: extra.gongkai：「opinion_url」（在线提意见的网址）：“{written}”里只能用 {{title}} 和 {{url}} "
        "两个占位符；网址中的其他花括号请写成 {{ 和 }}"
    ]
    ok = settings_of(tmp_path, "    opinion_url: https://oa.xingye.local/{{v2}}/new?from={url}\n")
    assert ok.opinion_url.format(title="", url="X") == "https://oa.xingye.local/{v2}/new?from=X"


def test_every_option_has_a_chinese_title():
    assert all(info.title for info in Options.model_fields.values())


@pytest.fixture()
def broken_project(tmp_path):
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    timezone: Asia/Shanghai\n" in text
    text = text.replace(
        "    timezone: Asia/Shanghai\n", "    timezone: Shanghai\n    serach: false\n"
    )
    copy_project(
        tmp_path, data=write_data(tmp_path / "src", {"disclosures/2026/x.yml": DISCLOSURE})
    )
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("    timezone: Shanghai") + 1
    return tmp_path, line


def test_the_commands_and_mkdocs_say_a_bad_setting_in_chinese_never_a_traceback(broken_project):
    project, line = broken_project
    said = [
        f"mkdocs.yml:{line}: extra.gongkai：「timezone」（时区）：“Shanghai”不是时区名称，中国大陆请写 Asia/Shanghai",
        f"mkdocs.yml:{line + 1}: extra.gongkai：「serach」不是可用的字段。是否想写「search」（站内搜索）？",
    ]
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    for command in ("check", "build"):
        process = subprocess.run(
            [GONGKAI, command], cwd=project, env=env, capture_output=True, text=True
        )
        assert process.returncode == 2 and "Traceback" not in process.stderr, process.stderr
        lines = process.stderr.splitlines()
        assert lines[0] == "错误：mkdocs.yml 中的设置有 2 处问题，请逐条修改："
        assert lines[1] == said[0] and lines[2].startswith(said[1]), lines
    process = mkdocs_build(project)  # MkDocs itself, through the hooks
    assert process.returncode == 1 and "Traceback" not in process.stderr, process.stderr
    assert f"ERROR   -  gongkai: {said[0]}" in process.stderr
    assert "mkdocs.yml 中的设置有 2 处问题，网站没有生成。" in process.stderr
    assert not (project / "site").exists()


def test_the_editors_guide_lists_every_option_with_its_title():
    guide = (ROOT / "content" / "guide" / "fields.md").read_text(encoding="utf-8")
    table = guide[guide.index("{ #settings }") :].split("```yaml")[0]
    for name, info in Options.model_fields.items():
        assert f"| `{name}` | {info.title}" in table, name

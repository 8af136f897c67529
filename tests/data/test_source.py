"""gongkai.data.source: reading editors' files. Encodings, YAML mistakes named for what they are,
control characters, bombs and nesting, links, pipes and devices never read."""

from __future__ import annotations

import os

import pytest
from support import (
    ALLOCATION,
    ALLOCATION_HEAD,
    DISCLOSURE,
    D,
    check_data,
    load,
    problems,
    write_data,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            DISCLOSURE.replace("category: welfare", "category：welfare"),
            f"{D}:2: YAML 格式错误：“category”后面用了中文冒号“：”，请改成英文冒号加一个空格，写成“category: …”",
        ),
        (
            DISCLOSURE.replace("category: welfare", "category:welfare"),
            f"{D}:2: YAML 格式错误：“category:”后面缺少空格，冒号后面要空一格，请写成“category: welfare”",
        ),
        (
            DISCLOSURE + "  第二段。\n第三段没有缩进。\n",
            f"{D}:8: YAML 格式错误：这一行少了缩进，程序读不懂它。如果它是上面「body」的内容，请在行首空两格，与上一行对齐（正文的每一行前面都要空两格）",
        ),
        (
            DISCLOSURE + "tags: [工资，奖金]\n",
            f"{D}:7: 「tags.第1项」（标签）：“工资，奖金”中有中文逗号或顿号：若是几个标签，标签之间要用英文逗号分隔，写成 [工资, 奖金]",
        ),
        (
            DISCLOSURE.replace("unit: union", "unit: 矿工会"),
            f"{D}:3: 「unit」（发布单位）要写单位的 id，而不是名称“矿工会”。是否想写“union”（矿工会）？",
        ),
    ],
    ids=[
        "full-width colon",
        "no space",
        "unindented body line",
        "chinese comma in a list",
        "unit by its name",
    ],
)
def test_the_commonest_mistakes_get_their_cause_on_their_line(tmp_path, text, expected):
    assert expected in check_data(tmp_path, {"disclosures/x.yml": text})


def test_an_amount_with_a_comma_inside_braces_says_so(tmp_path):
    text = ALLOCATION.replace('total: "3,500.50"', "total: 3500").replace(
        "  - {name: 王立新, post: 采煤机司机, amount: 1800}\n  - {name: 赵红梅, post: 支架工, amount: 1700.50}\n",
        "  - {name: 王立新, amount: ¥1,200}\n  - {name: 赵红梅, amount: 2300}\n",
    )
    output = check_data(tmp_path, {"allocations/a.yml": text})
    assert (
        "data/allocations/a.yml:10: 「200」不是字段，多半是金额里的英文逗号把金额拆开了" in output
        and 'amount: "1,200"' in output
    )


def test_utf8_with_bom_is_accepted(tmp_path):
    archive = load(tmp_path, {"disclosures/x.yml": b"\xef\xbb\xbf" + DISCLOSURE.encode()})
    assert archive.entries["disclosures"]["x"].record.title == "公开测试"


def test_gbk_is_refused_with_the_line_and_the_fix(tmp_path):
    gbk = DISCLOSURE.replace("正文第一段。", "测试").encode("gbk")
    assert problems(tmp_path, {"disclosures/x.yml": gbk}) == [
        f"{D}:1: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码（Windows 记事本或 Excel 的默认编码）。"
        "请用 UTF-8 编码另存此文件（记事本：另存为 → 编码选“UTF-8”；Excel：另存为“CSV UTF-8（逗号分隔）”）"
    ]


def test_yaml_syntax_error_is_located_and_explained(tmp_path):
    broken = DISCLOSURE.replace("title: 公开测试", "title: 公开: 测试")
    assert problems(tmp_path, {"disclosures/x.yml": broken}) == [
        f"{D}:1: YAML 格式错误：这里不能出现“冒号加空格”：文字里含有冒号时，请给整段文字加上引号；或者这一行的缩进不对"
    ]


def test_duplicate_key_is_refused(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + "title: 又一个\n"}) == [
        f"{D}:7: 字段「title」重复出现（第 1 行已有），请删去其中一个"
    ]


def test_csv_in_gbk_is_refused(tmp_path):
    table = "姓名,金额\n王立新,1800\n赵红梅,1700.50\n".encode("gbk")
    assert problems(tmp_path, {"allocations/a.yml": ALLOCATION_HEAD, "allocations/a.csv": table})[
        0
    ].startswith("data/allocations/a.csv:1: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码")


# -- slips the YAML parser misdiagnosed: each named for its real cause, on its real line ---------------

TAB = "YAML 格式错误：这一行行首用了 Tab 键缩进，YAML 只认半角空格：请删去行首的 Tab，改用半角空格（正文的每一行前面空两格）"


WIDE = "YAML 格式错误：这一行行首用了全角空格缩进，YAML 只认半角空格：请删去行首的全角空格，改用半角空格（正文的每一行前面空两格）"


FOLDED = (
    "「body」的文字写了好几行（第 6 到 9 行），但 body: 后面没有写 |：这样几行会被连成一行，分段和换行都会丢失。"
    "多行文字请写成“body: |”，下面每行空两格"
)


BODY = "body:\n  一、放假时间\n  元旦放假一天。\n  二、值班安排\n  值班电话{colon}0537-7102215\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (DISCLOSURE.replace("body: |\n  正文第一段。", "body: |\n\t正文第一段。"), f"{D}:6: {TAB}"),
        (DISCLOSURE + "period:\n\tfrom: 2026-11-01\n\tto: 2026-11-05\n", f"{D}:8: {TAB}"),
        (
            DISCLOSURE.replace("body: |\n  正文第一段。", "body: |\n\u3000\u3000正文第一段。"),
            f"{D}:6: {WIDE}",
        ),
        (DISCLOSURE + "period:\n\u3000\u3000from: 2026-11-01\n", f"{D}:8: {WIDE}"),
        (
            DISCLOSURE.split("body:")[0] + BODY.format(colon="："),
            f"{D}:5: {FOLDED}",
        ),  # was published as one line
        (
            DISCLOSURE.split("body:")[0] + BODY.format(colon=": "),
            f"{D}:5: {FOLDED}",
        ),  # was blamed on the colon at line 9
    ],
)
def test_tabs_full_width_spaces_and_a_missing_bar_are_named_for_what_they_are(
    tmp_path, text, message
):
    assert problems(tmp_path, {"disclosures/x.yml": text}) == [message]


# -- control characters and front matter ---------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_value", "code"),
    [
        ('"<script>alert(1)</script>\\x7f"', "U+007F"),
        ('"标题\\x07"', "U+0007"),
        ('"标题\\u202e321"', "U+202E"),
        ('"标题\\x85"', "U+0085"),
        ('"标题\\0"', "U+0000"),
    ],
)
def test_control_characters_are_refused_in_every_text(tmp_path, yaml_value, code):
    text = DISCLOSURE.replace("title: 公开测试", f"title: {yaml_value}")
    found = problems(tmp_path, {"disclosures/x.yml": text})
    assert len(found) == 1 and found[0].startswith(f"{D}:1: 含有") and code in found[0]


def test_a_control_character_written_raw_is_located(tmp_path):
    text = DISCLOSURE.replace("正文第一段。", "正文\x1b[31m第一段。")
    assert problems(tmp_path, {"disclosures/x.yml": text})[0].startswith(
        f"{D}:6: 含有不可见的控制字符 U+001B"
    )


def test_control_characters_in_units_and_csv_cells(tmp_path):
    units = '- id: mine\n  name: "兴业煤矿\\x7f"\n- id: union\n  name: 矿工会\n- id: zongcai1\n  name: 综采一队\n'
    record = ALLOCATION.split("rows:")[0]
    found = problems(
        tmp_path,
        {
            "units.yml": units,
            "allocations/a.yml": record,
            "allocations/a.csv": "姓名,金额\n王立新\x01,1800\n赵红梅,1700.50\n",
        },
    )
    assert [p.split(": ")[0] for p in found] == ["data/allocations/a.csv:2", "data/units.yml:2"]


# -- nothing outside data/ is read, nothing outside the site is written ---------------------


def test_symlinks_under_data_are_refused_each_named(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    data = write_data(
        tmp_path, {"disclosures/x.yml": DISCLOSURE + "attachments:\n  - {file: docs/pw.pdf}\n"}
    )
    (data / "media" / "docs").mkdir(parents=True)
    os.symlink(secret, data / "media" / "docs" / "pw.pdf")
    os.symlink("/etc", data / "media" / "etc")
    found = problems(tmp_path, {})
    assert (
        f"data/media/docs/pw.pdf:1: data/media/docs/pw.pdf 是符号链接（快捷方式），指向“{secret}”：为防止读到或写到 data/ 以外的文件，data/ 中不能有符号链接。请换成文件或文件夹本身"
        in found
    )
    assert any(p.startswith("data/media/etc:1: data/media/etc 是符号链接") for p in found)
    assert (
        f"{D}:8: 「attachments.第1项.file」（文件）指向的文件“docs/pw.pdf”是符号链接（快捷方式），不能发布：请把文件本身放到 data/media/docs/pw.pdf"
        in found
    )


@pytest.mark.parametrize("target", ["secret", "/dev/zero", "fifo", "folder"])
def test_a_table_beside_a_record_is_never_read_through_a_link_or_from_a_device(tmp_path, target):
    """A link named x.csv beside x.yml: to a secret (its first line would show as a bad header), to
    /dev/zero (read until memory runs out), to a pipe (the build hangs), to a folder."""
    secret = tmp_path / "secret"
    secret.write_text("https://user:token@example.com\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    data = write_data(tmp_path, {"allocations/a.yml": ALLOCATION.split("rows:")[0]})
    link = data / "allocations" / "a.csv"
    os.symlink(target if target.startswith("/") else tmp_path / target, link)
    found = problems(tmp_path, {})
    assert not any("token" in p for p in found), found
    assert any(
        p.startswith("data/allocations/a.csv:1: data/allocations/a.csv 是符号链接") for p in found
    ), found


def test_a_pipe_named_like_a_table_is_never_opened(tmp_path):
    data = write_data(tmp_path, {"allocations/a.yml": ALLOCATION.split("rows:")[0]})
    os.mkfifo(data / "allocations" / "a.csv")
    found = problems(tmp_path, {})  # returns: nothing waits for a writer
    assert (
        "data/allocations/a.csv:1: 这不是普通文件（可能是管道或设备），data/ 中只能放记录、表格、照片和附件：请删除它"
        in found
    )


def test_reading_refuses_links_and_devices_wherever_it_is_called(tmp_path):
    from gongkai.data.source import SourceError, read_text

    (tmp_path / "real.yml").write_text("a: 1\n", encoding="utf-8")
    os.symlink(tmp_path / "real.yml", tmp_path / "link.yml")
    os.mkfifo(tmp_path / "fifo.yml")
    for name, expected in (
        ("link.yml", "符号链接"),
        ("fifo.yml", "不是普通文件"),
        (".", "不是普通文件"),
    ):
        with pytest.raises(SourceError, match=expected):
            read_text(tmp_path / name, 1024)
    assert read_text(tmp_path / "real.yml", 1024) == "a: 1\n"


def test_a_quote_that_never_closes_in_a_large_table_is_a_located_message(tmp_path):
    record = ALLOCATION.split("rows:")[0]
    rows = "".join(f"工人{i},{1000 + i},\n" for i in range(3))
    table = "姓名,金额,备注\n" + rows + '王"五,100,"' + "很长的备注" * 30_000 + "\n"
    assert problems(tmp_path, {"allocations/a.yml": record, "allocations/a.csv": table}) == [
        'data/allocations/a.csv:5: 从第 5 行起的一格长得不像表格内容，多半是某一格开头的英文双引号 " 没有配对：'
        "请检查这几行的引号，文字里的引号请改用中文引号“ ”"
    ]


# -- resource abuse -----------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


def test_an_alias_bomb_is_refused_at_its_first_alias(tmp_path):
    assert len(BOMB.encode()) < 600  # about the 527 bytes of the report; 9**9 items if expanded
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + BOMB}) == [f"{D}:7: " + ANCHOR]


ANCHOR = (
    "YAML 格式错误：不支持 YAML 的锚点和引用（&名称、*名称），以 & 或 * 开头的文字会被丢掉一部分："
    "请给整段文字加英文双引号，或把内容直接写出来"
)


TAG = "YAML 格式错误：以 ! 开头的写法是 YAML 的类型标记，后面的文字会被丢掉一部分：请给整段文字加英文双引号"


@pytest.mark.parametrize(
    "line, quoted, message",
    [
        (
            "summary: &abc 文字",
            'summary: "&abc 文字"',
            ANCHOR,
        ),  # YAML would read "文字" and lose "&abc"
        ("tags: [&a 安全]", 'tags: ["&a 安全"]', ANCHOR),
        ("summary: !abc 文字", 'summary: "!abc 文字"', TAG),
        (
            "summary: !!python/object:os.system 文字",
            'summary: "!!python/object:os.system 文字"',
            TAG,
        ),
    ],
)
def test_an_anchor_or_a_tag_that_would_eat_text_is_refused(tmp_path, line, quoted, message):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE + line + "\n"}) == [
        f"{D}:7: {message}"
    ]
    assert problems(tmp_path / "quoted", {"disclosures/x.yml": DISCLOSURE + quoted + "\n"}) == []


@pytest.mark.parametrize("depth", [17, 10_000, 100_000])
def test_deep_nesting_is_refused_without_recursion(tmp_path, depth):
    text = DISCLOSURE + "tags: " + "[" * depth + "]" * depth + "\n"
    assert problems(tmp_path, {"disclosures/x.yml": text}) == [
        f"{D}:7: 嵌套太深（超过 16 层）：记录的字段不会嵌套这么多层，请检查缩进和括号"
    ]


def test_a_huge_record_is_refused_before_it_is_read(tmp_path):
    data = write_data(tmp_path, {"disclosures/x.yml": DISCLOSURE})
    with open(data / "disclosures" / "x.yml", "ab") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that costs nothing to make
    found = problems(tmp_path, {})
    assert found == [
        f"{D}:1: 文件有 50.0 MB，超过了 2.0 MB 的上限：请检查是否放错了文件，或把内容拆成几条记录"
    ]


def test_a_table_of_a_hundred_thousand_rows_is_refused(tmp_path):
    record = ALLOCATION.split("rows:")[0]
    table = "姓名,金额\n" + "".join(f"职工{n},1\n" for n in range(100_000))
    found = problems(tmp_path, {"allocations/a.yml": record, "allocations/a.csv": table})
    assert found == [
        "data/allocations/a.csv:1: 表中有 100,000 行，超过了一张表 20,000 行的上限：请按单位或班组分成几条记录"
    ]


def test_a_pipe_under_data_is_refused_not_read(tmp_path):
    data = write_data(tmp_path, {"disclosures/x.yml": DISCLOSURE})
    os.mkfifo(data / "disclosures" / "p.yml")  # reading it would block the build forever
    assert problems(tmp_path, {}) == [
        "data/disclosures/p.yml:1: 这不是普通文件（可能是管道或设备），data/ 中只能放记录、表格、照片和附件：请删除它"
    ]

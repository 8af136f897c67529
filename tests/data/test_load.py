"""gongkai.data.load: the Loader's inventory of data/: file names that are ids, ids unique within a
kind, the lists of units, what is published today, and every problem of a run together."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from support import ALLOCATION, DISCLOSURE, EVENT, STORY, D, load, problems


def test_valid_records_of_every_kind_load(tmp_path):
    archive = load(
        tmp_path,
        {
            "disclosures/2026/x.yml": DISCLOSURE,
            "allocations/a.yml": ALLOCATION,
            "events/e.yml": EVENT,
            "stories/s.yml": STORY,
        },
    )
    assert archive.entries["disclosures"]["x"].published
    allocation = archive.entries["allocations"]["a"].record
    assert allocation.total == Decimal("3500.50") and isinstance(allocation.total, Decimal)
    assert allocation.period.start == date(2026, 11, 20)
    assert archive.entries["events"]["e"].record.end.hour == 17


# -- files, ids and encodings -------------------------------------------------------------


def test_file_name_must_be_an_id(tmp_path):
    assert problems(tmp_path, {"stories/Bad_Name.yml": STORY}) == [
        "data/stories/Bad_Name.yml:1: 文件名“Bad_Name.yml”不能作为 id：只能用小写字母、数字和连字符“-”，以字母或数字开头，"
        "最长 64 个字符（如 2026-10-zongcai1-bonus.yml）"
    ]


def test_id_is_unique_within_a_kind_across_subfolders(tmp_path):
    assert problems(
        tmp_path, {"disclosures/2025/x.yml": DISCLOSURE, "disclosures/2026/x.yml": DISCLOSURE}
    ) == [
        "data/disclosures/2026/x.yml:1: id “x”与 data/disclosures/2025/x.yml 重复，同一类记录的文件名不能相同"
    ]


def test_same_id_in_two_kinds_is_allowed(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yml": DISCLOSURE, "stories/x.yml": STORY}) == []


def test_yaml_extension_is_refused(tmp_path):
    assert problems(tmp_path, {"disclosures/x.yaml": DISCLOSURE}) == [
        "data/disclosures/x.yaml:1: 记录文件的扩展名应为 .yml，请把 .yaml 改为 .yml"
    ]


def test_unit_must_exist_with_a_suggestion(tmp_path):
    assert problems(
        tmp_path, {"disclosures/x.yml": DISCLOSURE.replace("unit: union", "unit: unoin")}
    ) == [
        f"{D}:3: 「unit」（发布单位）的值“unoin”不在 data/units.yml 中。是否想写“union”（矿工会）？"
        "可用的有：mine（兴业煤矿）、union（矿工会）、zongcai1（综采一队）"
    ]


def test_future_record_and_draft_are_not_published(tmp_path):
    archive = load(
        tmp_path,
        {
            "disclosures/future.yml": DISCLOSURE.replace("2026-11-01", "2026-11-26"),
            "disclosures/draft.yml": DISCLOSURE + "draft: true\n",
            "disclosures/today.yml": DISCLOSURE.replace("2026-11-01", "2026-11-25"),
        },
    )
    published = {e.id for e in archive.published("disclosures")}
    assert published == {"today"}


# -- units.yml ---------------------------------------------------------------------------------


def test_unit_parent_must_be_above_so_there_is_no_cycle(tmp_path):
    units = "- {id: a, name: 甲, parent: b}\n- {id: b, name: 乙, parent: a}\n"
    assert problems(tmp_path, {"units.yml": units}) == [
        "data/units.yml:1: 单位“a”的上级单位“b”不在它前面的单位中（上级单位须写在本单位之前，这样也不会出现循环）"
    ]


def test_unit_fields(tmp_path):
    units = "- {id: a, name: 甲, kind: 工段}\n- {id: A, name: 乙}\n- {id: c}\n- {id: a, name: 丙}\n"
    assert problems(tmp_path, {"units.yml": units}) == [
        "data/units.yml:1: 「kind」（类型）的值“工段”不可用，可选：矿、区队、车间、科室、班组、其他",
        "data/units.yml:2: 「id」（单位 id）的值“A”写法不对：只能用小写字母、数字和连字符“-”，以字母或数字开头，最长 64 个字符",
        "data/units.yml:3: 缺少必填字段「name」（名称）",
        "data/units.yml:4: id “a”重复，每个 id 只能出现一次",
    ]


# -- errors ---------------------------------------------------------------------------------------


def test_all_problems_of_a_run_come_together_sorted(tmp_path):
    one_record = (
        "titel: 合计不符\nunit: zongcai2\ndate: 2026-11-20\nmonth: 2026-10\nkind: bonus\ntotal: 10.01\n"
        "period: {from: 2026-11-20, to: 2026-11-27}\nrows:\n  - {name: 甲, amount: 10}\n"
    )
    found = problems(
        tmp_path,
        {"allocations/a.yml": one_record, "stories/s.yml": STORY.replace("person", "persn")},
    )
    assert [line.split(": ", 1)[0] for line in found] == [
        "data/allocations/a.yml:1",
        "data/allocations/a.yml:1",
        "data/allocations/a.yml:1",
        "data/allocations/a.yml:2",
        "data/allocations/a.yml:6",
        "data/stories/s.yml:1",
        "data/stories/s.yml:2",
    ]
    assert "明细金额合计 10.00 元，与分配总额 10.01 元不符" in found[4]
    assert "「unit」（发布单位）的值“zongcai2”不在 data/units.yml 中" in found[3]


def test_stray_files_in_a_record_folder_are_reported(tmp_path):
    assert problems(
        tmp_path,
        {
            "disclosures/x.yml.txt": DISCLOSURE,
            "disclosures/y.YML": DISCLOSURE,
            "disclosures/notes.docx": b"PK",
        },
    ) == [
        "data/disclosures/notes.docx:1: 这里只能放记录文件（.yml）和同名的名单表（.csv），此文件不会被发布：请移到别处，照片和附件请放到 data/media",
        "data/disclosures/x.yml.txt:1: 文件名以 .txt 结尾（记事本另存时自动加上的），不会被发布：请把文件名末尾的 .txt 删掉",
        "data/disclosures/y.YML:1: 扩展名“.YML”须为小写的 .yml，否则不会被发布：请改名为 y.yml",
    ]


def test_an_id_with_a_trailing_line_break_is_refused(tmp_path):
    found = problems(tmp_path, {"disclosures/x\n.yml": DISCLOSURE})
    assert found == [
        "data/disclosures/x\\u000a.yml:1: 文件名含有不可见的控制字符 U+000A，会让网页和订阅源出错：请删除它（常见于从网页、Word 或其他系统复制来的文字，可以删掉这段文字重新输入）"
    ]

"""The clerk's helper: the State Council's holiday notice read into data/holidays.yml, checked against
itself and against the calendar library, and written into the file without disturbing the rest."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from support import ROOT, gongkai, write_data

from gongkai.data.workdays import Calendar, Schedule
from gongkai.tools.holiday_notice import (
    Days,
    Entry,
    NoticeError,
    complete,
    insert_entries,
    load_stated,
    parse_notice,
    render_entries,
)

NOTICES = Path(__file__).parent / "notices"


REL = "data/holidays.yml"


# The 2023 notice (国办发明电〔2022〕16号): a range from the year before, and one across months.
NOTICE_2023 = """\
国务院办公厅关于2023年
部分节假日安排的通知
一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
"""


# The first item of the 2019 notice: days off and a make-up day in 2018.
NEW_YEAR_2019 = (
    "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。"
)


# A notice of a year the library does not know, setting a day of one it knows (2026-12-31 is a Thursday).
NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：2026年12月31日（周四）至2027年1月1日（周五）放假调休，共2天。"


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def days_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def dates(*spans: str) -> set[date]:
    """ISO days and "first/last" ranges as a set of days."""
    out = set()
    for span in spans:
        first, _, last = span.partition("/")
        day, end = date.fromisoformat(first), date.fromisoformat(last or first)
        while day <= end:
            out.add(day)
            day += timedelta(days=1)
    return out


# -- the three notices the library knows ----------------------------------------------------------


@pytest.mark.parametrize(
    "year, number, off, work",
    [
        (2024, "国办发明电〔2023〕7号", 28, 8),
        (2025, "国办发明电〔2024〕12号", 28, 5),
        (2026, "国办发明电〔2025〕7号", 33, 6),
    ],
)
def test_notice_agrees_with_the_library_on_every_day(year, number, off, work):
    [entry] = parse_notice(notice(year))
    schedule = entry.schedule()
    assert entry.year == year
    assert entry.source == f"国务院办公厅关于{year}年部分节假日安排的通知（{number}）"
    assert (len(schedule.off), len(schedule.work)) == (off, work)
    differ = [
        day
        for day in days_of(year)
        if schedule.is_working_day(day) != chinese_calendar.is_workday(day)
    ]
    assert differ == []


def test_2026_items_as_written():
    [entry] = parse_notice(notice(2026))
    assert entry.off[1] == Days(date(2026, 2, 15), date(2026, 2, 23), "春节")
    assert [d.first for d in entry.work] == sorted(
        dates("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")
    )
    assert entry.work[4].holiday == "国庆节"


def test_the_whole_2023_notice_agrees_with_the_library_and_its_2022_day_is_known():
    entries = complete(parse_notice(NOTICE_2023), Calendar())
    [entry] = entries  # 2022-12-31 is a Saturday: the library's 2022 already rests on it
    assert all(
        entry.schedule().is_working_day(day) == chinese_calendar.is_workday(day)
        for day in days_of(2023)
    )
    assert entry.off[0] == Days(date(2023, 1, 1), date(2023, 1, 2), "元旦")
    assert entry.off[-1] == Days(date(2023, 9, 29), date(2023, 10, 6), "中秋节、国庆节")
    assert (
        "本通知还定了 2022 年的 2022-12-31（放假）：chinesecalendar 1.11.0 所知的 2022 年安排已经如此，不用另写"
        in entry.notes
    )


def test_year_from_the_title_or_given():
    items = "\n".join(line for line in notice(2026).splitlines() if line[:1] in "一二三四五六七")
    [entry] = parse_notice(items, 2026)
    assert entry.schedule().off == parse_notice(notice(2026))[0].schedule().off
    assert entry.source == "国务院办公厅关于2026年部分节假日安排的通知"
    with pytest.raises(NoticeError) as no_year:
        parse_notice(items)
    assert str(no_year.value) == (
        "没有找到通知的标题“国务院办公厅关于20XX年部分节假日安排的通知”：请连标题一起粘贴，或指明年份（gongkai holidays --year 2027）"
    )
    with pytest.raises(NoticeError) as other_year:
        parse_notice(notice(2026), 2027)
    assert str(other_year.value) == "通知的标题是 2026 年，指明的年份却是 2027 年：请核对"


def test_a_page_with_half_width_punctuation_and_spaces_reads_the_same():
    pasted = unicodedata.normalize("NFKC", notice(2025)).replace("至", " 至 ").replace("\n", "\r\n")
    assert pasted != notice(2025) and "(周三)" in pasted
    assert parse_notice(pasted) == parse_notice(notice(2025))


@pytest.mark.parametrize(
    "item, off, work",
    [
        ("一、元旦：1月1日放假，与周末连休。", ["2024-01-01"], []),
        ("元旦：1月1日（周三）放假1天，不调休。", ["2025-01-01"], []),
        ("四、劳动节：5月1日放假。", ["2019-05-01"], []),
        (
            "三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。",
            ["2024-04-04/2024-04-06"],
            ["2024-04-07"],
        ),
        (
            "六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。",
            ["2023-09-29/2023-10-06"],
            ["2023-10-07", "2023-10-08"],
        ),
        (
            "一、元旦：1月1日至3日放假调休，共3天。1月5日（星期六）、6日（星期日）上班。",
            ["2013-01-01/2013-01-03"],
            ["2013-01-05", "2013-01-06"],
        ),
        ("三、清明节：4月5日放假，4月6日（星期一）补休。", ["2015-04-05", "2015-04-06"], []),
        (
            "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。"
            "鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。",
            ["2024-02-10/2024-02-17"],
            ["2024-02-04", "2024-02-18"],
        ),
    ],
)
def test_wordings(item, off, work):
    year = date.fromisoformat(off[0][:10]).year
    [entry] = parse_notice(item, year)
    assert entry.schedule().off == dates(*off)
    assert entry.schedule().work == dates(*work)


def test_a_date_that_is_neither_off_nor_work_is_not_an_off_day():
    [entry] = parse_notice(notice(2024))
    # 除夕（2月9日）: advice to employers, not a holiday
    assert date(2024, 2, 9) not in entry.schedule().off
    assert entry.schedule().is_working_day(date(2024, 2, 9))
    # nor the signature's 2023年10月25日
    assert [e.year for e in parse_notice(notice(2024))] == [2024]


# -- a mistyped paste is refused, quoting the item -------------------------------------------------


@pytest.mark.parametrize(
    "item, message",
    [
        (
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。1月4日（周日）上班。",
            "“一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。”：写的是共 4 天，而 2026-01-01 至 2026-01-03 是 3 天：请对照通知原文改正",
        ),
        (
            "一、元旦：1月1日（周四）放假，共2天。",
            "“一、元旦：1月1日（周四）放假，共2天。”：写的是共 2 天，而 2026-01-01 只有 1 天：请对照通知原文改正",
        ),
        (
            "七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周六）、10月10日（周六）上班。",
            "“七、国庆节：……9月20日（周六）、10月10日（周六）上班。”：9月20日写的是“周六”，而 2026-09-20 是星期日：请对照通知原文改正",
        ),
        (
            "二、春节：2月15日（农历腊月二十八、周一）至23日（农历正月初七、周一）放假调休，共9天。",
            "“二、春节：2月15日（农历腊月二十八、周一）至23日（农历正月初七、周一）放假调休，共9天。”：2月15日写的是“周一”，而 2026-02-15 是星期日：请对照通知原文改正",
        ),
        (
            "四、劳动节：5月1日至5日放假调休，共5天。5月8日、5月9日（周六）上班。",
            "“四、劳动节：……5月8日、5月9日（周六）上班。”：调休上班的 2026-05-08 是星期五，不是周六或周日：请对照通知原文改正",
        ),
        (
            "二、春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上斑。",
            "“二、春节：……2月14日（周六）、2月28日（周六）上斑。”：看不懂“2月14日（周六）、2月28日（周六）上斑”说的是放假还是上班。"
            "请对照通知原文改正；原文就是这样写的，请照编辑指南手工填写 data/holidays.yml",
        ),
        (
            "二、春节：2月25日至2月30日放假。",
            "“二、春节：2月25日至2月30日放假。”：没有 2026年2月30日 这一天：请对照通知原文改正",
        ),
        (
            "一、元旦：12月31日至1月2日放假调休，共3天。",
            "“一、元旦：12月31日至1月2日放假调休，共3天。”：放假到 2026-01-02，早于开始的 2026-12-31：跨年的日期请写上年份，请对照通知原文改正",
        ),
        (
            "一、元旦：与周末连休。",
            "“一、元旦：……”中没有找到放假的日期：请对照通知原文，粘贴这一项的全文",
        ),
        (
            "二、春节：2月15日至23日放假调休，共9天。2月21日（周六）上班。",
            "2026-02-21 既在“春节”中放假，又在“春节”中上班：请对照通知原文改正",
        ),
    ],
)
def test_a_mismatch_is_refused_with_the_item(item, message):
    with pytest.raises(NoticeError) as refused:
        parse_notice(item, 2026)
    assert refused.value.problems == [message]


def test_every_mismatch_is_told_at_once():
    typed = (
        notice(2026)
        .replace("共3天。1月4日", "共4天。1月4日")
        .replace("9月20日（周日）", "9月20日（周六）")
    )
    with pytest.raises(NoticeError) as refused:
        parse_notice(typed)
    assert str(refused.value).splitlines() == [
        "有 2 处对不上，没有生成：",
        "  “一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。”：写的是共 4 天，而 2026-01-01 至 2026-01-03 是 3 天：请对照通知原文改正",
        "  “七、国庆节：……9月20日（周六）、10月10日（周六）上班。”：9月20日写的是“周六”，而 2026-09-20 是星期日：请对照通知原文改正",
    ]


def test_no_items():
    with pytest.raises(NoticeError, match="没有找到“一、元旦：……”这样的放假安排"):
        parse_notice(
            "国务院办公厅关于2027年部分节假日安排的通知\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
        )


# -- days in another year --------------------------------------------------------------------------


def test_a_day_of_a_known_year_that_already_agrees_needs_no_entry():
    entries = complete(parse_notice(NEW_YEAR_2019, 2019), Calendar())
    assert [e.year for e in entries] == [2019]
    assert entries[0].notes[-1] == (
        "本通知还定了 2018 年的 2018-12-29（上班）、2018-12-30（放假）、2018-12-31（放假）："
        "chinesecalendar 1.11.0 所知的 2018 年安排已经如此，不用另写"
    )


def test_a_day_of_a_library_year_is_added_to_that_whole_year():
    own, last_year = complete(parse_notice(NOTICE_2027), Calendar())
    assert own.year == 2027 and own.schedule().off == {date(2027, 1, 1)}
    assert own.notes == (
        "chinesecalendar 1.11.0 还不知道 2027 年的安排：写入后，跨入 2027 年的公示期和办理时限按这份安排计算，不再是“暂定”",
        "本通知还定了 2026 年的 2026-12-31（放假），补进了下面 2026 年的一项",
    )
    assert last_year.year == 2026
    assert (
        last_year.source
        == "chinesecalendar 1.11.0 所知的 2026 年安排；国务院办公厅关于2027年部分节假日安排的通知"
    )
    assert last_year.notes == (
        "chinesecalendar 1.11.0 所知的 2026 年安排，加上《国务院办公厅关于2027年部分节假日安排的通知》定的 2026-12-31（放假）",
    )
    stated = Calendar.of([last_year.schedule()])
    differ = [
        day
        for day in days_of(2026)
        if stated.is_working_day(day) != chinese_calendar.is_workday(day)
    ]
    assert differ == [date(2026, 12, 31)]
    assert last_year.off[1] == Days(date(2026, 2, 15), date(2026, 2, 23), "春节")


def test_a_day_of_a_stated_year_is_added_to_the_stated_year():
    stated = Schedule(
        2026,
        "本矿抄录的2026年安排",
        frozenset(dates("2026-10-01/2026-10-08")),
        frozenset(dates("2026-10-10")),
    )
    _, last_year = complete(parse_notice(NOTICE_2027), Calendar.of([stated]))
    assert last_year.source == "本矿抄录的2026年安排；国务院办公厅关于2027年部分节假日安排的通知"
    assert last_year.notes[0].startswith("data/holidays.yml 中已写的 2026 年安排，加上")
    assert last_year.schedule().off == dates("2026-10-01/2026-10-08", "2026-12-31")
    assert last_year.schedule().work == dates("2026-10-10")


def test_a_day_of_an_unknown_year_is_written_alone_and_said_so():
    own, last_year = complete(parse_notice(NEW_YEAR_2019, 2019), Calendar.of(forget=[2018]))
    assert (
        own.notes[-1]
        == "本通知还定了 2018 年的 2018-12-29（上班）、2018-12-30（放假）、2018-12-31（放假），写在下面 2018 年的一项中"
    )
    assert last_year.schedule() == Schedule(
        2018, own.source, frozenset(dates("2018-12-30/2018-12-31")), frozenset(dates("2018-12-29"))
    )
    assert last_year.notes == (
        "只有《国务院办公厅关于2019年部分节假日安排的通知》定的这几天：2018 年其余的放假和调休上班日子还不知道，"
        "请照《国务院办公厅关于2018年部分节假日安排的通知》补上（写在这里的年份以这里为准，没写的节日会按工作日算）",
    )


# -- the YAML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", [notice(2024), notice(2025), notice(2026), NOTICE_2023, NOTICE_2027]
)
def test_the_rendered_yaml_loads_as_a_build_loads_it(text):
    entries = complete(parse_notice(text), Calendar())
    loaded = load_stated(render_entries(entries), REL)
    assert [(s.year, s.source, s.off, s.work) for s in loaded] == [
        (e.year, e.source, e.schedule().off, e.schedule().work) for e in entries
    ]


def test_the_2026_entry_as_written():
    text = render_entries(complete(parse_notice(notice(2026)), Calendar()))
    assert text.splitlines()[:6] == [
        "- year: 2026",
        "  # 与 chinesecalendar 1.11.0 所知的 2026 年安排一致（写不写都可以）",
        "  source: 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
        "  off:",
        "    - {from: 2026-01-01, to: 2026-01-03}  # 元旦，共 3 天",
        "    - {from: 2026-02-15, to: 2026-02-23}  # 春节，共 9 天",
    ]
    assert "  work:\n    - 2026-01-04  # 元旦，星期日\n" in text


def test_a_source_that_means_something_to_yaml_is_quoted():
    entry = Entry(2027, "通知: #7", (Days(date(2027, 1, 1), date(2027, 1, 1), ""),), ())
    assert 'source: "通知: #7"' in render_entries([entry])
    assert load_stated(render_entries([entry]), REL)[0].source == "通知: #7"


# -- writing data/holidays.yml ---------------------------------------------------------------------

EXISTING = """\
# 本矿的节假日安排
- year: 2026
  source: 国务院办公厅关于2026年部分节假日安排的通知
  off: [{from: 2026-10-01, to: 2026-10-07}]   # 只抄了国庆
  work: [2026-09-20, 2026-10-10]

# 2028 年的先写上元旦
- year: 2028
  source: 国务院办公厅关于2028年部分节假日安排的通知
  off: [2028-01-01]
"""


def entries_2027():
    return complete(
        parse_notice(
            NOTICE_2027.replace(
                "2026年12月31日（周四）至2027年1月1日（周五）", "1月1日（周五）"
            ).replace("共2天", "共1天")
        ),
        Calendar(),
    )


def test_a_new_file_has_a_header_and_the_entry():
    text, done = insert_entries(None, entries_2027(), REL)
    assert done == {2027: "added"}
    assert text.startswith("# 法定节假日安排（国务院办公厅《关于20XX年部分节假日安排的通知》）。")
    assert "\n\n- year: 2027\n" in text
    assert [s.year for s in load_stated(text, REL)] == [2027]


def test_a_year_is_added_at_the_end_and_the_rest_kept():
    text, done = insert_entries(EXISTING, entries_2027(), REL)
    assert done == {2027: "added"}
    assert text.startswith(EXISTING + "\n- year: 2027\n")
    assert [s.year for s in load_stated(text, REL)] == [2026, 2028, 2027]


def test_a_year_written_otherwise_is_replaced_only_when_asked():
    entries = complete(parse_notice(notice(2026)), Calendar())
    with pytest.raises(NoticeError) as refused:
        insert_entries(EXISTING, entries, REL)
    assert str(refused.value) == (
        "没有写入：\n  data/holidays.yml 第 2 行已经写了 2026 年，与这份通知不同：要用这份通知替换它，请加上 --replace"
    )
    text, done = insert_entries(EXISTING, entries, REL, replace_existing=True)
    assert done == {2026: "replaced"}
    head, _, tail = EXISTING.partition("- year: 2026")
    assert text.startswith(head + "- year: 2026\n  # 与 chinesecalendar")
    # 2028, its comment and the blank line before it kept
    assert text.endswith("\n\n" + tail.partition("\n\n")[2])
    assert load_stated(text, REL)[0].off == entries[0].schedule().off
    assert insert_entries(text, entries, REL) == (text, {2026: "same"})


def test_a_file_with_problems_is_not_written():
    broken = EXISTING.replace("work: [2026-09-20, 2026-10-10]", "work: [2026-09-21]")
    with pytest.raises(NoticeError) as refused:
        insert_entries(broken, entries_2027(), REL)
    assert str(refused.value).splitlines() == [
        "data/holidays.yml 有问题，请先改正（gongkai check 会列出同样的问题）：",
        "  data/holidays.yml:5: 2026-09-21 是一，本来就上班：work 中只写调休上班的周六、周日",
    ]


def test_a_file_written_in_flow_style_is_not_written():
    with pytest.raises(NoticeError, match="的写法特殊"):
        insert_entries("[{year: 2028, source: 通知, off: [2028-01-01]}]\n", entries_2027(), REL)


@pytest.fixture()
def project(tmp_path):
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    write_data(tmp_path, {})
    return tmp_path


def test_command_prints_the_entry_of_a_pasted_notice(project):
    result = gongkai(project, "holidays", input=notice(2026))
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_entries(complete(parse_notice(notice(2026)), Calendar()))
    assert result.stderr == "核对无误后，加上 --write 写入 data/holidays.yml。\n"
    assert not (project / "data" / "holidays.yml").exists()


def test_command_reads_a_file_and_a_year(project):
    items = "\n".join(
        line
        for line in notice(2025).splitlines()
        if line.startswith(("一", "二", "三", "四", "五", "六"))
    )
    # Notepad's encoding on an older Windows
    (project / "通知.txt").write_text(items, encoding="gb18030")
    result = gongkai(project, "holidays", "通知.txt", "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert "- year: 2025\n" in result.stdout
    assert gongkai(project, "holidays", "通知.txt").stderr.startswith("错误：没有找到通知的标题")
    assert (
        gongkai(project, "holidays", "通知.txt", "--year", "25").stderr
        == "错误：--year 应写成四位数的年份，如 2027\n"
    )
    assert gongkai(project, "holidays", "没有.txt").stderr == "错误：找不到文件 没有.txt\n"


def test_command_writes_and_refuses_to_replace(project):
    written = gongkai(project, "holidays", "--write", input=notice(2026))
    assert written.returncode == 0, written.stderr
    assert written.stdout.splitlines() == [
        "已写入 data/holidays.yml：2026 年（放假 33 天，调休上班 6 天）",
        "请运行 gongkai check：它会逐日列出这份安排与 chinesecalendar 不同的日子（如有），请对照通知原文确认。",
    ]
    path = project / "data" / "holidays.yml"
    first = path.read_text(encoding="utf-8")
    assert first.startswith("# 法定节假日安排") and "- year: 2026\n" in first
    again = gongkai(project, "holidays", "--write", input=notice(2026))
    assert (
        again.stdout.splitlines()[0] == "data/holidays.yml 中已有 2026 年，与这份通知相同，没有改动"
    )
    assert path.read_text(encoding="utf-8") == first

    path.write_text(
        first.replace("{from: 2026-10-01, to: 2026-10-07}", "{from: 2026-10-01, to: 2026-10-08}"),
        encoding="utf-8",
    )
    refused = gongkai(project, "holidays", "--write", input=notice(2026))
    assert refused.returncode == 2
    assert refused.stderr == (
        "错误：没有写入：\n  data/holidays.yml 第 5 行已经写了 2026 年，与这份通知不同：要用这份通知替换它，请加上 --replace\n"
    )
    replaced = gongkai(project, "holidays", "--write", "--replace", input=notice(2026))
    assert replaced.returncode == 0, replaced.stderr
    assert (
        replaced.stdout.splitlines()[0]
        == "已替换 data/holidays.yml 第 5 行的 2026 年（放假 33 天，调休上班 6 天）"
    )
    assert path.read_text(encoding="utf-8") == first.replace(
        "与 chinesecalendar 1.11.0 所知的 2026 年安排一致（写不写都可以）",
        "与 data/holidays.yml 中已写的 2026 年安排有 1 天不同：2026-10-08（本通知：上班）；写入后以这里为准",
    )


def test_command_refuses_a_mistyped_notice(project):
    result = gongkai(
        project,
        "holidays",
        "--write",
        input=notice(2026).replace("（周六）上班。\n三", "（周日）上班。\n三"),
    )
    assert result.returncode == 2
    assert result.stderr == (
        "错误：“二、春节：……2月14日（周六）、2月28日（周日）上班。”：2月28日写的是“周日”，而 2026-02-28 是星期六：请对照通知原文改正\n"
    )
    assert not (project / "data" / "holidays.yml").exists()


def test_command_is_listed_and_explained(project):
    # as read, not as wrapped
    help_text = "".join(gongkai(project, "holidays", "--help").stdout.split())
    assert (
        "中国政府网www.gov.cn" in help_text
        and "写入后运行gongkaicheck" in help_text
        and "--replace" in help_text
    )
    assert "holidays" in gongkai(project, "--help").stdout
    assert "、holidays" in gongkai(project, "holiday").stderr


def test_command_completes_last_year_and_check_names_the_day_the_library_says_otherwise(project):
    written = gongkai(project, "holidays", "--write", input=NOTICE_2027)
    assert written.stdout.splitlines()[:2] == [
        "已写入 data/holidays.yml：2027 年（放假 1 天，调休上班 0 天）",
        "已写入 data/holidays.yml：2026 年（放假 34 天，调休上班 6 天）",
    ]
    check = gongkai(project, "check")
    assert check.returncode == 0, check.stdout
    assert (
        "data/holidays.yml:13: 2026 年的 2026-12-31（星期四）这里写的是放假，chinesecalendar 1.11.0 认为是上班：以这里为准，请核对通知原文"
        in check.stdout
    )


def test_command_keeps_a_windows_file_as_it_is(project):
    path = project / "data" / "holidays.yml"
    before = EXISTING.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(before)
    result = gongkai(
        project,
        "holidays",
        "--write",
        input=NOTICE_2027.replace("2026年12月31日（周四）至", "").replace("共2天", "共1天"),
    )
    assert result.returncode == 0, result.stderr
    after = path.read_bytes()
    assert after.startswith(before + b"\r\n- year: 2027\r\n") and b"\n" not in after.replace(
        b"\r\n", b""
    )

"""Names a posting period withdraws (withheld.py): one rule for build, check and publish. Every text
that stays published is checked while the list runs, with its line; publish proves the whole
release holds no name out of its period; and what check lets through, publish passes, on every
day (the demo day by day, and generated records)."""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from support import (
    ALLOCATION,
    EPOCH,
    GONGKAI,
    ROOT,
    TZ,
    A,
    D,
    copy_project,
    load,
    mkdocs_build,
    problems,
    write_data,
)

from gongkai.data.errors import DataError
from gongkai.data.load import Loader
from gongkai.outputs import publish
from gongkai.settings import Settings


def test_an_allocations_own_fields_may_not_repeat_a_row_name(tmp_path):
    text = ALLOCATION.replace("basis: 按工分分配。", "basis: 王立新同志超产，按工分分配。").replace(
        "period:", "tags: [赵红梅]\nperiod:"
    )
    assert problems(tmp_path, {"allocations/a.yml": text}) == [
        f"{A}:7: 「tags.第1项」（标签）中写有明细里的姓名“赵*梅”：明细中的姓名在公示期满后撤下，而标签一直公开。请不要在标签中写姓名",
        f"{A}:9: 「basis」（分配依据）中写有明细里的姓名“王*新”：明细中的姓名在公示期满后撤下，而分配依据一直公开。请不要在分配依据中写姓名",
    ]


UNITS = (
    "- id: mine\n  name: 兴业煤矿\n- id: union\n  name: 矿工会\n  parent: mine\n- id: juejin1\n  name: 掘进一队\n  parent: mine\n"
    "- id: zongcai1\n  name: 综采一队\n  parent: mine\n"
)


LIST = """\
title: 2026年冬季疗养名单公示
category: welfare
unit: union
date: 2026-11-20
period: {from: 2026-11-20, to: 2026-11-26}
body: |
  经各单位推荐、矿工会审核，以下职工参加冬季疗养。
roster:
  rows:
    - {name: 秦守江, unit: juejin1, item: 井下一线职工}
    - {name: 高峰, unit: juejin1, item: 班组长}
    - {name: 邝德明, unit: juejin1, item: 女职工}
"""


STORY = "title: 秦守江：井下三十年\nperson: 秦守江\nunit: juejin1\ndate: 2026-09-01\nbody: 秦守江带出徒弟二十余人。\n"


OPINION = """\
title: 关于疗养名单的职工意见答复
category: welfare
unit: union
date: 2026-11-24
body: 对疗养名单的意见和答复如下。
related: [disclosures/x]
feedback:
  - {date: 2026-11-23, summary: 秦守江今年已去过一次疗养, reply: 经核实不属实, replied: 2026-11-24}
"""


def data(**more: str | None) -> dict[str, str | None]:
    return {"units.yml": UNITS, "categories.yml": None, "disclosures/x.yml": LIST, **more}


def with_fields(extra: str) -> str:
    """The list with more fields before its roster."""
    return LIST.replace("roster:\n", extra + "roster:\n")


# -- every text that stays published, as written and as rendered, with its line ----------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "feedback:\n  - {date: 2026-11-21, summary: 职工意见, reply: 秦守江符合条件, replied: 2026-11-22}\n",
            f"{D}:9: 「feedback.第1项.reply」（答复）中写有名单里的姓名“秦*江”：名单中的姓名在公示期满后撤下，而答复一直公开。请不要在答复中写姓名",
        ),
        (
            "stages:\n  - {stage: proposed, date: 2026-11-10, by: 掘进一队, note: 推荐秦守江}\n",
            f"{D}:9: 「stages.第1项.note」（说明）中写有名单里的姓名“秦*江”：名单中的姓名在公示期满后撤下，而说明一直公开。请不要在说明中写姓名",
        ),
        (
            "contact: 矿工会 秦守江 0537-7102215\n",
            f"{D}:8: 「contact」（监督/意见受理）中写有名单里的姓名“秦*江”：名单中的姓名在公示期满后撤下，而监督/意见受理一直公开。请不要在监督/意见受理中写姓名",
        ),
        (
            "attachments:\n  - {file: x.pdf, title: 秦守江的推荐表}\n",
            f"{D}:9: 「attachments.第1项.title」（附件名称）中写有名单里的姓名“秦*江”：名单中的姓名在公示期满后撤下，而附件名称一直公开。请不要在附件名称中写姓名",
        ),
        (
            "tags: [疗养, 秦守江]\n",
            f"{D}:8: 「tags.第2项」（标签）中写有名单里的姓名“秦*江”：名单中的姓名在公示期满后撤下，而标签一直公开。请不要在标签中写姓名",
        ),
    ],
)
def test_a_name_in_any_field_of_its_own_record_is_refused_on_its_line(tmp_path, extra, message):
    """Issue 17, case 2: the build read title, summary, body and tags only; the page, /feedback/ and
    the search index show every other field for good, and publish refused every later release."""
    media = {"media/x.pdf": b"%PDF-1.4\n%%EOF\n"} if "attachments" in extra else {}
    assert problems(tmp_path, data(**{"disclosures/x.yml": with_fields(extra)}, **media)) == [
        message
    ]


def test_a_two_character_name_counts_though_it_is_also_a_word(tmp_path):
    """Issue 17, case 2: 高峰 beside 交接班高峰: publish cannot tell them apart, so the build does not."""
    text = LIST.replace(
        "以下职工参加冬季疗养。", "以下职工参加冬季疗养，避开交接班高峰分两批出发。"
    )
    assert problems(tmp_path, data(**{"disclosures/x.yml": text})) == [
        f"{D}:7: 「body」（正文）中写有名单里的姓名“高*”：名单中的姓名在公示期满后撤下，而正文一直公开。请不要在正文中写姓名"
        "（两个字的姓名也常是一个词，程序分不出这里是不是指这个人：不是指这个人时，也请换一种说法，因为期满后网页上不能再出现名单中的姓名）"
    ]


def test_a_name_hidden_by_markup_is_found_as_the_page_shows_it(tmp_path):
    text = LIST.replace("以下职工参加冬季疗养。", "以下职工参加冬季疗养，由秦**守**江带队。")
    assert problems(tmp_path, data(**{"disclosures/x.yml": text})) == [
        f"{D}:7: 「body」（正文）中写有名单里的姓名“秦*江”：名单中的姓名在公示期满后撤下，而正文一直公开。请不要在正文中写姓名"
    ]


def test_a_name_in_a_record_the_list_relates_to_is_refused_at_the_link(tmp_path):
    """Its page shows the related title for good: the story of a candidate, linked from the list."""
    text = with_fields("related: [stories/qin-shoujiang]\n")
    assert problems(
        tmp_path, data(**{"disclosures/x.yml": text, "stories/qin-shoujiang.yml": STORY})
    ) == [
        f"{D}:8: 「related」第1项关联的 stories/qin-shoujiang 中写有本名单里的姓名“秦*江”（data/stories/qin-shoujiang.yml:1）："
        "名单在公示期满（2026年11月26日）后撤下，而本页一直显示相关记录，那条记录也一直公开。请删去这一项关联，或者在那条记录中不写这个姓名"
    ]


def test_an_opinion_on_a_list_in_a_record_related_to_it_is_refused_at_the_name(tmp_path):
    """Issue 17, case 3: the guide sends opinions on a list to a disclosure related to it, which names
    the worker; it was published for good, and publish passed."""
    assert problems(tmp_path, data(**{"disclosures/y.yml": OPINION})) == [
        "data/disclosures/y.yml:8: 「feedback.第1项.summary」（意见摘要）中写有 disclosures/x（2026年冬季疗养名单公示）名单里的姓名“秦*江”："
        "本记录通过「related」第1项与它关联，名单在公示期满（2026年11月26日）后撤下，而本记录一直公开。请不要在这里写名单里的姓名（可写“某职工”），或者去掉这一项关联"
    ]


def test_an_opinion_on_a_pay_table_naming_the_worker(tmp_path):
    opinion = OPINION.replace("disclosures/x", "allocations/a").replace(
        "秦守江今年已去过一次疗养", "王立新的安全奖少算了 200 元"
    )
    found = problems(
        tmp_path, data(**{"disclosures/y.yml": opinion, "allocations/a.yml": ALLOCATION})
    )
    assert found == [
        "data/disclosures/y.yml:8: 「feedback.第1项.summary」（意见摘要）中写有 allocations/a（综采一队10月安全奖分配公示）明细里的姓名“王*新”："
        "本记录通过「related」第1项与它关联，明细在公示期满（2026年11月27日）后撤下，而本记录一直公开。请不要在这里写明细里的姓名（可写“某职工”），或者去掉这一项关联"
    ]


def test_a_public_list_naming_the_winners_may_relate_to_the_candidates(tmp_path):
    """The results (public) name the winners, who were candidates: that is what is published on purpose."""
    results = (
        with_fields("related: [disclosures/x]\n")
        .replace("2026年冬季疗养名单公示", "评选结果")
        .replace("roster:\n", "roster:\n  privacy: public\n")
        .replace("    - {name: 高峰, unit: juejin1, item: 班组长}\n", "")
    )
    assert problems(tmp_path, data(**{"disclosures/results.yml": results})) == []


def test_names_elsewhere_are_told_once_a_list_not_refused_and_not_after_its_period(tmp_path):
    files = data(**{"stories/qin-shoujiang.yml": STORY})
    archive = load(tmp_path, files)
    assert [str(notice) for notice in archive.notices] == [
        f"{D}:10: 名单中有 1 个姓名也写在其他记录中：“秦*江”（data/stories/qin-shoujiang.yml:1）。名单在公示期满（2026年11月26日）后撤下，"
        "那些地方仍会公开这些姓名。若是同一个人，请确认在那里公开是合适的；若只是同名，可以不管"
    ]
    # withdrawn: nothing to do now
    assert load(tmp_path / "later", files, today=date(2026, 11, 27)).notices == []


# -- masked lists: no two shown characters side by side ------------------------------------------------


@pytest.mark.parametrize("name", ["韩梅*", "欧阳**", "欧阳*华", "**明辉"])
def test_a_masked_name_never_shows_two_characters_side_by_side(tmp_path, name):
    """Issue 17, case 5: 韩梅* passed as masked, and shows the whole of a two-character name."""
    text = (
        LIST.replace("category: welfare", "category: aid")
        .replace("roster:\n", "roster:\n  privacy: masked\n")
        .replace(
            "秦守江, unit: juejin1, item: 井下一线职工", f"'{name}', unit: juejin1, item: 大病救助"
        )
        .replace("高峰, unit: juejin1, item: 班组长", "韩*, unit: juejin1, item: 临时救助")
        .replace("邝德明, unit: juejin1, item: 女职工", "邝*明, unit: juejin1, item: 临时救助")
    )
    found = problems(tmp_path, data(**{"disclosures/x.yml": text}))
    assert len(found) == 1 and found[0].startswith(f"{D}:11: 名单打码公示（masked），这一行的姓名")
    assert "两个字不能挨着" in found[0]


# -- publish's proof ---------------------------------------------------------------------------------------


@pytest.fixture
def after_period(tmp_path, monkeypatch):
    """The list and a namesake's story built after the list's period, and its settings."""
    project = copy_project(
        tmp_path / "project",
        write_data(tmp_path / "data", data(**{"stories/qin-shoujiang.yml": STORY})),
    )
    later = str(int(EPOCH) + 3 * 86400)  # 2026-11-28
    assert mkdocs_build(project, tmp_path / "site", epoch=later).returncode == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", later)
    return tmp_path / "site", Settings.find(project)


def test_publish_finds_a_name_that_nothing_may_hold_anywhere_in_the_release(after_period):
    site, settings = after_period
    publish.verify(site, settings)
    listing = site / "units" / "juejin1" / "index.html"
    listing.write_text(
        listing.read_text(encoding="utf-8").replace("</article>", "<p>邝德明</p></article>"),
        encoding="utf-8",
    )
    with pytest.raises(
        publish.PublishError,
        match=r"新版本的 units/juejin1/index.html 中有公示期已过的名单姓名（邝\*明，出自 data/disclosures/x.yml），没有发布",
    ):
        publish.verify(site, settings)


def test_publish_finds_a_namesakes_name_on_the_lists_own_page(after_period):
    """秦守江 stands in a story (told, not refused): the story may hold it, the list's page may not."""
    site, settings = after_period
    page = site / "disclosures" / "x" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</article>", "<table><td>秦守江</td></table></article>"
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        publish.PublishError,
        match=r"新版本的 disclosures/x/ 中有公示期已过的名单姓名（秦\*江），没有发布",
    ):
        publish.verify(site, settings)


def test_publish_refuses_a_list_shown_today_without_its_withdrawal_prepared(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project", write_data(tmp_path / "data", data()))
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    settings = Settings.find(project)
    publish.verify(tmp_path / "site", settings)
    (tmp_path / "site" / ".withdraw" / "manifest.json").write_text(
        '{"format": 1, "withdrawals": []}', encoding="utf-8"
    )
    with pytest.raises(
        publish.PublishError, match="新版本没有为 disclosures/x 准备 2026-11-27 的撤下"
    ):
        publish.verify(tmp_path / "site", settings)


# -- check passes ⇒ publish passes, on every day ----------------------------------------------------------


def _publish(project: Path, target: Path, day: date) -> subprocess.CompletedProcess:
    epoch = str(int(EPOCH) + (day - date(2026, 11, 25)).days * 86400)
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [GONGKAI, "publish", "--to", str(target), "--keep", "1"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_demo_can_be_checked_and_published_on_every_day(tmp_path):
    """Issue 17, case 1 and point 1: the unmodified demo could not be published from 2026-11-27 on.
    Every day from its first record to 30 days after its last period ends: check passes, and publish
    passes. Days with the same published records and the same lists shown are one state: check and a
    real publish run once per state (68 for the demo), on its first day."""
    far = Loader(ROOT, ROOT / "data", date(2099, 1, 1), TZ, keep_withheld=True).load()
    entries = [entry for kind in far.entries.values() for entry in kind.values()]
    first = min(entry.record.date for entry in entries)
    last = max(
        p.to for entry in entries if (p := getattr(entry.record, "period", None))
    ) + timedelta(days=30)
    states: dict[tuple, date] = {}
    day = first
    while day <= last:
        published = frozenset(e.key for e in entries if not e.record.draft and e.record.date <= day)
        shown = frozenset(key for key, table in far.tables.items() if table.shown(day))
        states.setdefault((published, shown), day)
        day += timedelta(days=1)
    days = sorted(states.values())
    assert len(days) > 30 and days[0] == first
    for day in days:
        Loader(ROOT, ROOT / "data", day, TZ).load()  # check passes (raises DataError otherwise)
    project = copy_project(tmp_path / "project")

    def one(day: date) -> tuple[date, subprocess.CompletedProcess]:
        return day, _publish(project, tmp_path / "www" / day.isoformat(), day)

    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores: two builds at a time
        failed = [
            (day, done.stderr[-500:]) for day, done in pool.map(one, days) if done.returncode != 0
        ]
    assert failed == []


FRAGMENTS = ["", "秦守江", "高峰", "交接班高峰", "某职工", "秦**守**江", "井下一线职工", "柯振华"]


@st.composite
def archives(draw) -> tuple[dict[str, str], int]:
    """A list, its own fields and a few records around it (related or not), any of them holding
    its names or not, and a day from its date to 30 days after its period."""
    pick = lambda: draw(st.sampled_from(FRAGMENTS))  # noqa: E731
    names = draw(
        st.lists(
            st.sampled_from(["秦守江", "高峰", "柯振华", "邝德明"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    rows = "".join(f"    - {{name: {name}, unit: juejin1}}\n" for name in names)
    privacy = draw(st.sampled_from(["withdrawn", "public"]))
    extra = f"summary: 疗养名单{pick()}\nfeedback:\n  - {{date: 2026-11-21, summary: 意见{pick()}, reply: 答复{pick()}, replied: 2026-11-22}}\n"
    relates = draw(st.booleans())
    extra += "related: [stories/s]\n" if relates else ""
    text = LIST.replace(
        "roster:\n  rows:\n    - {name: 秦守江, unit: juejin1, item: 井下一线职工}\n    - {name: 高峰, unit: juejin1, item: 班组长}\n"
        "    - {name: 邝德明, unit: juejin1, item: 女职工}\n",
        extra + f"roster:\n  privacy: {privacy}\n  rows:\n" + rows,
    )
    story = f"title: 先进事迹{pick()}\nperson: {draw(st.sampled_from(['柯振华', '秦守江', '李建国']))}\nunit: juejin1\ndate: 2026-09-01\nbody: 事迹{pick()}\n"
    opinion = OPINION.replace("秦守江今年已去过一次疗养", f"意见{pick()}")
    files = {"disclosures/x.yml": text, "stories/s.yml": story}
    if draw(st.booleans()):
        files["disclosures/y.yml"] = opinion
    return files, draw(st.integers(min_value=0, max_value=36))


@settings(
    max_examples=16, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(archives())
def test_generated_records_that_check_passes_publish_passes(tmp_path_factory, generated):
    """For generated lists and records around them (Hypothesis, 16 examples, fixed seed), on a day
    from the list's date to 30 days after its period: if check passes as of that day, a real publish
    as of that day passes."""
    files, offset = generated
    day = date(2026, 11, 20) + timedelta(days=offset)
    root = tmp_path_factory.mktemp("generated")
    folder = write_data(root / "data", data(**files))
    try:
        Loader(root, folder, day, ZoneInfo("Asia/Shanghai")).load()
    except DataError:
        return  # check refuses: nothing to publish
    project = copy_project(root / "project", folder)
    done = _publish(project, root / "www", day)
    assert done.returncode == 0, done.stderr[-2000:]

"""gongkai.kinds.proposal: proposals (提案与合理化建议): every rule of the contract's section with its
exact located message, the status a reader sees, the deadline in working days and the pages."""

from __future__ import annotations

from datetime import date

import pytest
from support import ACCEPTED, PROPOSAL, SESSIONS, load, page_text, problems, proposal_files

from gongkai.kinds.proposal import ProposalView
from gongkai.pages.generator import Generator

# -- pages, feeds and search -------------------------------------------------------------------------------------


def test_a_proposal_page_shows_its_timeline_handlers_deadline_and_award(demo_site):
    text = page_text(demo_site / "proposals" / "2026-jianyi-fengshui-penwuqi" / "index.html")
    assert "焦方贤" in text and "一等奖（煤业公司" in text
    assert all(step in text for step in ("提出", "审查", "交办", "答复", "评价"))
    overdue = page_text(demo_site / "proposals" / "11-1-15-yeban-tongqinche" / "index.html")
    assert "办理中 逾期" in overdue and "办理时限 2026年11月20日" in overdue


P = "data/proposals/p.yml"


def test_a_proposal_in_every_status_loads(tmp_path):
    texts = {
        "waiting": PROPOSAL,
        "declined": PROPOSAL
        + "review: {date: 2026-03-06, result: declined, note: 不属于职代会职权}\n",
        "referred": PROPOSAL + "review: {date: 2026-03-06, result: referred}\n",
        "handling": PROPOSAL + ACCEPTED,
        "answered": PROPOSAL
        + ACCEPTED
        + "answer: {date: 2026-04-20, result: solved, text: 已增开。}\n",
        "closed": PROPOSAL
        + ACCEPTED
        + "answer: {date: 2026-04-20, result: solved}\nevaluation: {date: 2026-04-25, result: basically}\n",
        "reviewing": PROPOSAL
        + ACCEPTED
        + "answer: {date: 2026-04-20, result: explained}\nevaluation: {date: 2026-04-25, result: unsatisfied}\n",
    }
    numbered = {
        state: text.replace('number: "15"', f'number: "{index}"')
        for index, (state, text) in enumerate(texts.items())
    }
    data = {
        "sessions.yml": SESSIONS,
        **{f"proposals/{state}.yml": text for state, text in numbered.items()},
    }
    data["proposals/merged.yml"] = (
        PROPOSAL.replace('"15"', '"99"')
        + "review: {date: 2026-03-06, result: merged, merged_into: handling}\n"
    )
    archive = load(tmp_path, data)
    generator = Generator(archive)
    states = {view.id: view.state for view in generator.published["proposals"]}
    assert states == {**{state: state for state in texts}, "merged": "merged"}
    labels = {view.id: view.state_label for view in generator.published["proposals"]}
    assert (
        labels["reviewing"] == "复查中"
        and labels["closed"] == "已办结"
        and labels["merged"] == "已并案"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            PROPOSAL.replace("session: 11-1\n", ""),
            f"{P}:4: 职代会提案（proposal）必须写届次 session：data/sessions.yml 中职代会的 id",
        ),
        (
            PROPOSAL.replace("proposers: [项春雷, 鲁国庆]", "proposers: []"),
            f"{P}:7: 「proposers」（提案人）至少要写 1 项",
        ),
        (
            PROPOSAL
            + "review: {date: 2026-03-01, result: accepted}\nhandlers: [union]\ndue: 2026-04-30\n",
            f"{P}:9: 审查日期 2026-03-01 早于提出日期 2026-03-05：日期不能倒退（提出 ≤ 审查 ≤ 答复 ≤ 评价）",
        ),
        (
            PROPOSAL + ACCEPTED + "answer: {date: 2026-03-05, result: solved}\n",
            f"{P}:12: 答复日期 2026-03-05 早于审查日期 2026-03-06：日期不能倒退（提出 ≤ 审查 ≤ 答复 ≤ 评价）",
        ),
        (
            PROPOSAL
            + ACCEPTED
            + "answer: {date: 2026-04-20, result: solved}\nevaluation: {date: 2026-04-19, result: satisfied}\n",
            f"{P}:13: 评价日期 2026-04-19 早于答复日期 2026-04-20：日期不能倒退（提出 ≤ 审查 ≤ 答复 ≤ 评价）",
        ),
        (
            PROPOSAL + "answer: {date: 2026-04-20, result: solved}\n",
            f"{P}:9: 只有审查结果为立案（accepted）的提案才能有答复 answer：请先写审查 review",
        ),
        (
            PROPOSAL
            + "review: {date: 2026-03-06, result: declined}\nanswer: {date: 2026-04-20, result: solved}\n",
            f"{P}:10: 审查结果是“不予立案”，这件提案没有立案，不能有答复 answer：请删去答复，或把审查结果改为立案（accepted）",
        ),
        (
            PROPOSAL
            + "review: {date: 2026-03-06, result: accepted}\nhandlers: [union]\ndue: 6/30\n",
            f"{P}:11: 「due」（办理时限）：日期“6/30”格式不对，应写成 YYYY-MM-DD，例如 2026-11-25"
            "（也可以写 2026/11/25、2026.11.25 或 2026年11月25日）",
        ),
        (
            PROPOSAL
            + "review: {date: 2026-03-06, result: accepted}\nhandlers: [union]\ndue: {working_days: 40}\n",
            f"{P}:11: 「due.working_days」（办理工作日数）的值“40”不能大于 30",
        ),
        (
            PROPOSAL + ACCEPTED + "evaluation: {date: 2026-04-25, result: satisfied}\n",
            f"{P}:12: 提案人评价 evaluation 要在答复 answer 之后：请先写答复",
        ),
        (
            PROPOSAL + "review: {date: 2026-03-06, result: accepted}\ndue: 2026-04-30\n",
            f"{P}:9: 立案的提案必须写承办单位 handlers（第一个为主办单位）",
        ),
        (
            PROPOSAL + "review: {date: 2026-03-06, result: accepted}\nhandlers: [union]\n",
            f"{P}:9: 立案的提案必须写办理时限 due：日期，或 {{working_days: N}}",
        ),
        (
            PROPOSAL + "review: {date: 2026-03-06, result: merged}\n",
            f"{P}:9: 审查结果为并案（merged）时，必须写 merged_into：并入的那件提案的 id",
        ),
        (
            PROPOSAL + "review: {date: 2026-03-06, result: referred, merged_into: q}\n",
            f"{P}:9: 只有审查结果为并案（merged）时才写 merged_into；审查结果是“转为意见建议”，请删去 merged_into 或把结果改为 merged",
        ),
        (
            PROPOSAL + "review: {date: 2026-03-06, result: merged, merged_into: p}\n",
            f"{P}:9: 并案不能并入自己：merged_into 应写另一件提案的 id（文件名）",
        ),
        (
            PROPOSAL + "review: {date: 2026-03-06, result: merged, merged_into: nowhere}\n",
            f"{P}:9: 「review.merged_into」（并入的提案）的值“nowhere”不存在：没有 data/proposals/…/nowhere.yml 这件提案",
        ),
        (
            PROPOSAL
            + "review: {date: 2026-03-06, result: accepted}\nhandlers: [union, laozi]\ndue: 2026-04-30\n",
            f"{P}:10: 「handlers.第2项」（承办单位）的值“laozi”不在 data/units.yml 中。可用的有：mine（兴业煤矿）、union（矿工会）、zongcai1（综采一队）",
        ),
        (
            PROPOSAL.replace("session: 11-1", "session: 11-9"),
            f"{P}:5: 「session」（届次）的值“11-9”不在 data/sessions.yml 中。是否想写“11-1”（十一届一次职代会）？可用的有：11-1（十一届一次职代会）",
        ),
        (
            PROPOSAL.replace("session: 11-1", "session: 十一届一次职代会"),
            f"{P}:5: 「session」（届次）要写职代会的 id，而不是名称“十一届一次职代会”。是否想写“11-1”（十一届一次职代会）？",
        ),
        (
            PROPOSAL
            + ACCEPTED
            + 'answer: {date: 2026-04-20, result: solved, text: "已办结<script>alert(1)</script>"}\n',
            f"{P}:12: 「answer.text」（答复内容）中不能使用 HTML 标签 <script>：它不会显示，<script>、<style> 等还会让后面的正文一起消失。"
            "正文请用 Markdown 书写；HTML 标签只能用 <u>、<sub>、<sup>、<mark>、<br> 等简单的几种（见编辑指南）",
        ),
    ],
)
def test_proposal_rules(tmp_path, text, message):
    assert problems(tmp_path, proposal_files(text)) == [message]


def test_a_session_named_without_a_sessions_file(tmp_path):
    assert problems(tmp_path, proposal_files(PROPOSAL, sessions=None)) == [
        f"{P}:5: 「session」（届次）的值“11-1”找不到：还没有 data/sessions.yml，请先在其中写上这次职代会（见编辑指南·字段说明）"
    ]


def test_a_suggestion_needs_no_session(tmp_path):
    suggestion = (
        PROPOSAL.replace("type: proposal", "type: suggestion")
        .replace("session: 11-1\n", "")
        .replace('number: "15"\n', "")
    )
    award = "award: {level: 一等奖, by: 煤业公司, amount: 10000, date: 2026-06-30}\nbenefit: 年节约材料费 12 万元\n"
    archive = load(tmp_path, proposal_files(suggestion + ACCEPTED + award, sessions=None))
    view = Generator(archive).published["proposals"][0]
    assert view.proposers_label == "建议人"
    assert view.award_text == "一等奖（煤业公司，奖金 10,000.00 元，2026年6月30日）"


def test_numbers_are_unique_within_a_session_only(tmp_path):
    other = SESSIONS + SESSIONS.replace("id: 11-1", "id: 11-2").replace(
        "十一届一次", "十一届二次"
    ).replace("2026-03-06", "2026-12-18")
    second = PROPOSAL.replace("关于增开", "再议增开")
    assert problems(tmp_path, proposal_files(PROPOSAL, second, sessions=other)) == [
        "data/proposals/p2.yml:6: 提案编号“15”在 11-1 届次中重复：同一届职代会的提案编号不能相同，另一件是 data/proposals/p.yml 第 6 行"
    ]
    assert (
        problems(
            tmp_path / "ok",
            proposal_files(
                PROPOSAL, second.replace("session: 11-1", "session: 11-2"), sessions=other
            ),
        )
        == []
    )
    # 015 is 15, as in a register
    assert problems(
        tmp_path / "zero", proposal_files(PROPOSAL, second.replace('"15"', '"015"'))
    ) == [
        "data/proposals/p2.yml:6: 提案编号“015”在 11-1 届次中重复：同一届职代会的提案编号不能相同，另一件是 data/proposals/p.yml 第 6 行"
    ]


def test_a_deadline_in_working_days_counts_the_review_day_and_skips_national_day(tmp_path):
    # reviewed Monday 2026-09-28: 28, 29, 30 Sep, then National Day (1-7 Oct) off, 8, 9 Oct
    text = (
        PROPOSAL
        + "review: {date: 2026-09-28, result: accepted}\nhandlers: [union]\ndue: {working_days: 5}\n"
    )
    archive = load(tmp_path, proposal_files(text.replace("date: 2026-03-05", "date: 2026-09-27")))
    view = Generator(archive).published["proposals"][0]
    assert view.due == date(2026, 10, 9) and view.due_working_days == 5


@pytest.mark.parametrize(
    ("today", "overdue"), [(date(2026, 4, 30), False), (date(2026, 5, 1), True)]
)
def test_overdue_stands_beside_handling_the_day_after_the_deadline(tmp_path, today, overdue):
    view: ProposalView = Generator(
        load(tmp_path, proposal_files(PROPOSAL + ACCEPTED), today=today)
    ).published["proposals"][0]
    assert view.state == "handling" and view.overdue is overdue


def test_the_index_lists_every_open_one_and_the_newest_hundred_closed(tmp_path):
    closed = (
        ACCEPTED
        + "answer: {date: 2026-04-20, result: solved}\nevaluation: {date: 2026-%s, result: satisfied}\n"
    )
    texts = [
        PROPOSAL.replace('"15"', f'"{n}"') + closed % f"{5 + n // 28:02d}-{1 + n % 28:02d}"
        for n in range(1, 106)
    ]
    texts.append(PROPOSAL.replace('"15"', '"200"') + ACCEPTED)  # 办理中 (and overdue)
    archive = load(tmp_path, proposal_files(*texts))
    spec = next(s for s in Generator(archive).generate() if s.src_uri == "proposals/index.md")
    listing = spec.make()
    shown = [v for section in listing.sections for v in section.items]
    assert [v.record.number for v in listing.sections[0].items] == ["200"]
    assert len(shown) == 1 + 100
    dropped = {str(n) for n in range(1, 106)} - {v.record.number for v in shown}
    assert dropped == {"1", "2", "3", "4", "5"}  # evaluated first, in early May
    assert "最新的 100 件" in listing.intro


# -- issue 18: what proposals accepted without a word ---------------------------------------------------

# lines shift up by one from 5
SUGGESTION = PROPOSAL.replace("type: proposal\nsession: 11-1\n", "type: suggestion\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            PROPOSAL.replace("proposers: [项春雷, 鲁国庆]", "proposers: [项春雷、鲁国庆]"),
            f"{P}:7: 「proposers.第1项」（提案人）：“项春雷、鲁国庆”是 2 项写在了一起：列表的每一项之间要用英文逗号分隔，写成 [项春雷, 鲁国庆]",
        ),
        (
            PROPOSAL.replace(
                "proposers: [项春雷, 鲁国庆]", "proposers: ['项春雷，鲁国庆，马长青']"
            ),
            f"{P}:7: 「proposers.第1项」（提案人）：“项春雷，鲁国庆，马长青”是 3 项写在了一起：列表的每一项之间要用英文逗号分隔，写成 [项春雷, 鲁国庆, 马长青]",
        ),
        (
            PROPOSAL.replace("proposers: [项春雷, 鲁国庆]", "proposers: [项春雷, '']"),
            f"{P}:7: 「proposers.第2项」（提案人）不能为空",
        ),
        (
            PROPOSAL
            + "review: {date: 2026-03-06, result: accepted}\nhandlers: [union, zongcai1, union]\ndue: 2026-04-30\n",
            f"{P}:10: 承办单位“union”写了两次：请删去重复的一个",
        ),
        (
            PROPOSAL
            + "review: {date: 2026-03-06, result: accepted}\nhandlers: [union]\ndue: 2026-03-01\n",
            f"{P}:11: 办理时限 2026-03-01 早于审查日期 2026-03-06：时限应在审查之后，请检查年份和月份",
        ),
        (
            PROPOSAL.replace("type: proposal", "type: suggestion"),
            f"{P}:5: 合理化建议（suggestion）不属于职代会届次：请删去 session；若这是职代会提案，请把类型改为 proposal",
        ),
    ],
)
def test_what_proposals_accepted_without_a_word(tmp_path, text, message):
    assert problems(tmp_path, proposal_files(text)) == [message]


def test_numbers_in_full_width_digits_and_suggestions_numbers_in_a_year_are_unique(tmp_path):
    wide = PROPOSAL.replace('number: "15"', 'number: "１５"').replace(
        "增开夜班通勤车", "食堂延长供餐"
    )
    assert problems(tmp_path, proposal_files(PROPOSAL, wide)) == [
        "data/proposals/p2.yml:6: 提案编号“１５”在 11-1 届次中重复：同一届职代会的提案编号不能相同，另一件是 data/proposals/p.yml 第 6 行"
    ]
    other = SUGGESTION.replace("增开夜班通勤车", "皮带机托辊改造")
    assert problems(tmp_path / "s", proposal_files(SUGGESTION, other.replace('"15"', '"015"'))) == [
        "data/proposals/p2.yml:5: 合理化建议编号“015”在 2026 年中重复：同一年的合理化建议编号不能相同，另一件是 data/proposals/p.yml 第 5 行"
    ]
    next_year = other.replace("date: 2026-03-05", "date: 2027-03-05")
    assert problems(tmp_path / "y", proposal_files(SUGGESTION, next_year)) == []


def test_proposals_merged_into_each_other_are_refused(tmp_path):
    merged = "review: {{date: 2026-03-06, result: merged, merged_into: {target}}}\n"
    a = PROPOSAL + merged.format(target="p2")
    b = PROPOSAL.replace('"15"', '"16"') + merged.format(target="p")
    message = "并案转了一圈（p → p2 → p），没有一件留下来办理：请把其中主提案的审查结果改为立案（accepted），删去它的 merged_into"
    assert problems(tmp_path, proposal_files(a, b)) == [
        f"{P}:9: {message}",
        f"data/proposals/p2.yml:9: {message}",
    ]
    c = PROPOSAL.replace('"15"', '"17"') + ACCEPTED
    assert (
        problems(
            tmp_path / "ok", proposal_files(a, b.replace("merged_into: p}", "merged_into: p3}"), c)
        )
        == []
    )


def test_a_proposals_steps_in_chinese_words(tmp_path):
    text = PROPOSAL.replace("type: proposal", "type: 职代会提案") + (
        "review: {date: 2026-03-06, result: 立案}\nhandlers: [union]\ndue: 2026-04-30\n"
        "answer: {date: 2026-04-20, result: 已解决}\nevaluation: {date: 2026-04-25, result: 满意}\n"
    )
    record = load(tmp_path, proposal_files(text)).entries["proposals"]["p"].record
    assert (record.type, record.review.result, record.answer.result, record.evaluation.result) == (
        "proposal",
        "accepted",
        "solved",
        "satisfied",
    )
    merged = PROPOSAL + "review: {date: 2026-03-06, result: 并案, merged_into: nowhere}\n"
    assert problems(tmp_path / "m", proposal_files(merged)) == [
        f"{P}:9: 「review.merged_into」（并入的提案）的值“nowhere”不存在：没有 data/proposals/…/nowhere.yml 这件提案"
    ]


def test_the_index_names_each_proposal_by_its_number_and_says_what_each_status_means(demo_site):
    index = (demo_site / "proposals" / "index.html").read_text(encoding="utf-8")
    item = index[index.index('href="11-1-15-yeban-tongqinche/"') :][:800]
    assert "提案 第15号" in item
    assert "各种状态是什么意思" in index
    assert "<dt>已答复</dt><dd>承办单位已经答复，等待提案人评价</dd>" in index
    assert "<dt>已办结</dt><dd>提案人已评价，这件提案办完了</dd>" in index

"""gongkai.data.sessions: the congress's sessions (职代会), their rules and the order of a session's
proposals."""

from __future__ import annotations

import pytest
from support import PROPOSAL, SESSIONS, problems, proposal_files


def test_a_sessions_proposals_stand_in_the_order_of_their_numbers():
    from types import SimpleNamespace

    from gongkai.data.sessions import SessionPage

    proposals = [
        SimpleNamespace(
            id=f"p{n}", state="handling", state_label="办理中", record=SimpleNamespace(number=n)
        )
        for n in ("10", "9", "甲-1", "０２", None, "1")
    ]
    page = SessionPage(session=None, proposals=proposals)
    assert [p.record.number for _, items in page.groups for p in items] == [
        "1",
        "０２",
        "9",
        "10",
        None,
        "甲-1",
    ]


S = "data/sessions.yml"


# -- sessions.yml ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        (
            SESSIONS.replace("present: 186", "present: 191"),
            f"{S}:5: 实到代表 191 人多于应到代表 190 人，请检查",
        ),
        (
            SESSIONS.replace("against: 3", "against: 9"),
            f"{S}:7: “审议通过《2026年工资集体协议》”的赞成、反对、弃权共 192 票，多于实到代表 186 人，请检查",
        ),
        (
            SESSIONS.replace(
                "for: 177, against: 3, abstain: 6", "for: 95, against: 68, abstain: 23"
            ),
            f"{S}:7: “审议通过《2026年工资集体协议》”赞成 95 票，没有超过全体代表 190 人的半数，不能算通过"
            "（《企业民主管理规定》：须经全体职工代表的过半数通过）：请写 passed: false",
        ),
        (
            SESSIONS.replace("  present: 186\n", ""),
            f"{S}:1: 有表决结果（resolutions）时必须写实到代表人数 present",
        ),
        (SESSIONS + SESSIONS, f"{S}:8: id “11-1”重复，每个 id 只能出现一次"),
        (
            SESSIONS + "  totals: {received: 41, accepted: 26, merged: 9, referred: 7}\n",
            f"{S}:8: 立案、并案、转为意见建议和不予立案共 42 件，多于收到的 41 件，请检查",
        ),
    ],
)
def test_session_rules(tmp_path, sessions, message):
    assert problems(tmp_path, proposal_files(sessions=sessions)) == [message]


def test_more_than_half_of_all_delegates_passes(tmp_path):
    at_half_plus_one = SESSIONS.replace(
        "for: 177, against: 3, abstain: 6", "for: 96, against: 68, abstain: 22"
    )
    assert problems(tmp_path, proposal_files(sessions=at_half_plus_one)) == []


def test_a_session_that_has_not_met_needs_no_attendance(tmp_path):
    upcoming = "- {id: 11-2, name: 十一届二次职代会, date: 2026-12-18, delegates: 190}\n"
    assert problems(tmp_path, proposal_files(sessions=upcoming)) == []


def test_a_broken_session_is_reported_once_not_by_every_proposal(tmp_path):
    broken = SESSIONS.replace("present: 186", "present: 191")
    assert problems(
        tmp_path, proposal_files(PROPOSAL, PROPOSAL.replace('"15"', '"16"'), sessions=broken)
    ) == [f"{S}:5: 实到代表 191 人多于应到代表 190 人，请检查"]

"""Outcome branches, decisions without counts and elections, through a real session.

The agenda (tests/data/agendas/branches.yaml), slot by slot: opening 0 line, 1 roll call;
item 1: 2 line, 3 uncounted vote, 4 its outcome; item 2: 5 line, 6 vote with branches:
passed 7 line, 8 cue, 9 nested vote (passed 10 default line, failed 11), failed 12; 13 line;
item 3: 14 line, 15 election, 16 its result; closing 17.
"""

from __future__ import annotations

import pytest

from facilitator.agenda.load import LoadedAgenda
from facilitator.agenda.model import ElectionRule
from facilitator.engine.commands import (
    Advance,
    Back,
    End,
    Entry,
    JumpTo,
    Pause,
    Reason,
    RecordDecision,
    RecordElection,
    RecordRollCall,
    RecordUnanimous,
    RecordVote,
    Refused,
    Resume,
    Undoes,
    accepts,
    check_election,
    check_jump,
    check_roll_call,
    election_threshold,
    pending,
    undo_would_remove,
)
from facilitator.engine.events import DecisionRecorded, ElectionRecorded, StepEntered
from facilitator.engine.state import replay
from facilitator.journal.store import read_journal
from facilitator.session import Session
from tests.conftest import SessionFactory, only


def refused(session: Session, command: object) -> Reason:
    with pytest.raises(Refused) as caught:
        session.execute(command)  # type: ignore[arg-type]
    return caught.value.reason


def to_slot(session: Session, slot: int, present: int = 6) -> None:
    """Advance to ``slot``, recording attendance and the applause on the way."""
    while session.state.slot != slot:
        if session.state.slot == 1 and 1 not in session.state.position.roll_calls:
            session.execute(RecordRollCall(present))
        if session.state.slot == 3 and 3 not in session.state.position.votes:
            session.execute(RecordDecision(passed=True))
        session.execute(Advance())


def entered(session: Session) -> list[int]:
    return [e.slot for e in read_journal(session.journal_path).events if isinstance(e, StepEntered)]


# -- branches ---------------------------------------------------------------------------------


def test_a_passed_vote_enters_its_passed_branch_and_rejoins_after_the_vote(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    to_slot(session, 6)
    assert refused(session, Advance()) is Reason.VOTE_NOT_RECORDED
    session.execute(RecordVote(for_=5, against=1, present=6))
    session.execute(Advance())
    assert session.state.slot == 7
    assert session.state.line_text(7) == "赞成5票，《工作规则》通过。重点抓好以下工作："
    session.execute(Advance())  # the cue
    session.execute(Advance())  # the nested vote
    assert session.state.slot == 9
    session.execute(RecordVote(for_=4, present=6))
    session.execute(Advance())
    assert session.state.slot == 10
    assert session.state.line_text(10) == "表决通过。"  # the default when a branch gives no line
    session.execute(Advance())
    assert session.state.slot == 13  # past the nested failed branch and the outer failed branch
    assert 11 not in entered(session) and 12 not in entered(session)
    assert list(session.script.not_taken(session.state.outcomes)) == [(6, False), (9, False)]


def test_a_failed_vote_skips_the_passed_branch_with_its_follow_up(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    to_slot(session, 6)
    session.execute(RecordVote(for_=2, against=4, present=6))
    session.execute(Advance())
    assert session.state.slot == 12
    assert session.state.line_text(12) == "赞成2票，《工作规则》未通过，会后修改完善。"
    session.execute(Advance())
    assert session.state.slot == 13
    assert not set(entered(session)) & {7, 8, 9, 10, 11}
    assert list(session.script.not_taken(session.state.outcomes)) == [(6, True)]
    assert session.state.step_in_part() == (4, 4)  # line, vote, failed line, the line after


def test_undoing_a_vote_with_a_branch_returns_to_the_vote_and_a_new_outcome_takes_the_other(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    to_slot(session, 6)
    session.execute(RecordVote(for_=5, present=6))
    session.execute(Advance())
    assert session.state.slot == 7
    assert undo_would_remove(session.state) is Undoes.MOVE
    session.execute(Back())
    assert session.state.slot == 6
    assert undo_would_remove(session.state) is Undoes.VOTE
    session.execute(Back())
    assert 6 not in session.state.position.votes
    assert pending(session.state) is Entry.VOTE
    session.execute(RecordVote(for_=1, against=5, present=6))
    session.execute(Advance())
    assert session.state.slot == 12
    assert replay(session.script, read_journal(session.journal_path).events) == session.state


def test_a_jump_out_of_a_branch_and_back_into_its_item_follows_the_recorded_outcome(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    to_slot(session, 6)
    session.execute(RecordVote(for_=1, against=5, present=6))
    session.execute(Advance())
    assert session.state.slot == 12
    session.execute(JumpTo(3))  # out of the failed branch, to item 3
    assert session.state.slot == 14
    session.execute(JumpTo(2))  # back to item 2: its vote is still recorded
    assert session.state.slot == 5
    session.execute(Advance())
    session.execute(Advance())  # the vote stands: into the same branch
    assert session.state.slot == 12
    session.execute(Back())
    session.execute(Back())
    session.execute(Back())  # the two advances, then the jump back
    assert session.state.slot == 14
    session.execute(Back())  # the jump out: back inside the branch
    assert session.state.slot == 12


# -- decisions without counts -----------------------------------------------------------------


def test_a_decision_without_counts_takes_one_key_for_each_outcome_and_no_counts(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    to_slot(session, 3)
    assert accepts(session.state) is Entry.DECISION
    assert refused(session, Advance()) is Reason.DECISION_NOT_RECORDED
    assert refused(session, RecordVote(for_=5)) is Reason.NOT_COUNTED
    assert refused(session, RecordUnanimous()) is Reason.NOT_COUNTED
    event = only(DecisionRecorded, session.execute(RecordDecision(passed=False)))
    assert (event.method, event.passed, event.item_no) == ("鼓掌通过", False, 1)
    vote = session.state.position.votes[3]
    assert not vote.counted and vote.for_ is None and vote.present is None
    session.execute(Advance())
    assert session.state.line_text(4) == "请大家另行提名监票人。"
    session.execute(Back())
    session.execute(Back())
    session.execute(RecordDecision(passed=True))
    session.execute(Advance())
    assert session.state.line_text(4) == "孙七同志为本次会议监票人。"


def test_a_counted_vote_refuses_a_decision_without_counts(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    to_slot(session, 6)
    assert accepts(session.state) is Entry.VOTE
    assert refused(session, RecordDecision(passed=True)) is Reason.COUNTED


# -- elections --------------------------------------------------------------------------------


def at_election(session: Session, present: int = 6) -> None:
    to_slot(session, 6, present)
    session.execute(RecordVote(for_=1, against=present - 1, present=present))
    to_slot(session, 15, present)


def test_an_election_elects_the_most_votes_above_the_threshold_and_announces_them(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    at_election(session)
    assert refused(session, Advance()) is Reason.ELECTION_NOT_RECORDED
    assert accepts(session.state) is Entry.ELECTION
    event = only(
        ElectionRecorded,
        session.execute(RecordElection(votes=(6, 4, 2), issued=6, returned=6, valid=6)),
    )
    assert (event.threshold, event.base, event.elected, event.tied) == (4, 6, ("王五", "赵六"), ())
    session.execute(Advance())
    assert session.state.line_text(16) == (
        "根据选举结果，王五、赵六当选为支部委员会委员。孙七未当选。"
    )
    assert undo_would_remove(session.state) is Undoes.MOVE
    session.execute(Back())
    assert undo_would_remove(session.state) is Undoes.ELECTION


def test_a_tie_for_the_last_seat_elects_neither_and_is_flagged(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    at_election(session, present=7)
    event = only(
        ElectionRecorded,
        session.execute(RecordElection(votes=(6, 4, 4), issued=7, returned=7, valid=7)),
    )
    assert event.elected == ("王五",) and event.tied == ("赵六", "孙七")
    session.execute(Advance())
    line = session.state.line_text(16)
    assert "王五当选" in line
    assert "赵六、孙七得票相等（各4票），尚有1个名额须另行投票决定。" in line


def test_too_few_votes_leave_seats_empty(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    at_election(session)
    event = only(
        ElectionRecorded,
        session.execute(RecordElection(votes=(3, 3, 2), issued=6, returned=6, valid=5)),
    )
    assert event.threshold == 4 and event.elected == () and event.tied == ()
    session.execute(Advance())
    assert session.state.line_text(16).startswith("本次选举无人当选。")


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (RecordElection(votes=(1, 1, 1), issued=6, returned=7, valid=6), "returned_above_issued"),
        (RecordElection(votes=(1, 1, 1), issued=6, returned=5, valid=6), "valid_above_returned"),
        (RecordElection(votes=(1, 1, 1), issued=7, returned=6, valid=6), "issued_above_present"),
        (
            RecordElection(votes=(6, 1, 1), issued=6, returned=6, valid=5),
            "candidate_votes_above_valid",
        ),
        (RecordElection(votes=(5, 5, 5), issued=6, returned=6, valid=6), "votes_above_ballots"),
        (RecordElection(votes=(1, 1, 1)), "ballots_missing"),
        (RecordElection(votes=(1, 1)), "wrong_candidates"),
    ],
)
def test_impossible_ballots_are_refused_with_the_reason(
    branches: LoadedAgenda, start_session: SessionFactory, command: RecordElection, reason: str
) -> None:
    session = start_session(branches)
    at_election(session)
    with pytest.raises(Refused) as caught:
        check_election(session.state, command)
    assert caught.value.reason.value == reason
    assert refused(session, command).value == reason
    assert 15 not in session.state.position.elections


@pytest.mark.parametrize(
    ("rule", "base", "threshold"),
    [
        (ElectionRule.MAJORITY, 6, 4),
        (ElectionRule.MAJORITY, 7, 4),
        (ElectionRule.TWO_THIRDS, 6, 4),
        (ElectionRule.TWO_THIRDS, 7, 5),
        (ElectionRule.TWO_THIRDS, 9, 6),
    ],
)
def test_the_election_threshold_is_more_than_half_or_two_thirds(
    rule: ElectionRule, base: int, threshold: int
) -> None:
    assert election_threshold(rule, base) == threshold


# -- the questions the screens ask ------------------------------------------------------------


def test_the_engine_says_what_can_be_recorded_and_why_not_before_during_and_after(
    branches: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(branches)
    state = session.state

    def reason_of(question: object) -> Reason:
        with pytest.raises(Refused) as caught:
            question(session.state)  # type: ignore[operator]
        return caught.value.reason

    assert reason_of(accepts) is Reason.NOT_STARTED
    assert reason_of(check_jump) is Reason.NOT_STARTED
    assert reason_of(undo_would_remove) is Reason.NOTHING_TO_UNDO
    assert pending(state) is None
    session.execute(Advance())
    assert undo_would_remove(session.state) is Undoes.START
    assert reason_of(accepts) is Reason.NOTHING_TO_RECORD  # a line
    session.execute(Advance())
    assert accepts(session.state) is Entry.ROLL_CALL and pending(session.state) is Entry.ROLL_CALL
    assert check_roll_call(session.state, 4).quorum_met is True
    assert check_roll_call(session.state, 3).quorum_met is False
    with pytest.raises(Refused):
        check_roll_call(session.state, 8)
    session.execute(RecordRollCall(6))
    assert pending(session.state) is None
    assert undo_would_remove(session.state) is Undoes.ROLL_CALL
    session.execute(Pause())
    assert reason_of(accepts) is Reason.PAUSED
    assert reason_of(undo_would_remove) is Reason.PAUSED
    session.execute(Resume())
    session.execute(End())
    assert undo_would_remove(session.state) is Undoes.END
    assert reason_of(accepts) is Reason.ENDED
    assert reason_of(check_jump) is Reason.ENDED

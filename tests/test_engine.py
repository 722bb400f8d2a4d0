"""The engine's rules, run through a real session and journal with the fake clock."""

from __future__ import annotations

import pytest

from facilitator.agenda.load import LoadedAgenda
from facilitator.agenda.model import Rule
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Back,
    End,
    JumpTo,
    Pause,
    Reason,
    RecordRollCall,
    RecordUnanimous,
    RecordVote,
    Refused,
    Resume,
    Start,
    rule_met,
)
from facilitator.engine.events import MeetingEnded, RollCallRecorded, StepEntered, VoteRecorded
from facilitator.engine.script import SlotKind
from facilitator.engine.state import Phase
from facilitator.journal.store import read_journal
from facilitator.session import Session
from tests.conftest import SessionFactory, only


def refused(session: Session, command: object) -> Reason:
    with pytest.raises(Refused) as caught:
        session.execute(command)  # type: ignore[arg-type]
    return caught.value.reason


def to_kind(session: Session, kind: SlotKind) -> None:
    """Advance until the cursor stands on a slot of ``kind``."""
    while session.state.slot is None or session.script.slots[session.state.slot].kind is not kind:
        session.execute(Advance())


def present_then_to(session: Session, present: int, kind: SlotKind) -> None:
    """Record ``present`` at the roll call, then advance to the next slot of ``kind``."""
    to_kind(session, SlotKind.ROLL_CALL)
    session.execute(RecordRollCall(present))
    to_kind(session, kind)


def test_advancing_before_the_start_starts_the_meeting_at_the_first_line(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    assert session.state.phase is Phase.NOT_STARTED
    [event] = session.execute(Advance())
    assert event.type == "meeting_started"
    assert session.state.slot == 0
    assert session.state.line_text(0) == "同志们：现在开会。"


def test_a_roll_call_must_be_recorded_before_going_on(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    to_kind(session, SlotKind.ROLL_CALL)
    assert refused(session, Advance()) is Reason.ROLL_CALL_NOT_RECORDED
    assert refused(session, RecordRollCall(8)) is Reason.PRESENT_ABOVE_MEMBERS
    event = only(RollCallRecorded, session.execute(RecordRollCall(3)))
    assert event.type == "roll_call_recorded"
    assert event.quorum_met is False  # 3 of 7 is not more than half
    assert session.state.line_text(1) == "本次会议应到7人，实到3人，符合规定人数。"
    session.execute(Advance())  # a missing quorum is recorded, not a dead end
    assert session.state.slot == 2


def test_a_vote_must_be_recorded_before_advancing_and_chooses_the_next_line(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    present_then_to(session, 6, SlotKind.VOTE)
    assert refused(session, Advance()) is Reason.VOTE_NOT_RECORDED
    vote = only(VoteRecorded, session.execute(RecordVote(for_=3, against=2, abstain=1)))
    assert vote.type == "vote_recorded"
    assert (vote.present, vote.base, vote.passed) == (6, 6, False)  # 3 of 6 is short of 2/3
    session.execute(Advance())
    assert (
        session.state.line_text(session.state.slot or 0)
        == "赞成3票，未达到三分之二，《工作规则》未通过。"
    )


def test_a_vote_with_more_votes_than_members_present_is_refused(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    present_then_to(session, 5, SlotKind.VOTE)
    with pytest.raises(Refused) as caught:
        session.execute(RecordVote(for_=4, against=1, abstain=1))
    assert caught.value.reason is Reason.VOTES_EXCEED_PRESENT
    assert caught.value.details == {"votes": 6, "present": 5}
    assert refused(session, RecordVote(for_=1, present=8)) is Reason.PRESENT_ABOVE_MEMBERS
    assert refused(session, RecordVote(for_=-1)) is Reason.NEGATIVE_COUNT
    assert len(read_journal(session.journal_path).events) == session.state.last_seq


def test_unanimous_fills_every_vote_for_with_those_present(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    present_then_to(session, 6, SlotKind.VOTE)
    vote = only(VoteRecorded, session.execute(RecordUnanimous()))
    assert (vote.for_, vote.against, vote.abstain, vote.present, vote.passed) == (6, 0, 0, 6, True)
    session.execute(Advance())
    assert session.state.line_text(session.state.slot or 0) == (
        "赞成6票，反对0票，弃权0票，《工作规则》通过。"
    )


@pytest.mark.parametrize(
    ("rule", "votes_for", "base", "passed"),
    [
        (Rule.MAJORITY, 5, 9, True),
        (Rule.MAJORITY, 4, 8, False),  # half is not more than half
        (Rule.MAJORITY, 5, 8, True),
        (Rule.TWO_THIRDS, 6, 9, True),  # exactly two thirds carries
        (Rule.TWO_THIRDS, 5, 9, False),
        (Rule.TWO_THIRDS, 5, 7, True),
        (Rule.UNANIMOUS, 9, 9, True),
        (Rule.UNANIMOUS, 8, 9, False),
    ],
)
def test_vote_rules_count_as_rules_of_procedure_say(
    rule: Rule, votes_for: int, base: int, passed: bool
) -> None:
    assert rule_met(rule, votes_for, base) is passed


def test_a_vote_of_all_members_counts_against_members_not_those_present(
    tmp_path: object, clock: FakeClock
) -> None:
    from pathlib import Path

    from facilitator.agenda.load import parse_agenda

    text = (
        "meeting: {title: 会, members: 9}\nitems:\n  - title: 表决\n    steps:\n"
        "      - vote: 方案\n        of: members\n"
    )
    loaded = parse_agenda(text.encode(), "m.yaml")
    session = Session.start(loaded, Path(str(tmp_path)) / "j.jsonl", clock)
    session.execute(Start())
    vote = only(VoteRecorded, session.execute(RecordVote(for_=5, present=6)))
    assert (vote.base, vote.passed) == (9, True)  # 5 of 9 members: more than half
    session.execute(Back())
    vote = only(VoteRecorded, session.execute(RecordVote(for_=4, present=5)))
    assert (vote.base, vote.passed) == (9, False)  # 4 of 5 present, but not half of all 9


def test_stepping_back_undoes_moves_and_votes_one_at_a_time(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    present_then_to(session, 7, SlotKind.VOTE)
    vote_slot = session.state.slot
    session.execute(RecordVote(for_=7))
    session.execute(Advance())
    [undo] = session.execute(Back())
    assert undo.type == "undone" and session.state.slot == vote_slot
    assert vote_slot in session.state.position.votes
    session.execute(Back())
    assert vote_slot not in session.state.position.votes
    assert refused(session, Advance()) is Reason.VOTE_NOT_RECORDED


def test_time_is_counted_where_the_cursor_stood_pauses_are_not_and_an_undone_step_never_was(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    present_then_to(session, 7, SlotKind.CUE)
    cue = session.state.slot or 0
    clock.advance(300)
    session.execute(Pause())
    clock.advance(600)
    assert refused(session, Advance()) is Reason.PAUSED
    session.execute(Resume())
    clock.advance(120)
    session.execute(Advance())
    clock.advance(30)
    session.execute(Back())  # back at the cue, as if it had never been left: 7 min 30 s so far
    clock.advance(60)
    now = clock.now().t
    assert session.state.slot_seconds(cue, now) == pytest.approx(510)
    assert session.state.paused_seconds(now) == pytest.approx(600)
    assert session.state.slot_seconds(cue + 1, now) == 0
    assert cue + 1 not in session.state.first_entered


def test_jumping_ahead_records_the_items_passed_over_as_skipped(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    session.execute(Start())
    closing = len(session.script.parts) - 1
    jump = only(StepEntered, session.execute(JumpTo(closing)))
    assert jump.type == "step_entered" and jump.via == "jump"
    assert jump.skipped == (1, 2, 3)
    assert session.state.position.skipped == {1, 2, 3}
    assert refused(session, JumpTo(99)) is Reason.NO_SUCH_PART
    session.execute(Back())
    assert session.state.position.skipped == frozenset()


def test_advancing_past_the_last_line_ends_the_meeting_and_nothing_but_notes_follows(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    session.execute(Start())
    session.execute(JumpTo(len(session.script.parts) - 1))
    end = only(MeetingEnded, session.execute(Advance()))
    assert end.type == "meeting_ended" and end.early is False
    assert session.state.phase is Phase.ENDED
    assert refused(session, Advance()) is Reason.ENDED
    assert refused(session, Pause()) is Reason.ENDED
    session.execute(AddNote("会后印发纪要"))
    assert session.state.notes[-1].text == "会后印发纪要"


def test_ending_early_is_recorded_as_early(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    session.execute(Start())
    end = only(MeetingEnded, session.execute(End()))
    assert end.type == "meeting_ended" and end.early is True


def test_refusals_before_the_start(small: LoadedAgenda, start_session: SessionFactory) -> None:
    session = start_session(small)
    assert refused(session, Pause()) is Reason.NOT_STARTED
    assert refused(session, Back()) is Reason.NOTHING_TO_UNDO
    assert refused(session, AddNote("   ")) is Reason.EMPTY_NOTE
    session.execute(Start())
    assert refused(session, Start()) is Reason.ALREADY_STARTED
    assert refused(session, Resume()) is Reason.NOT_PAUSED
    assert refused(session, RecordVote(for_=1)) is Reason.NOT_A_VOTE
    assert refused(session, RecordRollCall(1)) is Reason.NOT_A_ROLL_CALL


def test_names_fill_fields_and_placeholders_stay_as_written(
    small: LoadedAgenda, start_session: SessionFactory
) -> None:
    session = start_session(small)
    item1 = session.script.item(1)
    item3 = session.script.item(3)
    assert session.state.line_text(item1.first_slot) == "首先，请李四同志作工作汇报。"
    assert session.state.line_text(item3.first_slot) == "请*同志讲话。"

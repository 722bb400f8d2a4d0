"""Timing arithmetic: what counts towards an item, a cue, the meeting; breaks, undo, unfinished."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.agenda.load import load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Back,
    Command,
    End,
    JumpTo,
    Pause,
    RecordRollCall,
    RecordVote,
    Refused,
    Resume,
    Start,
)
from facilitator.engine.state import Phase
from facilitator.report.timing import MeetingTiming, load_timing, whole_seconds
from facilitator.session import Session
from tests.report.journals import DOORS_OPEN, SMALL_AGENDA, Step, Wait, build

TO_ITEM_1: tuple[Step, ...] = (
    Wait(60),
    Start(),
    Wait(10),
    Advance(),
    Wait(5),
    RecordRollCall(7),
    Advance(),
)
"""Start the small meeting and walk to the first line of item 1 (at t = 75 s)."""


def timing_of(tmp_path: Path, *steps: Step) -> MeetingTiming:
    return load_timing(build(SMALL_AGENDA, tmp_path / "journal.jsonl", (*TO_ITEM_1, *steps)))


def test_durations_round_half_up_to_whole_seconds() -> None:
    assert [whole_seconds(x) for x in (0.0, 0.49, 0.5, 1.5, 2.5, 59.999)] == [0, 0, 1, 2, 3, 60]


def test_a_break_counts_in_the_meeting_but_not_in_the_item_it_falls_in(
    finished_journal: Path,
) -> None:
    timing = load_timing(finished_journal)
    item = timing.item(2)
    assert item.started_at is not None and item.ended_at is not None
    assert (item.ended_at - item.started_at).total_seconds() == 729  # 09:09:55 → 09:22:04
    assert item.actual_s == 129  # 20 line + 70 vote + 19 outcome + 20 last line; not the break
    assert timing.paused_s == 600
    assert timing.actual_s == 2242  # 09:00:00 → 09:37:22, the break included
    assert timing.active_s == 1642


def test_opening_and_closing_count_in_the_meeting_but_not_in_any_item(
    finished_journal: Path,
) -> None:
    timing = load_timing(finished_journal)
    assert timing.opening is not None and timing.closing is not None
    assert timing.opening.actual_s == 30
    assert timing.closing.actual_s == 6
    items = sum(item.actual_s for item in timing.items)
    assert items + timing.opening.actual_s + timing.closing.actual_s == timing.active_s
    assert [item.no for item in timing.items] == [1, 2, 3]


def test_over_is_actual_minus_planned_from_the_rounded_numbers(finished_journal: Path) -> None:
    timing = load_timing(finished_journal)
    assert [(i.planned_s, i.actual_s, i.over_s) for i in timing.items] == [
        (600, 565, -35),
        (480, 129, -351),
        (301, 912, 611),  # no planned time: the text read, plus 5 min for a bare cue
    ]
    assert [item.planned_given for item in timing.items] == [True, True, False]


def test_time_at_a_step_that_was_undone_counts_to_the_step_before_it(tmp_path: Path) -> None:
    timing = timing_of(
        tmp_path,
        Wait(30),
        Advance(),  # the cue 汇报毕
        Wait(40),
        Back(),  # undone: the cursor never left the line before the cue
        Wait(10),
        End(),
    )
    [cue, _] = timing.cues
    assert (cue.actual_s, cue.reached, cue.started_at, cue.ended_at) == (0, False, None, None)
    assert timing.item(1).actual_s == 30 + 40 + 10


def test_an_undone_step_into_the_next_item_leaves_it_unreached(tmp_path: Path) -> None:
    timing = timing_of(
        tmp_path,
        Wait(30),
        Advance(),
        Wait(40),
        Advance(),  # item 2
        Wait(20),
        Back(),  # undone: still at item 1's cue, as if item 2 had never begun
        Wait(5),
        End(),
    )
    two = timing.item(2)
    assert (two.actual_s, two.reached, two.started_at, two.ended_at) == (0, False, None, None)
    assert timing.item(1).actual_s == 30 + 40 + 20 + 5
    assert timing.cues[0].actual_s == 40 + 20 + 5


def test_only_votes_still_in_force_are_listed(tmp_path: Path) -> None:
    timing = timing_of(
        tmp_path,
        Wait(10),
        Advance(),
        Wait(10),
        Advance(),  # item 2
        Wait(10),
        Advance(),  # the vote
        Wait(30),
        RecordVote(for_=3, against=4),
        Wait(5),
        Back(),  # the miscount is undone
        Wait(5),
        RecordVote(for_=6, against=1),
        End(),
    )
    [vote] = timing.votes
    assert (vote.for_, vote.against, vote.abstain, vote.present) == (6, 1, 0, 7)
    assert vote.passed
    assert vote.actual_s == 40
    assert vote.motion == "《工作规则》"
    assert vote.method == "举手表决"


def test_an_item_passed_over_by_a_jump_is_skipped_and_not_reached(tmp_path: Path) -> None:
    timing = timing_of(tmp_path, Wait(10), JumpTo(3), Wait(60), End())
    skipped = timing.item(2)
    assert skipped.skipped and not skipped.reached
    assert skipped.actual_s == 0
    assert skipped.started_at is None and skipped.ended_at is None
    assert timing.item(3).actual_s == 60


def test_an_unfinished_meeting_is_timed_to_its_last_event(live_journal: Path) -> None:
    timing = load_timing(live_journal)
    assert not timing.finished
    assert timing.ended_at is None
    assert timing.now_at is not None and timing.started_at is not None
    assert timing.now_at - timing.started_at == timedelta(seconds=1348)
    assert timing.actual_s == 1348
    running = timing.item(2)
    assert running.running and running.ended_at is None
    assert running.actual_s == 129 - 6 + 30  # the last line had run 6 s before the break, 30 after
    assert not timing.item(3).reached


def test_a_meeting_not_yet_started_has_no_times(tmp_path: Path) -> None:
    timing = load_timing(build(SMALL_AGENDA, tmp_path / "j.jsonl", (Wait(30), AddNote("早到"))))
    assert timing.started_at is None and timing.ended_at is None
    assert timing.actual_s == 0 and timing.paused_s == 0
    assert not any(item.reached for item in timing.items)
    assert [note.text for note in timing.notes] == ["早到"]


def test_a_cue_without_a_plan_has_no_planned_time(finished_journal: Path) -> None:
    timing = load_timing(finished_journal)
    assert [(c.label, c.who, c.planned_s, c.over_s) for c in timing.cues] == [
        ("汇报毕", "李四同志", 480, 60),
        ("讲话毕", None, None, None),
    ]


def test_a_restart_is_listed_as_a_gap(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    build(SMALL_AGENDA, journal, (*TO_ITEM_1, Wait(20)))
    last = load_timing(journal)
    assert last.now_at is not None
    clock = FakeClock(start=last.now_at + timedelta(seconds=200), t=75 + 200)
    session = Session.resume(load_agenda(SMALL_AGENDA), journal, clock)
    clock.advance(10)
    session.execute(End())
    session.close()
    timing = load_timing(journal)
    [gap] = timing.gaps
    # the first console closed 20 s after its last event: its last sign of life (the journal's
    # modification time, left at close), so the program was down 180 s, not 200
    assert gap.alive_at == last.now_at + timedelta(seconds=20)
    assert gap.seconds == 180
    assert timing.item(1).actual_s == 200 + 10  # the cursor stood in item 1 all along


def test_the_torn_last_line_is_reported_at_its_byte_offset(
    torn_journal: Path, finished_journal: Path
) -> None:
    torn = load_timing(torn_journal).torn_last_line
    assert torn is not None
    assert torn.offset == finished_journal.stat().st_size
    assert torn.length == torn_journal.stat().st_size - finished_journal.stat().st_size
    assert load_timing(finished_journal).torn == ()


def test_times_carry_the_journal_offset(finished_journal: Path) -> None:
    timing = load_timing(finished_journal)
    assert timing.started_at == DOORS_OPEN + timedelta(minutes=2)
    assert timing.started_at is not None and timing.started_at.utcoffset() == timedelta(hours=8)


COMMANDS: list[Command] = [Advance(), Advance(), Advance(), Back(), Pause(), Resume(), End()]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 600), st.sampled_from(range(len(COMMANDS)))),
        min_size=1,
        max_size=25,
    )
)
def test_items_opening_and_closing_add_up_to_the_meeting_without_its_breaks(
    moves: list[tuple[int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        clock = FakeClock(start=DOORS_OPEN)
        session = Session.start(load_agenda(SMALL_AGENDA), Path(directory) / "j.jsonl", clock)
        session.execute(Start())
        for wait, index in moves:
            clock.advance(wait)
            command = COMMANDS[index]
            state = session.state
            if isinstance(command, Back) and (
                state.phase is not Phase.RUNNING or len(state.history) < 2
            ):
                continue  # undoing the start or the end moves the meeting's own bounds
            if state.slot == 1 and 1 not in state.position.roll_calls:
                session.execute(RecordRollCall(7))
            if state.slot == 5 and 5 not in state.position.votes:
                session.execute(RecordVote(for_=7))
            with contextlib.suppress(Refused):
                session.execute(command)
        session.close()
        timing = load_timing(Path(directory) / "j.jsonl")
    parts = [timing.opening, *timing.items, timing.closing]
    assert sum(part.actual_s for part in parts if part) == timing.active_s
    assert timing.actual_s >= timing.paused_s

"""Random operators: whatever keys are pressed, the engine keeps its invariants."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
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
    RecordUnanimous,
    RecordVote,
    Refused,
    Resume,
    Start,
    decide,
)
from facilitator.engine.events import UNDOABLE, Event, MeetingStarted, SessionStarted, StepEntered
from facilitator.engine.script import SlotKind, compile_script
from facilitator.engine.state import MeetingState, Phase, Position, apply, initial_state, replay
from tests.conftest import SMALL

SCRIPT = compile_script(load_agenda(SMALL).agenda)
PARTS = len(SCRIPT.parts)

counts = st.integers(min_value=-1, max_value=9)
commands: st.SearchStrategy[Command] = st.one_of(
    st.just(Advance()),
    st.just(Advance()),
    st.just(Advance()),
    st.just(Back()),
    st.just(Start()),
    st.just(Pause()),
    st.just(Resume()),
    st.just(End()),
    st.builds(RecordVote, counts, counts, counts, st.none() | counts),
    st.builds(RecordUnanimous, st.none() | counts),
    st.builds(RecordRollCall, counts),
    st.builds(AddNote, st.text(max_size=5)),
    st.builds(JumpTo, st.integers(min_value=-1, max_value=PARTS)),
)
steps = st.lists(st.tuples(commands, st.floats(min_value=0, max_value=600)), max_size=60)


def started() -> tuple[MeetingState, list[Event], FakeClock]:
    clock = FakeClock()
    now = clock.now()
    first = SessionStarted(
        seq=1, at=now.at, t=now.t, agenda="a", agenda_sha256="0", title="t", agenda_text=""
    )
    return apply(initial_state(SCRIPT), first), [first], clock


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_random_commands_keep_the_engines_invariants(script: list[tuple[Command, float]]) -> None:
    state, events, clock = started()
    before_undoable: list[Position] = []
    for command, delay in script:
        clock.advance(delay)
        previous = state
        try:
            new_events = decide(state, command, clock.now())
        except Refused:
            continue
        for event in new_events:
            assert event.seq == state.last_seq + 1
            assert event.t >= state.last_t
            if isinstance(event, UNDOABLE):
                before_undoable.append(state.position)
            state = apply(state, event)
            events.append(event)
            if event.type == "undone":
                assert state.position == before_undoable.pop()
        if isinstance(command, Advance) and previous.slot is not None:
            left = previous.script.slots[previous.slot]
            if left.kind is SlotKind.VOTE and state.slot != previous.slot:
                assert previous.slot in previous.position.votes
        assert state.slot is None or 0 <= state.slot < len(SCRIPT.slots)
        assert (state.slot is None) == (state.phase is Phase.NOT_STARTED)
        now = clock.now().t
        assert all(state.slot_seconds(slot, now) >= 0 for slot in range(len(SCRIPT.slots)))
        for slot, vote in state.position.votes.items():
            assert SCRIPT.slots[slot].kind is SlotKind.VOTE
            assert vote.for_ + vote.against + vote.abstain <= vote.present
    assert replay(SCRIPT, events) == state


@settings(max_examples=100, deadline=None)
@given(steps.map(lambda pairs: [(c, d) for c, d in pairs if not isinstance(c, Back)]))
def test_time_at_slots_plus_pauses_is_the_time_since_the_start(
    script: list[tuple[Command, float]],
) -> None:
    state, _, clock = started()
    for command, delay in script:
        clock.advance(delay)
        try:
            for event in decide(state, command, clock.now()):
                state = apply(state, event)
        except Refused:
            continue
    clock.advance(1)
    now = clock.now().t
    if state.position.started is None:
        return
    end = state.position.ended.t if state.position.ended else now
    at_slots = sum(state.slot_seconds(slot, now) for slot in range(len(SCRIPT.slots)))
    in_pauses = sum(pause.seconds(end) for pause in state.pauses)
    assert at_slots + in_pauses == pytest.approx(end - state.position.started.t)


def test_a_jump_is_one_event_so_one_step_back_undoes_it() -> None:
    state, _, clock = started()
    for event in decide(state, Start(), clock.now()):
        state = apply(state, event)
    [jump] = decide(state, JumpTo(PARTS - 1), clock.now())
    assert isinstance(jump, StepEntered) and jump.skipped == (1, 2, 3)
    after = apply(state, jump)
    [undo] = decide(after, Back(), clock.now())
    assert apply(after, undo).position == state.position
    assert isinstance(decide(initial_state(SCRIPT), Start(), clock.now())[0], MeetingStarted)

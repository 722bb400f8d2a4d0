"""Random operators: whatever keys are pressed, the engine keeps its invariants."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, target
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
    RecordDecision,
    RecordElection,
    RecordRollCall,
    RecordUnanimous,
    RecordVote,
    Refused,
    Resume,
    Start,
    decide,
)
from facilitator.engine.events import UNDOABLE, Event, MeetingStarted, SessionStarted, StepEntered
from facilitator.engine.script import Script, SlotKind, compile_script
from facilitator.engine.state import MeetingState, Phase, Position, apply, initial_state, replay
from tests.conftest import BRANCHES, SMALL

SCRIPT = compile_script(load_agenda(SMALL).agenda)
PARTS = len(SCRIPT.parts)
BRANCHED = compile_script(load_agenda(BRANCHES).agenda)
"""Branches (nested), a decision without counts and an election."""
SCRIPTS = pytest.mark.parametrize("script", [SCRIPT, BRANCHED], ids=["small", "branches"])

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
    st.builds(RecordDecision, st.booleans()),
    st.builds(
        RecordElection,
        st.tuples(counts, counts, counts),
        st.none() | counts,
        st.none() | counts,
        st.none() | counts,
        st.none() | counts,
    ),
    # a count that is often possible, so that elections are recorded and their results read
    st.integers(min_value=0, max_value=7).flatmap(
        lambda valid: st.builds(
            RecordElection,
            st.tuples(*(st.integers(min_value=0, max_value=valid) for _ in range(3))),
            st.just(valid),
            st.just(valid),
            st.just(valid),
        )
    ),
    # straight to an item, so that branches and the election are reached within a few steps
    st.builds(JumpTo, st.integers(min_value=1, max_value=PARTS)),
    st.builds(AddNote, st.text(max_size=5)),
    st.builds(JumpTo, st.integers(min_value=-1, max_value=PARTS)),
)
steps = st.lists(st.tuples(commands, st.floats(min_value=0, max_value=600)), max_size=60)


def started(script: Script = SCRIPT) -> tuple[MeetingState, list[Event], FakeClock]:
    clock = FakeClock()
    now = clock.now()
    first = SessionStarted(
        seq=1, at=now.at, t=now.t, agenda="a", agenda_sha256="0", title="t", agenda_text=""
    )
    return apply(initial_state(script), first), [first], clock


def assert_in_a_taken_branch(state: MeetingState) -> None:
    """The cursor stands only in branches whose vote is recorded with that branch's outcome."""
    if state.slot is None:
        return
    branch = state.script.slots[state.slot].branch
    while branch is not None:
        vote = state.position.votes.get(branch.vote_slot)
        assert vote is not None and vote.passed is branch.passed
        branch = state.script.slots[branch.vote_slot].branch


@SCRIPTS
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands_and_delays=steps)
def test_random_commands_keep_the_engines_invariants(
    script: Script, commands_and_delays: list[tuple[Command, float]]
) -> None:
    run_and_check(script, commands_and_delays)


sensible: st.SearchStrategy[Command] = st.one_of(
    st.just(Advance()),
    st.just(Advance()),
    st.just(Advance()),
    st.just(Back()),
    st.builds(RecordRollCall, st.integers(min_value=4, max_value=7)),
    st.builds(RecordDecision, st.booleans()),
    st.builds(RecordVote, st.integers(min_value=0, max_value=4), st.integers(0, 2)),
    st.integers(min_value=0, max_value=4).flatmap(
        lambda valid: st.builds(
            RecordElection,
            st.tuples(*(st.integers(min_value=0, max_value=valid) for _ in range(3))),
            st.just(valid),
            st.just(valid),
            st.just(valid),
        )
    ),
    st.builds(JumpTo, st.integers(min_value=0, max_value=len(BRANCHED.parts) - 1)),
)
"""Commands that are usually possible, so that walks go deep into branches and the election."""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(sensible, st.floats(min_value=0, max_value=120)), min_size=20, max_size=80)
)
def test_long_walks_through_branches_and_an_election_keep_the_invariants(
    commands_and_delays: list[tuple[Command, float]],
) -> None:
    # The console starts a meeting with Start (the first space), so every walk begins there.
    # Steering the search towards walks that enter many slots keeps it deep in the branches and
    # the election; whether a walk gets there is not an invariant (it may step back to the
    # start), so it is a target, not an assertion.
    state = run_and_check(BRANCHED, [(Start(), 0.0), *commands_and_delays])
    target(float(len(state.first_entered)), label="slots entered")


def run_and_check(script: Script, commands_and_delays: list[tuple[Command, float]]) -> MeetingState:
    """Run the commands (refusals change nothing); check the invariants after each; replay."""
    state, events, clock = started(script)
    before_undoable: list[Position] = []
    for command, delay in commands_and_delays:
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
            if left.kind is SlotKind.ELECTION and state.slot != previous.slot:
                assert previous.slot in previous.position.elections
        assert state.slot is None or 0 <= state.slot < len(script.slots)
        assert (state.slot is None) == (state.phase is Phase.NOT_STARTED)
        assert_in_a_taken_branch(state)
        now = clock.now().t
        assert all(state.slot_seconds(slot, now) >= 0 for slot in range(len(script.slots)))
        for slot, vote in state.position.votes.items():
            assert script.slots[slot].kind is SlotKind.VOTE
            if vote.counted:
                assert vote.for_ is not None and vote.against is not None
                assert vote.abstain is not None and vote.present is not None
                assert vote.for_ + vote.against + vote.abstain <= vote.present
            else:
                assert vote.for_ is None and vote.present is None
        for slot, election in state.position.elections.items():
            assert script.slots[slot].kind is SlotKind.ELECTION
            assert len(election.elected) <= election.seats
            assert not set(election.elected) & set(election.tied)
            counts = {c.name: c.votes for c in election.votes}
            assert all(counts[name] >= election.threshold for name in election.elected)
            assert all(counts[name] >= election.threshold for name in election.tied)
            if election.tied:
                assert len(election.elected) + len(election.tied) > election.seats
            others = [votes for name, votes in counts.items() if name not in election.elected]
            if election.elected and others:  # nobody left out has more votes than one elected
                assert max(others) <= min(counts[name] for name in election.elected)
            if election.returned is not None and election.issued is not None:
                assert election.returned <= election.issued
    assert replay(script, events) == state
    return state


@SCRIPTS
@settings(max_examples=100, deadline=None)
@given(commands_and_delays=steps)
def test_time_at_slots_plus_pauses_is_the_time_since_the_start_undos_included(
    script: Script,
    commands_and_delays: list[tuple[Command, float]],
) -> None:
    state, _, clock = started(script)
    for command, delay in commands_and_delays:
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
    at_slots = sum(state.slot_seconds(slot, now) for slot in range(len(script.slots)))
    in_pauses = sum(pause.seconds(end) for pause in state.breaks)
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

"""An undone command never happened: the state after any commands with undos is the state after
the same commands with each undone one, and its undo, left out (issue 18).

"The same" is what a reader of the state can see, at one common instant: where the meeting
stands (phase, cursor, breaks, what a jump passed over, start and end), what was recorded (votes,
decisions, elections, roll calls: everything but the event numbers they came from, which the
shorter journal numbers differently), and each slot's clocks: its seconds so far, when it was
first entered and last left (not the current slot's last exit, which no reader sees while the
cursor stands there: a break sets it), and so each part's timing as the sidebar, the summary, the
report and the minutes derive it (``reached``, ``skipped``, ``started_at``, ``ended_at``). Both
runs are timed by the same injected clock: every kept command runs at the instant it ran in the
walk with undos. Notes are not compared: a note says where the cursor stood when it was
written, which may be a step later undone; the note itself is never unsaid.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from facilitator.agenda.load import load_agenda
from facilitator.engine.clock import FakeClock, Instant
from facilitator.engine.commands import (
    Advance,
    Back,
    Command,
    End,
    JumpTo,
    Pause,
    RecordUnanimous,
    Refused,
    Resume,
    Start,
    decide,
)
from facilitator.engine.events import Event, Undone
from facilitator.engine.script import Script, compile_script
from facilitator.engine.state import MeetingState, Phase, Position, apply
from facilitator.report.timing import state_timing
from tests.conftest import SAMPLE
from tests.test_engine_properties import BRANCHED, SCRIPT, commands, sensible, started

Walked = tuple[MeetingState, list[tuple[Command, Instant, list[Event]]], float]


def walk(script: Script, commands_and_delays: list[tuple[Command, float]]) -> Walked:
    """Run the commands as an operator would (refusals change nothing): the state, each accepted
    command with its instant and its events, and the instant after the last delay."""
    state, _, clock = started(script)
    accepted: list[tuple[Command, Instant, list[Event]]] = []
    for command, delay in commands_and_delays:
        clock.advance(delay)
        now = clock.now()
        try:
            new = decide(state, command, now)
        except Refused:
            continue
        for item in new:
            state = apply(state, item)
        accepted.append((command, now, new))
    return state, accepted, clock.now().t


def without_undos(
    accepted: list[tuple[Command, Instant, list[Event]]],
) -> list[tuple[Command, Instant]]:
    """The accepted commands minus every undo and every command an undo took back."""
    undos = [item for _, _, events in accepted for item in events if isinstance(item, Undone)]
    undone = {item.undoes for item in undos}
    kept: list[tuple[Command, Instant]] = []
    for command, now, events in accepted:
        taken_back = [item.seq in undone or isinstance(item, Undone) for item in events]
        assert all(taken_back) or not any(taken_back)  # one command, one event, all or nothing
        if not any(taken_back):
            kept.append((command, now))
    return kept


def run_plainly(script: Script, kept: list[tuple[Command, Instant]]) -> MeetingState:
    """The kept commands at their own instants. Each is accepted, as it was with undos, but
    one: a break taken after a start that was then undone is refused here, where the meeting
    never started (and is no break of the meeting there either: ``MeetingState.breaks``)."""
    state, _, _ = started(script)
    for command, now in kept:
        try:
            events = decide(state, command, now)
        except Refused:
            assert isinstance(command, Pause | Resume) and state.phase is Phase.NOT_STARTED
            continue
        for item in events:
            state = apply(state, item)
    return state


def _position(position: Position) -> dict[str, Any]:
    """Where the meeting stands and what was recorded, without the event numbers."""

    def unnumbered(outcomes: Any) -> dict[int, dict[str, Any]]:
        return {slot: {**asdict(o), "seq": None} for slot, o in outcomes.items()}

    return {
        "phase": position.phase,
        "slot": position.slot,
        "votes": unnumbered(position.votes),
        "elections": unnumbered(position.elections),
        "roll_calls": dict(position.roll_calls),
        "skipped": position.skipped,
        "started": position.started,
        "ended": position.ended,
        "ended_early": position.ended_early,
    }


def observed(state: MeetingState, now_t: float) -> dict[str, Any]:
    """What every reader of ``state`` sees at ``now_t`` (seconds rounded to the microsecond,
    since the two runs add the same durations in a different order)."""
    slots = range(len(state.script.slots))
    here = state.slot if state.phase is Phase.RUNNING else None
    timing = state_timing(state)
    parts = [p for p in (timing.opening, *timing.items, timing.closing) if p is not None]
    return {
        "position": _position(state.position),
        "paused": state.paused,
        "outcomes": state.outcomes,
        "undoable": [_position(entry[1]) for entry in state.history],
        "seconds": [round(state.slot_seconds(slot, now_t), 6) for slot in slots],
        "first_entered": dict(state.first_entered),
        "last_left": {s: at for s, at in state.last_left.items() if s != here},
        "visited": [state.visited(part) for part in state.script.parts],
        "parts": [replace(part, actual_s=0) for part in parts],
        "part_seconds": [round(state.part_seconds(p, now_t), 6) for p in state.script.parts],
        "paused_s": round(state.paused_seconds(now_t), 6),
        "elapsed": round(state.elapsed(now_t), 6),
        "breaks": [(pause.start, pause.end) for pause in state.breaks],
    }


def assert_undos_never_happened(script: Script, pairs: list[tuple[Command, float]]) -> int:
    """The property, for one walk; returns how many commands were taken back."""
    state, accepted, now_t = walk(script, pairs)
    kept = without_undos(accepted)
    plain = run_plainly(script, kept)
    assert observed(state, now_t) == observed(plain, now_t)
    return len(accepted) - len(kept)


often_back = st.one_of(commands, st.just(Back()), st.just(Back()))
"""The engine properties' commands with more steps back, so undos nest; each walk begins with
the console's first space (Start), which a step back may undo too."""


@pytest.mark.parametrize("script", [SCRIPT, BRANCHED], ids=["small", "branches"])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=st.lists(st.tuples(often_back, st.floats(min_value=0, max_value=600)), max_size=60))
def test_any_commands_with_undos_leave_the_state_of_the_same_commands_without_them(
    script: Script, pairs: list[tuple[Command, float]]
) -> None:
    taken_back = assert_undos_never_happened(script, [(Start(), 0.0), *pairs])
    event(f"commands taken back: {min(taken_back, 6)}")


deep = st.one_of(sensible, st.just(Back()), st.just(Pause()), st.just(Resume()), st.just(End()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(deep, st.floats(min_value=0, max_value=120)), min_size=20, max_size=80))
def test_long_walks_through_branches_with_undos_are_the_walks_without_them(
    pairs: list[tuple[Command, float]],
) -> None:
    assert_undos_never_happened(BRANCHED, [(Start(), 0.0), *pairs])


SAMPLE_SCRIPT = compile_script(load_agenda(SAMPLE).agenda)


def _item(script: Script, no: int) -> int:
    return next(part.index for part in script.parts if part.no == no)


def test_an_undone_jump_leaves_no_item_done_started_or_timed_by_it() -> None:
    """The issue's walk: into item 3, ``j 4``, a few seconds there, ``←``, on to the end."""
    clock = FakeClock()
    state, _, _ = started(SAMPLE_SCRIPT)

    def do(command: Command, after: float = 10.0) -> None:
        nonlocal state
        clock.advance(after)
        for item in decide(state, command, clock.now()):
            state = apply(state, item)

    do(Start())
    for _ in range(30):  # through items 1 and 2 into item 3 (a vote on the way)
        if state.script.part_of(state.slot or 0).no == 3:
            break
        try:
            do(Advance())
        except Refused:
            do(RecordUnanimous())
    assert state.script.part_of(state.slot or 0).no == 3
    before = state
    here = state.slot
    do(JumpTo(_item(SAMPLE_SCRIPT, 4)), after=5.0)
    assert state.script.part_of(state.slot or 0).no == 4
    do(Back(), after=2.0)  # 2 s at item 4, then undone
    assert state.slot == here and state.position == before.position
    four = SAMPLE_SCRIPT.parts[_item(SAMPLE_SCRIPT, 4)]
    assert not state.visited(four)
    assert state.slot_seconds(here or 0, clock.now().t) == pytest.approx(
        before.slot_seconds(here or 0, clock.now().t)
    )
    do(End(), after=1.0)
    timing = state_timing(state)
    item4 = timing.item(4)
    assert (item4.reached, item4.actual_s, item4.started_at, item4.ended_at) == (
        False,
        0,
        None,
        None,
    )
    three = timing.item(3)
    assert three.reached and three.actual_s == 5 + 2 + 1  # entered, jumped, undone, ended

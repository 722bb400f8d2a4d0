"""The O(1) ``apply`` folds every journal to the same state as the old, copying fold."""

from __future__ import annotations

from functools import reduce
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from facilitator.engine.commands import Command, Refused, decide
from facilitator.engine.events import Event
from facilitator.engine.persist import Log, PMap, Stack
from facilitator.engine.script import Script
from facilitator.engine.state import MeetingState, apply, initial_state, replay
from facilitator.journal.record import load_record
from tests.reference_fold import reference_apply, reference_replay
from tests.test_engine_properties import BRANCHED, SCRIPT, started, steps

JOURNALS = sorted((Path(__file__).parent / "data" / "journals").glob("*.jsonl"))


def same(new: MeetingState, old: MeetingState) -> None:
    """Field by field (a failure names the field), then as whole values."""
    for name in MeetingState.__dataclass_fields__:
        assert getattr(new, name) == getattr(old, name), name
        assert getattr(old, name) == getattr(new, name), name
    assert new == old


@pytest.mark.parametrize("journal", JOURNALS, ids=[path.stem for path in JOURNALS])
def test_the_committed_journals_replay_as_the_old_fold_did(journal: Path) -> None:
    record = load_record(journal, force=True)
    old = reference_replay(record.script, record.events)
    same(replay(record.script, record.events), old)
    same(record.state, old)


def walk(script: Script, commands: list[tuple[Command, float]]) -> list[Event]:
    state, events, clock = started(script)
    for command, delay in commands:
        clock.advance(delay)
        try:
            new = decide(state, command, clock.now())
        except Refused:
            continue
        for event in new:
            state = apply(state, event)
        events.extend(new)
    return events


@pytest.mark.parametrize("script", [SCRIPT, BRANCHED], ids=["small", "branches"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands_and_delays=steps)
def test_random_command_sequences_fold_as_the_old_fold_did(
    script: Script, commands_and_delays: list[tuple[Command, float]]
) -> None:
    events = walk(script, commands_and_delays)
    new, old = replay(script, events), reference_replay(script, events)
    same(new, old)
    # and after every event, with each earlier state left exactly as it was
    states: list[MeetingState] = []
    state, reference = replay(script, []), reference_replay(script, [])
    for event in events:
        state, reference = apply(state, event), reference_apply(reference, event)
        states.append(state)
        same(state, reference)
    for state, count in zip(states, range(1, len(events) + 1), strict=True):
        same(state, reference_replay(script, events[:count]))


def test_an_old_state_is_unchanged_when_two_states_are_derived_from_it() -> None:
    events = walk(SCRIPT, [(command, 30.0) for command, _ in _commands()])
    base = replay(SCRIPT, events[:-2])
    snapshot = reference_replay(SCRIPT, events[:-2])
    one = apply(apply(base, events[-2]), events[-1])
    two = apply(apply(base, events[-2]), events[-1])  # a branch from the same old state
    same(one, two)
    same(base, snapshot)
    same(one, reference_replay(SCRIPT, events))


def _commands() -> list[tuple[Command, float]]:
    from facilitator.engine.commands import AddNote, Advance, Back, Pause, Resume, Start

    return [
        (Start(), 0.0),
        (Advance(), 0.0),
        (AddNote("a"), 0.0),
        (Advance(), 0.0),
        (Back(), 0.0),
        (Pause(), 0.0),
        (Resume(), 0.0),
        (Advance(), 0.0),
        (AddNote("b"), 0.0),
    ]


@pytest.mark.parametrize("journal", JOURNALS, ids=[path.stem for path in JOURNALS])
def test_a_replay_leaves_a_plain_state_that_the_pure_fold_equals(journal: Path) -> None:
    """The replay's in-place draft never escapes: what it returns is the persistent value the
    pure ``apply`` folds to, and deriving from it leaves it as it was."""
    record = load_record(journal, force=True)
    state = replay(record.script, record.events)
    assert type(state) is MeetingState
    for name in ("spent", "first_entered", "last_left"):
        assert isinstance(getattr(state, name), PMap), name
    for name in ("pauses", "notes", "gaps", "torn"):
        assert isinstance(getattr(state, name), Log), name
    assert isinstance(state.history, Stack)
    same(state, reduce(apply, record.events, initial_state(record.script)))
    before = reference_replay(record.script, record.events)
    apply(state, record.events[-1].model_copy(update={"seq": state.last_seq + 1}))
    same(state, before)


def test_every_kind_of_event_has_exactly_one_handler() -> None:
    """``apply`` looks its handler up by the event's exact type: a kind added to the union
    without one would fail on its first event."""
    from typing import get_args

    from facilitator.engine import state

    kinds = set(get_args(get_args(Event)[0]))
    assert len(kinds) == 14 and set(state._HANDLERS) == kinds

"""The forecast's kept values: reading sizes from the script, sums kept per state."""

from __future__ import annotations

import contextlib
import random

import pytest

from facilitator import forecast as forecast_module
from facilitator.agenda.load import LoadedAgenda, load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    Advance,
    Back,
    Command,
    JumpTo,
    Pause,
    RecordRollCall,
    Refused,
    Resume,
    Start,
)
from facilitator.engine.persist import PMap
from facilitator.engine.script import compile_script
from facilitator.engine.state import MeetingState, initial_state
from facilitator.forecast import (
    MIN_SAMPLE_CHARS,
    MIN_SAMPLE_S,
    PACE_RANGE,
    READING,
    _Memo,
    forecast,
    measured_pace,
    reading_chars,
)
from tests.conftest import SAMPLE, SessionFactory

ELECTION = SAMPLE.parent / "branch-committee-election.yaml"


def test_each_fixed_lines_reading_size_is_the_live_one(sample: LoadedAgenda) -> None:
    script = compile_script(sample.agenda)
    state = initial_state(script)
    fixed = [slot for slot, size in enumerate(script.reading_chars) if size is not None]
    assert fixed  # the sample has plain lines
    for slot in fixed:
        assert script.reading_chars[slot] == reading_chars(state.line_text(slot))


def test_a_tick_on_the_same_state_forecasts_as_a_fresh_computation(
    sample: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(sample)
    commands: list[Command] = [Start(), *[Advance()] * 6]
    for command in commands:
        clock.advance(40)
        with contextlib.suppress(Refused):
            session.execute(command)
        first = forecast(session.state, clock.now())
        for _ in range(3):
            clock.advance(1.5)
            kept = forecast(session.state, clock.now())
            forecast_module._memo = _Memo()
            assert kept == forecast(session.state, clock.now())
        assert first.planned_end == kept.planned_end
    session.close()


def _summed_afresh(state: MeetingState) -> float | None:
    """The measured pace as the sum over every slot read, done from nothing (the definition)."""
    chars = seconds = 0.0
    for slot in state.spent:
        if slot == state.slot or state.script.slots[slot].kind not in READING:
            continue
        spent = state.spent[slot]
        if spent <= 0:
            continue
        chars += reading_chars(state.line_text(slot))
        seconds += spent
    if seconds < MIN_SAMPLE_S or chars < MIN_SAMPLE_CHARS:
        return None
    return min(PACE_RANGE[1], max(PACE_RANGE[0], chars / seconds * 60))


@pytest.mark.parametrize("name", ["sample", "election"])
def test_the_running_pace_totals_equal_a_sum_done_afresh_on_every_state(
    name: str, start_session: SessionFactory, clock: FakeClock
) -> None:
    """Forward, back, breaks, a roll call (which refills the {present} lines already read), a
    jump back; then the same states again in reverse and shuffled, which the totals cannot
    follow from one to the next and must redo."""
    session = start_session(load_agenda(ELECTION if name == "election" else SAMPLE))
    steps: list[Command] = [Start(), *[Advance()] * 5, Pause(), Resume(), Back(), Back()]
    read_and_count: list[Command] = [Advance(), RecordRollCall(present=7)]
    steps += read_and_count * 8 + [Back(), Advance(), JumpTo(0)]
    steps += [Advance()] * 4 + [Back()]  # back onto a line read before: not counted now
    states: list[MeetingState] = []
    for index, command in enumerate(steps):
        clock.advance(4 + index % 5 * 3)
        with contextlib.suppress(Refused):
            session.execute(command)
        states.append(session.state)
        assert measured_pace(session.state, clock.now().t) == pytest.approx(
            _summed_afresh(session.state), rel=1e-9
        )
    assert any(_summed_afresh(state) is not None for state in states)  # enough was read
    filled = [
        slot
        for slot, kind in enumerate(slot.kind for slot in states[-1].script.slots)
        if kind in READING and states[-1].script.reading_chars[slot] is None
    ]
    if name == "election":  # its {present} line, read, then stood on again
        assert states[-1].slot in filled
        assert states[-1].slot in states[-1].spent
    for state in [*reversed(states), *random.Random(13).sample(states, len(states))]:
        forecast_module._memo = _Memo()  # not the memo: the totals themselves are under test
        assert measured_pace(state, clock.now().t) == pytest.approx(_summed_afresh(state), rel=1e-9)
    session.close()


def test_a_map_says_which_keys_were_set_since_an_older_version_of_it() -> None:
    first = PMap[int, float]().set(1, 1.0)
    later = first.set(2, 2.0).set(1, 3.0)
    assert later.changed_since(first) == [2, 1]
    assert later.changed_since(later) == []
    assert first.changed_since(later) is None  # not derived from it
    branch = first.set(5, 5.0)  # from an older version: a store of its own
    assert branch.changed_since(first) is None
    assert branch.set(6, 6.0).changed_since(branch) == [6]

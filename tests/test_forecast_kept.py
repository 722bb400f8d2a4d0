"""The forecast's kept values: reading sizes from the script, sums kept per state."""

from __future__ import annotations

import contextlib

from facilitator import forecast as forecast_module
from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, Command, Refused, Start
from facilitator.engine.script import compile_script
from facilitator.engine.state import initial_state
from facilitator.forecast import _Memo, forecast, reading_chars
from tests.conftest import SessionFactory


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

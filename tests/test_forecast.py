"""The forecast: planned end from the plan, forecast end learning the chair's reading pace."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, End, JumpTo, Pause, RecordRollCall
from facilitator.engine.script import CHINESE_CHARS_PER_MINUTE
from facilitator.forecast import (
    MIN_SAMPLE_S,
    PACE_RANGE,
    forecast,
    measured_pace,
    planned_start,
    reading_chars,
)
from facilitator.session import Session
from tests.conftest import SessionFactory

NINE = datetime(2026, 11, 27, 9, 0, tzinfo=FakeClock().now().at.tzinfo)


def test_reading_chars_counts_chinese_characters_not_punctuation() -> None:
    assert reading_chars("同志们：现在开会。") == pytest.approx(7)


def test_before_the_start_the_forecast_is_the_plan(
    start_session: SessionFactory, small: LoadedAgenda
) -> None:
    session = start_session(small)
    seen = forecast(session.state, session.now())
    assert seen.planned_start == NINE
    assert seen.planned_end == NINE + timedelta(seconds=session.script.planned_s)
    assert seen.forecast_end == seen.planned_end
    assert seen.over_s == 0
    assert seen.pace_cpm is None


def test_a_late_start_is_its_own_figure_and_the_plan_runs_from_the_actual_start(
    start_session: SessionFactory, small: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(small)
    clock.advance(600)
    seen = forecast(session.state, session.now())
    assert seen.start_offset_s == pytest.approx(600)  # not begun, already ten minutes late
    assert seen.planned_end == NINE + timedelta(seconds=600 + session.script.planned_s)
    session.execute(Advance())
    seen = forecast(session.state, session.now())
    assert seen.planned_start == NINE
    assert seen.start_offset_s == pytest.approx(600)
    assert seen.planned_end == NINE + timedelta(seconds=600 + session.script.planned_s)
    assert seen.over_s == pytest.approx(0)  # started late, but running to plan


def test_an_early_start_is_shown_as_early_and_not_as_ahead_of_plan(
    small: LoadedAgenda, tmp_path: Path
) -> None:
    clock = FakeClock(start=NINE - timedelta(minutes=5))
    session = Session.start(small, tmp_path / "j.jsonl", clock)
    seen = forecast(session.state, session.now())
    assert seen.start_offset_s == 0  # before the planned start there is still time
    assert seen.planned_end == NINE + timedelta(seconds=session.script.planned_s)
    session.execute(Advance())
    seen = forecast(session.state, session.now())
    assert seen.start_offset_s == pytest.approx(-300)
    assert seen.over_s == pytest.approx(0)
    session.close()


def test_a_run_at_another_hour_compares_durations_not_clock_times(
    small: LoadedAgenda, tmp_path: Path
) -> None:
    clock = FakeClock(start=NINE.replace(hour=3, minute=55))  # a rehearsal before dawn
    session = Session.start(small, tmp_path / "j.jsonl", clock)
    session.execute(Advance())
    seen = forecast(session.state, session.now())
    assert seen.start_offset_s == pytest.approx(-(5 * 3600 + 5 * 60))
    assert seen.over_s == pytest.approx(0)  # not "5:04:05 under"
    session.close()


def test_without_a_planned_start_the_plan_runs_from_the_actual_start(
    start_session: SessionFactory, sample: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(sample)
    assert sample.agenda.meeting.planned_start is None
    clock.advance(300)
    session.execute(Advance())
    assert planned_start(session.state, session.now()) == NINE + timedelta(seconds=300)
    seen = forecast(session.state, session.now())
    assert seen.planned_end == NINE + timedelta(seconds=300 + session.script.planned_s)


def _read_opening_at(session: Session, clock: FakeClock, cpm: float) -> float:
    """Read the sample's four opening lines at ``cpm``; return the characters read."""
    session.execute(Advance())
    chars = 0.0
    for slot in range(4):
        text = session.state.line_text(slot)
        chars += reading_chars(text)
        clock.advance(reading_chars(text) / cpm * 60)
        session.execute(Advance())
    return chars


def test_the_pace_is_measured_over_the_lines_already_read(
    start_session: SessionFactory, sample: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(sample)
    _read_opening_at(session, clock, 110)
    assert measured_pace(session.state, session.now().t) == pytest.approx(110)


def test_a_slow_chair_moves_the_forecast_later_by_the_lines_still_to_read(
    start_session: SessionFactory, sample: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(sample)
    _read_opening_at(session, clock, CHINESE_CHARS_PER_MINUTE)
    on_pace = forecast(session.state, session.now())
    assert on_pace.over_s == pytest.approx(0, abs=1)

    slow = start_session_again(sample, clock)
    _read_opening_at(slow, clock, CHINESE_CHARS_PER_MINUTE / 2)
    state = slow.state
    seen = forecast(state, slow.now())
    assert seen.pace_cpm == pytest.approx(CHINESE_CHARS_PER_MINUTE / 2)
    # Reading the opening took its estimate twice over; every later line will too.
    opening = sum(state.script.slots[slot].planned_s for slot in range(4))
    later_lines = sum(
        slot.planned_s
        for slot in state.script.slots[4:]
        if slot.kind.value in ("line", "outcome") and not slot.planned_given
    )
    # The opening ran over by its own estimate, and every line still to read will take twice its
    # estimate; cues and the vote keep their planned times.
    assert seen.over_s == pytest.approx(opening + later_lines, abs=1)


def start_session_again(agenda: LoadedAgenda, clock: FakeClock) -> Session:
    """A second session in the same test, on its own journal."""
    return Session.start(agenda, Path(tempfile.mkdtemp()) / "journal.jsonl", clock)


def test_too_little_reading_keeps_the_standard_pace(
    start_session: SessionFactory, sample: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(sample)
    session.execute(Advance())
    clock.advance(MIN_SAMPLE_S / 2)
    session.execute(Advance())
    assert measured_pace(session.state, session.now().t) is None


def test_a_measured_pace_is_clamped(
    start_session: SessionFactory, sample: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(sample)
    _read_opening_at(session, clock, 5000)
    assert measured_pace(session.state, session.now().t) is None  # under MIN_SAMPLE_S
    session = start_session_again(sample, clock)
    _read_opening_at(session, clock, 20)
    assert measured_pace(session.state, session.now().t) == PACE_RANGE[0]


def test_a_cue_over_its_planned_time_pushes_the_forecast_second_for_second(
    start_session: SessionFactory, small: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(small)
    session.execute(Advance())
    session.execute(Advance())
    session.execute(RecordRollCall(6))
    session.execute(JumpTo(1))
    session.execute(Advance())
    assert session.state.slot == 3  # 汇报毕, planned 8m
    at_cue = forecast(session.state, session.now()).forecast_end
    clock.advance(8 * 60)  # the cue's planned time
    assert forecast(session.state, session.now()).forecast_end == at_cue
    clock.advance(2 * 60)  # the item's slack: planned 10m, scripted 8m and a short line
    assert forecast(session.state, session.now()).forecast_end == at_cue
    clock.advance(120)
    assert forecast(session.state, session.now()).forecast_end == at_cue + timedelta(seconds=120)


def test_an_item_with_a_planned_time_keeps_it_beyond_its_scripted_steps(
    start_session: SessionFactory, small: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(small)
    session.execute(Advance())
    session.execute(Advance())
    session.execute(RecordRollCall(6))
    session.execute(JumpTo(1))  # item 1: planned 10m, scripted about 8m
    parts = session.script.parts[1:]
    item = parts[0]
    assert sum(session.script.slots[slot].planned_s for slot in item.slots) < item.planned_s
    seen = forecast(session.state, session.now())
    assert seen.remaining_s == pytest.approx(sum(part.planned_s for part in parts))


def test_a_pause_moves_the_forecast_with_the_wall_clock(
    start_session: SessionFactory, small: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(small)
    session.execute(Advance())
    session.execute(Pause())
    before = forecast(session.state, session.now()).forecast_end
    clock.advance(600)
    assert forecast(session.state, session.now()).forecast_end == before + timedelta(seconds=600)


def test_after_the_end_the_forecast_is_the_end(
    start_session: SessionFactory, small: LoadedAgenda, clock: FakeClock
) -> None:
    session = start_session(small)
    session.execute(Advance())
    clock.advance(90)
    session.execute(End())
    clock.advance(1000)
    seen = forecast(session.state, session.now())
    assert seen.forecast_end == NINE + timedelta(seconds=90)
    assert seen.remaining_s == 0
    assert seen.over_s < 0

"""The whole sample meeting, run by key presses only, checked against its journal."""

from __future__ import annotations

from facilitator.agenda.model import CueStep
from facilitator.engine.events import (
    MeetingEnded,
    MeetingStarted,
    NoteAdded,
    Paused,
    Resumed,
    StepEntered,
    VoteRecorded,
)
from facilitator.engine.script import SlotKind
from facilitator.engine.state import Phase, replay
from facilitator.journal.store import read_journal
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.console import ConsoleScreen
from facilitator.tui.screens.summary import SummaryScreen
from tests.tui.conftest import clock_of

READ_S = 20.0
"""How long the chair takes over each line in this run."""
CUE_EXTRA_S = 30.0
"""Every speaker runs this much over the planned time."""


async def test_the_sample_meeting_runs_from_the_keyboard_alone(
    sample_app: FacilitatorApp,
) -> None:
    app = sample_app
    clock = clock_of(app)
    script = app.session.state.script
    expected_cue_s: dict[int, float] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        while app.session.state.phase is Phase.RUNNING:
            state = app.session.state
            slot = state.slot
            assert slot is not None
            entry = script.slots[slot]
            if isinstance(entry.step, CueStep):
                seconds = float(entry.step.planned or 0) + CUE_EXTRA_S
                expected_cue_s[slot] = seconds
                clock.advance(seconds)
            else:
                clock.advance(READ_S)
            if entry.kind is SlotKind.VOTE:
                await pilot.press("space")  # refused: the vote is not recorded
                assert app.session.state.slot == slot
                await pilot.press("v", "7", "tab", "1", "tab", "1", "enter")
            if slot == 9:
                await pilot.press("p")
                clock.advance(300)
                await pilot.press("p", "n", *"break", "enter")
            await pilot.press("space")
            assert isinstance(app.screen, ConsoleScreen | SummaryScreen)
        assert isinstance(app.screen, SummaryScreen)

    events = read_journal(app.session.journal_path).events
    assert sum(isinstance(event, MeetingStarted) for event in events) == 1
    entered = [event.slot for event in events if isinstance(event, StepEntered)]
    branches = script.slots[11].branches
    assert branches is not None
    # every step in order, except the branch for a failed vote
    assert entered == [s for s in range(1, len(script.slots)) if s not in branches[1]]
    [vote] = [event for event in events if isinstance(event, VoteRecorded)]
    assert (vote.slot, vote.for_, vote.against, vote.abstain, vote.present, vote.passed) == (
        11,
        7,
        1,
        1,
        9,
        True,
    )
    assert [type(event) for event in events if isinstance(event, Paused | Resumed)] == [
        Paused,
        Resumed,
    ]
    assert [event.text for event in events if isinstance(event, NoteAdded)] == ["break"]
    assert isinstance(events[-1], MeetingEnded) and not events[-1].early

    state = replay(script, events)
    assert sorted(expected_cue_s) == [5, 8, 10, 16]
    for slot, seconds in expected_cue_s.items():
        assert state.slot_seconds(slot, state.last_t) == seconds
    assert [getattr(script.slots[slot].step, "cue", None) for slot in sorted(expected_cue_s)] == [
        "汇报毕",
        "介绍毕",
        "发言毕",
        "发言毕",
    ]
    assert state.slot_seconds(9, state.last_t) == READ_S  # the break is not item time
    assert state.paused_seconds(state.last_t) == 300

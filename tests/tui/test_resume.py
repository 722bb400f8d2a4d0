"""After ``--resume`` the console is exactly where it was: item, step, stopwatch, open dialog."""

from __future__ import annotations

from pathlib import Path

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, RecordRollCall
from facilitator.session import Session
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.console import ConsoleScreen
from facilitator.tui.screens.dialogs import RollCallDialog
from facilitator.tui.screens.vote import VoteDialog
from facilitator.tui.widgets.banners import CueBanner
from tests.tui.test_console import SIZE, shown, status


def crash_at(
    agenda: LoadedAgenda, journal: Path, clock: FakeClock, advances: int, *, roll_call: bool
) -> Session:
    """Run a session to a slot, then drop it as a crash would (no goodbye event)."""
    session = Session.start(agenda, journal, clock)
    for _ in range(advances):
        clock.advance(20)
        session.execute(Advance())
        if roll_call and session.state.slot == 1:
            session.execute(RecordRollCall(6))
    session.close()
    return session


async def test_resuming_at_a_cue_continues_its_stopwatch_and_reports_the_gap(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    journal = tmp_path / "j.jsonl"
    before = crash_at(small, journal, clock, 4, roll_call=True)
    assert before.state.slot == 3  # the 汇报毕 cue
    clock.advance(300)  # the report goes on; the laptop died some time after the last event
    app = FacilitatorApp(Session.resume(small, journal, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.state.position == before.state.position
        assert isinstance(app.screen, ConsoleScreen)
        banner = app.console_screen.query_one(CueBanner)
        assert banner.display
        assert "5:00" in shown(banner)  # entered at the last event, 300 s ago
        assert "已从记录恢复，中断 5:00" in shown(status(app))


async def test_resuming_at_an_unrecorded_vote_reopens_the_vote_dialog(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    journal = tmp_path / "j.jsonl"
    crash_at(small, journal, clock, 6, roll_call=True)
    app = FacilitatorApp(Session.resume(small, journal, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.state.slot == 5
        assert isinstance(app.screen, VoteDialog)


async def test_resuming_at_an_unrecorded_roll_call_asks_who_is_present(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    journal = tmp_path / "j.jsonl"
    crash_at(small, journal, clock, 2, roll_call=False)
    app = FacilitatorApp(Session.resume(small, journal, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.state.slot == 1
        assert isinstance(app.screen, RollCallDialog)

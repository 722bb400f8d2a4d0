"""The console during a rehearsal says 彩排 in its header."""

from __future__ import annotations

from pathlib import Path

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.session import Session
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.header import MeetingHeader
from tests.tui.test_console import shown


async def test_the_header_says_rehearsal_during_a_rehearsal(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    session = Session.start(small, tmp_path / "r.jsonl", clock, rehearsal=True)
    app = FacilitatorApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        header = shown(app.console_screen.query_one(MeetingHeader))
        assert "【彩排】测试委员会第三次会议" in header
    assert session.rehearsal


async def test_the_header_of_a_meeting_does_not(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=(100, 30)):
        assert "彩排" not in shown(small_app.console_screen.query_one(MeetingHeader))

"""The terminal chair view follows the journal incrementally: each change costs only its bytes."""

from __future__ import annotations

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, Pause, Resume, Start
from facilitator.tui.chair import ChairApp
from tests.conftest import SessionFactory


async def test_the_chair_view_reads_each_appended_byte_once(
    sample: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(sample)
    app = ChairApp(session.journal_path, clock=lambda: clock.now().at, poll_interval=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        for command in (Start(), Advance(), Pause(), Resume(), Advance()):
            clock.advance(5)
            session.execute(command)
            app.check_journal()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.meeting == session.state
        assert app.follower.bytes_read == session.journal_path.stat().st_size
        assert app.follower.reads == 6  # the first read, then one per event
    session.close()

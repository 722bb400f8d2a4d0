"""The room display's fixtures: a session on the sample meeting, a server following its journal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from benchmarks.room_load import ServerProcess
from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, Command, RecordUnanimous, Start
from facilitator.session import Session
from tests.conftest import SessionFactory


@pytest.fixture
def clock() -> FakeClock:
    """A clock that moves only when a test says so, starting now: the server's clocks run on
    the real wall time from the journal's last event, so the journal's times must be near it."""
    return FakeClock(start=datetime.now().astimezone())


@pytest.fixture
def session(sample: LoadedAgenda, start_session: SessionFactory) -> Iterator[Session]:
    """The operator's session on the sample meeting, journal in tmp_path."""
    session = start_session(sample)
    yield session
    session.close()


@pytest.fixture
def server(session: Session) -> Iterator[ServerProcess]:
    """``facilitator serve`` on the session's journal, loopback, any free port."""
    with ServerProcess(session.journal_path) as server:
        yield server


def run(session: Session, clock: FakeClock, *commands: Command, seconds: float = 5) -> None:
    """Let ``seconds`` pass before each command, then execute it."""
    for command in commands:
        clock.advance(seconds)
        session.execute(command)


def to_slot(session: Session, clock: FakeClock, slot: int) -> None:
    """Advance to a slot of the sample meeting, recording a unanimous vote on the way (slot 11)."""
    if session.state.slot is None:
        run(session, clock, Start())
    while session.state.slot != slot:
        current = session.state.slot
        if current == 11 and 11 not in session.state.position.votes:
            run(session, clock, RecordUnanimous())
        run(session, clock, Advance())

"""The room display's fixtures: a session on the sample meeting, a server following its journal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.room_load import ServerProcess
from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Command
from facilitator.session import Session
from tests.conftest import SessionFactory


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

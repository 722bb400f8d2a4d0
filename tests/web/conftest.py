"""The room display's fixtures: a session on the sample meeting, a server following its journal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from benchmarks.room_load import ServerProcess
from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Command
from facilitator.session import Session
from tests.conftest import SessionFactory
from tests.conftest import run as shared_run
from tests.conftest import to_slot as shared_to_slot


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
    """Commands as the operator sends them, ``seconds`` apart (5 here)."""
    shared_run(session, clock, *commands, seconds=seconds)


def to_slot(session: Session, clock: FakeClock, slot: int) -> None:
    """Advance the sample meeting to a slot, 5 seconds a step."""
    shared_to_slot(session, clock, slot, seconds=5)

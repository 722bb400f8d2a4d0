"""Shared fixtures: agendas, a fake clock, sessions on a temporary journal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from facilitator.agenda.load import LoadedAgenda, load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, Command, RecordUnanimous, Start
from facilitator.session import Session

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "facilitator" / "examples" / "leading-group-first-meeting.yaml"
SMALL = Path(__file__).parent / "data" / "agendas" / "small.yaml"
BRANCHES = Path(__file__).parent / "data" / "agendas" / "branches.yaml"
"""A meeting with outcome branches (one nested), a decision by applause and an election."""
ELECTION = ROOT / "facilitator" / "examples" / "branch-committee-election.yaml"
"""The election meeting of the genre: 推选监票人 by applause, ballots, counting, 当选."""


@pytest.fixture
def clock() -> FakeClock:
    """A clock that moves only when a test says so."""
    return FakeClock()


@pytest.fixture
def small() -> LoadedAgenda:
    """A short meeting with a roll call, a cue, a two-thirds vote and a placeholder."""
    return load_agenda(SMALL)


@pytest.fixture
def sample() -> LoadedAgenda:
    """The real meeting the product was made for."""
    return load_agenda(SAMPLE)


@pytest.fixture
def branches() -> LoadedAgenda:
    """Outcome branches (one nested), a decision by applause and an election."""
    return load_agenda(BRANCHES)


EventT = TypeVar("EventT")

SessionFactory = Callable[[LoadedAgenda], Session]


@pytest.fixture
def start_session(tmp_path: Path, clock: FakeClock) -> SessionFactory:
    """Start a session on a new journal in ``tmp_path``, timed by ``clock``."""

    def start(agenda: LoadedAgenda) -> Session:
        return Session.start(agenda, tmp_path / "journal.jsonl", clock)

    return start


def only(kind: type[EventT], events: list[Any]) -> EventT:
    """The single event a command caused, checked to be of ``kind``."""
    [event] = events
    assert isinstance(event, kind), f"expected {kind.__name__}, got {type(event).__name__}"
    return event


def run(session: Session, clock: FakeClock, *commands: Command, seconds: float = 10) -> None:
    """Commands as the operator sends them, ``seconds`` apart."""
    for command in commands:
        clock.advance(seconds)
        session.execute(command)


def to_slot(session: Session, clock: FakeClock, slot: int, *, seconds: float = 10) -> None:
    """Advance the sample meeting to a slot, ``seconds`` a step, recording a unanimous vote on
    the way (slot 11)."""
    if session.state.slot is None:
        run(session, clock, Start(), seconds=seconds)
    while session.state.slot != slot:
        if session.state.slot == 11 and 11 not in session.state.position.votes:
            run(session, clock, RecordUnanimous(), seconds=seconds)
        run(session, clock, Advance(), seconds=seconds)

"""A follower reading a growing journal bit by bit is always where a full replay of it is."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.agenda.load import LoadedAgenda, load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Back,
    Command,
    Pause,
    RecordRollCall,
    RecordVote,
    Refused,
    Resume,
    Start,
)
from facilitator.engine.events import SessionStarted
from facilitator.engine.script import compile_script
from facilitator.engine.state import MeetingState, drafted, initial_state, replay, settled
from facilitator.journal.follow import JournalFollower
from facilitator.journal.record import journal_agenda
from facilitator.journal.store import JournalError, read_journal
from facilitator.session import Session
from tests.conftest import SMALL, SessionFactory
from tests.test_replay_reference import same


def full_replay(path: Path) -> MeetingState:
    """What resume, report and export see: every complete event of the file, folded."""
    events = read_journal(path).events
    first = events[0]
    assert isinstance(first, SessionStarted)
    return replay(journal_agenda(first.agenda_text, str(path))[1], events)


def drive(
    session: Session, clock: FakeClock, commands: list[Command], then: Callable[[], None]
) -> None:
    """Each command after a while (a refused one writes nothing), then ``then()``."""
    for command in commands:
        clock.advance(7)
        with contextlib.suppress(Refused):
            session.execute(command)
        then()


MEETING: list[Command] = [
    Start(),
    Advance(),
    AddNote("记"),
    RecordRollCall(7),
    Advance(),
    Pause(),
    Resume(),
    Advance(),
    Back(),
    Advance(),
    RecordVote(5),
    Advance(),
]


def test_after_every_event_and_a_torn_line_completed_by_a_recovery_the_follower_is_the_replay(
    small: LoadedAgenda,
    start_session: SessionFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = start_session(small)
    follower = JournalFollower(session.journal_path)

    def check() -> None:
        follower.poll()
        assert follower.state is not None
        same(follower.state, full_replay(session.journal_path))
        same(follower.state, session.state)

    check()
    drive(session, clock, MEETING, check)
    assert session.state.last_seq > len(MEETING) // 2
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data)[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(JournalError):
        session.execute(AddNote("断"))
    monkeypatch.setattr(os, "write", real_write)
    check()  # the torn last line waits; the state is the last acknowledged one
    assert follower.offset < session.journal_path.stat().st_size
    # the next command first writes journal_recovered, which accounts for the torn line
    drive(session, clock, [AddNote("补"), Back(), Advance()], check)
    assert follower.state is not None and len(follower.state.torn) == 1
    session.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cuts=st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=30))
def test_a_journal_read_in_arbitrary_pieces_folds_as_the_replay_of_its_complete_lines(
    tmp_path_factory: pytest.TempPathFactory, cuts: list[int]
) -> None:
    directory = tmp_path_factory.mktemp("pieces")
    clock = FakeClock()
    session = Session.start(load_agenda(SMALL), directory / "journal.jsonl", clock)
    drive(session, clock, MEETING, lambda: None)
    session.close()
    data = session.journal_path.read_bytes()
    copy = directory / "copy.jsonl"
    copy.write_bytes(b"")
    follower = JournalFollower(copy)
    written = 0
    for cut in [*cuts, len(data)]:
        piece = data[written : written + cut]
        written += len(piece)
        with copy.open("ab") as file:
            file.write(piece)
        if not data[:written].count(b"\n"):
            continue  # not even the first line yet
        follower.poll()
        assert follower.state is not None
        # the follower applies a line once its newline is there (a complete line without one may
        # still be torn); a full replay would already take it, so compare the finished lines
        finished = directory / "finished.jsonl"
        finished.write_bytes(data[: data.rfind(b"\n", 0, written) + 1])
        same(follower.state, full_replay(finished))
    assert follower.state is not None
    same(follower.state, session.state)


@pytest.mark.parametrize(
    "name", ["sample-finished", "election-finished", "small-failed", "small-live", "small-torn"]
)
def test_a_first_read_folds_on_a_draft_and_leaves_a_settled_state_that_follows_on(
    tmp_path: Path, name: str
) -> None:
    """The first poll folds the whole journal so far as a replay does (on a draft); what it
    leaves is an ordinary state, equal to the replay, that later polls derive from as usual
    (and that a poll never changes under a view that holds it)."""
    data = (Path(__file__).parent / "data" / "journals" / f"{name}.jsonl").read_bytes()
    lines = data.splitlines(keepends=True)
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(b"".join(lines[:-1]))
    follower = JournalFollower(copy)
    follower.poll()
    first = follower.state
    assert type(first) is MeetingState  # settled: not the draft the fold ran on
    same(first, full_replay(copy))
    held = full_replay(copy)
    with copy.open("ab") as file:
        file.write(lines[-1])
    follower.poll()
    same(first, held)  # the state a view held is as it was
    if lines[-1].endswith(b"\n"):  # a complete last line is applied; a torn one waits
        assert follower.state is not None and follower.state is not first
        same(follower.state, full_replay(copy))
    else:
        assert follower.state is first


def test_settling_a_state_that_is_no_draft_returns_it_as_it_is() -> None:
    state = initial_state(compile_script(load_agenda(SMALL).agenda))
    assert settled(state) is state
    draft = drafted(state)
    assert draft is not state
    assert type(settled(draft)) is MeetingState

"""A running follower notices what verify notices: a journal cut short, a line changed after it
was read, garbage appended; it keeps the last good state and recovers once the file is right.

The follower's check of what it has read runs on an injected monotonic clock: every test says
when it is due, so none sleeps.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import AddNote, Advance, Pause, Resume
from facilitator.journal.follow import RECHECK_S, JournalFollower
from facilitator.journal.store import JournalError
from facilitator.session import Session
from tests.conftest import SessionFactory, run


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def meeting(small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock) -> Session:
    """A session some way into the small meeting: 8 events (line 4 the note 一, 8 the last)."""
    session = start_session(small)
    run(session, clock, Advance(), Advance(), AddNote("一"), Pause(), Resume(), AddNote("二"))
    run(session, clock, AddNote("三"))
    assert session.state.last_seq == 8
    return session


def edit_in_place(path: Path, number: int, old: bytes, new: bytes) -> bytes:
    """Replace ``old`` by ``new`` (as long) in line ``number``, same inode, same size; return the
    file as it was."""
    assert len(old) == len(new)
    whole = path.read_bytes()
    lines = whole.splitlines(keepends=True)
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    with path.open("r+b") as file:  # not a new file: written over in place
        file.write(b"".join(lines))
    assert len(path.read_bytes()) == len(whole)
    return whole


def test_a_journal_cut_short_is_an_error_naming_where_and_the_state_stays(
    meeting: Session, ticks: Ticks, clock: FakeClock
) -> None:
    follower = JournalFollower(meeting.journal_path, monotonic=ticks)
    follower.poll()
    good = follower.state
    whole = meeting.journal_path.read_bytes()
    lines = whole.splitlines(keepends=True)
    os.truncate(meeting.journal_path, len(b"".join(lines[:5])))  # seq 8 -> 5
    for _ in range(2):  # and again: it never rewinds to seq 5 as if nothing happened
        with pytest.raises(JournalError, match=r"journal.jsonl:6: the journal was cut short here"):
            follower.poll()
        assert follower.state is good and follower.seq == 8
    with meeting.journal_path.open("r+b") as file:  # restored
        file.write(whole)
    run(meeting, clock, AddNote("四"))
    assert [event.seq for event in follower.poll()] == [9]
    assert follower.state == meeting.state
    meeting.close()


def test_a_middle_line_edited_in_place_is_found_at_the_next_check_and_named(
    meeting: Session, ticks: Ticks
) -> None:
    follower = JournalFollower(meeting.journal_path, monotonic=ticks)
    follower.poll()
    good = follower.state
    whole = edit_in_place(meeting.journal_path, 4, "一".encode(), "壹".encode())
    assert follower.poll() == []  # before the check is due: what was read is not read again
    assert not follower.wants_poll()
    ticks.now += RECHECK_S
    assert follower.wants_poll()  # a view polls now even though the file looks unchanged
    with pytest.raises(JournalError, match=r"journal.jsonl:4: this line changed after it was read"):
        follower.poll()
    assert follower.state is good
    with pytest.raises(JournalError, match=r":4: this line changed"):  # checked at every poll
        follower.poll()
    meeting.journal_path.write_bytes(whole)  # the edit undone
    assert follower.poll() == []
    assert follower.state == good and follower.checks == 3  # due, then at each poll till good
    ticks.now += 1
    assert not follower.wants_poll()  # good again: the next check waits its turn
    meeting.close()


def test_an_edit_hidden_behind_an_append_is_found_too(
    meeting: Session, ticks: Ticks, clock: FakeClock
) -> None:
    follower = JournalFollower(meeting.journal_path, monotonic=ticks)
    follower.poll()
    edit_in_place(meeting.journal_path, 2, b'"seq"', b'"sex"')
    run(meeting, clock, AddNote("四"))  # the file grows as usual; its middle changed
    ticks.now += RECHECK_S
    with pytest.raises(JournalError, match=r":2: not a journal event \(this line changed after"):
        follower.poll()
    assert follower.seq == 8
    meeting.close()


def test_a_garbage_line_appended_is_an_error_at_the_next_poll_and_recovers_once_removed(
    meeting: Session, ticks: Ticks, clock: FakeClock
) -> None:
    follower = JournalFollower(meeting.journal_path, monotonic=ticks)
    follower.poll()
    good = follower.state
    size = meeting.journal_path.stat().st_size
    with meeting.journal_path.open("ab") as file:
        file.write(b'{"seq": 9, "type": "vote_recorded", "for": 8\n')
    assert follower.poll() == []  # it may be a torn line the writer is about to account for
    assert follower.wants_poll()  # so the view looks again without waiting for a change
    with pytest.raises(JournalError, match=r"journal.jsonl:9: not a journal event \(added after"):
        follower.poll()
    assert follower.state is good
    assert not follower.wants_poll()  # said once; looked at again when the file changes
    os.truncate(meeting.journal_path, size)  # removed
    assert follower.poll() == []
    run(meeting, clock, AddNote("四"))
    assert [event.seq for event in follower.poll()] == [9]
    assert follower.state == meeting.state
    meeting.close()


def test_a_foreign_file_in_its_place_keeps_the_last_state_and_the_journal_put_back_goes_on(
    meeting: Session, ticks: Ticks, clock: FakeClock
) -> None:
    follower = JournalFollower(meeting.journal_path, monotonic=ticks)
    follower.poll()
    good = follower.state
    whole = meeting.journal_path.read_bytes()
    meeting.journal_path.write_bytes(b"hello\n" + b"x" * len(whole))  # same inode, larger
    ticks.now += RECHECK_S
    with pytest.raises(JournalError, match="not a facilitator journal"):
        follower.poll()
    assert follower.state is good and follower.seq == 8
    meeting.journal_path.write_bytes(whole)
    run(meeting, clock, AddNote("四"))
    assert [event.seq for event in follower.poll()] == [9]
    assert follower.state == meeting.state
    meeting.close()


def test_a_torn_line_that_the_next_event_accounts_for_is_no_error(
    meeting: Session, ticks: Ticks, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    follower = JournalFollower(meeting.journal_path, monotonic=ticks)
    follower.poll()
    real_write = os.write

    def torn(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data)[:12])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", torn)
    with pytest.raises(JournalError):
        meeting.execute(AddNote("四"))
    monkeypatch.setattr(os, "write", real_write)
    assert follower.poll() == [] and follower.poll() == []  # unfinished: it waits
    run(meeting, clock, AddNote("四"))  # journal_recovered, then the note
    assert [event.type for event in follower.poll()] == ["journal_recovered", "note_added"]
    meeting.close()


def test_the_check_of_what_was_read_is_rate_limited_while_the_file_only_gets_touched(
    meeting: Session, ticks: Ticks
) -> None:
    follower = JournalFollower(meeting.journal_path, monotonic=ticks)
    follower.poll()
    for _ in range(10):  # the console's heartbeat: the mtime moves, nothing is written
        os.utime(meeting.journal_path)
        ticks.now += 1
        assert follower.poll() == []
    assert follower.checks == 2  # at 5 s and at 10 s, not at every touch
    meeting.close()

"""The journal: fsynced appends, torn lines, the hash chain, replay, resume."""

from __future__ import annotations

import errno
import os
from datetime import timedelta
from pathlib import Path

import pytest

from facilitator.agenda.load import LoadedAgenda, parse_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Command,
    Pause,
    RecordRollCall,
    RecordVote,
    Resume,
)
from facilitator.engine.state import MeetingState, replay
from facilitator.journal.record import load_record
from facilitator.journal.store import JournalError, line_hash, read_journal
from facilitator.journal.verify import verify_journal
from facilitator.session import AgendaChanged, Session
from tests.conftest import SessionFactory

SCRIPTED: list[tuple[Command, float]] = [
    (Advance(), 0),
    (Advance(), 20),
    (RecordRollCall(6), 15),
    (Advance(), 5),
    (Advance(), 40),
    (Pause(), 300),
    (AddNote("茶歇"), 60),
    (Resume(), 540),
    (Advance(), 100),
    (Advance(), 30),
    (RecordVote(for_=5, against=1), 90),
    (Advance(), 5),
]


def run(session: Session, clock: FakeClock) -> list[MeetingState]:
    states = [session.state]
    for command, delay in SCRIPTED:
        clock.advance(delay)
        session.execute(command)
        states.append(session.state)
    return states


def test_every_prefix_of_a_journal_replays_to_the_state_the_live_engine_had(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    live = run(session, clock)
    events = read_journal(session.journal_path).events
    assert len(events) == len(live)  # one event per command here, plus session_started
    for count, expected in enumerate(live, start=1):
        assert replay(session.script, events[:count]) == expected


def test_each_append_is_fsynced_before_it_returns(
    small: LoadedAgenda, start_session: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = start_session(small)
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        synced.append(os.fstat(fd).st_size)

    monkeypatch.setattr(os, "fsync", fsync)
    session.execute(Advance())
    size = session.journal_path.stat().st_size
    assert synced == [size]


def test_events_carry_seq_time_and_the_hash_of_the_previous_line(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock)
    raw_lines = session.journal_path.read_bytes().splitlines()
    events = read_journal(session.journal_path).events
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert events[0].prev is None
    for line, event in zip(raw_lines, events[1:], strict=False):
        assert event.prev == line_hash(line)
    assert all(event.at.utcoffset() is not None for event in events)
    ok, message = verify_journal(session.journal_path)
    assert ok, message


def test_verify_names_the_line_where_a_changed_journal_breaks(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock)
    lines = session.journal_path.read_bytes().splitlines(keepends=True)
    assert b'"present":6' in lines[3]
    lines[3] = lines[3].replace(b'"present":6', b'"present":7')
    session.journal_path.write_bytes(b"".join(lines))
    ok, message = verify_journal(session.journal_path)
    assert not ok
    assert message == (
        f"{session.journal_path}:4: changed after it was written (its hash no longer matches "
        "the prev of line 5)"
    )


def test_a_torn_last_line_is_skipped_and_reported_with_its_offset(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock)
    session.close()
    path = session.journal_path
    intact = path.read_bytes()
    with path.open("ab") as handle:
        handle.write(b'{"seq": 14, "at": "2026-11-27T09:3')
    contents = read_journal(path)
    assert len(contents.events) == 13
    assert contents.torn is not None
    assert (contents.torn.offset, contents.torn.length) == (len(intact), 34)


def test_resuming_after_a_torn_line_records_it_keeps_every_byte_and_continues_the_chain(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    before = run(session, clock)[-1]
    session.close()
    path = session.journal_path
    with path.open("ab") as handle:
        handle.write(b'{"seq": 14, "at": "2026')
    damaged = path.read_bytes()
    clock.advance(120)
    resumed = Session.resume(small, path, clock)
    assert path.read_bytes().startswith(damaged)
    assert resumed.state.position == before.position
    assert resumed.state.gaps[-1].seconds == 120
    resumed.execute(Advance())
    contents = read_journal(path)
    assert contents.torn is None
    assert [event.type for event in contents.events[-2:]] == ["session_resumed", "step_entered"]
    assert contents.events[-1].seq == 15
    ok, message = verify_journal(path)
    assert ok, message


def test_a_damaged_line_in_the_middle_is_an_error_naming_the_line(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock)
    path = session.journal_path
    lines = path.read_bytes().splitlines(keepends=True)
    lines[3] = b"garbage\n"
    path.write_bytes(b"".join(lines))
    with pytest.raises(JournalError) as caught:
        read_journal(path)
    assert str(caught.value) == (
        f"{path}:4: not a journal event (a damaged line in the middle of the journal)"
    )


def test_resuming_against_a_changed_agenda_is_refused_unless_forced(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock)
    session.close()
    edited = parse_agenda(small.text.replace("李四", "王五").encode(), str(small.path), small.path)
    with pytest.raises(AgendaChanged, match="different agenda"):
        Session.resume(edited, session.journal_path, clock)
    forced = Session.resume(edited, session.journal_path, clock, force=True)
    assert forced.state.slot == session.state.slot


def test_time_continues_across_a_resume_from_the_last_t_plus_the_gap(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock)
    session.close()
    last_t = session.state.last_t
    later = FakeClock(start=clock.now().at + timedelta(seconds=75), t=0.0)
    resumed = Session.resume(small, session.journal_path, later)
    # A fake clock restarting at t=0 must not make time run backwards in the journal.
    assert resumed.state.last_t >= last_t
    assert resumed.state.gaps[-1].seconds == 75


def test_a_full_disk_loses_no_acknowledged_event_and_the_journal_recovers(
    small: LoadedAgenda,
    start_session: SessionFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = start_session(small)
    session.execute(Advance())
    acknowledged = session.state
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data)[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(JournalError, match="event 3 not saved: the disk is full"):
        session.execute(Advance())
    assert session.state == acknowledged  # the screen never shows what is not on disk
    monkeypatch.setattr(os, "write", real_write)
    session.execute(Advance())
    contents = read_journal(session.journal_path)
    assert [event.type for event in contents.events] == [
        "session_started",
        "meeting_started",
        "journal_recovered",
        "step_entered",
    ]
    assert contents.torn is None
    assert verify_journal(session.journal_path)[0]


def test_a_journal_is_never_created_over_an_existing_file(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"precious\n")
    with pytest.raises(JournalError, match="already exists"):
        Session.start(small, path, clock)
    assert path.read_bytes() == b"precious\n"


def test_a_record_is_rebuilt_from_the_journal_alone(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    final = run(session, clock)[-1]
    record = load_record(session.journal_path)
    assert record.state == final
    assert record.agenda.agenda == small.agenda


def test_a_crash_while_recording_a_torn_line_leaves_one_damaged_run_that_resume_accounts_for(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    before = run(session, clock)[-1]
    session.close()
    path = session.journal_path
    with path.open("ab") as handle:  # a power cut mid-write, then another while resuming
        handle.write(b'{"seq": 14, "at": "20')
        handle.write(b'\n{"seq": 14, "at": "2026-11-27T09:40:00+08:00", "t": 2')
    contents = read_journal(path)
    assert contents.torn is not None
    assert contents.torn.offset + contents.torn.length == contents.size  # both lines, as one run
    resumed = Session.resume(small, path, clock)
    assert resumed.state.position == before.position
    resumed.execute(AddNote("恢复后继续"))
    assert read_journal(path).torn is None
    assert verify_journal(path)[0]


def test_verify_names_the_line_where_a_line_was_removed(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock)
    lines = session.journal_path.read_bytes().splitlines(keepends=True)
    del lines[4]
    session.journal_path.write_bytes(b"".join(lines))
    assert verify_journal(session.journal_path) == (
        False,
        f"{session.journal_path}:5: event 5 missing before this line (lines were removed)",
    )

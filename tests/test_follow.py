"""The journal follower: reads only what was appended, applies only the new events."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, Pause, Start
from facilitator.journal.follow import JournalFollower
from facilitator.journal.store import JournalError
from facilitator.session import Session
from tests.conftest import SessionFactory


def test_each_poll_reads_only_the_appended_bytes_and_applies_only_the_new_events(
    sample: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(sample)
    follower = JournalFollower(session.journal_path)
    assert [event.type for event in follower.poll()] == ["session_started"]
    size = session.journal_path.stat().st_size
    assert follower.bytes_read == size and follower.offset == size
    assert follower.poll() == []
    clock.advance(3)
    session.execute(Start())
    clock.advance(5)
    session.execute(Advance())
    new = follower.poll()
    assert [event.seq for event in new] == [2, 3]
    grown = session.journal_path.stat().st_size
    assert follower.bytes_read == grown
    assert follower.state == session.state
    session.close()


def test_an_unfinished_last_line_waits_for_the_rest(
    sample: LoadedAgenda, start_session: SessionFactory, clock: FakeClock, tmp_path: Path
) -> None:
    session = start_session(sample)
    session.execute(Start())
    session.execute(Advance())
    data = session.journal_path.read_bytes()
    session.close()
    copy = tmp_path / "copy.jsonl"
    cut = len(data) - 20
    copy.write_bytes(data[:cut])
    follower = JournalFollower(copy)
    assert [event.seq for event in follower.poll()] == [1, 2]
    with copy.open("ab") as file:
        file.write(data[cut:])
    assert [event.seq for event in follower.poll()] == [3]
    assert follower.state == session.state


def test_a_line_whose_prev_is_not_the_hash_before_it_is_refused_by_line(
    sample: LoadedAgenda, start_session: SessionFactory, tmp_path: Path
) -> None:
    session = start_session(sample)
    session.execute(Start())
    lines = session.journal_path.read_bytes().splitlines(keepends=True)
    session.close()
    forged = json.loads(lines[1])
    forged["prev"] = "0" * 64
    copy = tmp_path / "forged.jsonl"
    copy.write_bytes(lines[0])
    follower = JournalFollower(copy)
    follower.poll()
    with copy.open("ab") as file:
        file.write(json.dumps(forged, ensure_ascii=False).encode() + b"\n")
    with pytest.raises(JournalError, match=r"forged.jsonl:2: .*prev"):
        follower.poll()
    assert follower.state is not None and follower.state.last_seq == 1  # the last good state


def test_a_journal_replaced_by_another_meeting_s_is_read_from_its_start(
    sample: LoadedAgenda, start_session: SessionFactory, clock: FakeClock, tmp_path: Path
) -> None:
    session = start_session(sample)
    session.execute(Start())
    session.execute(Pause())
    follower = JournalFollower(session.journal_path)
    follower.poll()
    assert follower.state is not None and follower.state.paused
    session.close()
    clock.advance(60)  # another session: another first line
    other = Session.start(sample, tmp_path / "other.jsonl", clock)
    other.close()
    other.journal_path.replace(session.journal_path)
    assert [event.seq for event in follower.poll()] == [1]
    assert follower.state is not None and follower.state.last_seq == 1


def test_an_empty_or_foreign_file_is_not_a_journal(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.touch()
    with pytest.raises(JournalError, match="not a facilitator journal"):
        JournalFollower(empty).poll()
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello\n")
    with pytest.raises(JournalError, match="not a facilitator journal"):
        JournalFollower(foreign).poll()
    with pytest.raises(JournalError, match="no such journal"):
        JournalFollower(tmp_path / "missing.jsonl").poll()


def test_a_fifo_in_place_of_the_journal_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "journal.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(JournalError, match="not a regular file"):
        JournalFollower(fifo).poll()


def test_a_journal_over_the_journal_limit_is_refused_by_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.inputs import InputKind

    small = InputKind("a journal", 100, missing="no such journal")
    monkeypatch.setattr("facilitator.journal.follow.JOURNAL", small)
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"{" + b" " * 200 + b"}\n")
    with pytest.raises(JournalError, match=r"big\.jsonl: is 203 bytes; a journal may be at most"):
        JournalFollower(big).poll()

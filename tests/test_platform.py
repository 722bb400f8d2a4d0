"""The journal's guarantees under each platform implementation that runs here.

:mod:`facilitator.journal.platform` has the POSIX calls and the portable fallbacks (Windows's
byte-range lock, seek + read, stat before open, no directory fsync). On Linux both run, so every
test here runs once per implementation: one writer, fsync before an append returns, the rescue
after a deletion, and a follower reading what is appended.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import AddNote, Advance
from facilitator.journal import platform
from facilitator.journal.follow import JournalFollower
from facilitator.journal.store import (
    JournalLocked,
    JournalLost,
    JournalWriter,
    is_locked,
    read_journal,
)
from facilitator.session import Session
from tests.conftest import SessionFactory


@pytest.fixture(params=platform.IMPLEMENTATIONS, ids=lambda impl: impl.name)
def impl(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> platform.FileSystem:
    """The journal running on one implementation (the other is not called at all)."""
    chosen: platform.FileSystem = request.param
    monkeypatch.setattr(platform, "CURRENT", chosen)
    return chosen


def test_both_implementations_run_on_this_machine() -> None:
    assert {impl.name for impl in platform.IMPLEMENTATIONS} == {"posix", "portable"}
    assert platform.CURRENT.name == "posix"


def test_a_second_writer_is_refused_and_the_lock_goes_with_the_first(
    impl: platform.FileSystem,
    small: LoadedAgenda,
    start_session: SessionFactory,
    clock: FakeClock,
) -> None:
    first = start_session(small)
    assert is_locked(first.journal_path)
    with pytest.raises(JournalLocked, match="in use by another console"):
        JournalWriter.open(first.journal_path)
    with pytest.raises(JournalLocked):
        Session.resume(small, first.journal_path, clock)
    assert len(read_journal(first.journal_path).events) == 1  # the refused ones wrote nothing
    first.close()
    assert not is_locked(first.journal_path)
    second = Session.resume(small, first.journal_path, clock)
    assert is_locked(first.journal_path)
    second.close()


def test_each_append_is_fsynced_before_it_returns_and_a_new_journal_s_directory_as_the_platform_can(
    impl: platform.FileSystem,
    small: LoadedAgenda,
    start_session: SessionFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order: list[tuple[str, int]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        info = os.fstat(fd)
        order.append(("dir" if stat.S_ISDIR(info.st_mode) else "fsync", info.st_size))

    monkeypatch.setattr(os, "fsync", fsync)
    session = start_session(small)
    created = list(order)
    order.clear()
    clock.advance(5)
    session.execute(Advance())
    order.append(("returned", session.journal_path.stat().st_size))
    clock.advance(5)
    session.execute(AddNote("茶歇"))
    order.append(("returned", session.journal_path.stat().st_size))
    session.close()
    first, second = order[1][1], order[3][1]
    assert order == [("fsync", first), ("returned", first), ("fsync", second), ("returned", second)]
    kinds = [kind for kind, _ in created]
    # the journal's name is made durable where the platform has a directory fsync
    assert ("dir" in kinds) is (impl.name == "posix")
    assert "fsync" in kinds


def test_a_deleted_journal_is_rescued_from_the_open_descriptor(
    impl: platform.FileSystem, small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    for command in (Advance(), Advance(), AddNote("茶歇")):
        clock.advance(10)
        session.execute(command)
    saved = session.journal_path.read_bytes()
    session.journal_path.unlink()
    with pytest.raises(JournalLost, match="deleted or moved away"):
        session.execute(AddNote("later"))
    rescued = session.journal.lost.rescued if session.journal.lost else None
    assert rescued is not None and rescued.read_bytes() == saved
    session.close()


def test_a_follower_reads_only_the_appended_bytes(
    impl: platform.FileSystem, small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    follower = JournalFollower(session.journal_path)
    assert [event.seq for event in follower.poll()] == [1]
    clock.advance(10)
    session.execute(Advance())
    session.execute(AddNote("到会"))
    assert [event.seq for event in follower.poll()] == [2, 3]
    assert follower.bytes_read == session.journal_path.stat().st_size
    assert follower.state == session.state
    session.close()


def test_reading_a_fifo_or_a_directory_is_refused_without_hanging(
    impl: platform.FileSystem, tmp_path: Path
) -> None:
    fifo = tmp_path / "journal.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(platform.NotRegularFile) as refused:
        platform.open_read(fifo)
    assert refused.value.what == "a FIFO"
    with pytest.raises(IsADirectoryError):
        platform.open_read(tmp_path)


def test_a_positional_read_reads_at_its_offset_whatever_was_read_before(
    impl: platform.FileSystem, tmp_path: Path
) -> None:
    path = tmp_path / "bytes"
    path.write_bytes(b"0123456789")
    fd = platform.open_read(path)
    try:
        assert platform.pread(fd, 3, 4) == b"456"
        assert platform.pread(fd, 3, 0) == b"012"
        assert platform.pread(fd, 5, 8) == b"89"
    finally:
        os.close(fd)


@pytest.fixture
def two_descriptors(tmp_path: Path) -> Iterator[tuple[int, int]]:
    path = tmp_path / "locked"
    path.write_bytes(b"{}\n")
    first, second = (os.open(path, os.O_RDWR | os.O_APPEND) for _ in range(2))
    yield first, second
    os.close(first)
    os.close(second)


def test_the_lock_is_held_per_open_file_even_within_one_process(
    impl: platform.FileSystem, two_descriptors: tuple[int, int]
) -> None:
    first, second = two_descriptors
    platform.lock(first)
    with pytest.raises(platform.LockHeld):
        platform.lock(second)
    platform.unlock(first)
    platform.lock(second)
    os.write(second, b"{}\n")  # the lock leaves appending alone
    assert os.fstat(second).st_size == 6

"""The session journal: JSON Lines, append-only, fsynced before anything is shown.

Nothing here ever rewrites or truncates a journal. A line that a power cut (or a full disk) left
half-written is *torn*: readers skip it and report its byte offset; the next session that writes
to the journal first ends it with a newline and then records, in a ``session_resumed`` or
``journal_recovered`` event, that it was skipped — so a torn line in the middle of a journal is
legitimate only when the event after it says so.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from facilitator.engine.events import (
    Event,
    EventBase,
    JournalRecovered,
    SessionResumed,
    TornLine,
    event_from_json,
    event_to_json,
)
from facilitator.inputs import JOURNAL, InputError, read_input

EventT = TypeVar("EventT", bound=EventBase)


class JournalError(Exception):
    """A journal that cannot be read or written; the message names the file (and line)."""


def line_hash(line: bytes) -> str:
    """SHA-256 (hex) of one journal line's bytes, without its newline: the next event's ``prev``."""
    return hashlib.sha256(line).hexdigest()


@dataclass(frozen=True)
class JournalContents:
    """What a journal holds."""

    events: list[Event]
    torn: TornLine | None
    """A torn last line, skipped (there can be at most one that no later event accounts for)."""
    size: int
    """The file's length in bytes when read."""
    ends_with_newline: bool
    last_hash: str | None
    """Hash of the last complete event's line: the ``prev`` of the next event."""


def _lines(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, bytes without newline) for every line, the last maybe unended."""
    offset = 0
    number = 0
    while offset < len(data):
        number += 1
        end = data.find(b"\n", offset)
        if end == -1:
            yield number, offset, data[offset:]
            return
        yield number, offset, data[offset:end]
        offset = end + 1


@dataclass(frozen=True)
class EventLine:
    """A complete event and the bytes it was read from."""

    number: int
    raw: bytes
    event: Event


@dataclass(frozen=True)
class DamagedRun:
    """One or more consecutive lines that are not events (a crash during a write, or two)."""

    number: int
    """The first damaged line's number."""
    torn: TornLine
    """From the first damaged byte to the end of the last damaged line."""


def scan(data: bytes) -> Iterator[EventLine | DamagedRun]:
    """Events and damaged runs in file order. A crash while recording an earlier torn line leaves
    two damaged lines in a row; they are one run, accounted for (or not) as one."""
    run: DamagedRun | None = None
    for number, offset, raw in _lines(data):
        if not raw.strip():
            continue
        try:
            event = event_from_json(raw)
        except ValidationError:
            if run is None:
                run = DamagedRun(number, TornLine(offset=offset, length=len(raw)))
            else:
                length = offset + len(raw) - run.torn.offset
                run = DamagedRun(run.number, TornLine(offset=run.torn.offset, length=length))
            continue
        if run is not None:
            yield run
            run = None
        yield EventLine(number, raw, event)
    if run is not None:
        yield run


def accounts_for(event: Event, torn: TornLine) -> bool:
    """Whether ``event`` records that ``torn`` was found and skipped."""
    return isinstance(event, SessionResumed | JournalRecovered) and event.torn == torn


def read_bytes(path: Path) -> bytes:
    """A journal's bytes (a regular file within the journal limit), or :class:`JournalError`
    naming the file."""
    try:
        data = read_input(path, JOURNAL)
    except InputError as error:
        raise JournalError(str(error)) from None
    if data and not data.lstrip().startswith(b"{"):
        raise JournalError(f"{path}: not a facilitator journal")
    return data


def walk(data: bytes, path: Path) -> tuple[list[EventLine], TornLine | None]:
    """The event lines in order, checked: seq 1, 2, 3 …, ``t`` never decreasing, and every damaged
    run accounted for by the event after it. A damaged run at the end is returned as torn."""
    lines: list[EventLine] = []
    pending: DamagedRun | None = None
    for entry in scan(data):
        if isinstance(entry, DamagedRun):
            pending = entry
            continue
        if pending is not None and not accounts_for(entry.event, pending.torn):
            raise JournalError(
                f"{path}:{pending.number}: not a journal event (a damaged line in the middle "
                "of the journal)"
            )
        pending = None
        event = entry.event
        previous = lines[-1].event if lines else None
        expected = previous.seq + 1 if previous else 1
        if event.seq != expected:
            raise JournalError(f"{path}:{entry.number}: event seq {event.seq}, expected {expected}")
        if previous is not None and event.t < previous.t:
            raise JournalError(f"{path}:{entry.number}: time runs backwards (t={event.t})")
        lines.append(entry)
    return lines, pending.torn if pending else None


def read_journal(path: str | Path) -> JournalContents:
    """Read every complete event; skip (and report) a torn end; refuse anything else broken."""
    path = Path(path)
    data = read_bytes(path)
    lines, torn = walk(data, path)
    return JournalContents(
        events=[line.event for line in lines],
        torn=torn,
        size=len(data),
        ends_with_newline=data.endswith(b"\n") or not data,
        last_hash=line_hash(lines[-1].raw) if lines else None,
    )


class JournalWriter:
    """Appends events to one journal file; each append is on disk when it returns.

    Opened with ``O_APPEND``: the file's existing bytes are never touched. ``prev`` is filled here,
    since only the writer knows the previous line's bytes.
    """

    def __init__(self, path: str | Path, *, last_hash: str | None, needs_newline: bool) -> None:
        self.path = Path(path)
        self._last_hash = last_hash
        self._needs_newline = needs_newline
        self._broken: TornLine | None = None
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as error:
            raise JournalError(
                f"{self.path}: cannot be opened for writing: {error.strerror}"
            ) from None

    @classmethod
    def create(cls, path: str | Path) -> JournalWriter:
        """A new, empty journal; refuses to touch an existing file."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise JournalError(f"{path}: a journal already exists here; use --resume") from None
        except OSError as error:
            raise JournalError(f"{path}: cannot be created: {error.strerror}") from None
        os.close(fd)
        _fsync_dir(path.parent)
        return cls(path, last_hash=None, needs_newline=False)

    @classmethod
    def reopen(cls, path: str | Path, contents: JournalContents) -> JournalWriter:
        """Continue an existing journal after reading it."""
        return cls(path, last_hash=contents.last_hash, needs_newline=not contents.ends_with_newline)

    @property
    def failed_write(self) -> TornLine | None:
        """Where a failed write may have left torn bytes; the next session event must say so."""
        return self._broken

    def append(self, event: EventT) -> EventT:
        """Write one event (with ``prev`` filled), flush and fsync; return the event as written."""
        stamped = event.model_copy(update={"prev": self._last_hash})
        line = event_to_json(stamped).encode("utf-8")
        prefix = b"\n" if self._needs_newline else b""
        offset = os.fstat(self._fd).st_size
        try:
            _write_all(self._fd, prefix + line + b"\n")
            os.fsync(self._fd)
        except OSError as error:
            size = os.fstat(self._fd).st_size
            if size > offset:
                torn_start = offset + len(prefix) if size > offset + len(prefix) else offset
                self._broken = TornLine(offset=torn_start, length=size - torn_start)
                self._needs_newline = True
            reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror
            raise JournalError(f"{self.path}: event {event.seq} not saved: {reason}") from None
        self._needs_newline = False
        self._broken = None
        self._last_hash = line_hash(line)
        return stamped

    def close(self) -> None:
        """Release the file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    """Make a new file's directory entry durable too (POSIX; a no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

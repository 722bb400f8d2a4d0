"""The session journal: JSON Lines, append-only, fsynced before anything is shown.

Nothing here ever rewrites or truncates a journal. A line that a power cut (or a full disk) left
half-written is *torn*: readers skip it and report its byte offset; the next session that writes
to the journal first ends it with a newline and then records, in a ``session_resumed`` or
``journal_recovered`` event, that it was skipped — so a torn line in the middle of a journal is
legitimate only when the event after it says so.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

from pydantic import ValidationError

from facilitator.engine.events import (
    EVENT_ADAPTER,
    Event,
    EventBase,
    JournalRecovered,
    MeetingEnded,
    SessionResumed,
    SessionStarted,
    TornLine,
    event_from_json,
    event_to_json,
)
from facilitator.inputs import JOURNAL, InputError, read_input
from facilitator.journal import platform

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


class EventLine(NamedTuple):
    """A complete event and the bytes it was read from (a tuple: one is made for every line of
    a journal, and a tuple is made faster than a frozen dataclass)."""

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


class OutOfOrder(Exception):
    """A journal not as a writer leaves it (a blank, damaged or edited line, a gap, time running
    back): to be read line by line instead, which names what is off."""


def split_lines(data: bytes) -> list[bytes]:
    """A journal's lines without their newlines (no empty last one after the final newline)."""
    raws = data.split(b"\n")
    if raws[-1] == b"":  # the file ends with a newline (or is empty)
        raws.pop()
    return raws


class InOrder:
    """The events of a journal's lines, when the journal is as a writer leaves it: each line an
    event, ``seq`` 1, 2, 3 … and ``t`` never decreasing; iterating raises :class:`OutOfOrder` at
    the first line that is not.

    The usual case of a long journal, read without :func:`scan`'s bookkeeping for every line:
    what :func:`walk`, ``verify_data`` and a resume read first, before they fall back on their
    exact per-line checks. A resume folds the events as they come and keeps none of them, so
    once iterated this says where the latest ``meeting_ended`` is.
    """

    def __init__(self, raws: list[bytes]) -> None:
        self.raws = raws
        self.latest_end: int | None = None
        """Index of the latest ``meeting_ended`` line, once iterated; None if there is none."""

    def __iter__(self) -> Iterator[Event]:
        # what event_from_json calls, minus two Python frames a line (the adapter's own and the
        # function's): a fifth of the parse of 100,000 lines
        parse = EVENT_ADAPTER.validator.validate_json
        expected, last_t, latest_end = 1, 0.0, None
        for index, raw in enumerate(self.raws):
            try:
                event: Event = parse(raw)  # a blank or damaged line raises
            except ValidationError:
                raise OutOfOrder from None
            if event.seq != expected or event.t < last_t:
                raise OutOfOrder
            expected, last_t = expected + 1, event.t
            if type(event) is MeetingEnded:  # exact: an isinstance miss costs 0.4 µs
                latest_end = index
            yield event
        self.latest_end = latest_end


def in_order(data: bytes) -> list[EventLine] | None:
    """Every line, when the journal is as a writer leaves it (see :class:`InOrder`); else None,
    and :func:`scan` (line by line) finds what is off."""
    raws = split_lines(data)
    try:
        events = list(InOrder(raws))
    except OutOfOrder:
        return None
    return list(map(EventLine, range(1, len(raws) + 1), raws, events))


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
    ordered = in_order(data)
    if ordered is not None:
        return ordered, None
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a whole journal is read and folded.

    Reading and replaying a long journal allocates a few small objects per event that all stay
    alive (the events, the state's shared history) and hold no reference cycles; the collector's
    full passes over them found nothing and cost as much as the fold itself (100,000 events:
    2.2 s with it, 1.4 s without). Reference counting still frees everything as usual; the
    collector runs again, as it would have, once the block ends. Nested uses keep it held.

    When the block leaves many new objects behind (a long journal read), they are frozen
    (``gc.freeze``) before the collector runs again: otherwise its first pass after the block
    walks every one of them, and later full passes do again, for nothing (100,000 events: 0.2 s
    at the end of a ``report``, and a resumed console's first paint 0.4 s later). Frozen
    objects are still freed by reference counting; only a reference cycle among them would
    stay until the process ends, and the state and the events hold none.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > _FREEZE_AFTER:
                gc.freeze()
            gc.enable()


_FREEZE_AFTER = 100_000
"""New objects (tracked by the collector) left by a read above which they are frozen: some
30,000 events read (a resume keeps only the state: some 35,000 events folded); below it a
full collector pass costs a few milliseconds, and nothing is frozen for the process's life."""


def read_journal(path: str | Path) -> JournalContents:
    """Read every complete event; skip (and report) a torn end; refuse anything else broken."""
    path = Path(path)
    return journal_contents(read_bytes(path), path)


def journal_contents(data: bytes, path: Path) -> JournalContents:
    """What :func:`read_journal` says of a journal's bytes (``path`` names it in errors)."""
    lines, torn = walk(data, path)
    return JournalContents(
        events=[line.event for line in lines],
        torn=torn,
        size=len(data),
        ends_with_newline=data.endswith(b"\n") or not data,
        last_hash=line_hash(lines[-1].raw) if lines else None,
    )


class JournalLocked(JournalError):
    """Another process holds the journal: one writer at a time."""


class JournalLost(JournalError):
    """The journal file was deleted, moved or replaced while the session wrote to it."""

    def __init__(self, message: str, rescued: Path | None) -> None:
        super().__init__(message)
        self.rescued = rescued
        """A copy of every acknowledged event, written when the loss was found (None if that
        failed too)."""


def holder_of(path: Path) -> str:
    """Who holds a journal's lock, from its latest session event: "pid 41 on host, since 09:02"."""
    try:
        data = path.read_bytes()
    except OSError:
        return "another process"
    for line in reversed(data.splitlines()):
        if b'"session_' not in line:
            continue
        try:
            event = event_from_json(line)
        except ValidationError:
            continue
        if isinstance(event, SessionStarted | SessionResumed) and event.pid is not None:
            since = event.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            return f"pid {event.pid} on {event.host or 'an unknown host'}, since {since}"
        break
    return "another process"


def is_locked(path: Path) -> bool:
    """Whether a console holds ``path`` now (the lock dies with its process, so never stale)."""
    try:
        fd = platform.open_read(path)
    except OSError:
        return False
    try:
        platform.lock(fd)
        platform.unlock(fd)  # Windows asks for an unlock before the close
    except platform.LockHeld:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing releases a lock taken just now
    return False


def seal_digest_of(event: MeetingEnded) -> str:
    """The seal's self-check: SHA-256 of the event's line written with ``seal_digest`` empty."""
    blank = event.model_copy(update={"seal_digest": ""})
    return hashlib.sha256(event_to_json(blank).encode("utf-8")).hexdigest()


def record_code(seal_hash: str) -> str:
    """The 记录校验码 as printed for people: the seal line's SHA-256 in groups of eight."""
    return " ".join(seal_hash[index : index + 8] for index in range(0, len(seal_hash), 8))


class JournalWriter:
    """The one writer of a journal file; each append is on disk when it returns.

    Holds an exclusive lock on the open file for its whole life (``flock``; on Windows a
    byte-range lock, :mod:`facilitator.journal.platform`): a second writer is refused at once,
    and the lock dies with the descriptor and the process, so a crash never leaves it behind.
    Opened with ``O_APPEND``: the file's existing bytes are never touched. ``prev`` (and a
    meeting's seal) is filled here, since only the writer knows the previous line's bytes.
    Before and after every append the writer checks that its open file is still the file at
    the journal's path: once it is not (deleted, moved, replaced), every acknowledged event is
    copied to a rescue file beside it and nothing more is acknowledged.
    """

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        self._last_hash: str | None = None
        self._needs_newline = False
        self._broken: TornLine | None = None
        self.lost: JournalLost | None = None
        """Set once the file at ``path`` is no longer the one written to."""
        self.last_error: JournalError | None = None
        """Why the latest append failed; None after a successful one."""
        flags = os.O_RDWR | os.O_APPEND | platform.BINARY
        flags |= os.O_CREAT | os.O_EXCL if create else 0
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except FileExistsError:
            raise JournalError(
                f"{self.path}: a journal already exists here; use --resume"
            ) from None
        except FileNotFoundError:
            raise JournalError(f"{self.path}: no such journal") from None
        except OSError as error:
            verb = "created" if create else "opened for writing"
            raise JournalError(f"{self.path}: cannot be {verb}: {error.strerror}") from None
        try:
            platform.lock(self._fd)
        except OSError as error:
            os.close(self._fd)
            self._fd = -1
            if isinstance(error, platform.LockHeld):
                raise JournalLocked(
                    f"{self.path}: in use by another console ({holder_of(self.path)}); "
                    "one writer at a time: close that console first, or follow the meeting "
                    f"read-only with `facilitator chair {self.path}`"
                ) from None
            raise JournalError(f"{self.path}: cannot be locked: {error.strerror}") from None
        status = os.fstat(self._fd)
        self._identity = (status.st_dev, status.st_ino)
        self._acknowledged = status.st_size

    @classmethod
    def create(cls, path: str | Path) -> JournalWriter:
        """A new, empty journal, locked; refuses to touch an existing file."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise JournalError(f"{path}: cannot be created: {error.strerror}") from None
        writer = cls(path, create=True)
        _fsync_dir(path.parent)
        return writer

    @classmethod
    def open(cls, path: str | Path) -> JournalWriter:
        """Lock an existing journal to continue it; read it only after this (then ``follow``)."""
        return cls(path)

    def follow(self, contents: JournalContents) -> None:
        """Continue after the events read (under the lock) from the journal."""
        self.continue_after(contents.last_hash, ends_with_newline=contents.ends_with_newline)

    def continue_after(self, last_hash: str | None, *, ends_with_newline: bool) -> None:
        """Continue after the line whose hash is ``last_hash`` (read under the lock)."""
        self._last_hash = last_hash
        self._needs_newline = not ends_with_newline

    @property
    def last_hash(self) -> str | None:
        """SHA-256 of the last line written: after ``meeting_ended``, the 记录校验码."""
        return self._last_hash

    @property
    def failed_write(self) -> TornLine | None:
        """Where a failed write may have left torn bytes; the next session event must say so."""
        return self._broken

    def append(self, event: EventT) -> EventT:
        """Write one event (with ``prev`` filled), flush and fsync; return the event as written."""
        self.check_still_there()
        stamped = event.model_copy(update={"prev": self._last_hash})
        if isinstance(stamped, MeetingEnded):  # the seal: its count, and a self-check
            seal = {"seal_events": stamped.seq}
            digest = seal_digest_of(stamped.model_copy(update=seal))
            stamped = stamped.model_copy(update={**seal, "seal_digest": digest})
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
            self.last_error = JournalError(f"{self.path}: event {event.seq} not saved: {reason}")
            raise self.last_error from None
        self.check_still_there()
        self._needs_newline = False
        self._broken = None
        self._last_hash = line_hash(line)
        self._acknowledged = os.fstat(self._fd).st_size
        self.last_error = None
        return stamped

    def check_still_there(self) -> None:
        """Refuse (and rescue the acknowledged events) once the path is not our file any more."""
        if self.lost is not None:
            raise self.lost
        if self._fd < 0:
            raise JournalError(f"{self.path}: the journal is closed")
        try:
            status = self.path.stat()
        except FileNotFoundError:
            how: str | None = "deleted or moved away"
        except OSError as error:
            how = f"made unreachable ({error.strerror})"
        else:
            if (status.st_dev, status.st_ino) != self._identity:
                how = "replaced by another file"
            elif os.fstat(self._fd).st_nlink == 0:
                how = "deleted"
            else:
                how = None
        if how is None:
            return
        rescued = self._rescue()
        where = (
            f"every saved event is safe in {rescued}"
            if rescued is not None
            else "the saved events could not be copied anywhere (keep this console open)"
        )
        self.lost = JournalLost(
            f"{self.path}: the journal file was {how} while the console ran; nothing more can "
            f"be saved there, and {where}",
            rescued,
        )
        self.last_error = self.lost
        raise self.lost

    def touch(self, at: float | None = None) -> None:
        """The console's heartbeat: set the journal's modification time (to ``at``, a POSIX
        timestamp, else now) without writing a byte, once :meth:`check_still_there` has found
        the path still this writer's file (else :class:`JournalLost`, rescued, as before an
        append). A later resume measures the gap from it. A time that cannot be set (a
        read-only mount) is passed over: it only leaves a later gap measured from further back.
        ``os.utime`` on a path works on Windows too, on a file open in another handle."""
        self.check_still_there()
        with suppress(OSError):
            os.utime(self.path, None if at is None else (at, at))

    def _rescue(self) -> Path | None:
        """Copy the acknowledged bytes of the open (maybe deleted) file to a new file."""
        try:
            data = _read_all(self._fd, self._acknowledged)
        except OSError:
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{self.path.stem}.rescued-{stamp}{self.path.suffix or '.jsonl'}"
        for directory in (self.path.parent, Path.cwd(), Path(tempfile.gettempdir())):
            target = directory / name
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | platform.BINARY, 0o644)
            except OSError:
                continue
            try:
                _write_all(fd, data)
                os.fsync(fd)
            except OSError:
                os.close(fd)
                target.unlink(missing_ok=True)
                continue
            os.close(fd)
            _fsync_dir(directory)
            return target
        return None

    def close(self) -> None:
        """Release the file (and with it the lock)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_all(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    offset = 0
    while offset < size:
        chunk = platform.pread(fd, min(1 << 20, size - offset), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    """Make a new file's directory entry durable too (skipped where the platform has no such
    call: Windows; see :mod:`facilitator.journal.platform`)."""
    platform.fsync_dir(directory)

"""Following a live journal incrementally: only the bytes appended since the last look.

A :class:`JournalFollower` keeps a byte offset into the journal. Each :meth:`~JournalFollower.poll`
reads what was appended after it, parses the complete lines, leaves an unfinished (torn or still
being written) last line for the next poll, checks every new event against the one before it
(``seq`` one more, ``t`` not earlier, ``prev`` the hash of the previous line, a damaged line
accounted for by the event after it) and applies it with the engine's :func:`apply`. Reading a
journal of any length as it grows therefore costs only what was added.

What was read stays checked: the follower keeps a SHA-256 of every byte it consumed (and a short
hash and the end of each line). At most every :attr:`~JournalFollower.recheck_s` seconds, and at
once when the file is another inode or shorter than what was read, it hashes that prefix of the
file again. A journal cut short, or a line changed after it was read, raises
:class:`JournalError` naming the file and line; so does a complete line that is not an event,
appended at the end, that the next poll still finds unaccounted for. After any error the
follower keeps the last good state and offset, and the next poll checks again: once the file is
right again (the edit undone, the journal restored) it goes on from where it was. A file whose
first line is another one is another journal (a new meeting at the same path): it is read from
the start.

No Textual, no asyncio: the terminal chair view and the web room display both use it.
"""

from __future__ import annotations

import hashlib
import os
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from facilitator.agenda.load import AgendaError
from facilitator.engine.clock import Instant
from facilitator.engine.events import Event, SessionStarted, TornLine, event_from_json
from facilitator.engine.state import MeetingState, apply, drafted, initial_state, settled
from facilitator.inputs import JOURNAL, too_large
from facilitator.journal import platform
from facilitator.journal.record import journal_agenda
from facilitator.journal.store import JournalError, accounts_for, collector_paused

READ_CHUNK = 1 << 20
"""The most bytes read in one call (a long journal's first read takes a few)."""


def estimate_now(state: MeetingState, wall: datetime) -> Instant:
    """The session time now: the journal's ``t`` is session-monotonic, so it is the last event's
    ``t`` plus the wall time since that event (never less than the last ``t``)."""
    if state.last_at is None:
        return Instant(t=state.last_t, at=wall)
    gap = max(0.0, (wall - state.last_at).total_seconds())
    return Instant(t=state.last_t + gap, at=wall)


RECHECK_S = 5.0
"""How often, at most, the bytes already read are hashed again (a 100,000-event journal: about
0.03 s; README, "The chair view")."""


def _short_hash(raw: bytes) -> int:
    """The first 8 bytes of a line's SHA-256: enough to say which line changed."""
    return int.from_bytes(hashlib.sha256(raw).digest()[:8])


@dataclass(frozen=True)
class _Damaged:
    """A complete line that is not an event, waiting for the event that accounts for it."""

    number: int
    torn: TornLine


@dataclass(frozen=True)
class _Kept:
    """What a poll may change, to be put back when it fails (the last good read)."""

    offset: int
    line: int
    seq: int
    t: float
    last_hash: str | None
    working: MeetingState | None
    state: MeetingState | None
    digest: hashlib._Hash
    ends: array[int]
    sums: array[int]
    lines: int
    inode: int | None


class JournalFollower:
    """The state of a growing journal, kept up to date by reading only what was appended."""

    def __init__(
        self,
        path: str | Path,
        *,
        recheck_s: float = RECHECK_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = Path(path)
        """The journal followed."""
        self.recheck_s = recheck_s
        """The most seconds between two checks of the bytes already read."""
        self._monotonic = monotonic
        self.state: MeetingState | None = None
        """The state the events read so far fold to; None before ``session_started``."""
        self._reset()
        self._checked_at = monotonic()
        self._suspect = False
        self._garbage: int | None = None
        """A complete damaged line at the end, seen by the last poll, waiting to be judged."""
        self._reported: int | None = None
        """The damaged line at the end already reported as garbage (no more polls for it)."""
        self.reads = 0
        """How many polls found new bytes (for tests and benchmarks)."""
        self.bytes_read = 0
        """How many bytes all polls together read (the checks of what was read not counted)."""
        self.checks = 0
        """How many times the bytes already read were hashed again."""

    def _reset(self) -> None:
        self.offset = 0
        """Bytes consumed: every complete line before it has been applied (or accounted for)."""
        self._inode: int | None = None
        self._tail = b""
        self._line = 0
        self._seq = 0
        self._t = 0.0
        self._last_hash: str | None = None
        self._working: MeetingState | None = None
        self._digest = hashlib.sha256()
        self._ends = array("Q")
        """Where each consumed line ends (after its newline)."""
        self._sums = array("Q")
        """Each consumed line's :func:`_short_hash`."""

    def _keep(self) -> _Kept:
        return _Kept(
            self.offset,
            self._line,
            self._seq,
            self._t,
            self._last_hash,
            self._working,
            self.state,
            self._digest.copy(),
            self._ends,
            self._sums,
            len(self._ends),
            self._inode,
        )

    def _put_back(self, kept: _Kept) -> None:
        self.offset, self._line, self._seq, self._t = kept.offset, kept.line, kept.seq, kept.t
        self._last_hash, self._working, self.state = kept.last_hash, kept.working, kept.state
        self._digest, self._inode = kept.digest, kept.inode
        self._ends, self._sums = kept.ends, kept.sums  # a reset (another journal) made new ones
        del self._ends[kept.lines :]
        del self._sums[kept.lines :]
        self._tail = b""  # read again from the last good offset
        self._suspect = True  # and check what was read before going on

    @property
    def seq(self) -> int:
        """The ``seq`` of the last event applied (0 before any)."""
        return self._seq

    def wants_poll(self) -> bool:
        """Whether a poll is due even though the file looks unchanged: a check of what was read
        is due (every :attr:`recheck_s`), or a line at the end waits to be judged."""
        return self._garbage not in (None, self._reported) or (
            self.offset > 0 and self._monotonic() - self._checked_at >= self.recheck_s
        )

    def poll(self) -> list[Event]:
        """Read and apply what was appended since the last poll; return the new events.

        Raises :class:`JournalError` (naming the file and line) when the journal cannot be read,
        a new line does not follow from the ones before it, or what was read before is not in
        the file any more; :attr:`state` stays the last good one, and the next poll checks the
        file again from there.
        """
        kept = self._keep()
        try:
            with collector_paused():  # a first read may fold a whole long journal
                return self._poll()
        except JournalError:
            self._put_back(kept)
            raise

    def _poll(self) -> list[Event]:
        try:
            fd = platform.open_read(self.path)  # a FIFO must not hang us
        except FileNotFoundError:
            raise JournalError(f"{self.path}: no such journal") from None
        except IsADirectoryError:
            raise JournalError(f"{self.path}: is a directory, not a journal") from None
        except platform.NotRegularFile:
            raise JournalError(f"{self.path}: not a regular file, not a journal") from None
        except OSError as error:
            raise JournalError(f"{self.path}: cannot be read: {error.strerror}") from None
        try:
            info = os.fstat(fd)
            if info.st_size > JOURNAL.limit:
                raise JournalError(f"{self.path}: {too_large(info.st_size, JOURNAL)}")
            now = self._monotonic()
            replaced = self._inode is not None and info.st_ino != self._inode
            if self.offset and (
                self._suspect
                or replaced
                or info.st_size < self.offset + len(self._tail)
                or now - self._checked_at >= self.recheck_s
            ):
                self._checked_at = now
                self._tail = b""  # read the unfinished end again too
                self._check_read(fd, info.st_size)
            self._inode = info.st_ino
            start = self.offset + len(self._tail)
            chunks: list[bytes] = []
            while start <= JOURNAL.limit:  # within the journal limit, even if it grows meanwhile
                chunk = platform.pread(fd, min(READ_CHUNK, JOURNAL.limit + 1 - start), start)
                if not chunk:
                    break
                chunks.append(chunk)
                start += len(chunk)
        finally:
            os.close(fd)
        data = b"".join(chunks)
        if data:
            self.reads += 1
            self.bytes_read += len(data)
        events = self._take(self._tail + data)
        if self._working is not None:
            self._working = settled(self._working)
            self.state = self._working
        if self._working is None and not self._tail.strip():
            raise JournalError(f"{self.path}: not a facilitator journal (empty)")
        return events

    def _read_range(self, fd: int, size: int) -> bytes:
        chunks: list[bytes] = []
        start = 0
        while start < size:
            chunk = platform.pread(fd, min(READ_CHUNK, size - start), start)
            if not chunk:
                break
            chunks.append(chunk)
            start += len(chunk)
        return b"".join(chunks)

    def _check_read(self, fd: int, size: int) -> None:
        """Check that the file still begins with the bytes consumed; name the line if not.

        A file whose first line is not the one read is another journal: read from the start.
        """
        self.checks += 1
        self._suspect = True
        if size >= self.offset:
            digest = hashlib.sha256()
            start = 0
            while start < self.offset:
                chunk = platform.pread(fd, min(READ_CHUNK, self.offset - start), start)
                if not chunk:
                    break
                digest.update(chunk)
                start += len(chunk)
            if digest.digest() == self._digest.digest():
                self._suspect = False
                return
        data = self._read_range(fd, min(size, self.offset))
        first = data.find(b"\n")
        if first != -1 and _short_hash(data[:first]) != self._sums[0]:
            self._reset()  # another journal at this path: read it from its first line
            self.state = None
            self._suspect = False
            return
        start = 0
        for index, end in enumerate(self._ends):
            number = index + 1
            if end > len(data):
                raise JournalError(
                    f"{self.path}:{number}: the journal was cut short here ({size} bytes, "
                    f"where {self.offset} bytes, {self._seq} events, had been read)"
                )
            raw = data[start : end - 1]
            if data[end - 1 : end] != b"\n" or _short_hash(raw) != self._sums[index]:
                try:
                    event_from_json(raw)
                except ValidationError:
                    what = "not a journal event (this line changed after it was read)"
                else:
                    what = "this line changed after it was read (an edited journal)"
                raise JournalError(f"{self.path}:{number}: {what}")
            start = end
        raise JournalError(f"{self.path}: changed after it was read")  # pragma: no cover

    def _take(self, buffer: bytes) -> list[Event]:
        """Apply the complete lines in ``buffer`` (which starts at :attr:`offset`).

        Only lines up to the last applied event are consumed: a damaged run after it stays in
        the unfinished tail, judged again at the next poll.
        """
        events: list[Event] = []
        position = 0
        consumed = 0
        number = self._line
        damaged: _Damaged | None = None
        pending: list[tuple[int, int]] = []  # (end, short hash) of lines not yet consumed
        while True:
            end = buffer.find(b"\n", position)
            if end == -1:
                break
            raw = buffer[position:end]
            number += 1
            offset = self.offset + position
            position = end + 1
            if not raw.strip():
                pending.append((self.offset + position, _short_hash(raw)))
                continue
            if self._seq == 0 and damaged is None and not raw.lstrip().startswith(b"{"):
                raise JournalError(f"{self.path}: not a facilitator journal")
            try:
                event = event_from_json(raw)
            except ValidationError:
                if damaged is None:
                    damaged = _Damaged(number, TornLine(offset=offset, length=len(raw)))
                else:  # a crash while recording an earlier torn line: one run, accounted as one
                    length = offset + len(raw) - damaged.torn.offset
                    damaged = _Damaged(
                        damaged.number, TornLine(offset=damaged.torn.offset, length=length)
                    )
                pending.append((self.offset + position, _short_hash(raw)))
                continue
            if damaged is not None and not accounts_for(event, damaged.torn):
                raise JournalError(
                    f"{self.path}:{damaged.number}: not a journal event (a damaged line in the "
                    "middle of the journal)"
                )
            damaged = None
            line_digest = self._check(event, raw, number)
            events.append(event)
            for line_end, short in pending:
                self._ends.append(line_end)
                self._sums.append(short)
            pending.clear()
            self._ends.append(self.offset + position)
            self._sums.append(int.from_bytes(line_digest[:8]))
            consumed, self._line = position, number
        self._digest.update(buffer[:consumed])
        self.offset += consumed
        self._tail = buffer[consumed:]
        if self._seq == 0 and self._tail and not self._tail.lstrip().startswith(b"{"):
            raise JournalError(f"{self.path}: not a facilitator journal")
        self._judge_end(damaged, buffer[position:])
        return events

    def _judge_end(self, damaged: _Damaged | None, unfinished: bytes) -> None:
        """A complete damaged run with nothing after it may wait one poll for the event that
        accounts for it (a writer records it right after); found again, it is garbage."""
        if damaged is None or unfinished:
            self._garbage = self._reported = None
            return
        if self._garbage == damaged.number:
            self._reported = damaged.number
            raise JournalError(
                f"{self.path}:{damaged.number}: not a journal event (added after the last "
                "event, and no event accounts for it)"
            )
        self._garbage = damaged.number

    def _check(self, event: Event, raw: bytes, number: int) -> bytes:
        """Check one complete event against what came before, apply it; its line's SHA-256."""
        expected = self._seq + 1
        if event.seq != expected:
            raise JournalError(f"{self.path}:{number}: event seq {event.seq}, expected {expected}")
        if event.t < self._t:
            raise JournalError(f"{self.path}:{number}: time runs backwards (t={event.t})")
        if event.prev != self._last_hash:
            what = "names a previous line" if self._last_hash is None else "does not follow"
            raise JournalError(
                f"{self.path}:{number}: the event {what} (its prev is not the hash of the line "
                "before it)"
            )
        self._working = self._applied(event, number)
        line_digest = hashlib.sha256(raw).digest()
        self._seq, self._t, self._last_hash = event.seq, event.t, line_digest.hex()
        return line_digest

    def _applied(self, event: Event, number: int) -> MeetingState:
        state = self._working
        if state is None:
            if not isinstance(event, SessionStarted):
                raise JournalError(f"{self.path}:{number}: a journal begins with session_started")
            try:
                _, script = journal_agenda(
                    event.agenda_text, f"{self.path} (agenda {event.agenda})"
                )
            except AgendaError as error:
                raise JournalError(str(error.problems[0])) from None
            # the first read folds the whole journal so far: on a draft, as a replay does
            state = drafted(initial_state(script))
        try:
            return apply(state, event)
        except (IndexError, KeyError, ValueError) as error:
            raise JournalError(
                f"{self.path}:{number}: the event does not fit the agenda ({error})"
            ) from None

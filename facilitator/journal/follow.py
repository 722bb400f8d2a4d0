"""Following a live journal incrementally: only the bytes appended since the last look.

A :class:`JournalFollower` keeps a byte offset into the journal. Each :meth:`~JournalFollower.poll`
reads what was appended after it, parses the complete lines, leaves an unfinished (torn or still
being written) last line for the next poll, checks every new event against the one before it
(``seq`` one more, ``t`` not earlier, ``prev`` the hash of the previous line, a damaged line
accounted for by the event after it) and applies it with the engine's :func:`apply`. Reading a
journal of any length as it grows therefore costs only what was added.

If the file is replaced or cut shorter (another inode, or smaller than the offset), the follower
starts again from the beginning. A problem raises :class:`JournalError` naming the file and line;
the follower keeps the last good state and reads the whole file again at the next poll.

No Textual, no asyncio: the terminal chair view and the web room display both use it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from facilitator.agenda.load import AgendaError
from facilitator.engine.clock import Instant
from facilitator.engine.events import Event, SessionStarted, TornLine, event_from_json
from facilitator.engine.state import MeetingState, apply, drafted, initial_state, settled
from facilitator.inputs import JOURNAL, too_large
from facilitator.journal.record import journal_agenda
from facilitator.journal.store import JournalError, accounts_for, collector_paused, line_hash

READ_CHUNK = 1 << 20
"""The most bytes read in one call (a long journal's first read takes a few)."""


def estimate_now(state: MeetingState, wall: datetime) -> Instant:
    """The session time now: the journal's ``t`` is session-monotonic, so it is the last event's
    ``t`` plus the wall time since that event (never less than the last ``t``)."""
    if state.last_at is None:
        return Instant(t=state.last_t, at=wall)
    gap = max(0.0, (wall - state.last_at).total_seconds())
    return Instant(t=state.last_t + gap, at=wall)


@dataclass(frozen=True)
class _Damaged:
    """A complete line that is not an event, waiting for the event that accounts for it."""

    number: int
    torn: TornLine


class JournalFollower:
    """The state of a growing journal, kept up to date by reading only what was appended."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        """The journal followed."""
        self.state: MeetingState | None = None
        """The state the events read so far fold to; None before ``session_started``."""
        self._reset()
        self.reads = 0
        """How many polls found new bytes (for tests and benchmarks)."""
        self.bytes_read = 0
        """How many bytes all polls together read."""

    def _reset(self) -> None:
        self.offset = 0
        """Bytes consumed: every complete line before it has been applied (or accounted for)."""
        self._inode: int | None = None
        self._tail = b""
        self._line = 0
        self._seq = 0
        self._t = 0.0
        self._last_hash: str | None = None
        self._damaged: _Damaged | None = None
        self._working: MeetingState | None = None
        self._restart = False

    @property
    def seq(self) -> int:
        """The ``seq`` of the last event applied (0 before any)."""
        return self._seq

    def poll(self) -> list[Event]:
        """Read and apply what was appended since the last poll; return the new events.

        Raises :class:`JournalError` (naming the file and line) when the journal cannot be read
        or a new line does not follow from the ones before it; :attr:`state` stays the last
        good one, and the next poll reads the file from the start.
        """
        if self._restart:
            self._reset()
        try:
            with collector_paused():  # a first read may fold a whole long journal
                return self._poll()
        except JournalError:
            self._restart = True
            raise

    def _poll(self) -> list[Event]:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not hang us
        except FileNotFoundError:
            raise JournalError(f"{self.path}: no such journal") from None
        except IsADirectoryError:
            raise JournalError(f"{self.path}: is a directory, not a journal") from None
        except OSError as error:
            raise JournalError(f"{self.path}: cannot be read: {error.strerror}") from None
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise JournalError(f"{self.path}: is a directory, not a journal")
            if not stat.S_ISREG(info.st_mode):
                raise JournalError(f"{self.path}: not a regular file, not a journal")
            if info.st_size > JOURNAL.limit:
                raise JournalError(f"{self.path}: {too_large(info.st_size, JOURNAL)}")
            if self._inode is not None and (
                info.st_ino != self._inode or info.st_size < self.offset + len(self._tail)
            ):
                self._reset()  # replaced or cut: the old offset means nothing in this file
            self._inode = info.st_ino
            start = self.offset + len(self._tail)
            chunks: list[bytes] = []
            while start <= JOURNAL.limit:  # within the journal limit, even if it grows meanwhile
                chunk = os.pread(fd, min(READ_CHUNK, JOURNAL.limit + 1 - start), start)
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

    def _take(self, buffer: bytes) -> list[Event]:
        """Apply the complete lines in ``buffer`` (which starts at :attr:`offset`)."""
        events: list[Event] = []
        position = 0
        while True:
            end = buffer.find(b"\n", position)
            if end == -1:
                break
            raw = buffer[position:end]
            self._line += 1
            if raw.strip():
                event = self._event(raw, self.offset + position)
                if event is not None:
                    events.append(event)
            position = end + 1
        self.offset += position
        self._tail = buffer[position:]
        if self._seq == 0 and self._tail and not self._tail.lstrip().startswith(b"{"):
            raise JournalError(f"{self.path}: not a facilitator journal")
        return events

    def _event(self, raw: bytes, offset: int) -> Event | None:
        """Check one complete line against what came before and apply it."""
        number = self._line
        if self._seq == 0 and self._damaged is None and not raw.lstrip().startswith(b"{"):
            raise JournalError(f"{self.path}: not a facilitator journal")
        try:
            event = event_from_json(raw)
        except ValidationError:
            if self._damaged is None:
                self._damaged = _Damaged(number, TornLine(offset=offset, length=len(raw)))
            else:  # a crash while recording an earlier torn line: one run, accounted as one
                length = offset + len(raw) - self._damaged.torn.offset
                self._damaged = _Damaged(
                    self._damaged.number, TornLine(offset=self._damaged.torn.offset, length=length)
                )
            return None
        if self._damaged is not None and not accounts_for(event, self._damaged.torn):
            raise JournalError(
                f"{self.path}:{self._damaged.number}: not a journal event (a damaged line in the "
                "middle of the journal)"
            )
        self._damaged = None
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
        self._seq, self._t, self._last_hash = event.seq, event.t, line_hash(raw)
        return event

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

"""A running session: the engine, the journal and the clock put together.

``execute`` is the one way the meeting changes: decide → append and fsync each event → apply.
Only after the journal has the event does the state (and so the screen) change.
"""

from __future__ import annotations

import os
import socket
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import Clock, Instant, SystemClock
from facilitator.engine.commands import Command, decide
from facilitator.engine.events import (
    Event,
    JournalRecovered,
    MeetingEnded,
    SessionResumed,
    SessionStarted,
    TornLine,
    event_from_json,
)
from facilitator.engine.script import Script, compile_script
from facilitator.engine.state import MeetingState, Phase, apply, initial_state, replay
from facilitator.journal.store import (
    InOrder,
    JournalError,
    JournalWriter,
    collector_paused,
    journal_contents,
    line_hash,
    read_bytes,
    split_lines,
)

HEARTBEAT_S = 5.0
"""How often a running console renews its journal's modification time (:meth:`Session.keep_alive`)
and checks the file is still its own: a resume measures the gap from that last sign of life, so
the gap it reports is at most this much too long."""


class AgendaChanged(JournalError):
    """The journal was started with a different agenda file."""


@dataclass
class Session:
    """One operator's session on one journal."""

    agenda: LoadedAgenda
    journal: JournalWriter
    clock: Clock
    state: MeetingState
    resumed: bool = False
    """Whether this session continues an existing journal."""
    last_end_hash: str | None = None
    """Hash of the latest ``meeting_ended`` line: the seal while the meeting stays ended."""
    alive_t: float | None = field(default=None, repr=False)
    """The session time of the latest heartbeat (:meth:`keep_alive`); None before the first."""

    @property
    def script(self) -> Script:
        """The compiled agenda."""
        return self.state.script

    @property
    def rehearsal(self) -> bool:
        """Whether this journal records a rehearsal (its ``session_started`` says so)."""
        return self.state.session is not None and self.state.session.rehearsal

    @property
    def journal_path(self) -> Path:
        """Where the events go."""
        return self.journal.path

    @classmethod
    def start(
        cls,
        agenda: LoadedAgenda,
        journal_path: Path,
        clock: Clock | None = None,
        *,
        rehearsal: bool = False,
    ) -> Session:
        """A new journal for a new meeting (or a rehearsal of it); writes ``session_started``."""
        clock = clock or SystemClock()
        writer = JournalWriter.create(journal_path)
        session = cls(agenda, writer, clock, initial_state(compile_script(agenda.agenda)))
        now = clock.now()
        try:
            session._append(
                SessionStarted(
                    seq=1,
                    at=now.at,
                    t=now.t,
                    agenda=str(agenda.path.resolve()),
                    agenda_sha256=agenda.sha256,
                    title=agenda.agenda.meeting.title,
                    agenda_text=agenda.text,
                    pid=os.getpid(),
                    host=socket.gethostname(),
                    rehearsal=rehearsal,
                )
            )
        except BaseException:
            writer.close()
            raise
        return session

    @classmethod
    def resume(
        cls,
        agenda: LoadedAgenda,
        journal_path: Path,
        clock: Clock | None = None,
        *,
        force: bool = False,
    ) -> Session:
        """Continue a journal: lock it, replay it, check the agenda, record the restart and gap.

        The lock is taken before the journal is read, so no other writer can add to it between
        the read and this session's first event.
        """
        writer = JournalWriter.open(journal_path)
        try:
            with collector_paused():
                return cls._continue(agenda, writer, clock, force=force)
        except BaseException:
            writer.close()
            raise

    @classmethod
    def _continue(
        cls, agenda: LoadedAgenda, writer: JournalWriter, clock: Clock | None, *, force: bool
    ) -> Session:
        data = read_bytes(writer.path)
        script = compile_script(agenda.agenda)
        read = _read_in_order(data, script, agenda, force=force) or _read_line_by_line(
            data, writer.path, script, agenda, force=force
        )
        state = read.state
        assert state.last_at is not None  # a journal that begins with session_started
        if clock is None:
            gap = max(0.0, (datetime.now().astimezone() - state.last_at).total_seconds())
            clock = SystemClock(start_t=state.last_t + gap)
        now = clock.now()
        alive_at = _heartbeat(writer.path, state.last_at, now.at)
        gap_s = max(0.0, (now.at - (alive_at or state.last_at)).total_seconds())
        writer.continue_after(read.last_hash, ends_with_newline=read.ends_with_newline)
        session = cls(agenda, writer, clock, state, resumed=True)
        session.last_end_hash = read.last_end_hash
        session._append(
            SessionResumed(
                seq=state.last_seq + 1,
                at=now.at,
                t=max(now.t, state.last_t),
                gap_s=gap_s,
                alive_at=alive_at,
                torn=read.torn,
                pid=os.getpid(),
                host=socket.gethostname(),
            )
        )
        return session

    def now(self) -> Instant:
        """The clock's current instant."""
        return self.clock.now()

    def execute(self, command: Command) -> list[Event]:
        """Apply a command: refused (``Refused``) or journaled and applied, in that order.

        Once the journal file is lost nothing is decided any more: every command gets that
        error, not a refusal about the meeting that would suggest it could go on.
        """
        self.journal.check_still_there()
        now = self.clock.now()
        if self.journal.failed_write is not None:
            self._append(
                JournalRecovered(
                    seq=self.state.last_seq + 1,
                    at=now.at,
                    t=max(now.t, self.state.last_t),
                    torn=self.journal.failed_write,
                )
            )
        events = decide(self.state, command, now)
        for event in events:
            self._append(event)
        return events

    def _append(self, event: Event) -> None:
        self.state = apply(self.state, self.journal.append(event))
        if isinstance(event, MeetingEnded):
            self.last_end_hash = self.journal.last_hash

    @property
    def seal_hash(self) -> str | None:
        """Once the meeting has ended: the SHA-256 of its sealing ``meeting_ended`` line, which
        printed as the 记录校验码 anchors the file; None while the meeting is not ended."""
        return self.last_end_hash if self.state.phase is Phase.ENDED else None

    def keep_alive(self) -> None:
        """The console's clock tick: every :data:`HEARTBEAT_S` seconds, check that the journal
        is still the file this session writes (:class:`JournalLost`, with every saved event
        rescued, if not: the screen must not say 已保存 of a file that is gone) and renew its
        modification time, the sign of life a later resume measures the gap from."""
        now = self.clock.now()
        if self.alive_t is not None and now.t - self.alive_t < HEARTBEAT_S:
            return
        self.alive_t = now.t
        self.journal.touch(now.at.timestamp())

    def close(self) -> None:
        """Check the journal one last time (a file lost while idle is rescued now, and the exit
        says so), leave the heartbeat at this moment, and release the file (and its lock)."""
        with suppress(JournalError):  # lost (rescued: ``journal.lost`` says where), or closed
            self.journal.touch(self.clock.now().at.timestamp())
        self.journal.close()


def _heartbeat(path: Path, last_at: datetime, now: datetime) -> datetime | None:
    """The journal's modification time where it is a sign of life after the last event: later
    than that event and not later than now (a time ahead of this clock is not believed); None
    otherwise. A copy of the journal made after the crash with new times would be believed, and
    the gap measured from the copy."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    alive = datetime.fromtimestamp(stamp, tz=now.tzinfo)
    return alive if last_at < alive <= now else None


@dataclass(frozen=True)
class _Read:
    """A journal read for a resume: the state it folds to, and where the writer goes on."""

    state: MeetingState
    last_hash: str | None
    """Hash of the last complete line: the ``prev`` of the next event."""
    ends_with_newline: bool
    torn: TornLine | None
    """A torn last line, skipped."""
    last_end_hash: str | None
    """Hash of the latest ``meeting_ended`` line (as the line after it names it), if any."""


def _read_in_order(
    data: bytes, script: Script, agenda: LoadedAgenda, *, force: bool
) -> _Read | None:
    """A journal as a writer leaves it (see ``InOrder``), folded as it is parsed: no event is
    kept, so a long journal never holds all its events at once (pydantic events are large:
    100,000 of them took 170 MB; the resume's peak went from 231 MB to 117 MB). None for
    anything else (the agenda changed too), to be read line by line, which names the problem."""
    raws = split_lines(data)
    if not raws:
        return None
    try:
        first = event_from_json(raws[0])  # checked first, as the line-by-line read does
    except ValidationError:
        return None
    if not isinstance(first, SessionStarted) or (
        first.agenda_sha256 != agenda.sha256 and not force
    ):
        return None
    reader = InOrder(raws)
    try:
        state = replay(script, reader)
    except Exception:  # whatever it is, the line-by-line read names it as it always has
        return None
    last_hash = line_hash(raws[-1])
    end = reader.latest_end
    if end is None:
        later = None
    else:
        later = event_from_json(raws[end + 1]).prev if end + 1 < len(raws) else last_hash
    return _Read(state, last_hash, data.endswith(b"\n"), None, later)


def _read_line_by_line(
    data: bytes, path: Path, script: Script, agenda: LoadedAgenda, *, force: bool
) -> _Read:
    """Read every line, checked, then fold; the error names what is wrong."""
    contents = journal_contents(data, path)
    events = contents.events
    if not events or not isinstance(events[0], SessionStarted):
        raise JournalError(f"{path}: does not begin with session_started")
    first = events[0]
    if first.agenda_sha256 != agenda.sha256 and not force:
        raise AgendaChanged(
            f"{path}: was recorded with a different agenda ({first.agenda}, "
            f"sha256 {first.agenda_sha256[:12]}…); use --force to resume anyway"
        )
    try:
        state = replay(script, events)
    except (IndexError, KeyError, ValueError) as error:
        raise JournalError(f"{path}: does not fit this agenda ({error})") from None
    later = None
    for index in range(len(events) - 1, -1, -1):  # the latest end: look from the back
        if type(events[index]) is MeetingEnded:  # an isinstance miss: 0.4 µs each
            later = events[index + 1].prev if index + 1 < len(events) else contents.last_hash
            break
    return _Read(state, contents.last_hash, contents.ends_with_newline, contents.torn, later)

"""Is this record of a meeting complete and unaltered? (``facilitator verify``, and the check that
``report`` and ``export`` run first.)

Each event carries ``prev``, the SHA-256 of the previous line's bytes; ending a meeting writes a
seal into its ``meeting_ended`` event (the event count, and a digest of the line itself). The
SHA-256 of that sealing line is the 记录校验码: printed at quit, in the report and in every export,
it anchors a signed paper copy, since removing or changing any line up to the seal changes it.

What can be told from the file alone, and what is said:

- a line changed in the middle: the next line's ``prev`` no longer matches; the changed line is
  named (not the next one), since the line that does not match its successor is the edited one;
- lines removed in the middle: ``seq`` jumps; the line after the gap is named, with the missing
  numbers; two programs writing one journal show as a repeated ``seq``;
- the sealing line edited: its digest no longer matches;
- the last lines removed (the seal with them): the chain is intact but no longer sealed; only the
  printed 记录校验码 (``verify --code``) can prove what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from facilitator.engine.events import Event, MeetingEnded, SessionStarted, TornLine, Undone
from facilitator.journal.store import (
    DamagedRun,
    EventLine,
    JournalError,
    accounts_for,
    in_order,
    line_hash,
    read_bytes,
    record_code,
    scan,
    seal_digest_of,
)

_Report = Callable[[str], None]
"""Records the first problem found (later ones are not reported)."""


@dataclass(frozen=True)
class Seal:
    """Where the meeting was sealed."""

    line: int
    """The ``meeting_ended`` line that seals the record."""
    events: int
    """How many events the record held when sealed."""
    hash: str
    """SHA-256 of the sealing line: the 记录校验码."""

    @property
    def code(self) -> str:
        """The 记录校验码 as printed: the hash in groups of eight."""
        return record_code(self.hash)


@dataclass(frozen=True)
class Verification:
    """The result of checking a journal: what it holds and the first thing wrong, if any."""

    path: Path
    lines: list[EventLine]
    """Every complete event line, in order (after a problem too: a forced report reads them)."""
    torn: TornLine | None
    """A torn last line, skipped."""
    size: int
    """The file's length in bytes."""
    problem: str | None
    """The first break, one line naming the file and line; None if the record is intact."""
    seal: Seal | None
    """The seal in force (the meeting ended and not taken back), if any."""

    @property
    def ok(self) -> bool:
        """Whether the chain is intact (sealed or not)."""
        return self.problem is None

    @property
    def events(self) -> list[Event]:
        """Every complete event."""
        return [line.event for line in self.lines]

    @property
    def last_hash(self) -> str | None:
        """Hash of the last complete line."""
        return line_hash(self.lines[-1].raw) if self.lines else None

    def summary(self) -> str:
        """One line for ``verify``: intact and sealed, intact but not sealed, or the break."""
        if self.problem is not None:
            return self.problem
        torn = f"; torn last line at byte {self.torn.offset} (skipped)" if self.torn else ""
        if self.seal is None:
            return (
                f"{self.path}: {len(self.lines)} events, chain intact, NOT sealed: the meeting "
                f"has not ended (still running or interrupted), or lines after line "
                f"{self.lines[-1].number} were removed{torn}"
            )
        return (
            f"{self.path}: {len(self.lines)} events, chain intact, sealed at line "
            f"{self.seal.line} ({self.seal.events} events); 记录校验码 {self.seal.code}{torn}"
        )


def verify_data(data: bytes, path: Path) -> Verification:
    """Check every line of a journal's bytes; keep going after the first problem."""
    problem: str | None = None

    def first(message: str) -> None:
        nonlocal problem
        if problem is None:
            problem = f"{path}:{message}"

    pending: DamagedRun | None = None
    ordered = in_order(data)
    if ordered is not None and _chained(ordered):
        lines = ordered  # what the line-by-line check would find, with nothing to report
    else:
        lines, pending = _checked(data, first)
    if not lines:
        what = "empty" if not data.strip() else "no line of it is a journal event"
        raise JournalError(f"{path}: not a facilitator journal ({what})")
    if not isinstance(lines[0].event, SessionStarted):
        first(f"{lines[0].number}: a journal begins with session_started")
    seal = _seal(lines, first)  # before ``problem`` is read: the seal may be the first problem
    return Verification(
        path=path,
        lines=lines,
        torn=pending.torn if pending else None,
        size=len(data),
        problem=problem,
        seal=seal,
    )


def _chained(lines: list[EventLine]) -> bool:
    """Whether each line's ``prev`` is the hash of the line before it (the first names none):
    the hashes compared as two lists, where :func:`_check_link` compares them one by one."""
    if not lines:
        return True
    if lines[0].event.prev is not None:
        return False
    hashes = [line_hash(line.raw) for line in islice(lines, len(lines) - 1)]
    return [line.event.prev for line in islice(lines, 1, None)] == hashes


def _checked(data: bytes, first: _Report) -> tuple[list[EventLine], DamagedRun | None]:
    """Every event line, each checked against the one before it (problems go to ``first``), and
    a damaged run left at the end."""
    lines: list[EventLine] = []
    pending: DamagedRun | None = None
    for entry in scan(data):
        if isinstance(entry, DamagedRun):
            if pending is not None:
                first(f"{pending.number}: not a journal event (a damaged line in the middle)")
            pending = entry
            continue
        if pending is not None and not accounts_for(entry.event, pending.torn):
            first(f"{pending.number}: not a journal event (a line was damaged or edited)")
        pending = None
        _check_link(entry, lines[-1] if lines else None, first)
        lines.append(entry)
    return lines, pending


def _check_link(entry: EventLine, previous: EventLine | None, first: _Report) -> None:
    """Check one line against the one before it; report the line that is at fault."""
    event = entry.event
    expected = previous.event.seq + 1 if previous else 1
    if event.seq > expected:
        missing = f"{expected}" if event.seq == expected + 1 else f"{expected}–{event.seq - 1}"
        first(f"{entry.number}: event {missing} missing before this line (lines were removed)")
    elif event.seq < expected:
        first(
            f"{entry.number}: event seq {event.seq} repeats (expected {expected}): two programs "
            "wrote to this journal, or a line was copied"
        )
    if previous is None:
        if event.prev is not None:
            first(f"{entry.number}: the first event names a previous line (lines were removed)")
        return
    if event.t < previous.event.t:
        first(f"{entry.number}: time runs backwards (t={event.t})")
    if event.seq == expected and event.prev != line_hash(previous.raw):
        first(
            f"{previous.number}: changed after it was written (its hash no longer matches "
            f"the prev of line {entry.number})"
        )


def _seal(lines: list[EventLine], first: _Report) -> Seal | None:
    """The seal in force: the latest ``meeting_ended`` not undone; its digest checked."""
    for line in reversed(lines):
        event = line.event
        if not isinstance(event, MeetingEnded):
            continue
        if event.seal_digest is not None and event.seal_digest != seal_digest_of(event):
            first(f"{line.number}: the seal (meeting_ended) was changed after it was written")
        undone = {line.event.undoes for line in lines if isinstance(line.event, Undone)}
        if event.seq in undone:
            return None
        if event.seal_events is not None and event.seal_events != event.seq:
            first(f"{line.number}: the seal counts {event.seal_events} events, not {event.seq}")
        return Seal(line=line.number, events=event.seq, hash=line_hash(line.raw))
    return None


VERIFY_SEALED = 0
"""``verify`` exit status: the chain is intact and the meeting sealed."""
VERIFY_NOT_SEALED = 1
"""``verify`` exit status: the chain is intact but not sealed (running, interrupted, or cut)."""
VERIFY_BROKEN = 2
"""``verify`` exit status: not a journal, a broken chain, or not the 记录校验码 given."""


def check_journal(path: Path, code: str | None = None) -> tuple[int, str]:
    """(exit status, one line). With ``code`` (the printed 记录校验码), the file must match it."""
    try:
        result = verify_data(read_bytes(path), path)
    except JournalError as error:
        return VERIFY_BROKEN, str(error)
    if not result.ok:
        return VERIFY_BROKEN, result.summary()
    if code is None:
        return (VERIFY_SEALED if result.seal else VERIFY_NOT_SEALED), result.summary()
    wanted = "".join(code.split()).lower()
    if len(wanted) < 16:
        return VERIFY_BROKEN, f"{path}: give at least 16 characters of the 记录校验码"
    if result.seal is not None and result.seal.hash.startswith(wanted):
        return VERIFY_SEALED, result.summary() + "; matches the 记录校验码 given"
    for line in result.lines:
        if line_hash(line.raw).startswith(wanted):
            return VERIFY_BROKEN, (
                f"{path}:{line.number}: the 记录校验码 given seals this line, but the record "
                "was continued or ended again after it was printed"
            )
    return VERIFY_BROKEN, (
        f"{path}: does not match the 记录校验码 given: a line up to the seal was changed, or "
        f"lines after line {result.lines[-1].number} were removed (or the code was mistyped)"
    )


def verify_journal(path: Path, code: str | None = None) -> tuple[bool, str]:
    """(whether the record is intact, one line saying so or naming where it breaks)."""
    status, message = check_journal(path, code)
    return status != VERIFY_BROKEN, message

"""Finding the journal to resume when the operator does not name one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.events import MeetingEnded, SessionStarted, Undone, event_from_json
from facilitator.inputs import JOURNAL, InputError, read_input
from facilitator.journal.store import JournalError, holder_of, is_locked


def _read(path: Path) -> bytes | None:
    """A candidate's bytes; None for anything that is not a regular file within the journal
    limit (a FIFO left in the folder must not hang the search, a huge file must not stall it)."""
    try:
        return read_input(path, JOURNAL)
    except InputError:
        return None


def _first_event(data: bytes) -> SessionStarted | None:
    try:
        event = event_from_json(data.split(b"\n", 1)[0])
    except ValueError:
        return None
    return event if isinstance(event, SessionStarted) else None


def _ended(data: bytes) -> bool:
    """Whether the meeting's end is in force (an ``undone`` may have taken it back)."""
    ended_seqs: set[int] = set()
    undone: set[int] = set()
    for line in data.splitlines():
        try:
            event = event_from_json(line)
        except ValueError:
            continue
        if isinstance(event, MeetingEnded):
            ended_seqs.add(event.seq)
        elif isinstance(event, Undone):
            undone.add(event.undoes)
    return bool(ended_seqs - undone)


def latest_unfinished(
    agenda: LoadedAgenda, directory: Path, on_skip: Callable[[str], None] = lambda _: None
) -> Path:
    """The newest journal in ``directory`` of this agenda whose meeting has not ended and that no
    running console holds; ``on_skip`` hears of each journal passed over because it is held."""
    target = str(agenda.path.resolve())
    candidates: list[Path] = []
    held = 0
    for path in directory.glob("*.jsonl") if directory.is_dir() else []:
        data = _read(path)
        first = _first_event(data) if data is not None else None
        if data is None or first is None:
            continue
        same_agenda = first.agenda == target or first.agenda_sha256 == agenda.sha256
        if not same_agenda or _ended(data):
            continue
        if is_locked(path):
            held += 1
            on_skip(f"{path}: skipped, in use by another console ({holder_of(path)})")
            continue
        candidates.append(path)
    if not candidates:
        also = f" that no other console holds ({held} in use)" if held else ""
        raise JournalError(
            f"{directory}: no unfinished journal of {agenda.path}{also}; name one with --journal"
        )
    return max(candidates, key=lambda path: path.stat().st_mtime)


def rehearsals_of(agenda: LoadedAgenda, directory: Path) -> list[Path]:
    """The rehearsal journals in ``directory`` recorded with exactly this agenda (by SHA-256),
    oldest first: what ``plan`` and the prepare screen's ``p`` take planned times from."""
    found: list[Path] = []
    for path in directory.glob("*.jsonl") if directory.is_dir() else []:
        data = _read(path)
        first = _first_event(data) if data is not None else None
        if first is not None and first.rehearsal and first.agenda_sha256 == agenda.sha256:
            found.append(path)
    return sorted(found, key=lambda path: path.stat().st_mtime)

"""Finding the journal to resume when the operator does not name one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.events import MeetingEnded, SessionStarted, Undone, event_from_json
from facilitator.journal.store import JournalError, holder_of, is_locked


def _first_event(path: Path) -> SessionStarted | None:
    try:
        with path.open("rb") as handle:
            first = handle.readline()
        event = event_from_json(first)
    except (OSError, ValueError):
        return None
    return event if isinstance(event, SessionStarted) else None


def _ended(path: Path) -> bool:
    """Whether the meeting's end is in force (an ``undone`` may have taken it back)."""
    ended_seqs: set[int] = set()
    undone: set[int] = set()
    try:
        lines = path.read_bytes().splitlines()
    except OSError:
        return False
    for line in lines:
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
        first = _first_event(path)
        if first is None:
            continue
        same_agenda = first.agenda == target or first.agenda_sha256 == agenda.sha256
        if not same_agenda or _ended(path):
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

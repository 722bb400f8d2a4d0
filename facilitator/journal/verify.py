"""``facilitator verify``: is this record of a meeting complete and unaltered?

Each event carries ``prev``, the SHA-256 of the previous line's bytes. Changing, removing or
inserting a line breaks the chain at the next event; this says at which line.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from facilitator.engine.events import JournalRecovered, SessionResumed, event_from_json
from facilitator.journal.store import JournalError, line_hash


def verify_journal(path: Path) -> tuple[bool, str]:
    """(ok, one line saying so or naming the first line where the chain breaks)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise JournalError(f"{path}: no such journal") from None
    except OSError as error:
        raise JournalError(f"{path}: cannot be read: {error.strerror}") from None
    previous: str | None = None
    expected_seq = 1
    torn_at: tuple[int, int, int] | None = None  # (line number, offset, length)
    count = 0
    offset = 0
    lines = data.split(b"\n")
    ends_cleanly = data.endswith(b"\n")
    for number, raw in enumerate(lines, start=1):
        start = offset
        offset += len(raw) + 1
        if not raw.strip():
            continue
        try:
            event = event_from_json(raw)
        except ValidationError:
            if torn_at is not None:
                return False, f"{path}:{torn_at[0]}: damaged line, not accounted for"
            torn_at = (number, start, len(raw))
            continue
        if torn_at is not None:
            accounted = (
                isinstance(event, SessionResumed | JournalRecovered)
                and event.torn is not None
                and (event.torn.offset, event.torn.length) == torn_at[1:]
            )
            if not accounted:
                return False, f"{path}:{torn_at[0]}: damaged line, not accounted for"
            torn_at = None
        if event.seq != expected_seq:
            return False, f"{path}:{number}: seq {event.seq} where {expected_seq} was expected"
        if event.prev != previous:
            return False, (
                f"{path}:{number}: chain broken: prev does not match line before it "
                "(a line was changed, removed or inserted)"
            )
        previous = line_hash(raw)
        expected_seq += 1
        count += 1
    if torn_at is not None:
        last_note = f"; torn last line at byte {torn_at[1]} (skipped)"
        return True, f"{path}: {count} events, chain intact{last_note}"
    unended = "" if ends_cleanly or not data else " (last line has no newline)"
    return True, f"{path}: {count} events, chain intact{unended}"

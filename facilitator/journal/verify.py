"""``facilitator verify``: is this record of a meeting complete and unaltered?

Each event carries ``prev``, the SHA-256 of the previous line's bytes. Changing, removing or
inserting a line breaks the chain at the next event; this says at which line.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.journal.store import DamagedRun, JournalError, accounts_for, line_hash, scan


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
    pending: DamagedRun | None = None
    for entry in scan(data):
        if isinstance(entry, DamagedRun):
            pending = entry
            continue
        if pending is not None:
            if not accounts_for(entry.event, pending.torn):
                return False, f"{path}:{pending.number}: damaged line, not accounted for"
            pending = None
        event = entry.event
        if event.seq != expected_seq:
            return (
                False,
                f"{path}:{entry.number}: seq {event.seq} where {expected_seq} was expected",
            )
        if event.prev != previous:
            return False, (
                f"{path}:{entry.number}: chain broken: prev does not match line before it "
                "(a line was changed, removed or inserted)"
            )
        previous = line_hash(entry.raw)
        expected_seq += 1
    count = expected_seq - 1
    if pending is not None:
        return True, (
            f"{path}: {count} events, chain intact; torn last line at byte "
            f"{pending.torn.offset} (skipped)"
        )
    return True, f"{path}: {count} events, chain intact"

"""``facilitator verify``: is this record of a meeting complete and unaltered?

Each event carries ``prev``, the SHA-256 of the previous line's bytes. Changing, removing or
inserting a line breaks the chain at the next event; this says at which line.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.journal.store import JournalError, line_hash, read_bytes, walk


def verify_journal(path: Path) -> tuple[bool, str]:
    """(ok, one line saying so or naming the first line where the record breaks)."""
    data = read_bytes(path)
    try:
        lines, torn = walk(data, path)
    except JournalError as error:
        return False, str(error)
    previous: str | None = None
    for line in lines:
        if line.event.prev != previous:
            return False, (
                f"{path}:{line.number}: chain broken: prev does not match line before it "
                "(a line was changed, removed or inserted)"
            )
        previous = line_hash(line.raw)
    torn_note = f"; torn last line at byte {torn.offset} (skipped)" if torn else ""
    return True, f"{path}: {len(lines)} events, chain intact{torn_note}"

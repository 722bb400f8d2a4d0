"""The room display's follower says when the journal is cut short, edited or followed by
garbage, keeps the pages on the last good state, and recovers once the file is right again."""

from __future__ import annotations

import os

from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import AddNote, Advance
from facilitator.i18n import ZH
from facilitator.session import Session
from facilitator.web.hub import Hub
from tests.web.conftest import run, to_slot


def test_a_journal_cut_short_shows_the_error_on_both_pages_and_recovers_when_restored(
    session: Session, clock: FakeClock
) -> None:
    to_slot(session, clock, 6)
    hub = Hub(session.journal_path, wall=lambda: clock.now().at)
    seq = session.state.last_seq
    whole = session.journal_path.read_bytes()
    os.truncate(session.journal_path, len(b"".join(whole.splitlines(keepends=True)[:3])))
    assert hub.read()
    for kind in ("chair", "room"):
        error = hub.payloads[kind]["error"]
        assert error is not None and error.startswith(ZH.web_unreadable.split("{")[0])
        assert "journal.jsonl:4: the journal was cut short here" in error
        assert hub.payloads[kind]["seq"] == seq  # the last good state, not a rewind to seq 3
    with session.journal_path.open("r+b") as file:
        file.write(whole)
    run(session, clock, Advance())
    assert hub.read()
    assert hub.payloads["room"]["error"] is None
    assert hub.payloads["room"]["seq"] == seq + 1


def test_an_edited_line_and_appended_garbage_are_shown_without_a_change_of_size(
    session: Session, clock: FakeClock
) -> None:
    to_slot(session, clock, 4)
    hub = Hub(session.journal_path, wall=lambda: clock.now().at)
    hub.follower.recheck_s = 0.0  # every poll checks what was read (the default: every 5 s)
    whole = session.journal_path.read_bytes()
    with session.journal_path.open("r+b") as file:  # line 2, same size, same inode
        file.seek(whole.index(b'"seq":2') + len(b'"seq":'))
        file.write(b"7")
    assert hub.read()
    assert "journal.jsonl:2: this line changed after it was read" in str(hub.error)
    session.journal_path.write_bytes(whole)
    assert hub.read() and hub.error is None

    with session.journal_path.open("ab") as file:
        file.write(b"garbage\n")
    hub.read()  # a damaged last line may be a torn one about to be accounted for: one poll
    assert hub.error is None and hub.follower.wants_poll()
    assert hub.read()  # polled again although nothing changed: now it is garbage
    garbage_line = session.state.last_seq + 1
    assert f"journal.jsonl:{garbage_line}: not a journal event (added after" in str(hub.error)
    assert hub.payloads["chair"]["seq"] == session.state.last_seq
    session.journal_path.write_bytes(whole)
    run(session, clock, AddNote("会后补记"))
    assert hub.read() and hub.error is None
    assert hub.payloads["chair"]["seq"] == session.state.last_seq

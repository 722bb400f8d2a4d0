"""A resume folds a journal as written while it parses it, keeping no event; anything else is read
line by line as before. Both reads must continue a journal identically, or refuse it with the
same message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator import session as session_module
from facilitator.agenda.load import LoadedAgenda, parse_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.script import compile_script
from facilitator.journal.store import JournalError, line_hash
from facilitator.session import Session, _Read, _read_in_order, _read_line_by_line
from tests.test_journal_in_order import JOURNALS, _other_second, variants


def agenda_of(journal: Path) -> LoadedAgenda:
    """The agenda the journal was recorded with, from its first line."""
    first = json.loads(journal.read_bytes().split(b"\n", 1)[0])
    return parse_agenda(first["agenda_text"].encode("utf-8"), "agenda.yaml")


def outcome(data: bytes, path: Path, agenda: LoadedAgenda, *, force: bool) -> _Read | str:
    script = compile_script(agenda.agenda)
    fast = _read_in_order(data, script, agenda, force=force)
    try:
        slow = _read_line_by_line(data, path, script, agenda, force=force)
    except JournalError as error:
        assert fast is None, "a journal the line-by-line read refuses is not resumed"
        return str(error)
    if fast is not None:
        assert fast == slow
    return slow


CASES = [(journal, name) for journal in JOURNALS for name in variants(journal.read_bytes())]


@pytest.mark.parametrize(
    ("journal", "variant"), CASES, ids=[f"{j.stem}-{name}" for j, name in CASES]
)
@pytest.mark.parametrize("force", [False, True], ids=["same-agenda", "forced"])
def test_folding_as_it_parses_continues_as_the_line_by_line_read_does(
    journal: Path, variant: str, force: bool
) -> None:
    data = variants(journal.read_bytes())[variant]
    agenda = agenda_of(journal)
    outcome(data, journal, agenda, force=force)


@pytest.mark.parametrize("journal", JOURNALS, ids=[path.stem for path in JOURNALS])
def test_a_journal_as_written_is_folded_as_it_is_parsed(journal: Path) -> None:
    data = journal.read_bytes()
    agenda = agenda_of(journal)
    script = compile_script(agenda.agenda)
    fast = _read_in_order(data, script, agenda, force=False)
    torn = any(line.count(b"{") != line.count(b"}") for line in data.splitlines())
    assert (fast is None) == torn  # a torn line is placed and named by the line-by-line read
    other = parse_agenda(b"version: 1\nmeeting: {title: x}\nitems: [{title: y, steps: [z]}]\n", "x")
    assert _read_in_order(data, script, other, force=False) is None  # a changed agenda: refused
    assert _read_in_order(data, script, other, force=True) == (None if torn else fast)
    if fast is not None:
        assert fast.state.last_seq == len(data.splitlines())
        ended = b'"type":"meeting_ended"' in data
        assert (fast.last_end_hash is not None) == ended


def test_a_resume_that_cannot_fold_as_it_parses_refuses_as_before(tmp_path: Path) -> None:
    """End to end: a journal with a line removed is refused naming the line, as it was."""
    journal = JOURNALS[0]
    lines = journal.read_bytes().splitlines(keepends=True)
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"".join(lines[:3] + lines[4:]))
    with pytest.raises(JournalError, match=r"journal.jsonl:4: event seq 5, expected 4"):
        Session.resume(agenda_of(journal), path, FakeClock(), force=True)


def test_a_resume_keeps_no_event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fold as it parses is the one taken for a journal as written (nothing reads it line
    by line), and the session goes on after it."""
    journal = next(path for path in JOURNALS if path.stem == "small-live")
    path = tmp_path / "journal.jsonl"
    path.write_bytes(journal.read_bytes())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("read line by line")

    monkeypatch.setattr(session_module, "_read_line_by_line", refuse)
    session = Session.resume(agenda_of(journal), path, FakeClock(), force=True)
    try:
        events = path.read_bytes().splitlines()
        assert session.state.last_seq == len(events)
        assert json.loads(events[-1])["type"] == "session_resumed"
    finally:
        session.close()


def test_the_seal_a_resume_keeps_is_the_one_the_next_line_names() -> None:
    """After an edited ``meeting_ended`` the next line still names the hash of the line as it
    was written; a resume keeps that one (it does not check the chain), both ways."""
    journal = next(path for path in JOURNALS if path.stem == "small-finished")
    lines = journal.read_bytes().rstrip(b"\n").split(b"\n")
    end = json.loads(lines[-1])
    assert end["type"] == "meeting_ended"
    written = line_hash(lines[-1])
    note = {
        "seq": end["seq"] + 1,
        "at": end["at"],
        "t": end["t"],
        "prev": written,
        "type": "note_added",
        "text": "补记",
        "slot": None,
        "item_no": None,
    }
    _other_second(end)
    lines[-1] = json.dumps(end, ensure_ascii=False, separators=(",", ":")).encode()
    lines.append(json.dumps(note, ensure_ascii=False, separators=(",", ":")).encode())
    data = b"\n".join(lines) + b"\n"
    read = outcome(data, journal, agenda_of(journal), force=True)
    assert isinstance(read, _Read)
    assert read.last_end_hash == written != line_hash(lines[-2])
    script = compile_script(agenda_of(journal).agenda)
    assert _read_in_order(data, script, agenda_of(journal), force=True) == read

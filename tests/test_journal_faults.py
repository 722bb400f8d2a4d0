"""The journal under everyday accidents: two consoles, a deleted or replaced file, tampering.

Each accident must end in a clear message with nothing lost: the second console is refused and
told who holds the journal; a console whose file vanished refuses to acknowledge anything more and
has already copied every acknowledged event to a rescue file; an edited or cut journal is named
at the line that was changed, and report and export refuse it unless forced.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.agenda.load import LoadedAgenda
from facilitator.cli import main
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Back,
    Command,
    End,
    RecordRollCall,
    RecordVote,
)
from facilitator.engine.events import MeetingEnded
from facilitator.journal.find import latest_unfinished
from facilitator.journal.store import (
    JournalError,
    JournalLocked,
    JournalLost,
    line_hash,
    read_journal,
    record_code,
)
from facilitator.journal.verify import (
    VERIFY_BROKEN,
    VERIFY_NOT_SEALED,
    VERIFY_SEALED,
    check_journal,
    verify_data,
)
from facilitator.runner import closing_lines
from facilitator.session import Session
from facilitator.tui.app import FacilitatorApp
from tests.conftest import ROOT, SMALL, SessionFactory

MEETING: tuple[Command, ...] = (
    Advance(),  # start
    Advance(),
    RecordRollCall(6),
    Advance(),
    Advance(),
    AddNote("茶歇"),
    Advance(),
    Advance(),
    RecordVote(for_=5, against=1),
    Advance(),
)


def hold(session: Session, clock: FakeClock, commands: tuple[Command, ...] = MEETING) -> None:
    for command in commands:
        clock.advance(30)
        session.execute(command)


def ended(session: Session, clock: FakeClock) -> Path:
    """Run the small meeting to its end, close the session, return the journal."""
    hold(session, clock)
    session.execute(End())
    session.close()
    return session.journal_path


# -- one writer --------------------------------------------------------------------------------


def test_a_second_writer_in_the_same_process_is_refused_naming_the_first(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    first = start_session(small)
    with pytest.raises(JournalLocked) as refused:
        Session.resume(small, first.journal_path, clock)
    message = str(refused.value)
    assert message.startswith(f"{first.journal_path}: in use by another console (pid {os.getpid()}")
    assert "\n" not in message
    assert len(read_journal(first.journal_path).events) == 1  # the refused one wrote nothing
    first.close()
    Session.resume(small, first.journal_path, clock).close()  # the lock went with the first


HOLDER = """
import sys
from pathlib import Path
from facilitator.agenda.load import load_agenda
from facilitator.session import Session
session = Session.start(load_agenda(Path(sys.argv[1])), Path(sys.argv[2]))
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_second_writer_is_refused_with_the_holders_pid_until_it_is_killed(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    journal = tmp_path / "journal.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(SMALL), str(journal)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "holding\n"
        with pytest.raises(JournalLocked, match=rf"in use by another console \(pid {child.pid} on"):
            Session.resume(small, journal, clock)
        skipped: list[str] = []
        with pytest.raises(JournalError, match=r"that no other console holds \(1 in use\)"):
            latest_unfinished(small, tmp_path, skipped.append)
        assert skipped and f"pid {child.pid}" in skipped[0]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    resumed = Session.resume(small, journal, clock)  # a crash never leaves a stale lock
    assert resumed.state.last_seq == 2
    resumed.close()
    assert latest_unfinished(small, tmp_path) == journal


# -- the file vanishes under the console ------------------------------------------------------


def test_a_deleted_journal_refuses_the_next_command_and_its_events_are_rescued(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    hold(session, clock, MEETING[:4])
    saved = session.journal_path.read_bytes()
    before = session.state
    session.journal_path.unlink()
    with pytest.raises(JournalLost, match="was deleted or moved away while the console ran"):
        session.execute(Advance())
    assert session.state == before  # nothing shown that is not saved
    with pytest.raises(JournalLost):  # and it stays refused
        session.execute(AddNote("later"))
    rescued = session.journal.lost.rescued if session.journal.lost else None
    assert rescued is not None and rescued.parent == session.journal_path.parent
    assert rescued.read_bytes() == saved
    assert check_journal(rescued)[0] == VERIFY_NOT_SEALED  # intact, the meeting goes on
    assert not session.journal_path.exists()  # nothing was written into the void as if saved
    lines = closing_lines(session, SMALL)
    assert lines[0].startswith("journal LOST: ")
    assert f"--resume --journal {rescued}" in "\n".join(lines)
    question = FacilitatorApp(session).quit_question()
    assert str(rescued) in question and "已保存" not in question.split("。")[0]
    session.close()
    resumed = Session.resume(small, rescued, clock)
    assert resumed.state.position == before.position
    resumed.close()


def test_a_replaced_journal_is_left_alone_and_the_real_one_is_rescued(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock, tmp_path: Path
) -> None:
    session = start_session(small)
    hold(session, clock, MEETING[:3])
    saved = session.journal_path.read_bytes()
    stranger = tmp_path / "older-copy.jsonl"
    stranger.write_bytes(saved[: saved.index(b"\n") + 1])  # a sync client's older version
    stranger.replace(session.journal_path)
    replaced = session.journal_path.read_bytes()
    with pytest.raises(JournalLost, match="was replaced by another file"):
        session.execute(Advance())
    assert session.journal_path.read_bytes() == replaced  # the other file is not touched
    assert session.journal.lost is not None and session.journal.lost.rescued is not None
    assert session.journal.lost.rescued.read_bytes() == saved
    session.close()


def test_a_journal_deleted_during_a_write_rescues_only_what_was_acknowledged(
    small: LoadedAgenda,
    start_session: SessionFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = start_session(small)
    hold(session, clock, MEETING[:2])
    acknowledged = session.journal_path.read_bytes()
    real_fsync = os.fsync

    def fsync_then_delete(fd: int) -> None:
        real_fsync(fd)
        session.journal_path.unlink(missing_ok=True)

    monkeypatch.setattr(os, "fsync", fsync_then_delete)
    with pytest.raises(JournalLost):
        session.execute(RecordRollCall(6))
    monkeypatch.undo()
    assert session.state.position.roll_calls == {}
    assert session.journal.lost is not None and session.journal.lost.rescued is not None
    assert session.journal.lost.rescued.read_bytes() == acknowledged
    session.close()


# -- the seal and tampering ------------------------------------------------------------------


def test_ending_seals_the_record_and_the_code_is_the_hash_of_the_sealing_line(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    hold(session, clock)
    session.execute(End())
    code = session.seal_hash
    path = session.journal_path
    raw = path.read_bytes().splitlines()
    seal = read_journal(path).events[-1]
    assert isinstance(seal, MeetingEnded)
    assert seal.seal_events == seal.seq == len(raw)
    assert code == line_hash(raw[-1])
    assert f"记录校验码 (record code): {record_code(code)}" in closing_lines(session, SMALL)
    session.close()
    status, message = check_journal(path)
    assert status == VERIFY_SEALED
    assert message.endswith(
        f"sealed at line {len(raw)} ({len(raw)} events); 记录校验码 {record_code(code)}"
    )
    assert check_journal(path, record_code(code))[0] == VERIFY_SEALED
    assert check_journal(path, code[:16])[0] == VERIFY_SEALED
    # Opening an ended meeting again appends a line, but the seal (and its code) stand.
    Session.resume(small, path, clock).close()
    assert check_journal(path, code)[0] == VERIFY_SEALED


def test_undoing_the_end_unseals_and_ending_again_seals_anew(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    hold(session, clock)
    session.execute(End())
    first_code = session.seal_hash
    session.execute(Back())
    assert session.seal_hash is None
    path = session.journal_path
    assert check_journal(path)[0] == VERIFY_NOT_SEALED
    status, message = check_journal(path, first_code)
    assert status == VERIFY_BROKEN and "continued or ended again" in message
    session.execute(End())
    assert session.seal_hash not in (None, first_code)
    assert check_journal(path, session.seal_hash)[0] == VERIFY_SEALED
    session.close()


def edit_line(path: Path, number: int, old: bytes, new: bytes) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_bytes(b"".join(lines))


def vote_line(path: Path) -> int:
    lines = path.read_bytes().splitlines()
    return next(n for n, line in enumerate(lines, 1) if b'"vote_recorded"' in line)


def test_a_forged_vote_in_the_middle_is_named_at_its_own_line(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    path = ended(start_session(small), clock)
    number = vote_line(path)
    edit_line(path, number, b'"for":5', b'"for":6')
    status, message = check_journal(path)
    assert status == VERIFY_BROKEN
    assert message.startswith(f"{path}:{number}: changed after it was written")


def test_an_edited_seal_is_named_even_without_the_paper_code(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    path = ended(start_session(small), clock)
    last = len(path.read_bytes().splitlines())
    edit_line(path, last, b'"early":true', b'"early":false')
    status, message = check_journal(path)
    assert (status, message) == (
        VERIFY_BROKEN,
        f"{path}:{last}: the seal (meeting_ended) was changed after it was written",
    )


@pytest.mark.parametrize("removed", [1, 3])
def test_cutting_the_last_lines_unseals_the_record_and_the_code_no_longer_matches(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock, removed: int
) -> None:
    session = start_session(small)
    path = ended(session, clock)
    code = session.seal_hash
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-removed]))
    kept = len(lines) - removed
    status, message = check_journal(path)
    assert status == VERIFY_NOT_SEALED
    assert "NOT sealed" in message and f"lines after line {kept} were removed" in message
    status, message = check_journal(path, code)
    assert status == VERIFY_BROKEN
    assert message == (
        f"{path}: does not match the 记录校验码 given: a line up to the seal was changed, or "
        f"lines after line {kept} were removed (or the code was mistyped)"
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"", "empty"), (b"   \n\n", "blank"), (b"{not json\n{\x00\n", "garbage")],
)
def test_verify_refuses_a_file_that_is_not_a_journal(
    tmp_path: Path, content: bytes, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(content)
    assert main(["verify", str(path)]) == VERIFY_BROKEN
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: not a facilitator journal")
    assert err.count("\n") == 1


def test_report_and_export_refuse_a_forged_record_unless_forced_and_then_say_so(
    small: LoadedAgenda,
    start_session: SessionFactory,
    clock: FakeClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = ended(start_session(small), clock)
    number = vote_line(path)
    edit_line(path, number, b'"for":5', b'"for":6')
    capsys.readouterr()
    for argv in (["report", str(path)], ["export", str(path), "--format", "md"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"{path}:{number}: changed after it was written")
        assert err.count("\n") == 1 and "--force" in err
    assert not path.with_suffix(".md").exists()
    assert main(["export", str(path), "--format", "md", "--force"]) == 0
    minutes = path.with_suffix(".md").read_text(encoding="utf-8")
    assert minutes.splitlines()[2].startswith("> 【本记录未通过校验")
    assert f".jsonl:{number}: changed after it was written" in minutes
    assert "记录校验码" not in minutes  # a seal at the end of a broken chain proves nothing
    assert main(["export", str(path), "--format", "json", "--force"]) == 0
    record = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["record"]
    assert record["verified"] is False and record["problem"].startswith(f"{path}:{number}")
    assert main(["report", str(path), "--force"]) == 0
    assert "本记录未通过校验" in capsys.readouterr().out


def test_two_writers_that_raced_show_as_a_repeated_seq(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    hold(session, clock, MEETING[:3])
    session.close()
    lines = session.journal_path.read_bytes().splitlines(keepends=True)
    session.journal_path.write_bytes(b"".join([*lines, lines[-1]]))
    status, message = check_journal(session.journal_path)
    assert status == VERIFY_BROKEN
    assert f":{len(lines) + 1}: event seq {len(lines)} repeats" in message


def test_the_seal_survives_a_verification_of_every_line(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    path = ended(start_session(small), clock)
    result = verify_data(path.read_bytes(), path)
    assert result.ok and result.seal is not None
    assert result.seal.line == len(result.lines)

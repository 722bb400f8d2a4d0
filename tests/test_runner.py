"""Which journal a console opens: a new one by date and agenda, or the one to resume."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from facilitator import runner
from facilitator.agenda.load import LoadedAgenda
from facilitator.cli import main
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, End
from facilitator.journal.store import JournalError
from facilitator.session import Session
from tests.conftest import SAMPLE, SMALL


@pytest.fixture
def journals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "journals"
    monkeypatch.setattr(runner, "journal_dir", lambda: directory)
    return directory


def test_a_new_journal_is_named_by_date_time_and_agenda(journals: Path) -> None:
    path = runner.default_journal_path(SMALL, datetime(2026, 11, 27, 9, 5, 7))
    assert path == journals / "2026-11-27_090507_small.jsonl"


def test_resume_without_a_path_takes_the_latest_unfinished_journal_of_that_agenda(
    journals: Path, small: LoadedAgenda, sample: LoadedAgenda, clock: FakeClock
) -> None:
    journals.mkdir()
    older = Session.start(small, journals / "a.jsonl", clock)
    older.execute(Advance())
    ended = Session.start(small, journals / "b.jsonl", clock)
    ended.execute(Advance())
    ended.execute(End())
    other = Session.start(sample, journals / "c.jsonl", clock)
    other.execute(Advance())
    for session, mtime in ((older, 1000), (ended, 3000), (other, 4000)):
        session.close()
        os.utime(session.journal_path, (mtime, mtime))
    resumed = runner.open_session(SMALL, None, resume=True, force=False)
    assert resumed.journal_path == journals / "a.jsonl"
    assert resumed.state.slot == 0
    resumed.close()


def test_resume_with_no_unfinished_journal_says_so_in_one_line(
    journals: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(JournalError, match="no unfinished journal"):
        runner.open_session(SAMPLE, None, resume=True, force=False)
    assert main(["run", str(SAMPLE), "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no unfinished journal" in err


def test_the_program_is_named_as_the_shell_will_find_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "venv bin" / "facilitator"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert runner.program_invocation(str(script)) == f"'{script}'"  # not on PATH: its own path
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    assert runner.program_invocation(str(script)) == "facilitator"
    main_py = Path(runner.__file__).with_name("__main__.py")
    assert runner.program_invocation(str(main_py)) == f"{sys.executable} -m facilitator"


def test_the_commands_printed_at_quit_run_as_printed(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", [str(Path(runner.__file__).with_name("__main__.py"))])
    session = Session.start(small, tmp_path / "a journal.jsonl", clock)
    session.execute(Advance())
    session.execute(End())
    session.close()
    lines = runner.closing_lines(session, SMALL)
    commands = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in lines}
    for name in ("report", "export"):
        done = subprocess.run(
            commands[name], shell=True, cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (commands[name], done.stderr)
    assert (tmp_path / "a journal.docx").stat().st_size > 0

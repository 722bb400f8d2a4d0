"""The resume gap runs from the console's last sign of life: the heartbeat it leaves in the
journal file's modification time every few seconds, never a byte written (issue 18)."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import AddNote, Advance, Start
from facilitator.engine.events import SessionResumed, event_from_json
from facilitator.journal.store import JournalLost, read_journal
from facilitator.report.terminal import print_report
from facilitator.session import HEARTBEAT_S, Session
from tests.conftest import SessionFactory, run


def report_text(journal: Path) -> str:
    out = io.StringIO()
    print_report(journal, console=Console(file=out, width=140, color_system=None))
    return out.getvalue()


def idle(session: Session, clock: FakeClock, seconds: int) -> None:
    """The console doing nothing for ``seconds``: its clock ticks once a second."""
    for _ in range(seconds):
        clock.advance(1)
        session.keep_alive()


def killed(session: Session) -> None:
    """``kill -9``: the file is let go with no last word (no heartbeat at close)."""
    session.journal.close()


def test_the_gap_after_a_crash_runs_from_the_last_heartbeat_not_the_last_event(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock, Start(), AddNote("到会"))
    last_at = session.state.last_at
    assert last_at is not None
    session.keep_alive()
    idle(session, clock, 45)  # 45 s with nothing recorded, then kill -9
    killed(session)
    clock.advance(12)
    resumed = Session.resume(small, session.journal_path, clock)
    event = read_journal(session.journal_path).events[-1]
    assert isinstance(event, SessionResumed)
    assert event.alive_at == last_at + timedelta(seconds=45)
    assert event.gap_s == pytest.approx(12)  # not 57
    assert resumed.state.gaps[-1].alive_at == event.alive_at
    resumed.close()
    assert "中断12秒（自控制台最后一次确认运行起，精度5秒）" in report_text(session.journal_path)


def test_a_heartbeat_writes_no_byte_and_comes_every_few_seconds(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    path = session.journal_path
    before = path.read_bytes()
    session.keep_alive()
    first = path.stat().st_mtime
    assert first == pytest.approx(clock.now().at.timestamp())
    clock.advance(HEARTBEAT_S - 1)
    session.keep_alive()
    assert path.stat().st_mtime == first  # not yet
    clock.advance(1)
    session.keep_alive()
    assert path.stat().st_mtime == pytest.approx(first + HEARTBEAT_S)
    assert path.read_bytes() == before
    session.close()


def test_a_heartbeat_never_touches_a_file_that_took_the_journals_place(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock, Start())
    path = session.journal_path
    moved = path.with_name("moved.jsonl")
    path.rename(moved)
    path.write_text("another file\n")
    os.utime(path, (1_000_000, 1_000_000))
    clock.advance(HEARTBEAT_S)
    with pytest.raises(JournalLost) as caught:
        session.keep_alive()
    assert path.stat().st_mtime == 1_000_000
    assert caught.value.rescued is not None
    assert [e.type for e in read_journal(caught.value.rescued).events] == [
        "session_started",
        "meeting_started",
    ]
    session.close()


def test_a_modification_time_ahead_of_the_clock_is_no_sign_of_life(
    small: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(small)
    run(session, clock, Start(), Advance())
    killed(session)
    ahead = clock.now().at.timestamp() + 3600
    os.utime(session.journal_path, (ahead, ahead))
    clock.advance(30)
    resumed = Session.resume(small, session.journal_path, clock)
    event = read_journal(session.journal_path).events[-1]
    assert isinstance(event, SessionResumed)
    assert event.alive_at is None and event.gap_s == pytest.approx(30)
    assert "alive_at" not in session.journal_path.read_text().splitlines()[-1]
    resumed.close()
    assert "中断30秒（自最后一条记录起）" in report_text(session.journal_path)


def test_a_session_resumed_line_from_before_the_heartbeat_reads_as_it_always_did() -> None:
    line = (
        '{"seq":9,"type":"session_resumed","at":"2026-11-27T17:08:53+08:00","t":530.0,'
        '"prev":null,"gap_s":45.0,"torn":null,"pid":7,"host":"h"}'
    )
    event = event_from_json(line)
    assert isinstance(event, SessionResumed)
    assert event.alive_at is None and event.gap_s == 45.0

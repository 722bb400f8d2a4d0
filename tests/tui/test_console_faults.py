"""The console when the journal fails: nothing shown as done, no typing lost, the truth at quit."""

from __future__ import annotations

import errno
import os

import pytest
from textual.widgets import Input, Static

from facilitator.engine.events import NoteAdded
from facilitator.journal.store import read_journal
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.dialogs import ConfirmDialog, NoteDialog
from facilitator.tui.widgets.status import StatusLine

SIZE = (100, 30)


def status_text(app: FacilitatorApp) -> str:
    return str(app.console_screen.query_one(StatusLine).render())


async def test_a_note_that_could_not_be_saved_keeps_its_text_for_another_try(
    small_app: FacilitatorApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write

    def disk_full(fd: int, data: bytes | memoryview) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        monkeypatch.setattr(os, "write", disk_full)
        await pilot.press("n", *"主任提前离会", "enter")
        await pilot.pause()
        dialog = small_app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one(Input).value == "主任提前离会"
        error = str(dialog.query_one("#note-error", Static).render())
        assert "笔记没有保存" in error and "the disk is full" in error
        assert "未能写入日志" in status_text(small_app)
        assert small_app.session.state.notes == ()
        monkeypatch.setattr(os, "write", real_write)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(small_app.screen, NoteDialog)
    notes = [
        e for e in read_journal(small_app.session.journal_path).events if isinstance(e, NoteAdded)
    ]
    assert [note.text for note in notes] == ["主任提前离会"]


async def test_after_the_journal_is_deleted_keys_do_nothing_and_quit_says_where_the_record_is(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")
        before = small_app.session.state
        small_app.session.journal_path.unlink()
        await pilot.press("space")
        assert small_app.session.state == before
        shown = status_text(small_app)
        lost = small_app.session.journal.lost
        assert lost is not None and lost.rescued is not None
        assert "日志文件在会议中被删除或替换" in shown and str(lost.rescued) in shown
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(small_app.screen, ConfirmDialog)
        question = small_app.screen.question
        assert str(lost.rescued) in question and "--resume --journal" in question
        assert "日志已保存" not in question
        await pilot.press("n")


async def test_the_quit_question_admits_an_action_that_was_not_saved(
    small_app: FacilitatorApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int, data: bytes | memoryview) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    async with small_app.run_test(size=SIZE) as pilot:
        assert small_app.quit_question() == small_app.words.confirm_quit
        monkeypatch.setattr(os, "write", disk_full)
        await pilot.press("space")
        question = small_app.quit_question()
        assert question.startswith("最后一次操作没有保存")
        assert str(small_app.session.journal_path) in question


async def _idle_then_lose_the_journal(app: FacilitatorApp, lose: str) -> None:
    """The issue's walk: three steps and a note, then the journal goes while nobody types."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space")
        await pilot.press("n", *"主任提前离会", "enter")
        await pilot.pause()
        journal = app.session.journal_path
        if lose == "rm":
            journal.unlink()
        else:
            journal.rename(journal.with_name("moved.jsonl"))
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = app.screen.question
        lost = app.session.journal.lost
        assert lost is not None and lost.rescued is not None
        assert "日志已保存" not in question and str(lost.rescued) in question
        assert str(lost.rescued) in status_text(app)
        await pilot.press("y")


@pytest.mark.parametrize("lose", ["rm", "mv"])
async def test_quit_after_the_journal_went_while_idle_rescues_it_and_says_where(
    sample_app: FacilitatorApp, lose: str
) -> None:
    from facilitator.runner import closing_lines
    from tests.conftest import SAMPLE

    journal = sample_app.session.journal_path
    await _idle_then_lose_the_journal(sample_app, lose)
    sample_app.session.close()
    lost = sample_app.session.journal.lost
    assert lost is not None and lost.rescued is not None
    rescued = read_journal(lost.rescued).events
    assert [event.type for event in rescued] == [
        "session_started",
        "meeting_started",
        "step_entered",
        "step_entered",
        "note_added",
    ]
    lines = closing_lines(sample_app.session, SAMPLE)
    assert lines[0].startswith("journal LOST:")
    assert f"journal: {lost.rescued}" in lines
    assert not any(line == f"journal: {journal}" for line in lines[1:])
    assert all(str(journal) not in line for line in lines[1:])  # resume, report, export


async def test_an_idle_console_finds_its_journal_gone_at_the_next_heartbeat(
    small_app: FacilitatorApp,
) -> None:
    from facilitator.session import HEARTBEAT_S
    from tests.tui.conftest import clock_of

    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "n", *"已到会", "enter")
        await pilot.pause()
        assert "笔记已保存" in status_text(small_app)
        small_app.tick()  # a heartbeat now
        small_app.session.journal_path.unlink()
        clock_of(small_app).advance(HEARTBEAT_S - 1)
        small_app.tick()  # not yet: the check runs every HEARTBEAT_S
        assert small_app.session.journal.lost is None
        clock_of(small_app).advance(1)
        small_app.tick()
        await pilot.pause()
        lost = small_app.session.journal.lost
        assert lost is not None and lost.rescued is not None
        shown = status_text(small_app)
        assert "笔记已保存" not in shown and str(lost.rescued) in shown
        assert "操作没有生效" not in shown  # no action failed: it was found while idle

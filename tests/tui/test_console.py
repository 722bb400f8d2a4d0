"""Pilot tests: every key and dialog of the operator console, on the small agenda.

The small agenda's slots: 0 line, 1 roll call (quorum majority of 7) | item 1: 2 line, 3 cue
汇报毕 (8m) | item 2: 4 line, 5 vote (two thirds), 6 outcome, 7 line | item 3: 8 line with a
``*`` placeholder, 9 cue | closing: 10 line. Each test asserts on the session's state first,
then on what the screen shows.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.commands import JumpTo
from facilitator.engine.events import MeetingEnded, NoteAdded, StepEntered, VoteRecorded
from facilitator.engine.state import Phase
from facilitator.journal.store import JournalError, read_journal
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.console import ConsoleScreen
from facilitator.tui.screens.dialogs import ConfirmDialog, NoteDialog, RollCallDialog
from facilitator.tui.screens.help import HelpScreen
from facilitator.tui.screens.pause import PauseScreen
from facilitator.tui.screens.summary import SummaryScreen
from facilitator.tui.screens.vote import VoteDialog
from facilitator.tui.widgets.banners import CueBanner, RollCallBanner, VoteBanner
from facilitator.tui.widgets.header import MeetingHeader
from facilitator.tui.widgets.line import ChairLine, LineScroll, NextLine
from facilitator.tui.widgets.sidebar import AgendaRow
from facilitator.tui.widgets.status import StatusLine
from tests.tui.conftest import AppFactory, clock_of

SIZE = (100, 30)


def shown(widget: Any) -> str:
    """The plain text a widget draws."""
    rendered = widget.render()
    if isinstance(rendered, Text):
        return rendered.plain
    return str(rendered)


def table_text(widget: Static) -> str:
    """The text of a Static showing a Rich renderable (a table)."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def phase(app: FacilitatorApp) -> Phase:
    """Where the meeting stands (a function, so each assertion reads it afresh)."""
    return app.session.state.phase


def status(app: FacilitatorApp) -> StatusLine:
    return app.console_screen.query_one(StatusLine)


def static_text(app: FacilitatorApp, selector: str) -> str:
    return str(app.console_screen.query_one(selector, Static).render())


async def to_slot(pilot: Pilot[None], app: FacilitatorApp, slot: int) -> None:
    """Get to a slot by keys: space, entering 6 present at the roll call, u at the vote."""
    while app.session.state.slot != slot:
        state = app.session.state
        current = state.slot
        if current == 1 and 1 not in state.position.roll_calls:
            await pilot.press("v", "ctrl+u", "6", "enter")
        elif current == 5 and 5 not in state.position.votes:
            await pilot.press("v", "u", "enter")
        else:
            await pilot.press("space")
        assert isinstance(app.screen, ConsoleScreen), f"stuck at {current} on {app.screen}"


async def tick(pilot: Pilot[None], app: FacilitatorApp) -> None:
    """Let the 1 Hz clock refresh now."""
    app.tick()
    await pilot.pause()


# -- starting and advancing -------------------------------------------------------------------


async def test_the_console_opens_before_the_start_and_says_to_press_space(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE):
        assert phase(small_app) is Phase.NOT_STARTED
        assert "按空格键开始会议" in static_text(small_app, "#part-label")
        header = shown(small_app.console_screen.query_one(MeetingHeader))
        assert "测试委员会第三次会议" in header
        planned_end = 9 * 60 + int(small_app.session.script.planned_s // 60)
        assert f"计划结束 {planned_end // 60:02d}:{planned_end % 60:02d}" in header
        assert "09:00:00" in header
        assert "同志们：现在开会。" in shown(small_app.console_screen.query_one(NextLine))


@pytest.mark.parametrize("key", ["space", "enter", "right"])
async def test_space_enter_and_right_start_then_advance(
    small_app: FacilitatorApp, key: str
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert phase(small_app) is Phase.RUNNING
        assert small_app.session.state.slot == 0
        await pilot.press(key)
        assert small_app.session.state.slot == 1
        assert small_app.console_screen.query_one(ChairLine).text.startswith("本次会议应到7人")
        assert static_text(small_app, "#position") == "第 2 步，共 2 步"
        assert static_text(small_app, "#part-label") == "开场"


async def test_the_header_shows_elapsed_and_the_forecast(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        clock_of(small_app).advance(125)
        await tick(pilot, small_app)
        header = shown(small_app.console_screen.query_one(MeetingHeader))
        assert "09:02:05" in header
        assert "已用 2:05" in header
        assert "预计结束" in header


# -- roll call ----------------------------------------------------------------------------------


async def test_advancing_at_a_roll_call_is_refused_and_asks_for_the_number_present(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space")
        assert small_app.session.state.slot == 1
        assert isinstance(small_app.screen, RollCallDialog)
        assert "尚未录入实到人数" in str(status(small_app).render())
        assert status(small_app).has_class("-refused")
        await pilot.press("6", "enter")
        state = small_app.session.state
        assert state.position.roll_calls[1].present == 6
        assert state.position.roll_calls[1].quorum_met is True
        assert isinstance(small_app.screen, ConsoleScreen)
        assert "实到6人" in small_app.console_screen.query_one(ChairLine).text
        banner = small_app.console_screen.query_one(RollCallBanner)
        assert "符合规定人数" in shown(banner)
        assert not status(small_app).has_class("-refused")


async def test_a_roll_call_without_a_quorum_is_shown_plainly_and_the_meeting_may_go_on(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "v", "3", "enter")
        assert small_app.session.state.position.roll_calls[1].quorum_met is False
        banner = small_app.console_screen.query_one(RollCallBanner)
        assert banner.has_class("-no-quorum")
        assert "未达到规定人数" in shown(banner)
        await pilot.press("space")
        assert small_app.session.state.slot == 2


async def test_the_roll_call_dialog_refuses_more_than_the_members_inline(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "v", "8")
        dialog = small_app.screen
        assert isinstance(dialog, RollCallDialog)
        verdict = dialog.query_one("#verdict", Static)
        assert "实到 8 人，多于应到 7 人" in str(verdict.render())
        assert verdict.has_class("-error")
        await pilot.press("enter")
        assert small_app.screen is dialog
        await pilot.press("escape")
        assert small_app.session.state.position.roll_calls == {}
        assert isinstance(small_app.screen, ConsoleScreen)


# -- refusals ---------------------------------------------------------------------------------


async def test_v_where_there_is_nothing_to_record_is_refused_with_the_reason(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        assert "会议尚未开始" in str(status(small_app).render())
        await pilot.press("space", "v")
        assert small_app.session.state.slot == 0
        assert "当前步骤没有要录入的结果" in str(status(small_app).render())
        assert status(small_app).has_class("-refused")


async def test_a_refusal_clears_on_the_next_successful_action(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("left")
        assert "没有可以撤销的操作" in str(status(small_app).render())
        await pilot.press("space")
        assert str(status(small_app).render()) == ""
        assert not status(small_app).has_class("-refused")


async def test_a_journal_error_is_shown_as_an_error_and_nothing_happens(
    small_app: FacilitatorApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space")

        def full_disk(event: object) -> object:
            raise JournalError("journal.jsonl: event 3 not saved: the disk is full")

        monkeypatch.setattr(small_app.session.journal, "append", full_disk)
        await pilot.press("space")
        assert small_app.session.state.slot == 0
        line = status(small_app)
        assert line.has_class("-error")
        assert "未能写入日志" in str(line.render())
        assert "the disk is full" in str(line.render())
        monkeypatch.undo()
        await pilot.press("space")
        assert small_app.session.state.slot == 1
        assert not status(small_app).has_class("-error")


# -- cue ----------------------------------------------------------------------------------------


async def test_a_cue_shows_who_speaks_and_a_stopwatch_that_turns_warning_when_over(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 3)
        banner = small_app.console_screen.query_one(CueBanner)
        assert banner.display
        assert "（汇报毕）" in shown(banner)
        assert "李四同志" in shown(banner)
        assert "计划 8:00" in shown(banner)
        clock_of(small_app).advance(100)
        await tick(pilot, small_app)
        assert small_app.session.state.slot_seconds(3, small_app.session.now().t) == 100
        assert "1:40" in shown(banner)
        assert not banner.has_class("-over")
        clock_of(small_app).advance(400)
        await tick(pilot, small_app)
        assert "8:20" in shown(banner)
        assert banner.has_class("-over")
        await pilot.press("space")
        assert not banner.display


# -- vote ---------------------------------------------------------------------------------------


async def test_advancing_at_a_vote_is_refused_and_the_banner_says_press_v(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        banner = small_app.console_screen.query_one(VoteBanner)
        assert "按 v 录入表决结果" in shown(banner)
        assert "举手表决" in shown(banner)
        assert "三分之二以上通过" in shown(banner)
        await pilot.press("space")
        assert small_app.session.state.slot == 5
        assert "尚未录入表决结果" in str(status(small_app).render())
        following = small_app.console_screen.query_one(NextLine)
        assert following.note == "(取决于表决结果)"
        assert "《工作规则》通过" in following.text


async def test_the_vote_dialog_shows_motion_method_rule_and_the_present_default(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        await pilot.press("v")
        dialog = small_app.screen
        assert isinstance(dialog, VoteDialog)
        assert "《工作规则》" in dialog.query_one(ChairLine).text
        assert dialog.query_one("#present", Input).value == "6"
        assert dialog.focused is dialog.query_one("#for", Input)
        texts = " ".join(str(widget.render()) for widget in dialog.query(Static))
        assert "举手表决" in texts
        assert "三分之二以上通过" in texts


async def test_impossible_counts_are_shown_inline_and_cannot_be_confirmed(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        await pilot.press("v", "5", "tab", "3")
        dialog = small_app.screen
        assert isinstance(dialog, VoteDialog)
        verdict = dialog.query_one("#verdict", Static)
        assert "票数合计 8，多于实到 6 人" in str(verdict.render())
        assert verdict.has_class("-error")
        await pilot.press("enter")
        assert small_app.screen is dialog
        assert small_app.session.state.position.votes == {}
        await pilot.press("down", "down", "ctrl+u", "9")
        assert "多于应到 7 人" in str(verdict.render())


async def test_the_outcome_is_computed_live_as_counts_are_typed(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        await pilot.press("v", "3")
        dialog = small_app.screen
        assert isinstance(dialog, VoteDialog)
        verdict = dialog.query_one("#verdict", Static)
        assert "结果：未通过" in str(verdict.render())
        await pilot.press("backspace", "4")
        assert "结果：通过" in str(verdict.render())
        assert "未表决 2" in str(verdict.render())


async def test_u_fills_unanimous_and_enter_records_the_vote(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        await pilot.press("v", "u")
        dialog = small_app.screen
        assert isinstance(dialog, VoteDialog)
        assert [
            dialog.query_one(f"#{name}", Input).value
            for name in ("present", "for", "against", "abstain")
        ] == ["6", "6", "0", "0"]
        await pilot.press("enter")
        vote = small_app.session.state.position.votes[5]
        assert (vote.for_, vote.against, vote.abstain, vote.present, vote.passed) == (
            6,
            0,
            0,
            6,
            True,
        )
        assert isinstance(small_app.screen, ConsoleScreen)
        following = small_app.console_screen.query_one(NextLine)
        assert following.note is None
        assert following.text == "赞成6票，反对0票，弃权0票，《工作规则》通过。"
        assert "已表决：赞成 6" in shown(small_app.console_screen.query_one(VoteBanner))
        assert "表决结果已记录" in str(status(small_app).render())
        await pilot.press("space")
        assert small_app.session.state.slot == 6
        line = small_app.console_screen.query_one(ChairLine)
        assert line.text == "赞成6票，反对0票，弃权0票，《工作规则》通过。"


async def test_a_failed_vote_makes_the_failed_line_the_next(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        await pilot.press("v", "3", "tab", "3", "enter")
        assert small_app.session.state.position.votes[5].passed is False
        following = small_app.console_screen.query_one(NextLine)
        assert following.text == "赞成3票，未达到三分之二，《工作规则》未通过。"
        assert small_app.console_screen.query_one(VoteBanner).has_class("-failed")


async def test_escape_cancels_the_vote_dialog(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        await pilot.press("v", "u", "escape")
        assert small_app.session.state.position.votes == {}
        assert isinstance(small_app.screen, ConsoleScreen)


# -- undo -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["left", "backspace"])
async def test_left_and_backspace_step_back(small_app: FacilitatorApp, key: str) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", key)
        assert small_app.session.state.slot == 0
        assert "已撤销" in str(status(small_app).render())


async def test_undoing_a_vote_asks_first(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 5)
        await pilot.press("v", "u", "enter", "left")
        assert isinstance(small_app.screen, ConfirmDialog)
        await pilot.press("n")
        assert 5 in small_app.session.state.position.votes
        await pilot.press("left", "y")
        assert small_app.session.state.position.votes == {}
        assert small_app.session.state.slot == 5


# -- pause, note, jump, help, quit, end -------------------------------------------------------


async def test_p_pauses_with_an_overlay_clock_and_p_again_resumes(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        clock_of(small_app).advance(10)
        await pilot.press("p")
        assert small_app.session.state.paused
        assert isinstance(small_app.screen, PauseScreen)
        clock_of(small_app).advance(65)
        await tick(pilot, small_app)
        assert "已休会 1:05" in str(small_app.screen.query_one("#pause-clock", Static).render())
        await pilot.press("space")
        assert small_app.session.state.slot == 0
        await pilot.press("p")
        state = small_app.session.state
        assert not state.paused
        assert isinstance(small_app.screen, ConsoleScreen)
        assert state.slot_seconds(0, small_app.session.now().t) == 10
        assert state.paused_seconds(small_app.session.now().t) == 65


async def test_n_saves_a_note_at_once(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "n")
        assert isinstance(small_app.screen, NoteDialog)
        await pilot.press(*"late", "enter")
        assert [note.text for note in small_app.session.state.notes] == ["late"]
        events = read_journal(small_app.session.journal_path).events
        assert isinstance(events[-1], NoteAdded)
        assert "笔记已保存" in str(status(small_app).render())


async def test_an_empty_note_is_refused(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        assert small_app.session.state.notes == ()
        assert "笔记是空的" in str(status(small_app).render())


async def test_a_note_can_be_written_during_a_pause(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "p", "n", *"tea", "enter")
        assert [note.text for note in small_app.session.state.notes] == ["tea"]
        assert isinstance(small_app.screen, PauseScreen)


async def test_j_jumps_to_an_item_from_the_list_and_the_engine_records_skipped_items(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j")
        await pilot.pause()
        assert isinstance(small_app.screen, CommandPalette)
        await pilot.press("down", "down", "down", "enter")
        state = small_app.session.state
        assert state.slot == 8
        assert state.position.skipped == frozenset({1, 2})
        sidebar = small_app.console_screen
        assert sidebar.query_one("#part-1", AgendaRow).has_class("-skipped")
        assert sidebar.query_one("#part-3", AgendaRow).has_class("-current")
        assert sidebar.query_one("#part-0", AgendaRow).has_class("-done")
        assert "跳转到第三项 领导讲话" in str(status(small_app).render())


async def test_j_before_the_start_is_refused(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        assert isinstance(small_app.screen, ConsoleScreen)
        assert "会议尚未开始" in str(status(small_app).render())


async def test_help_lists_every_key(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(small_app.screen, HelpScreen)
        keys = str(small_app.screen.query_one("#help-keys", Static).render())
        for key in (
            "空格",
            "Enter",
            "->",
            "<-",
            "Backspace",
            "v",
            "p",
            "n",
            "j",
            "?",
            "q",
            "Ctrl+E",
            "PgDn",
            "u 全票赞成",
        ):
            assert key in keys
        await pilot.press("escape")
        assert isinstance(small_app.screen, ConsoleScreen)


async def test_q_asks_before_quitting(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert isinstance(small_app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(small_app.screen, ConsoleScreen)
        assert small_app.is_running
        await pilot.press("q", "y")
        await pilot.pause()
        assert not small_app.is_running


async def test_ctrl_e_ends_the_meeting_early_after_asking(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "ctrl+e")
        assert isinstance(small_app.screen, ConfirmDialog)
        await pilot.press("n")
        assert phase(small_app) is Phase.RUNNING
        await pilot.press("ctrl+e", "y")
        assert phase(small_app) is Phase.ENDED
        assert isinstance(small_app.screen, SummaryScreen)
        ended = read_journal(small_app.session.journal_path).events[-1]
        assert isinstance(ended, MeetingEnded) and ended.early
        assert "会议提前结束" in str(small_app.screen.query_one("#summary-title", Static).render())


async def test_advancing_past_the_last_step_ends_with_a_summary_and_left_undoes_the_end(
    small_app: FacilitatorApp,
) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 10)
        await pilot.press("n", *"ok", "enter", "space")
        state = small_app.session.state
        assert state.phase is Phase.ENDED
        summary = small_app.screen
        assert isinstance(summary, SummaryScreen)
        texts = " ".join(str(widget.render()) for widget in summary.query(Static))
        texts += table_text(summary.query_one("#summary-timing", Static))
        for part in (
            "开场",
            "第一项 听取工作汇报",
            "第二项 审议《工作规则》",
            "第三项 领导讲话",
            "结束",
            "合计",
            "赞成 6",
            "ok",
        ):
            assert part in texts
        await pilot.press("left")
        assert phase(small_app) is Phase.RUNNING
        assert isinstance(small_app.screen, ConsoleScreen)


# -- the main panel -----------------------------------------------------------------------------


async def test_placeholders_in_the_line_are_highlighted(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "v", "6", "enter")
        small_app.session.execute(JumpTo(3))
        small_app.console_screen.show_state()
        await pilot.pause()
        line = small_app.console_screen.query_one(ChairLine)
        assert line.text == "请*同志讲话。"
        rendered = line.render()
        assert isinstance(rendered, Text)
        marked = [rendered.plain[span.start : span.end] for span in rendered.spans]
        assert "*" in marked


async def test_a_long_paragraph_scrolls_within_the_panel(
    make_app: AppFactory, sample: LoadedAgenda
) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        app.session.execute(JumpTo(2))
        app.console_screen.show_state()
        await pilot.press("space", "space", "space", "space", "v", "u", "enter", "space", "space")
        assert app.session.state.slot == 13
        scroll = app.console_screen.query_one(LineScroll)
        assert scroll.max_scroll_y > 0
        more = app.console_screen.query_one("#more", Static)
        assert more.display and "PgDn" in str(more.render())
        await pilot.press("down", "pagedown")
        assert scroll.scroll_y > 1
        await pilot.press("space", "left")
        assert app.session.state.slot == 13
        assert scroll.scroll_y == 0


async def test_the_sidebar_marks_an_item_over_its_time(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 2)
        clock_of(small_app).advance(11 * 60)
        await tick(pilot, small_app)
        row = small_app.console_screen.query_one("#part-1", AgendaRow)
        assert row.has_class("-current") and row.has_class("-over")
        assert "11:00 / 10:00" in shown(row)


async def test_the_journal_gets_every_step_entered_by_keys(small_app: FacilitatorApp) -> None:
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 10)
        entered = [
            event.slot
            for event in read_journal(small_app.session.journal_path).events
            if isinstance(event, StepEntered)
        ]
        assert entered == list(range(1, 11))
        [vote] = [
            event
            for event in read_journal(small_app.session.journal_path).events
            if isinstance(event, VoteRecorded)
        ]
        assert vote.for_ == 6


async def test_an_english_agenda_gets_an_english_console(
    make_app: AppFactory, english: LoadedAgenda
) -> None:
    app = make_app(english)
    async with app.run_test(size=SIZE) as pilot:
        assert "Press space" in static_text(app, "#part-label")
        await pilot.press("space", "space", "space")
        assert isinstance(app.screen, RollCallDialog)
        await pilot.press("escape", "left", "left", "left")
        assert "There is nothing to undo" in str(status(app).render())


async def test_an_undone_jump_leaves_the_item_upcoming_and_the_end_summary_says_not_reached(
    small_app: FacilitatorApp,
) -> None:
    """Issue 18: ``j`` to the last item and ``←`` left that item done (``+``) in the sidebar and
    held in the summary; the items never reached read 0:00 and minus their plan there."""
    async with small_app.run_test(size=SIZE) as pilot:
        await to_slot(pilot, small_app, 2)  # into item 1
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # item 3
        assert small_app.session.state.script.part_of(small_app.session.state.slot or 0).no == 3
        clock_of(small_app).advance(2)
        await pilot.press("left")
        sidebar = small_app.console_screen
        assert sidebar.query_one("#part-1", AgendaRow).has_class("-current")
        for part in (2, 3):
            assert sidebar.query_one(f"#part-{part}", AgendaRow).has_class("-upcoming")
        await pilot.press("ctrl+e", "y")
        summary = small_app.screen
        assert isinstance(summary, SummaryScreen)
        rows = table_text(summary.query_one("#summary-timing", Static)).splitlines()
        for title in ("第二项 审议《工作规则》", "第三项 领导讲话"):
            [row] = [line for line in rows if title in line]
            assert row.split()[-2:] == ["-", "未进行"], row
        [first] = [line for line in rows if "第一项" in line]
        assert "未进行" not in first

"""The chair view: a read-only display following a journal that a real Session writes.

Each test drives a :class:`Session` on the sample meeting (slots: opening 0-3 | item 1: 4, cue 5,
6 | item 2: 7, cue 8 介绍毕 5m, 9, cue 10, vote 11, outcome 12, 13 | item 3: 14, cue 15 | item 4:
16-21 | closing 22) and lets the chair app follow: ``follow`` checks the file, waits for the
reading worker and lets the handler render, so no test sleeps. The app's wall clock is the
session's FakeClock, so stopwatches are exact.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from facilitator.agenda.load import LoadedAgenda
from facilitator.cli import main
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    Advance,
    Back,
    End,
    Pause,
    RecordRollCall,
    RecordVote,
    Resume,
    Start,
)
from facilitator.engine.state import replay
from facilitator.journal.follow import estimate_now
from facilitator.journal.record import load_record
from facilitator.journal.store import JournalError
from facilitator.session import Session
from facilitator.tui.chair import ChairApp, ChairPauseScreen, ChairScreen
from facilitator.tui.widgets.banners import CueBanner, RollCallBanner, VoteBanner
from facilitator.tui.widgets.header import MeetingHeader
from facilitator.tui.widgets.line import ChairLine, LineScroll, NextLine
from facilitator.tui.widgets.status import StatusLine
from tests.conftest import SessionFactory, run, to_slot

SIZE = (100, 30)
NEVER = 3600.0
"""A poll interval no test waits for: the tests poll by hand."""

ChairFactory = Callable[[Session], ChairApp]


@pytest.fixture
def session(sample: LoadedAgenda, start_session: SessionFactory) -> Iterator[Session]:
    """The operator's session on the sample meeting, journal in tmp_path."""
    session = start_session(sample)
    yield session
    session.close()


@pytest.fixture
def make_chair(clock: FakeClock) -> ChairFactory:
    """A chair view on a session's journal, on the session's (fake) wall clock."""

    def make(session: Session) -> ChairApp:
        return ChairApp(session.journal_path, clock=lambda: clock.now().at, poll_interval=NEVER)

    return make


@pytest.fixture
def chair(session: Session, make_chair: ChairFactory) -> ChairApp:
    """The chair view on the sample session."""
    return make_chair(session)


async def follow(pilot: Pilot[None], app: ChairApp) -> None:
    """What the poll does: see that the journal changed, read it, render it."""
    app.check_journal()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def tick(pilot: Pilot[None], app: ChairApp) -> None:
    """What the 1 Hz refresh does."""
    app.show_state()
    await pilot.pause()


def shown(widget: Any) -> str:
    """The plain text a widget draws."""
    rendered = widget.render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def text_of(app: ChairApp, selector: str) -> str:
    return str(app.chair_screen.query_one(selector, Static).render())


def line(app: ChairApp) -> ChairLine:
    return app.chair_screen.query_one(ChairLine)


def error_line(app: ChairApp) -> StatusLine:
    return app.chair_screen.query_one(StatusLine)


# -- following the meeting --------------------------------------------------------------------


async def test_before_the_start_the_chair_sees_the_title_and_that_the_meeting_is_about_to_begin(
    chair: ChairApp,
) -> None:
    async with chair.run_test(size=SIZE):
        assert isinstance(chair.screen, ChairScreen)
        assert text_of(chair, "#chair-part") == "第二批主题教育领导小组第一次会议"
        assert line(chair).text == "会议即将开始"
        assert line(chair).has_class("-announce")
        assert "同志们：" in shown(chair.chair_screen.query_one(NextLine))
        header = shown(chair.chair_screen.query_one(MeetingHeader))
        assert header.startswith("第二批主题教育领导小组第一次会议")
        assert not error_line(chair).display


async def test_the_chair_view_follows_the_session_as_it_advances(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        run(session, clock, Start())
        await follow(pilot, chair)
        assert chair.meeting is not None and chair.meeting.slot == 0
        assert text_of(chair, "#chair-part") == "开场"
        assert line(chair).text == "同志们："
        assert not line(chair).has_class("-announce")

        to_slot(session, clock, 7)
        await follow(pilot, chair)
        assert chair.meeting == session.state
        assert text_of(chair, "#chair-part") == "第二项 审议主题教育相关制度文件"
        assert text_of(chair, "#chair-position") == "第 1 步，共 7 步"
        assert line(chair).text.startswith("下面，进行会议第二项议程")
        following = shown(chair.chair_screen.query_one(NextLine))
        assert "（介绍毕） *同志" in following


async def test_a_step_back_is_followed_too(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 4)
        await follow(pilot, chair)
        assert text_of(chair, "#chair-part").startswith("第一项")
        run(session, clock, Back())
        await follow(pilot, chair)
        assert text_of(chair, "#chair-part") == "开场"
        assert line(chair).text.startswith("今天的会议共有4项议程")


async def test_at_a_cue_the_banner_shows_who_and_a_stopwatch_on_the_injected_clock(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 8)
        await follow(pilot, chair)
        banner = chair.chair_screen.query_one(CueBanner)
        assert banner.display
        assert line(chair).text == "发言进行中"
        assert line(chair).has_class("-cue")
        assert "按空格" not in line(chair).text
        assert shown(banner).splitlines() == ["（介绍毕）  *同志", "0:00  计划 5:00"]

        clock.advance(75)  # no event: the chair's clock runs on its own estimate
        await tick(pilot, chair)
        assert shown(banner).splitlines()[1] == "1:15  计划 5:00"
        assert not banner.has_class("-over")

        clock.advance(5 * 60)
        await tick(pilot, chair)
        assert shown(banner).splitlines()[1] == "6:15  计划 5:00"
        assert banner.has_class("-over")

        run(session, clock, Advance())
        await follow(pilot, chair)
        assert not banner.display
        assert line(chair).text == "请各成员依次对本次会议审议的工作规则进行讨论表决发言。"


async def test_at_a_vote_the_chair_sees_the_motion_then_the_result(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 11)
        await follow(pilot, chair)
        banner = chair.chair_screen.query_one(VoteBanner)
        assert line(chair).text.startswith("《*学习贯彻习近平新时代中国特色社会主义思想")
        assert shown(banner).splitlines() == [
            "表决进行中",
            "方式：依次表决   规则：过半数通过 (以实到人数计)",
        ]
        assert banner.has_class("-pending")
        assert "(取决于表决结果)" in shown(chair.chair_screen.query_one(NextLine))

        run(session, clock, RecordVote(for_=7, against=1, abstain=1))
        await follow(pilot, chair)
        assert shown(banner).splitlines()[0] == "已表决：赞成 7，反对 1，弃权 1，实到 9：通过"
        assert banner.has_class("-passed")
        assert "(取决于表决结果)" not in shown(chair.chair_screen.query_one(NextLine))

        run(session, clock, Advance())
        await follow(pilot, chair)
        assert not banner.display
        assert line(chair).text.startswith("刚才，经领导小组各成员依次讨论表决，一致同意通过")


async def test_a_vote_that_fails_shows_the_failed_line_next(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 11)
        run(session, clock, RecordVote(for_=3, against=6))
        await follow(pilot, chair)
        banner = chair.chair_screen.query_one(VoteBanner)
        assert shown(banner).splitlines()[0].endswith("：未通过")
        assert banner.has_class("-failed")
        assert "未获通过" in shown(chair.chair_screen.query_one(NextLine))


async def test_a_roll_call_says_counting_then_the_number_present(
    small: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    session = Session.start(small, tmp_path / "small.jsonl", clock)
    app = ChairApp(session.journal_path, clock=lambda: clock.now().at, poll_interval=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        run(session, clock, Start(), Advance())
        await follow(pilot, app)
        banner = app.chair_screen.query_one(RollCallBanner)
        assert shown(banner) == "正在清点人数"
        run(session, clock, RecordRollCall(6))
        await follow(pilot, app)
        assert shown(banner) == "已录入：实到 6 人   符合规定人数"
        assert "实到6人" in line(app).text
    session.close()


async def test_a_pause_puts_up_the_break_with_its_clock_and_resuming_takes_it_down(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 9)
        run(session, clock, Pause())
        await follow(pilot, chair)
        overlay = chair.screen
        assert isinstance(overlay, ChairPauseScreen)
        assert text_of_screen(overlay, "#chair-pause-title") == "休会中"
        assert text_of_screen(overlay, "#chair-pause-clock") == "已休会 0:00"

        clock.advance(125)
        await tick(pilot, chair)
        assert chair.screen is overlay
        assert text_of_screen(overlay, "#chair-pause-clock") == "已休会 2:05"

        run(session, clock, Resume(), seconds=0)
        await follow(pilot, chair)
        assert isinstance(chair.screen, ChairScreen)
        assert line(chair).text == "请各成员依次对本次会议审议的工作规则进行讨论表决发言。"


async def test_q_quits_during_a_break_too(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        run(session, clock, Start(), Pause())
        await follow(pilot, chair)
        assert isinstance(chair.screen, ChairPauseScreen)
        await pilot.press("p", "space", "escape")
        assert isinstance(chair.screen, ChairPauseScreen)
        assert session.state.paused
        await pilot.press("q")
        assert not chair.is_running


def text_of_screen(screen: Screen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_after_the_last_line_the_chair_sees_the_meeting_has_ended(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 23)
        await follow(pilot, chair)
        assert text_of(chair, "#chair-part") == "结束"
        assert line(chair).text == "本次会议结束，散会！"
        run(session, clock, Advance())
        await follow(pilot, chair)
        assert line(chair).text == "会议结束"
        assert line(chair).has_class("-announce")
        assert text_of(chair, "#chair-part") == "第二批主题教育领导小组第一次会议"
        assert not chair.chair_screen.query_one(NextLine).display


async def test_a_meeting_ended_early_while_paused_says_so_and_takes_the_break_down(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 4)
        run(session, clock, Pause())
        await follow(pilot, chair)
        assert isinstance(chair.screen, ChairPauseScreen)
        run(session, clock, End())
        await follow(pilot, chair)
        assert isinstance(chair.screen, ChairScreen)
        assert line(chair).text == "会议提前结束"


async def test_the_chair_view_speaks_the_agenda_language(
    english: LoadedAgenda, tmp_path: Path, clock: FakeClock
) -> None:
    session = Session.start(english, tmp_path / "en.jsonl", clock)
    app = ChairApp(session.journal_path, clock=lambda: clock.now().at, poll_interval=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        assert line(app).text == "The meeting is about to begin"
        run(session, clock, Start(), Advance())
        await follow(pilot, app)
        assert shown(app.chair_screen.query_one(RollCallBanner)) == "Counting those present"
    session.close()


# -- read-only ----------------------------------------------------------------------------------


async def test_no_key_changes_the_meeting_and_q_quits(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    to_slot(session, clock, 11)
    before = session.journal_path.read_bytes()
    async with chair.run_test(size=SIZE) as pilot:
        await pilot.press("space", "enter", "right", "left", "backspace", "v", "u", "p", "n", "j")
        await pilot.press("ctrl+e", "question_mark", "escape")
        assert session.journal_path.read_bytes() == before
        assert isinstance(chair.screen, ChairScreen)
        await pilot.press("q")
        assert not chair.is_running


async def test_a_long_paragraph_scrolls_without_touching_the_meeting(
    make_chair: ChairFactory, session: Session, clock: FakeClock
) -> None:
    to_slot(session, clock, 13)
    app = make_chair(session)
    before = session.journal_path.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = app.chair_screen.query_one(LineScroll)
        assert scroll.max_scroll_y > 0
        assert text_of(app, "#chair-more").endswith("PgDn")
        await pilot.press("pagedown")
        assert scroll.scroll_y > 0
        assert session.journal_path.read_bytes() == before


# -- the clock ----------------------------------------------------------------------------------


def test_the_time_now_is_the_last_event_plus_the_wall_time_since(
    session: Session, clock: FakeClock
) -> None:
    run(session, clock, Start(), seconds=30)
    state = load_record(session.journal_path).state
    assert state.last_t == 30
    later = clock.now().at + timedelta(seconds=42.5)
    assert estimate_now(state, later).t == 72.5
    assert estimate_now(state, later).at == later
    earlier = clock.now().at - timedelta(seconds=5)  # a wall clock behind the journal's
    assert estimate_now(state, earlier).t == 30


async def test_the_header_runs_on_the_injected_clock(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        run(session, clock, Start(), seconds=0)
        await follow(pilot, chair)
        clock.advance(125)
        await tick(pilot, chair)
        header = shown(chair.chair_screen.query_one(MeetingHeader))
        assert "09:02:05" in header
        assert "已用 2:05" in header


# -- damaged and missing journals -----------------------------------------------------------------


async def test_a_damaged_journal_shows_one_line_keeps_the_last_view_and_recovers(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 4)
        await follow(pilot, chair)
        path = session.journal_path
        whole = path.read_bytes()
        lines = whole.splitlines(keepends=True)
        path.write_bytes(b"".join([*lines[:2], b"garbage\n", *lines[3:]]))
        await follow(pilot, chair)
        status = error_line(chair)
        assert status.display and status.has_class("-error")
        message = str(status.render())
        assert message.startswith("日志暂时无法读取，等待下次写入：")
        assert ":3: not a journal event" in message
        assert "\n" not in message
        assert text_of(chair, "#chair-part").startswith("第一项")  # the last good read stays

        path.write_bytes(whole)  # mended
        run(session, clock, Advance())
        await follow(pilot, chair)
        assert not error_line(chair).display
        assert chair.chair_screen.query_one(CueBanner).display  # slot 5: 汇报毕


async def test_a_journal_cut_short_is_shown_as_an_error_over_the_last_view_until_restored(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        to_slot(session, clock, 7)  # item 2
        await follow(pilot, chair)
        part = text_of(chair, "#chair-part")
        assert part.startswith("第二项")
        path = session.journal_path
        whole = path.read_bytes()
        os.truncate(path, len(b"".join(whole.splitlines(keepends=True)[:4])))  # back in item 1
        await follow(pilot, chair)
        status = error_line(chair)
        assert status.display and status.has_class("-error")
        message = str(status.render())
        assert message.startswith("日志暂时无法读取，等待下次写入：")
        assert "journal.jsonl:5: the journal was cut short here" in message
        assert text_of(chair, "#chair-part") == part  # not rewound to item 1

        with path.open("r+b") as file:  # restored
            file.write(whole)
        run(session, clock, Advance())
        await follow(pilot, chair)
        assert not error_line(chair).display
        assert chair.meeting == session.state


async def test_a_torn_last_line_from_a_full_disk_is_skipped_and_the_recovery_followed(
    chair: ChairApp, session: Session, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        run(session, clock, Start())
        real_write = os.write

        def half_then_full(fd: int, data: bytes | memoryview) -> int:
            real_write(fd, bytes(data)[:10])
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "write", half_then_full)
        with pytest.raises(JournalError):
            session.execute(Advance())
        monkeypatch.setattr(os, "write", real_write)
        await follow(pilot, chair)
        assert not error_line(chair).display
        assert line(chair).text == "同志们："

        run(session, clock, Advance())  # journal_recovered, then the step
        await follow(pilot, chair)
        assert not error_line(chair).display
        assert chair.meeting is not None and chair.meeting.slot == 1


async def test_an_empty_journal_shows_the_error_until_the_session_writes(
    tmp_path: Path, sample: LoadedAgenda, clock: FakeClock
) -> None:
    path = tmp_path / "later.jsonl"
    path.touch()
    app = ChairApp(path, clock=lambda: clock.now().at, poll_interval=NEVER)
    async with app.run_test(size=SIZE) as pilot:
        assert app.meeting is None
        assert error_line(app).display
        assert "not a facilitator journal (empty)" in str(error_line(app).render())
        session = Session.start(sample, tmp_path / "elsewhere.jsonl", clock)
        run(session, clock, Start())
        path.write_bytes(session.journal_path.read_bytes())
        session.close()
        await follow(pilot, app)
        assert not error_line(app).display
        assert line(app).text == "同志们："


async def test_a_read_that_finishes_late_does_not_undo_a_newer_one(
    chair: ChairApp, session: Session, clock: FakeClock
) -> None:
    async with chair.run_test(size=SIZE) as pilot:
        stale = load_record(session.journal_path).state
        to_slot(session, clock, 4)
        await follow(pilot, chair)
        chair.post_message(ChairApp.JournalRead(stale, generation=0))
        await pilot.pause()
        assert chair.meeting is not None and chair.meeting.slot == 4


def test_a_missing_journal_is_refused_before_the_screen_opens(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="no such journal"):
        ChairApp(tmp_path / "missing.jsonl")


@pytest.mark.parametrize("name", ["missing.jsonl", "."])
def test_facilitator_chair_on_a_missing_journal_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = tmp_path / name
    assert main(["chair", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(target) in err
    assert "Traceback" not in err


# -- snapshot -------------------------------------------------------------------------------------


class SnapCompare(Protocol):
    def __call__(
        self,
        app: ChairApp,
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[None]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


def test_snapshot_of_the_chair_view_at_a_line_in_item_2(
    snap_compare: SnapCompare, session: Session, clock: FakeClock, make_chair: ChairFactory
) -> None:
    to_slot(session, clock, 7)
    clock.advance(12)
    assert replay(session.script, load_record(session.journal_path).events) == session.state
    assert snap_compare(make_chair(session), terminal_size=SIZE)

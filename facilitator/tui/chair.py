"""The chair view: a read-only second display that follows a live journal.

It keeps no copy of the meeting's state beyond what the journal folds to. Whenever the journal
file changes (its size, mtime or inode, checked every ``poll_interval`` seconds, 50 ms: one
stat call), or when the follower's check of what it has read is due, a thread worker reads only
the bytes appended since the last read, with the shared
:class:`~facilitator.journal.follow.JournalFollower`, and posts :class:`ChairApp.JournalRead` (or
:class:`ChairApp.JournalUnreadable`); the handler, on the app's thread, renders the new state.
Between events the clocks run on an estimate of the session time: the last event's ``t`` plus the
wall-clock time since that event (:func:`estimate_now`), refreshed once a second.

No key changes anything: ``q`` quits, the arrows and PgUp/PgDn scroll a long paragraph.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePath
from typing import ClassVar, Literal

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitator.engine.clock import Instant
from facilitator.engine.script import SlotKind
from facilitator.engine.state import MeetingState, Phase
from facilitator.i18n import ZH, Strings, clock, strings
from facilitator.journal.follow import JournalFollower, estimate_now
from facilitator.journal.store import JournalError
from facilitator.tui.view import CueView, HeaderView, RollCallView, VoteView, header_view, main_view
from facilitator.tui.widgets.banners import CueBanner, RollCallBanner, VoteBanner
from facilitator.tui.widgets.header import MeetingHeader
from facilitator.tui.widgets.line import ChairLine, LineScroll, NextLine
from facilitator.tui.widgets.status import StatusLine
from facilitator.tui.wrap import truncate_cells

WallClock = Callable[[], datetime]
"""Wall time with its UTC offset; injected so tests can freeze it."""

LineStyle = Literal["line", "cue", "announce"]
Signature = tuple[int, int, int] | None
"""A journal file's inode, size and mtime (ns); None when it cannot be stat'ed."""


def system_wall_clock() -> datetime:
    """The local wall time, with its offset."""
    return datetime.now().astimezone()


def journal_signature(path: Path) -> Signature:
    """What changes when the journal is written to (or replaced, or removed)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def chair_words(words: Strings) -> Strings:
    """The banners' words: the operator's instructions ("press v") said for the chair instead."""
    return replace(
        words,
        vote_banner=words.chair_vote_pending,
        roll_call_banner=words.chair_roll_call_pending,
    )


@dataclass(frozen=True)
class ChairView:
    """What the chair sees, derived from the state; equal values do not redraw."""

    part_label: str
    position: str
    line: str
    line_style: LineStyle
    next_label: str = ""
    next_text: str = ""
    next_note: str | None = None
    show_next: bool = True
    cue: CueView | None = None
    vote: VoteView | None = None
    roll_call: RollCallView | None = None
    paused: str | None = None
    """The break's clock while the meeting is paused."""


def chair_view(state: MeetingState, now: Instant, words: Strings) -> ChairView:
    """The chair's screen for a state, in the agenda's ``words``."""
    title = state.script.agenda.meeting.title
    if state.phase is Phase.ENDED:
        ended = words.summary_early if state.position.ended_early else words.summary_title
        return ChairView(
            part_label=title, position="", line=ended, line_style="announce", show_next=False
        )
    view = main_view(state, now, words)
    if state.phase is Phase.NOT_STARTED or view.slot is None:
        return ChairView(
            part_label=title,
            position="",
            line=words.chair_soon,
            line_style="announce",
            next_label=view.next_label,
            next_text=view.next_text,
            next_note=view.next_note,
        )
    paused = None
    if state.paused:
        paused = words.fmt(words.pause_clock, clock=clock(state.pauses[-1].seconds(now.t)))
    return ChairView(
        part_label=view.part_label,
        position=view.position,
        line=words.chair_cue_wait if view.cue is not None else view.line,
        line_style="cue" if view.line_kind is SlotKind.CUE else "line",
        next_label=view.next_label,
        next_text=view.next_text,
        next_note=view.next_note,
        cue=view.cue,
        vote=view.vote,
        roll_call=view.roll_call,
        paused=paused,
    )


class ChairPauseScreen(ModalScreen[None]):
    """休会: over the chair's screen while the meeting is paused, with the break's clock."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "quit", id="chair.pause.quit"),
    ]

    def __init__(self, words: Strings, clock_text: str) -> None:
        super().__init__(classes="dialog", id="chair-pause")
        self.words = words
        self.clock_text = clock_text
        """How long the break has lasted, as shown."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog--box", id="chair-pause-box"):
            yield Static(self.words.pause_title, id="chair-pause-title", markup=False)
            yield Static(self.clock_text, id="chair-pause-clock", markup=False)

    def show(self, clock_text: str) -> None:
        """The break's clock, now."""
        if clock_text != self.clock_text and self.is_mounted:
            self.query_one("#chair-pause-clock", Static).update(clock_text)
        self.clock_text = clock_text


class ChairScreen(Screen[None]):
    """The meeting as the chair reads it: where, the words now, what comes next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_line(-1)", show=False, id="chair.scroll.up"),
        Binding("down", "scroll_line(1)", show=False, id="chair.scroll.down"),
        Binding("pageup", "scroll_page(-1)", show=False, id="chair.scroll.page_up"),
        Binding("pagedown", "scroll_page(1)", show=False, id="chair.scroll.page_down"),
    ]

    def __init__(self, words: Strings) -> None:
        super().__init__(id="chair")
        self.words = words
        self._shown: ChairView | None = None

    def compose(self) -> ComposeResult:
        yield MeetingHeader(self.words, id="chair-header")
        with Vertical(id="chair-main"):
            with Horizontal(id="chair-where"):
                yield Static(id="chair-part", markup=False)
                yield Static(id="chair-position", markup=False)
            with LineScroll(id="chair-scroll"):
                yield ChairLine(id="chair-line")
            yield Static(id="chair-more", markup=False)
            banner_words = chair_words(self.words)
            yield CueBanner(banner_words, id="chair-cue")
            yield VoteBanner(banner_words, id="chair-vote")
            yield RollCallBanner(banner_words, id="chair-roll-call")
            yield NextLine(id="chair-next")
        yield StatusLine(id="chair-error", markup=False)

    def use_words(self, words: Strings) -> None:
        """Speak the journal's language (known only once it has been read)."""
        if words is self.words:
            return
        self.words = words
        self.query_one(MeetingHeader).words = words
        banner_words = chair_words(words)
        self.query_one(CueBanner).words = banner_words
        self.query_one(VoteBanner).words = banner_words
        self.query_one(RollCallBanner).words = banner_words

    def show(self, header: HeaderView | None, view: ChairView | None) -> None:
        """Render a view of the meeting (None: nothing has been read yet)."""
        self.query_one(MeetingHeader).view = header
        if view is None:
            return
        self.query_one("#chair-part", Static).update(view.part_label)
        self.query_one("#chair-position", Static).update(view.position)
        line = self.query_one(ChairLine)
        line.text = view.line
        for style in ("cue", "announce"):
            line.set_class(view.line_style == style, f"-{style}")
        self.query_one(CueBanner).view = view.cue
        self.query_one(VoteBanner).view = view.vote
        self.query_one(RollCallBanner).view = view.roll_call
        following = self.query_one(NextLine)
        following.display = view.show_next
        following.label, following.text, following.note = (
            view.next_label,
            view.next_text,
            view.next_note,
        )
        if self._shown is None or (view.part_label, view.position, view.line) != (
            self._shown.part_label,
            self._shown.position,
            self._shown.line,
        ):
            self.query_one(LineScroll).scroll_home(animate=False)
        self._shown = view

    def show_error(self, error: str | None) -> None:
        """One line saying why the journal cannot be read now; None clears it."""
        status = self.query_one(StatusLine)
        if error is None:
            status.report("", "")
            status.display = False
            return
        text = self.words.fmt(self.words.chair_journal_error, error=error)
        status.report(truncate_cells(text, max(10, self.size.width - 2)), "error")
        status.display = True

    @on(ChairLine.Reflowed)
    @on(LineScroll.Scrolled)
    def _show_more(self) -> None:
        """Say when the paragraph goes on below (or above) the panel."""
        hint = self.query_one(LineScroll).more_hint
        more = self.query_one("#chair-more", Static)
        more.update(hint)
        more.display = bool(hint)

    def action_scroll_line(self, lines: int) -> None:
        """Scroll the paragraph by lines (the meeting does not change)."""
        self.query_one(LineScroll).scroll_lines(lines)

    def action_scroll_page(self, pages: int) -> None:
        """Scroll the paragraph by a screenful."""
        self.query_one(LineScroll).scroll_pages(pages)


class ChairApp(App[None]):
    """The read-only chair view of one journal.

    A journal that does not exist (or is a directory) is refused at once with
    :class:`JournalError`, before the screen opens, so ``facilitator chair`` says so in one line.
    A journal that exists but cannot be read (damaged, or not yet begun) is shown as a one-line
    error while polling goes on: the operator's session may mend it with its next write.
    """

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(__file__).with_name("facilitator.tcss"),
        Path(__file__).with_name("chair.tcss"),
    ]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "quit", id="chair.quit"),
    ]

    class JournalRead(Message):
        """The journal was read; here is the meeting it records."""

        def __init__(self, meeting: MeetingState, generation: int) -> None:
            self.meeting = meeting
            """The journal folded to a state."""
            self.generation = generation
            """Which read this was (a slower, older read must not overwrite a newer one)."""
            super().__init__()

    class JournalUnreadable(Message):
        """The journal could not be read just now."""

        def __init__(self, error: str, generation: int) -> None:
            self.error = error
            """Why, naming the file (and line)."""
            self.generation = generation
            """Which read this was."""
            super().__init__()

    def __init__(
        self,
        journal: Path,
        *,
        clock: WallClock | None = None,
        poll_interval: float = 0.05,
    ) -> None:
        super().__init__()
        self.journal = Path(journal)
        """The journal followed."""
        self.clock: WallClock = clock or system_wall_clock
        self.poll_interval = poll_interval
        self.follower = JournalFollower(self.journal)
        """Reads what is appended to the journal and folds it (one poll at a time)."""
        self._follow_lock = threading.Lock()
        self.meeting: MeetingState | None = None
        """The latest good state the journal folds to (nothing else is kept)."""
        self.error: str | None = None
        """Why the latest read failed, while it does."""
        self._signature = journal_signature(self.journal)
        self._generation = 0
        self._applied = 0
        try:
            self.follower.poll()
            self.meeting = self.follower.state
        except JournalError as error:
            if not self.journal.is_file():
                raise
            self.error = self._short(error)
        self.words: Strings = ZH
        self._use_record_language()
        self.chair_screen = ChairScreen(self.words)

    def _use_record_language(self) -> None:
        if self.meeting is not None:
            meeting = self.meeting.script.agenda.meeting
            self.words = strings(meeting.language)
            self.title = meeting.title

    async def on_mount(self) -> None:
        await self.push_screen(self.chair_screen)
        self.show_state()
        self.set_interval(self.poll_interval, self.check_journal)
        self.set_interval(1.0, self.show_state)

    # -- following the journal -----------------------------------------------------------------

    def check_journal(self) -> None:
        """Re-read the journal if it changed since the last look (every ``poll_interval``)."""
        signature = journal_signature(self.journal)
        if signature == self._signature and not self.follower.wants_poll():
            return  # unchanged, and no check of what was read is due
        self._signature = signature  # taken before the read: a write during it is seen next time
        self._generation += 1
        self._read_journal(self._generation)

    def _short(self, error: Exception) -> str:
        """An error as one line, naming the journal by its file name (the screen is narrow)."""
        return " ".join(str(error).replace(str(self.journal), self.journal.name).split())

    @work(thread=True, exclusive=True, group="journal")
    def _read_journal(self, generation: int) -> None:
        """Read what was appended, off the app's thread; report by message, touch no widget."""
        with self._follow_lock:
            try:
                self.follower.poll()
            except (JournalError, OSError, ValueError) as error:
                self.post_message(self.JournalUnreadable(self._short(error), generation))
                return
            meeting = self.follower.state
        if meeting is None:  # only part of the first line is written yet
            return
        self.post_message(self.JournalRead(meeting, generation))

    @on(JournalRead)
    def _journal_read(self, message: JournalRead) -> None:
        if message.generation < self._applied:
            return
        self._applied = message.generation
        self.meeting = message.meeting
        self.error = None
        self._use_record_language()
        self.show_state()

    @on(JournalUnreadable)
    def _journal_unreadable(self, message: JournalUnreadable) -> None:
        if message.generation < self._applied:
            return
        self._applied = message.generation
        self.error = message.error
        self.show_state()

    # -- rendering -----------------------------------------------------------------------------

    def now(self) -> Instant | None:
        """The estimated session time now; None before anything has been read."""
        if self.meeting is None:
            return None
        return estimate_now(self.meeting, self.clock())

    def show_state(self) -> None:
        """Render the latest read as of now (also once a second, for the clocks)."""
        screen = self.chair_screen
        screen.use_words(self.words)
        screen.show_error(self.error)
        state, now = self.meeting, self.now()
        if state is None or now is None:
            screen.show(None, None)
            return
        view = chair_view(state, now, self.words)
        screen.show(header_view(state, now, self.words), view)
        self._follow_pause(view.paused)

    def _follow_pause(self, paused: str | None) -> None:
        """Put up, update or take down the 休会 overlay."""
        overlay = self.screen if isinstance(self.screen, ChairPauseScreen) else None
        if paused is None:
            if overlay is not None:
                self.pop_screen()
            return
        if overlay is None:
            self.push_screen(ChairPauseScreen(self.words, paused))
        else:
            overlay.show(paused)

"""The main screen: header, agenda sidebar, the chair's line, banners, the next line, status."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from facilitator.engine.script import SlotKind
from facilitator.engine.state import Phase
from facilitator.i18n import Strings
from facilitator.session import Session
from facilitator.tui.messages import ClockTicked, MeetingChanged, StatusReported
from facilitator.tui.view import header_view, main_view, sidebar_row, sidebar_rows
from facilitator.tui.widgets.banners import CueBanner, RollCallBanner, VoteBanner
from facilitator.tui.widgets.header import MeetingHeader
from facilitator.tui.widgets.line import ChairLine, LineScroll, NextLine
from facilitator.tui.widgets.sidebar import AgendaSidebar
from facilitator.tui.widgets.status import KeyBar, StatusLine


class ConsoleScreen(Screen[None]):
    """Where the operator runs the meeting; every key sends one command through the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter,right", "app.advance", "next", id="advance"),
        Binding("left,backspace", "app.step_back", "undo", id="back"),
        Binding("v", "app.record", "vote / election / roll call", id="record"),
        Binding("y", "app.decide(True)", "carried (uncounted)", id="decide.passed"),
        Binding("f", "app.decide(False)", "not carried (uncounted)", id="decide.failed"),
        Binding("p", "app.toggle_pause", "pause", id="pause"),
        Binding("n", "app.note", "note", id="note"),
        Binding("j", "app.jump", "jump", id="jump"),
        Binding("question_mark", "app.help", "help", id="help"),
        Binding("q", "app.ask_quit", "quit", id="quit"),
        Binding("ctrl+e", "app.ask_end", "end early", id="end"),
        Binding("up", "scroll_line(-1)", show=False, id="scroll.up"),
        Binding("down", "scroll_line(1)", show=False, id="scroll.down"),
        Binding("pageup", "scroll_page(-1)", show=False, id="scroll.page_up"),
        Binding("pagedown", "scroll_page(1)", show=False, id="scroll.page_down"),
    ]

    def __init__(self, session: Session, words: Strings) -> None:
        super().__init__(id="console")
        self.session = session
        self.words = words
        self._shown_slot: int | None = None

    def compose(self) -> ComposeResult:
        words = self.words
        now = self.session.now()
        yield MeetingHeader(words, id="header")
        with Horizontal(id="body"):
            yield AgendaSidebar(words, sidebar_rows(self.session.state, now, words), id="sidebar")
            with Vertical(id="main"):
                with Horizontal(id="where"):
                    yield Static(id="part-label", markup=False)
                    yield Static(id="position", markup=False)
                with LineScroll(id="line-scroll"):
                    yield ChairLine(id="line")
                yield Static(id="more", markup=False)
                yield CueBanner(words, id="cue")
                yield VoteBanner(words, id="vote")
                yield RollCallBanner(words, id="roll-call")
                yield NextLine(id="next")
                yield Static(id="spacer")
        with Vertical(id="bottom"):
            yield StatusLine(id="status", markup=False)
            yield KeyBar(id="keys", markup=False)

    def on_mount(self) -> None:
        self.show_state()

    @on(MeetingChanged)
    def _meeting_changed(self) -> None:
        self.show_state()

    @on(ClockTicked)
    def _clock_ticked(self) -> None:
        self.show_clocks()

    @on(StatusReported)
    def _status_reported(self, message: StatusReported) -> None:
        self.query_one(StatusLine).report(message.text, message.kind)

    def show_state(self) -> None:
        """Render everything from the session's state as of now."""
        state = self.session.state
        now = self.session.now()
        words = self.words
        self.query_one(MeetingHeader).view = header_view(state, now, words)
        self.query_one(AgendaSidebar).show(sidebar_rows(state, now, words))
        view = main_view(state, now, words)
        self.query_one("#part-label", Static).update(view.part_label)
        self.query_one("#position", Static).update(view.position)
        line = self.query_one(ChairLine)
        line.text = view.line
        line.set_class(view.line_kind is None, "-waiting")
        line.set_class(view.cue is not None, "-cue")
        self.query_one(CueBanner).view = view.cue
        self.query_one(VoteBanner).view = view.vote
        self.query_one(RollCallBanner).view = view.roll_call
        # With a banner up, the line takes only its own height and the banner stands right
        # under it (the spacer takes the rest), however tall the terminal.
        banner = view.cue is not None or view.vote is not None or view.roll_call is not None
        self.query_one("#main").set_class(banner, "-banner")
        following = self.query_one(NextLine)
        following.label, following.text, following.note = (
            view.next_label,
            view.next_text,
            view.next_note,
        )
        keys = {Phase.NOT_STARTED: words.key_bar, Phase.RUNNING: words.key_bar}.get(
            state.phase, words.key_bar_ended
        )
        self.query_one(KeyBar).update(words.key_bar_paused if state.paused else keys)
        if view.slot != self._shown_slot:
            self._shown_slot = view.slot
            self.query_one(LineScroll).scroll_home(animate=False)

    def show_clocks(self) -> None:
        """What a clock tick changes: the header, the current part's row, the cue's stopwatch.

        Only the running slot's time grows between events, so nothing else can change (the
        forecast keeps what depends on the state alone, see ``forecast``)."""
        state = self.session.state
        if state.phase is Phase.NOT_STARTED:  # the start hint names a time that can move
            self.show_state()
            return
        now = self.session.now()
        self.query_one(MeetingHeader).view = header_view(state, now, self.words)
        part = state.current_part
        if part is not None:
            self.query_one(AgendaSidebar).show_row(sidebar_row(state, part, now, self.words))
        slot = state.slot
        if slot is not None and state.script.slots[slot].kind is SlotKind.CUE:
            self.query_one(CueBanner).view = main_view(state, now, self.words).cue

    @on(ChairLine.Reflowed)
    @on(LineScroll.Scrolled)
    def _show_more(self) -> None:
        """Say when the paragraph goes on below (or above) the panel."""
        hint = self.query_one(LineScroll).more_hint
        more = self.query_one("#more", Static)
        more.update(hint)
        more.display = bool(hint)

    def action_scroll_line(self, lines: int) -> None:
        """Scroll the paragraph by lines."""
        self.query_one(LineScroll).scroll_lines(lines)

    def action_scroll_page(self, pages: int) -> None:
        """Scroll the paragraph by a screenful."""
        self.query_one(LineScroll).scroll_pages(pages)

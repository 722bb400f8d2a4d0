"""The break: an overlay with the pause's own clock. Paused time is not item time."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.i18n import Strings, clock
from facilitator.session import Session
from facilitator.tui.messages import ClockTicked


class PauseScreen(ModalScreen[None]):
    """Shown while the meeting is paused; the app closes it when the meeting resumes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "app.toggle_pause", "resume", id="pause.resume"),
        Binding("n", "app.note", "note", id="pause.note"),
        Binding("q", "app.ask_quit", "quit", id="pause.quit"),
        Binding("question_mark", "app.help", "help", id="pause.help"),
    ]

    def __init__(self, session: Session, words: Strings) -> None:
        super().__init__(classes="dialog")
        self.session = session
        self.words = words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog--box", id="pause-box"):
            yield Static(self.words.pause_title, classes="dialog--title")
            yield Static(self._clock(), id="pause-clock")
            yield Static(self.words.pause_keys, classes="dialog--keys")

    def _clock(self) -> str:
        state = self.session.state
        now = self.session.now()
        seconds = state.pauses[-1].seconds(now.t) if state.paused else 0.0
        return self.words.fmt(self.words.pause_clock, clock=clock(seconds))

    @on(ClockTicked)
    def _ticked(self) -> None:
        self.query_one("#pause-clock", Static).update(self._clock())

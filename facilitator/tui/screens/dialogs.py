"""Small dialogs: yes/no, the number present, a note."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from facilitator.engine.commands import Refused, check_roll_call
from facilitator.i18n import Strings
from facilitator.session import Session
from facilitator.tui.widgets.line import ChairLine


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y or enter says yes; n or escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "no", id="confirm.no"),
    ]

    def __init__(self, words: Strings, question: str) -> None:
        super().__init__(classes="dialog")
        self.words = words
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog--box"):
            yield Static(self.question, classes="dialog--title")
            yield Static(f"{self.words.yes}    {self.words.no}", classes="dialog--keys")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)


class RollCallDialog(ModalScreen[int | None]):
    """The number present at a roll call; the engine's verdict shown as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="roll_call.cancel"),
    ]
    AUTO_FOCUS = "#present"

    def __init__(self, session: Session, words: Strings) -> None:
        super().__init__(classes="dialog")
        self.session = session
        self.words = words

    def compose(self) -> ComposeResult:
        words = self.words
        state = self.session.state
        members = state.script.agenda.meeting.members
        default = state.present()
        with Vertical(classes="dialog--box"):
            yield Static(words.roll_call_title, classes="dialog--title")
            if state.slot is not None:
                line = ChairLine(classes="dialog--motion")
                line.text = state.line_text(state.slot)
                yield line
            if members is not None:
                yield Label(words.fmt(words.roll_call_members, members=members))
            yield Input(
                value="" if default is None else str(default),
                restrict=r"[0-9]*",
                max_length=4,
                id="present",
                classes="count",
            )
            yield Static("", id="verdict", classes="dialog--verdict")
            yield Static(words.roll_call_keys, classes="dialog--keys")

    def on_mount(self) -> None:
        self._check()

    @property
    def present(self) -> int | None:
        """What the operator typed, or None while the field is empty."""
        value = self.query_one("#present", Input).value
        return int(value) if value else None

    def _check(self) -> bool:
        """Ask the engine whether the number would be accepted; show why not, or the quorum."""
        verdict = self.query_one("#verdict", Static)
        present = self.present
        state = self.session.state
        if present is None:
            verdict.update("")
            verdict.set_class(False, "-error")
            return False
        try:
            roll_call = check_roll_call(state, present)
        except Refused as refused:
            verdict.update(self.words.reason(refused.reason, refused.details))
            verdict.set_class(True, "-error")
            return False
        quorum, met = roll_call.quorum, roll_call.quorum_met
        words = self.words
        if met is False and quorum is not None:
            verdict.update(words.fmt(words.quorum_missing, quorum=words.quorums[quorum]))
        else:
            verdict.update(words.quorum_met if met else "")
        verdict.set_class(met is False, "-error")
        return True

    @on(Input.Changed)
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self._check():
            self.dismiss(self.present)

    def action_cancel(self) -> None:
        """Close without recording."""
        self.dismiss(None)


class NoteDialog(ModalScreen[str | None]):
    """A note for the minutes; enter saves it at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="note.cancel"),
    ]
    AUTO_FOCUS = "#note"

    def __init__(self, words: Strings, text: str = "", error: str = "") -> None:
        super().__init__(classes="dialog")
        self.words = words
        self.text = text
        """The note so far: kept when saving it failed, so it need not be typed again."""
        self.error = error
        """Why the last attempt to save it failed, if it did."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog--box"):
            yield Static(self.words.note_title, classes="dialog--title")
            yield Input(self.text, placeholder=self.words.note_placeholder, id="note")
            if self.error:
                yield Static(
                    self.words.fmt(self.words.note_not_saved, error=self.error),
                    id="note-error",
                    classes="dialog--verdict -error",
                    markup=False,
                )
            yield Static(self.words.note_keys, classes="dialog--keys")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

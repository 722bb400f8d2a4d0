"""Every key, in the meeting's language."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.agenda.model import Meeting
from facilitator.i18n import Strings, record_lines


class HelpScreen(ModalScreen[None]):
    """The keys and what they do, and the meeting's fields for the record; escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "close", id="help.close"),
    ]

    def __init__(self, words: Strings, meeting: Meeting | None = None) -> None:
        super().__init__(classes="dialog")
        self.words = words
        self.meeting = meeting
        """The agenda's meeting, whose place, host, recorder … are shown; None shows none."""

    def compose(self) -> ComposeResult:
        words = self.words
        width = max(cell_len(key.keys) for key in words.help_keys) + 2
        lines = [
            key.keys + " " * (width - cell_len(key.keys)) + key.does for key in words.help_keys
        ]
        with Vertical(classes="dialog--box", id="help-box"):
            yield Static(words.help_title, classes="dialog--title")
            yield Static("\n".join(lines), id="help-keys", markup=False)
            yield Static(words.help_marks, classes="dialog--note")
            record = record_lines(words, self.meeting) if self.meeting else []
            if record:
                yield Static("\n".join(record), id="help-record", classes="dialog--note")
            yield Static(words.help_close, classes="dialog--keys")

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)

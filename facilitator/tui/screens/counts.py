"""What the vote and election dialogs share: digit fields, the engine's verdict on every
keystroke, enter to confirm only what the engine would accept, escape to cancel."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.screen import ModalScreen
from textual.widgets import Input

from facilitator.i18n import Strings
from facilitator.session import Session

CommandT = TypeVar("CommandT")


class CountInput(Input):
    """A count: digits only. Other keys (u for unanimous) are left to the dialog's bindings."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isdigit()


class CountDialog(ModalScreen[CommandT | None]):
    """A dialog of counts that closes with the command they make, once the engine accepts it.

    Subclasses compose the fields (:class:`CountInput` with ids), build the command from them
    (:meth:`command`) and show the engine's verdict, setting :attr:`valid` (:meth:`_check`).
    """

    def __init__(self, session: Session, words: Strings) -> None:
        super().__init__(classes="dialog")
        self.session = session
        self.words = words
        self.valid = False
        """Whether the engine would accept the counts as they stand."""

    def _count(self, name: str) -> int | None:
        """The number in field ``name``; None while it is empty, or where there is no such field."""
        found = self.query(f"#{name}")
        if not found:
            return None
        value = found.only_one(Input).value
        return int(value) if value else None

    def command(self) -> CommandT:
        """The counts as the command to send."""
        raise NotImplementedError

    def _check(self) -> None:
        """Ask the engine about the counts; show its verdict and set :attr:`valid`."""
        raise NotImplementedError

    @on(Input.Changed)
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        """Close with the counts, if the engine would accept them."""
        self._check()
        if self.valid:
            self.dismiss(self.command())
        else:
            self.app.bell()

    def action_cancel(self) -> None:
        """Close without recording."""
        self.dismiss(None)

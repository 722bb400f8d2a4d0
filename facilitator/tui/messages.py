"""Messages the console posts, named as the facts they report."""

from __future__ import annotations

from textual.message import Message


class MeetingChanged(Message):
    """A command was journaled and applied: the state is new."""


class ClockTicked(Message):
    """A second passed: clocks and stopwatches should show the new time."""

    def can_replace(self, message: Message) -> bool:
        """A tick waiting in the queue is replaced by a newer one: ticks never pile up."""
        return isinstance(message, ClockTicked)


class StatusReported(Message):
    """The outcome of the last action, for the status line (empty text clears it)."""

    def __init__(self, text: str, kind: str) -> None:
        self.text = text
        """What to say."""
        self.kind = kind
        """``refused``, ``error``, ``info`` or empty."""
        super().__init__()

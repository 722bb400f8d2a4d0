"""The bottom lines: what the last action did (or why it was refused), and the keys."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static


class StatusLine(Static):
    """The last refusal (warning colour), error (error colour) or confirmation."""

    kind: reactive[str] = reactive("")
    """``refused``, ``error``, ``info`` or empty."""

    def report(self, text: str, kind: str) -> None:
        """Show a message of a kind; empty text clears the line."""
        self.kind = kind if text else ""
        self.update(text)

    def watch_kind(self, old: str, new: str) -> None:
        if old:
            self.remove_class(f"-{old}")
        if new:
            self.add_class(f"-{new}")


class KeyBar(Static):
    """The keys that work now."""

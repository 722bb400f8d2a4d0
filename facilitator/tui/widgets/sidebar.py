"""The agenda sidebar: opening, each item, closing; done, current, upcoming or skipped."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget

from facilitator.i18n import Strings
from facilitator.tui.view import RowView
from facilitator.tui.wrap import truncate_cells

_STATUSES = ("done", "current", "upcoming", "skipped")
"""Each has its state class, ``-done`` …; a row has the one of its status."""


class AgendaRow(Widget):
    """One part: its mark and name, then actual against planned time."""

    view: reactive[RowView | None] = reactive(None)
    """What to show. Its height changes only with the number of branches not taken, so only
    then does a new view lay the screen out again (a key press changes a row or two of hundreds)."""

    def __init__(self, view: RowView) -> None:
        # the state classes go in with the widget: set_class before mounting restyled each row
        # once more, for nothing (its styles are applied when it mounts)
        on = [f"-{status}" for status in _STATUSES if view.status == status]
        super().__init__(
            id=f"part-{view.part}",
            classes=" ".join(["agenda-row", *on, *(["-over"] if view.over else [])]),
        )
        self.set_reactive(AgendaRow.view, view)

    def watch_view(self, old: RowView | None, view: RowView | None) -> None:
        if view is not None:
            self._classes_for(view)
        if (old.not_taken if old else ()) != (view.not_taken if view else ()):
            self.refresh(layout=True)

    def _classes_for(self, view: RowView) -> None:
        for status in _STATUSES:
            self.set_class(view.status == status, f"-{status}")
        self.set_class(view.over, "-over")

    def render(self) -> RenderResult:
        view = self.view
        if view is None:
            return ""
        width = self.size.width
        first = truncate_cells(f"{view.mark} {view.label}", width)
        times = truncate_cells(view.times, width)
        second = " " * max(0, width - cell_len(times)) + times
        extra = "".join(f"\n{truncate_cells(line, width)}" for line in view.not_taken)
        return Text(f"{first}\n{second}{extra}", no_wrap=True, overflow="crop")


class AgendaSidebar(VerticalScroll):
    """The parts of the meeting, one row each."""

    can_focus = False

    def __init__(self, words: Strings, rows: tuple[RowView, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words
        self._initial = rows
        self._rows: dict[int, AgendaRow] = {}
        """Each part's row widget, by part index (no query per row per frame)."""

    def compose(self) -> ComposeResult:
        for row in self._initial:
            widget = AgendaRow(row)
            self._rows[row.part] = widget
            yield widget

    def show(self, rows: tuple[RowView, ...]) -> None:
        """Update every row (only the changed ones redraw)."""
        for row in rows:
            self.show_row(row)

    def show_row(self, row: RowView) -> None:
        """Update one part's row."""
        self._rows[row.part].view = row

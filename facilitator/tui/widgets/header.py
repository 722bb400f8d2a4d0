"""The header: meeting title, wall clock, elapsed, planned and forecast end, over or under."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from facilitator.i18n import Strings
from facilitator.tui.view import HeaderView
from facilitator.tui.wrap import truncate_cells

GAP = "   "


class MeetingHeader(Widget):
    """Two lines: the title and the clock; then the timing at a glance."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "meeting-header--title",
        "meeting-header--label",
        "meeting-header--over",
        "meeting-header--under",
        "meeting-header--on-time",
    }

    view: reactive[HeaderView | None] = reactive(None)
    """What to show; None draws nothing."""

    def __init__(self, words: Strings, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words

    def render(self) -> RenderResult:
        view = self.view
        if view is None:
            return ""
        width = self.size.width
        style = self.get_component_rich_style
        first = Text(no_wrap=True, overflow="crop")
        room = max(0, width - cell_len(view.wall) - 2)
        title = truncate_cells(view.title, room)
        first.append(title, style("meeting-header--title"))
        first.append(" " * max(1, width - cell_len(title) - cell_len(view.wall)))
        first.append(view.wall)

        words = self.words
        label = style("meeting-header--label")
        delta_style = style(f"meeting-header--{view.delta_kind.replace('_', '-')}")
        pieces: list[list[tuple[str, Style | None]]] = [
            [(words.elapsed + " ", label), (view.elapsed, None)],
            [(words.planned_end + " ", label), (view.planned_end, None)],
            [(words.forecast_end + " ", label), (view.forecast_end, delta_style)],
            [(view.delta, delta_style)],
        ]
        if view.start:
            start_style = style(
                "meeting-header--over" if view.start_late else "meeting-header--label"
            )
            pieces.insert(1, [(view.start, start_style)])
        if view.paused:
            pieces.append([(view.paused, label)])
        if view.pace:
            pieces.append([(view.pace, label)])
        second = Text(no_wrap=True, overflow="crop")
        used = 0
        for piece in pieces:
            cells = sum(cell_len(text) for text, _ in piece) + (cell_len(GAP) if used else 0)
            if used + cells > width:
                break
            if used:
                second.append(GAP)
            for text, piece_style in piece:
                second.append(text, piece_style)
            used += cells
        return Text("\n").join([first, second])

"""The chair's current line, wrapped for Chinese, placeholders highlighted; the next line, dim."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from facilitator.engine.script import PLACEHOLDER
from facilitator.tui.wrap import truncate_cells, wrap_spans

UNFILLED_FIELD = re.compile(r"\{[^{}\s]+\}")
"""A ``{name}`` field with no value yet (filled fields are already replaced by the engine)."""


def styled_wrapped(text: str, width: int, base: Style, mark: Style) -> Text:
    """``text`` wrapped to ``width`` cells, with placeholders and unfilled fields in ``mark``."""
    return styled_lines(text, wrap_spans(text, width), base, mark)


def styled_lines(text: str, spans: Sequence[tuple[int, int]], base: Style, mark: Style) -> Text:
    """The lines ``spans`` cut from ``text``, each a new :class:`Text` with its share of the
    marks: linear in the text's length (slicing one styled :class:`Text` copies all of it, so a
    paragraph of N characters cost N squared over the width)."""
    marks = sorted(
        (match.start(), match.end())
        for pattern in (PLACEHOLDER, UNFILLED_FIELD)
        for match in pattern.finditer(text)
    )
    result = Text(no_wrap=True, overflow="crop", style=base)
    first = 0  # the first mark that may still reach the current line
    for number, (start, end) in enumerate(spans):
        if number:
            result.append("\n")
        offset = len(result)
        result.append(text[start:end])
        while first < len(marks) and marks[first][1] <= start:
            first += 1
        for mark_start, mark_end in marks[first:]:
            if mark_start >= end:
                break
            result.stylize(
                mark, offset + max(mark_start, start) - start, offset + min(mark_end, end) - start
            )
    return result


class ChairLine(Widget):
    """The words the chair reads now, wrapped by cells."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"chair-line--placeholder"}

    text: reactive[str] = reactive("", layout=True)
    """The line as the chair should read it."""

    class Reflowed(Message):
        """The line took a new size (new words, or a resized panel)."""

    def on_resize(self) -> None:
        self.post_message(self.Reflowed())

    _wrapped: tuple[str, int, list[tuple[int, int]]] = ("", 0, [])

    def _spans(self, width: int) -> list[tuple[int, int]]:
        """The line's wrap at ``width``, made once for the layout and the render that follows."""
        text, wrapped_width, spans = self._wrapped
        if text is not self.text or wrapped_width != width:
            spans = wrap_spans(self.text, width)
            self._wrapped = (self.text, width, spans)
        return spans

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._spans(width))

    def render(self) -> RenderResult:
        return styled_lines(
            self.text,
            self._spans(self.size.width),
            self.rich_style,
            self.get_component_rich_style("chair-line--placeholder"),
        )


class LineScroll(VerticalScroll):
    """Scrolls a paragraph longer than the panel; the screen's keys drive it."""

    can_focus = False

    class Scrolled(Message):
        """The paragraph moved within the panel."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.post_message(self.Scrolled())

    def on_resize(self) -> None:
        self.post_message(self.Scrolled())

    @property
    def more_hint(self) -> str:
        """Where the panel is in a long paragraph, ``[1-14/32]  PgDn``; empty when it all fits."""
        below = self.scroll_y < self.max_scroll_y
        if not below and self.scroll_y <= 0:
            return ""
        top = round(self.scroll_y)
        shown = f"{top + 1}-{top + self.size.height}"
        return f"[{shown}/{self.virtual_size.height}]  " + ("PgDn" if below else "PgUp")

    def scroll_lines(self, lines: int) -> None:
        """Scroll by lines (negative: up)."""
        self.scroll_relative(y=lines, animate=False)

    def scroll_pages(self, pages: int) -> None:
        """Scroll by screenfuls, keeping one line of context."""
        self.scroll_relative(y=pages * max(1, self.size.height - 1), animate=False)


class NextLine(Widget):
    """What comes next, dimmed, cut to a few lines."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"next-line--label", "next-line--note"}
    MAX_LINES: ClassVar[int] = 3

    label: reactive[str] = reactive("", layout=True)
    """Next, or the next item's name."""
    text: reactive[str] = reactive("", layout=True)
    """The next words."""
    note: reactive[str | None] = reactive(None, layout=True)
    """A remark such as "depends on the vote"."""

    def _head(self) -> str:
        return f"{self.label}{' ' + self.note if self.note else ''}"

    def _body(self, width: int) -> list[str]:
        # A line holds at most ``width`` characters, so the first lines, and whether there are
        # more, are decided within the first few widths: a long paragraph is not wrapped whole.
        head = self.text[: (self.MAX_LINES + 2) * max(1, width)]
        lines = [head[start:end] for start, end in wrap_spans(head, width)]
        if len(lines) > self.MAX_LINES:
            lines = lines[: self.MAX_LINES]
            last = lines[-1]
            while last and cell_len(last) + 2 > width:
                last = last[:-1]
            lines[-1] = last + ".."
        return [line for line in lines if line] if self.text else []

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + len(self._body(width))

    def render(self) -> RenderResult:
        width = self.size.width
        head = Text(no_wrap=True, overflow="crop")
        head.append(
            truncate_cells(self.label, width), self.get_component_rich_style("next-line--label")
        )
        if self.note:
            head.append(" " + self.note, self.get_component_rich_style("next-line--note"))
        body = [Text(line, no_wrap=True) for line in self._body(width)]
        return Text("\n", no_wrap=True).join([head, *body])

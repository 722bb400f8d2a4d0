"""The jump list: the command palette, offering the opening, each item and the closing."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from facilitator.i18n import parse_item_number
from facilitator.tui.view import name_of, row_status

if TYPE_CHECKING:
    from facilitator.tui.app import FacilitatorApp


class JumpProvider(Provider):
    """Agenda parts to jump to; the engine records the items a jump passes over."""

    @property
    def console(self) -> FacilitatorApp:
        """The app, which owns the session."""
        return cast("FacilitatorApp", self.app)

    def _parts(self) -> list[tuple[int, str]]:
        app = self.console
        state = app.session.state
        choices: list[tuple[int, str]] = []
        for part in state.script.parts:
            name = name_of(part, app.words)
            if row_status(state, part) == "current":
                name += " " + app.words.jump_here
            choices.append((part.index, name))
        return choices

    async def discover(self) -> Hits:
        for index, name in self._parts():
            yield DiscoveryHit(name, partial(self.console.jump_to, index), text=name)

    async def search(self, query: str) -> Hits:
        """The item numbered ``query`` first (4, 四, 第四项), then fuzzy matches of the names."""
        number = parse_item_number(query)
        parts = self.console.session.state.script.parts
        matcher = self.matcher(query)
        for index, name in self._parts():
            jump = partial(self.console.jump_to, index)
            if number is not None and parts[index].no == number:
                yield Hit(1.0, name, jump, text=name)
                continue
            score = matcher.match(name)
            if score > 0:
                yield Hit(score * 0.9, matcher.highlight(name), jump, text=name)

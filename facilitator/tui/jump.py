"""The jump list: the command palette, offering the opening, each item and the closing."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
        matcher = self.matcher(query)
        for index, name in self._parts():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self.console.jump_to, index), text=name
                )

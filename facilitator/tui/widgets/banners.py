"""Banners under the line at a cue (stopwatch), a vote and a roll call."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from facilitator.i18n import Strings
from facilitator.tui.view import CueView, RollCallView, VoteView


class CueBanner(Widget):
    """Someone else speaks: the cue, who, and a stopwatch against the planned time."""

    view: reactive[CueView | None] = reactive(None, layout=True)
    """The cue, or None when the chair is not at a cue."""

    def __init__(self, words: Strings, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words

    def watch_view(self, view: CueView | None) -> None:
        self.display = view is not None
        self.set_class(view is not None and view.over, "-over")

    def render(self) -> RenderResult:
        view = self.view
        if view is None:
            return ""
        words = self.words
        top = Text(no_wrap=True, overflow="crop")
        top.append(words.fmt(words.cue, cue=view.label), "bold")
        if view.who:
            top.append(f"  {view.who}")
        clock = Text(no_wrap=True)
        clock.append(view.elapsed, "bold")
        clock.append(
            "  "
            + (
                words.fmt(words.cue_planned, planned=view.planned)
                if view.planned
                else words.cue_no_plan
            )
        )
        return Text("\n", no_wrap=True).join([top, clock])


class VoteBanner(Widget):
    """At a vote: press v; method and rule; the result once recorded."""

    view: reactive[VoteView | None] = reactive(None, layout=True)
    """The vote, or None when the chair is not at a vote."""

    def __init__(self, words: Strings, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words

    def watch_view(self, view: VoteView | None) -> None:
        self.display = view is not None
        self.set_class(view is not None and view.recorded is None, "-pending")
        self.set_class(view is not None and view.passed is True, "-passed")
        self.set_class(view is not None and view.passed is False, "-failed")

    def render(self) -> RenderResult:
        view = self.view
        if view is None:
            return ""
        words = self.words
        how = Text(no_wrap=False)
        if view.method:
            how.append(f"{words.method}{words.sep}{view.method}   ")
        how.append(f"{words.rule}{words.sep}{view.rule}")
        head = Text(view.recorded or view.prompt or words.vote_banner, "bold")
        return Text("\n").join([head, how])


class RollCallBanner(Widget):
    """At a roll call: press v; the number present and the quorum once recorded."""

    view: reactive[RollCallView | None] = reactive(None, layout=True)
    """The roll call, or None when the chair is not at one."""

    def __init__(self, words: Strings, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words = words

    def watch_view(self, view: RollCallView | None) -> None:
        self.display = view is not None
        self.set_class(view is not None and view.recorded is None, "-pending")
        self.set_class(view is not None and view.quorum_met is False, "-no-quorum")

    def render(self) -> RenderResult:
        view = self.view
        if view is None:
            return ""
        text = Text(view.recorded or self.words.roll_call_banner, "bold")
        if view.quorum:
            text.append("   " + view.quorum)
        return text

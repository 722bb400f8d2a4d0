"""The vote dialog: motion, method and rule; counts typed in; the engine's verdict live."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from facilitator.agenda.model import VoteStep
from facilitator.engine.commands import RecordVote, Refused, check_vote, default_present
from facilitator.tui.screens.counts import CountDialog, CountInput
from facilitator.tui.widgets.line import ChairLine

FIELDS = ("present", "for", "against", "abstain")


class VoteDialog(CountDialog[RecordVote]):
    """Record a vote: digits for the counts, u unanimous, enter confirms, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "unanimous", "unanimous", id="vote.unanimous", priority=True),
        Binding("down", "app.focus_next", "next field", id="vote.next", show=False),
        Binding("up", "app.focus_previous", "previous field", id="vote.previous", show=False),
        Binding("escape", "cancel", "cancel", id="vote.cancel"),
    ]
    AUTO_FOCUS = "#for"

    @property
    def vote(self) -> VoteStep:
        """The vote step the chair is at."""
        state = self.session.state
        assert state.slot is not None
        step = state.script.slots[state.slot].step
        assert isinstance(step, VoteStep)
        return step

    def compose(self) -> ComposeResult:
        words = self.words
        vote = self.vote
        present = default_present(self.session.state)
        labels = {
            "present": words.present,
            "for": words.votes_for,
            "against": words.against,
            "abstain": words.abstain,
        }
        with Vertical(classes="dialog--box"):
            yield Static(words.vote_title, classes="dialog--title")
            motion = ChairLine(classes="dialog--motion")
            motion.text = f"{words.motion}{words.sep}{vote.vote}"
            yield motion
            how = f"{words.rule}{words.sep}{words.rules[vote.rule]} ({words.bases[vote.of]})"
            if vote.method:
                how = f"{words.method}{words.sep}{vote.method}   {how}"
            yield Static(how)
            with Horizontal(classes="counts"):
                for name in FIELDS:
                    yield Label(labels[name], classes="count--label")
                    value = "" if name != "present" or present is None else str(present)
                    yield CountInput(
                        value=value,
                        placeholder="0" if name != "present" else "",
                        restrict=r"[0-9]*",
                        max_length=4,
                        id=name,
                        classes="count",
                    )
            yield Static("", id="verdict", classes="dialog--verdict")
            yield Static(words.vote_keys, classes="dialog--keys")

    def on_mount(self) -> None:
        self._check()

    def command(self) -> RecordVote:
        """The counts as a command (empty counts are 0; empty present is the default)."""
        return RecordVote(
            for_=self._count("for") or 0,
            against=self._count("against") or 0,
            abstain=self._count("abstain") or 0,
            present=self._count("present"),
        )

    def _check(self) -> None:
        """Show the engine's verdict on the counts: the outcome, or why they are impossible."""
        words = self.words
        command = self.command()
        try:
            verdict = check_vote(
                self.session.state, command.for_, command.against, command.abstain, command.present
            )
        except Refused as refused:
            self.valid = False
            shown = self.query_one("#verdict", Static)
            shown.update(words.reason(refused.reason, refused.details))
            shown.set_classes("dialog--verdict -error")
            return
        self.valid = True
        passed = verdict.passed
        outcome = words.outcome_passes if passed else words.outcome_fails
        counts = words.fmt(
            words.outcome_counts,
            for_=command.for_,
            base=verdict.base,
            rule=words.rules[self.vote.rule],
        )
        missing = verdict.not_voting
        extra = f"  {words.fmt(words.not_voting, count=missing)}" if missing else ""
        shown = self.query_one("#verdict", Static)
        shown.update(f"{outcome} {counts}{extra}")
        shown.set_classes(f"dialog--verdict {'-passed' if passed else '-failed'}")

    def action_unanimous(self) -> None:
        """Everyone present voted for."""
        present = self._count("present")
        if present is None:
            present = default_present(self.session.state)
        if present is None:
            return
        for name, value in (("present", present), ("for", present), ("against", 0), ("abstain", 0)):
            self.query_one(f"#{name}", Input).value = str(value)
        self._check()

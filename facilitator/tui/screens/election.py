"""The election dialog: ballots issued, returned and valid; each candidate's votes; the verdict.

Who is elected, and whether the counts are possible at all, is the engine's
:func:`~facilitator.engine.commands.check_election`, asked on every keystroke.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from facilitator.engine.commands import (
    RecordElection,
    Refused,
    check_election,
    default_present,
    election_at,
)
from facilitator.i18n import Strings
from facilitator.session import Session
from facilitator.tui.screens.counts import CountDialog, CountInput
from facilitator.tui.widgets.line import ChairLine
from facilitator.words.terms import terms

BALLOTS = ("present", "issued", "returned", "valid")
PER_ROW = 3
"""Candidates per row of the dialog."""


class ElectionDialog(CountDialog[RecordElection]):
    """Record an election: digits, tab between fields, enter confirms, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.focus_next", "next field", id="election.next", show=False),
        Binding("up", "app.focus_previous", "previous field", id="election.previous", show=False),
        Binding("escape", "cancel", "cancel", id="election.cancel"),
    ]

    def __init__(self, session: Session, words: Strings) -> None:
        super().__init__(session, words)
        self.step = election_at(session.state)
        """The election the chair is at (the app opens this dialog only there)."""

    def compose(self) -> ComposeResult:
        words = self.words
        step = self.step
        present = default_present(self.session.state)
        labels = {
            "present": words.present,
            "issued": words.ballots_issued,
            "returned": words.ballots_returned,
            "valid": words.ballots_valid,
        }
        with Vertical(classes="dialog--box"):
            yield Static(words.election_title, classes="dialog--title")
            office = ChairLine(classes="dialog--motion")
            office.text = f"{words.office}{words.sep}{step.election}"
            yield office
            how = (
                f"{words.fmt(words.seats, seats=step.seats)}   {words.rule}{words.sep}"
                f"{words.election_rules[step.rule]} ({words.bases[step.of]})"
            )
            if step.method:
                how = f"{words.method}{words.sep}{step.method}   {how}"
            yield Static(how)
            fields = BALLOTS if step.ballots else BALLOTS[:1]
            with Horizontal(classes="counts"):
                for name in fields:
                    yield Label(labels[name], classes="count--label")
                    value = "" if name != "present" or present is None else str(present)
                    yield CountInput(
                        value=value, restrict=r"[0-9]*", max_length=4, id=name, classes="count"
                    )
            yield Static(words.candidate_votes, classes="election--heading")
            for start in range(0, len(step.candidates), PER_ROW):
                with Horizontal(classes="counts"):
                    for index in range(start, min(start + PER_ROW, len(step.candidates))):
                        yield Label(step.candidates[index], classes="count--label candidate")
                        yield CountInput(
                            placeholder="0",
                            restrict=r"[0-9]*",
                            max_length=4,
                            id=f"candidate-{index}",
                            classes="count",
                        )
            yield Static("", id="verdict", classes="dialog--verdict")
            yield Static(words.election_keys, classes="dialog--keys")

    def on_mount(self) -> None:
        first = "#issued" if self.step.ballots else "#candidate-0"
        self.query_one(first, Input).focus()
        self._check()

    def command(self) -> RecordElection:
        """The counts as a command (an empty vote count is 0; empty present is the default)."""
        return RecordElection(
            votes=tuple(
                self._count(f"candidate-{index}") or 0 for index in range(len(self.step.candidates))
            ),
            issued=self._count("issued"),
            returned=self._count("returned"),
            valid=self._count("valid"),
            present=self._count("present"),
        )

    def _check(self) -> None:
        """Show the engine's verdict: who is elected, a tie, or why the counts are impossible."""
        words = self.words
        shown = self.query_one("#verdict", Static)
        try:
            verdict = check_election(self.session.state, self.command())
        except Refused as refused:
            self.valid = False
            shown.update(words.reason(refused.reason, refused.details))
            shown.set_classes("dialog--verdict -error")
            return
        self.valid = True
        elected = words.terms.join(verdict.elected) or words.election_none
        lines = [
            words.fmt(words.election_verdict, elected=elected),
            words.fmt(
                words.threshold,
                threshold=verdict.threshold,
                base=verdict.base,
                rule=words.election_rules[verdict.rule],
            ),
        ]
        if verdict.tied:
            tied = terms(self.session.state.script.agenda.meeting.language).join(verdict.tied)
            lines.append(words.fmt(words.election_tied, tied=tied))
        shown.update("\n".join(lines))
        settled = not verdict.tied and verdict.unfilled == 0
        shown.set_classes(f"dialog--verdict {'-passed' if settled else '-failed'}")

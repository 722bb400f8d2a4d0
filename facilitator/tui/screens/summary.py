"""The end: each item planned against actual, the votes, the notes, the total."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitator.engine.state import MeetingState
from facilitator.i18n import Strings, clock, part_name
from facilitator.journal.store import record_code
from facilitator.report.timing import MeetingTiming, state_timing
from facilitator.session import Session
from facilitator.tui.view import hhmm
from facilitator.words.terms import terms


def _over(over_s: int) -> Text:
    return Text(("+" if over_s > 0 else "") + clock(over_s), "bold" if over_s > 0 else "")


def timing_table(timing: MeetingTiming, words: Strings) -> Table:
    """Planned against actual for each part, and their net total: the very figures of ``report``
    and the exports (:func:`~facilitator.report.timing.state_timing`), as clocks; a part never
    reached reads 未进行 (已跳过 after a jump) as it does there. No box: no ambiguous-width
    lines."""
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold", expand=False)
    table.add_column(words.summary_part, overflow="fold", ratio=1)
    for name in (words.summary_planned, words.summary_actual, words.summary_over):
        table.add_column(name, justify="right", no_wrap=True)
    shared = terms(timing.language)
    parts = [part for part in (timing.opening, *timing.items, timing.closing) if part is not None]
    for part in parts:
        name = part_name(words, part.kind.value, part.no, part.title)
        if not part.reached:  # as the report says it: 未进行, or 已跳过 after a jump
            state = shared.skipped if part.skipped else shared.not_reached
            table.add_row(name, clock(part.planned_s), "-", Text(state, "dim"), style="dim")
            continue
        table.add_row(name, clock(part.planned_s), clock(part.actual_s), _over(part.over_s))
    planned = sum(part.planned_s for part in parts)
    table.add_row(
        Text(words.summary_total, "bold"),
        clock(planned),
        clock(timing.active_s),
        _over(timing.active_s - planned),
    )
    return table


def votes_text(state: MeetingState, words: Strings) -> str:
    """One line per recorded vote."""
    lines: list[str] = []
    for slot, outcome in sorted(state.position.votes.items()):
        method = getattr(state.script.slots[slot].step, "method", None)
        lines.append(f"{state.line_text(slot)}\n  {words.vote_result(outcome, method)}")
    for slot, election in sorted(state.position.elections.items()):
        lines.append(f"{state.line_text(slot)}\n  {words.election_result(election)}")
    return "\n".join(lines) or words.summary_none


def notes_text(state: MeetingState, words: Strings) -> str:
    """One line per note, with its time."""
    lines = [f"{hhmm(note.at)}  {note.text}" for note in state.notes]
    return "\n".join(lines) or words.summary_none


class SummaryScreen(Screen[None]):
    """Shown when the meeting ends; left undoes the end, q quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,backspace", "app.step_back", "undo the end", id="summary.back"),
        Binding("q", "app.quit", "quit", id="summary.quit"),
        Binding("n", "app.note", "note", id="summary.note"),
        Binding("question_mark", "app.help", "help", id="summary.help"),
        Binding("up", "scroll(-1)", show=False, id="summary.up"),
        Binding("down", "scroll(1)", show=False, id="summary.down"),
    ]

    def __init__(self, session: Session, words: Strings) -> None:
        super().__init__()
        self.session = session
        self.words = words

    def compose(self) -> ComposeResult:
        state = self.session.state
        words = self.words
        early = state.position.ended_early
        timing = state_timing(state)
        with VerticalScroll(id="summary-scroll"):
            title = state.script.agenda.meeting.title
            if state.session is not None and state.session.rehearsal:
                title = words.fmt(words.rehearsal_title, title=title)
            yield Static(
                f"{title}\n" + (words.summary_early if early else words.summary_title),
                id="summary-title",
            )
            yield Static(timing_table(timing, words), id="summary-timing")
            yield Static(
                words.fmt(
                    words.summary_gross,
                    gross=clock(timing.actual_s),
                    paused=clock(timing.paused_s),
                ),
                id="summary-gross",
            )
            yield Static(words.summary_votes, classes="summary--heading")
            yield Static(votes_text(state, words), markup=False)
            yield Static(words.summary_notes, classes="summary--heading")
            yield Static(notes_text(state, words), markup=False)
            if self.session.seal_hash is not None:
                code = record_code(self.session.seal_hash)
                yield Static(
                    words.fmt(words.summary_record_code, code=code),
                    id="summary-code",
                    classes="summary--heading",
                )
        yield Static(words.summary_keys, id="summary-keys")

    def action_scroll(self, lines: int) -> None:
        """Scroll the summary."""
        self.query_one("#summary-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

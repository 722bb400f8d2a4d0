"""``facilitator plan``: planned times from rehearsals.

Each agenda item's and cue's measured duration, the median over the rehearsals given, becomes its
``planned`` time; the agenda is written back with its comments and key order (round trip), and
only if the written text loads and validates as before.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.agenda.load import AgendaError, LoadedAgenda, parse_agenda
from facilitator.agenda.model import format_duration
from facilitator.agenda.roundtrip import (
    PathKey,
    RoundTripError,
    dump_document,
    load_document,
    node_at,
    set_key,
)
from facilitator.engine.events import SessionStarted
from facilitator.engine.script import compile_script
from facilitator.journal.record import load_record
from facilitator.journal.store import JournalError
from facilitator.report.timing import meeting_timing


class PlanError(Exception):
    """A journal or agenda that ``plan`` cannot use; one line naming the file."""


@dataclass(frozen=True)
class PlanChange:
    """One planned time to set."""

    path: PathKey
    """Where the item or cue is in the agenda document."""
    label: str
    """What it is, for the printed list: 第2项 …, or the cue's label."""
    old_s: int | None
    """The planned time the agenda gives now (None: none)."""
    new_s: int
    """The median of the rehearsals, rounded for a plan."""
    samples: tuple[int, ...]
    """The measured seconds, one per rehearsal that reached it."""

    def describe(self, arrow: str = "→") -> str:
        """``item 2 听取…: 15m → 12m (12m10s, 11m50s)`` (the screen passes an ASCII arrow)."""
        old = format_duration(self.old_s) if self.old_s is not None else "-"
        measured = ", ".join(format_duration(value) for value in self.samples)
        return f"{self.label}: {old} {arrow} {format_duration(self.new_s)} ({measured})"


def round_plan(seconds: float) -> int:
    """A planned time people write: whole minutes from two minutes on, else tens of seconds."""
    if seconds >= 120:
        return max(60, round(seconds / 60) * 60)
    return max(10, round(seconds / 10) * 10)


def plan_changes(
    agenda: LoadedAgenda,
    journals: Sequence[Path],
    *,
    any_journal: bool = False,
    warn: Callable[[str], None] = lambda _: None,
) -> list[PlanChange]:
    """The planned times the rehearsals measure, for items and cues whose plan would change.

    A journal of another agenda (by SHA-256 and text) is refused; one that is not a rehearsal is
    refused unless ``any_journal``, and then ``warn`` says so.
    """
    samples: dict[PathKey, list[int]] = {}
    labels: dict[PathKey, str] = {}
    order: dict[PathKey, float] = {}
    script = compile_script(agenda.agenda)
    for journal in journals:
        record = load_record(journal)
        first = record.events[0]
        assert isinstance(first, SessionStarted)  # load_record refuses anything else
        if first.agenda_sha256 != agenda.sha256 and first.agenda_text != agenda.text:
            raise PlanError(
                f"{journal}: was recorded with a different agenda ({first.agenda}), "
                f"not {agenda.path}"
            )
        if not first.rehearsal:
            if not any_journal:
                raise PlanError(
                    f"{journal}: is not a rehearsal (run --rehearsal); "
                    "use --any-journal to take its times anyway"
                )
            warn(f"{journal}: warning: not a rehearsal; its times are used as if it were one")
        timing = meeting_timing(record)
        for item in timing.items:
            if item.reached and not item.running and not item.skipped and item.no is not None:
                path: PathKey = ("items", item.no - 1)
                samples.setdefault(path, []).append(item.actual_s)
                labels[path] = f"item {item.no} {item.title}"
                order[path] = script.item(item.no).first_slot - 0.5
        for cue in timing.cues:
            if cue.reached and not cue.running:
                path = script.slots[cue.slot].path
                samples.setdefault(path, []).append(cue.actual_s)
                labels[path] = f"  cue {cue.label}" + (f" ({cue.who})" if cue.who else "")
                order[path] = cue.slot
    changes: list[PlanChange] = []
    for path, values in sorted(samples.items(), key=lambda entry: order[entry[0]]):
        step = node_at(agenda.agenda.model_dump(), path)
        old = step.get("planned")
        new = round_plan(statistics.median(values))
        if old != new:
            changes.append(PlanChange(path, labels[path], old, new, tuple(values)))
    return changes


def apply_plan(agenda: LoadedAgenda, changes: Sequence[PlanChange]) -> str:
    """The agenda's text with the new planned times, comments and key order kept; it loads and
    validates, or :class:`PlanError` says why."""
    try:
        document = load_document(agenda.text)
    except RoundTripError as error:
        raise PlanError(f"{agenda.path}: {error}") from None
    for change in changes:
        node = node_at(document, change.path)
        after = (
            ("title",) if change.path[0] == "items" and len(change.path) == 2 else ("who", "cue")
        )
        set_key(node, "planned", format_duration(change.new_s), after=after)
    text = dump_document(document)
    try:
        parse_agenda(text.encode("utf-8"), str(agenda.path), agenda.path)
    except AgendaError as error:  # pragma: no cover - the edit only sets durations
        raise PlanError(str(error.problems[0])) from None
    return text


__all__ = ["JournalError", "PlanChange", "PlanError", "apply_plan", "plan_changes", "round_plan"]

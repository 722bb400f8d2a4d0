"""The agenda compiled into the run of show: a list of slots the cursor moves through.

Each step of the agenda is one slot. A vote whose outcomes are single lines is followed by an
*outcome* slot whose words (its ``passed`` or ``failed`` line) are chosen when the vote is
recorded; so is an election (its result line). A vote whose outcomes are lists of steps is
followed by the slots of its ``passed`` branch, then those of its ``failed`` branch: advancing
from the vote enters only the branch of the recorded outcome, and the last slot of either branch
goes on to the step after the vote. Parts group slots: the opening, each agenda item, the closing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from facilitator.agenda.model import (
    Agenda,
    AnyStep,
    CueStep,
    ElectionStep,
    LineStep,
    RollCallStep,
    VoteStep,
)
from facilitator.agenda.text import (
    CHINESE_CHARS_PER_MINUTE,
    CUE_ESTIMATE_S,
    ENGLISH_WORDS_PER_MINUTE,
    PLACEHOLDER,
    VOTE_ESTIMATE_S,
    branch_steps,
    estimate_reading_seconds,
    field_names,
    fill_fields,
    outcome_estimate,
    step_estimate,
    steps_estimate,
)

__all__ = [
    "CHINESE_CHARS_PER_MINUTE",
    "CUE_ESTIMATE_S",
    "ENGLISH_WORDS_PER_MINUTE",
    "PLACEHOLDER",
    "VOTE_ESTIMATE_S",
    "Branch",
    "Part",
    "PartKind",
    "Script",
    "Slot",
    "SlotKind",
    "compile_script",
    "estimate_reading_seconds",
    "field_names",
    "fill_fields",
    "outcome_estimate",
    "step_estimate",
]


class PartKind(StrEnum):
    """Where in the meeting a part stands."""

    OPENING = "opening"
    ITEM = "item"
    CLOSING = "closing"


class SlotKind(StrEnum):
    """What happens at a slot."""

    LINE = "line"
    CUE = "cue"
    ROLL_CALL = "roll_call"
    VOTE = "vote"
    ELECTION = "election"
    OUTCOME = "outcome"


@dataclass(frozen=True)
class Part:
    """The opening, one agenda item, or the closing."""

    index: int
    """Position in :attr:`Script.parts`."""
    kind: PartKind
    no: int | None
    """The item's number (1, 2, …); None for the opening and closing."""
    title: str | None
    """The item's title; None for the opening and closing (the UI names those)."""
    planned_s: float
    """Planned seconds: the agenda's, or the estimate from its steps."""
    planned_given: bool
    """Whether the agenda gave the planned time (else it is estimated)."""
    first_slot: int
    end_slot: int
    """One past the last slot of the part."""
    estimated_s: float = 0.0
    """The estimate from the steps (the longer branch of each branched vote)."""

    @property
    def slots(self) -> range:
        """The indices of this part's slots."""
        return range(self.first_slot, self.end_slot)


@dataclass(frozen=True)
class Branch:
    """Where a slot stands inside a branched vote: which vote, which outcome."""

    vote_slot: int
    """The vote whose recorded outcome decides whether this branch runs."""
    passed: bool
    """True for the ``passed`` branch, False for the ``failed`` one."""


@dataclass(frozen=True)
class Slot:
    """One place the cursor can stand."""

    index: int
    part: int
    """Index of the part in :attr:`Script.parts`."""
    kind: SlotKind
    step: AnyStep
    """The agenda step; for an outcome slot, the vote or election it follows."""
    path: tuple[str | int, ...]
    """Where the step is in the YAML document, for line numbers."""
    planned_s: float
    """Planned or estimated seconds at this slot."""
    planned_given: bool
    vote_slot: int | None = None
    """For an outcome slot: the vote or election slot whose result chooses its words."""
    next: int = -1
    """Where advancing goes from here (``len(slots)``: the meeting ends); a branched vote goes
    into the branch of its outcome instead, when that branch has steps."""
    branches: tuple[range, range] | None = None
    """For a branched vote: the slots of its ``passed`` branch and of its ``failed`` branch."""
    branch: Branch | None = None
    """For a slot inside a branch: the innermost branched vote and outcome it depends on."""


@dataclass(frozen=True)
class Script:
    """An agenda compiled for the engine: parts and slots, in order."""

    agenda: Agenda
    parts: tuple[Part, ...]
    slots: tuple[Slot, ...]

    @cached_property
    def reading_chars(self) -> tuple[float | None, ...]:
        """For each slot, how long its line is to read in Chinese characters (an English word
        counts its time), worked out once per script; None where the words depend on what is
        recorded (an outcome, a line with ``{fields}``), which the forecast reads live."""
        sizes: list[float | None] = []
        for entry in self.slots:
            text = getattr(entry.step, "line", None) if entry.kind is SlotKind.LINE else None
            if not isinstance(text, str) or "{" in text:
                sizes.append(None)
            else:
                sizes.append(estimate_reading_seconds(text) * CHINESE_CHARS_PER_MINUTE / 60)
        return tuple(sizes)

    @property
    def items(self) -> tuple[Part, ...]:
        """The agenda items only (not the opening and closing)."""
        return tuple(part for part in self.parts if part.kind is PartKind.ITEM)

    def part_of(self, slot: int) -> Part:
        """The part a slot belongs to."""
        return self.parts[self.slots[slot].part]

    def item(self, no: int) -> Part:
        """Agenda item number ``no`` (1-based)."""
        for part in self.parts:
            if part.no == no:
                return part
        raise KeyError(no)

    @property
    def planned_s(self) -> float:
        """The whole meeting's planned (or estimated) seconds."""
        return sum(part.planned_s for part in self.parts)

    def next_slot(self, slot: int, outcomes: Mapping[int, bool]) -> int:
        """Where advancing from ``slot`` goes, given the recorded outcomes of branched votes.

        An unrecorded branched vote is taken as passing (for forecasts; the engine refuses to
        advance past it).
        """
        entry = self.slots[slot]
        if entry.branches is not None:
            taken = entry.branches[0 if outcomes.get(slot, True) else 1]
            if len(taken):
                return taken.start
        return entry.next

    def route(self, slot: int, outcomes: Mapping[int, bool]) -> Iterator[int]:
        """The slots after ``slot`` that the meeting will pass through to the end of its part."""
        end = self.part_of(slot).end_slot
        following = self.next_slot(slot, outcomes)
        while following < end:
            yield following
            following = self.next_slot(following, outcomes)

    def not_taken(self, outcomes: Mapping[int, bool]) -> Iterator[tuple[int, bool]]:
        """For each recorded branched vote: its slot and the outcome whose branch was skipped."""
        for vote_slot, passed in sorted(outcomes.items()):
            if self.slots[vote_slot].branches is not None:
                yield vote_slot, not passed

    def in_branch(self, slot: int, vote_slot: int, passed: bool) -> bool:
        """Whether ``slot`` lies in that branch of that vote (at any depth)."""
        branches = self.slots[vote_slot].branches
        return branches is not None and slot in branches[0 if passed else 1]


def _slot_kind(step: AnyStep) -> SlotKind:
    match step:
        case LineStep():
            return SlotKind.LINE
        case CueStep():
            return SlotKind.CUE
        case RollCallStep():
            return SlotKind.ROLL_CALL
        case VoteStep():
            return SlotKind.VOTE
        case ElectionStep():
            return SlotKind.ELECTION


def _size(steps: tuple[AnyStep, ...], language: str) -> int:
    """How many slots a run of steps compiles to."""
    total = 0
    for step in steps:
        total += 1
        if isinstance(step, VoteStep) and step.branched:
            total += _size(branch_steps(step, True, language), language)
            total += _size(branch_steps(step, False, language), language)
        elif isinstance(step, VoteStep | ElectionStep):
            total += 1
    return total


class _Compiler:
    def __init__(self, language: str) -> None:
        self.language = language
        self.slots: list[Slot] = []

    def steps(
        self,
        steps: tuple[AnyStep, ...],
        part: int,
        path: tuple[str | int, ...],
        after: int,
        branch: Branch | None,
    ) -> None:
        """Lay out ``steps``; the last of them goes on to ``after``."""
        language = self.language
        for index, step in enumerate(steps):
            here = len(self.slots)
            last = index + 1 == len(steps)
            following = after if last else here + _size((step,), language)
            step_path = (*path, index)
            ranges: tuple[range, range] | None = None
            if isinstance(step, VoteStep) and step.branched:
                passed = branch_steps(step, True, language)
                failed = branch_steps(step, False, language)
                passed_range = range(here + 1, here + 1 + _size(passed, language))
                failed_range = range(passed_range.stop, passed_range.stop + _size(failed, language))
                ranges = (passed_range, failed_range)
            with_outcome = isinstance(step, VoteStep | ElectionStep) and ranges is None
            self.slots.append(
                Slot(
                    index=here,
                    part=part,
                    kind=_slot_kind(step),
                    step=step,
                    path=step_path,
                    planned_s=step_estimate(step),
                    planned_given=step.planned is not None,
                    next=here + 1 if with_outcome else following,
                    branches=ranges,
                    branch=branch,
                )
            )
            if isinstance(step, VoteStep) and ranges is not None:
                for outcome, key in ((True, "passed"), (False, "failed")):
                    self.steps(
                        branch_steps(step, outcome, language),
                        part,
                        (*step_path, key),
                        following,
                        Branch(here, outcome),
                    )
            elif isinstance(step, VoteStep | ElectionStep):
                self.slots.append(
                    Slot(
                        index=here + 1,
                        part=part,
                        kind=SlotKind.OUTCOME,
                        step=step,
                        path=step_path,
                        planned_s=outcome_estimate(step),
                        planned_given=False,
                        vote_slot=here,
                        next=following,
                        branch=branch,
                    )
                )


def compile_script(agenda: Agenda) -> Script:
    """Lay out the agenda as parts and slots."""
    language = agenda.meeting.language
    sections: list[
        tuple[
            PartKind, int | None, str | None, int | None, tuple[str | int, ...], tuple[AnyStep, ...]
        ]
    ] = []
    if agenda.opening:
        sections.append((PartKind.OPENING, None, None, None, ("opening",), agenda.opening))
    for index, item in enumerate(agenda.items):
        sections.append(
            (
                PartKind.ITEM,
                index + 1,
                item.title,
                item.planned,
                ("items", index, "steps"),
                item.steps,
            )
        )
    if agenda.closing:
        sections.append((PartKind.CLOSING, None, None, None, ("closing",), agenda.closing))

    compiler = _Compiler(language)
    parts: list[Part] = []
    for part_index, (kind, no, title, planned, path, steps) in enumerate(sections):
        first = len(compiler.slots)
        compiler.steps(steps, part_index, path, first + _size(steps, language), None)
        estimated = steps_estimate(steps)
        parts.append(
            Part(
                index=part_index,
                kind=kind,
                no=no,
                title=title,
                planned_s=float(planned) if planned is not None else estimated,
                planned_given=planned is not None,
                first_slot=first,
                end_slot=len(compiler.slots),
                estimated_s=estimated,
            )
        )
    return Script(agenda=agenda, parts=tuple(parts), slots=tuple(compiler.slots))

"""The agenda compiled into the run of show: a flat list of slots the cursor moves through.

Each step of the agenda is one slot; a vote is followed by an *outcome* slot whose words (the
vote's ``passed`` or ``failed`` line) are chosen when the vote is recorded. Parts group slots:
the opening, each agenda item, the closing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from facilitator.agenda.model import (
    Agenda,
    AnyStep,
    CueStep,
    LineStep,
    RollCallStep,
    VoteStep,
    step_text,
)

CHINESE_CHARS_PER_MINUTE = 220
"""Formal Chinese speech runs at roughly 200–250 characters a minute."""
ENGLISH_WORDS_PER_MINUTE = 130
"""Formal English speech, read aloud."""
VOTE_ESTIMATE_S = 60
"""A vote with no planned time: calling it, counting hands, announcing."""
CUE_ESTIMATE_S = 300
"""A cue with no planned time: someone else speaks; five minutes is a short report."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_FIELD = re.compile(r"\{([^{}\s]+)\}")
PLACEHOLDER = re.compile(r"\*+|×{2,}|X{3,}|○{2,}|＿{2,}|_{3,}")
"""What a script writes where a name is still to be filled: *, ××, XXX, ○○, ＿＿."""


def estimate_reading_seconds(text: str) -> float:
    """How long reading ``text`` aloud takes: Chinese by characters, other text by words."""
    chinese = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return chinese * 60 / CHINESE_CHARS_PER_MINUTE + words * 60 / ENGLISH_WORDS_PER_MINUTE


def fill_fields(text: str, values: Mapping[str, object]) -> str:
    """Fill ``{name}`` fields that have a value; leave the others as written."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _FIELD.sub(replace, text)


def field_names(text: str) -> list[str]:
    """The ``{name}`` fields a text uses, in order."""
    return _FIELD.findall(text)


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
    """Planned seconds: the agenda's, or the sum of the slots' estimates."""
    planned_given: bool
    """Whether the agenda gave the planned time (else it is estimated)."""
    first_slot: int
    end_slot: int
    """One past the last slot of the part."""

    @property
    def slots(self) -> range:
        """The indices of this part's slots."""
        return range(self.first_slot, self.end_slot)


@dataclass(frozen=True)
class Slot:
    """One place the cursor can stand."""

    index: int
    part: int
    """Index of the part in :attr:`Script.parts`."""
    kind: SlotKind
    step: AnyStep
    """The agenda step; for an outcome slot, the vote it follows."""
    path: tuple[str | int, ...]
    """Where the step is in the YAML document, for line numbers."""
    planned_s: float
    """Planned or estimated seconds at this slot."""
    planned_given: bool
    vote_slot: int | None = None
    """For an outcome slot: the vote slot whose result chooses its words."""


@dataclass(frozen=True)
class Script:
    """An agenda compiled for the engine: parts and slots, in order."""

    agenda: Agenda
    parts: tuple[Part, ...]
    slots: tuple[Slot, ...]

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


def step_estimate(step: AnyStep) -> float:
    """Planned seconds for a step: its own planned time, else an estimate."""
    if step.planned is not None:
        return float(step.planned)
    match step:
        case CueStep():
            return float(CUE_ESTIMATE_S)
        case VoteStep():
            return float(VOTE_ESTIMATE_S)
        case _:
            return estimate_reading_seconds(step_text(step))


def outcome_estimate(vote: VoteStep) -> float:
    """Reading time of the longer of a vote's two outcome lines."""
    return max(
        estimate_reading_seconds(vote.passed or ""), estimate_reading_seconds(vote.failed or "")
    )


def compile_script(agenda: Agenda) -> Script:
    """Flatten the agenda into parts and slots."""
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

    parts: list[Part] = []
    slots: list[Slot] = []
    for part_index, (kind, no, title, planned, path, steps) in enumerate(sections):
        first = len(slots)
        for step_index, step in enumerate(steps):
            slot_kind = _slot_kind(step)
            slots.append(
                Slot(
                    index=len(slots),
                    part=part_index,
                    kind=slot_kind,
                    step=step,
                    path=(*path, step_index),
                    planned_s=step_estimate(step),
                    planned_given=step.planned is not None,
                )
            )
            if isinstance(step, VoteStep):
                slots.append(
                    Slot(
                        index=len(slots),
                        part=part_index,
                        kind=SlotKind.OUTCOME,
                        step=step,
                        path=(*path, step_index),
                        planned_s=outcome_estimate(step),
                        planned_given=False,
                        vote_slot=len(slots) - 1,
                    )
                )
        estimated = sum(slot.planned_s for slot in slots[first:])
        parts.append(
            Part(
                index=part_index,
                kind=kind,
                no=no,
                title=title,
                planned_s=float(planned) if planned is not None else estimated,
                planned_given=planned is not None,
                first_slot=first,
                end_slot=len(slots),
            )
        )
    return Script(agenda=agenda, parts=tuple(parts), slots=tuple(slots))

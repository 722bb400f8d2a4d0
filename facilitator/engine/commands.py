"""The rules of the meeting: ``decide(state, command, now)`` returns events or refuses.

Every rule about what the operator may do lives here, once. A refusal carries a
:class:`Reason` (and the numbers involved) so each view can say it in the agenda's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from facilitator.agenda.model import Base, Quorum, RollCallStep, Rule, VoteStep
from facilitator.engine.clock import Instant
from facilitator.engine.events import (
    Event,
    MeetingEnded,
    MeetingStarted,
    NoteAdded,
    Paused,
    Resumed,
    RollCallRecorded,
    StepEntered,
    Undone,
    VoteRecorded,
)
from facilitator.engine.script import SlotKind
from facilitator.engine.state import MeetingState, Phase

# -- commands ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """Begin the meeting at its first slot."""


@dataclass(frozen=True)
class Advance:
    """Go to the next slot (the chair has finished the current one); at the last, end."""


@dataclass(frozen=True)
class Back:
    """Undo the latest move, vote or roll call."""


@dataclass(frozen=True)
class RecordVote:
    """The counts of a vote. ``present`` defaults to the last roll call, else all members."""

    for_: int
    against: int = 0
    abstain: int = 0
    present: int | None = None


@dataclass(frozen=True)
class RecordUnanimous:
    """Everyone present voted for."""

    present: int | None = None


@dataclass(frozen=True)
class RecordRollCall:
    """How many members are present."""

    present: int


@dataclass(frozen=True)
class AddNote:
    """A note for the minutes."""

    text: str


@dataclass(frozen=True)
class Pause:
    """Begin a break."""


@dataclass(frozen=True)
class Resume:
    """End the break."""


@dataclass(frozen=True)
class JumpTo:
    """Go to the first slot of a part (the opening, an item, the closing) by its index."""

    part: int


@dataclass(frozen=True)
class End:
    """End the meeting now."""


Command = (
    Start
    | Advance
    | Back
    | RecordVote
    | RecordUnanimous
    | RecordRollCall
    | AddNote
    | Pause
    | Resume
    | JumpTo
    | End
)


# -- refusals ---------------------------------------------------------------------------------


class Reason(StrEnum):
    """Why a command was refused; the views translate these."""

    NOT_STARTED = "not_started"
    ALREADY_STARTED = "already_started"
    ENDED = "ended"
    PAUSED = "paused"
    NOT_PAUSED = "not_paused"
    NOTHING_TO_UNDO = "nothing_to_undo"
    VOTE_NOT_RECORDED = "vote_not_recorded"
    ROLL_CALL_NOT_RECORDED = "roll_call_not_recorded"
    NOT_A_VOTE = "not_a_vote"
    NOT_A_ROLL_CALL = "not_a_roll_call"
    PRESENT_UNKNOWN = "present_unknown"
    PRESENT_TOO_FEW = "present_too_few"
    PRESENT_ABOVE_MEMBERS = "present_above_members"
    VOTES_EXCEED_PRESENT = "votes_exceed_present"
    NEGATIVE_COUNT = "negative_count"
    MEMBERS_UNKNOWN = "members_unknown"
    NO_SUCH_PART = "no_such_part"
    EMPTY_NOTE = "empty_note"


@dataclass
class Refused(Exception):
    """The command breaks a rule; nothing happened."""

    reason: Reason
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        extra = ", ".join(f"{key}={value}" for key, value in self.details.items())
        return f"{self.reason.value}" + (f" ({extra})" if extra else "")


# -- the rules --------------------------------------------------------------------------------


def rule_met(rule: Rule, votes_for: int, base: int) -> bool:
    """Whether ``votes_for`` out of ``base`` carries a motion under ``rule``."""
    match rule:
        case Rule.MAJORITY:
            return votes_for * 2 > base
        case Rule.TWO_THIRDS:
            return votes_for * 3 >= base * 2
        case Rule.UNANIMOUS:
            return base > 0 and votes_for == base


def quorum_met(quorum: Quorum | None, present: int, members: int | None) -> bool | None:
    """Whether enough members are present; None when it cannot be said."""
    if quorum is None or members is None:
        return None
    if quorum is Quorum.MAJORITY:
        return present * 2 > members
    return present * 3 >= members * 2


def default_present(state: MeetingState) -> int | None:
    """Who counts as present for a vote: the last roll call, else all members."""
    present = state.present()
    return present if present is not None else state.script.agenda.meeting.members


def _header(state: MeetingState, now: Instant) -> dict[str, Any]:
    return {"seq": state.last_seq + 1, "at": now.at, "t": max(now.t, state.last_t)}


def _item_no(state: MeetingState, slot: int | None) -> int | None:
    return None if slot is None else state.script.part_of(slot).no


def decide(state: MeetingState, command: Command, now: Instant) -> list[Event]:
    """The events a command causes, or :class:`Refused` with the reason. Pure."""
    head = _header(state, now)
    phase = state.phase
    slot = state.slot

    if isinstance(command, AddNote):
        text = command.text.strip()
        if not text:
            raise Refused(Reason.EMPTY_NOTE)
        return [NoteAdded(**head, text=text, slot=slot, item_no=_item_no(state, slot))]

    if isinstance(command, Back):
        if state.paused:
            raise Refused(Reason.PAUSED)
        if not state.history:
            raise Refused(Reason.NOTHING_TO_UNDO)
        return [Undone(**head, undoes=state.history[-1][0])]

    if phase is Phase.NOT_STARTED:
        if isinstance(command, Start | Advance):
            return [MeetingStarted(**head)]
        raise Refused(Reason.NOT_STARTED)
    if phase is Phase.ENDED:
        raise Refused(Reason.ENDED)
    assert slot is not None

    if isinstance(command, Start):
        raise Refused(Reason.ALREADY_STARTED)
    if isinstance(command, Resume):
        if not state.paused:
            raise Refused(Reason.NOT_PAUSED)
        return [Resumed(**head)]
    if isinstance(command, End):
        return [MeetingEnded(**head, early=slot != len(state.script.slots) - 1)]
    if state.paused:
        raise Refused(Reason.PAUSED)
    if isinstance(command, Pause):
        return [Paused(**head)]

    entry = state.script.slots[slot]
    if isinstance(command, Advance):
        if entry.kind is SlotKind.VOTE and slot not in state.position.votes:
            raise Refused(Reason.VOTE_NOT_RECORDED)
        if entry.kind is SlotKind.ROLL_CALL and slot not in state.position.roll_calls:
            raise Refused(Reason.ROLL_CALL_NOT_RECORDED)
        if slot + 1 >= len(state.script.slots):
            return [MeetingEnded(**head)]
        return [StepEntered(**head, slot=slot + 1, item_no=_item_no(state, slot + 1))]

    if isinstance(command, JumpTo):
        parts = state.script.parts
        if not 0 <= command.part < len(parts):
            raise Refused(Reason.NO_SUCH_PART, {"part": command.part})
        target = parts[command.part]
        here = state.script.part_of(slot).index
        skipped = tuple(
            part.no
            for part in parts[here + 1 : command.part]
            if part.no is not None
            and not state.visited(part)
            and part.no not in state.position.skipped
        )
        return [
            StepEntered(
                **head, slot=target.first_slot, item_no=target.no, via="jump", skipped=skipped
            )
        ]

    if isinstance(command, RecordRollCall):
        step = entry.step
        if entry.kind is not SlotKind.ROLL_CALL or not isinstance(step, RollCallStep):
            raise Refused(Reason.NOT_A_ROLL_CALL)
        members = state.script.agenda.meeting.members
        if command.present < 0:
            raise Refused(Reason.NEGATIVE_COUNT)
        if members is not None and command.present > members:
            raise Refused(
                Reason.PRESENT_ABOVE_MEMBERS, {"present": command.present, "members": members}
            )
        return [
            RollCallRecorded(
                **head,
                slot=slot,
                item_no=_item_no(state, slot),
                present=command.present,
                members=members,
                quorum_met=quorum_met(step.quorum, command.present, members),
            )
        ]

    if isinstance(command, RecordVote | RecordUnanimous):
        return [_vote(state, command, head)]

    raise AssertionError(f"unhandled command {command!r}")  # pragma: no cover


def check_vote(
    state: MeetingState, votes_for: int, against: int, abstain: int, present: int | None
) -> tuple[int, int, bool]:
    """Validate counts at the current vote slot; return (present, base, passed) or refuse.

    The vote dialog calls this on every keystroke, so what it shows is the engine's verdict.
    """
    slot = state.slot
    entry = None if slot is None else state.script.slots[slot]
    if entry is None or entry.kind is not SlotKind.VOTE or not isinstance(entry.step, VoteStep):
        raise Refused(Reason.NOT_A_VOTE)
    vote = entry.step
    members = state.script.agenda.meeting.members
    if present is None:
        present = default_present(state)
    if present is None:
        raise Refused(Reason.PRESENT_UNKNOWN)
    if min(votes_for, against, abstain, present) < 0:
        raise Refused(Reason.NEGATIVE_COUNT)
    if present < 1:
        raise Refused(Reason.PRESENT_TOO_FEW)
    if members is not None and present > members:
        raise Refused(Reason.PRESENT_ABOVE_MEMBERS, {"present": present, "members": members})
    cast = votes_for + against + abstain
    if cast > present:
        raise Refused(Reason.VOTES_EXCEED_PRESENT, {"votes": cast, "present": present})
    if vote.of is Base.MEMBERS:
        if members is None:
            raise Refused(Reason.MEMBERS_UNKNOWN)
        base = members
    else:
        base = present
    return present, base, rule_met(vote.rule, votes_for, base)


def _vote(
    state: MeetingState, command: RecordVote | RecordUnanimous, head: dict[str, Any]
) -> Event:
    if isinstance(command, RecordUnanimous):
        present = command.present if command.present is not None else default_present(state)
        if present is None:
            raise Refused(Reason.PRESENT_UNKNOWN)
        counts = (present, 0, 0)
    else:
        present = command.present
        counts = (command.for_, command.against, command.abstain)
    present, base, passed = check_vote(state, *counts, present)
    assert state.slot is not None
    vote = state.script.slots[state.slot].step
    assert isinstance(vote, VoteStep)
    return VoteRecorded.model_validate(
        {
            **head,
            "slot": state.slot,
            "item_no": _item_no(state, state.slot),
            "for": counts[0],
            "against": counts[1],
            "abstain": counts[2],
            "present": present,
            "rule": vote.rule,
            "of": vote.of,
            "base": base,
            "passed": passed,
        }
    )

"""The rules of the meeting: ``decide(state, command, now)`` returns events or refuses.

Every rule about what the operator may do lives here, once. A refusal carries a
:class:`Reason` (and the numbers involved) so each view can say it in the agenda's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from facilitator.agenda.model import (
    Base,
    ElectionRule,
    ElectionStep,
    Quorum,
    RollCallStep,
    Rule,
    VoteStep,
)
from facilitator.engine.clock import Instant
from facilitator.engine.events import (
    CandidateVotes,
    DecisionRecorded,
    ElectionRecorded,
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
from facilitator.engine.state import ElectionCount, MeetingState, Phase, Position

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
class RecordDecision:
    """The outcome of a decision taken without counting (applause, positions, voice)."""

    passed: bool


@dataclass(frozen=True)
class RecordElection:
    """The count of an election: each candidate's votes in ballot order, and the ballots.

    ``issued``, ``returned`` and ``valid`` are required where the agenda asks for the ballot
    check, and ignored otherwise. ``present`` defaults to the last roll call, else all members.
    """

    votes: tuple[int, ...]
    issued: int | None = None
    returned: int | None = None
    valid: int | None = None
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
    | RecordDecision
    | RecordElection
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
    DECISION_NOT_RECORDED = "decision_not_recorded"
    ELECTION_NOT_RECORDED = "election_not_recorded"
    NOT_COUNTED = "not_counted"
    COUNTED = "counted"
    NOTHING_TO_RECORD = "nothing_to_record"
    BALLOTS_MISSING = "ballots_missing"
    RETURNED_ABOVE_ISSUED = "returned_above_issued"
    VALID_ABOVE_RETURNED = "valid_above_returned"
    ISSUED_ABOVE_PRESENT = "issued_above_present"
    CANDIDATE_VOTES_ABOVE_VALID = "candidate_votes_above_valid"
    VOTES_ABOVE_BALLOTS = "votes_above_ballots"
    WRONG_CANDIDATES = "wrong_candidates"


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
        waiting = pending(state)
        if waiting is not None:
            raise Refused(_NOT_RECORDED[waiting])
        following = state.next_slot()
        if following >= len(state.script.slots):
            return [MeetingEnded(**head)]
        return [StepEntered(**head, slot=following, item_no=_item_no(state, following))]

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
        roll_call = check_roll_call(state, command.present)
        return [
            RollCallRecorded(
                **head,
                slot=slot,
                item_no=_item_no(state, slot),
                present=roll_call.present,
                members=roll_call.members,
                quorum_met=roll_call.quorum_met,
            )
        ]

    if isinstance(command, RecordVote | RecordUnanimous):
        return [_vote(state, command, head)]

    if isinstance(command, RecordDecision):
        step = entry.step
        if entry.kind is not SlotKind.VOTE or not isinstance(step, VoteStep):
            raise Refused(Reason.NOT_A_VOTE)
        if step.counted:
            raise Refused(Reason.COUNTED)
        return [
            DecisionRecorded(
                **head,
                slot=slot,
                item_no=_item_no(state, slot),
                method=step.method,
                passed=command.passed,
            )
        ]

    if isinstance(command, RecordElection):
        verdict = check_election(state, command)
        return [
            ElectionRecorded(
                **head,
                slot=slot,
                item_no=_item_no(state, slot),
                seats=verdict.seats,
                present=verdict.present,
                issued=verdict.issued,
                returned=verdict.returned,
                valid=verdict.valid,
                votes=verdict.votes,
                rule=verdict.rule,
                of=verdict.of,
                base=verdict.base,
                threshold=verdict.threshold,
                elected=verdict.elected,
                tied=verdict.tied,
            )
        ]

    raise AssertionError(f"unhandled command {command!r}")  # pragma: no cover


@dataclass(frozen=True)
class RollCallVerdict:
    """What the engine would record for a draft roll call."""

    present: int
    members: int | None
    quorum: Quorum | None
    """The attendance the step asks for, if any."""
    quorum_met: bool | None
    """None where there is no quorum or no number of members to count it against."""


def check_roll_call(state: MeetingState, present: int) -> RollCallVerdict:
    """Validate the number present at the current roll call; the verdict, or :class:`Refused`.

    The roll-call dialog calls this on every keystroke.
    """
    slot = state.slot
    entry = None if slot is None else state.script.slots[slot]
    if (
        entry is None
        or entry.kind is not SlotKind.ROLL_CALL
        or not isinstance(entry.step, RollCallStep)
    ):
        raise Refused(Reason.NOT_A_ROLL_CALL)
    members = state.script.agenda.meeting.members
    if present < 0:
        raise Refused(Reason.NEGATIVE_COUNT)
    if members is not None and present > members:
        raise Refused(Reason.PRESENT_ABOVE_MEMBERS, {"present": present, "members": members})
    quorum = entry.step.quorum
    return RollCallVerdict(
        present=present,
        members=members,
        quorum=quorum,
        quorum_met=quorum_met(quorum, present, members),
    )


@dataclass(frozen=True)
class VoteVerdict:
    """What the engine would record for a draft vote."""

    present: int
    base: int
    """The number the rule counts against."""
    passed: bool
    not_voting: int
    """Present members whose vote the counts do not account for."""


def check_vote(
    state: MeetingState, votes_for: int, against: int, abstain: int, present: int | None
) -> VoteVerdict:
    """Validate counts at the current vote slot; return the verdict, or refuse.

    The vote dialog calls this on every keystroke, so what it shows is the engine's verdict.
    """
    slot = state.slot
    entry = None if slot is None else state.script.slots[slot]
    if entry is None or entry.kind is not SlotKind.VOTE or not isinstance(entry.step, VoteStep):
        raise Refused(Reason.NOT_A_VOTE)
    vote = entry.step
    if not vote.counted:
        raise Refused(Reason.NOT_COUNTED)
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
    return VoteVerdict(
        present=present,
        base=base,
        passed=rule_met(vote.rule, votes_for, base),
        not_voting=present - cast,
    )


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
    verdict = check_vote(state, *counts, present)
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
            "present": verdict.present,
            "rule": vote.rule,
            "of": vote.of,
            "base": verdict.base,
            "passed": verdict.passed,
        }
    )


# -- elections --------------------------------------------------------------------------------


def election_threshold(rule: ElectionRule, base: int) -> int:
    """The fewest votes that elect a candidate: more than half, or two thirds, of ``base``."""
    if rule is ElectionRule.MAJORITY:
        return base // 2 + 1
    return -(-base * 2 // 3)


def election_at(state: MeetingState) -> ElectionStep:
    """The election step the cursor stands at, or :class:`Refused`."""
    slot = state.slot
    entry = None if slot is None else state.script.slots[slot]
    if (
        entry is None
        or entry.kind is not SlotKind.ELECTION
        or not isinstance(entry.step, ElectionStep)
    ):
        raise Refused(Reason.NOTHING_TO_RECORD)
    return entry.step


def check_election(state: MeetingState, command: RecordElection) -> ElectionCount:
    """Validate an election count at the current slot and say who is elected, or refuse.

    The election dialog calls this on every keystroke. A candidate needs at least the threshold
    (of those present, or of all members); the most votes take the seats; candidates tied for
    the last seat are flagged and none of them is elected.
    """
    step = election_at(state)
    members = state.script.agenda.meeting.members
    present = command.present if command.present is not None else default_present(state)
    if present is None:
        raise Refused(Reason.PRESENT_UNKNOWN)
    if present < 1:
        raise Refused(Reason.PRESENT_TOO_FEW)
    if members is not None and present > members:
        raise Refused(Reason.PRESENT_ABOVE_MEMBERS, {"present": present, "members": members})
    if len(command.votes) != len(step.candidates):
        raise Refused(
            Reason.WRONG_CANDIDATES, {"given": len(command.votes), "expected": len(step.candidates)}
        )
    counts = [c for c in (command.issued, command.returned, command.valid) if c is not None]
    if min((*command.votes, *counts), default=0) < 0:
        raise Refused(Reason.NEGATIVE_COUNT)
    issued = returned = valid = None
    ballots = present
    if step.ballots:
        issued, returned, valid = command.issued, command.returned, command.valid
        if issued is None or returned is None or valid is None:
            raise Refused(Reason.BALLOTS_MISSING)
        if issued > present:
            raise Refused(Reason.ISSUED_ABOVE_PRESENT, {"issued": issued, "present": present})
        if returned > issued:
            raise Refused(Reason.RETURNED_ABOVE_ISSUED, {"returned": returned, "issued": issued})
        if valid > returned:
            raise Refused(Reason.VALID_ABOVE_RETURNED, {"valid": valid, "returned": returned})
        ballots = valid
    for name, count in zip(step.candidates, command.votes, strict=True):
        if count > ballots:
            raise Refused(
                Reason.CANDIDATE_VOTES_ABOVE_VALID, {"name": name, "votes": count, "valid": ballots}
            )
    if sum(command.votes) > ballots * step.seats:
        raise Refused(
            Reason.VOTES_ABOVE_BALLOTS,
            {"votes": sum(command.votes), "most": ballots * step.seats},
        )
    if step.of is Base.MEMBERS:
        if members is None:
            raise Refused(Reason.MEMBERS_UNKNOWN)
        base = members
    else:
        base = present
    threshold = election_threshold(step.rule, base)
    votes = tuple(
        CandidateVotes(name=name, votes=count)
        for name, count in zip(step.candidates, command.votes, strict=True)
    )
    qualified = sorted((c for c in votes if c.votes >= threshold), key=lambda c: -c.votes)
    elected: tuple[str, ...] = tuple(c.name for c in qualified)
    tied: tuple[str, ...] = ()
    if len(qualified) > step.seats:
        cutoff = qualified[step.seats - 1].votes
        above = tuple(c.name for c in qualified if c.votes > cutoff)
        at_cutoff = tuple(c.name for c in qualified if c.votes == cutoff)
        if len(above) + len(at_cutoff) > step.seats:
            elected, tied = above, at_cutoff
        else:  # the next below the cutoff: exactly the seats are filled
            elected = above + at_cutoff
    return ElectionCount(
        seats=step.seats,
        present=present,
        issued=issued,
        returned=returned,
        valid=valid,
        votes=votes,
        rule=step.rule,
        of=step.of,
        base=base,
        threshold=threshold,
        elected=elected,
        tied=tied,
    )


# -- questions the screens ask ----------------------------------------------------------------


class Entry(StrEnum):
    """What the operator records at a step: the dialog or keys the console offers there."""

    VOTE = "vote"
    """A counted vote: the vote dialog."""
    DECISION = "decision"
    """A decision without counts: one key for passed, one for failed."""
    ELECTION = "election"
    """An election: the election dialog."""
    ROLL_CALL = "roll_call"
    """Attendance: the roll-call dialog."""


_NOT_RECORDED = {
    Entry.VOTE: Reason.VOTE_NOT_RECORDED,
    Entry.DECISION: Reason.DECISION_NOT_RECORDED,
    Entry.ELECTION: Reason.ELECTION_NOT_RECORDED,
    Entry.ROLL_CALL: Reason.ROLL_CALL_NOT_RECORDED,
}


def _entry_of(state: MeetingState) -> Entry | None:
    slot = state.slot
    if slot is None:
        return None
    entry = state.script.slots[slot]
    step = entry.step
    if entry.kind is SlotKind.VOTE and isinstance(step, VoteStep):
        return Entry.VOTE if step.counted else Entry.DECISION
    if entry.kind is SlotKind.ELECTION:
        return Entry.ELECTION
    if entry.kind is SlotKind.ROLL_CALL:
        return Entry.ROLL_CALL
    return None


def _recorded(state: MeetingState, entry: Entry) -> bool:
    slot = state.slot
    position = state.position
    if entry is Entry.ELECTION:
        return slot in position.elections
    if entry is Entry.ROLL_CALL:
        return slot in position.roll_calls
    return slot in position.votes


def accepts(state: MeetingState) -> Entry:
    """What can be recorded at the current step now, or :class:`Refused` saying why nothing."""
    if state.phase is Phase.NOT_STARTED:
        raise Refused(Reason.NOT_STARTED)
    if state.phase is Phase.ENDED:
        raise Refused(Reason.ENDED)
    if state.paused:
        raise Refused(Reason.PAUSED)
    entry = _entry_of(state)
    if entry is None:
        raise Refused(Reason.NOTHING_TO_RECORD)
    return entry


def pending(state: MeetingState) -> Entry | None:
    """What the current step waits for before the meeting may go on (None: nothing)."""
    if state.phase is not Phase.RUNNING:
        return None
    entry = _entry_of(state)
    if entry is None or _recorded(state, entry):
        return None
    return entry


class Undoes(StrEnum):
    """What stepping back would take away."""

    START = "start"
    MOVE = "move"
    VOTE = "vote"
    ELECTION = "election"
    ROLL_CALL = "roll_call"
    END = "end"


def _undo_kind(before: Position, after: Position) -> Undoes:
    if len(before.votes) < len(after.votes):
        return Undoes.VOTE
    if len(before.elections) < len(after.elections):
        return Undoes.ELECTION
    if len(before.roll_calls) < len(after.roll_calls):
        return Undoes.ROLL_CALL
    if before.phase is Phase.NOT_STARTED:
        return Undoes.START
    if after.phase is Phase.ENDED:
        return Undoes.END
    return Undoes.MOVE


def undo_would_remove(state: MeetingState) -> Undoes:
    """What :class:`Back` would undo now, or :class:`Refused` (paused, nothing to undo)."""
    if state.paused:
        raise Refused(Reason.PAUSED)
    if not state.history:
        raise Refused(Reason.NOTHING_TO_UNDO)
    return _undo_kind(state.history[-1][1], state.position)


def check_jump(state: MeetingState) -> None:
    """Whether jumping is possible now: :class:`Refused` before the start and after the end."""
    if state.phase is Phase.NOT_STARTED:
        raise Refused(Reason.NOT_STARTED)
    if state.phase is Phase.ENDED:
        raise Refused(Reason.ENDED)

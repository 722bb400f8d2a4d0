"""The engine's fold as it was before issue 13 (quadratic: it copied the state's dicts and the
undo history at every event), kept as the reference the O(1) ``apply`` is checked against.

Since issue 18 an undo puts the clocks back as if the undone event never happened: here by
copying the dicts, with the same :class:`Clocks` record on the history (what the event changed)."""

# mypy: disable-error-code="arg-type,assignment,misc"

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from functools import reduce
from typing import Any

from facilitator.agenda.model import VoteStep
from facilitator.engine.clock import Instant
from facilitator.engine.events import (
    DecisionRecorded,
    ElectionRecorded,
    Event,
    JournalRecovered,
    MeetingEnded,
    MeetingStarted,
    NoteAdded,
    Paused,
    Resumed,
    RollCallRecorded,
    SessionResumed,
    SessionStarted,
    StepEntered,
    Undone,
    VoteRecorded,
)
from facilitator.engine.script import Script, SlotKind
from facilitator.engine.state import (
    Clocks,
    ElectionOutcome,
    Gap,
    MeetingState,
    Note,
    Pause,
    Phase,
    Position,
    RollCallOutcome,
    VoteOutcome,
    initial_state,
)


def _running_slot(state: MeetingState) -> int | None:
    """The slot whose clock runs: the current one, while running and not paused."""
    if state.position.phase is Phase.RUNNING and not state.paused:
        return state.position.slot
    return None


def _retime(before: MeetingState, after: MeetingState, t: float, at: datetime) -> MeetingState:
    """Close the segment of the slot that stopped running, open one for the slot that started."""
    was, now = _running_slot(before), _running_slot(after)
    if was == now and before.segment_start is not None:
        return after
    spent, left, first = after.spent, after.last_left, after.first_entered
    segment_start = after.segment_start
    if was is not None and before.segment_start is not None:
        spent = {**spent, was: spent.get(was, 0.0) + max(0.0, t - before.segment_start)}
        left = {**left, was: at}
        segment_start = None
    if now is not None:
        segment_start = t
        if now not in first:
            first = {**first, now: at}
    return replace(
        after, spent=spent, last_left=left, first_entered=first, segment_start=segment_start
    )


def _with_history(
    state: MeetingState, seq: int, position: Position, t: float, pauses: object = None
) -> MeetingState:
    """``state`` moved to ``position`` by event ``seq`` (``pauses``: the breaks after it, if it
    changed them), with what the event does to the clocks on the history."""
    after = replace(state, position=position, pauses=pauses if pauses is not None else state.pauses)
    was, now = _running_slot(state), _running_slot(after)
    reopen = state.pauses[-1] if state.paused and not after.paused else None
    clocks = None
    if was != now or reopen is not None:
        clocks = Clocks(
            t=t,
            stopped=was,
            stopped_since=state.segment_start if was is not None else None,
            stopped_spent=state.spent.get(was) if was is not None else None,
            stopped_left=state.last_left.get(was) if was is not None else None,
            started=now,
            started_spent=state.spent.get(now) if now is not None else None,
            started_first=state.first_entered.get(now) if now is not None else None,
            started_left=state.last_left.get(now) if now is not None else None,
            reopen=reopen,
        )
    return replace(after, history=(*state.history, (seq, state.position, clocks)))


def _put(values: dict[int, Any], key: int, value: object) -> dict[int, Any]:
    """A copy of ``values`` with ``key`` set to ``value``, or removed for None."""
    copy = dict(values)
    if value is None:
        copy.pop(key, None)
    else:
        copy[key] = value
    return copy


def _undo_clocks(
    before: MeetingState, after: MeetingState, clocks: Clocks, t: float, at: datetime
) -> MeetingState:
    """The clocks as if the undone event never happened (``after`` has the position before it)."""
    spent, first, left = dict(before.spent), dict(before.first_entered), dict(before.last_left)
    if clocks.started is not None:
        ran = spent.get(clocks.started, 0.0) - (clocks.started_spent or 0.0)
        if before.segment_start is not None:
            ran += max(0.0, t - before.segment_start)
        spent = _put(spent, clocks.started, clocks.started_spent)
        first = _put(first, clocks.started, clocks.started_first)
        left = _put(left, clocks.started, clocks.started_left)
    else:
        ran = max(0.0, t - clocks.t)
    if clocks.stopped is not None:
        since = clocks.stopped_since
        segment = max(0.0, clocks.t - since) if since is not None else 0.0
        spent = _put(spent, clocks.stopped, (clocks.stopped_spent or 0.0) + segment + ran)
        left = _put(left, clocks.stopped, clocks.stopped_left)
    pauses = after.pauses
    if clocks.reopen is not None and pauses and pauses[-1].end is not None:
        pauses = (*pauses[:-1], clocks.reopen)
    after = replace(after, pauses=pauses)
    now = _running_slot(after)
    if now is not None and now not in first:
        first = {**first, now: at}
    return replace(
        after,
        spent=spent,
        first_entered=first,
        last_left=left,
        segment_start=t if now is not None else None,
    )


def reference_apply(state: MeetingState, event: Event) -> MeetingState:
    """The fold as it was before issue 13: copies the dicts and the history at every event."""
    instant = Instant(t=event.t, at=event.at)
    position = state.position
    after: MeetingState
    match event:
        case SessionStarted():
            after = replace(state, session=event)
        case SessionResumed():
            gaps = (*state.gaps, Gap(at=event.at, seconds=event.gap_s, alive_at=event.alive_at))
            torn = (*state.torn, event.torn) if event.torn else state.torn
            after = replace(state, gaps=gaps, torn=torn)
        case JournalRecovered():
            after = replace(state, torn=(*state.torn, event.torn))
        case MeetingStarted():
            after = _with_history(
                state,
                event.seq,
                replace(position, phase=Phase.RUNNING, slot=0, started=instant),
                event.t,
            )
        case StepEntered():
            if not 0 <= event.slot < len(state.script.slots):
                raise ValueError(
                    f"event {event.seq} enters slot {event.slot}, which does not exist"
                )
            after = _with_history(
                state,
                event.seq,
                replace(position, slot=event.slot, skipped=position.skipped | set(event.skipped)),
                event.t,
            )
        case VoteRecorded():
            if state.script.slots[event.slot].kind is not SlotKind.VOTE:
                raise ValueError(
                    f"event {event.seq} records a vote at slot {event.slot}, not a vote"
                )
            outcome = VoteOutcome(
                for_=event.for_,
                against=event.against,
                abstain=event.abstain,
                present=event.present,
                base=event.base,
                rule=event.rule,
                of=event.of,
                passed=event.passed,
                at=event.at,
                seq=event.seq,
            )
            after = _with_history(
                state,
                event.seq,
                replace(position, votes={**position.votes, event.slot: outcome}),
                event.t,
            )
        case DecisionRecorded():
            step = state.script.slots[event.slot].step
            if not isinstance(step, VoteStep) or state.script.slots[event.slot].kind is not (
                SlotKind.VOTE
            ):
                raise ValueError(
                    f"event {event.seq} records a decision at slot {event.slot}, not a vote"
                )
            outcome = VoteOutcome(
                for_=None,
                against=None,
                abstain=None,
                present=None,
                base=None,
                rule=step.rule,
                of=step.of,
                passed=event.passed,
                at=event.at,
                seq=event.seq,
                counted=False,
            )
            after = _with_history(
                state,
                event.seq,
                replace(position, votes={**position.votes, event.slot: outcome}),
                event.t,
            )
        case ElectionRecorded():
            if state.script.slots[event.slot].kind is not SlotKind.ELECTION:
                raise ValueError(
                    f"event {event.seq} records an election at slot {event.slot}, not an election"
                )
            election = ElectionOutcome(
                seats=event.seats,
                present=event.present,
                issued=event.issued,
                returned=event.returned,
                valid=event.valid,
                votes=event.votes,
                rule=event.rule,
                of=event.of,
                base=event.base,
                threshold=event.threshold,
                elected=event.elected,
                tied=event.tied,
                at=event.at,
                seq=event.seq,
            )
            after = _with_history(
                state,
                event.seq,
                replace(position, elections={**position.elections, event.slot: election}),
                event.t,
            )
        case RollCallRecorded():
            call = RollCallOutcome(
                present=event.present,
                members=event.members,
                quorum_met=event.quorum_met,
                at=event.at,
            )
            after = _with_history(
                state,
                event.seq,
                replace(position, roll_calls={**position.roll_calls, event.slot: call}),
                event.t,
            )
        case NoteAdded():
            note = Note(
                text=event.text, at=event.at, t=event.t, slot=event.slot, item_no=event.item_no
            )
            after = replace(state, notes=(*state.notes, note))
        case Paused():
            after = replace(state, pauses=(*state.pauses, Pause(start=instant)))
        case Resumed():
            if not state.paused:
                raise ValueError(f"event {event.seq} resumes, but nothing is paused")
            after = replace(
                state, pauses=(*state.pauses[:-1], replace(state.pauses[-1], end=instant))
            )
        case MeetingEnded():
            pauses = state.pauses
            if state.paused:
                pauses = (*pauses[:-1], replace(pauses[-1], end=instant))
            after = _with_history(
                state,
                event.seq,
                replace(position, phase=Phase.ENDED, ended=instant, ended_early=event.early),
                event.t,
                pauses,
            )
        case Undone():
            if not state.history:
                raise ValueError(
                    f"event {event.seq} undoes {event.undoes}, but nothing is undoable"
                )
            *rest, (undone_seq, previous, clocks) = state.history
            if undone_seq != event.undoes:
                raise ValueError(
                    f"event {event.seq} undoes {event.undoes}, but {undone_seq} is next"
                )
            after = replace(state, history=tuple(rest), position=previous)
            if clocks is not None:
                after = _undo_clocks(state, after, clocks, event.t, event.at)
                return replace(after, last_seq=event.seq, last_t=event.t, last_at=event.at)
    after = _retime(state, after, event.t, event.at)
    return replace(after, last_seq=event.seq, last_t=event.t, last_at=event.at)


def reference_replay(script: Script, events: Iterable[Event]) -> MeetingState:
    """The old left fold."""
    return reduce(reference_apply, events, initial_state(script))

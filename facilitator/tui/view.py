"""What the console shows, derived from the meeting state: small frozen values, no Textual.

The screen computes these once per change (and once a second for the clocks) and hands them to
widgets as reactives; equal values do not redraw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from facilitator.agenda.model import CueStep, ElectionStep, RollCallStep, VoteStep
from facilitator.engine.clock import Instant
from facilitator.engine.script import Part, SlotKind, fill_fields
from facilitator.engine.state import MeetingState, Phase
from facilitator.forecast import forecast
from facilitator.i18n import Strings, clock, part_name

ON_TIME_S = 30.0
"""A forecast within this many seconds of the plan counts as on time."""

DeltaKind = Literal["over", "under", "on_time"]
RowStatus = Literal["done", "current", "upcoming", "skipped"]

MARKS: dict[RowStatus, str] = {"done": "+", "current": ">", "upcoming": " ", "skipped": "x"}
"""Sidebar marks: ASCII, so no terminal draws them two cells wide."""


def hhmm(at: datetime) -> str:
    """A time of day as 09:05."""
    return f"{at:%H:%M}"


@dataclass(frozen=True)
class HeaderView:
    """The header: what meeting, what time, and whether it will end on time."""

    title: str
    wall: str
    elapsed: str
    planned_end: str
    forecast_end: str
    delta: str
    delta_kind: DeltaKind
    pace: str | None
    paused: str | None
    start: str | None = None
    """How late or early the meeting began (晚开 10 分钟), when that is a minute or more."""
    start_late: bool = False
    """Whether ``start`` says late (shown as a warning)."""


@dataclass(frozen=True)
class RowView:
    """One part in the agenda sidebar."""

    part: int
    mark: str
    label: str
    times: str
    status: RowStatus
    over: bool
    not_taken: tuple[str, ...] = ()
    """One line per branch of a vote in this part that the outcome skipped."""


@dataclass(frozen=True)
class CueView:
    """Someone else is speaking: who, and for how long against the plan."""

    label: str
    who: str | None
    elapsed: str
    planned: str | None
    over: bool


@dataclass(frozen=True)
class VoteView:
    """A vote step: what is decided, how, and the recorded result if any."""

    method: str | None
    rule: str
    recorded: str | None
    passed: bool | None
    prompt: str | None = None
    """What to press while nothing is recorded, where it is not the vote dialog's v."""


@dataclass(frozen=True)
class RollCallView:
    """A roll call: the number present once recorded, and whether there is a quorum."""

    recorded: str | None
    quorum: str | None
    quorum_met: bool | None


@dataclass(frozen=True)
class MainView:
    """The main panel: where the chair is, the words, the next words."""

    part_label: str
    position: str
    line: str
    line_kind: SlotKind | None
    slot: int | None
    next_label: str
    next_text: str
    next_note: str | None
    cue: CueView | None = None
    vote: VoteView | None = None
    roll_call: RollCallView | None = None


def header_view(state: MeetingState, now: Instant, words: Strings) -> HeaderView:
    """The header, from the state and the forecast."""
    seen = forecast(state, now)
    delta_s = seen.over_s
    kind: DeltaKind
    if abs(delta_s) < ON_TIME_S:
        kind, delta = "on_time", words.on_time
    elif delta_s > 0:
        kind, delta = "over", words.fmt(words.over, delta=clock(delta_s))
    else:
        kind, delta = "under", words.fmt(words.under, delta=clock(-delta_s))
    paused_s = state.paused_seconds(now.t)
    title = state.script.agenda.meeting.title
    if state.session is not None and state.session.rehearsal:
        title = words.fmt(words.rehearsal_title, title=title)
    return HeaderView(
        title=title,
        wall=f"{now.at:%H:%M:%S}",
        elapsed=clock(state.elapsed(now.t)),
        planned_end=hhmm(seen.planned_end),
        forecast_end=hhmm(seen.forecast_end),
        delta=delta,
        delta_kind=kind,
        pace=None if seen.pace_cpm is None else words.fmt(words.pace, cpm=round(seen.pace_cpm)),
        paused=words.fmt(words.paused_total, clock=clock(paused_s)) if paused_s > 0 else None,
        start=_start_words(state, seen.start_offset_s, words),
        start_late=(seen.start_offset_s or 0) >= START_NOTED_S,
    )


START_NOTED_S = 60.0
"""A start this much off its planned time (late or early) is shown in the header."""


def _start_words(state: MeetingState, offset_s: float | None, words: Strings) -> str | None:
    """晚开 10 分钟, 早开 5 分钟, or before the start 已晚 3 分钟; None when within a minute."""
    if offset_s is None or abs(offset_s) < START_NOTED_S:
        return None
    delta = words.duration_long(offset_s)
    if state.position.started is None:
        return words.fmt(words.start_overdue, delta=delta)
    template = words.start_late if offset_s > 0 else words.start_early
    return words.fmt(template, delta=delta)


def name_of(part: Part, words: Strings) -> str:
    """A part's full name: 开场, 第一项 听取……, 结束."""
    return part_name(words, part.kind.value, part.no, part.title)


def row_status(state: MeetingState, part: Part) -> RowStatus:
    """Done, current, upcoming or skipped."""
    current = state.current_part
    if state.phase is Phase.RUNNING and current is not None and current.index == part.index:
        return "current"
    if state.visited(part):
        return "done"
    if part.no is not None and part.no in state.position.skipped:
        return "skipped"
    return "upcoming"


def sidebar_rows(state: MeetingState, now: Instant, words: Strings) -> tuple[RowView, ...]:
    """One row per part: opening, each item, closing."""
    not_taken = tuple(state.script.not_taken(state.outcomes))
    return tuple(sidebar_row(state, part, now, words, not_taken) for part in state.script.parts)


def sidebar_row(
    state: MeetingState,
    part: Part,
    now: Instant,
    words: Strings,
    not_taken: tuple[tuple[int, bool], ...] | None = None,
) -> RowView:
    """The sidebar's row of one part (``not_taken``: the script's, if already worked out)."""
    if not_taken is None:
        not_taken = tuple(state.script.not_taken(state.outcomes))
    status = row_status(state, part)
    actual = state.part_seconds(part, now.t)
    if status == "skipped":
        spent = words.skipped
    elif status == "upcoming":
        spent = "--"
    else:
        spent = clock(actual)
    label = f"{part.no} {part.title}" if part.no is not None else name_of(part, words)
    branches = tuple(
        "x "
        + words.fmt(
            words.branch_not_taken,
            motion="",
            branch=words.branch_failed if not passed else words.branch_passed,
        )
        for vote_slot, passed in not_taken
        if part.first_slot <= vote_slot < part.end_slot
    )
    return RowView(
        part=part.index,
        mark=MARKS[status],
        label=label,
        times=f"{spent} / {clock(part.planned_s)}",
        status=status,
        over=part.planned_s > 0 and actual > part.planned_s,
        not_taken=branches,
    )


def _cue_view(state: MeetingState, slot: int, step: CueStep, now: Instant) -> CueView:
    spent = state.slot_seconds(slot, now.t)
    planned = step.planned
    return CueView(
        label=step.cue,
        who=None if step.who is None else _fill(state, step.who),
        elapsed=clock(spent),
        planned=None if planned is None else clock(planned),
        over=planned is not None and spent > planned,
    )


def _fill(state: MeetingState, text: str) -> str:
    return fill_fields(text, state.script.agenda.meeting.names)


def _vote_view(state: MeetingState, slot: int, step: VoteStep, words: Strings) -> VoteView:
    outcome = state.position.votes.get(slot)
    if not step.counted:
        return VoteView(
            method=step.method,
            rule=words.decision_rule,
            recorded=None if outcome is None else words.vote_result(outcome, step.method),
            passed=None if outcome is None else outcome.passed,
            prompt=words.decision_banner,
        )
    rule = f"{words.rules[step.rule]} ({words.bases[step.of]})"
    if outcome is None:
        return VoteView(method=step.method, rule=rule, recorded=None, passed=None)
    recorded = words.vote_result(outcome, step.method)
    return VoteView(method=step.method, rule=rule, recorded=recorded, passed=outcome.passed)


def _election_view(state: MeetingState, slot: int, step: ElectionStep, words: Strings) -> VoteView:
    outcome = state.position.elections.get(slot)
    rule = (
        f"{words.fmt(words.seats, seats=step.seats)}  "
        f"{words.election_rules[step.rule]} ({words.bases[step.of]})"
    )
    if outcome is None:
        return VoteView(
            method=step.method, rule=rule, recorded=None, passed=None, prompt=words.election_banner
        )
    return VoteView(
        method=step.method,
        rule=rule,
        recorded=words.election_result(outcome),
        passed=not outcome.tied and outcome.unfilled == 0,
    )


def _roll_call_view(
    state: MeetingState, slot: int, step: RollCallStep, words: Strings
) -> RollCallView:
    call = state.position.roll_calls.get(slot)
    if call is None:
        return RollCallView(recorded=None, quorum=None, quorum_met=None)
    quorum: str | None = None
    if call.quorum_met is True:
        quorum = words.quorum_met
    elif call.quorum_met is False and step.quorum is not None:
        quorum = words.fmt(words.quorum_missing, quorum=words.quorums[step.quorum])
    return RollCallView(
        recorded=words.fmt(words.roll_call_recorded, present=call.present),
        quorum=quorum,
        quorum_met=call.quorum_met,
    )


def _next(state: MeetingState, slot: int | None, words: Strings) -> tuple[str, str, str | None]:
    """The label, text and note of what comes after ``slot`` (the first slot before the start)."""
    script = state.script
    following = state.next_slot()
    if following >= len(script.slots):
        return words.meeting_ends_next, "", None
    entry = script.slots[following]
    label = words.next_label
    if slot is not None and entry.part != script.slots[slot].part:
        label = words.fmt(words.next_item_label, part=name_of(script.parts[entry.part], words))
    text = state.line_text(following)
    if entry.kind is SlotKind.CUE:
        step = entry.step
        who = getattr(step, "who", None)
        text = words.fmt(words.cue, cue=text) + (f" {_fill(state, who)}" if who else "")
    note = None
    if entry.kind is SlotKind.OUTCOME and entry.vote_slot not in {
        **state.position.votes,
        **state.position.elections,
    }:
        note = words.next_depends_on_vote
    if entry.branch is not None and entry.branch.vote_slot not in state.position.votes:
        note = words.next_depends_on_vote
    return label, text, note


def main_view(state: MeetingState, now: Instant, words: Strings) -> MainView:
    """The main panel for the current slot."""
    script = state.script
    slot = state.slot
    if state.phase is Phase.NOT_STARTED or slot is None:
        label, text, note = _next(state, None, words)
        planned = forecast(state, now)
        hint = words.fmt(
            words.not_started_hint,
            start=hhmm(planned.planned_start),
            minutes=round(script.planned_s / 60),
        )
        return MainView(
            part_label=words.press_to_start,
            position="",
            line=hint,
            line_kind=None,
            slot=None,
            next_label=label,
            next_text=text,
            next_note=note,
        )
    entry = script.slots[slot]
    part = script.part_of(slot)
    k, n = state.step_in_part()
    position = words.fmt(words.position, k=k, n=n)
    label, text, note = _next(state, slot, words)
    step = entry.step
    line = state.line_text(slot)
    cue = vote = roll_call = None
    if isinstance(step, CueStep):
        line = words.cue_wait
        cue = _cue_view(state, slot, step, now)
    elif isinstance(step, VoteStep) and entry.kind is SlotKind.VOTE:
        vote = _vote_view(state, slot, step, words)
    elif isinstance(step, ElectionStep) and entry.kind is SlotKind.ELECTION:
        vote = _election_view(state, slot, step, words)
    elif isinstance(step, RollCallStep):
        roll_call = _roll_call_view(state, slot, step, words)
    return MainView(
        part_label=name_of(part, words),
        position=position,
        line=line,
        line_kind=entry.kind,
        slot=slot,
        next_label=label,
        next_text=text,
        next_note=note,
        cue=cue,
        vote=vote,
        roll_call=roll_call,
    )

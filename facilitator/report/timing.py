"""Planned against actual, derived from a journal: the one model every report and export renders.

Pure: this module reads a :class:`~facilitator.journal.record.MeetingRecord` (the folded state of
the journal) and imports neither Rich nor Textual nor python-docx.

Conventions, relied on by every renderer:

- Durations are whole seconds (``int``), rounded half up from the journal's fractional ``t``,
  once, here. ``over_s`` is computed from the rounded numbers, so ``actual_s - planned_s ==
  over_s`` holds exactly in every export.
- One rounding rule everywhere: each part's (opening, item, closing) seconds are rounded half
  up once; the meeting's net time (``active_s``) is the sum of the rounded parts, so a table
  adds up, and its gross time (``actual_s``, ``meeting_started`` to ``meeting_ended``) is that
  plus the rounded breaks (``paused_s``). The console's end summary, ``report`` and every export
  all show these numbers (:func:`state_timing`), labelled the same way: 历时 for gross,
  净用时/合计 for net.
- An item's (or cue's) ``actual_s`` is the time the cursor stood on its slots with the clock
  running: breaks are excluded. An undone step never happened (the state's fold sees to it):
  the time since it counts to the slot the cursor stood on before it, and a part only an
  undone step entered is not reached, neither started nor ended. Opening and closing time
  counts in the meeting but not in any item.
- Breaks are the meeting's (``MeetingState.breaks``): none before its start in force.
- Times of day are the journal's aware datetimes (with their UTC offset); exports print them as
  ISO 8601 to the second.
- A meeting without ``meeting_ended`` is *unfinished*: "now" is the last event's ``t``, the
  meeting's ``ended_at`` is None, and so is the ``ended_at`` of the item and cue under way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from facilitator.agenda.model import (
    Base,
    CueStep,
    ElectionRule,
    ElectionStep,
    Meeting,
    Rule,
    VoteStep,
)
from facilitator.agenda.text import branch_steps
from facilitator.engine.events import SessionStarted
from facilitator.engine.script import Part, PartKind, Script, SlotKind, fill_fields
from facilitator.engine.state import MeetingState, Phase
from facilitator.journal.record import MeetingRecord, load_record
from facilitator.report.placeholders import unfilled_in_minutes


def whole_seconds(seconds: float) -> int:
    """Round a duration to whole seconds, halves up (``round`` would round 2.5 to 2)."""
    return math.floor(seconds + 0.5)


@dataclass(frozen=True)
class PartTiming:
    """An agenda item (or the opening, or the closing): planned against actual."""

    no: int | None
    """The item's number (1, 2, …); None for the opening and the closing."""
    kind: PartKind
    title: str | None
    """The item's title with ``{name}`` fields filled; None for the opening and the closing."""
    planned_s: int
    """The agenda's planned time, or the estimate from the item's steps."""
    planned_given: bool
    """Whether the agenda gave ``planned_s`` (else it is estimated)."""
    actual_s: int
    """Seconds the cursor stood in the item with the clock running (breaks excluded)."""
    started_at: datetime | None
    """When the cursor first entered the item; None if it never did."""
    ended_at: datetime | None
    """When the cursor last left it; None if never entered, or if it stands there still."""
    reached: bool
    """Whether the cursor ever stood in the item."""
    skipped: bool
    """Whether a jump passed over the item without entering it."""
    running: bool
    """Whether the (unfinished) meeting stands in this item now."""

    @property
    def over_s(self) -> int:
        """Seconds over the plan (negative: under)."""
        return self.actual_s - self.planned_s


@dataclass(frozen=True)
class CueTiming:
    """A cue (汇报毕, 发言毕 …): someone other than the chair speaking, and for how long."""

    item_no: int | None
    """The item the cue belongs to; None in the opening and the closing."""
    part: PartKind
    """Whether the cue is in the opening, an item or the closing."""
    slot: int
    label: str
    """The cue as the script writes it, fields filled: 汇报毕."""
    who: str | None
    """Who speaks, fields filled; None if the agenda does not say."""
    planned_s: int | None
    """The cue's planned time; None where the agenda gives none (a bare cue is not estimated)."""
    actual_s: int
    started_at: datetime | None
    ended_at: datetime | None
    reached: bool
    running: bool

    @property
    def over_s(self) -> int | None:
        """Seconds over the plan; None without a plan."""
        return None if self.planned_s is None else self.actual_s - self.planned_s


@dataclass(frozen=True)
class VoteTiming:
    """A vote still in force (an undone vote is not listed), with the time spent taking it."""

    item_no: int | None
    part: PartKind
    slot: int
    motion: str
    """The motion, fields filled."""
    method: str | None
    """举手表决, 依次表决 …, if the agenda says."""
    rule: Rule
    of: Base
    base: int | None
    """The number the rule counted against (None for a decision without counts)."""
    present: int | None
    for_: int | None
    against: int | None
    abstain: int | None
    passed: bool
    at: datetime
    """When the outcome was recorded."""
    planned_s: int
    """The vote step's planned (or estimated) time."""
    actual_s: int
    """Time at the vote step (calling it, counting)."""
    started_at: datetime | None
    ended_at: datetime | None
    counted: bool = True
    """False for a decision by applause, positions or voice: ``method`` says how."""


@dataclass(frozen=True)
class ElectionTiming:
    """An election still in force: the ballots, each candidate's votes, who is elected."""

    item_no: int | None
    part: PartKind
    slot: int
    office: str
    """What was elected, fields filled."""
    method: str | None
    seats: int
    present: int
    issued: int | None
    returned: int | None
    valid: int | None
    votes: tuple[tuple[str, int], ...]
    """(candidate, votes), in ballot order."""
    rule: ElectionRule
    of: Base
    base: int
    threshold: int
    """The fewest votes that elect."""
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    """Tied for the last seat(s): not elected, left for the chair to settle."""
    not_elected: tuple[str, ...]
    at: datetime
    planned_s: int
    actual_s: int
    started_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class BranchTiming:
    """A branched vote's two branches: the one the outcome took, and the one not taken."""

    item_no: int | None
    part: PartKind
    vote_slot: int
    """The vote's slot: where the branch stands in the run of show."""
    motion: str
    taken: str
    """``passed`` or ``failed``: the branch the meeting ran."""
    not_taken: str
    """The other one, recorded as not taken."""
    steps_taken: int
    """How many steps the taken branch has."""
    steps_not_taken: int
    """How many steps were skipped with the branch not taken."""


@dataclass(frozen=True)
class RollCallTiming:
    """A recorded roll call still in force."""

    item_no: int | None
    present: int
    members: int | None
    quorum_met: bool | None
    at: datetime


@dataclass(frozen=True)
class NoteTiming:
    """An operator's note."""

    item_no: int | None
    text: str
    at: datetime


@dataclass(frozen=True)
class PauseTiming:
    """A break; ``ended_at`` is None while it lasts."""

    started_at: datetime
    ended_at: datetime | None
    actual_s: int


@dataclass(frozen=True)
class GapTiming:
    """Time the program was down before a resume."""

    at: datetime
    """When the session resumed."""
    seconds: int
    alive_at: datetime | None = None
    """The console's last sign of life (its heartbeat) the gap runs from; None: the gap runs
    from the last recorded event (a journal from before the heartbeat)."""


@dataclass(frozen=True)
class TornTiming:
    """A half-written journal line that readers skip."""

    offset: int
    """Byte offset of the torn line's first byte."""
    length: int
    recovered: bool
    """True where a later event accounts for it; False for a torn last line nobody resumed after."""


@dataclass(frozen=True)
class RecordCheck:
    """What the chain check said of the journal a report or an export is made from."""

    code: str | None = None
    """The 记录校验码 (grouped) of the seal in force; None while the record is not sealed, and
    for a record that failed verification (a seal at the end of a broken chain proves nothing)."""
    problem: str | None = None
    """Where the record fails verification (a forced document); None if it is intact."""


@dataclass(frozen=True)
class MeetingTiming:
    """Everything a report or an export says about one meeting."""

    title: str
    language: str
    """``zh`` or ``en``: the language of the minutes and of the report's headings."""
    date: str | None
    """The agenda's ``meeting.date``, as the minutes should print it, if given."""
    place: str | None
    members: int | None
    started_at: datetime | None
    """``meeting_started``; None if the meeting has not begun."""
    ended_at: datetime | None
    """``meeting_ended``; None while the meeting is unfinished."""
    now_at: datetime | None
    """The last event's wall time: "now" for an unfinished meeting."""
    finished: bool
    planned_s: int
    """The whole meeting's plan: the sum of the (rounded) plans of opening, items and closing."""
    actual_s: int
    """Gross: start to end (to "now" if unfinished), breaks included; the sum of the parts'
    rounded times plus the rounded breaks."""
    paused_s: int
    """Total time in breaks."""
    opening: PartTiming | None
    items: tuple[PartTiming, ...]
    """The agenda items only, in order."""
    closing: PartTiming | None
    cues: tuple[CueTiming, ...]
    """Every cue in the agenda, in order (those never reached have ``reached`` False)."""
    votes: tuple[VoteTiming, ...]
    roll_calls: tuple[RollCallTiming, ...]
    notes: tuple[NoteTiming, ...]
    pauses: tuple[PauseTiming, ...]
    gaps: tuple[GapTiming, ...]
    torn: tuple[TornTiming, ...]
    elections: tuple[ElectionTiming, ...] = ()
    branches: tuple[BranchTiming, ...] = ()
    record: Mapping[str, object] = field(default_factory=dict)
    """The meeting's fields for the record (place, host, recorder, attendees, observers,
    absent), as the agenda gives them; absent as ``name`` or ``name (reason)``."""
    check: RecordCheck = RecordCheck()
    """The journal's seal (the 记录校验码), or why it failed verification."""
    unfilled: tuple[str, ...] = ()
    """Each placeholder the minutes would print blank, as ``agenda:line: …`` (export says so)."""
    rehearsal: bool = False
    """A rehearsal's journal (``run --rehearsal``): every document says 彩排 on its face."""

    @property
    def active_s(self) -> int:
        """Meeting time without the breaks."""
        return self.actual_s - self.paused_s

    @property
    def over_s(self) -> int:
        """The whole meeting's seconds over the plan, breaks excluded (negative: under)."""
        return self.active_s - self.planned_s

    @property
    def torn_last_line(self) -> TornTiming | None:
        """A torn last line no later event accounts for (the journal may still be written to)."""
        return next((torn for torn in self.torn if not torn.recovered), None)

    def item(self, no: int) -> PartTiming:
        """Agenda item number ``no``."""
        for item in self.items:
            if item.no == no:
                return item
        raise KeyError(no)


def _static_values(script: Script) -> dict[str, object]:
    meeting = script.agenda.meeting
    values: dict[str, object] = dict(meeting.names)
    if meeting.members is not None:
        values["members"] = meeting.members
    return values


def _earliest(times: list[datetime]) -> datetime | None:
    return min(times) if times else None


def _latest(times: list[datetime]) -> datetime | None:
    return max(times) if times else None


def _running_in(state: MeetingState, slots: range) -> bool:
    return state.phase is Phase.RUNNING and state.slot is not None and state.slot in slots


def _part_timing(
    state: MeetingState, part: Part, now_t: float, values: dict[str, object]
) -> PartTiming:
    entered = [state.first_entered[s] for s in part.slots if s in state.first_entered]
    running = _running_in(state, part.slots)
    left = [state.last_left[s] for s in part.slots if s in state.last_left]
    return PartTiming(
        no=part.no,
        kind=part.kind,
        title=fill_fields(part.title, values) if part.title is not None else None,
        planned_s=whole_seconds(part.planned_s),
        planned_given=part.planned_given,
        actual_s=whole_seconds(state.part_seconds(part, now_t)),
        started_at=_earliest(entered),
        ended_at=None if running else _latest(left),
        reached=bool(entered),
        skipped=part.no is not None and part.no in state.position.skipped and not entered,
        running=running,
    )


def _slot_span(state: MeetingState, slot: int) -> tuple[datetime | None, datetime | None, bool]:
    running = _running_in(state, range(slot, slot + 1))
    return (
        state.first_entered.get(slot),
        None if running else state.last_left.get(slot),
        running,
    )


def meeting_timing(record: MeetingRecord) -> MeetingTiming:
    """Derive the timing of a meeting (finished or not) from its journal: what the state says,
    and what only the journal knows (a torn last line, the chain check, the agenda's lines)."""
    timing = state_timing(record.state)
    torn = list(timing.torn)
    last = record.contents.torn
    if last is not None:
        torn.append(TornTiming(last.offset, last.length, recovered=False))
    return replace(
        timing,
        torn=tuple(torn),
        check=record_check(record),
        unfilled=tuple(unfilled_in_minutes(record.agenda, _agenda_file(record))),
        rehearsal=record.state.session is not None and record.state.session.rehearsal,
    )


def state_timing(state: MeetingState) -> MeetingTiming:
    """Every figure the console's end summary, the report and the exports show, from the state
    as of its last event. One rounding rule: each part's seconds are rounded half up once, and a
    total is the sum of the rounded parts; the meeting's gross time is that net total plus the
    (rounded) breaks. So a table always adds up, and every screen and document shows the same
    numbers for the same meeting."""
    script = state.script
    meeting = script.agenda.meeting
    values = _static_values(script)
    now_t = state.last_t
    position = state.position

    parts = {part.index: _part_timing(state, part, now_t, values) for part in script.parts}
    opening = next((parts[p.index] for p in script.parts if p.kind is PartKind.OPENING), None)
    closing = next((parts[p.index] for p in script.parts if p.kind is PartKind.CLOSING), None)
    items = tuple(parts[p.index] for p in script.parts if p.kind is PartKind.ITEM)

    cues: list[CueTiming] = []
    for slot in script.slots:
        step = slot.step
        if slot.kind is not SlotKind.CUE or not isinstance(step, CueStep):
            continue
        started_at, ended_at, running = _slot_span(state, slot.index)
        cues.append(
            CueTiming(
                item_no=script.parts[slot.part].no,
                part=script.parts[slot.part].kind,
                slot=slot.index,
                label=fill_fields(step.cue, values),
                who=fill_fields(step.who, values) if step.who is not None else None,
                planned_s=whole_seconds(slot.planned_s) if slot.planned_given else None,
                actual_s=whole_seconds(state.slot_seconds(slot.index, now_t)),
                started_at=started_at,
                ended_at=ended_at,
                reached=started_at is not None,
                running=running,
            )
        )

    votes: list[VoteTiming] = []
    for index, outcome in sorted(position.votes.items()):
        slot = script.slots[index]
        step = slot.step
        assert isinstance(step, VoteStep)
        started_at, ended_at, _ = _slot_span(state, index)
        votes.append(
            VoteTiming(
                item_no=script.parts[slot.part].no,
                part=script.parts[slot.part].kind,
                slot=index,
                motion=fill_fields(step.vote, values),
                method=step.method,
                rule=outcome.rule,
                of=outcome.of,
                base=outcome.base,
                present=outcome.present,
                for_=outcome.for_,
                against=outcome.against,
                abstain=outcome.abstain,
                passed=outcome.passed,
                at=outcome.at,
                planned_s=whole_seconds(slot.planned_s),
                actual_s=whole_seconds(state.slot_seconds(index, now_t)),
                started_at=started_at,
                ended_at=ended_at,
                counted=outcome.counted,
            )
        )

    elections: list[ElectionTiming] = []
    for index, result in sorted(position.elections.items()):
        slot = script.slots[index]
        election = slot.step
        assert isinstance(election, ElectionStep)
        started_at, ended_at, _ = _slot_span(state, index)
        elections.append(
            ElectionTiming(
                item_no=script.parts[slot.part].no,
                part=script.parts[slot.part].kind,
                slot=index,
                office=fill_fields(election.election, values),
                method=election.method,
                seats=result.seats,
                present=result.present,
                issued=result.issued,
                returned=result.returned,
                valid=result.valid,
                votes=tuple((c.name, c.votes) for c in result.votes),
                rule=result.rule,
                of=result.of,
                base=result.base,
                threshold=result.threshold,
                elected=result.elected,
                tied=result.tied,
                not_elected=result.not_elected,
                at=result.at,
                planned_s=whole_seconds(slot.planned_s),
                actual_s=whole_seconds(state.slot_seconds(index, now_t)),
                started_at=started_at,
                ended_at=ended_at,
            )
        )

    branches: list[BranchTiming] = []
    for vote_slot, skipped in script.not_taken(state.outcomes):
        slot = script.slots[vote_slot]
        assert isinstance(slot.step, VoteStep) and slot.branches is not None
        language = script.agenda.meeting.language
        branches.append(
            BranchTiming(
                item_no=script.parts[slot.part].no,
                part=script.parts[slot.part].kind,
                vote_slot=vote_slot,
                motion=fill_fields(slot.step.vote, values),
                taken="failed" if skipped else "passed",
                not_taken="passed" if skipped else "failed",
                steps_taken=len(branch_steps(slot.step, not skipped, language)),
                steps_not_taken=len(branch_steps(slot.step, skipped, language)),
            )
        )

    roll_calls = tuple(
        RollCallTiming(
            item_no=script.part_of(index).no,
            present=call.present,
            members=call.members,
            quorum_met=call.quorum_met,
            at=call.at,
        )
        for index, call in sorted(position.roll_calls.items())
    )
    notes = tuple(NoteTiming(item_no=n.item_no, text=n.text, at=n.at) for n in state.notes)
    pauses = tuple(
        PauseTiming(
            started_at=pause.start.at,
            ended_at=pause.end.at if pause.end else None,
            actual_s=whole_seconds(pause.seconds(now_t)),
        )
        for pause in state.breaks
    )
    gaps = tuple(
        GapTiming(at=gap.at, seconds=whole_seconds(gap.seconds), alive_at=gap.alive_at)
        for gap in state.gaps
    )
    torn = [TornTiming(t.offset, t.length, recovered=True) for t in state.torn]
    paused_s = whole_seconds(state.paused_seconds(now_t))
    net_s = sum(part.actual_s for part in parts.values())

    return MeetingTiming(
        title=meeting.title,
        language=meeting.language,
        date=meeting.date,
        place=meeting.place,
        members=meeting.members,
        started_at=position.started.at if position.started else None,
        ended_at=position.ended.at if position.ended else None,
        now_at=state.last_at,
        finished=position.phase is Phase.ENDED,
        planned_s=sum(part.planned_s for part in parts.values()),
        actual_s=net_s + paused_s,
        paused_s=paused_s,
        opening=opening,
        items=items,
        closing=closing,
        cues=tuple(cues),
        votes=tuple(votes),
        roll_calls=roll_calls,
        notes=notes,
        pauses=pauses,
        gaps=gaps,
        torn=tuple(torn),
        elections=tuple(elections),
        branches=tuple(branches),
        record=_record(meeting),
    )


def _record(meeting: Meeting) -> dict[str, object]:
    """The meeting's fields for the record that the agenda gives."""
    record: dict[str, object] = {}
    for key in ("place", "host", "recorder"):
        value = getattr(meeting, key)
        if value:
            record[key] = value
    for key in ("attendees", "observers"):
        names = getattr(meeting, key)
        if names:
            record[key] = list(names)
    if meeting.absent:
        record["absent"] = [
            {"name": absence.name, "reason": absence.reason} for absence in meeting.absent
        ]
    return record


def _agenda_file(record: MeetingRecord) -> str:
    """The agenda file the journal names (its text is in the journal), for ``file:line``."""
    first = record.events[0]
    return first.agenda if isinstance(first, SessionStarted) else str(record.path)


def record_check(record: MeetingRecord) -> RecordCheck:
    """The seal's code, or the failure; a broken record has no code (its seal proves nothing)."""
    verification = record.verification
    if verification.problem is not None:
        return RecordCheck(code=None, problem=verification.problem)
    return RecordCheck(code=verification.seal.code if verification.seal else None)


def load_timing(path: str | Path, *, force: bool = False) -> MeetingTiming:
    """Verify and read a journal and derive its timing; :class:`JournalError` names the file
    (and line) if it can't, or if its chain is broken and ``force`` is not given."""
    return meeting_timing(load_record(Path(path), force=force))

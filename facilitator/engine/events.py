"""The facts a meeting's journal records, one JSON line each.

Events are frozen pydantic models in one discriminated union, read back with one
:data:`EVENT_ADAPTER`, so a journal line and an event round-trip exactly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

from facilitator.agenda.model import FROZEN, Base, ElectionRule, Rule


class EventBase(BaseModel):
    """What every event carries."""

    model_config = ConfigDict(**FROZEN, populate_by_name=True)

    seq: int = Field(ge=1)
    """1, 2, 3 … with no gaps, across resumes."""
    at: AwareDatetime
    """Wall-clock time, with its UTC offset."""
    t: float = Field(ge=0)
    """Seconds since the session started, from a monotonic clock; never decreases."""
    prev: str | None = None
    """SHA-256 (hex) of the previous journal line, without its newline; None for the first."""


class SessionStarted(EventBase):
    """A new journal: which agenda it runs."""

    type: Literal["session_started"] = "session_started"
    """The event's kind."""
    agenda: str
    """The agenda file's absolute path when the session started."""
    agenda_sha256: str
    """SHA-256 of the agenda file's bytes; a resume checks it."""
    title: str
    """The meeting's title, so a journal speaks for itself."""
    agenda_text: str
    """The agenda file's whole text: reports, exports and the chair view need nothing else."""
    pid: int | None = None
    """The writing process: a second console on this journal names it when refused."""
    host: str | None = None
    """The machine the writing process runs on."""
    rehearsal: bool = Field(default=False, exclude_if=lambda value: not value)
    """A rehearsal (``run --rehearsal``): every report and export of it says 彩排 on its face,
    and ``plan`` takes its durations as planned times. Written only when true."""


class TornLine(BaseModel):
    """A line that a power cut left half-written; skipped, never rewritten."""

    model_config = FROZEN

    offset: int
    """Byte offset of the torn line's first byte."""
    length: int
    """How many bytes it has."""


class SessionResumed(EventBase):
    """The program started again on an existing journal."""

    type: Literal["session_resumed"] = "session_resumed"
    """The event's kind."""
    gap_s: float = Field(ge=0)
    """Wall-clock seconds the program was down: from ``alive_at`` if given, else from the last
    event before the restart, to this one."""
    alive_at: AwareDatetime | None = Field(default=None, exclude_if=lambda value: value is None)
    """The last sign of life of the console before the restart: the journal file's modification
    time, which a running console renews every 5 s, where it is later than the last event (and
    not later than this one). Written only then; absent (and in older journals) the gap runs from
    the last event."""
    torn: TornLine | None = None
    """The torn last line found (and skipped) on resuming, if any."""
    pid: int | None = None
    """The writing process: a second console on this journal names it when refused."""
    host: str | None = None
    """The machine the writing process runs on."""


class JournalRecovered(EventBase):
    """A write failed part-way (a full disk); the torn bytes it left are skipped from here on."""

    type: Literal["journal_recovered"] = "journal_recovered"
    """The event's kind."""
    torn: TornLine
    """The bytes the failed write left, skipped by every reader."""


class MeetingStarted(EventBase):
    """The chair begins; the cursor stands on the first slot."""

    type: Literal["meeting_started"] = "meeting_started"
    """The event's kind."""


class StepEntered(EventBase):
    """The cursor moved forward to a slot, by advancing or by a jump."""

    type: Literal["step_entered"] = "step_entered"
    """The event's kind."""
    slot: int = Field(ge=0)
    """Index of the slot in the compiled script."""
    item_no: int | None
    """The agenda item the slot belongs to; None in the opening and closing."""
    via: Literal["advance", "jump"] = "advance"
    """How the cursor got there."""
    skipped: tuple[int, ...] = ()
    """Agenda items a jump passed over without entering them."""


class VoteRecorded(EventBase):
    """The outcome of a vote, as the operator entered it."""

    type: Literal["vote_recorded"] = "vote_recorded"
    """The event's kind."""
    slot: int = Field(ge=0)
    """The vote's slot."""
    item_no: int | None
    """The agenda item the vote belongs to."""
    for_: int = Field(alias="for", ge=0)
    """Votes for (``for`` in JSON)."""
    against: int = Field(ge=0)
    """Votes against."""
    abstain: int = Field(ge=0)
    """Abstentions."""
    present: int = Field(ge=1)
    """Members present at the vote."""
    rule: Rule
    """The rule the motion was decided by."""
    of: Base
    """Whether the rule counted those present or all members."""
    base: int = Field(ge=1)
    """The number the rule counted against (present, or all members)."""
    passed: bool
    """Whether the motion carried."""


class DecisionRecorded(EventBase):
    """The outcome of a decision taken without counting (by applause, positions, voice)."""

    type: Literal["decision_recorded"] = "decision_recorded"
    """The event's kind."""
    slot: int = Field(ge=0)
    """The vote's slot (a vote with ``counted: false``)."""
    item_no: int | None
    """The agenda item the decision belongs to."""
    method: str | None
    """How it was decided, as the agenda says: 鼓掌通过, 逐一表态 …"""
    passed: bool
    """Whether the motion carried."""


class CandidateVotes(BaseModel):
    """One candidate's votes in an election."""

    model_config = FROZEN

    name: str
    """The candidate, as the agenda names them."""
    votes: int = Field(ge=0)
    """Votes received."""


class ElectionRecorded(EventBase):
    """The count of an election and who the rule elects."""

    type: Literal["election_recorded"] = "election_recorded"
    """The event's kind."""
    slot: int = Field(ge=0)
    """The election's slot."""
    item_no: int | None
    """The agenda item the election belongs to."""
    seats: int = Field(ge=1)
    """How many were to be elected."""
    present: int = Field(ge=1)
    """Members present at the election."""
    issued: int | None = Field(default=None, ge=0)
    """Ballots issued (发出选票), where the agenda asks for the ballot check."""
    returned: int | None = Field(default=None, ge=0)
    """Ballots returned (收回选票)."""
    valid: int | None = Field(default=None, ge=0)
    """Valid ballots (有效选票)."""
    votes: tuple[CandidateVotes, ...]
    """Each candidate's votes, in ballot order."""
    rule: ElectionRule
    """The rule a candidate had to meet."""
    of: Base
    """Whether the rule counted those present or all members."""
    base: int = Field(ge=1)
    """The number the rule counted against."""
    threshold: int = Field(ge=0)
    """The fewest votes that meet the rule."""
    elected: tuple[str, ...]
    """Who is elected, most votes first."""
    tied: tuple[str, ...] = ()
    """Candidates tied for the last seat(s): not elected; the chair must settle it."""


class RollCallRecorded(EventBase):
    """How many members are present, at a roll call."""

    type: Literal["roll_call_recorded"] = "roll_call_recorded"
    """The event's kind."""
    slot: int = Field(ge=0)
    """The roll call's slot."""
    item_no: int | None
    """The agenda item it belongs to; None in the opening and closing."""
    present: int = Field(ge=0)
    """Members present."""
    members: int | None
    """The body's members, as the agenda said at the time."""
    quorum_met: bool | None
    """None where the agenda sets no quorum or does not say how many members there are."""


class NoteAdded(EventBase):
    """The operator wrote a note."""

    type: Literal["note_added"] = "note_added"
    """The event's kind."""
    text: str = Field(min_length=1)
    """What the operator wrote."""
    slot: int | None
    """Where the meeting stood; None before the start."""
    item_no: int | None
    """The agenda item then under way, if any."""


class Paused(EventBase):
    """A break begins; time stops counting against the current item."""

    type: Literal["paused"] = "paused"
    """The event's kind."""


class Resumed(EventBase):
    """The break is over."""

    type: Literal["resumed"] = "resumed"
    """The event's kind."""


class Undone(EventBase):
    """The operator stepped back: the event ``undoes`` no longer counts."""

    type: Literal["undone"] = "undone"
    """The event's kind."""
    undoes: int = Field(ge=1)
    """The ``seq`` of the undone event."""


class MeetingEnded(EventBase):
    """The meeting is over."""

    type: Literal["meeting_ended"] = "meeting_ended"
    """The event's kind."""
    early: bool = False
    """Ended before the last slot was reached."""
    seal_events: int | None = None
    """The seal: how many events the record holds, this one included (filled by the writer)."""
    seal_digest: str | None = None
    """The seal: SHA-256 of this line written with ``seal_digest`` empty, so an edit of the final
    line shows even without a paper copy. The hash of the whole line is the 记录校验码."""


Event = Annotated[
    SessionStarted
    | SessionResumed
    | JournalRecovered
    | MeetingStarted
    | StepEntered
    | VoteRecorded
    | DecisionRecorded
    | ElectionRecorded
    | RollCallRecorded
    | NoteAdded
    | Paused
    | Resumed
    | Undone
    | MeetingEnded,
    Field(discriminator="type"),
]
"""Any journal event."""

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event, config=ConfigDict(defer_build=True))
"""Reads and writes any event as JSON (built on its first use: a new journal's first write
needs only its own event's serializer)."""

UNDOABLE = (
    MeetingStarted,
    StepEntered,
    VoteRecorded,
    DecisionRecorded,
    ElectionRecorded,
    RollCallRecorded,
    MeetingEnded,
)
"""Events that change where the meeting stands; stepping back undoes the latest of them."""


def event_to_json(event: EventBase) -> str:
    """One compact JSON line (no newline), Chinese kept as is."""
    return event.model_dump_json(by_alias=True)


def event_from_json(line: str | bytes) -> Event:
    """Parse one journal line."""
    return EVENT_ADAPTER.validate_json(line)


def stamp(at: datetime) -> datetime:
    """Wall times are always stored with their UTC offset."""
    return at if at.tzinfo is not None else at.astimezone()

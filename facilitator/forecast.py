"""When will the meeting end? Planned end, and a forecast that learns the chair's pace.

The start and the running are told apart. The planned end runs from the actual start (before
the start: from the planned start, or from now once that has passed) plus the planned duration,
so over/under speaks of the meeting's own pace; how late or early the meeting began against
``meeting.planned_start`` is a figure of its own (晚开 10 分钟). A meeting started on another day
than the clock's planned start (a rehearsal, a test run) therefore never looks hours off.

Pure: a function of the meeting state and the current instant. What depends on the state alone
(the measured pace, the forecast of the slots and parts still ahead) is worked out once per
state and kept for the next call with the same state (a clock tick), so a tick costs only the
current part; each line's reading size is worked out once per script
(:attr:`Script.reading_chars`). The forecast measures how fast
the chair actually reads (characters a minute, over the line slots already read) and uses that
pace for the lines still to read; cues, votes, roll calls and lines with a planned time keep
their planned times. An agenda item with its own planned time keeps whatever slack it has beyond
its scripted steps (discussion, hand-overs), so before anything is known the forecast is the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from threading import Lock

from facilitator.engine.clock import Instant
from facilitator.engine.persist import PMap
from facilitator.engine.script import (
    CHINESE_CHARS_PER_MINUTE,
    Part,
    Script,
    SlotKind,
    estimate_reading_seconds,
)
from facilitator.engine.state import MeetingState, Phase

READING = frozenset({SlotKind.LINE, SlotKind.OUTCOME})
"""Slots where the chair reads: they are what the pace is measured over and applied to."""
MIN_SAMPLE_S = 20.0
"""Seconds of reading to measure before the measured pace replaces the standard one."""
MIN_SAMPLE_CHARS = 40.0
"""Characters read before the measured pace replaces the standard one."""
PACE_RANGE = (60.0, 600.0)
"""A measured pace outside this (characters a minute) is clamped: an operator tapping through
lines, or the chair stopping to talk, should not swing the forecast wildly."""


def reading_chars(text: str) -> float:
    """How long ``text`` is to read, in Chinese characters (an English word counts its time)."""
    return estimate_reading_seconds(text) * CHINESE_CHARS_PER_MINUTE / 60


def _slot_chars(state: MeetingState, slot: int) -> float:
    """A slot's reading size: from the script where its words are fixed, else as filled now."""
    chars = state.script.reading_chars[slot]
    return chars if chars is not None else reading_chars(state.line_text(slot))


class _Memo:
    """What the last state (by identity) needed that depends on it alone. The state and its
    values are swapped as one tuple, so a view on another thread never mixes two states."""

    def __init__(self) -> None:
        self.entry: tuple[MeetingState | None, dict[tuple[str, float | None], float | None]] = (
            None,
            {},
        )

    def get(
        self, state: MeetingState, key: tuple[str, float | None], make: Callable[[], float | None]
    ) -> float | None:
        entry = self.entry
        if entry[0] is not state:
            entry = (state, {})
            self.entry = entry
        values = entry[1]
        if key not in values:
            values[key] = make()
        return values[key]


_memo = _Memo()


@dataclass(frozen=True)
class Forecast:
    """The meeting's timing at a glance."""

    planned_start: datetime
    """``meeting.planned_start`` on the meeting's day; the actual start if the agenda has none."""
    planned_end: datetime
    """Where the meeting runs from (its actual start, or when it can start) plus the plan."""
    forecast_end: datetime
    remaining_s: float
    """Forecast seconds still to go (0 once ended)."""
    pace_cpm: float | None
    """The chair's measured reading pace, characters a minute; None until enough is read."""
    start_offset_s: float | None = None
    """How late (positive) or early (negative) the meeting started against its planned start;
    before the start, how late it already is (never negative). None without a planned start."""

    @property
    def over_s(self) -> float:
        """Seconds the forecast end lies after the planned end (negative: ahead of plan): the
        meeting's own pace, a late or early start aside."""
        return (self.forecast_end - self.planned_end).total_seconds()


def measured_pace(state: MeetingState, now_t: float) -> float | None:
    """Characters a minute over the line slots already read, or None if too little is known.

    Only closed time counts (the current slot is left out), so it does not change with ``now_t``.
    """
    return _memo.get(state, ("pace", None), lambda: _pace.measure(state))


class _PaceTotals:
    """The characters read and the seconds they took, summed over every reading slot with time
    spent, carried from one state to the next: an event changes the time of one slot at most,
    so the next state's totals are this one's with that slot's share taken out and put back
    (O(slots changed), where summing again was O(slots read): 6 ms a key press once 5,000
    slots were read). A slot whose words have fields ({present} …) is sized as filled now, so
    those few are kept apart and sized on every call, as a fresh sum would.

    The views ask from more than one thread (the console, the room display's pages): one lock
    keeps an update whole."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._spent: PMap[int, float] | None = None
        """The ``spent`` map the totals describe."""
        self._script: Script | None = None
        self._fixed: dict[int, tuple[float, float]] = {}
        """Per slot of fixed reading size: (characters, seconds)."""
        self._filled: dict[int, float] = {}
        """Per slot whose size depends on filled fields: seconds."""
        self._chars = 0.0
        self._seconds = 0.0

    def measure(self, state: MeetingState) -> float | None:
        """The measured pace of ``state``: the totals without the current slot's share."""
        with self._lock:
            self._follow(state)
            chars, seconds = self._chars, self._seconds
            current = state.slot
            if current in self._fixed:
                share = self._fixed[current]
                chars, seconds = chars - share[0], seconds - share[1]
            for slot, spent in self._filled.items():
                if slot != current:
                    chars += reading_chars(state.line_text(slot))
                    seconds += spent
        if seconds < MIN_SAMPLE_S or chars < MIN_SAMPLE_CHARS:
            return None
        low, high = PACE_RANGE
        return min(high, max(low, chars / seconds * 60))

    def _follow(self, state: MeetingState) -> None:
        spent = state.spent
        if self._spent is spent and self._script is state.script:
            return
        changed = (
            spent.changed_since(self._spent)
            if self._spent is not None and self._script is state.script
            else None
        )
        if changed is None:
            self._fixed, self._filled = {}, {}
            self._chars = self._seconds = 0.0
            changed = list(spent)
        self._script, self._spent = state.script, spent
        sizes = state.script.reading_chars
        slots = state.script.slots
        for slot in dict.fromkeys(changed):
            share = self._fixed.pop(slot, None)
            if share is not None:
                self._chars -= share[0]
                self._seconds -= share[1]
            self._filled.pop(slot, None)
            seconds = spent.get(slot, 0.0)
            if seconds <= 0 or slots[slot].kind not in READING:
                continue
            size = sizes[slot]
            if size is None:
                self._filled[slot] = seconds
            else:
                self._fixed[slot] = (size, seconds)
                self._chars += size
                self._seconds += seconds


_pace = _PaceTotals()


def slot_forecast(state: MeetingState, slot: int, pace: float | None) -> float:
    """Seconds a slot should take: read at the measured pace, else its planned time."""
    entry = state.script.slots[slot]
    if pace is None or entry.kind not in READING or entry.planned_given:
        return entry.planned_s
    return _slot_chars(state, slot) / pace * 60


def part_forecast(state: MeetingState, part: Part, pace: float | None) -> float:
    """A whole part's seconds: its planned time, with its reading re-timed at the pace."""
    route = [part.first_slot, *state.script.route(part.first_slot, state.outcomes)]
    return part.planned_s + sum(
        slot_forecast(state, slot, pace) - state.script.slots[slot].planned_s for slot in route
    )


def planned_start(state: MeetingState, now: Instant) -> datetime:
    """``meeting.planned_start`` on the day the meeting started (or today), else the real start."""
    started = state.position.started
    anchor = started.at if started is not None else now.at
    hhmm = state.script.agenda.meeting.planned_start
    if hhmm is None:
        return anchor
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return anchor.replace(hour=hours, minute=minutes, second=0, microsecond=0)


def remaining_seconds(state: MeetingState, now_t: float, pace: float | None) -> float:
    """Forecast seconds from now to the end of the meeting."""
    script = state.script
    if state.phase is Phase.ENDED:
        return 0.0
    if state.phase is Phase.NOT_STARTED or state.slot is None:
        return _kept(
            state, "all", pace, lambda: sum(part_forecast(state, p, pace) for p in script.parts)
        )
    slot = state.slot
    part = script.part_of(slot)
    in_slot = max(0.0, slot_forecast(state, slot, pace) - state.slot_seconds(slot, now_t))
    scripted = in_slot + _kept(
        state,
        "route",
        pace,
        lambda: sum(
            slot_forecast(state, later, pace) for later in script.route(slot, state.outcomes)
        ),
    )
    with_slack = _kept(state, "part", pace, lambda: part_forecast(state, part, pace)) - (
        state.part_seconds(part, now_t)
    )
    later_parts = _kept(
        state,
        "later",
        pace,
        lambda: sum(part_forecast(state, later, pace) for later in script.parts[part.index + 1 :]),
    )
    return max(scripted, with_slack) + later_parts


def _kept(state: MeetingState, what: str, pace: float | None, make: Callable[[], float]) -> float:
    """A sum that depends on the state and the pace alone, worked out once per state."""
    value = _memo.get(state, (what, pace), make)
    assert value is not None
    return value


def schedule_start(state: MeetingState, now: Instant) -> datetime:
    """Where the plan runs from: the actual start; before it, the planned start, or now once
    that has passed (a meeting can begin no earlier than now)."""
    started = state.position.started
    if started is not None:
        return started.at
    return max(now.at, planned_start(state, now))


def start_offset_s(state: MeetingState, now: Instant) -> float | None:
    """How late (+) or early (−) the start was against ``meeting.planned_start``; before the
    start, how late it already is (0 while there is still time). None without a planned start."""
    if state.script.agenda.meeting.planned_start is None:
        return None
    planned = planned_start(state, now)
    started = state.position.started
    if started is None:
        return max(0.0, (now.at - planned).total_seconds())
    return (started.at - planned).total_seconds()


def forecast(state: MeetingState, now: Instant) -> Forecast:
    """Planned end, forecast end and the measured pace, as of ``now``."""
    start = planned_start(state, now)
    planned_end = schedule_start(state, now) + timedelta(seconds=state.script.planned_s)
    pace = measured_pace(state, now.t)
    remaining = remaining_seconds(state, now.t, pace)
    ended = state.position.ended
    if state.phase is Phase.ENDED and ended is not None:
        end = ended.at
    elif state.phase is Phase.NOT_STARTED:
        end = max(now.at, start) + timedelta(seconds=remaining)
    else:
        end = now.at + timedelta(seconds=remaining)
    return Forecast(
        planned_start=start,
        planned_end=planned_end,
        forecast_end=end,
        remaining_s=remaining,
        pace_cpm=pace,
        start_offset_s=start_offset_s(state, now),
    )

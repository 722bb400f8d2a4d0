"""Time, injected: the engine never reads a clock of its own.

An :class:`Instant` pairs the session time ``t`` (monotonic seconds since the session started,
continuing across resumes) with the wall time ``at`` (for people and the minutes).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol


@dataclass(frozen=True)
class Instant:
    """A moment, as the engine sees it."""

    t: float
    """Seconds since the session started; never decreases."""
    at: datetime
    """Wall-clock time with its UTC offset."""


class Clock(Protocol):
    """Anything that can say what time it is."""

    def now(self) -> Instant:
        """The current instant."""
        ...


class SystemClock:
    """The real clock: monotonic for ``t`` (immune to NTP steps), local wall time for ``at``.

    ``start_t`` lets a resumed session continue its time line: the last ``t`` in the journal plus
    the wall-clock gap while the program was down.
    """

    def __init__(self, start_t: float = 0.0) -> None:
        self._origin = time.monotonic() - start_t

    def now(self) -> Instant:
        """The current instant."""
        return Instant(t=time.monotonic() - self._origin, at=datetime.now().astimezone())


class FakeClock:
    """A clock that moves only when told to: for tests, and for replaying scenarios."""

    def __init__(
        self,
        start: datetime | None = None,
        t: float = 0.0,
    ) -> None:
        self._at = start or datetime(2026, 11, 27, 9, 0, tzinfo=timezone(timedelta(hours=8)))
        self._t = t

    def now(self) -> Instant:
        """The current (frozen) instant."""
        return Instant(t=self._t, at=self._at)

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        if seconds < 0:
            raise ValueError("time does not run backwards")
        self._t += seconds
        self._at += timedelta(seconds=seconds)

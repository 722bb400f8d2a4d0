"""One follower of the journal, shared by every open page.

The :class:`Hub` looks at the journal's size, mtime and inode every ``poll_interval`` seconds (a
``stat``, nothing read); when they change (or the follower's check of what it has read is due,
:meth:`~facilitator.journal.follow.JournalFollower.wants_poll`) it reads only the appended bytes
with the :class:`~facilitator.journal.follow.JournalFollower`, builds the ``/chair`` and ``/room``
messages once, and wakes every stream. A journal cut short, edited or followed by garbage is
shown as the error on every page, over the last good state, until the file is right again. A
stream sends the newest message it has not sent; pages that fall behind skip to the newest state
(each message is the whole view, never a difference).

Every ``refresh_s`` seconds the hub sends the same state again: it keeps idle connections alive
and moves a forecast that depends on the time of day. Clocks between messages run in the page.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from facilitator.i18n import ZH, Strings, strings
from facilitator.journal.follow import JournalFollower, estimate_now
from facilitator.journal.store import JournalError
from facilitator.web.payload import Payload, chair_payload, room_payload, words_payload

WallClock = Callable[[], datetime]
PageKind = Literal["chair", "room"]
Signature = tuple[int, int, int] | None
PAGES: tuple[PageKind, ...] = ("chair", "room")


def system_wall_clock() -> datetime:
    """The local wall time, with its offset."""
    return datetime.now().astimezone()


def signature(path: Path) -> Signature:
    """What changes when the journal is written to (or replaced, or removed)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def sse(event: str, data: Payload, event_id: int | None = None) -> bytes:
    """One Server-Sent Events message (``id`` is the journal's ``seq``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {text}\n\n".encode()


class Hub:
    """The journal followed once; the pages' messages built once per change."""

    def __init__(
        self,
        journal: Path,
        *,
        wall: WallClock = system_wall_clock,
        poll_interval: float = 0.02,
        refresh_s: float = 15.0,
    ) -> None:
        self.journal = journal
        self.follower = JournalFollower(journal)
        self.wall = wall
        self.poll_interval = poll_interval
        self.refresh_s = refresh_s
        self.version = 0
        """Bumped on every publish; a stream compares it with the last it sent."""
        self.error: str | None = None
        """Why the journal cannot be read just now (the pages keep the last good state)."""
        self._streams: set[asyncio.Event] = set()
        self.payloads: dict[PageKind, Payload] = {}
        self.messages: dict[PageKind, bytes] = {}
        self._signature: Signature = None
        self.closed = False
        """Set when the server stops: every stream ends."""
        self.read()

    @property
    def words(self) -> Strings:
        """The meeting's language (Chinese until the journal has been read)."""
        state = self.follower.state
        return ZH if state is None else strings(state.script.agenda.meeting.language)

    def title(self, kind: PageKind) -> str:
        """A page's ``<title>``, in the meeting's language."""
        state = self.follower.state
        name = self.journal.name if state is None else state.script.agenda.meeting.title
        template = self.words.web_chair_title if kind == "chair" else self.words.web_room_title
        return self.words.fmt(template, title=name)

    def read(self) -> bool:
        """Read what was appended (if the file changed) and rebuild the messages; True if so."""
        now_signature = signature(self.journal)
        unchanged = now_signature == self._signature and bool(self.messages)
        if unchanged and not self.follower.wants_poll():
            return False  # and no check of what was read is due
        self._signature = now_signature
        before, new = self.error, 0
        try:
            new = len(self.follower.poll())
            self.error = None
        except JournalError as error:
            message = " ".join(str(error).replace(str(self.journal), self.journal.name).split())
            self.error = self.words.fmt(self.words.web_unreadable, error=message)
        if unchanged and not new and self.error == before:
            return False  # a check found the journal as it was
        self.build()
        return True

    def payload(self, kind: PageKind) -> Payload:
        """A page's view of the state as of now."""
        state = self.follower.state
        words = self.words
        payload: Payload
        if state is None:
            payload = {"kind": kind, "seq": 0, "phase": "unread", "lang": "zh"}
        else:
            make = chair_payload if kind == "chair" else room_payload
            payload = make(state, estimate_now(state, self.wall()), words)
        payload["error"] = self.error
        payload["words"] = words_payload(words)
        return payload

    def message(self, kind: PageKind) -> bytes:
        """A page's view as of now, as an event-stream message (for a stream just opened)."""
        payload = self.payload(kind)
        return sse("state", payload, payload["seq"])

    def build(self) -> None:
        """The two pages' messages as of now, made once for every stream."""
        for kind in PAGES:
            self.payloads[kind] = self.payload(kind)
            self.messages[kind] = sse("state", self.payloads[kind], self.payloads[kind]["seq"])

    @property
    def streams(self) -> int:
        """Open event streams."""
        return len(self._streams)

    def subscribe(self) -> asyncio.Event:
        """A new stream's wake-up call: set whenever there is a newer message, or on closing."""
        wake = asyncio.Event()
        self._streams.add(wake)
        return wake

    def unsubscribe(self, wake: asyncio.Event) -> None:
        """A stream has ended."""
        self._streams.discard(wake)

    def publish(self) -> None:
        """Wake every stream: there is a newer message."""
        self.version += 1
        for wake in self._streams:
            wake.set()

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self.closed = True
        self.publish()

    async def run(self) -> None:
        """Follow the journal until cancelled."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        while not self.closed:
            await asyncio.sleep(self.poll_interval)
            changed = self.read()
            stale = loop.time() - last >= self.refresh_s
            if stale and not changed:
                self.build()  # the same state as of now: clocks and forecast moved on
            if changed or stale:
                self.publish()
                last = loop.time()

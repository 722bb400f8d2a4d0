"""A finished (or running) meeting read back from its journal alone.

The first event carries the agenda's whole text, so reports, exports, ``verify`` and the chair view
need nothing but the journal: they never keep a second copy of the meeting's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from facilitator.agenda.load import AgendaError, LoadedAgenda, parse_agenda
from facilitator.engine.events import Event, SessionStarted
from facilitator.engine.script import Script, compile_script
from facilitator.engine.state import MeetingState, replay
from facilitator.journal.store import JournalContents, JournalError, collector_paused, read_bytes
from facilitator.journal.verify import Verification, verify_data


@lru_cache(maxsize=8)
def journal_agenda(text: str, name: str) -> tuple[LoadedAgenda, Script]:
    """The agenda a journal carries, parsed and compiled once per process (a report, the chair
    view re-reading after a replaced file, the room display's pages all ask again); raises
    :class:`AgendaError` (which is not kept)."""
    agenda = parse_agenda(text.encode("utf-8"), name)
    return agenda, compile_script(agenda.agenda)


@dataclass(frozen=True)
class MeetingRecord:
    """A journal, its agenda and the state they fold to."""

    path: Path
    agenda: LoadedAgenda
    contents: JournalContents
    state: MeetingState
    verification: Verification
    """The chain check run before anything was read from the journal: the seal, or the break."""

    @property
    def events(self) -> list[Event]:
        """Every complete event, in order."""
        return self.contents.events

    @property
    def script(self) -> Script:
        """The compiled agenda."""
        return self.state.script


def load_record(path: str | Path, *, force: bool = False) -> MeetingRecord:
    """Verify a journal, then replay it; :class:`JournalError` names the file (and line) if it
    can't. A broken chain is refused unless ``force``: then the record carries the failure, and
    every document made from it must say so."""
    path = Path(path)
    with collector_paused():
        return _load_record(path, force=force)


def _load_record(path: Path, *, force: bool) -> MeetingRecord:
    data = read_bytes(path)
    verification = verify_data(data, path)
    if verification.problem is not None and not force:
        raise JournalError(
            f"{verification.problem}; the record failed verification (--force to use it anyway)"
        )
    contents = JournalContents(
        events=verification.events,
        torn=verification.torn,
        size=len(data),
        ends_with_newline=data.endswith(b"\n"),
        last_hash=verification.last_hash,
    )
    if not isinstance(contents.events[0], SessionStarted):
        raise JournalError(f"{path}:1: a journal begins with session_started")
    first = contents.events[0]
    try:
        agenda, script = journal_agenda(first.agenda_text, f"{path} (agenda {first.agenda})")
    except AgendaError as error:
        raise JournalError(str(error.problems[0])) from None
    try:
        state = replay(script, contents.events)
    except (IndexError, KeyError, ValueError) as error:
        raise JournalError(f"{path}: events do not fit the agenda they name ({error})") from None
    return MeetingRecord(
        path=path, agenda=agenda, contents=contents, state=state, verification=verification
    )

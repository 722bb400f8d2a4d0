"""A finished (or running) meeting read back from its journal alone.

The first event carries the agenda's whole text, so reports, exports, ``verify`` and the chair view
need nothing but the journal: they never keep a second copy of the meeting's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.agenda.load import AgendaError, LoadedAgenda, parse_agenda
from facilitator.engine.events import Event, SessionStarted
from facilitator.engine.script import Script, compile_script
from facilitator.engine.state import MeetingState, replay
from facilitator.journal.store import JournalContents, JournalError, read_journal


@dataclass(frozen=True)
class MeetingRecord:
    """A journal, its agenda and the state they fold to."""

    path: Path
    agenda: LoadedAgenda
    contents: JournalContents
    state: MeetingState

    @property
    def events(self) -> list[Event]:
        """Every complete event, in order."""
        return self.contents.events

    @property
    def script(self) -> Script:
        """The compiled agenda."""
        return self.state.script


def load_record(path: str | Path) -> MeetingRecord:
    """Read a journal and replay it; :class:`JournalError` names the file (and line) if it can't."""
    path = Path(path)
    contents = read_journal(path)
    if not contents.events or not isinstance(contents.events[0], SessionStarted):
        raise JournalError(f"{path}:1: a journal begins with session_started")
    first = contents.events[0]
    try:
        agenda = parse_agenda(first.agenda_text.encode("utf-8"), f"{path} (agenda {first.agenda})")
    except AgendaError as error:
        raise JournalError(str(error.problems[0])) from None
    script = compile_script(agenda.agenda)
    try:
        state = replay(script, contents.events)
    except (IndexError, KeyError, ValueError) as error:
        raise JournalError(f"{path}: events do not fit the agenda they name ({error})") from None
    return MeetingRecord(path=path, agenda=agenda, contents=contents, state=state)

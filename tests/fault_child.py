"""A meeting driven by a random operator, printing each acknowledged event; killed by the test.

Run as ``python -m tests.fault_child AGENDA JOURNAL SEED``. After every command that the session
accepted it prints ``ack SEQ SLOT PHASE VOTES`` and flushes: the parent treats that as what the
screen showed.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from facilitator.agenda.load import load_agenda
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Back,
    Command,
    Pause,
    RecordRollCall,
    RecordVote,
    Refused,
    Resume,
)
from facilitator.session import Session


def digest(session: Session) -> str:
    state = session.state
    return f"{state.last_seq} {state.slot} {state.phase.value} {len(state.position.votes)}"


def main() -> None:
    agenda_path, journal_path, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    agenda = load_agenda(agenda_path)
    if journal_path.exists():
        session = Session.resume(agenda, journal_path)
    else:
        session = Session.start(agenda, journal_path)
    print(f"ack {digest(session)}", flush=True)
    rng = random.Random(seed)
    choices: list[Command] = [
        Advance(),
        Advance(),
        Advance(),
        Back(),
        Pause(),
        Resume(),
        AddNote("记录"),
        RecordRollCall(5),
        RecordVote(for_=4, against=1),
    ]
    for _ in range(10_000):
        try:
            session.execute(rng.choice(choices))
        except Refused:
            continue
        print(f"ack {digest(session)}", flush=True)


if __name__ == "__main__":
    main()

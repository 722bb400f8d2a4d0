"""SIGKILL at random moments, then resume: nothing acknowledged is ever lost.

A child process runs a random operator against a real journal and prints each event it has
acknowledged (what the screen would show). The test kills it with SIGKILL after a random number
of acknowledgements — wherever the child then is, usually mid-write — resumes the same journal
in the next child, and checks that every acknowledged event is on disk and that the state
replayed from the journal is the state the child last acknowledged (or one event further, when
the kill landed after the fsync but before the acknowledgement).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.agenda.load import load_agenda
from facilitator.engine.events import SessionResumed
from facilitator.engine.script import compile_script
from facilitator.engine.state import replay
from facilitator.journal.store import read_journal
from facilitator.journal.verify import verify_journal
from tests.conftest import ROOT, SMALL

KILLS = 40


pytestmark = pytest.mark.slow  # 40 child processes; .ci/run still runs it (no -m filter there)


def digest_of(events: list, script: object) -> str:  # type: ignore[type-arg]
    state = replay(script, events)  # type: ignore[arg-type]
    return f"{state.last_seq} {state.slot} {state.phase.value} {len(state.position.votes)}"


def test_kill_9_at_random_points_loses_no_acknowledged_event(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    script = compile_script(load_agenda(SMALL).agenda)
    rng = random.Random(20261127)
    acknowledged: list[str] = []
    torn_seen = 0
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.fault_child", str(SMALL), str(journal), str(kill)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        wanted = rng.randint(1, 25)
        acks: list[str] = []
        for line in child.stdout:
            acks.append(line.split(" ", 1)[1].strip())
            if len(acks) >= wanted:
                break
        child.send_signal(signal.SIGKILL)
        child.wait()
        # Acks the child printed before the kill landed, still in the pipe: acknowledged too.
        acks += [line.split(" ", 1)[1].strip() for line in child.stdout if line.endswith("\n")]
        assert acks, child.stderr.read() if child.stderr else "child printed nothing"
        acknowledged = acks
        contents = read_journal(journal)
        torn_seen += contents.torn is not None
        events = contents.events
        last_ack_seq = int(acknowledged[-1].split()[0])
        assert events[-1].seq >= last_ack_seq  # nothing acknowledged is lost
        assert events[-1].seq <= last_ack_seq + 1  # at most the one in flight is extra
        acked_prefix = [event for event in events if event.seq <= last_ack_seq]
        assert digest_of(acked_prefix, script) == acknowledged[-1]
    ok, message = verify_journal(journal)
    assert ok, message
    # Every child after the first took the lock its killed predecessor held (a lock never
    # outlives its process) and recorded its restart.
    events = read_journal(journal).events
    assert sum(isinstance(event, SessionResumed) for event in events) == KILLS - 1
    # SIGKILL ends a process between system calls, and each event is one write() of a whole
    # line, so a kill never tears a line (torn lines come from power loss and full disks,
    # tested deterministically in test_journal.py). A torn line here would be a regression.
    assert torn_seen == 0

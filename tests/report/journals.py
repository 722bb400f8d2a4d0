"""Fixed journals for the report and export tests, built by running a real Session on a FakeClock.

The journals under ``tests/data/journals/`` are this module's output; regenerate them with

    .venv/bin/python -m tests.report.journals

A test checks that the builder still reproduces them, so a change to the engine that alters a
journal shows up as a failing test rather than as silently different golden files.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from facilitator.agenda.load import load_agenda
from facilitator.agenda.model import ElectionStep, VoteStep
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Back,
    Command,
    Pause,
    RecordDecision,
    RecordElection,
    RecordRollCall,
    RecordUnanimous,
    RecordVote,
    Resume,
    Start,
)
from facilitator.engine.script import SlotKind
from facilitator.session import Session

ROOT = Path(__file__).resolve().parents[2]
SMALL_AGENDA = ROOT / "tests" / "data" / "agendas" / "small.yaml"
SAMPLE_AGENDA = ROOT / "facilitator" / "examples" / "leading-group-first-meeting.yaml"
ELECTION_AGENDA = ROOT / "facilitator" / "examples" / "branch-committee-election.yaml"
JOURNALS = ROOT / "tests" / "data" / "journals"

BEIJING = timezone(timedelta(hours=8))
DOORS_OPEN = datetime(2026, 11, 27, 8, 58, tzinfo=BEIJING)
"""When every fixture session starts; the meeting itself begins two minutes later, at 09:00."""

TORN_TAIL = b'{"seq":41,"type":"note_added","at":"2026-11-27T09:3'
"""Half a journal line, as a power cut leaves it."""


@dataclass(frozen=True)
class Wait:
    """Let time pass on the fake clock."""

    seconds: float


Step = Wait | Command


SMALL_FINISHED: tuple[Step, ...] = (
    Wait(120),
    Start(),  # 09:00:00, opening: 同志们：现在开会。
    Wait(10),
    Advance(),  # roll call
    Wait(15),
    RecordRollCall(6),
    Wait(5),
    Advance(),  # 09:00:30 item 1: 首先，请李四同志作工作汇报。
    Wait(25),
    Advance(),  # 09:00:55 cue 汇报毕 (planned 8m)
    Wait(200),
    AddNote("李四同志汇报了上半年工作。"),
    Wait(340),
    Advance(),  # 09:09:55 item 2: 下面审议《工作规则》
    Wait(20),
    Advance(),  # 09:10:15 the vote
    Wait(50),
    RecordVote(for_=5, against=0, abstain=1),
    Wait(20),
    Advance(),  # 09:11:25 outcome line
    Wait(15),
    Advance(),  # 09:11:40 请大家抓好落实。
    Wait(8),
    Back(),  # 09:11:48 back to the outcome line; the 8 s stay with 请大家抓好落实
    Wait(4),
    Advance(),  # 09:11:52
    Wait(6),
    Pause(),  # 09:11:58 a ten-minute break
    Wait(600),
    Resume(),  # 09:21:58
    Wait(6),
    Advance(),  # 09:22:04 item 3: 请*同志讲话。
    Wait(12),
    Advance(),  # 09:22:16 cue 讲话毕 (no plan)
    Wait(450),
    AddNote("*同志提出三点要求。"),
    Wait(450),
    Advance(),  # 09:37:16 closing: 本次会议结束，散会！
    Wait(6),
    Advance(),  # 09:37:22 meeting ended
)
"""Small meeting, start to end: a roll call, an over-long report, a vote, a step back, a break."""

SMALL_LIVE: tuple[Step, ...] = (
    *SMALL_FINISHED[: SMALL_FINISHED.index(Resume()) + 1],
    Wait(30),
    AddNote("会议休息后继续。"),
)
"""The same meeting, still under way: in item 2, after the break, at 09:22:28."""


SMALL_FAILED: tuple[Step, ...] = tuple(
    RecordVote(for_=3, against=2, abstain=1) if isinstance(step, RecordVote) else step
    for step in SMALL_FINISHED
)
"""The small meeting with its two-thirds vote failing (3 of 6 for), a break and all."""


def run_steps(session: Session, clock: FakeClock, steps: Sequence[Step]) -> None:
    """Play a scenario: wait on the clock, or execute a command (a refusal is a bug here)."""
    for step in steps:
        if isinstance(step, Wait):
            clock.advance(step.seconds)
        else:
            session.execute(step)


def build(agenda: Path, journal: Path, steps: Sequence[Step]) -> Path:
    """Run ``steps`` in a new session on ``agenda``, writing ``journal``."""
    clock = FakeClock(start=DOORS_OPEN)
    session = Session.start(load_agenda(agenda), journal, clock)
    try:
        run_steps(session, clock, steps)
    finally:
        session.close()
    return journal


def build_small_finished(journal: Path) -> Path:
    """The small meeting, finished."""
    return build(SMALL_AGENDA, journal, SMALL_FINISHED)


def build_small_live(journal: Path) -> Path:
    """The small meeting, still running."""
    return build(SMALL_AGENDA, journal, SMALL_LIVE)


def tear(journal: Path, torn: Path) -> Path:
    """A copy of ``journal`` with half a line appended, as a power cut mid-write leaves it."""
    shutil.copyfile(journal, torn)
    with torn.open("ab") as handle:
        handle.write(TORN_TAIL)
    return torn


def walkthrough(agenda: Path) -> tuple[Step, ...]:
    """A plausible run of any agenda: every slot reached in order, near its planned time.

    Reading slots take their estimate, items alternately 10 % under, on and over plan; a cue
    without a plan takes five minutes; everyone present votes for; a ten-minute break falls in
    the second item; a note is written at the first cue.
    """
    session_agenda = load_agenda(agenda)
    from facilitator.engine.script import compile_script

    script = compile_script(session_agenda.agenda)
    members = session_agenda.agenda.meeting.members or 9
    steps: list[Step] = [Wait(120), Start()]
    noted = paused = False
    # Every vote passes, so no slot of a ``failed`` branch is ever reached.
    unreached = {index for slot in script.slots if slot.branches for index in slot.branches[1]}
    for slot in script.slots:
        if slot.index in unreached:
            continue
        part = script.parts[slot.part]
        factor = 1.0 + 0.1 * (((part.no or 2) % 3) - 1)
        seconds = round(slot.planned_s * factor) if slot.planned_s else 300
        if slot.kind is SlotKind.ROLL_CALL:
            steps += [Wait(20), RecordRollCall(members), Wait(max(seconds - 20, 1))]
        elif (
            slot.kind is SlotKind.VOTE and isinstance(slot.step, VoteStep) and not slot.step.counted
        ):
            steps += [Wait(seconds), RecordDecision(passed=True)]
        elif slot.kind is SlotKind.VOTE:
            steps += [Wait(seconds), RecordUnanimous(members)]
        elif slot.kind is SlotKind.ELECTION and isinstance(slot.step, ElectionStep):
            seats, count = slot.step.seats, len(slot.step.candidates)
            votes = tuple(members - index if index < seats else 0 for index in range(count))
            steps += [Wait(seconds), RecordElection(votes, members, members, members, members)]
        elif slot.kind is SlotKind.CUE and not noted:
            steps += [Wait(seconds // 2), AddNote("汇报材料会后印发各成员。"), Wait(seconds // 2)]
            noted = True
        else:
            steps.append(Wait(max(seconds, 1)))
        if part.no == 2 and not paused:
            steps += [Pause(), Wait(600), Resume(), Wait(5)]
            paused = True
        steps.append(Advance())
    return tuple(steps)


def build_sample_finished(journal: Path, agenda: Path = SAMPLE_AGENDA) -> Path:
    """The sample meeting (the leading group's first meeting), run through."""
    return build(agenda, journal, walkthrough(agenda))


def build_small_failed(journal: Path) -> Path:
    """The small meeting whose vote fails, with its break."""
    return build(SMALL_AGENDA, journal, SMALL_FAILED)


def build_election_finished(journal: Path) -> Path:
    """The branch committee's election meeting, run through: a vote, a decision by applause,
    the ballot and its result."""
    return build(ELECTION_AGENDA, journal, walkthrough(ELECTION_AGENDA))


FIXTURES = {
    "small-finished.jsonl": build_small_finished,
    "small-live.jsonl": build_small_live,
    "small-failed.jsonl": build_small_failed,
    "election-finished.jsonl": build_election_finished,
}
"""The committed journals and how each is built (the torn one is the finished one, torn)."""


def regenerate(directory: Path = JOURNALS) -> list[Path]:
    """Rebuild every committed journal (overwriting)."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, builder in FIXTURES.items():
        target = directory / name
        target.unlink(missing_ok=True)
        written.append(builder(target))
    torn = directory / "small-torn.jsonl"
    written.append(tear(directory / "small-finished.jsonl", torn))
    if SAMPLE_AGENDA.exists():
        target = directory / "sample-finished.jsonl"
        target.unlink(missing_ok=True)
        written.append(build_sample_finished(target))
    return written


if __name__ == "__main__":
    for path in regenerate():
        print(path.relative_to(ROOT), file=sys.stderr)

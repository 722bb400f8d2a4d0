"""Performance of the core, measured (not asserted): ``python benchmarks/bench_core.py``.

- append: one event written, flushed and fsynced (what every key press costs before the screen
  changes);
- replay: folding a long journal into the state (what resume, report and the chair view cost);
- read: parsing a journal file.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from facilitator.agenda.load import load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import AddNote, Advance, Back, Refused
from facilitator.engine.state import replay
from facilitator.journal.store import read_journal
from facilitator.session import Session

EXAMPLES = Path(__file__).parent.parent / "facilitator" / "examples"
SAMPLE = EXAMPLES / "leading-group-first-meeting.yaml"


def main() -> None:
    agenda = load_agenda(SAMPLE)
    with tempfile.TemporaryDirectory() as directory:
        clock = FakeClock()
        session = Session.start(agenda, Path(directory) / "bench.jsonl", clock)
        latencies: list[float] = []
        commands = [Advance(), Advance(), Back(), AddNote("记录一条备注")]
        for index in range(2000):
            clock.advance(3)
            started = time.perf_counter()
            try:
                session.execute(commands[index % len(commands)])
            except Refused:
                continue
            latencies.append(time.perf_counter() - started)
        session.close()
        path = session.journal_path
        events = read_journal(path).events
        started = time.perf_counter()
        read_journal(path)
        read_s = time.perf_counter() - started
        started = time.perf_counter()
        replay(session.script, events)
        replay_s = time.perf_counter() - started
        latencies.sort()
        print(f"events: {len(events)}, journal {path.stat().st_size / 1024:.0f} KiB")
        print(
            f"execute+append+fsync: median {statistics.median(latencies) * 1000:.2f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.2f} ms"
        )
        print(f"read journal: {read_s * 1000:.1f} ms; replay: {replay_s * 1000:.1f} ms")


if __name__ == "__main__":
    main()

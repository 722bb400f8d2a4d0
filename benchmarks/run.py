"""The performance suite: every figure against its floor, measured in the same run.

``python benchmarks/run.py [--quick] [--json PATH]``

Each figure that has a floor is measured in interleaved pairs (ours, floor, floor, ours, …) so a
busy machine slows both alike; a ratio is the median of ours over the median of the floor. The
large agendas and journals are generated in a temporary directory and removed afterwards. Our
package is byte-compiled first, as installing it does (see ``byte_compile``).

Keys and targets (each figure with its floor):

- ``startup_ratio`` ≤ 1.5: ``run`` on the sample, process start → first painted screen, against
  a bare Textual app (Header, Static, Footer);
- ``rss_ratio`` ≤ 1.3: peak resident memory at that first paint, against the same bare app;
- ``advance_ratio_sample`` ≤ 1.5: a key press (advance, step back, …) → the next frame, sample
  agenda, against a key press that does a ``Static.update`` in the bare app (both through Pilot);
- ``advance_ratio_5000`` ≤ 1.5: the same on a 5,000-step agenda;
- ``replay_100k_ratio`` ≤ 3: ``load_record`` (verify, parse, replay: what ``report`` and
  ``export`` do first) of a 100,000-event journal, against ``json.loads`` of every line;
- ``replay_growth`` ≤ 2.2: the same at 100,000 events over 50,000 (linear is 2);
- ``resume_100k_ratio`` ≤ 1.5: ``run --resume`` on 100,000 events → first paint, against a
  fresh ``run`` of the same agenda;
- ``chair_lag_ms`` ≤ 100: the chair view on a 25,000-event journal, an append → its state shown;
- ``import_1mb_s`` ≤ 1.0: ``facilitator import`` of a 1 MB script, the whole process;
- ``append_fsync_ms``: one event appended, flushed and fsynced (median), reported as is.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "facilitator" / "examples" / "leading-group-first-meeting.yaml"
SCRIPT = ROOT / "tests" / "data" / "scripts" / "leading-group-first-meeting.txt"

TARGETS: dict[str, float] = {
    "startup_ratio": 1.5,
    "rss_ratio": 1.3,
    "advance_ratio_sample": 1.5,
    "advance_ratio_5000": 1.5,
    "replay_100k_ratio": 3.0,
    "replay_growth": 2.2,
    "resume_100k_ratio": 1.5,
    "chair_lag_ms": 100.0,
    "import_1mb_s": 1.0,
}

INFORMATIVE: dict[str, str] = {
    "startup_library_ratio": "floor app + PyYAML + one pydantic model validated, over the floor",
    "rss_library_ratio": "the same, peak memory",
    "events_parse_100k_s": "pydantic parsing the 100,000 lines alone",
    "resume_extra_s": "resume minus the fresh run",
    "resume_budget_s": "what the resume target leaves for reading and folding",
}
"""Figures reported beside the targets: how much of a ratio the libraries take by themselves."""

CHILD = r"""
import resource, sys
mode = sys.argv[1]

def ready():
    print("READY", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)

if mode == "library":  # the stack's own share: what loading any agenda at all needs
    import yaml
    from pydantic import BaseModel, ConfigDict

    class Line(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        line: str

    class Doc(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        title: str
        steps: list[Line]

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    Doc.model_validate(yaml.load("title: 会议\nsteps:\n  - line: 同志们：现在开会。\n", loader))
    mode = "bare"

if mode == "bare":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self):
            yield Header()
            yield Static("同志们：现在开会。")
            yield Footer()

        def on_ready(self):
            ready()
            self.exit()

    Bare().run(headless=True, size=(120, 40))
else:
    from pathlib import Path
    from facilitator.runner import open_session

    session = open_session(
        Path(sys.argv[2]), Path(sys.argv[3]), resume=mode == "resume", force=False
    )
    from facilitator.tui.app import FacilitatorApp

    class Timed(FacilitatorApp):
        def on_ready(self):
            ready()
            self.exit()

    try:
        Timed(session).run(headless=True, size=(120, 40))
    finally:
        session.close()
"""


# -- generated inputs -------------------------------------------------------------------------


def big_agenda(path: Path, steps: int = 5000) -> Path:
    """An agenda of ``steps`` steps: items of 19 lines and a cue each."""
    out = ["version: 1", "meeting:", "  title: 大型会议性能测试", "  language: zh", "items:"]
    for item in range(steps // 20):
        out += [f"  - title: 第{item + 1}项议程", "    steps:"]
        for line in range(19):
            out.append(
                f"      - 现在进行第{item + 1}项议程的第{line + 1}段，请各位同志认真听取，"
                "并结合实际提出意见和建议，确保各项工作落到实处。"
            )
        out += ["      - cue: 发言毕", "        who: 张三"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def long_journal(path: Path, agenda_path: Path, events: int) -> Path:
    """A journal of ``events`` events on ``agenda_path``: a long meeting that moves forward,
    steps back, writes notes and takes breaks, and jumps back to the start at the end (so the
    undo history keeps growing), written without fsync."""
    from facilitator.agenda.load import load_agenda
    from facilitator.engine.events import (
        MeetingStarted,
        NoteAdded,
        Paused,
        Resumed,
        SessionStarted,
        StepEntered,
        Undone,
        event_to_json,
    )
    from facilitator.engine.script import compile_script
    from facilitator.journal.store import line_hash

    loaded = load_agenda(agenda_path)
    script = compile_script(loaded.agenda)
    last = len(script.slots) - 1
    zone = timezone(timedelta(hours=8))
    start = datetime(2026, 3, 2, 9, 0, tzinfo=zone)
    prev: str | None = None
    seq = 0
    lines: list[bytes] = []

    def emit(kind: Any, **fields: Any) -> None:
        nonlocal prev, seq
        seq += 1
        t = seq * 3.0
        event = kind(seq=seq, at=start + timedelta(seconds=t), t=t, prev=prev, **fields)
        line = event_to_json(event).encode("utf-8")
        lines.append(line)
        prev = line_hash(line)

    emit(
        SessionStarted,
        agenda=str(agenda_path.resolve()),
        agenda_sha256=loaded.sha256,
        title=loaded.agenda.meeting.title,
        agenda_text=loaded.text,
    )
    emit(MeetingStarted)
    cursor = 0
    undo: list[tuple[int, int]] = []
    step = 0
    while seq < events:
        phase = step % 7
        step += 1
        if phase < 3:
            target, via = (cursor + 1, "advance") if cursor < last - 1 else (0, "jump")
            no = script.part_of(target).no
            emit(StepEntered, slot=target, item_no=no, via=via)
            undo.append((seq, cursor))
            cursor = target
        elif phase == 3:
            undone, cursor = undo.pop()
            emit(Undone, undoes=undone)
        elif phase == 4:
            no = script.part_of(cursor).no
            emit(NoteAdded, text=f"第{seq}条备注：请会务组跟进。", slot=cursor, item_no=no)
        elif phase == 5:
            emit(Paused)
        else:
            emit(Resumed)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def big_script(path: Path, size: int = 1 << 20) -> Path:
    """A 主持词 of about ``size`` bytes: the sample's, its items repeated."""
    text = SCRIPT.read_text(encoding="utf-8")
    body = text * (size // len(text.encode("utf-8")) + 1)
    path.write_text(body[: size // 3], encoding="utf-8")  # 3 bytes a character, about
    return path


# -- measuring --------------------------------------------------------------------------------


def interleaved(
    pairs: int, ours: Callable[[], float], floor: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """``pairs`` runs of each, alternating which goes first."""
    a: list[float] = []
    b: list[float] = []
    for index in range(pairs):
        if index % 2:
            b.append(floor())
            a.append(ours())
        else:
            a.append(ours())
            b.append(floor())
    return a, b


def rotated(rounds: int, *measures: Callable[[], float]) -> list[list[float]]:
    """``rounds`` runs of each measure, each round starting with the next one in turn."""
    out: list[list[float]] = [[] for _ in measures]
    for index in range(rounds):
        for turn in range(len(measures)):
            which = (index + turn) % len(measures)
            out[which].append(measures[which]())
    return out


def child(mode: str, *args: str) -> tuple[float, float]:
    """Seconds from spawning a process to its first painted screen, and its peak RSS (MiB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - started
            rss = int(line.split()[1]) / 1024
            break
    else:
        raise RuntimeError(
            f"{mode}: no first paint: {process.stderr.read() if process.stderr else ''}"
        )
    process.wait(timeout=120)
    return elapsed, rss


async def press_latency(make: Callable[[], Any], keys: list[str], warm: int) -> list[float]:
    """Seconds from a key press until Pilot sees the app idle with the frame drawn."""
    app = make()
    out: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for index, key in enumerate(keys):
            started = time.perf_counter()
            await pilot.press(key)
            if index >= warm:
                out.append(time.perf_counter() - started)
    return out


def floor_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, Header, Static

    class Floor(App[None]):
        BINDINGS = [Binding("space,left", "bump", "bump")]  # noqa: RUF012

        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("同志们：现在开会。", id="line")
            yield Footer()

        def action_bump(self) -> None:
            self.count += 1
            self.query_one("#line", Static).update(f"同志们：现在开会。第{self.count}次。")

    return Floor()


def console_app(agenda_path: Path, journal: Path) -> Callable[[], Any]:
    def make() -> Any:
        from facilitator.agenda.load import load_agenda
        from facilitator.session import Session
        from facilitator.tui.app import FacilitatorApp

        if journal.exists():
            journal.unlink()
        return FacilitatorApp(Session.start(load_agenda(agenda_path), journal))

    return make


def advance_ratio(
    agenda_path: Path, directory: Path, presses: int, rounds: int
) -> dict[str, float]:
    """A key press that moves the meeting (advance, then step back, …) against a Static.update."""
    keys = ["space"] + ["space", "left"] * (presses // 2)
    ours: list[float] = []
    floor: list[float] = []
    make = console_app(agenda_path, directory / "advance.jsonl")
    for index in range(rounds):
        order = [(ours, make), (floor, floor_app)]
        if index % 2:
            order.reverse()
        for sink, factory in order:
            sink.extend(asyncio.run(press_latency(factory, keys, warm=3)))
    ours.sort()
    return {
        "ms": statistics.median(ours) * 1000,
        "p99_ms": ours[int(len(ours) * 0.99)] * 1000,
        "floor_ms": statistics.median(floor) * 1000,
        "ratio": statistics.median(ours) / statistics.median(floor),
    }


def replay_seconds(path: Path) -> float:
    from facilitator.journal.record import load_record

    started = time.perf_counter()
    load_record(path)
    return time.perf_counter() - started


def events_parse_seconds(path: Path) -> float:
    """Parsing every line into its pydantic event and nothing else: the library's share (with
    the collector held, as a journal read holds it)."""
    from facilitator.engine.events import event_from_json
    from facilitator.journal.store import collector_paused

    started = time.perf_counter()
    with collector_paused():
        for line in path.read_bytes().splitlines():
            event_from_json(line)
    return time.perf_counter() - started


def parse_seconds(path: Path) -> float:
    started = time.perf_counter()
    data = path.read_bytes()
    for line in data.splitlines():
        json.loads(line)
    return time.perf_counter() - started


async def chair_lag(journal: Path, appends: int) -> list[float]:
    """Seconds from an event's append (the operator advancing, or stepping back) to the chair
    view showing the state it leads to."""
    from facilitator.engine.events import StepEntered, Undone
    from facilitator.journal.store import JournalWriter, read_journal
    from facilitator.tui.chair import ChairApp

    app = ChairApp(journal)
    lags: list[float] = []
    writer = JournalWriter.open(journal)
    try:
        contents = read_journal(journal)
        writer.follow(contents)
        last = contents.events[-1]
        seq, t = last.seq, last.t
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            entered = 0
            for index in range(appends):
                meeting = app.meeting
                assert meeting is not None and meeting.slot is not None
                seq += 1
                t += 1.0
                at = last.at + timedelta(seconds=t - last.t)
                if index % 2 == 0:
                    slot = meeting.slot + 1
                    no = meeting.script.part_of(slot).no
                    event: Any = StepEntered(seq=seq, at=at, t=t, slot=slot, item_no=no)
                    entered = seq
                else:
                    event = Undone(seq=seq, at=at, t=t, undoes=entered)
                started = time.perf_counter()
                writer.append(event)
                while app.meeting is None or app.meeting.last_seq < seq:
                    await asyncio.sleep(0.002)
                await pilot.pause()
                lags.append(time.perf_counter() - started)
    finally:
        writer.close()
    return lags


def import_seconds(script: Path, out: Path) -> float:
    if out.exists():
        out.unlink()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "facilitator", "import", str(script), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def append_fsync(directory: Path, count: int) -> dict[str, float]:
    from facilitator.agenda.load import load_agenda
    from facilitator.engine.clock import FakeClock
    from facilitator.engine.commands import AddNote
    from facilitator.session import Session

    clock = FakeClock()
    session = Session.start(load_agenda(SAMPLE), directory / "append.jsonl", clock)
    times: list[float] = []
    try:
        for _ in range(count):
            clock.advance(1)
            started = time.perf_counter()
            session.execute(AddNote("记录一条备注"))
            times.append(time.perf_counter() - started)
    finally:
        session.close()
    times.sort()
    return {"ms": statistics.median(times) * 1000, "p99_ms": times[int(len(times) * 0.99)] * 1000}


# -- the run ----------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def byte_compile() -> None:
    """Write the package's bytecode, as installing it does.

    pip byte-compiles a wheel's modules on install, and Textual's and pydantic's were, so the
    floor starts from ``.pyc`` files; a checkout run with ``PYTHONDONTWRITEBYTECODE=1`` (or
    an editable install that never wrote them) would otherwise compile every one of our modules
    from source at each start, about 30 ms of ``startup_s`` that no installed copy pays.
    The files go to ``__pycache__`` (ignored by git); an edited module's is simply stale and
    not used."""
    compileall.compile_dir(ROOT / "facilitator", quiet=1)


def run(quick: bool, log: Callable[[str], None]) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "quick": quick}
    byte_compile()
    median = statistics.median
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as name:
        directory = Path(name)
        agenda5000 = big_agenda(directory / "agenda-5000.yaml")

        # start-up and memory: the sample, fresh, against the bare app
        pairs = 3 if quick else 7
        runs = [0]

        def ours_start() -> float:
            runs[0] += 1
            elapsed, rss = child("run", str(SAMPLE), str(directory / f"start-{runs[0]}.jsonl"))
            rss_ours.append(rss)
            return elapsed

        def bare_start() -> float:
            elapsed, rss = child("bare")
            rss_bare.append(rss)
            return elapsed

        def library_start() -> float:
            elapsed, rss = child("library")
            rss_library.append(rss)
            return elapsed

        rss_ours: list[float] = []
        rss_bare: list[float] = []
        rss_library: list[float] = []
        a, b, c = rotated(pairs, ours_start, bare_start, library_start)
        results["startup_s"] = median(a)
        results["startup_floor_s"] = median(b)
        results["startup_ratio"] = median(a) / median(b)
        results["rss_mib"] = median(rss_ours)
        results["rss_floor_mib"] = median(rss_bare)
        results["rss_ratio"] = median(rss_ours) / median(rss_bare)
        # the same bare app that also loads a one-line document with PyYAML and validates it
        # with a pydantic model: the part of each ratio that the stack takes before our code
        results["startup_library_s"] = median(c)
        results["startup_library_ratio"] = median(c) / median(b)
        results["rss_library_mib"] = median(rss_library)
        results["rss_library_ratio"] = median(rss_library) / median(rss_bare)
        log(
            f"startup {results['startup_ratio']:.2f} "
            f"(library {results['startup_library_ratio']:.2f}), rss {results['rss_ratio']:.2f} "
            f"(library {results['rss_library_ratio']:.2f})"
        )

        # a key press → the next frame
        presses, rounds = (20, 2) if quick else (60, 4)
        for key, agenda in (("sample", SAMPLE), ("5000", agenda5000)):
            figures = advance_ratio(agenda, directory, presses, rounds)
            results[f"advance_ms_{key}"] = figures["ms"]
            results[f"advance_p99_ms_{key}"] = figures["p99_ms"]
            results[f"advance_floor_ms_{key}"] = figures["floor_ms"]
            results[f"advance_ratio_{key}"] = figures["ratio"]
            log(f"advance {key} {figures['ratio']:.2f}")

        # replay: 50k and 100k events, against parsing the lines
        j50 = long_journal(directory / "j50k.jsonl", agenda5000, 50_000)
        j100 = long_journal(directory / "j100k.jsonl", agenda5000, 100_000)
        a100: list[float] = []
        b100: list[float] = []
        a50: list[float] = []
        p100: list[float] = []
        runs_of = [
            (a100, lambda: replay_seconds(j100)),
            (b100, lambda: parse_seconds(j100)),
            (a50, lambda: replay_seconds(j50)),
            (p100, lambda: events_parse_seconds(j100)),
        ]
        for index in range(3 if quick else 5):
            turn = runs_of[index % 4 :] + runs_of[: index % 4]  # each goes first in turn
            for sink, measure in turn:
                gc.collect()  # what the last run left is not charged to the next
                sink.append(measure())
        results["replay_100k_s"] = median(a100)
        results["replay_100k_floor_s"] = median(b100)
        results["replay_100k_ratio"] = median(a100) / median(b100)
        results["replay_50k_s"] = median(a50)
        results["replay_growth"] = median(a100) / median(a50)
        results["events_parse_100k_s"] = median(p100)
        log(f"replay {results['replay_100k_ratio']:.2f}, growth {results['replay_growth']:.2f}")

        # resume on 100k events against a fresh run of the same agenda
        resumes = [0]

        def ours_resume() -> float:
            resumes[0] += 1
            copy = directory / f"resume-{resumes[0]}.jsonl"
            shutil.copyfile(j100, copy)
            return child("resume", str(agenda5000), str(copy))[0]

        def fresh() -> float:
            resumes[0] += 1
            return child("run", str(agenda5000), str(directory / f"fresh-{resumes[0]}.jsonl"))[0]

        a, b = interleaved(2 if quick else 5, ours_resume, fresh)
        results["resume_100k_s"] = median(a)
        results["resume_100k_floor_s"] = median(b)
        results["resume_100k_ratio"] = median(a) / median(b)
        # what the target leaves for reading and folding the journal, against what it took
        results["resume_budget_s"] = median(b) * (TARGETS["resume_100k_ratio"] - 1)
        results["resume_extra_s"] = median(a) - median(b)
        log(f"resume {results['resume_100k_ratio']:.2f}")

        # the chair view on a 25k-event journal
        j25 = long_journal(directory / "j25k.jsonl", agenda5000, 25_000)
        lags = sorted(asyncio.run(chair_lag(j25, 10 if quick else 40)))
        results["chair_lag_ms"] = median(lags) * 1000
        results["chair_lag_p99_ms"] = lags[int(len(lags) * 0.99)] * 1000
        log(f"chair {results['chair_lag_ms']:.0f} ms")

        # import of a 1 MB script, the whole process
        script = big_script(directory / "big-script.txt")
        times = [import_seconds(script, directory / "big.yaml") for _ in range(1 if quick else 3)]
        results["import_1mb_s"] = median(times)
        log(f"import {results['import_1mb_s']:.2f} s")

        # append + fsync, as is
        figures = append_fsync(directory, 50 if quick else 300)
        results["append_fsync_ms"] = figures["ms"]
        results["append_fsync_p99_ms"] = figures["p99_ms"]
    return results


def table(results: dict[str, Any]) -> str:
    rows = ["| key | value | target | |", "|---|---|---|---|"]
    for key, target in TARGETS.items():
        value = results.get(key)
        if value is None:
            rows.append(f"| `{key}` | — | ≤ {target:g} | not run |")
            continue
        verdict = "pass" if value <= target else "FAIL"
        rows.append(f"| `{key}` | {value:.2f} | ≤ {target:g} | {verdict} |")
    rows.append(f"| `append_fsync_ms` | {results.get('append_fsync_ms', 0):.2f} | as is | |")
    for key, what in INFORMATIVE.items():
        if key in results:
            rows.append(f"| `{key}` | {results[key]:.2f} | as is | {what} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (under two minutes)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(args.quick, lambda text: print(f"  {text}", file=sys.stderr, flush=True))
    results["wall_s"] = time.perf_counter() - started
    print(f"machine: {results['machine']}")
    print(table(results))
    print(
        "details:",
        json.dumps(
            {k: round(v, 4) if isinstance(v, float) else v for k, v in results.items()},
            ensure_ascii=False,
        ),
    )
    if args.json:
        args.json.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

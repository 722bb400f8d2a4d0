"""Load on the room display, measured: ``python benchmarks/room_load.py [--seconds S]``.

A real ``facilitator serve`` process follows a journal that a real :class:`Session` writes; N
event streams (half ``/chair``, half ``/room``) stay open on loopback while the session appends
an event every ``interval`` seconds (a break begun, a break ended). For every event and every
stream the lag is the time from just before the command (the operator's key) to the first message
on that stream whose ``id`` (the journal's ``seq``) reaches the event's. It reports the lag's
p50/p99/max and the server's resident memory (at the start and at its peak), and stops by itself.

With ``--browser`` two of the pages are /chair and /room in headless Chromium, and the lag to
their drawing each event (a MutationObserver on the page notes when) is reported too.

The test suite runs a short version (tests/web/test_load.py); this script runs the full one.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from facilitator.agenda.load import load_agenda
from facilitator.engine.commands import Pause, Resume, Start
from facilitator.session import Session

EXAMPLES = Path(__file__).parent.parent / "facilitator" / "examples"
SAMPLE = EXAMPLES / "leading-group-first-meeting.yaml"
ID_LINE = re.compile(rb"^id: (\d+)")


class ServerProcess:
    """``facilitator serve`` in a child process; the URLs it printed; its memory."""

    def __init__(
        self,
        journal: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        max_streams: int | None = None,
        options: tuple[str, ...] = (),
    ) -> None:
        self.journal = journal
        self.host = host
        self.port = port
        self.max_streams = max_streams
        self.options = options
        self.urls: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        """The token in each printed URL ("chair", "room"), beyond loopback."""
        self.stdout: list[str] = []
        self.stderr = ""
        self.process: subprocess.Popen[str] | None = None

    @property
    def token(self) -> str | None:
        """The chair's token (it opens every page), if the server asks for one."""
        return self.tokens.get("chair")

    def start(self) -> ServerProcess:
        command = [sys.executable, "-m", "facilitator", "serve", str(self.journal)]
        command += ["--host", self.host, "--port", str(self.port), *self.options]
        if self.max_streams is not None:
            command += ["--max-streams", str(self.max_streams)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        while len(self.urls) < 2:
            line = self.process.stdout.readline()
            if not line:
                self.stop()
                raise RuntimeError(f"facilitator serve did not start: {self.stderr}")
            self.stdout.append(line)
            name, _, url = line.partition(":")
            if name in ("chair", "room"):
                self.urls[name] = url.strip()
        for name, url in self.urls.items():
            address = urlsplit(url)
            self.port = address.port or 80
            token = parse_qs(address.query).get("token", [None])[0]
            if token is not None:
                self.tokens[name] = token
        return self

    def url(self, path: str, *, token: bool = True) -> str:
        """``path`` on this server, with the token that opens it if there is one (and
        ``token``): the chair's for /chair and its stream, the room's for everything else."""
        kind = "chair" if path in ("/chair", "/events/chair") else "room"
        given = self.tokens.get(kind)
        query = f"?token={given}" if token and given else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}{query}"

    def rss_kb(self) -> int:
        """The server's resident memory now (Linux), in KiB."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) if match else 0

    def stop(self) -> None:
        """Interrupt the server as ctrl+c would; kill it if it does not go."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=8)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            self.stderr = process.stderr.read()
            process.stderr.close()
        if process.stdout is not None:
            process.stdout.close()
        self.process = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass
class Stream:
    """One page's event stream: when each message arrived, by seq."""

    path: str
    seqs: list[int] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    def arrival(self, seq: int) -> float | None:
        """When the first message at or after ``seq`` arrived."""
        index = bisect_left(self.seqs, seq)
        return self.times[index] if index < len(self.times) else None


class OpenStream(NamedTuple):
    """An event stream's connection (keep the writer: collecting it closes the connection)."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    status: int


async def open_stream(host: str, port: int, path: str) -> OpenStream:
    """A raw HTTP/1.1 GET of an event stream, read up to the end of the headers."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    while (await reader.readline()).strip():
        pass
    return OpenStream(reader, writer, status)


async def consume(reader: asyncio.StreamReader, stream: Stream) -> None:
    """Note every message's seq and arrival until the connection ends."""
    while line := await reader.readline():
        match = ID_LINE.match(line)
        if match:
            stream.seqs.append(int(match.group(1)))
            stream.times.append(time.perf_counter())


@dataclass(frozen=True)
class LoadResult:
    """What a load run measured."""

    streams: int
    events: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    missed: int
    """(stream, event) pairs never delivered."""
    rss_start_kb: int
    rss_peak_kb: int
    browser_lags_ms: tuple[float, ...] = ()
    """With ``--browser``: from the command to Chromium's /chair and /room drawing it."""

    def summary(self) -> str:
        text = (
            f"{self.streams} streams, {self.events} events in {self.seconds:.0f} s: lag p50 "
            f"{self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms, missed "
            f"{self.missed}; server memory {self.rss_start_kb / 1024:.1f} MiB at the start, "
            f"{self.rss_peak_kb / 1024:.1f} MiB at the peak"
        )
        if self.browser_lags_ms:
            lags = list(self.browser_lags_ms)
            text += (
                f"; in Chromium (/chair and /room, {len(lags)} draws): p50 "
                f"{statistics.median(lags):.1f} ms, p99 {percentile(lags, 0.99):.1f} ms"
            )
        return text


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run_load(
    directory: Path,
    *,
    streams: int = 200,
    seconds: float = 30.0,
    interval: float = 0.25,
    browser: bool = False,
) -> LoadResult:
    """Open ``streams`` pages, append events for ``seconds``, measure; stops by itself.

    With ``browser``, two of the pages are /chair and /room in headless Chromium (the system's),
    and the lag to their drawing each event is reported as well.
    """
    session = Session.start(load_agenda(SAMPLE), directory / "load.jsonl")
    session.execute(Start())
    try:
        with ServerProcess(
            session.journal_path, options=("--max-streams-per-client", str(streams))
        ) as server:
            if not browser:
                return await _measure(server, session, streams, seconds, interval)
            from playwright.async_api import async_playwright

            async with async_playwright() as playwright:
                chromium = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox"]
                )
                pages = []
                for kind in ("chair", "room"):
                    page = await chromium.new_page(viewport={"width": 1920, "height": 1080})
                    await page.add_init_script(DRAWN)
                    await page.goto(server.url(f"/{kind}"))
                    pages.append(page)
                drawn: list[dict[str, float]] = []
                sent_wall: dict[int, float] = {}

                async def collect() -> None:
                    for page in pages:
                        drawn.append(await page.evaluate("window.__drawn"))

                result = await _measure(
                    server, session, streams - len(pages), seconds, interval, collect, sent_wall
                )
                await chromium.close()
            return _with_browser(result, drawn, sent_wall)
    finally:
        session.close()


CHROMIUM = "/usr/bin/chromium"
DRAWN = """
window.__drawn = {};
new MutationObserver(() => {
  const seq = document.body && document.body.dataset.seq;
  if (seq && !(seq in window.__drawn)) window.__drawn[seq] = Date.now();
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-seq"]});
"""
"""Notes when a page first draws each seq (the wall clock in ms, as ``time.time()``)."""


def _with_browser(
    result: LoadResult, drawn: list[dict[str, float]], sent_wall: dict[int, float]
) -> LoadResult:
    lags: list[float] = []
    for page in drawn:
        seqs = sorted(int(seq) for seq in page)
        for seq, at in sent_wall.items():
            index = bisect_left(seqs, seq)
            if index < len(seqs):
                lags.append(page[str(seqs[index])] - at)
    return replace(result, browser_lags_ms=tuple(lags))


async def _measure(
    server: ServerProcess,
    session: Session,
    count: int,
    seconds: float,
    interval: float,
    collect: Callable[[], Awaitable[None]] | None = None,
    sent_wall: dict[int, float] | None = None,
) -> LoadResult:
    pages = [Stream("/events/chair" if i % 2 == 0 else "/events/room") for i in range(count)]
    readers = await asyncio.gather(*(open_stream(server.host, server.port, p.path) for p in pages))
    assert all(opened.status == 200 for opened in readers), "a stream was refused"
    tasks = [
        asyncio.create_task(consume(opened.reader, page))
        for opened, page in zip(readers, pages, strict=True)
    ]
    deadline = time.perf_counter() + 10
    while any(not p.seqs for p in pages) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    rss_start = rss_peak = server.rss_kb()
    sent: dict[int, float] = {}
    began = time.perf_counter()
    paused = False
    while time.perf_counter() - began < seconds:
        command = Resume() if paused else Pause()
        before, wall = time.perf_counter(), time.time() * 1000
        [event] = await asyncio.to_thread(session.execute, command)
        sent[event.seq] = before
        if sent_wall is not None:
            sent_wall[event.seq] = wall
        paused = not paused
        rss_peak = max(rss_peak, server.rss_kb())
        await asyncio.sleep(interval)
    last = max(sent, default=0)
    deadline = time.perf_counter() + 10  # the last event's messages, on a busy machine too
    while any(page.arrival(last) is None for page in pages) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # and the browser's drawing of it
    rss_peak = max(rss_peak, server.rss_kb())
    if collect is not None:
        await collect()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for opened in readers:
        opened.writer.close()
    lags: list[float] = []
    missed = 0
    for page in pages:
        for seq, at in sent.items():
            arrival = page.arrival(seq)
            if arrival is None:
                missed += 1
            else:
                lags.append((arrival - at) * 1000)
    return LoadResult(
        streams=count,
        events=len(sent),
        seconds=seconds,
        p50_ms=statistics.median(lags) if lags else float("nan"),
        p99_ms=percentile(lags, 0.99) if lags else float("nan"),
        max_ms=max(lags, default=float("nan")),
        missed=missed,
        rss_start_kb=rss_start,
        rss_peak_kb=rss_peak,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument(
        "--browser", action="store_true", help="two of the pages in Chromium (/usr/bin/chromium)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        result = asyncio.run(
            run_load(
                Path(directory),
                streams=args.streams,
                seconds=args.seconds,
                interval=args.interval,
                browser=args.browser,
            )
        )
    print(result.summary())


if __name__ == "__main__":
    main()

"""A slow-header flood on the room display, measured: ``python -m benchmarks.room_flood``.

A real ``facilitator serve`` on 127.0.0.2 (beyond loopback as far as ``serve`` is concerned, so
with its tokens; never off this machine). ``--connections`` clients (default 1,100) each open a
connection from one of ``--sources`` loopback addresses, send half a request head and stop.
While they hold on, a client with the room token (from its own address) asks for /room; the run
reports how long it took to be answered, how many flood connections the server still holds,
how many it refused, its open files, its memory and how much it wrote to stderr. It stops by
itself (every wait is bounded) and touches nothing beyond loopback.

The test suite runs it too (tests/web/test_guard.py), with the same counts.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.room_load import SAMPLE, ServerProcess
from facilitator.agenda.load import load_agenda
from facilitator.engine.commands import Start
from facilitator.session import Session

SERVER = "127.0.0.2"
CLIENT = "127.0.0.1"
"""The token holder's own address."""
HALF_HEAD = b"GET /room HTTP/1.1\r\nHost: 127.0.0.2\r\nUser-Agent: slow"


@dataclass(frozen=True)
class FloodResult:
    """What a flood run measured."""

    connections: int
    opened: int
    """Connections the kernel accepted from the flood (the rest failed to connect)."""
    refused: int
    """Answered 503 and closed at once."""
    held: int
    """Still open when the token holder had been served."""
    served_s: float
    """From the token holder's first try to its 200 (``inf`` if never within the bound)."""
    status: int
    server_files: int
    rss_kb: int

    def summary(self) -> str:
        return (
            f"{self.connections} slow connections ({self.opened} opened): {self.refused} refused "
            f"with 503, {self.held} held; the token holder served in {self.served_s * 1000:.0f} "
            f"ms (status {self.status}); server: {self.server_files} open files, "
            f"{self.rss_kb / 1024:.1f} MiB resident"
        )


class Slow:
    """One flood connection: opened, half a head sent, then read until the server ends it."""

    def __init__(self) -> None:
        self.opened = False
        self.closed = False
        self.answer = b""

    async def run(self, port: int, source: str, stop: asyncio.Event) -> None:
        try:
            reader, writer = await asyncio.open_connection(SERVER, port, local_addr=(source, 0))
        except OSError:
            return
        self.opened = True
        try:
            writer.write(HALF_HEAD)
            reading = asyncio.ensure_future(reader.read(200))
            waiting = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({reading, waiting}, return_when=asyncio.FIRST_COMPLETED)
            if reading in done:
                self.answer = reading.result()
                self.closed = True
            else:
                reading.cancel()
            waiting.cancel()
        except OSError:
            self.closed = True
        finally:
            writer.close()


async def get(port: int, path: str, source: str, bound_s: float) -> tuple[int, float]:
    """A whole GET from ``source``, tried again until answered 200 or ``bound_s``; its status
    and how long it took from the first try."""
    began = time.perf_counter()
    status = 0
    while time.perf_counter() - began < bound_s:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(SERVER, port, local_addr=(source, 0)), 1
            )
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {SERVER}:{port}\r\n\r\n".encode())
            line = await asyncio.wait_for(reader.readline(), 2)
            writer.close()
            status = int(line.split()[1]) if line else 0
            if status == 200:
                break
        except (OSError, TimeoutError, ValueError, IndexError):
            pass
        await asyncio.sleep(0.05)
    return status, time.perf_counter() - began


def open_files(server: ServerProcess) -> int:
    """The server's open file descriptors now (Linux), else 0."""
    assert server.process is not None
    try:
        return sum(1 for _ in Path(f"/proc/{server.process.pid}/fd").iterdir())
    except OSError:
        return 0


async def flood(
    server: ServerProcess, *, connections: int = 1100, sources: int = 1, bound_s: float = 10.0
) -> FloodResult:
    """The flood on a running server (``SERVER``, with tokens); it ends its connections."""
    stop = asyncio.Event()
    slow = [Slow() for _ in range(connections)]
    addresses = [f"127.0.0.{10 + i % 200}" for i in range(sources)]
    tasks = [
        asyncio.create_task(one.run(server.port, addresses[i % sources], stop))
        for i, one in enumerate(slow)
    ]
    deadline = time.perf_counter() + bound_s
    while sum(one.opened or one.closed for one in slow) < connections * 0.99:
        if time.perf_counter() > deadline:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # let the server answer what it refuses
    path = f"/room?token={server.tokens.get('room', '')}"
    status, served = await get(server.port, path, CLIENT, bound_s)
    files = open_files(server)
    rss = server.rss_kb()
    held = sum(one.opened and not one.closed for one in slow)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), bound_s)
    return FloodResult(
        connections=connections,
        opened=sum(one.opened for one in slow),
        refused=sum(one.answer.startswith(b"HTTP/1.1 503") for one in slow),
        held=held,
        served_s=served if status == 200 else float("inf"),
        status=status,
        server_files=files,
        rss_kb=rss,
    )


async def run_flood(
    directory: Path, *, connections: int = 1100, sources: int = 1, options: tuple[str, ...] = ()
) -> tuple[FloodResult, ServerProcess]:
    """A server on a fresh session, flooded; the result and the stopped server (its stderr)."""
    session = Session.start(load_agenda(SAMPLE), directory / "flood.jsonl")
    session.execute(Start())
    try:
        with ServerProcess(session.journal_path, host=SERVER, options=options) as server:
            result = await flood(server, connections=connections, sources=sources)
        return result, server
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1100)
    parser.add_argument("--sources", type=int, default=1, help="flood from this many addresses")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        result, server = asyncio.run(
            run_flood(Path(directory), connections=args.connections, sources=args.sources)
        )
    print(result.summary())
    print(f"server stderr: {len(server.stderr.encode())} bytes")
    print(server.stderr, end="")


if __name__ == "__main__":
    main()

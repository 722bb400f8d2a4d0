"""A bounded load test on loopback: 200 streams for a few seconds while events are appended.

The full 30-second run is ``python benchmarks/room_load.py``; both report the lag from the
command to each stream (p50, p99) and the server's memory. Nothing here asserts a latency: the
machine running the suite is shared. What is asserted is that every stream saw every event.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from benchmarks.room_load import run_load

STREAMS = 200
SECONDS = 3.0


def test_two_hundred_streams_each_see_every_event_and_the_run_stops_by_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = asyncio.run(
        asyncio.wait_for(run_load(tmp_path, streams=STREAMS, seconds=SECONDS), timeout=60)
    )
    with capsys.disabled():
        print(f"\nroom display load: {result.summary()}")
    assert result.streams == STREAMS and result.events >= 4
    assert result.missed == 0
    assert result.rss_peak_kb > 0

"""The committed journals are what the builder makes, and each reads back cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.journal.record import load_record
from tests.report.journals import (
    JOURNALS,
    TORN_TAIL,
    build_election_finished,
    build_small_failed,
    build_small_finished,
    build_small_live,
)


def _comparable(path: Path) -> list[dict[str, object]]:
    """Events without what depends on the machine: the agenda's absolute path, the writing
    process, and the hashes (which cover the path)."""
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        for machine_dependent in ("prev", "agenda", "pid", "host", "seal_digest"):
            event.pop(machine_dependent, None)
        events.append(event)
    return events


@pytest.mark.parametrize(
    ("name", "builder"),
    [
        ("small-finished.jsonl", build_small_finished),
        ("small-live.jsonl", build_small_live),
        ("small-failed.jsonl", build_small_failed),
        ("election-finished.jsonl", build_election_finished),
    ],
)
def test_a_committed_journal_is_what_the_builder_makes(
    name: str, builder: object, tmp_path: Path
) -> None:
    assert callable(builder)
    rebuilt = builder(tmp_path / name)
    assert _comparable(rebuilt) == _comparable(JOURNALS / name)


def test_the_torn_journal_is_the_finished_one_plus_half_a_line() -> None:
    finished = (JOURNALS / "small-finished.jsonl").read_bytes()
    assert (JOURNALS / "small-torn.jsonl").read_bytes() == finished + TORN_TAIL


@pytest.mark.parametrize("name", sorted(p.name for p in JOURNALS.glob("*.jsonl")))
def test_a_committed_journal_reads_back(name: str) -> None:
    record = load_record(JOURNALS / name)
    assert record.events
    assert (record.contents.torn is not None) == (name == "small-torn.jsonl")

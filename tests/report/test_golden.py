"""Each export format, byte for byte, on fixed journals (goldens in ``tests/report/golden``).

To accept a deliberate change, regenerate the goldens and review the diff:

    FACILITATOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_golden.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from facilitator.journal.verify import verify_data
from facilitator.report.export import export_journal
from tests.report.conftest import GOLDEN

CASES = [
    ("finished_journal", "csv", "small-finished.csv"),
    ("finished_journal", "json", "small-finished.json"),
    ("finished_journal", "md", "small-finished.md"),
    ("live_journal", "csv", "small-live.csv"),
    ("live_journal", "json", "small-live.json"),
    ("live_journal", "md", "small-live.md"),
    ("english_journal", "md", "small-en.md"),
    ("sample_journal", "csv", "sample-finished.csv"),
    ("sample_journal", "json", "sample-finished.json"),
    ("sample_journal", "md", "sample-finished.md"),
    ("failed_journal", "csv", "small-failed.csv"),
    ("failed_journal", "json", "small-failed.json"),
    ("failed_journal", "md", "small-failed.md"),
    ("election_journal", "csv", "election-finished.csv"),
    ("election_journal", "json", "election-finished.json"),
    ("election_journal", "md", "election-finished.md"),
]


@pytest.mark.parametrize(("journal_fixture", "fmt", "golden"), CASES)
def test_an_export_matches_its_golden_file_exactly(
    journal_fixture: str, fmt: str, golden: str, request: pytest.FixtureRequest
) -> None:
    journal: Path = request.getfixturevalue(journal_fixture)
    written = export_journal(journal, fmt)
    expected = GOLDEN / golden
    if os.environ.get("FACILITATOR_UPDATE_GOLDEN"):
        expected.write_bytes(written.read_bytes())
    # The 记录校验码 hashes the journal, whose first line names the agenda's absolute path: a
    # journal built in a temporary folder has its own. That it is the seal's is checked below.
    assert _masked(written.read_bytes()) == _masked(expected.read_bytes())


_CODE = re.compile(rb"(?:[0-9a-f]{8} ){7}[0-9a-f]{8}")


def _masked(data: bytes) -> bytes:
    return _CODE.sub(b"<record code>", data)


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_every_export_prints_the_seal_as_the_record_code(
    finished_journal: Path, live_journal: Path, fmt: str, tmp_path: Path
) -> None:
    seal = verify_data(finished_journal.read_bytes(), finished_journal).seal
    assert seal is not None
    sealed = export_journal(finished_journal, fmt, tmp_path / f"sealed.{fmt}").read_bytes()
    assert _CODE.findall(sealed) == [seal.code.encode()]
    live = export_journal(live_journal, fmt, tmp_path / f"live.{fmt}").read_bytes()
    assert _CODE.findall(live) == []
    assert "未封存".encode() in live or b"null" in live


def test_the_torn_journal_exports_the_same_as_the_intact_one(
    torn_journal: Path, finished_journal: Path, tmp_path: Path
) -> None:
    for fmt in ("csv", "json", "md"):
        torn = export_journal(torn_journal, fmt, tmp_path / f"torn.{fmt}")
        intact = export_journal(finished_journal, fmt, tmp_path / f"intact.{fmt}")
        assert torn.read_bytes() == intact.read_bytes()

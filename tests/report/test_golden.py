"""Each export format, byte for byte, on fixed journals (goldens in ``tests/report/golden``).

To accept a deliberate change, regenerate the goldens and review the diff:

    FACILITATOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    assert written.read_bytes() == expected.read_bytes()


def test_the_torn_journal_exports_the_same_as_the_intact_one(
    torn_journal: Path, finished_journal: Path, tmp_path: Path
) -> None:
    for fmt in ("csv", "json", "md"):
        torn = export_journal(torn_journal, fmt, tmp_path / f"torn.{fmt}")
        intact = export_journal(finished_journal, fmt, tmp_path / f"intact.{fmt}")
        assert torn.read_bytes() == intact.read_bytes()

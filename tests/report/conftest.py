"""Report fixtures: the committed journals, copied to where a test may write beside them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.report.journals import JOURNALS, SAMPLE_AGENDA, SMALL_AGENDA, SMALL_FINISHED, build

GOLDEN = Path(__file__).parent / "golden"


def _copy(name: str, directory: Path) -> Path:
    target = directory / name
    shutil.copyfile(JOURNALS / name, target)
    return target


@pytest.fixture
def finished_journal(tmp_path: Path) -> Path:
    """The small meeting, run to its end (a copy in ``tmp_path``)."""
    return _copy("small-finished.jsonl", tmp_path)


@pytest.fixture
def live_journal(tmp_path: Path) -> Path:
    """The small meeting, still under way in item 2."""
    return _copy("small-live.jsonl", tmp_path)


@pytest.fixture
def torn_journal(tmp_path: Path) -> Path:
    """The finished small meeting with half a line appended, as a power cut leaves it."""
    return _copy("small-torn.jsonl", tmp_path)


@pytest.fixture
def sample_journal(tmp_path: Path) -> Path:
    """The sample meeting (the leading group's first meeting), run through."""
    if not SAMPLE_AGENDA.exists():  # pragma: no cover - the sample is committed
        pytest.skip("no sample agenda")
    return _copy("sample-finished.jsonl", tmp_path)


@pytest.fixture
def failed_journal(tmp_path: Path) -> Path:
    """The small meeting whose two-thirds vote fails, with a break."""
    return _copy("small-failed.jsonl", tmp_path)


@pytest.fixture
def election_journal(tmp_path: Path) -> Path:
    """The branch committee's election meeting, run through."""
    return _copy("election-finished.jsonl", tmp_path)


@pytest.fixture
def english_journal(tmp_path: Path) -> Path:
    """The small meeting's scenario on the same agenda declared ``language: en``."""
    agenda = tmp_path / "small-en.yaml"
    agenda.write_text(
        SMALL_AGENDA.read_text(encoding="utf-8").replace("language: zh", "language: en"),
        encoding="utf-8",
    )
    return build(agenda, tmp_path / "small-en.jsonl", SMALL_FINISHED)

"""Rehearsals: the journal says so, every document of it says 彩排, and ``plan`` sets planned
times from the medians of rehearsals of the same agenda."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from facilitator.agenda.load import load_agenda
from facilitator.cli import main
from facilitator.engine.clock import FakeClock
from facilitator.engine.events import SessionStarted, event_from_json
from facilitator.report.export import export_journal
from facilitator.report.plan import round_plan
from facilitator.report.terminal import print_report
from facilitator.runner import default_journal_path
from facilitator.session import Session
from tests.report.journals import DOORS_OPEN, SMALL_AGENDA, SMALL_FINISHED, Wait, run_steps


def _rehearse(agenda: Path, journal: Path, *, stretch: float = 1.0, rehearsal: bool = True) -> Path:
    """The small meeting run through, every wait stretched by ``stretch``."""
    clock = FakeClock(start=DOORS_OPEN)
    session = Session.start(load_agenda(agenda), journal, clock, rehearsal=rehearsal)
    steps = [
        Wait(step.seconds * stretch) if isinstance(step, Wait) else step for step in SMALL_FINISHED
    ]
    try:
        run_steps(session, clock, steps)
    finally:
        session.close()
    return journal


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    target = tmp_path / "meeting.yaml"
    text = SMALL_AGENDA.read_text(encoding="utf-8")
    text = text.replace("items:\n", "# the items, as the office sent them\nitems:\n", 1)
    target.write_text(text, encoding="utf-8")
    return target


def test_a_rehearsal_journal_says_so_in_its_first_event_and_its_name(
    agenda: Path, tmp_path: Path
) -> None:
    journal = _rehearse(agenda, tmp_path / "r.jsonl")
    first = event_from_json(journal.read_bytes().split(b"\n", 1)[0])
    assert isinstance(first, SessionStarted) and first.rehearsal
    assert default_journal_path(agenda, rehearsal=True).name.endswith("_meeting-rehearsal.jsonl")
    assert not default_journal_path(agenda).name.endswith("-rehearsal.jsonl")


def test_a_meeting_journal_does_not_carry_the_rehearsal_field(agenda: Path, tmp_path: Path) -> None:
    journal = _rehearse(agenda, tmp_path / "m.jsonl", rehearsal=False)
    assert b"rehearsal" not in journal.read_bytes().split(b"\n", 1)[0]


def _report(journal: Path) -> str:
    from rich.console import Console

    console = Console(record=True, width=100, file=io.StringIO())
    print_report(journal, console)
    return console.export_text()


def test_every_report_and_export_of_a_rehearsal_says_so(agenda: Path, tmp_path: Path) -> None:
    journal = _rehearse(agenda, tmp_path / "r.jsonl")
    assert "彩排" in _report(journal)
    for fmt in ("csv", "md"):
        out = export_journal(journal, fmt, tmp_path / f"out.{fmt}")
        text = out.read_text(encoding="utf-8-sig")
        assert "彩排" in text, fmt
    export_journal(journal, "json", tmp_path / "out.json")
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["meeting"]["rehearsal"] is True
    docx = pytest.importorskip("docx")
    out = export_journal(journal, "docx", tmp_path / "out.docx")
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any("彩排" in text for text in paragraphs[:3])


def test_a_meeting_report_does_not_say_rehearsal(agenda: Path, tmp_path: Path) -> None:
    journal = _rehearse(agenda, tmp_path / "m.jsonl", rehearsal=False)
    assert "彩排" not in _report(journal)


def test_planned_times_are_rounded_as_people_write_them() -> None:
    assert round_plan(754) == 780  # 12m34s → 13m
    assert round_plan(44) == 40
    assert round_plan(3) == 10


def test_plan_with_two_rehearsals_writes_the_medians_and_keeps_comments(
    agenda: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _rehearse(agenda, tmp_path / "a.jsonl", stretch=1.0)
    second = _rehearse(agenda, tmp_path / "b.jsonl", stretch=1.5)
    before = agenda.read_text(encoding="utf-8")
    assert main(["plan", str(agenda), "--from", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert "→" in out and "item 1" in out and "cue 汇报毕" in out
    assert agenda.read_text(encoding="utf-8") == before  # a dry run writes nothing
    assert main(["plan", str(agenda), "--from", str(first), str(second), "--write"]) == 0
    after = agenda.read_text(encoding="utf-8")
    assert "# the items, as the office sent them" in after
    loaded = load_agenda(agenda)
    # item 1 ran 9m25s and 14m7.5s: the median 11m46s, planned as 12m; its cue 9m and 13m30s.
    assert loaded.agenda.items[0].planned == 12 * 60
    cue = loaded.agenda.items[0].steps[1]
    assert cue.planned == round_plan((540 + 810) / 2)
    # item 3 had no plan: it gets one, written after its title
    assert loaded.agenda.items[2].planned is not None
    assert "  - title: 领导讲话\n    planned: " in after
    assert main(["plan", str(agenda), "--from", str(first), str(second)]) == 2  # agenda changed
    assert "different agenda" in capsys.readouterr().err


def test_plan_refuses_a_meeting_journal_without_the_flag(
    agenda: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = _rehearse(agenda, tmp_path / "m.jsonl", rehearsal=False)
    before = agenda.read_bytes()
    assert main(["plan", str(agenda), "--from", str(journal), "--write"]) == 2
    err = capsys.readouterr().err
    assert "is not a rehearsal" in err and err.count("\n") == 1
    assert agenda.read_bytes() == before
    assert main(["plan", str(agenda), "--from", str(journal), "--any-journal", "--write"]) == 0
    assert "warning: not a rehearsal" in capsys.readouterr().err
    assert agenda.read_bytes() != before


def test_plan_refuses_a_journal_of_another_agenda(
    agenda: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.yaml"
    shutil.copyfile(SMALL_AGENDA, other)
    other.write_text(other.read_text(encoding="utf-8").replace("10m", "11m"), encoding="utf-8")
    journal = _rehearse(other, tmp_path / "o.jsonl")
    assert main(["plan", str(agenda), "--from", str(journal)]) == 2
    err = capsys.readouterr().err
    assert "different agenda" in err and "o.jsonl" in err


def test_plan_names_a_missing_journal_in_one_line(
    agenda: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(agenda), "--from", str(tmp_path / "none.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "none.jsonl" in err and "Traceback" not in err and err.count("\n") == 1


def test_the_rehearsals_of_an_agenda_are_found_by_its_hash(agenda: Path, tmp_path: Path) -> None:
    from facilitator.journal.find import rehearsals_of

    folder = tmp_path / "journals"
    folder.mkdir()
    first = _rehearse(agenda, folder / "a-rehearsal.jsonl")
    _rehearse(agenda, folder / "b.jsonl", rehearsal=False)
    other = tmp_path / "other.yaml"
    other.write_text(agenda.read_text(encoding="utf-8").replace("10m", "11m"), encoding="utf-8")
    _rehearse(other, folder / "c-rehearsal.jsonl")
    assert rehearsals_of(load_agenda(agenda), folder) == [first]

"""The minutes as a filed record: its header from the meeting's fields, blanks for what is not
known, a place to sign, and never a bare placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.engine.events import SessionStarted
from facilitator.journal.store import read_journal
from facilitator.report.export import UnfilledPlaceholders, export_journal
from facilitator.report.placeholders import BLANK, blank_out
from tests.conftest import ROOT

ELECTION = ROOT / "facilitator" / "examples" / "branch-committee-election.yaml"


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("听取*主题教育汇报", f"听取{BLANK}主题教育汇报"),
        ("请××局长讲话", f"请{BLANK}局长讲话"),
        ("XXX同志", f"{BLANK}同志"),
        ("○○○同志", f"{BLANK}同志"),
        (f"{BLANK}同志", f"{BLANK}同志"),
        ("赞成7票", "赞成7票"),
    ],
)
def test_a_placeholder_prints_as_a_blank_to_fill_by_hand(text: str, printed: str) -> None:
    assert blank_out(text) == printed


def test_the_sample_minutes_never_print_a_bare_asterisk(sample_journal: Path) -> None:
    minutes = export_journal(sample_journal, "md").read_text(encoding="utf-8")
    assert "\\*" not in minutes and "*" not in minutes.replace("**", "")
    assert f"听取{BLANK}主题教育前期准备情况汇报" in minutes


def test_export_names_each_unfilled_placeholder_at_its_agenda_line(sample_journal: Path) -> None:
    said: list[str] = []
    export_journal(sample_journal, "md", warn=said.append)
    assert said
    title = next(line for line in said if "an item's title" in line)
    first = read_journal(sample_journal).events[0]
    assert isinstance(first, SessionStarted)
    assert title.startswith(f"{first.agenda}:")  # the agenda file the journal names
    assert title.endswith("printed blank in the minutes: 听取*主题教育前期准备情况汇报")
    line = int(title.removeprefix(f"{first.agenda}:").split(":")[0])
    assert "听取*主题教育前期准备情况汇报" in first.agenda_text.splitlines()[line - 1]


def test_strict_export_writes_nothing_while_a_placeholder_is_unfilled(
    sample_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "minutes.docx"
    with pytest.raises(UnfilledPlaceholders):
        export_journal(sample_journal, "docx", out, strict=True)
    assert not out.exists()
    assert main(["export", str(sample_journal), "--format", "md", "-o", str(out), "--strict"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith(f"{out}: not written: ")
    assert all("unfilled placeholder" in line for line in err[:-1])
    assert not out.exists()


def test_a_filled_agenda_exports_strictly_with_its_whole_header(tmp_path: Path) -> None:
    from facilitator.agenda.load import load_agenda
    from tests.report.journals import build, walkthrough

    journal = build(ELECTION, tmp_path / "election.jsonl", walkthrough(ELECTION))
    assert load_agenda(ELECTION).agenda.meeting.host
    minutes = export_journal(journal, "md", strict=True).read_text(encoding="utf-8")
    header = minutes.split("## ")[0]
    labels = [line.split("：")[0] for line in header.splitlines() if line.startswith("- ")]
    assert labels == ["- 时间", "- 地点", "- 主持人", "- 出席", "- 列席", "- 缺席", "- 记录人"]
    assert "缺席：陈刚（外出学习）" in header
    assert BLANK not in header

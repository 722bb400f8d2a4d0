"""The command line: exit codes and one-line errors, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from tests.conftest import ROOT, SAMPLE, SMALL

BAD = Path(__file__).parent / "data" / "bad"


def test_check_of_the_sample_lists_its_placeholders_by_line_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(SAMPLE)]) == 0
    out = capsys.readouterr().out.splitlines()
    placeholders = [line for line in out if "unfilled placeholder '*'" in line]
    assert len(placeholders) == 29
    assert placeholders[0].startswith(f"{SAMPLE}:17: ")
    assert out[-1].startswith(f"{SAMPLE}: 4 items, 18 lines, 4 cues, 1 vote;")


def test_check_under_strict_exits_1_when_there_are_warnings() -> None:
    assert main(["check", str(SMALL), "--strict"]) == 1


def test_check_of_a_broken_agenda_exits_2_naming_file_and_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(BAD / "typo_field.yaml")]) == 2
    assert capsys.readouterr().err == (
        f"{BAD / 'typo_field.yaml'}:9: items[1].steps[2]: unknown field 'whoo' (did you mean "
        "'who'?)\n"
    )


def test_run_with_a_broken_agenda_exits_2_before_opening_anything(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journal = tmp_path / "j.jsonl"
    assert main(["run", str(BAD / "bad_rule.yaml"), "--journal", str(journal)]) == 2
    assert "bad_rule.yaml:8:" in capsys.readouterr().err
    assert not journal.exists()


def test_import_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "agenda.yaml"
    out.write_text("keep me", encoding="utf-8")
    script = ROOT / "tests" / "data" / "scripts" / "no-opening.txt"
    assert main(["import", str(script), "-o", str(out)]) != 0
    assert out.read_text(encoding="utf-8") == "keep me"
    assert "use --force" in capsys.readouterr().err
    assert main(["import", str(script), "-o", str(out), "--force"]) == 0
    assert main(["check", str(out)]) == 0


def test_a_missing_journal_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["report"], ["verify"], ["export", "--format", "json"]):
        assert main([*command[:1], "/nonexistent/j.jsonl", *command[1:]]) == 2
        assert capsys.readouterr().err == "/nonexistent/j.jsonl: no such journal\n"


def test_python_dash_m_facilitator_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "check", str(BAD / "empty.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"{BAD / 'empty.yaml'}:1: the agenda is empty\n"
    assert "Traceback" not in result.stderr

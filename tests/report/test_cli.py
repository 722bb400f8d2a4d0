"""``facilitator report`` and ``export`` through ``cli.main``: exit codes, one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from facilitator.cli import main


def test_export_writes_beside_the_journal_and_says_where(
    finished_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(finished_journal), "--format", "json"]) == 0
    out = finished_journal.with_suffix(".json")
    assert out.exists()
    assert capsys.readouterr().err.strip() == f"wrote {out}"


def test_export_to_a_named_output(
    finished_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "会议记录.md"
    assert main(["export", str(finished_journal), "--format", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# 测试委员会第三次会议记录\n")


def test_export_of_a_missing_journal_exits_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.jsonl"
    assert main(["export", str(missing), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(missing) in err
    assert "Traceback" not in err


def test_export_over_an_existing_file_without_force_fails_in_one_line(
    finished_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(finished_journal), "--format", "csv"]) == 0
    capsys.readouterr()
    status = main(["export", str(finished_journal), "--format", "csv"])
    err = capsys.readouterr().err
    assert status != 0
    assert err.count("\n") == 1
    assert str(finished_journal.with_suffix(".csv")) in err and "--force" in err


def test_export_with_force_overwrites(finished_journal: Path) -> None:
    out = finished_journal.with_suffix(".csv")
    out.write_bytes(b"stale")
    assert main(["export", str(finished_journal), "--format", "csv", "--force"]) == 0
    assert out.read_bytes().startswith("\ufeff类别,序号".encode())


def test_export_into_a_directory_fails_in_one_line(
    finished_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", str(finished_journal), "--format", "md", "-o", str(tmp_path), "--force"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path) in err


def test_export_of_an_unknown_format_is_a_usage_error(finished_journal: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(finished_journal), "--format", "pdf"])
    assert exit_.value.code == 2


def test_export_docx_without_python_docx_says_what_to_install(
    finished_journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    assert main(["export", str(finished_journal), "--format", "docx"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'facilitator[docx]'" in err


def test_report_prints_the_tables(
    finished_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(finished_journal)]) == 0
    out = capsys.readouterr().out
    assert "议程用时" in out and "听取工作汇报" in out


def test_report_on_a_live_and_a_torn_journal_succeeds(
    live_journal: Path, torn_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(live_journal)]) == 0
    assert "会议尚未结束" in capsys.readouterr().out
    assert main(["report", str(torn_journal)]) == 0
    assert "日志最后一行不完整" in capsys.readouterr().out


def test_report_on_a_missing_journal_exits_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.jsonl"
    assert main(["report", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"{missing}: no such journal"


def test_report_on_a_file_that_is_not_a_journal_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("会议记录\n", encoding="utf-8")
    assert main(["report", str(bogus)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bogus) in err

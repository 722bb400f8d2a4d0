"""``export_journal``: where it writes, what it refuses, and that it never leaves a partial file."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from facilitator.fileio import OutputExistsError, OutputNotAFileError
from facilitator.journal.store import JournalError
from facilitator.report import export
from facilitator.report.csv import columns
from facilitator.report.export import ExportError, export_journal
from facilitator.report.timing import MeetingTiming


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "docx"])
def test_the_default_output_is_beside_the_journal_with_the_format_suffix(
    finished_journal: Path, fmt: str
) -> None:
    written = export_journal(finished_journal, fmt)
    assert written == finished_journal.with_suffix(f".{fmt}")
    assert written.stat().st_size > 0


def test_an_existing_output_is_not_overwritten_without_force(
    finished_journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "minutes.md"
    out.write_text("the secretary's own edits", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"minutes\.md"):
        export_journal(finished_journal, "md", out)
    assert out.read_text(encoding="utf-8") == "the secretary's own edits"


def test_force_replaces_an_existing_output(finished_journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "minutes.md"
    out.write_text("old", encoding="utf-8")
    export_journal(finished_journal, "md", out, force=True)
    assert out.read_text(encoding="utf-8").startswith("# 测试委员会第三次会议记录")


def test_a_failing_render_leaves_no_file_behind(
    finished_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(timing: MeetingTiming) -> bytes:
        raise RuntimeError("renderer failed")

    monkeypatch.setitem(export.RENDERERS, "md", (".md", broken))
    with pytest.raises(RuntimeError):
        export_journal(finished_journal, "md", tmp_path / "out" / "minutes.md")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_failing_write_leaves_neither_the_file_nor_a_temporary(
    finished_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="cannot be written") as caught:
        export_journal(finished_journal, "csv", tmp_path / "t.csv")
    assert caught.value.filename == str(tmp_path / "t.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small-finished.jsonl"]


def test_the_journal_itself_is_never_an_output(finished_journal: Path) -> None:
    before = finished_journal.read_bytes()
    with pytest.raises(ExportError, match="is the journal itself"):
        export_journal(finished_journal, "json", finished_journal, force=True)
    assert finished_journal.read_bytes() == before


def test_a_directory_is_not_an_output_file(finished_journal: Path, tmp_path: Path) -> None:
    # One refusal for every output that is not a regular file (was an IsADirectoryError).
    with pytest.raises(OutputNotAFileError) as caught:
        export_journal(finished_journal, "md", tmp_path, force=True)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a file; name a file to write"


def test_a_missing_journal_is_named(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=r"nowhere\.jsonl: no such journal"):
        export_journal(tmp_path / "nowhere.jsonl", "csv")
    assert not (tmp_path / "nowhere.csv").exists()


def test_an_unknown_format_is_refused(finished_journal: Path) -> None:
    with pytest.raises(ExportError, match="unknown format 'pdf'"):
        export_journal(finished_journal, "pdf")


def test_the_csv_is_for_people_in_the_agendas_language_with_a_row_per_part_and_a_total(
    finished_journal: Path, english_journal: Path
) -> None:
    data = export_journal(finished_journal, "csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == columns("zh") == (
        "类别", "序号", "议程", "事项", "计划（秒）", "实际（秒）", "超时（秒）",
        "开始", "结束", "结果",
    )  # fmt: skip
    assert [row[0] for row in rows[1:]] == [
        "开场", "议程", "发言", "议程", "表决", "议程", "发言", "结束语", "合计", "记录校验码",
    ]  # fmt: skip
    vote = rows[5]
    assert vote[9] == "通过：到会6人，赞成5票，反对0票，弃权1票"
    total = rows[-2]
    parts = [row for row in rows[1:] if row[0] in ("开场", "议程", "结束语")]
    assert int(total[5]) == sum(int(row[5]) for row in parts)  # net: the parts add up
    assert total[9].endswith("（其中休会10分00秒）")
    english = list(
        csv.reader(
            io.StringIO(export_journal(english_journal, "csv").read_text("utf-8-sig"), newline="")
        )
    )
    assert english[0][:3] == ["Kind", "No.", "Item"]
    assert english[5][9] == "carried: 6 present, 5 for, 0 against, 1 abstaining"


def test_the_json_has_exactly_the_documented_keys(finished_journal: Path) -> None:
    document = json.loads(export_journal(finished_journal, "json").read_text(encoding="utf-8"))
    assert list(document) == [
        "meeting", "items", "cues", "votes", "notes", "pauses", "elections", "branches", "record",
    ]  # fmt: skip
    assert list(document["record"]) == ["sealed", "code", "verified", "problem"]
    assert list(document["meeting"]) == [
        "title", "started_at", "ended_at", "planned_s", "actual_s", "paused_s",
    ]  # fmt: skip
    assert list(document["items"][0]) == [
        "no", "title", "planned_s", "actual_s", "over_s", "started_at", "ended_at",
    ]  # fmt: skip
    assert list(document["cues"][0]) == [
        "item_no", "label", "who", "planned_s", "actual_s", "started_at", "ended_at",
    ]  # fmt: skip
    assert list(document["votes"][0]) == [
        "item_no", "motion", "method", "rule", "present", "for", "against", "abstain", "passed",
        "at", "counted",
    ]  # fmt: skip
    assert list(document["notes"][0]) == ["item_no", "text", "at"]
    assert list(document["pauses"][0]) == ["started_at", "ended_at", "actual_s"]


def test_without_python_docx_the_error_says_what_to_install(
    finished_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(ExportError, match=r"pip install 'facilitator\[docx\]'"):
        export_journal(finished_journal, "docx")
    assert not finished_journal.with_suffix(".docx").exists()

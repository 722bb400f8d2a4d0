"""``facilitator report``: the Rich tables, in the agenda's language, on any journal state."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from rich.console import Console

from facilitator.report.terminal import bar, print_report
from tests.report.journals import SMALL_AGENDA, Wait, build


def report_text(journal: Path, width: int = 120) -> str:
    out = io.StringIO()
    print_report(journal, Console(file=out, width=width, color_system=None))
    return out.getvalue()


def test_the_report_shows_items_cues_votes_notes_and_breaks_in_chinese(
    finished_journal: Path,
) -> None:
    text = report_text(finished_journal)
    for heading in ("议程用时", "发言", "表决", "备注", "休会", "合计"):
        assert heading in text
    assert "听取工作汇报" in text and "10分00秒" in text and "9分25秒" in text and "-35秒" in text
    assert "李四同志" in text and "9分00秒" in text
    assert "《工作规则》" in text and "通过" in text
    assert "李四同志汇报了上半年工作。" in text
    assert "09:11:58" in text and "09:21:58" in text
    assert "应到7人，实到6人，符合规定人数。" in text
    assert "尚未结束" not in text


def test_the_report_uses_english_headings_for_an_english_agenda(english_journal: Path) -> None:
    text = report_text(english_journal)
    for heading in ("Agenda items", "Speakers", "Votes", "Notes", "Breaks", "Total"):
        assert heading in text
    assert "议程用时" not in text


def test_the_report_on_a_running_meeting_says_it_has_not_ended(live_journal: Path) -> None:
    text = report_text(live_journal)
    assert "会议尚未结束，本记录截至09:22:28。" in text
    assert "审议《工作规则》（进行中）" in text
    assert "未进行" in text


def test_the_report_on_a_torn_journal_names_the_byte_offset(
    torn_journal: Path, finished_journal: Path
) -> None:
    offset = finished_journal.stat().st_size
    text = report_text(torn_journal)
    assert f"日志最后一行不完整（第{offset}字节起" in text
    assert "听取工作汇报" in text


def test_the_report_on_a_meeting_not_started_says_so(tmp_path: Path) -> None:
    journal = build(SMALL_AGENDA, tmp_path / "j.jsonl", (Wait(5),))
    assert "会议尚未开始。" in report_text(journal)


def test_the_report_chrome_has_no_ambiguous_width_characters(
    finished_journal: Path, live_journal: Path
) -> None:
    agenda_text = SMALL_AGENDA.read_text(encoding="utf-8")
    for journal in (finished_journal, live_journal):
        for char in set(report_text(journal)):
            if unicodedata.east_asian_width(char) == "A":
                assert char in agenda_text, f"{char!r} (U+{ord(char):04X}) is ambiguous width"


def test_a_bar_marks_time_within_the_plan_over_it_and_unused() -> None:
    assert bar(50, 100, 100, width=10).plain == "#####....."
    assert bar(150, 100, 150, width=12).plain == "########++++"
    assert bar(0, 0, 0).plain == ""


def test_a_narrow_terminal_folds_titles_but_keeps_durations_whole(
    finished_journal: Path,
) -> None:
    text = report_text(finished_journal, width=60)
    assert "议程用时" in text
    assert "15分12秒" in text and "+10分11秒" in text

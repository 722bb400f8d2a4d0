"""One meeting, one set of numbers: the console's end summary, ``report`` and every export show
the same durations, figure by figure, on a journal whose times have fractions of a second (where
rounding down in one place and to the nearest in another used to disagree)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from facilitator.agenda.load import load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    AddNote,
    Advance,
    Pause,
    RecordRollCall,
    RecordVote,
    Resume,
    Start,
)
from facilitator.report.export import export_journal
from facilitator.report.terminal import report_renderable
from facilitator.report.timing import load_timing
from facilitator.session import Session
from facilitator.tui.app import FacilitatorApp
from tests.report.journals import SMALL_AGENDA, Wait, build

FRACTIONAL = (
    Wait(60.4),
    Start(),
    Wait(10.5),  # .5 rounds up once, not twice
    Advance(),
    Wait(14.6),
    RecordRollCall(6),
    Wait(5.7),
    Advance(),
    Wait(25.49),
    Advance(),
    Wait(539.5),
    AddNote("汇报结束"),
    Advance(),
    Wait(19.51),
    Advance(),
    Wait(50.2),
    RecordVote(for_=5, against=0, abstain=1),
    Wait(20.3),
    Advance(),
    Wait(15.5),
    Advance(),
    Wait(6.4),
    Pause(),
    Wait(300.6),
    Resume(),
    Wait(12.5),
    Advance(),
    Wait(890.45),
    Advance(),
    Wait(5.5),
    Advance(),
    Wait(2.5),
    Advance(),  # the closing line read: the meeting ends
)
"""The small meeting, every wait with a fraction of a second, a break in the second item."""


def seconds_of(text: str) -> int:
    """Seconds of ``1小时00分39秒``, ``约5分01秒``, ``9秒``, ``+10:11``, ``-1:20``, ``1:02:03``."""
    text = text.strip().strip("*").lstrip("约~").replace("+", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    if ":" in text:
        total = 0
        for part in text.split(":"):
            total = total * 60 + int(part)
        return sign * total
    match = re.fullmatch(r"(?:(\d+)小时)?(?:(\d+)分)?(?:(\d+)秒)?", text)
    assert match and text, text
    hours, minutes, secs = (int(group or 0) for group in match.groups())
    return sign * (hours * 3600 + minutes * 60 + secs)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    return build(SMALL_AGENDA, tmp_path / "fractional.jsonl", FRACTIONAL)


def expected(journal: Path) -> dict[str, tuple[int, int]]:
    """(planned, actual) seconds of each part, and the net total, from the timing module."""
    timing = load_timing(journal)
    parts = [p for p in (timing.opening, *timing.items, timing.closing) if p is not None]
    figures = {(p.title or p.kind.value): (p.planned_s, p.actual_s) for p in parts}
    figures["total"] = (sum(p.planned_s for p in parts), timing.active_s)
    return figures


def table_figures(rows: list[list[str]], planned: int, actual: int) -> dict[str, tuple[int, int]]:
    names = {"开场": "opening", "结束语": "closing", "结束": "closing", "合计": "total"}
    figures: dict[str, tuple[int, int]] = {}
    for row in rows:
        name = re.sub(r"^第.项 |\s*\(.*\)$", "", row[0]).strip("* ")
        figures[names.get(name, name)] = (seconds_of(row[planned]), seconds_of(row[actual]))
    return figures


def test_the_parts_add_up_to_the_net_total_and_gross_is_net_plus_breaks(journal: Path) -> None:
    timing = load_timing(journal)
    parts = [p for p in (timing.opening, *timing.items, timing.closing) if p is not None]
    assert timing.active_s == sum(part.actual_s for part in parts)
    assert timing.actual_s == timing.active_s + timing.paused_s
    assert timing.paused_s == 301  # 300.6 rounded half up, once


def test_json_csv_and_minutes_show_the_timing_modules_figures(journal: Path) -> None:
    figures = expected(journal)
    document = json.loads(export_journal(journal, "json").read_text(encoding="utf-8"))
    for item in document["items"]:
        assert (item["planned_s"], item["actual_s"]) == figures[item["title"]]
    assert document["meeting"]["actual_s"] == figures["total"][1] + document["meeting"]["paused_s"]

    rows = list(csv.DictReader(io.StringIO(export_journal(journal, "csv").read_text("utf-8-sig"))))
    for row in rows:
        name = {"开场": "opening", "结束语": "closing", "合计": "total"}.get(row["类别"])
        if row["类别"] == "议程":
            name = row["议程"]
        if name is not None:
            planned, actual = figures[name]
            assert (int(row["计划（秒）"]), int(row["实际（秒）"])) == (planned, actual)

    minutes = export_journal(journal, "md").read_text(encoding="utf-8")
    table = [
        [cell.strip() for cell in line.strip("|").split("|")][1:]
        for line in minutes.splitlines()
        if line.startswith("| ") and "秒" in line
    ]
    assert table_figures(table, 1, 2) == figures


def test_the_report_shows_the_same_figures(journal: Path) -> None:
    console = Console(record=True, width=140, color_system=None)
    console.print(report_renderable(load_timing(journal), 140))
    text = console.export_text()
    figures = expected(journal)
    rows = []
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 4 and any("秒" in cell for cell in cells):
            if cells[0] in ("一", "二", "三"):
                cells = cells[1:]
            rows.append(cells)
    found = table_figures(
        [row for row in rows if row[0] in ("开场", "结束语", "合计") or row[0] in figures], 1, 2
    )
    for name, pair in figures.items():
        assert found[name] == pair, name


async def test_the_consoles_end_summary_shows_the_same_figures(
    journal: Path, tmp_path: Path
) -> None:
    figures = expected(journal)
    session = Session.resume(load_agenda(SMALL_AGENDA), journal, FakeClock())
    app = FacilitatorApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#summary-timing", Static).content
        console = Console(record=True, width=100, color_system=None)
        console.print(table)
        gross = str(app.screen.query_one("#summary-gross", Static).content)
    rows = [
        re.split(r"\s+(?=[-+]?\d+:\d)", line.strip())
        for line in console.export_text().splitlines()[1:]
        if line.strip()
    ]
    assert table_figures(rows, 1, 2) == figures
    timing = load_timing(journal)
    gross_s, paused_s = (seconds_of(c) for c in re.findall(r"\d+(?::\d\d)+", gross))
    assert (gross_s, paused_s) == (timing.actual_s, timing.paused_s)
    session.close()

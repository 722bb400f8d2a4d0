"""Snapshots of the console (pytest-textual-snapshot): a handful, deterministic.

The clock is a FakeClock on a fixed date, colours come from the default theme (NO_COLOR and
TEXTUAL_THEME are cleared), input cursors do not blink, and no journal path is on screen.
Regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens import summary
from tests.tui.conftest import clock_of


class SnapCompare(Protocol):
    def __call__(
        self,
        app: FacilitatorApp,
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[None]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


SIZE = (100, 30)


def steps(app: FacilitatorApp, *moves: str | float) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Keys to press, with numbers meaning seconds for the fake clock to move in between."""

    async def run(pilot: Pilot[None]) -> None:
        for move in moves:
            if isinstance(move, str):
                await pilot.press(move)
            else:
                clock_of(app).advance(move)
        app.tick()
        await pilot.pause()
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run


# The sample: opening lines 0-3; item 1: 4, cue 5, 6; item 2: 7, cue 8 (介绍毕, 5m), 9,
# cue 10, vote 11, passed branch 12-13, failed branch 14; item 3: 15, cue 16; item 4: 17-22;
# closing: 23.
TO_ITEM_2: tuple[str | float, ...] = (
    "space",
    3,
    "space",
    20,
    "space",
    8,
    "space",
    14,
    "space",
    5,
    "space",
    610,
    "space",
    40,
    "space",
    12,
)


def test_the_start(snap_compare: SnapCompare, sample_app: FacilitatorApp) -> None:
    assert snap_compare(sample_app, terminal_size=SIZE)


def test_the_start_at_80x24(snap_compare: SnapCompare, sample_app: FacilitatorApp) -> None:
    assert snap_compare(sample_app, terminal_size=(80, 24))


def test_a_line_in_item_2(snap_compare: SnapCompare, sample_app: FacilitatorApp) -> None:
    assert snap_compare(sample_app, terminal_size=SIZE, run_before=steps(sample_app, *TO_ITEM_2))


def test_a_cue_with_its_stopwatch_over_time(
    snap_compare: SnapCompare, sample_app: FacilitatorApp
) -> None:
    run = steps(sample_app, *TO_ITEM_2, "space", 6 * 60 + 12)
    assert snap_compare(sample_app, terminal_size=SIZE, run_before=run)


def test_the_vote_dialog_with_an_inline_error(
    snap_compare: SnapCompare, sample_app: FacilitatorApp
) -> None:
    run = steps(
        sample_app,
        *TO_ITEM_2,
        "space",
        300,
        "space",
        30,
        "space",
        600,
        "space",
        5,
        "v",
        "6",
        "tab",
        "3",
        "tab",
        "1",
    )
    assert snap_compare(sample_app, terminal_size=SIZE, run_before=run)


def test_the_pause(snap_compare: SnapCompare, sample_app: FacilitatorApp) -> None:
    run = steps(sample_app, *TO_ITEM_2, "p", 125)
    assert snap_compare(sample_app, terminal_size=SIZE, run_before=run)


def test_the_end_summary(
    snap_compare: SnapCompare, small_app: FacilitatorApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The record code hashes the journal, whose first line names this process: it differs on
    # every run. The snapshot shows where it goes; test_console checks the value itself.
    monkeypatch.setattr(summary, "record_code", lambda _hash: " ".join(["0123abcd"] * 8))
    run = steps(
        small_app,
        "space",
        5,
        "space",
        10,
        "v",
        "7",
        "enter",
        "space",
        20,
        "space",
        500,
        "space",
        20,
        "space",
        30,
        "v",
        "u",
        "enter",
        "space",
        40,
        "space",
        15,
        "n",
        *"late start",
        "enter",
        "space",
        10,
        "p",
        300,
        "p",
        "space",
        200,
        "space",
        5,
        "space",
    )
    assert snap_compare(small_app, terminal_size=SIZE, run_before=run)

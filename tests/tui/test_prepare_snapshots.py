"""Snapshots of the prepare screen at 80x24 and 160x48 (the sample agenda, a cue selected).

The agenda is copied under a fixed name, so no path is on screen; the input cursor does not
blink. Regenerate with ``pytest tests/tui/test_prepare_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.agenda.document import AgendaDocument
from facilitator.tui.prepare import PrepareApp, ReviewNote
from tests.conftest import SAMPLE

DOCS = Path(__file__).resolve().parents[2] / "docs"


class SnapCompare(Protocol):
    def __call__(
        self,
        app: PrepareApp,
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[None]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


@pytest.fixture
def prepare_app(tmp_path: Path) -> PrepareApp:
    target = tmp_path / "meeting.yaml"
    shutil.copyfile(SAMPLE, target)
    review = (ReviewNote(8, "who", "cue 「汇报毕」: who is *同志"),)
    return PrepareApp(AgendaDocument(target.read_text(encoding="utf-8"), target), review)


async def _on_the_cue(pilot: Pilot[None]) -> None:
    await pilot.press(*["down"] * 5)
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_the_prepare_screen(
    snap_compare: SnapCompare, prepare_app: PrepareApp, size: tuple[int, int]
) -> None:
    assert snap_compare(prepare_app, terminal_size=size, run_before=_on_the_cue)


async def test_the_readme_screenshot_is_the_screen_as_it_is(prepare_app: PrepareApp) -> None:
    """``docs/prepare.svg``, the README's picture, made from the same screen (rewritten when
    ``FACILITATOR_UPDATE_GOLDEN`` is set)."""
    import os

    async with prepare_app.run_test(size=(120, 32)) as pilot:
        await _on_the_cue(pilot)
        if os.environ.get("FACILITATOR_UPDATE_GOLDEN"):
            prepare_app.save_screenshot("prepare.svg", str(DOCS))
    assert (DOCS / "prepare.svg").is_file()

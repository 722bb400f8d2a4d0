"""Jumping by the number the chair says: 4, 四, 第四项 — or by the item's title."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from facilitator.i18n import parse_item_number
from facilitator.tui.app import FacilitatorApp

SIZE = (100, 30)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("4", 4),
        ("四", 4),
        ("第四项", 4),
        ("第4项", 4),
        ("４", 4),
        ("十二", 12),
        ("第二十三项", 23),
        ("Item 3", 3),
        ("领导", None),
        ("四五", None),
        ("", None),
    ],
)
def test_item_numbers_are_read_in_every_way_they_are_said(text: str, number: int | None) -> None:
    assert parse_item_number(text) == number


@pytest.mark.parametrize("typed", ["4", "四", "第四项", "总结讲话"])
async def test_typing_the_number_or_the_title_jumps_to_that_item(
    sample_app: FacilitatorApp, typed: str
) -> None:
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j")
        await pilot.pause()
        assert isinstance(sample_app.screen, CommandPalette)
        await pilot.press(*typed)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        state = sample_app.session.state
        assert state.slot is not None
        assert state.script.part_of(state.slot).no == 4
        assert state.position.skipped == frozenset({1, 2, 3})

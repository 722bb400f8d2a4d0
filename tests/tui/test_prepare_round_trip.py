"""From the seed script to a meeting run to its end, with only the prepare screen's keys:
import → fix a role, split a paragraph, set a vote rule, fill placeholders, set the minutes'
fields and planned times → ctrl+s → ``check`` clean → the console, to the end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from facilitator.agenda.check import check_agenda
from facilitator.agenda.document import Role
from facilitator.agenda.load import load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.state import Phase
from facilitator.runner import open_prepare
from facilitator.session import Session
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.prepare import FillDialog, MeetingDialog, PrepareApp
from facilitator.tui.screens.summary import SummaryScreen
from tests.conftest import ROOT

SEED_DIR = Path("/work/shared/seed")
SEED = next(iter(sorted(SEED_DIR.glob("*.txt"))), None) if SEED_DIR.is_dir() else None
COMMENTED = ROOT / "tests" / "data" / "agendas" / "commented.yaml"


async def _set(pilot: Pilot[None], app: PrepareApp, field: str, value: str) -> None:
    """Type a value into a details field and press enter."""
    box = app.screen.query_one(f"#{field}", Input)
    box.focus()
    box.value = ""
    await pilot.press(*value, "enter")


async def _select(pilot: Pilot[None], app: PrepareApp, row: int) -> None:
    steps = app.prepare_screen.query_one("#steps", OptionList)
    steps.focus()
    steps.highlighted = row
    await pilot.pause()


def _row(app: PrepareApp, start: str) -> int:
    return next(i for i, row in enumerate(app.document.rows()) if row.text.startswith(start))


@pytest.mark.skipif(SEED is None, reason="the seed script (shared/seed) is not on this machine")
async def test_the_seed_script_is_made_ready_by_keys_and_runs_to_the_end(tmp_path: Path) -> None:
    assert SEED is not None
    script = tmp_path / "主持词.txt"
    shutil.copyfile(SEED, script)
    target = tmp_path / "meeting.yaml"
    document, review = open_prepare(script, target)
    assert review, "the importer's review list comes with the import"
    app = PrepareApp(document, review)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.prepare_screen
        # split the overview's last sentence into a line of its own
        row = _row(app, "今天的会议共有4项议程")
        await _select(pilot, app, row)
        await pilot.press("s")
        await pilot.pause()
        split = app.screen.query_one("#split", Input)
        split.cursor_position = split.value.index("下面会议依次进行。")
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.rows()[row + 1].text == "下面会议依次进行。"
        # fix a role: make that sentence a cue and back to a line (the role keys and undo)
        await _select(pilot, app, row + 1)
        await pilot.press("c")
        assert app.document.rows()[row + 1].role is Role.CUE
        await pilot.press("u")
        assert app.document.rows()[row + 1].role is Role.OPENING
        # the vote: a two-thirds rule, and a line for when it fails
        vote = next(i for i, r in enumerate(app.document.rows()) if r.role is Role.VOTE)
        await _select(pilot, app, vote)
        await _set(pilot, app, "step-rule", "two_thirds")
        await _set(pilot, app, "step-failed", "未获通过，会后修改完善。")
        # planned times: every item and cue
        for index, row_ in enumerate(app.document.rows()):
            if row_.role is Role.ITEM_START:
                await _select(pilot, app, index)
                await _set(pilot, app, "item-planned", "10m")
            elif row_.role is Role.CUE:
                await _select(pilot, app, index)
                await _set(pilot, app, "step-planned", "5m")
        # the minutes' fields and the number of members
        await pilot.press("escape", "f")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDialog)
        values = {"place": "第一会议室", "host": "李四", "recorder": "王五", "members": "9"}
        for key, value in values.items():
            app.screen.query_one(f"#meeting-{key}", Input).value = value
        await pilot.press("enter")
        await pilot.pause()
        # every placeholder, one context at a time
        places = screen.query_one("#placeholders", OptionList)
        rounds = 0
        while screen.places:
            rounds += 1
            assert rounds < 60
            places.focus()
            places.highlighted = 0
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, FillDialog)
            await pilot.press(*"张三", "enter")
            await pilot.pause()
        assert screen.problems == [], [str(p) for p in screen.problems]
        await pilot.press("ctrl+s")
        assert not app.document.dirty
        await pilot.press("q")
    loaded = load_agenda(target)
    assert check_agenda(loaded).problems == []
    assert loaded.agenda.meeting.place == "第一会议室"

    session = Session.start(loaded, tmp_path / "journal.jsonl", FakeClock())
    console = FacilitatorApp(session)
    async with console.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        while session.state.phase is Phase.RUNNING:
            slot = session.state.slot
            assert slot is not None
            if session.state.script.slots[slot].kind.value == "vote":
                await pilot.press("v", "9", "tab", "0", "tab", "0", "enter")
            await pilot.press("space")
        assert isinstance(console.screen, SummaryScreen)
    session.close()


async def test_a_hand_edited_agenda_keeps_its_comments_through_prepare(tmp_path: Path) -> None:
    target = tmp_path / "commented.yaml"
    shutil.copyfile(COMMENTED, target)
    before = target.read_text(encoding="utf-8")
    document, review = open_prepare(target, None)
    assert review == []
    app = PrepareApp(document)
    async with app.run_test(size=(120, 36)) as pilot:
        header = str(app.prepare_screen.query_one("#prepare-header").render())
        assert "保留文件中的注释" in header
        await _select(pilot, app, _row(app, "汇报毕"))
        await _set(pilot, app, "step-planned", "12m")
        await pilot.press("ctrl+s")
    after = target.read_text(encoding="utf-8")
    # byte for byte the same file, but for the one value edited: comments, order, quotes, blocks
    assert after == before.replace("planned: 8m ", "planned: 12m")
    assert load_agenda(target).agenda.items[0].steps[1].planned == 12 * 60

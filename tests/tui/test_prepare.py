"""The prepare screen, key by key: each role, split, join, item boundaries, undo, the details
panel, the problems, the placeholders, the import review, the meeting's fields, save and quit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList

from facilitator.agenda.document import AgendaDocument, Role
from facilitator.agenda.load import LoadedAgenda, load_agenda
from facilitator.tui.prepare import FillDialog, MeetingDialog, PrepareApp, ReviewNote, SplitDialog
from facilitator.tui.screens.dialogs import ConfirmDialog
from tests.conftest import SAMPLE, SMALL

SIZE = (120, 36)

# The sample's rows: opening 0-3; item 1: start 4, cue 5, line 6; item 2: start 7, cue 8,
# line 9, cue 10, vote 11, branch 12-13; item 3: start 14, cue 15; item 4: start 16, lines
# 17-21; closing 22.


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "meeting.yaml"
    shutil.copyfile(SAMPLE, target)
    return target


def app_for(path: Path, review: tuple[ReviewNote, ...] = ()) -> PrepareApp:
    return PrepareApp(AgendaDocument(path.read_text(encoding="utf-8"), path), review)


async def select(pilot: Pilot[None], app: PrepareApp, row: int) -> None:
    steps = app.prepare_screen.query_one("#steps", OptionList)
    steps.focus()
    steps.highlighted = row
    await pilot.pause()


def roles(app: PrepareApp) -> list[Role]:
    return [row.role for row in app.document.rows()]


def status(app: PrepareApp) -> str:
    return str(app.prepare_screen.query_one("#prepare-status").render())


async def test_the_screen_lists_every_step_with_its_role(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE):
        assert roles(app)[:6] == [Role.OPENING] * 4 + [Role.ITEM_START, Role.CUE]
        assert roles(app)[11:14] == [Role.VOTE, Role.BRANCH, Role.BRANCH]
        assert roles(app)[-1] is Role.CLOSING
        steps = app.prepare_screen.query_one("#steps", OptionList)
        assert steps.option_count == 23


@pytest.mark.parametrize(
    ("key", "row", "role"),
    [
        ("c", 6, Role.CUE),
        ("r", 6, Role.ROLL_CALL),
        ("e", 6, Role.ELECTION),
        ("v", 9, Role.VOTE),
        ("l", 5, Role.LINE),
        ("i", 6, Role.ITEM_START),
        ("x", 21, Role.CLOSING),
    ],
)
async def test_a_key_gives_the_selected_step_its_role(
    sample_copy: Path, key: str, row: int, role: Role
) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, row)
        await pilot.press(key)
        selected = app.prepare_screen.selected
        assert selected is not None and selected.role is role
        assert app.document.dirty
        await pilot.press("u")
        assert not app.document.dirty


async def test_o_moves_the_first_item_start_into_the_opening(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 4)
        await pilot.press("o")
        assert roles(app)[4] is Role.OPENING
        assert app.document.rows()[5].item == 0  # item 1 now begins with its cue
        await pilot.press("u")
        assert roles(app)[4] is Role.ITEM_START


async def test_b_puts_the_step_after_a_vote_into_its_passed_branch(tmp_path: Path) -> None:
    target = tmp_path / "small.yaml"
    shutil.copyfile(SMALL, target)
    app = app_for(target)

    def role_of(text: str) -> tuple[int, Role]:
        return next((i, row.role) for i, row in enumerate(app.document.rows()) if row.text == text)

    async with app.run_test(size=SIZE) as pilot:
        last, _ = role_of("请大家抓好落实。")
        await select(pilot, app, last)
        await pilot.press("b")
        index, role = role_of("请大家抓好落实。")
        assert role is Role.BRANCH
        vote = app.document.node(("items", 1, "steps", 1))
        assert vote["passed"][-1] == "请大家抓好落实。"  # the passed line, then this one
        await select(pilot, app, index)
        await pilot.press("l")  # back out of the branch, after the vote
        assert role_of("请大家抓好落实。")[1] is Role.LINE
        await select(pilot, app, 0)
        await pilot.press("b")
        assert "不能修改" in status(app)


async def test_a_refused_role_says_why_and_changes_nothing(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 9)
        await pilot.press("x")  # not the last item
        assert "不能修改" in status(app)
        assert not app.document.dirty
        assert not app.document.undo_stack


async def test_s_splits_a_line_at_the_cursor(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 3)
        before = app.document.rows()[3].text
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SplitDialog)
        field = app.screen.query_one("#split", Input)
        field.cursor_position = before.index("下面会议依次进行。")
        await pilot.press("enter")
        await pilot.pause()
        rows = app.document.rows()
        assert rows[4].text == "下面会议依次进行。" and rows[4].role is Role.OPENING
        assert rows[3].text + rows[4].text == before
        await pilot.press("u")
        assert app.document.rows()[3].text == before


async def test_escape_in_the_split_dialog_splits_nothing(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 3)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        assert not app.document.dirty


async def test_j_joins_a_line_with_the_next(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        rows = app.document.rows()
        await select(pilot, app, 18)
        await pilot.press("j")
        assert app.document.rows()[18].text == rows[18].text + rows[19].text
        assert len(app.document.rows()) == len(rows) - 1
        await select(pilot, app, 6)
        await pilot.press("j")  # the next step is in the next item
        assert "不能修改" in status(app)


async def test_brackets_move_a_step_across_an_item_boundary(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 6)
        await pilot.press("right_square_bracket")  # item 1's last line opens item 2
        rows = app.document.rows()
        assert rows[6].item == 1 and rows[6].role is Role.ITEM_START
        await pilot.press("left_square_bracket")  # and back
        rows = app.document.rows()
        assert rows[6].item == 0 and rows[7].role is Role.ITEM_START
        await pilot.press("u", "u")
        assert not app.document.dirty


async def test_ctrl_z_undoes_too(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 6)
        await pilot.press("c", "ctrl+z")
        assert not app.document.dirty and roles(app)[6] is Role.LINE


async def test_u_with_nothing_to_undo_says_so(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert "没有可撤销的修改" in status(app)


async def test_enter_edits_the_selected_steps_fields(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 5)  # the cue 汇报毕
        await pilot.press("enter")
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == "step-cue"
        app.prepare_screen.query_one("#step-who", Input).value = "张三同志"
        app.prepare_screen.query_one("#step-who", Input).focus()
        await pilot.press("enter")
        assert app.document.node(("items", 0, "steps", 1))["who"] == "张三同志"
        await select(pilot, app, 11)  # the vote
        app.prepare_screen.query_one("#step-rule", Input).value = "two_thirds"
        app.prepare_screen.query_one("#step-rule", Input).focus()
        await pilot.press("enter")
        assert app.document.node(("items", 1, "steps", 4))["rule"] == "two_thirds"
        app.prepare_screen.query_one("#step-rule", Input).value = "most"
        app.prepare_screen.query_one("#step-rule", Input).focus()
        await pilot.press("enter")
        assert "rule is one of" in status(app)
        await pilot.press("escape")
        assert app.focused is app.prepare_screen.query_one("#steps", OptionList)


async def test_an_item_start_edits_the_items_title_and_planned_time(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 14)
        app.prepare_screen.query_one("#item-planned", Input).value = "12m"
        app.prepare_screen.query_one("#item-planned", Input).focus()
        await pilot.press("enter")
        assert app.document.node(("items", 2))["planned"] == "12m"


async def test_a_problem_jumps_to_its_step(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        problems = app.prepare_screen.query_one("#problems", OptionList)
        screen = app.prepare_screen
        assert screen.loaded is not None
        item_3 = screen.loaded.lines[("items", 2, "steps", 0)]
        target = next(i for i, p in enumerate(screen.problems) if (p.line or 0) >= item_3)
        problems.focus()
        problems.highlighted = target
        await pilot.press("enter")
        selected = screen.selected
        assert selected is not None and selected.text.startswith("下面，进行会议第三项议程")
        assert app.focused is screen.query_one("#steps", OptionList)


async def test_a_placeholder_is_filled_for_every_place_with_its_context(tmp_path: Path) -> None:
    target = tmp_path / "small.yaml"
    shutil.copyfile(SMALL, target)
    app = app_for(target)
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.prepare_screen.query_one("#lists")
        tabs.active = "tab-placeholders"  # type: ignore[attr-defined]
        places = app.prepare_screen.query_one("#placeholders", OptionList)
        places.focus()
        places.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FillDialog)
        await pilot.press(*"王五")
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.placeholders() == []
        assert "请王五同志讲话。" in app.document.text


async def test_a_placeholder_can_become_a_named_field(tmp_path: Path) -> None:
    target = tmp_path / "small.yaml"
    shutil.copyfile(SMALL, target)
    app = app_for(target)
    async with app.run_test(size=SIZE) as pilot:
        places = app.prepare_screen.query_one("#placeholders", OptionList)
        places.focus()
        places.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FillDialog)
        app.screen.query_one("#fill-value", Input).value = "王五"
        app.screen.query_one("#fill-name", Input).value = "讲话人"
        assert not app.screen.query_one("#fill-every", Checkbox).value
        app.screen.query_one("#fill-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "请{讲话人}同志讲话。" in app.document.text
        assert load_agenda_text(app).agenda.meeting.names["讲话人"] == "王五"


def load_agenda_text(app: PrepareApp) -> LoadedAgenda:
    loaded, _, _ = app.document.validate()
    assert loaded is not None
    return loaded


async def test_f_edits_the_meetings_fields(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDialog)
        app.screen.query_one("#meeting-place", Input).value = "第一会议室"
        app.screen.query_one("#meeting-attendees", Input).value = "李四、王五"
        app.screen.query_one("#meeting-place", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        meeting = load_agenda(sample_copy).agenda.meeting  # not saved yet
        assert meeting.place is None
        loaded, _, _ = app.document.validate()
        assert loaded is not None
        assert loaded.agenda.meeting.place == "第一会议室"
        assert loaded.agenda.meeting.attendees == ("李四", "王五")


async def test_the_review_list_is_ticked_off(sample_copy: Path) -> None:
    notes = (
        ReviewNote(8, "who", "cue 「汇报毕」: who is *同志"),
        ReviewNote(14, "rule", "majority"),
    )
    app = app_for(sample_copy, notes)
    async with app.run_test(size=SIZE) as pilot:
        review = app.prepare_screen.query_one("#review", OptionList)
        review.focus()
        review.highlighted = 1
        await pilot.press("enter")
        assert app.prepare_screen.ticked == {1}
        await pilot.press("enter")
        assert app.prepare_screen.ticked == set()


async def test_ctrl_s_saves_a_file_that_loads(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 5)
        await pilot.press("l")
        await pilot.press("ctrl+s")
        assert "已保存 meeting.yaml" in status(app)
        assert not app.document.dirty
    loaded = load_agenda(sample_copy)
    assert loaded.agenda.items[0].steps[1].kind == "line"
    assert "# The sample meeting" in sample_copy.read_text(encoding="utf-8")


async def test_q_leaves_at_once_without_edits(sample_copy: Path) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code is not None or not app.is_running


async def test_q_asks_before_leaving_unsaved_edits(sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, 5)
        await pilot.press("l", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and app.document.dirty
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert sample_copy.read_bytes() == before


@pytest.mark.parametrize(
    ("key", "name"), [("1", "problems"), ("2", "placeholders"), ("3", "review")]
)
async def test_digits_open_the_lists_below(sample_copy: Path, key: str, name: str) -> None:
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert app.focused is app.prepare_screen.query_one(f"#{name}", OptionList)
        await pilot.press("escape")
        assert app.focused is app.prepare_screen.query_one("#steps", OptionList)


async def test_p_sets_planned_times_from_the_rehearsals_after_asking(
    sample_copy: Path, tmp_path: Path
) -> None:
    from facilitator.engine.clock import FakeClock
    from facilitator.engine.commands import Advance, RecordUnanimous, Start
    from facilitator.engine.script import SlotKind
    from facilitator.session import Session

    loaded = load_agenda(sample_copy)
    clock = FakeClock()
    session = Session.start(loaded, tmp_path / "r-rehearsal.jsonl", clock, rehearsal=True)
    session.execute(Start())
    while session.state.phase.value == "running":
        clock.advance(90)
        slot = session.state.slot
        assert slot is not None
        if session.state.script.slots[slot].kind is SlotKind.VOTE:
            session.execute(RecordUnanimous(9))
        session.execute(Advance())
    session.close()
    app = app_for(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert "没有这份议程" in status(app)
        app.document.rehearsals = [tmp_path / "r-rehearsal.jsonl"]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.document.node(("items", 0, "steps", 1))["planned"] == "1m30s"  # a 90 s cue
        assert "u 可撤销" in status(app)

"""The election meeting of the genre, run from the keyboard alone; the election dialog; y and f.

facilitator/examples/branch-committee-election.yaml: the report, the election rules by a show of
hands (a branch read only if they pass), scrutineers approved by applause, the ballot, the result.
"""

from __future__ import annotations

import csv
import io
import json

from textual.widgets import Static

from facilitator.agenda.load import load_agenda
from facilitator.engine.events import DecisionRecorded, ElectionRecorded, StepEntered
from facilitator.engine.script import SlotKind
from facilitator.engine.state import Phase
from facilitator.journal.store import read_journal
from facilitator.report.export import export_journal
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.screens.election import ElectionDialog
from facilitator.tui.screens.summary import SummaryScreen
from tests.conftest import BRANCHES, ELECTION
from tests.tui.conftest import AppFactory, clock_of
from tests.tui.test_snapshots import SIZE, SnapCompare, steps

TO_ELECTION = (
    *("space", "space", "v", "6", "enter", "space", "space", "y", "space"),  # applause: slot 4
    *("space", "space", "v", "1", "enter"),  # the rules fail (1 of 6)
    *("space", "space", "space", "space"),  # the failed branch, the line after, item 3: slot 15
)
"""Keys from the start of tests/data/agendas/branches.yaml to its election."""


def verdict(app: FacilitatorApp) -> str:
    return str(app.screen.query_one("#verdict", Static).render())


async def test_the_election_meeting_runs_start_to_end_by_keys_and_its_exports_show_it(
    make_app: AppFactory,
) -> None:
    app = make_app(load_agenda(ELECTION))
    session = app.session
    clock = clock_of(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("space")
        while session.state.phase is Phase.RUNNING:
            slot = session.state.slot
            assert slot is not None
            entry = session.script.slots[slot]
            clock.advance(30)
            if entry.kind is SlotKind.ROLL_CALL:
                await pilot.press("v", "8", "enter")
            elif entry.kind is SlotKind.VOTE and getattr(entry.step, "counted", True):
                await pilot.press("v", "u", "enter")
            elif entry.kind is SlotKind.VOTE:
                await pilot.press("space")  # refused: the applause is not recorded
                assert session.state.slot == slot
                await pilot.press("y")
            elif entry.kind is SlotKind.ELECTION:
                await pilot.press("v")
                await pilot.pause()
                assert isinstance(app.screen, ElectionDialog)
                await pilot.press("8", "tab", "8", "tab", "8")
                await pilot.press("tab", "7", "tab", "6", "tab", "3", "tab", "6", "enter")
                await pilot.pause()
                assert not isinstance(app.screen, ElectionDialog)
            await pilot.press("space")
        assert isinstance(app.screen, SummaryScreen)

    events = read_journal(session.journal_path).events
    [decision] = [e for e in events if isinstance(e, DecisionRecorded)]
    assert (decision.method, decision.passed) == ("鼓掌通过", True)
    [election] = [e for e in events if isinstance(e, ElectionRecorded)]
    assert (election.issued, election.returned, election.valid) == (8, 8, 8)
    assert [(c.name, c.votes) for c in election.votes] == [
        ("张明", 7), ("李华", 6), ("王芳", 3), ("赵强", 6),
    ]  # fmt: skip
    assert election.elected == ("张明", "李华", "赵强") and election.threshold == 5
    vote_slot = next(s.index for s in session.script.slots if s.kind is SlotKind.VOTE)
    branches = session.script.slots[vote_slot].branches
    assert branches is not None
    entered = {e.slot for e in events if isinstance(e, StepEntered)}
    assert set(branches[0]) <= entered and not set(branches[1]) & entered

    document = json.loads(export_journal(session.journal_path, "json").read_text("utf-8"))
    [exported] = document["elections"]
    assert exported["elected"] == ["张明", "李华", "赵强"]
    assert exported["not_elected"] == ["王芳"] and exported["tied"] == []
    assert exported["votes"][2] == {"name": "王芳", "votes": 3}
    assert document["branches"] == [
        {
            "item_no": 2,
            "motion": "《中共第一支部委员会换届选举办法（草案）》",
            "taken": "passed",
            "not_taken": "failed",
            "steps_taken": 2,
            "steps_not_taken": 1,
        }
    ]
    assert [v["counted"] for v in document["votes"]] == [True, False]
    assert document["meeting"]["host"] == "张明"
    assert document["meeting"]["absent"] == [{"name": "陈刚", "reason": "外出学习"}]

    data = export_journal(session.journal_path, "csv", force=True).read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    kinds = [r[0] for r in rows[1:]]
    assert kinds.index("未执行") == kinds.index("表决") + 1
    [branch] = [r for r in rows if r[0] == "未执行"]
    assert branch[1:4] == ["2", "审议通过选举办法", "《中共第一支部委员会换届选举办法（草案）》"]
    assert branch[-1] == "《中共第一支部委员会换届选举办法（草案）》未通过时的1个步骤未执行。"
    [row] = [r for r in rows if r[0] == "选举"]
    assert row[3] == "选举中共第一支部委员会委员"
    assert row[-1].startswith("当选：张明、李华、赵强（发出8张，收回8张，有效8张；得票：")

    minutes = export_journal(session.journal_path, "md", force=True).read_text("utf-8")
    assert "- 选举：以无记名投票、差额选举方式选举中共第一支部委员会委员，应选3名" in minutes
    assert "张明、李华、赵强当选。" in minutes
    assert "以鼓掌通过方式决定推选李华、赵强同志为监票人，孙丽同志为计票人，通过。" in minutes
    assert "未通过时的1个步骤未执行。" in minutes
    assert "- 缺席：陈刚（外出学习）" in minutes


async def test_the_election_dialog_shows_the_engines_errors_inline_and_will_not_confirm_them(
    make_app: AppFactory,
) -> None:
    app = make_app(load_agenda(BRANCHES))
    session = app.session
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*TO_ELECTION)
        assert session.state.slot == 15
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ElectionDialog)
        await pilot.press("6", "tab", "7", "tab", "6")
        assert verdict(app) == "收回 7 张，多于发出 6 张，选举无效。"
        await pilot.press("enter")
        assert isinstance(app.screen, ElectionDialog)  # not confirmed
        await pilot.press("shift+tab", "backspace", "6", "tab", "tab", "7")
        assert verdict(app) == "王五 得 7 票，多于有效票 6 张。"
        await pilot.press("backspace", "4", "tab", "4", "tab", "4")
        assert verdict(app).startswith("当选：无人当选\n当选须得 4 票以上")
        assert "得票相等：王五、赵六、孙七" in verdict(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ElectionDialog)
    [election] = session.state.position.elections.values()
    assert election.elected == () and election.tied == ("王五", "赵六", "孙七")


async def test_y_and_f_record_a_decision_without_counts_and_are_refused_elsewhere(
    make_app: AppFactory,
) -> None:
    app = make_app(load_agenda(BRANCHES))
    session = app.session
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "space", "v", "6", "enter", "space", "y")
        assert session.state.position.votes == {}
        assert "当前步骤不是表决" in str(app.console_screen.query_one("#status").render())
        await pilot.press("space", "v")
        assert "通过按 y，未通过按 f" in str(app.console_screen.query_one("#status").render())
        await pilot.press("f")
        vote = session.state.position.votes[3]
        assert not vote.counted and vote.passed is False
        await pilot.press("space")
        assert session.state.line_text(4) == "请大家另行提名监票人。"
        await pilot.press("left", "left")  # undo the step, then (after asking) the decision
        await pilot.press("y")
        assert 3 not in session.state.position.votes
        await pilot.press("y")
        assert session.state.position.votes[3].passed is True


def test_snapshot_of_the_election_dialog(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app(load_agenda(BRANCHES))
    run = steps(
        app,
        *TO_ELECTION,
        *("v", "6", "tab", "6", "tab", "6", "tab", "5", "tab", "4", "tab", "3"),
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_snapshot_of_a_decision_by_applause(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    app = make_app(load_agenda(BRANCHES))
    run = steps(app, "space", "space", "v", "6", "enter", "space", "space", "y")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


async def test_help_shows_the_meetings_fields_for_the_record(make_app: AppFactory) -> None:
    app = make_app(load_agenda(ELECTION))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        record = str(app.screen.query_one("#help-record", Static).render())
    assert record.splitlines() == [
        "地点：机关第三会议室",
        "主持人：张明",
        "记录人：王芳",
        "列席：上级党委组织委员 刘洋",
        "缺席：陈刚(外出学习)",
    ]

"""The real meeting the product was made for, run start to end with no screen."""

from __future__ import annotations

from facilitator.agenda.load import LoadedAgenda
from facilitator.agenda.model import CueStep, LineStep, VoteStep
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, RecordUnanimous
from facilitator.engine.events import VoteRecorded
from facilitator.engine.script import SlotKind
from facilitator.engine.state import Phase
from facilitator.journal.store import read_journal
from tests.conftest import SessionFactory


def test_the_sample_has_the_scripts_four_items_cues_vote_and_closing(sample: LoadedAgenda) -> None:
    agenda = sample.agenda
    assert agenda.meeting.title == "第二批主题教育领导小组第一次会议"
    assert len(agenda.items) == 4
    assert agenda.opening[0] == LineStep(line="同志们：")
    assert agenda.opening[3].line.startswith("今天的会议共有4项议程")  # type: ignore[union-attr]
    cues = [
        (number, step.cue)
        for number, item in enumerate(agenda.items, start=1)
        for step in item.steps
        if isinstance(step, CueStep)
    ]
    assert cues == [(1, "汇报毕"), (2, "介绍毕"), (2, "发言毕"), (3, "发言毕")]
    [vote] = [step for step in agenda.items[1].steps if isinstance(step, VoteStep)]
    assert vote.method == "依次表决"
    assert isinstance(vote.passed, tuple) and len(vote.passed) == 2
    announcement, points = vote.passed
    assert isinstance(announcement, LineStep) and isinstance(points, LineStep)
    assert announcement.line.startswith("刚才，经领导小组各成员依次讨论表决，一致同意通过")
    assert announcement.line.endswith("重点在以下几个方面抓好落实：")
    assert points.line.startswith("一是把强化理论学习贯穿主题教育始终")
    assert isinstance(vote.failed, str) and "未获通过" in vote.failed
    assert agenda.closing == (LineStep(line="本次会议结束，散会！"),)


def test_the_whole_sample_meeting_runs_and_is_journaled_event_by_event(
    sample: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(sample)
    script = session.script
    expected: list[tuple[str, int | None]] = [("session_started", None)]
    while session.state.phase is not Phase.ENDED:
        slot = session.state.slot
        kind = None if slot is None else script.slots[slot].kind
        if kind is SlotKind.CUE:
            clock.advance(script.slots[slot or 0].planned_s + 30)  # every speaker runs 30 s over
        else:
            clock.advance(45)
        if kind is SlotKind.VOTE and slot not in session.state.position.votes:
            [event] = session.execute(RecordUnanimous())
            expected.append(("vote_recorded", slot))
            continue
        [event] = session.execute(Advance())
        if event.type == "meeting_started":
            expected.append(("meeting_started", None))
        elif event.type == "step_entered":
            expected.append(("step_entered", event.slot))
        else:
            expected.append((event.type, None))

    events = read_journal(session.journal_path).events
    assert [(e.type, getattr(e, "slot", None)) for e in events] == expected
    entered = [e.slot for e in events if e.type == "step_entered"]
    vote_slot = next(s.index for s in script.slots if s.kind is SlotKind.VOTE)
    branches = script.slots[vote_slot].branches
    assert branches is not None
    passed, failed = branches
    skipped = set(failed)
    # every step in order, except the branch for a failed vote
    assert entered == [s for s in range(1, len(script.slots)) if s not in skipped]
    assert list(passed) == [vote_slot + 1, vote_slot + 2]
    vote = next(e for e in events if isinstance(e, VoteRecorded))
    assert (vote.for_, vote.present, vote.passed, vote.item_no) == (9, 9, True, 2)
    assert events[-1].type == "meeting_ended"

    state = session.state
    now = clock.now().t
    cue_slots = [s.index for s in script.slots if s.kind is SlotKind.CUE]
    assert [round(state.slot_seconds(s, now)) for s in cue_slots] == [630, 330, 630, 510]
    assert state.line_text(passed.start).startswith(
        "刚才，经领导小组各成员依次讨论表决，一致同意通过《*学习"
    )
    item2 = script.item(2)
    assert state.part_seconds(item2, now) == 45 * 5 + 330 + 630 + 45  # 5 lines, 2 cues, the vote

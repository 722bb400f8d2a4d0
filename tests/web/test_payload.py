"""What the pages are sent: derived from the state; the hub reads only what was appended."""

from __future__ import annotations

import json

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import (
    Advance,
    Pause,
    RecordDecision,
    RecordElection,
    RecordRollCall,
    RecordVote,
    Resume,
    Start,
)
from facilitator.i18n import ZH
from facilitator.session import Session
from facilitator.web.hub import Hub
from facilitator.web.payload import chair_payload, room_payload
from tests.conftest import SessionFactory
from tests.web.conftest import run, to_slot


def test_the_chair_is_sent_the_line_the_next_line_and_a_running_cue_clock(
    session: Session, clock: FakeClock
) -> None:
    to_slot(session, clock, 5)  # the cue 汇报毕
    clock.advance(42)
    payload = chair_payload(session.state, clock.now(), ZH)
    assert payload["line"] == ZH.chair_cue_wait and payload["line_style"] == "cue"
    assert payload["part"].startswith("第一项")
    assert payload["cue"]["label"] == "（汇报毕）" and payload["cue"]["ticking"] is True
    assert payload["cue"]["elapsed_s"] == 42
    assert payload["next"]["text"] == session.state.line_text(6)
    assert payload["clock"]["ticking"] is True


def test_a_recorded_vote_reaches_both_pages_and_a_break_stops_the_item_clock(
    session: Session, clock: FakeClock
) -> None:
    to_slot(session, clock, 11)
    run(session, clock, RecordVote(for_=5, against=2, abstain=0, present=7), Pause())
    chair = chair_payload(session.state, clock.now(), ZH)
    room = room_payload(session.state, clock.now(), ZH)
    assert chair["vote"]["passed"] is True and "赞成 5" in chair["vote"]["recorded"]
    [result] = room["results"]
    assert result["passed"] is True and "赞成 5" in result["recorded"]
    assert chair["pause"]["elapsed_s"] == 0 and room["pause"]["title"] == ZH.pause_title
    [current] = [row for row in room["rows"] if row["status"] == "current"]
    assert current["label"].startswith("第二项") and current["ticking"] is False
    assert chair["clock"]["ticking"] is True  # the meeting's clock counts breaks


def test_the_hub_reads_only_the_bytes_appended_since_its_last_read(
    session: Session, clock: FakeClock
) -> None:
    hub = Hub(session.journal_path, wall=lambda: clock.now().at)
    assert hub.payloads["chair"]["line"] == ZH.chair_soon
    for command in (Start(), Pause(), Resume(), Pause(), Resume()):
        run(session, clock, command)
        assert hub.read()
        assert hub.follower.bytes_read == session.journal_path.stat().st_size
    assert not hub.read()  # nothing new: no read at all
    assert hub.payloads["room"]["seq"] == session.state.last_seq
    message = hub.messages["room"].decode()
    assert message.startswith(f"id: {session.state.last_seq}\nevent: state\ndata: ")
    assert json.loads(message.split("data: ", 1)[1])["phase"] == "running"


def test_decisions_and_elections_reach_both_pages_with_their_results(
    branches: LoadedAgenda, start_session: SessionFactory, clock: FakeClock
) -> None:
    session = start_session(branches)
    run(session, clock, Start(), Advance(), RecordRollCall(present=7), Advance(), Advance())
    run(session, clock, RecordDecision(passed=True), Advance(), Advance(), Advance())
    run(session, clock, RecordVote(for_=2, against=5, present=7))  # 《工作规则》 fails
    while session.state.slot != 15:  # the election
        run(session, clock, Advance())
    pending = chair_payload(session.state, clock.now(), ZH)
    assert pending["vote"]["pending"] == ZH.web_election_pending
    assert pending["vote"]["recorded"] is None
    run(session, clock, RecordElection(votes=(6, 5, 1), issued=7, returned=7, valid=7))
    chair = chair_payload(session.state, clock.now(), ZH)
    assert "王五、赵六" in chair["vote"]["recorded"] and chair["vote"]["passed"] is True
    room = room_payload(session.state, clock.now(), ZH)
    decision, vote, election = room["results"]
    assert decision["passed"] is True and "鼓掌通过" in decision["recorded"]
    assert vote["passed"] is False and "赞成 2" in vote["recorded"]
    assert election["motion"] == "选举支部委员会委员" and "王五、赵六" in election["recorded"]
    session.close()

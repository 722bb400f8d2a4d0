"""What the room display's pages show, as JSON-ready dicts derived from the meeting state.

Two views of one state:

- :func:`chair_payload` for ``/chair``: the line the chair reads now, the next line, the cue,
  the vote, the roll call, the break, the meeting's clock and forecast;
- :func:`room_payload` for ``/room``: the agenda with the current item marked, elapsed and planned
  times, and the results of votes, decisions and elections once recorded. It never carries a line
  of the script (only the motions and offices, with their results).

Clocks are sent as seconds at the moment the payload was made, with ``ticking`` saying whether
they run on: the page advances them itself, so the server pushes only when an event lands.
"""

from __future__ import annotations

from typing import Any

from facilitator.agenda.model import CueStep, ElectionStep, VoteStep
from facilitator.engine.clock import Instant
from facilitator.engine.script import SlotKind
from facilitator.engine.state import MeetingState, Phase
from facilitator.i18n import Strings, clock
from facilitator.tui.view import header_view, main_view, name_of, row_status

Payload = dict[str, Any]


def words_payload(words: Strings) -> Payload:
    """The labels the pages' script needs (the rest of the text comes in each payload)."""
    return {
        "elapsed": words.elapsed,
        "planned_end": words.planned_end,
        "forecast_end": words.forecast_end,
        "planned": words.summary_planned,
        "actual": words.summary_actual,
        "agenda": words.agenda,
        "votes": words.web_results,
        "no_votes": words.web_no_results,
        "reconnecting": words.web_reconnecting,
        "pause_title": words.pause_title,
        "now": words.web_now,
        "cue_no_plan": words.cue_no_plan,
    }


def _clock(state: MeetingState, now: Instant, words: Strings) -> Payload:
    header = header_view(state, now, words)
    return {
        "elapsed_s": state.elapsed(now.t),
        "ticking": state.phase is Phase.RUNNING,
        "planned_end": header.planned_end,
        "forecast_end": header.forecast_end,
        "delta": header.delta,
        "delta_kind": header.delta_kind,
    }


def _pause(state: MeetingState, now: Instant, words: Strings) -> Payload | None:
    if not state.paused:
        return None
    return {"title": words.pause_title, "elapsed_s": state.pauses[-1].seconds(now.t)}


def _base(state: MeetingState, now: Instant, words: Strings, kind: str) -> Payload:
    meeting = state.script.agenda.meeting
    return {
        "kind": kind,
        "seq": state.last_seq,
        "lang": meeting.language,
        "title": meeting.title,
        "phase": state.phase.value,
        "clock": _clock(state, now, words),
        "pause": _pause(state, now, words),
    }


def chair_payload(state: MeetingState, now: Instant, words: Strings) -> Payload:
    """``/chair``: everything the chair needs to read and to keep time."""
    payload = _base(state, now, words, "chair")
    payload.update(
        part="", position="", line="", line_style="announce", next=None, cue=None, vote=None
    )
    payload["roll_call"] = None
    title = state.script.agenda.meeting.title
    if state.phase is Phase.ENDED:
        ended = words.summary_early if state.position.ended_early else words.summary_title
        payload.update(part=title, line=ended)
        return payload
    view = main_view(state, now, words)
    following = {"label": view.next_label, "text": view.next_text, "note": view.next_note}
    if state.phase is Phase.NOT_STARTED or view.slot is None:
        payload.update(part=title, line=words.chair_soon, next=following)
        return payload
    entry = state.script.slots[view.slot]
    step = entry.step
    payload.update(
        part=view.part_label,
        position=view.position,
        line=words.chair_cue_wait if view.cue is not None else view.line,
        line_style="cue" if view.line_kind is SlotKind.CUE else "line",
        next=following,
    )
    if view.cue is not None and isinstance(step, CueStep):
        payload["cue"] = {
            "label": words.fmt(words.cue, cue=view.cue.label),
            "who": view.cue.who,
            "elapsed_s": state.slot_seconds(view.slot, now.t),
            "planned_s": step.planned,
            "planned": None
            if step.planned is None
            else words.fmt(words.cue_planned, planned=clock(step.planned)),
            "ticking": state.segment_start is not None,
        }
    if view.vote is not None:  # a vote, a decision without counts, or an election
        election = isinstance(step, ElectionStep)
        payload["vote"] = {
            "motion": view.line,
            "method": view.vote.method,
            "rule": view.vote.rule,
            "pending": words.web_election_pending if election else words.chair_vote_pending,
            "recorded": view.vote.recorded,
            "passed": view.vote.passed,
        }
    if view.roll_call is not None:
        payload["roll_call"] = {
            "pending": words.chair_roll_call_pending,
            "recorded": view.roll_call.recorded,
            "quorum": view.roll_call.quorum,
            "quorum_met": view.roll_call.quorum_met,
        }
    return payload


def room_payload(state: MeetingState, now: Instant, words: Strings) -> Payload:
    """``/room``: the agenda, where the meeting is, how long it has taken, the results so far."""
    payload = _base(state, now, words, "room")
    script = state.script
    rows = []
    for part in script.parts:
        status = row_status(state, part)
        current = status == "current"
        rows.append(
            {
                "label": name_of(part, words),
                "status": status,
                "spent_s": state.part_seconds(part, now.t) if status != "upcoming" else None,
                "planned_s": part.planned_s,
                "ticking": current and state.segment_start is not None,
            }
        )
    payload["rows"] = rows
    current_part = state.current_part
    payload["current"] = (
        name_of(current_part, words)
        if current_part is not None and state.phase is Phase.RUNNING
        else (words.chair_soon if state.phase is Phase.NOT_STARTED else words.summary_title)
    )
    results = [
        result
        for slot in sorted({*state.position.votes, *state.position.elections})
        if (result := _result(state, slot, words)) is not None
    ]
    payload["results"] = results
    return payload


def _result(state: MeetingState, slot: int, words: Strings) -> Payload | None:
    """A recorded vote, decision or election, as the room is told it."""
    step = state.script.slots[slot].step
    part = name_of(state.script.part_of(slot), words)
    if isinstance(step, VoteStep) and slot in state.position.votes:
        vote = state.position.votes[slot]
        recorded = words.vote_result(vote, step.method)
        motion = state.line_text(slot)
        return {"part": part, "motion": motion, "recorded": recorded, "passed": vote.passed}
    if isinstance(step, ElectionStep) and slot in state.position.elections:
        election = state.position.elections[slot]
        return {
            "part": part,
            "motion": state.line_text(slot),
            "recorded": words.election_result(election),
            "passed": not election.tied and len(election.elected) == election.seats,
        }
    return None

"""``--format json``: the meeting's timing with exactly the keys DESIGN.md lists.

Durations are whole seconds; times ISO 8601 to the second with their UTC offset; ``null`` where
a time is not known (an item never reached; the end of an unfinished meeting or break; a cue's
plan where the agenda gives none). UTF-8, Chinese kept as is, indented two spaces.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from facilitator.report.timing import MeetingTiming


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 to the second, with the UTC offset; None stays None."""
    return None if moment is None else moment.isoformat(timespec="seconds")


def timing_document(timing: MeetingTiming) -> dict[str, Any]:
    """The export as plain data, keys in the documented order."""
    return {
        "meeting": {
            "title": timing.title,
            "started_at": iso(timing.started_at),
            "ended_at": iso(timing.ended_at),
            "planned_s": timing.planned_s,
            "actual_s": timing.actual_s,
            "paused_s": timing.paused_s,
            **timing.record,
            **({"rehearsal": True} if timing.rehearsal else {}),
        },
        "items": [
            {
                "no": item.no,
                "title": item.title,
                "planned_s": item.planned_s,
                "actual_s": item.actual_s,
                "over_s": item.over_s,
                "started_at": iso(item.started_at),
                "ended_at": iso(item.ended_at),
            }
            for item in timing.items
        ],
        "cues": [
            {
                "item_no": cue.item_no,
                "label": cue.label,
                "who": cue.who,
                "planned_s": cue.planned_s,
                "actual_s": cue.actual_s,
                "started_at": iso(cue.started_at),
                "ended_at": iso(cue.ended_at),
            }
            for cue in timing.cues
        ],
        "votes": [
            {
                "item_no": vote.item_no,
                "motion": vote.motion,
                "method": vote.method,
                "rule": vote.rule.value,
                "present": vote.present,
                "for": vote.for_,
                "against": vote.against,
                "abstain": vote.abstain,
                "passed": vote.passed,
                "at": iso(vote.at),
                "counted": vote.counted,
            }
            for vote in timing.votes
        ],
        "notes": [
            {"item_no": note.item_no, "text": note.text, "at": iso(note.at)}
            for note in timing.notes
        ],
        "pauses": [
            {
                "started_at": iso(pause.started_at),
                "ended_at": iso(pause.ended_at),
                "actual_s": pause.actual_s,
            }
            for pause in timing.pauses
        ],
        "elections": [
            {
                "item_no": election.item_no,
                "office": election.office,
                "method": election.method,
                "seats": election.seats,
                "rule": election.rule.value,
                "of": election.of.value,
                "present": election.present,
                "base": election.base,
                "threshold": election.threshold,
                "issued": election.issued,
                "returned": election.returned,
                "valid": election.valid,
                "votes": [{"name": name, "votes": count} for name, count in election.votes],
                "elected": list(election.elected),
                "tied": list(election.tied),
                "not_elected": list(election.not_elected),
                "at": iso(election.at),
            }
            for election in timing.elections
        ],
        "branches": [
            {
                "item_no": branch.item_no,
                "motion": branch.motion,
                "taken": branch.taken,
                "not_taken": branch.not_taken,
                "steps_taken": branch.steps_taken,
                "steps_not_taken": branch.steps_not_taken,
            }
            for branch in timing.branches
        ],
        "record": {
            "sealed": timing.check.code is not None,
            "code": timing.check.code,
            "verified": timing.check.problem is None,
            "problem": timing.check.problem,
        },
    }


def render_json(timing: MeetingTiming) -> bytes:
    """The JSON export's bytes (UTF-8, no BOM, ending with a newline)."""
    text = json.dumps(timing_document(timing), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")

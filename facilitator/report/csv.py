"""``--format csv``: one row per agenda item, cue and vote, for a spreadsheet.

Columns (DESIGN.md): ``kind,item_no,item_title,label,planned_s,actual_s,over_s,started_at,
ended_at,result``. Rows follow the agenda: cues and votes of the opening first, then each item's
row followed by its cues and votes in the order they come, then the closing's cues.

- ``kind``: ``item``, ``cue``, ``vote``, ``election`` or ``branch`` (a branch not taken).
- ``label``: empty for an item; for a cue its label with the speaker in brackets,
  ``汇报毕（李四同志）`` (``Report ends (Ms Li)`` in English); for a vote, the motion.
- ``planned_s``/``actual_s``/``over_s``: whole seconds; a cue without a plan has empty
  ``planned_s`` and ``over_s``. A vote's times are those of the vote step (calling it, counting).
- ``started_at``/``ended_at``: ISO 8601 to the second with the UTC offset; empty when unknown.
- ``result``: an item: empty, ``not reached``, ``skipped`` or ``running``; a cue: empty,
  ``not reached`` or ``running``; a vote: ``passed`` or ``failed``, then the counts, e.g.
  ``passed: 5 for, 0 against, 1 abstain, 6 present``.

Encoded UTF-8 with a byte-order mark and CRLF line ends, so Excel on a Chinese Windows opens it
as UTF-8 rather than GBK.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from facilitator.engine.script import PartKind
from facilitator.report.json import iso
from facilitator.report.timing import (
    BranchTiming,
    CueTiming,
    ElectionTiming,
    MeetingTiming,
    PartTiming,
    VoteTiming,
)
from facilitator.report.wording import wording

COLUMNS = (
    "kind",
    "item_no",
    "item_title",
    "label",
    "planned_s",
    "actual_s",
    "over_s",
    "started_at",
    "ended_at",
    "result",
)
"""The CSV header, exactly as DESIGN.md specifies."""

Row = tuple[object, ...]


def _cell(value: object) -> object:
    return "" if value is None else value


def _part_result(part: PartTiming) -> str:
    if part.running:
        return "running"
    if part.skipped:
        return "skipped"
    if not part.reached:
        return "not reached"
    return ""


def _item_row(item: PartTiming) -> Row:
    return (
        "item",
        item.no,
        item.title,
        "",
        item.planned_s,
        item.actual_s,
        item.over_s,
        iso(item.started_at),
        iso(item.ended_at),
        _part_result(item),
    )


def _cue_row(cue: CueTiming, title: str | None, language: str) -> Row:
    label = cue.label
    if cue.who:
        label += f"（{cue.who}）" if language == "zh" else f" ({cue.who})"
    result = "running" if cue.running else "" if cue.reached else "not reached"
    return (
        "cue",
        cue.item_no,
        title,
        label,
        cue.planned_s,
        cue.actual_s,
        cue.over_s,
        iso(cue.started_at),
        iso(cue.ended_at),
        result,
    )


def _vote_row(vote: VoteTiming, title: str | None) -> Row:
    verdict = "passed" if vote.passed else "failed"
    counts = (
        f"{vote.for_} for, {vote.against} against, {vote.abstain} abstain, {vote.present} present"
        if vote.counted
        else f"not counted ({vote.method or 'uncounted'})"
    )
    return (
        "vote",
        vote.item_no,
        title,
        vote.motion,
        vote.planned_s,
        vote.actual_s,
        vote.actual_s - vote.planned_s,
        iso(vote.started_at),
        iso(vote.ended_at),
        f"{verdict}: {counts}",
    )


def _election_row(election: ElectionTiming, title: str | None) -> Row:
    votes = ", ".join(f"{name} {count}" for name, count in election.votes)
    ballots = (
        f"{election.issued} issued, {election.returned} returned, {election.valid} valid; "
        if election.issued is not None
        else ""
    )
    elected = ", ".join(election.elected) or "nobody"
    tied = f"; tied: {', '.join(election.tied)}" if election.tied else ""
    return (
        "election",
        election.item_no,
        title,
        election.office,
        election.planned_s,
        election.actual_s,
        election.actual_s - election.planned_s,
        iso(election.started_at),
        iso(election.ended_at),
        f"elected: {elected}{tied} ({ballots}votes: {votes}; needs {election.threshold})",
    )


def _branch_row(branch: BranchTiming, title: str | None) -> Row:
    steps = branch.steps_not_taken
    return (
        "branch",
        branch.item_no,
        title,
        branch.motion,
        None,
        None,
        None,
        None,
        None,
        f"not taken: {branch.not_taken} ({steps} step{'s' if steps != 1 else ''})",
    )


def rows(timing: MeetingTiming) -> Iterator[Row]:
    """The data rows, in agenda order."""
    titles = {item.no: item.title for item in timing.items}
    entries: list[tuple[int, PartKind, int | None, Row]] = [
        (cue.slot, cue.part, cue.item_no, _cue_row(cue, titles.get(cue.item_no), timing.language))
        for cue in timing.cues
    ]
    entries += [
        (vote.slot, vote.part, vote.item_no, _vote_row(vote, titles.get(vote.item_no)))
        for vote in timing.votes
    ]
    entries += [
        (e.slot, e.part, e.item_no, _election_row(e, titles.get(e.item_no)))
        for e in timing.elections
    ]
    entries += [
        (b.vote_slot, b.part, b.item_no, _branch_row(b, titles.get(b.item_no)))
        for b in timing.branches
    ]
    entries.sort(key=lambda entry: entry[0])
    if timing.rehearsal:
        words = wording(timing.language)
        yield ("rehearsal", None, None, words.rehearsal_label, *(None,) * 5, words.rehearsal)
    yield from (row for _, part, _, row in entries if part is PartKind.OPENING)
    for item in timing.items:
        yield _item_row(item)
        yield from (row for _, part, no, row in entries if part is PartKind.ITEM and no == item.no)
    yield from (row for _, part, _, row in entries if part is PartKind.CLOSING)
    yield _record_row(timing)


def _record_row(timing: MeetingTiming) -> Row:
    """The last row: the 记录校验码 that anchors the record, or why the record failed."""
    words = wording(timing.language)
    result = timing.check.code or words.not_sealed
    if timing.check.problem is not None:
        result = words.failed_verification.format(problem=timing.check.problem)
    return ("record", None, None, words.record_code, None, None, None, None, None, result)


def render_csv(timing: MeetingTiming) -> bytes:
    """The CSV export's bytes: UTF-8 with BOM, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(timing):
        writer.writerow([_cell(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")

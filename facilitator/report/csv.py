"""``--format csv``: the meeting as a table for people, in the agenda's language.

One row for the opening, each agenda item, each cue, vote, decision and election, each branch
not taken and the closing, in the order of the agenda; then the total and the record code. The
header and the values are in the agenda's language (``meeting.language``), since the file is
opened by the secretariat in a spreadsheet; JSON (``--format json``) is the one for programs.

Columns, in Chinese (English): 类别 (Kind), 序号 (No.), 议程 (Item), 事项 (Entry), 计划（秒）
(Planned (s)), 实际（秒） (Actual (s)), 超时（秒） (Over (s)), 开始 (Started), 结束 (Ended),
结果 (Result).

- 类别: 开场, 议程, 发言, 表决, 选举, 未执行, 结束语, 合计, 记录校验码.
- 序号 and 议程: the agenda item's number and title (empty in the opening and closing).
- 事项: a cue's label with its speaker (``汇报毕（李四同志）``), a vote's motion, an election's
  office, the motion whose branch was not taken.
- Seconds are whole seconds, the same figures as every report and export; a part's over is
  actual − planned; a cue without a plan has empty planned and over cells. The total row's
  actual is the net time (the parts' sum), and its result gives the gross time with breaks.
- 开始/结束: ISO 8601 to the second with the UTC offset; empty when unknown.
- 结果: 进行中, 已跳过, 未进行 for a part; 通过：到会6人，赞成5票，反对0票，弃权1票 for a vote,
  通过（鼓掌通过） for a decision without counts, who is elected with the ballots and votes for
  an election, the steps not taken for a branch.

UTF-8 with a byte-order mark and CRLF line ends, so Excel on a Chinese Windows opens it as UTF-8.
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
from facilitator.report.wording import Wording, wording

Row = tuple[object, ...]


def columns(language: str) -> tuple[str, ...]:
    """The header row for an agenda in ``language``."""
    return wording(language).csv_columns


def _cell(value: object) -> object:
    return "" if value is None else value


def _part_result(part: PartTiming, words: Wording) -> str:
    if part.running:
        return words.running
    if part.skipped:
        return words.skipped
    if not part.reached:
        return words.not_reached
    return ""


def _part_row(part: PartTiming, kind: str, words: Wording) -> Row:
    return (
        words.csv_kinds[kind],
        part.no,
        part.title,
        None,
        part.planned_s,
        part.actual_s,
        part.over_s,
        iso(part.started_at),
        iso(part.ended_at),
        _part_result(part, words),
    )


def _cue_row(cue: CueTiming, title: str | None, words: Wording) -> Row:
    label = cue.label + (words.bracket(cue.who) if cue.who else "")
    result = words.running if cue.running else "" if cue.reached else words.not_reached
    return (
        words.csv_kinds["cue"],
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


def _vote_row(vote: VoteTiming, title: str | None, words: Wording) -> Row:
    return (
        words.csv_kinds["vote"],
        vote.item_no,
        title,
        vote.motion,
        vote.planned_s,
        vote.actual_s,
        vote.actual_s - vote.planned_s,
        iso(vote.started_at),
        iso(vote.ended_at),
        words.vote_result(vote),
    )


def _election_row(election: ElectionTiming, title: str | None, words: Wording) -> Row:
    return (
        words.csv_kinds["election"],
        election.item_no,
        title,
        election.office,
        election.planned_s,
        election.actual_s,
        election.actual_s - election.planned_s,
        iso(election.started_at),
        iso(election.ended_at),
        words.election_result(election),
    )


def _branch_row(branch: BranchTiming, title: str | None, words: Wording) -> Row:
    return (
        words.csv_kinds["branch"],
        branch.item_no,
        title,
        branch.motion,
        None,
        None,
        None,
        None,
        None,
        words.branch_sentence(branch.motion, branch.not_taken, branch.steps_not_taken),
    )


def rows(timing: MeetingTiming) -> Iterator[Row]:
    """The data rows, in agenda order, then the total and the record code."""
    words = wording(timing.language)
    titles = {item.no: item.title for item in timing.items}
    entries: list[tuple[int, PartKind, int | None, Row]] = [
        (cue.slot, cue.part, cue.item_no, _cue_row(cue, titles.get(cue.item_no), words))
        for cue in timing.cues
    ]
    entries += [
        (vote.slot, vote.part, vote.item_no, _vote_row(vote, titles.get(vote.item_no), words))
        for vote in timing.votes
    ]
    entries += [
        (e.slot, e.part, e.item_no, _election_row(e, titles.get(e.item_no), words))
        for e in timing.elections
    ]
    entries += [
        (b.vote_slot, b.part, b.item_no, _branch_row(b, titles.get(b.item_no), words))
        for b in timing.branches
    ]
    entries.sort(key=lambda entry: entry[0])
    if timing.rehearsal:
        yield (words.rehearsal_label, None, None, None, *(None,) * 5, words.rehearsal)
    if timing.opening is not None:
        yield _part_row(timing.opening, "opening", words)
    yield from (row for _, part, _, row in entries if part is PartKind.OPENING)
    for item in timing.items:
        yield _part_row(item, "item", words)
        yield from (row for _, part, no, row in entries if part is PartKind.ITEM and no == item.no)
    if timing.closing is not None:
        yield _part_row(timing.closing, "closing", words)
    yield from (row for _, part, _, row in entries if part is PartKind.CLOSING)
    yield _total_row(timing, words)
    yield _record_row(timing, words)


def _total_row(timing: MeetingTiming, words: Wording) -> Row:
    """Planned and net actual of all the parts; the gross time with breaks as its result."""
    parts = [p for p in (timing.opening, *timing.items, timing.closing) if p is not None]
    planned = sum(part.planned_s for part in parts)
    gross = (
        words.meeting_time(timing.started_at, timing.ended_at, timing.actual_s, timing.paused_s)
        if timing.started_at is not None
        else words.not_started
    )
    return (
        words.csv_kinds["total"],
        None,
        None,
        None,
        planned,
        timing.active_s,
        timing.active_s - planned,
        iso(timing.started_at),
        iso(timing.ended_at),
        gross,
    )


def _record_row(timing: MeetingTiming, words: Wording) -> Row:
    """The last row: the 记录校验码 that anchors the record, or why the record failed."""
    result = timing.check.code or words.not_sealed
    if timing.check.problem is not None:
        result = words.failed_verification.format(problem=timing.check.problem)
    return (words.csv_kinds["record"], None, None, None, None, None, None, None, None, result)


def render_csv(timing: MeetingTiming) -> bytes:
    """The CSV export's bytes: UTF-8 with BOM, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(timing.language))
    for row in rows(timing):
        writer.writerow([_cell(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")

"""The minutes (会议记录) as a sequence of blocks, rendered alike to Markdown and to .docx.

What the minutes say, and in which order, is decided here once; :mod:`.markdown` and
:mod:`.docx` only typeset the blocks. The words come from :mod:`.wording`. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.report.placeholders import BLANK, blank_out
from facilitator.report.timing import MeetingTiming, PartTiming
from facilitator.report.wording import Wording, wording


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document's title, 1 a section, 2 an agenda item."""

    level: int
    text: str


@dataclass(frozen=True)
class Line:
    """A paragraph, optionally led by a label (时间, 表决 …) that the typesetter may set bold."""

    text: str
    label: str | None = None


@dataclass(frozen=True)
class Remark:
    """A paragraph set apart: the meeting is unfinished, and the like."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with a header row; the last row is a total when ``total`` is True."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: bool = False
    numeric: tuple[int, ...] = ()
    """Columns to align right."""


Block = Heading | Line | Remark | Table


def minutes_title(timing: MeetingTiming, words: Wording) -> str:
    """``测试委员会第三次会议记录`` / ``Minutes: Board Meeting``; a rehearsal's says so."""
    title = words.document_title(timing.title)
    return title + words.bracket(words.rehearsal_label) if timing.rehearsal else title


def _part_row(words: Wording, part: PartTiming, name: str) -> tuple[str, ...]:
    if not part.reached:
        state = words.skipped if part.skipped else words.not_reached
        return (name, words.planned_time(part.planned_s, part.planned_given), "-", state)
    return (
        name,
        words.planned_time(part.planned_s, part.planned_given),
        words.seconds(part.actual_s),
        words.signed(part.over_s),
    )


def timing_table(timing: MeetingTiming, words: Wording) -> Table:
    """Planned against actual for every part, with a total that adds up (breaks excluded)."""
    rows: list[tuple[str, ...]] = []
    if timing.opening is not None:
        rows.append(("", *_part_row(words, timing.opening, words.opening)))
    for item in timing.items:
        assert item.no is not None and item.title is not None
        rows.append((words.item_number(item.no), *_part_row(words, item, item.title)))
    if timing.closing is not None:
        rows.append(("", *_part_row(words, timing.closing, words.closing)))
    planned = sum(
        part.planned_s for part in (timing.opening, *timing.items, timing.closing) if part
    )
    actual = sum(part.actual_s for part in (timing.opening, *timing.items, timing.closing) if part)
    rows.append(
        (
            "",
            words.total,
            words.seconds(planned),
            words.seconds(actual),
            words.signed(actual - planned),
        )
    )
    return Table(
        header=(words.no, words.item, words.planned, words.actual, words.over_under),
        rows=tuple(rows),
        total=True,
        numeric=(2, 3, 4),
    )


def minutes_blocks(timing: MeetingTiming) -> list[Block]:
    """The minutes of a meeting, finished or not, in the agenda's language."""
    words = wording(timing.language)
    blocks: list[Block] = [Heading(0, minutes_title(timing, words))]
    if timing.rehearsal:
        blocks.append(Remark(words.rehearsal))
    if timing.check.problem is not None:
        blocks.append(Remark(words.failed_verification.format(problem=timing.check.problem)))

    blocks += record_header(timing, words)
    if timing.started_at is None:
        blocks.append(Remark(words.not_started))
    elif not timing.finished:
        blocks.append(Remark(words.unfinished.format(now=words.clock(timing.now_at))))

    blocks.append(Heading(1, words.agenda))
    for item in timing.items:
        assert item.no is not None and item.title is not None
        blocks.append(Heading(2, words.item_heading(item.no, item.title)))
        if not item.reached:
            blocks.append(Line(words.skipped if item.skipped else words.not_reached))
            continue
        when = words.span(item.started_at, item.ended_at)
        took = words.item_time(item.actual_s, item.planned_s, item.planned_given)
        suffix = words.bracket(words.running) if item.running else ""
        blocks.append(Line(words.join(when, took) + suffix, words.time))
        for call in timing.roll_calls:
            if call.item_no == item.no:
                blocks.append(
                    Line(
                        words.roll_call(call.present, call.members, call.quorum_met),
                        words.attendance,
                    )
                )
        for cue in timing.cues:
            if cue.item_no == item.no and cue.reached:
                blocks.append(
                    Line(
                        words.cue_line(cue.who, cue.label, cue.actual_s, cue.planned_s),
                        words.speaker if cue.who else words.stage,
                    )
                )
        for vote in timing.votes:
            if vote.item_no != item.no:
                continue
            if (
                not vote.counted
                or vote.present is None
                or vote.for_ is None
                or vote.against is None
                or vote.abstain is None
            ):
                sentence = words.decision_sentence(vote.motion, vote.method, vote.passed)
            else:
                counts = (vote.present, vote.for_, vote.against, vote.abstain)
                sentence = words.vote_sentence(
                    vote.motion, vote.method, vote.rule, vote.of, counts, vote.passed
                )
            blocks.append(Line(sentence, words.vote))
        for branch in timing.branches:
            if branch.item_no == item.no and branch.steps_not_taken:
                blocks.append(
                    Line(
                        words.branch_sentence(
                            branch.motion, branch.not_taken, branch.steps_not_taken
                        )
                    )
                )
        for election in timing.elections:
            if election.item_no == item.no:
                blocks.append(
                    Line(
                        words.election_sentence(election),
                        words.election,
                    )
                )
        for note in timing.notes:
            if note.item_no == item.no:
                blocks.append(Line(f"{words.clock(note.at)} {note.text}", words.note))

    general = [note for note in timing.notes if note.item_no is None]
    if general:
        blocks.append(Heading(1, words.notes))
        blocks += [Line(f"{words.clock(note.at)} {note.text}") for note in general]
    if timing.pauses:
        blocks.append(Heading(1, words.breaks))
        blocks += [
            Line(words.join(words.span(p.started_at, p.ended_at), words.seconds(p.actual_s)))
            for p in timing.pauses
        ]
    if timing.started_at is not None:
        blocks.append(Heading(1, words.timing_table))
        blocks.append(timing_table(timing, words))
    blocks.append(Line(BLANK * 2, words.host + words.signature))
    blocks.append(Line(BLANK * 2, words.recorder + words.signature))
    if timing.check.problem is None:
        blocks.append(Line(timing.check.code or words.not_sealed, words.record_code))
    return [_blanked(block) for block in blocks]


def record_header(timing: MeetingTiming, words: Wording) -> list[Line]:
    """The record's header, in the order a 会议记录 gives it: 时间, 地点, 主持人, 出席 (with the
    roll call's 应到/实到), 列席, 缺席, 记录人. What the agenda does not say is a blank to fill by
    hand: a record missing its header is not fileable, a blank one is."""
    fields = dict(words.record_lines(timing.record))
    day = timing.date or (words.day(timing.started_at) if timing.started_at else None)
    when = ""
    if timing.started_at is not None:
        span = words.meeting_time(
            timing.started_at, timing.ended_at, timing.actual_s, timing.paused_s
        )
        when = f"{day} {span}" if day else span
    elif day:
        when = day
    calls = [call for call in timing.roll_calls if call.item_no is None]
    attendance = (
        words.roll_call(calls[0].present, calls[0].members, calls[0].quorum_met) if calls else ""
    )
    names = fields.get(words.attendance)
    if names:
        attendance = f"{attendance.rstrip('。.')}{words.bracket(names)}" if attendance else names
    return [
        Line(when or BLANK, words.time),
        Line(timing.place or BLANK, words.place),
        Line(fields.get(words.host) or BLANK, words.host),
        Line(attendance or BLANK, words.attendance),
        Line(fields.get(words.observers) or BLANK, words.observers),
        Line(fields.get(words.absent) or BLANK, words.absent),
        Line(fields.get(words.recorder) or BLANK, words.recorder),
    ]


def _blanked(block: Block) -> Block:
    """The block with every unfilled placeholder printed as a blank to fill by hand."""
    match block:
        case Heading(level=level, text=text):
            return Heading(level, blank_out(text))
        case Line(text=text, label=label):
            return Line(blank_out(text), label)
        case Table():
            rows = tuple(tuple(blank_out(cell) for cell in row) for row in block.rows)
            return Table(block.header, rows, block.total, block.numeric)
    return block  # a remark names a file and a line: left as written

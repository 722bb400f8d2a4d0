"""``facilitator report JOURNAL``: planned against actual, votes, notes and breaks, as Rich tables.

Headings follow the agenda's language. The chrome is ASCII only (table rules of ``-``, bars of
``#``, ``+`` and ``.``): box-drawing and block characters are East Asian *ambiguous* width, drawn
two cells wide by many Chinese terminals, which would break the columns.
"""

from __future__ import annotations

from pathlib import Path

from rich.box import Box
from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from facilitator.report.timing import MeetingTiming, PartTiming, load_timing
from facilitator.report.wording import Wording, wording
from facilitator.session import HEARTBEAT_S
from facilitator.words.terms import terms

ASCII_SIMPLE = Box(
    "    \n    \n -- \n    \n    \n -- \n    \n    \n",
    ascii=True,
)
"""Rich's SIMPLE box with ``-`` for the rules: header and footer lines only, all ASCII."""

BAR_WIDTH = 20
"""Cells of the longest bar."""


def bar(actual_s: int, planned_s: int, scale_s: int, width: int = BAR_WIDTH) -> Text:
    """Actual time against the plan: ``#`` within the plan, ``+`` over it, ``.`` plan unused.

    ``scale_s`` is the number of seconds the full ``width`` stands for (the longest row).
    """
    if scale_s <= 0:
        return Text("")

    def cells(seconds: int) -> int:
        return min(width, round(seconds * width / scale_s))

    within = cells(min(actual_s, planned_s))
    over = cells(actual_s) - within if actual_s > planned_s else 0
    unused = cells(planned_s) - within if planned_s > actual_s else 0
    text = Text()
    text.append("#" * within, style="green")
    text.append("+" * over, style="bold red")
    text.append("." * unused, style="dim")
    return text


def _table(title: str, *columns: tuple[str, JustifyMethod]) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=ASCII_SIMPLE,
        show_edge=False,
        pad_edge=False,
        expand=False,
    )
    for header, justify in columns:
        table.add_column(header, justify=justify, overflow="fold")
    return table


def _plan(words: Wording, part: PartTiming) -> str:
    return words.planned_time(part.planned_s, part.planned_given)


def _over(words: Wording, over_s: int) -> Text:
    style = "red" if over_s > 0 else "green" if over_s < 0 else ""
    return Text(words.signed(over_s), style=style)


def items_table(timing: MeetingTiming, words: Wording, bar_width: int = BAR_WIDTH) -> Table:
    """Every part of the meeting: plan, actual, over or under, and a bar (if ``bar_width``)."""
    parts = [part for part in (timing.opening, *timing.items, timing.closing) if part is not None]
    scale = max((max(part.actual_s, part.planned_s) for part in parts), default=0)
    columns: list[tuple[str, JustifyMethod]] = [
        (words.no, "right"),
        (words.item, "left"),
        (words.planned, "right"),
        (words.actual, "right"),
        (words.over_under, "right"),
    ]
    if bar_width:
        columns.append((words.bar, "left"))
    table = _table(words.items_heading, *columns)
    if bar_width:
        table.columns[-1].no_wrap = True
    table.show_footer = True
    for part in parts:
        if part.no is None:
            number, name, style = "", words.opening, "dim"
            if part is timing.closing:
                name = words.closing
        else:
            number, name, style = words.item_number(part.no), part.title or "", ""
        if part.running:
            name += words.bracket(words.running)
        if not part.reached:
            state = words.skipped if part.skipped else words.not_reached
            table.add_row(
                number, name, _plan(words, part), "-", Text(state, style="dim"), "", style="dim"
            )
            continue
        table.add_row(
            number,
            name,
            _plan(words, part),
            words.seconds(part.actual_s),
            _over(words, part.over_s),
            *([bar(part.actual_s, part.planned_s, scale, bar_width)] if bar_width else []),
            style=style,
        )
    planned = sum(part.planned_s for part in parts)
    actual = sum(part.actual_s for part in parts)
    table.columns[1].footer = words.total
    table.columns[2].footer = words.seconds(planned)
    table.columns[3].footer = words.seconds(actual)
    table.columns[4].footer = _over(words, actual - planned)
    return table


def cues_table(timing: MeetingTiming, words: Wording) -> Table | None:
    """Who spoke at each cue, and for how long."""
    cues = [cue for cue in timing.cues if cue.reached]
    if not cues:
        return None
    table = _table(
        words.cues_heading,
        (words.item, "right"),
        (words.label, "left"),
        (words.speaker, "left"),
        (words.planned, "right"),
        (words.actual, "right"),
        (words.over_under, "right"),
        (words.started, "left"),
        (words.ended, "left"),
    )
    for cue in cues:
        over = cue.over_s
        table.add_row(
            words.item_number(cue.item_no),
            cue.label,
            cue.who or "",
            words.seconds(cue.planned_s) if cue.planned_s is not None else "",
            words.seconds(cue.actual_s),
            _over(words, over) if over is not None else "",
            words.clock_s(cue.started_at),
            words.bracket(words.running).strip() if cue.running else words.clock_s(cue.ended_at),
        )
    return table


def votes_table(timing: MeetingTiming, words: Wording) -> Table | None:
    """Each vote in force: counts, rule and outcome."""
    if not timing.votes:
        return None
    table = _table(
        words.votes_heading,
        (words.item, "right"),
        (words.motion, "left"),
        (words.method, "left"),
        (words.present, "right"),
        (words.for_, "right"),
        (words.against, "right"),
        (words.abstain, "right"),
        (words.result, "left"),
        (words.at, "left"),
    )
    for vote in timing.votes:
        verdict = Text(
            words.carried if vote.passed else words.not_carried,
            style="green" if vote.passed else "bold red",
        )
        table.add_row(
            words.item_number(vote.item_no),
            vote.motion,
            vote.method or "",
            *(
                "-" if count is None else str(count)
                for count in (vote.present, vote.for_, vote.against, vote.abstain)
            ),
            verdict,
            words.clock_s(vote.at),
        )
    return table


def elections_table(timing: MeetingTiming, words: Wording) -> Table | None:
    """Each election in force: ballots, votes, who is elected."""
    if not timing.elections:
        return None
    table = _table(
        words.elections_heading,
        (words.item, "right"),
        (words.result, "left"),
        (words.at, "left"),
    )
    for election in timing.elections:
        sentence = words.election_sentence(election)
        table.add_row(
            words.item_number(election.item_no),
            Text(sentence, style="bold yellow" if election.tied else ""),
            words.clock_s(election.at),
        )
    return table


def branches_table(timing: MeetingTiming, words: Wording) -> Table | None:
    """Each branched vote: the branch not taken."""
    if not timing.branches:
        return None
    table = _table(words.branches_heading, (words.item, "right"), (words.result, "left"))
    for branch in timing.branches:
        table.add_row(
            words.item_number(branch.item_no),
            words.branch_sentence(branch.motion, branch.not_taken, branch.steps_not_taken),
        )
    return table


def notes_table(timing: MeetingTiming, words: Wording) -> Table | None:
    """The operator's notes."""
    if not timing.notes:
        return None
    table = _table(
        words.notes_heading, (words.at, "left"), (words.item, "right"), (words.text, "left")
    )
    for note in timing.notes:
        table.add_row(words.clock_s(note.at), words.item_number(note.item_no), note.text)
    return table


def pauses_table(timing: MeetingTiming, words: Wording) -> Table | None:
    """The breaks."""
    if not timing.pauses:
        return None
    table = _table(
        words.pauses_heading,
        (words.started, "left"),
        (words.ended, "left"),
        (words.duration, "right"),
    )
    for pause in timing.pauses:
        ended = words.clock_s(pause.ended_at) if pause.ended_at else words.running
        table.add_row(words.clock_s(pause.started_at), ended, words.seconds(pause.actual_s))
    return table


def header(timing: MeetingTiming, words: Wording) -> list[RenderableType]:
    """Title, totals, attendance, and what is unusual about the journal."""
    lines: list[RenderableType] = [Text(f"{timing.title}  {words.report}", style="bold")]
    if timing.rehearsal:
        lines.append(Text(words.rehearsal, style="bold yellow"))
    if timing.check.problem is not None:
        failed = words.failed_verification.format(problem=timing.check.problem)
        lines.append(Text(failed, style="bold red"))
    if timing.started_at is None:
        lines.append(Text(words.not_started, style="yellow"))
    else:
        when = [
            (words.started, words.clock_s(timing.started_at)),
            (words.ended, words.clock_s(timing.ended_at) if timing.finished else "-"),
            (words.actual, words.seconds(timing.actual_s)),
        ]
        how_long = [
            (words.paused, words.seconds(timing.paused_s)),
            (words.active, words.seconds(timing.active_s)),
            (words.planned, words.seconds(timing.planned_s)),
        ]
        for pairs in (when, how_long):
            totals = Text()
            for index, (label, value) in enumerate(pairs):
                totals.append(("   " if index else "") + label + " ", style="dim")
                totals.append(value)
            lines.append(totals)
        totals.append("   ")  # the second line ends with the meeting's over/under
        totals.append_text(_over(words, timing.over_s))
        if not timing.finished:
            lines.append(
                Text(words.unfinished.format(now=words.clock_s(timing.now_at)), style="yellow")
            )
    for call in timing.roll_calls:
        text = words.roll_call(call.present, call.members, call.quorum_met)
        lines.append(Text(f"{words.attendance}{words.colon}{text}"))
    for gap in timing.gaps:
        how = terms(timing.language).gap_measured(HEARTBEAT_S if gap.alive_at else None)
        at, seconds = words.clock_s(gap.at), words.seconds(gap.seconds)
        lines.append(Text(words.gap.format(at=at, seconds=seconds, how=how), style="dim"))
    for torn in timing.torn:
        template = words.torn_recovered if torn.recovered else words.torn
        lines.append(
            Text(
                template.format(offset=torn.offset, length=torn.length),
                style="dim" if torn.recovered else "bold yellow",
            )
        )
    if timing.check.problem is None:
        code = Text(f"{words.record_code}{words.colon}", style="dim")
        code.append(timing.check.code or words.not_sealed)
        lines.append(code)
    return lines


def report_renderable(timing: MeetingTiming, width: int = 120) -> Group:
    """The whole report for a console ``width`` cells wide (narrow: the bars make way)."""
    words = wording(timing.language)
    parts: list[RenderableType] = [*header(timing, words), Text("")]
    bar_width = min(BAR_WIDTH, max(0, width - 80))
    parts.append(items_table(timing, words, bar_width if bar_width >= 8 else 0))
    if any(not part.planned_given for part in timing.items):
        parts.append(Text(words.estimated, style="dim"))
    for table in (
        cues_table(timing, words),
        votes_table(timing, words),
        elections_table(timing, words),
        branches_table(timing, words),
        notes_table(timing, words),
        pauses_table(timing, words),
    ):
        if table is not None:
            parts += [Text(""), table]
    return Group(*parts)


def print_report(path: Path, console: Console | None = None, *, force: bool = False) -> None:
    """Print the report of the journal at ``path``; JournalError names the file if it can't
    (or its chain is broken, unless ``force``)."""
    timing = load_timing(path, force=force)
    console = console or Console()
    console.print(report_renderable(timing, console.width))

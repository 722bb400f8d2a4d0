"""Unfilled placeholders (``*``, ``××``, ``XXX``, ``○○``) in what the minutes print.

A script's ``*同志`` or ``××局`` must never reach filed minutes as it is: the minutes print a blank
to fill by hand (``＿＿＿``) in its place, and ``export`` names every one at its agenda line first
(``--strict`` refuses to write). Only the texts the minutes print are looked at: the meeting's
title and fields for the record, item titles, who speaks at a cue and its label, what is voted on
and how, an election's office and candidates — not the chair's lines, which the minutes do not
quote. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator

from facilitator.agenda.load import LoadedAgenda, PathKey, iter_steps
from facilitator.agenda.model import CueStep, ElectionStep, VoteStep
from facilitator.agenda.text import PLACEHOLDER

BLANK = "＿＿＿"
"""What the minutes print for an unfilled placeholder: a blank to fill by hand."""


def blank_out(text: str) -> str:
    """``听取*主题教育`` → ``听取＿＿＿主题教育``; a blank already there stays as it is."""
    return PLACEHOLDER.sub(
        lambda match: BLANK if "＿" not in match.group(0) else match.group(0), text
    )


def _printed(loaded: LoadedAgenda) -> Iterator[tuple[PathKey, str, str]]:
    """(document path, what it is, text) of every agenda text the minutes print."""
    meeting = loaded.agenda.meeting
    yield ("meeting", "title"), "the meeting's title", meeting.title
    for field in ("place", "host", "recorder"):
        value = getattr(meeting, field)
        if value:
            yield ("meeting", field), f"meeting.{field}", value
    for field in ("attendees", "observers"):
        for index, name in enumerate(getattr(meeting, field)):
            yield ("meeting", field, index), f"meeting.{field}", name
    for index, absence in enumerate(meeting.absent):
        yield ("meeting", "absent", index), "meeting.absent", absence.name
    for key, value in meeting.names.items():
        yield ("meeting", "names", key), f"the name {{{key}}}", value
    for index, item in enumerate(loaded.agenda.items):
        yield ("items", index, "title"), "an item's title", item.title
    for path, step in iter_steps(loaded.agenda):
        if isinstance(step, CueStep):
            yield (*path, "cue"), "a cue", step.cue
            if step.who:
                yield (*path, "who"), "who speaks at a cue", step.who
        elif isinstance(step, VoteStep):
            yield (*path, "vote"), "a motion", step.vote
            if step.method:
                yield (*path, "method"), "a vote's method", step.method
        elif isinstance(step, ElectionStep):
            yield (*path, "election"), "an election", step.election
            for index, name in enumerate(step.candidates):
                yield (*path, "candidates", index), "a candidate", name


def unfilled_in_minutes(loaded: LoadedAgenda, file: str) -> list[str]:
    """One line per placeholder the minutes would print blank: ``file:line: …``."""
    problems: list[str] = []
    for path, what, text in _printed(loaded):
        for match in PLACEHOLDER.finditer(text):
            line = loaded.line_of(*path)
            where = f"{file}:{line}" if line is not None else file
            problems.append(
                f"{where}: unfilled placeholder '{match.group(0)}' in {what}, printed blank in "
                f"the minutes: {text}"
            )
    return problems

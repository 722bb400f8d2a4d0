"""What an agenda's words need before any meeting runs: fields, placeholders, reading times.

These belong to the agenda (``check`` uses them, and so does the engine when it compiles the run
of show); they import nothing above :mod:`facilitator.agenda`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from facilitator.agenda.model import (
    AnyStep,
    CueStep,
    ElectionStep,
    LineStep,
    VoteStep,
    step_text,
)
from facilitator.words.terms import terms

CHINESE_CHARS_PER_MINUTE = 220
"""Formal Chinese speech runs at roughly 200–250 characters a minute."""
ENGLISH_WORDS_PER_MINUTE = 130
"""Formal English speech, read aloud."""
VOTE_ESTIMATE_S = 60
"""A vote with no planned time: calling it, counting hands, announcing."""
ELECTION_ESTIMATE_S = 900
"""An election with no planned time: ballots handed out, filled in, collected and counted."""
CUE_ESTIMATE_S = 300
"""A cue with no planned time: someone else speaks; five minutes is a short report."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_FIELD = re.compile(r"\{([^{}\s]+)\}")
PLACEHOLDER = re.compile(r"\*+|×{2,}|X{3,}|○{2,}|＿{2,}|_{3,}")
"""What a script writes where a name is still to be filled: *, ××, XXX, ○○, ＿＿."""


def default_outcome_line(language: str, passed: bool) -> str:
    """What the chair says after a vote whose agenda gives no line for that outcome."""
    words = terms(language)
    return words.vote_carried_line if passed else words.vote_lost_line


def estimate_reading_seconds(text: str) -> float:
    """How long reading ``text`` aloud takes: Chinese by characters, other text by words."""
    spaced, chinese = _CJK.subn(" ", text)  # one pass counts the characters and spaces them
    words = len(_WORD.findall(spaced))
    return chinese * 60 / CHINESE_CHARS_PER_MINUTE + words * 60 / ENGLISH_WORDS_PER_MINUTE


def fill_fields(text: str, values: Mapping[str, object]) -> str:
    """Fill ``{name}`` fields that have a value; leave the others as written."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return _FIELD.sub(replace, text)


def field_names(text: str) -> list[str]:
    """The ``{name}`` fields a text uses, in order."""
    return _FIELD.findall(text)


def step_estimate(step: AnyStep) -> float:
    """Planned seconds for a step itself (not its branches): its planned time, else an estimate."""
    if step.planned is not None:
        return float(step.planned)
    match step:
        case CueStep():
            return float(CUE_ESTIMATE_S)
        case VoteStep():
            return float(VOTE_ESTIMATE_S)
        case ElectionStep():
            return float(ELECTION_ESTIMATE_S)
        case _:
            return estimate_reading_seconds(step_text(step))


def outcome_estimate(step: VoteStep | ElectionStep) -> float:
    """Reading time of the line after a vote (the longer of its two) or an election."""
    if isinstance(step, ElectionStep):
        return estimate_reading_seconds((step.elected or "") + (step.not_elected or ""))
    return max(
        estimate_reading_seconds(step.passed if isinstance(step.passed, str) else ""),
        estimate_reading_seconds(step.failed if isinstance(step.failed, str) else ""),
    )


def steps_estimate(steps: tuple[AnyStep, ...]) -> float:
    """Planned seconds for a run of steps, taking the longer branch of each branched vote."""
    total = 0.0
    for step in steps:
        total += step_estimate(step)
        if isinstance(step, VoteStep) and step.branched:
            total += max(
                steps_estimate(branch_steps(step, True, "zh")),
                steps_estimate(branch_steps(step, False, "zh")),
            )
        elif isinstance(step, VoteStep | ElectionStep):
            total += outcome_estimate(step)
    return total


def branch_steps(vote: VoteStep, passed: bool, language: str) -> tuple[AnyStep, ...]:
    """The steps of a branched vote's branch: its list, or its one line (a default if none)."""
    value = vote.passed if passed else vote.failed
    if isinstance(value, tuple):
        return value
    return (LineStep(line=value or default_outcome_line(language, passed)),)

"""``facilitator check``: what a valid agenda still needs before the meeting.

Validation (the loader) says whether the file can be run at all; this says what an operator should
still fill in: placeholders the script left (``*``, ``××`` …), ``{name}`` fields with no value,
items with no planned time, votes with no line for a failed outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.agenda.load import LoadedAgenda, PathKey, Problem, iter_steps
from facilitator.agenda.model import AnyStep, Base, CueStep, LineStep, RollCallStep, VoteStep
from facilitator.engine.script import (
    CUE_ESTIMATE_S,
    PLACEHOLDER,
    compile_script,
    field_names,
)

RUNTIME_FIELDS = {"members", "present", "for", "against", "abstain"}
"""Fields filled while the meeting runs, from the agenda's members and what the operator records."""
VOTE_FIELDS = {"for", "against", "abstain"}


@dataclass(frozen=True)
class CheckResult:
    """Warnings, and a one-line summary of the agenda."""

    problems: list[Problem]
    summary: str


def _texts(step: AnyStep) -> list[tuple[str, str]]:
    """(field name, text) of every string in a step that the chair reads."""
    match step:
        case LineStep():
            return [("line", step.line)]
        case CueStep():
            return [("cue", step.cue), ("who", step.who or "")]
        case RollCallStep():
            return [("roll_call", step.roll_call)]
        case VoteStep():
            return [
                ("vote", step.vote),
                ("passed", step.passed or ""),
                ("failed", step.failed or ""),
            ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


def check_agenda(loaded: LoadedAgenda) -> CheckResult:
    """Every warning about a valid agenda, each at its line, and a summary."""
    agenda = loaded.agenda
    name = str(loaded.path)
    problems: list[Problem] = []
    names = agenda.meeting.names

    def warn(line: int | None, message: str) -> None:
        problems.append(Problem(name, line, message, severity="warning"))

    for path, step in iter_steps(agenda):
        for key, text in _texts(step):
            text_path: PathKey = path if isinstance(step, LineStep) else (*path, key)
            for match in PLACEHOLDER.finditer(text):
                line = loaded.line_in_text(text_path, match.start(), text)
                context = text[max(0, match.start() - 6) : match.end() + 6].replace("\n", " ")
                warn(line, f"unfilled placeholder '{match.group(0)}' in: {context}")
            for field in field_names(text):
                offset = text.find("{" + field + "}")
                line = loaded.line_in_text(text_path, offset, text)
                if field in RUNTIME_FIELDS:
                    if field == "members" and agenda.meeting.members is None:
                        warn(line, "{members} is used but meeting.members is not set")
                    if field in VOTE_FIELDS and not isinstance(step, VoteStep):
                        warn(line, f"{{{field}}} is only filled in a vote's passed/failed line")
                elif field not in names:
                    warn(line, f"{{{field}}} has no value in meeting.names")
        if isinstance(step, VoteStep):
            if step.failed is None:
                warn(loaded.line_of(*path), "vote has no 'failed' line for when the motion fails")
            if step.of is Base.MEMBERS and agenda.meeting.members is None:
                warn(
                    loaded.line_of(*path),
                    "vote counts 'of: members' but meeting.members is not set",
                )
        if isinstance(step, CueStep) and step.planned is None:
            warn(
                loaded.line_of(*path),
                f"cue '{step.cue}' has no planned time (estimated {_minutes(CUE_ESTIMATE_S)})",
            )

    votes_exist = any(isinstance(step, VoteStep) for _, step in iter_steps(agenda))
    if votes_exist and agenda.meeting.members is None:
        warn(loaded.line_of("meeting"), "meeting.members is not set: votes cannot default present")

    script = compile_script(agenda)
    estimated_total = 0.0
    for index, item in enumerate(agenda.items):
        part = script.item(index + 1)
        estimate = sum(script.slots[slot].planned_s for slot in part.slots)
        estimated_total += estimate
        if item.planned is None:
            warn(
                loaded.line_of("items", index, "title"),
                f"item {index + 1} '{item.title}' has no planned time "
                f"(estimated {_minutes(estimate)} from its text)",
            )
    for part in script.parts:
        if part.no is None:
            estimated_total += part.planned_s

    steps = [step for _, step in iter_steps(agenda)]
    cues = sum(isinstance(step, CueStep) for step in steps)
    votes = sum(isinstance(step, VoteStep) for step in steps)
    lines = sum(isinstance(step, LineStep) for step in steps)
    planned_total = script.planned_s
    counts = ", ".join(
        _count(number, noun)
        for number, noun in (
            (len(agenda.items), "item"),
            (lines, "line"),
            (cues, "cue"),
            (votes, "vote"),
        )
    )
    summary = (
        f"{name}: {counts}; planned {_minutes(planned_total)}, "
        f"estimated from text {_minutes(estimated_total)}; {_count(len(problems), 'warning')}"
    )
    problems.sort(key=lambda problem: problem.line or 0)
    return CheckResult(problems=problems, summary=summary)

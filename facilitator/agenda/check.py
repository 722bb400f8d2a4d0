"""``facilitator check``: what a valid agenda still needs before the meeting.

Validation (the loader) says whether the file can be run at all; this says what an operator should
still fill in: placeholders the script left (``*``, ``××`` …), ``{name}`` fields with no value,
items with no planned time, votes with no line for a failed outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.agenda.load import LoadedAgenda, PathKey, Problem, iter_steps
from facilitator.agenda.model import (
    AnyStep,
    Base,
    CueStep,
    ElectionRule,
    ElectionStep,
    LineStep,
    Meeting,
    RollCallStep,
    Rule,
    VoteStep,
)
from facilitator.agenda.text import CUE_ESTIMATE_S, PLACEHOLDER, field_names, steps_estimate

VOTE_FIELDS = {"for", "against", "abstain"}
"""Filled in a vote's passed/failed line or branch, from the counts the operator records."""
ELECTION_FIELDS = {
    "elected",
    "not_elected",
    "votes",
    "issued",
    "returned",
    "valid",
    "seats",
    "threshold",
    "office",
}
"""Filled in an election's result lines."""
RUNTIME_FIELDS = {"members", "present"} | VOTE_FIELDS | ELECTION_FIELDS
"""Fields filled while the meeting runs, from the agenda's members and what the operator records."""


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
                ("passed", step.passed if isinstance(step.passed, str) else ""),
                ("failed", step.failed if isinstance(step.failed, str) else ""),
            ]
        case ElectionStep():
            return [
                ("election", step.election),
                ("elected", step.elected or ""),
                ("not_elected", step.not_elected or ""),
                *((f"candidates.{index}", name) for index, name in enumerate(step.candidates)),
            ]


def _most_present(meeting: Meeting) -> int | None:
    """How many can be present at most: the members less those the agenda lists as absent."""
    if meeting.members is None:
        return None
    return meeting.members - len(meeting.absent)


def _reachable(rule: Rule | ElectionRule, base: int, most: int) -> bool:
    """Whether ``most`` votes for can meet ``rule`` counted against ``base``."""
    match rule:
        case Rule.UNANIMOUS:
            return most >= base
        case Rule.TWO_THIRDS | ElectionRule.TWO_THIRDS:
            return most * 3 >= base * 2
        case _:
            return most * 2 > base


def _keys(key: str) -> tuple[str | int, ...]:
    """A text's key within its step as a path: ``candidates.2`` → ("candidates", 2)."""
    name, _, index = key.partition(".")
    return (name, int(index)) if index else (name,)


def _in_branch(path: PathKey) -> bool:
    """Whether a step's path lies inside a vote's passed or failed branch."""
    return "passed" in path or "failed" in path


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
            if not text:
                continue
            text_path: PathKey = path if isinstance(step, LineStep) else (*path, *_keys(key))
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
                    if field in VOTE_FIELDS and not (
                        isinstance(step, VoteStep) or _in_branch(path)
                    ):
                        warn(line, f"{{{field}}} is only filled in a vote's passed/failed line")
                    if field in ELECTION_FIELDS - {"valid"} and not isinstance(step, ElectionStep):
                        warn(line, f"{{{field}}} is only filled in an election's result lines")
                elif field not in names:
                    warn(line, f"{{{field}}} has no value in meeting.names")
        most = _most_present(agenda.meeting)
        members = agenda.meeting.members
        if isinstance(step, VoteStep | ElectionStep) and step.of is Base.MEMBERS:
            counted = not isinstance(step, VoteStep) or step.counted
            if (
                counted
                and members is not None
                and most is not None
                and not _reachable(step.rule, members, most)
            ):
                warn(
                    loaded.line_of(*path, "rule"),
                    f"rule '{step.rule.value}' of all {members} members cannot be met: "
                    f"at most {most} can be present ({len(agenda.meeting.absent)} absent)",
                )
        if isinstance(step, ElectionStep):
            if len(step.candidates) < step.seats:
                warn(
                    loaded.line_of(*path, "candidates"),
                    f"{len(step.candidates)} candidates for {step.seats} seats: "
                    "some seats cannot be filled",
                )
            if members is not None and step.seats > members:
                warn(
                    loaded.line_of(*path, "seats"),
                    f"{step.seats} seats but meeting.members is {members}",
                )
            if step.of is Base.MEMBERS and members is None:
                warn(
                    loaded.line_of(*path),
                    "election counts 'of: members' but meeting.members is not set",
                )
        if isinstance(step, VoteStep):
            for key in ("passed", "failed"):
                branch = getattr(step, key)
                if isinstance(branch, tuple) and not branch:
                    warn(
                        loaded.line_of(*path, key),
                        f"the '{key}' branch has no steps: say what the chair reads then",
                    )
            if not step.counted and (step.rule is not Rule.MAJORITY or step.of is not Base.PRESENT):
                warn(
                    loaded.line_of(*path, "counted"),
                    "a decision with 'counted: false' has no counts: its rule and 'of' are unused",
                )
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

    meeting = agenda.meeting
    record: list[tuple[PathKey, str]] = [
        (("meeting", key), getattr(meeting, key) or "") for key in ("place", "host", "recorder")
    ]
    for key in ("attendees", "observers"):
        record += [
            (("meeting", key, index), name) for index, name in enumerate(getattr(meeting, key))
        ]
    record += [(("meeting", "absent", index), a.name) for index, a in enumerate(meeting.absent)]
    for where, text in record:
        for match in PLACEHOLDER.finditer(text):
            warn(
                loaded.line_of(*where),
                f"unfilled placeholder '{match.group(0)}' in meeting.{where[1]}: {text}",
            )
    if meeting.members is not None and len(meeting.absent) >= meeting.members:
        warn(
            loaded.line_of("meeting", "absent"),
            f"{len(meeting.absent)} absent of {meeting.members} members: nobody can attend",
        )

    votes_exist = any(isinstance(step, VoteStep | ElectionStep) for _, step in iter_steps(agenda))
    if votes_exist and agenda.meeting.members is None:
        warn(loaded.line_of("meeting"), "meeting.members is not set: votes cannot default present")

    estimated_total = 0.0
    for index, item in enumerate(agenda.items):
        estimate = steps_estimate(item.steps)
        estimated_total += estimate
        if item.planned is None:
            warn(
                loaded.line_of("items", index, "title"),
                f"item {index + 1} '{item.title}' has no planned time "
                f"(estimated {_minutes(estimate)} from its text)",
            )
    estimated_total += steps_estimate(agenda.opening) + steps_estimate(agenda.closing)

    steps = [step for _, step in iter_steps(agenda)]
    cues = sum(isinstance(step, CueStep) for step in steps)
    votes = sum(isinstance(step, VoteStep) for step in steps)
    elections = sum(isinstance(step, ElectionStep) for step in steps)
    lines = sum(isinstance(step, LineStep) for step in steps)
    planned_total = (
        sum(
            item.planned if item.planned is not None else steps_estimate(item.steps)
            for item in agenda.items
        )
        + steps_estimate(agenda.opening)
        + steps_estimate(agenda.closing)
    )
    counts = ", ".join(
        _count(number, noun)
        for number, noun in (
            (len(agenda.items), "item"),
            (lines, "line"),
            (cues, "cue"),
            (votes, "vote"),
            *(((elections, "election"),) if elections else ()),
        )
    )
    summary = (
        f"{name}: {counts}; planned {_minutes(planned_total)}, "
        f"estimated from text {_minutes(estimated_total)}; {_count(len(problems), 'warning')}"
    )
    problems.sort(key=lambda problem: problem.line or 0)
    return CheckResult(problems=problems, summary=summary)

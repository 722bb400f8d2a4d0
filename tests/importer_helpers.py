"""Helpers for importer tests: the script's text held by an agenda, and loading it back."""

from __future__ import annotations

import re
from typing import Any

import yaml

import facilitator.agenda.model as model
from facilitator.agenda.load import LoadedAgenda, parse_agenda
from facilitator.importer import dump_agenda_yaml

Agenda = dict[str, Any]

#: True once the agenda schema knows branches, uncounted votes and elections (issue 8). Until
#: then, importer output with those shapes is validated through ``current_schema_view``.
FULL_SCHEMA = hasattr(model, "ElectionStep")

_FIELD = re.compile(
    r"\\\{(?:members|present|for|against|abstain|elected|issued|returned|valid|votes)\\\}"
)
_BLANKS = re.compile(r"\s+")


def _text(value: str) -> str:
    """A template's regex: its ``{field}`` parts stand for anything (digits, names, ××)."""
    return _FIELD.sub(".+?", re.escape(_BLANKS.sub("", value)))


def _side(side: Any) -> str:
    if side is None:
        return ""
    if isinstance(side, str):
        return _text(side)
    return "".join(_step(step) for step in side)


def _step(step: Any) -> str:
    if isinstance(step, str):
        return _text(step)
    if "cue" in step:
        return r"[（(【\[]?" + _text(step["cue"]) + r"[）)】\]]?"
    if "roll_call" in step:
        return _text(step["roll_call"])
    if "vote" in step:
        return f"(?:{_side(step.get('passed'))})?(?:{_side(step.get('failed'))})?"
    if "election" in step:
        return f"(?:{_text(step.get('elected') or '')})?"
    raise AssertionError(f"unknown step {step!r}")


def all_steps(agenda: Agenda) -> list[Any]:
    steps: list[Any] = list(agenda.get("opening", []))
    for item in agenda["items"]:
        steps.extend(item["steps"])
    steps.extend(agenda.get("closing", []))
    return steps


def holds_script(agenda: Agenda, paragraphs: list[str]) -> bool:
    """Whether the agenda's steps hold the script's text, every paragraph once, in order.

    Directions may have lost their brackets, roll calls and results their numbers (now fields),
    and a vote holds the outcome the script wrote (the other outcome is the importer's line).
    """
    pattern = re.compile("".join(_step(step) for step in all_steps(agenda)), re.DOTALL)
    for skip in (1, 0):
        text = _BLANKS.sub("", "".join(paragraphs[skip:]))
        if pattern.fullmatch(text):
            return True
    return False


def _branch_text(side: Any) -> Any:
    if side is None or isinstance(side, str):
        return side
    parts = [s if isinstance(s, str) else next(iter(s.values())) for s in side]
    return "\n".join(str(part) for part in parts)


def current_schema_view(agenda: Agenda) -> Agenda:
    """The agenda as today's schema (before issue 8) can check it: branches joined into one
    line, uncounted votes as votes, elections as their result line."""

    def convert(steps: list[Any]) -> list[Any]:
        out: list[Any] = []
        for step in steps:
            if isinstance(step, dict) and "vote" in step:
                step = {k: v for k, v in step.items() if k != "counted"}
                step.setdefault("rule", "majority")
                for side in ("passed", "failed"):
                    if side in step:
                        step[side] = _branch_text(step[side])
            elif isinstance(step, dict) and "election" in step:
                step = step.get("elected") or step["election"]
            out.append(step)
        return out

    view = dict(agenda)
    view["meeting"] = {
        k: v for k, v in agenda["meeting"].items() if k in ("title", "language", "members")
    }
    for key in ("opening", "closing"):
        if key in view:
            view[key] = convert(view[key])
    view["items"] = [dict(item, steps=convert(item["steps"])) for item in agenda["items"]]
    return view


def load_imported(agenda: Agenda) -> LoadedAgenda:
    """Write the agenda as YAML, read it back with ``yaml.safe_load`` and validate it."""
    text = dump_agenda_yaml(agenda)
    assert yaml.safe_load(text) == agenda
    checked = agenda if FULL_SCHEMA else current_schema_view(agenda)
    return parse_agenda(dump_agenda_yaml(checked).encode("utf-8"), "imported.yaml")


def _outline(steps: list[Any], script: str) -> list[Any]:
    """A section's steps in short: lines as "…" (a run of them once), the rest by what matters."""
    out: list[Any] = []
    for step in steps:
        if isinstance(step, str):
            if not out or out[-1] != "…":
                out.append("…")
        elif "cue" in step:
            out.append(f"cue {step['cue']}" + (f" / {step['who']}" if "who" in step else ""))
        elif "roll_call" in step:
            out.append(f"roll_call {step['quorum']}")
        elif "vote" in step:
            side = "failed" if _scripted(step, "failed", script) else "passed"
            branch = step.get(side)
            vote = {
                "vote": step["vote"],
                "method": step.get("method"),
                "outcome": side,
            }
            if step.get("counted", True):
                vote["rule"] = step.get("rule")
                if "of" in step:
                    vote["of"] = step["of"]
            else:
                vote["counted"] = False
            if isinstance(branch, list) and len(branch) > 1:
                vote["steps"] = len(branch)
            fields = re.findall(r"\{(for|against|abstain)\}", str(branch))
            if fields:
                vote["fields"] = fields
            out.append(vote)
        elif "election" in step:
            out.append(
                {
                    "election": step["election"],
                    "seats": step["seats"],
                    "candidates": step["candidates"],
                    "method": step.get("method"),
                    "rule": step["rule"],
                    "of": step["of"],
                    "elected": "{elected}" in step.get("elected", ""),
                }
            )
    return out


def _scripted(step: dict[str, Any], side: str, script: str) -> bool:
    """Whether the vote's ``side`` is the script's text (the other one is the importer's)."""
    value = step.get(side)
    first = value if isinstance(value, str) or value is None else value[0]
    if not isinstance(first, str):
        return False
    return re.search(_text(first), script) is not None


def structure(agenda: Agenda, paragraphs: list[str]) -> Agenda:
    """What a corpus expectation compares: title, members, every section's outline, items."""
    script = _BLANKS.sub("", "".join(paragraphs))
    shape: Agenda = {"title": agenda["meeting"]["title"]}
    if "members" in agenda["meeting"]:
        shape["members"] = agenda["meeting"]["members"]
    shape["opening"] = _outline(agenda.get("opening", []), script)
    shape["items"] = [
        {"title": i["title"], "steps": _outline(i["steps"], script)} for i in agenda["items"]
    ]
    shape["closing"] = _outline(agenda.get("closing", []), script)
    return shape

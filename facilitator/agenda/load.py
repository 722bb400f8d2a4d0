"""YAML → :class:`Agenda`, with every error mapped to ``file:line: message``.

The file is read with PyYAML's safe loader only (libyaml's where present). To name lines, the
document is first composed into nodes (which keep their positions); the same nodes are then
constructed into plain data, so line numbers and values come from one parse.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from facilitator.agenda.bounded import LimitExceeded, compose
from facilitator.agenda.model import (
    Absence,
    Agenda,
    CueStep,
    ElectionStep,
    Item,
    LineStep,
    Meeting,
    RollCallStep,
    VoteStep,
)
from facilitator.inputs import AGENDA, InputError, read_input

PathKey = tuple[str | int, ...]

MAX_TEXT = 100_000
"""The most characters one text of an agenda may hold (a line, a title, a cue's words): some
seven hours of reading aloud. The sample meeting's longest paragraph is 3,424; the console
wraps a paragraph in time linear in its length, about half a second at this bound."""


def _too_long(length: int) -> str:
    return (
        f"a text of {length:,} characters; one may be at most {MAX_TEXT:,} "
        "(split the paragraph into several lines)"
    )


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in an agenda file, at a line."""

    file: str
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class AgendaError(Exception):
    """An agenda file that cannot be used; ``problems`` says why, each at a line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedAgenda:
    """A validated agenda together with where it came from."""

    agenda: Agenda
    path: Path
    sha256: str
    text: str
    """The file's text as read (UTF-8)."""
    lines: dict[PathKey, int] = field(default_factory=dict)
    """Line number of every mapping key and list element, by its path in the document."""
    literal_blocks: frozenset[PathKey] = frozenset()
    """Paths of strings written as ``|`` blocks, whose text starts on the line after the key."""

    def line_of(self, *path: str | int) -> int | None:
        """The line of the deepest known node along ``path``."""
        return _line_for(self.lines, path)

    def line_in_text(self, path: PathKey, offset: int, text: str) -> int | None:
        """The file line of character ``offset`` of the string at ``path``."""
        line = self.lines.get(path)
        if line is None:
            return self.line_of(*path)
        if path in self.literal_blocks:
            return line + 1 + text.count("\n", 0, offset)
        return line


def load_agenda(path: str | Path) -> LoadedAgenda:
    """Read and validate an agenda file; raise :class:`AgendaError` naming file and line."""
    path = Path(path)
    name = str(path)
    try:
        raw = read_input(path, AGENDA)
    except InputError as error:
        raise AgendaError([Problem(name, None, error.reason)]) from None
    return parse_agenda(raw, name, path)


def parse_agenda(raw: bytes, name: str, path: Path | None = None) -> LoadedAgenda:
    """Validate agenda bytes; ``name`` is what error messages call the file."""
    text = _decode(raw, name)
    try:
        node, loader = compose(text)
    except LimitExceeded as error:
        line = error.mark.line + 1 if error.mark is not None else None
        raise AgendaError([Problem(name, line, error.reason)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or str(error)
        raise AgendaError([Problem(name, line, f"not valid YAML: {problem}")]) from None
    except yaml.reader.ReaderError as error:  # a NUL or other control character: no mark
        raise AgendaError([_control_character(text, error, name)]) from None
    except yaml.YAMLError as error:
        raise AgendaError([Problem(name, None, f"not valid YAML: {error}")]) from None
    if node is None:
        raise AgendaError([Problem(name, 1, "the agenda is empty")])
    if not isinstance(node, yaml.MappingNode):
        raise AgendaError(
            [
                Problem(
                    name,
                    node.start_mark.line + 1,
                    "an agenda is a mapping with meeting: and items:",
                )
            ]
        )
    lines: dict[PathKey, int] = {}
    duplicates: list[Problem] = []
    literal: set[PathKey] = set()
    _index(node, (), lines, duplicates, name, literal, set())
    if duplicates:
        raise AgendaError(duplicates)
    try:
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:  # e.g. a !!python tag: safe_load refuses to build it
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (error.problem or "").split("\n")[0]
        raise AgendaError([Problem(name, line, f"not valid YAML: {problem}")]) from None
    try:
        agenda = Agenda.model_validate(data)
    except ValidationError as error:
        raise AgendaError(_problems(error, lines, name, data)) from None
    return LoadedAgenda(
        agenda, path or Path(name), hashlib.sha256(raw).hexdigest(), text, lines, frozenset(literal)
    )


def _control_character(text: str, error: yaml.reader.ReaderError, name: str) -> Problem:
    """The line and column of a character YAML does not allow (a NUL, a bell, an escape)."""
    position = error.position if isinstance(error.position, int) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(text[position])
    what = "a NUL" if code == 0 else f"control character U+{code:04X}"
    return Problem(name, line, f"not valid YAML: {what} at column {column}; an agenda is text only")


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise AgendaError(
            [
                Problem(
                    name,
                    line,
                    f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the agenda as UTF-8, "
                    "or import the script with `facilitator import`",
                )
            ]
        ) from None


def _index(
    node: yaml.Node,
    path: PathKey,
    lines: dict[PathKey, int],
    dups: list[Problem],
    name: str,
    literal: set[PathKey],
    seen_nodes: set[int],
) -> None:
    """Record every node's line by its path; report duplicate keys (YAML would keep the last).

    A node reached a second time is an alias: its path gets the alias's line, but its contents
    are not walked again (they were indexed under the anchor), so an alias bomb costs one visit
    per node written, not one per node it expands to.
    """
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode) and node.style == "|":
        literal.add(path)
    if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_TEXT:
        dups.append(Problem(name, node.start_mark.line + 1, _too_long(len(node.value))))
    if id(node) in seen_nodes:
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                dups.append(
                    Problem(name, key_line, f"'{key}' appears twice (first on line {seen[key]})")
                )
            seen[key] = key_line
            lines[(*path, key)] = key_line
            _index(value_node, (*path, key), lines, dups, name, literal, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _index(child, (*path, index), lines, dups, name, literal, seen_nodes)


def _line_for(lines: dict[PathKey, int], loc: tuple[str | int, ...]) -> int | None:
    """Walk ``loc`` through known paths, skipping parts not in the document (union tags)."""
    path: PathKey = ()
    for index, part in enumerate(loc):
        is_tag = part in _MODELS_BY_TAG and index + 1 < len(loc) and isinstance(loc[index - 1], int)
        if not is_tag and (*path, part) in lines:
            path = (*path, part)
    return lines.get(path)


_MODELS_BY_TAG: dict[str, type[BaseModel]] = {
    "line": LineStep,
    "cue": CueStep,
    "roll_call": RollCallStep,
    "vote": VoteStep,
    "election": ElectionStep,
}


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The model that owns the last field in ``loc``, for "did you mean" suggestions."""
    model: type[BaseModel] = Agenda
    for part in loc[:-1]:
        if isinstance(part, str) and part in _MODELS_BY_TAG:
            model = _MODELS_BY_TAG[part]
        elif part == "meeting":
            model = Meeting
        elif part == "items":
            model = Item
        elif part == "absent":
            model = Absence
    return model


def _describe(loc: tuple[str | int, ...]) -> str:
    """A readable place: ``items[2].steps[3].who`` with 1-based positions as people count."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif part in _MODELS_BY_TAG or part == "str" or str(part).startswith("tuple["):
            continue  # union tags pydantic adds to a location
        else:
            text += f".{part}" if text else part
    return text


def _problems(
    error: ValidationError, lines: dict[PathKey, int], name: str, data: Any
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int | None, str]] = set()
    details = error.errors()
    for detail in details:
        loc = tuple(detail["loc"])
        if detail["type"] == "too_short" and any(
            len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc
            for other in details
        ):
            continue  # a list whose bad elements were reported on their own lines
        if _other_union_member_failed(detail, details):
            continue  # a branch written as a list: its own errors say more than "not a string"
        message = _message(detail, loc)
        line = _line_for(lines, loc)
        if detail["type"] == "missing" and len(loc) > 1:
            line = _line_for(lines, loc[:-1])
        key = (line, message)
        if key not in seen:
            seen.add(key)
            problems.append(Problem(name, line, message))
    problems.sort(key=lambda p: p.line or 0)
    return problems


def _other_union_member_failed(detail: Any, details: list[Any]) -> bool:
    """Whether ``detail`` is the plain-string member of ``str | list`` while the list failed."""
    loc = tuple(detail["loc"])
    if "str" not in loc:
        return False
    at = loc.index("str")
    return any(
        len(other["loc"]) > at
        and tuple(other["loc"][:at]) == loc[:at]
        and str(other["loc"][at]).startswith("tuple[")
        for other in details
    )


def _message(detail: Any, loc: tuple[str | int, ...]) -> str:
    kind = detail["type"]
    field_name = str(loc[-1]) if loc else ""
    place = _describe(loc)
    if kind == "extra_forbidden":
        known = [f for f in _model_at(loc).model_fields if f != "kind"]
        guess = difflib.get_close_matches(field_name, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else f" (known: {', '.join(known)})"
        owner = _describe(loc[:-1])
        return (
            f"{owner}: unknown field '{field_name}'{hint}"
            if owner
            else (f"unknown field '{field_name}'{hint}")
        )
    if kind == "missing":
        owner = _describe(loc[:-1])
        return f"{owner}: '{field_name}' is required" if owner else f"'{field_name}' is required"
    if kind in ("greater_than_equal", "greater_than"):
        bound = detail.get("ctx", {}).get("ge", detail.get("ctx", {}).get("gt"))
        word = "at least" if kind == "greater_than_equal" else "more than"
        return f"{place}: must be {word} {bound}, not {detail['input']!r}"
    if kind == "literal_error" or kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"{place}: {detail['input']!r} is not one of {expected}"
    if kind == "too_short":
        return f"{place}: must not be empty"
    if kind == "string_too_short":
        return f"{place}: must not be empty"
    if kind == "step_kind":
        return f"{place}: {detail['msg']}"
    if kind == "value_error":
        return f"{place}: {str(detail['msg']).removeprefix('Value error, ')}"
    return f"{place}: {detail['msg']}"


def iter_steps(agenda: Agenda) -> Iterator[tuple[PathKey, Any]]:
    """Every step with its document path, opening to closing, branches after their vote."""
    yield from _walk(("opening",), agenda.opening)
    for item_index, item in enumerate(agenda.items):
        yield from _walk(("items", item_index, "steps"), item.steps)
    yield from _walk(("closing",), agenda.closing)


def _walk(path: PathKey, steps: tuple[Any, ...]) -> Iterator[tuple[PathKey, Any]]:
    for index, step in enumerate(steps):
        yield (*path, index), step
        if isinstance(step, VoteStep):
            for key in ("passed", "failed"):
                branch = getattr(step, key)
                if isinstance(branch, tuple):
                    yield from _walk((*path, index, key), branch)

"""An agenda being prepared: the YAML document, edited step by step, with an undo stack.

This is the model behind ``facilitator prepare``; it knows nothing of screens. The document is
ruamel.yaml's round-trip tree, so a hand-edited agenda keeps its comments and key order; every
edit takes a snapshot first (``undo`` restores it). :meth:`AgendaDocument.validate` loads the
current text with the project's safe loader and runs ``check`` on it: what the screen shows as
problems, and what ``save`` requires to load.

The steps are shown flat, in order, each with a *role*: the opening's lines, the first line of
an item (where it starts), lines, cues, roll calls, votes, elections, the steps of a vote's
branch, the closing's lines. Changing a role rewrites the document: a line becomes a cue, a new
item starts at a line, a step joins the vote before it as its branch, and so on.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from facilitator.agenda.check import CheckResult, check_agenda
from facilitator.agenda.load import AgendaError, LoadedAgenda, Problem, parse_agenda
from facilitator.agenda.model import parse_duration
from facilitator.agenda.roundtrip import (
    PathKey,
    dump_document,
    load_document,
    new_map,
    node_at,
    set_key,
)
from facilitator.agenda.text import PLACEHOLDER


class Role(StrEnum):
    """What a step is in the run of show, as the prepare screen names it."""

    OPENING = "opening"
    ITEM_START = "item_start"
    LINE = "line"
    CUE = "cue"
    ROLL_CALL = "roll_call"
    VOTE = "vote"
    ELECTION = "election"
    BRANCH = "branch"
    CLOSING = "closing"


class EditRefused(ValueError):
    """An edit that cannot be made here; the message says why (shown on the status line)."""


@dataclass(frozen=True)
class Row:
    """One step as the screen lists it."""

    path: PathKey
    """Where the step is in the document: ``("items", 1, "steps", 2)``."""
    role: Role
    kind: str
    """The step's own kind: line, cue, roll_call, vote, election."""
    text: str
    """Its words: the line, the cue's label, the motion, the office."""
    item: int | None
    """The agenda item (0-based) it belongs to; None in the opening and the closing."""
    depth: int = 0
    """How deep in vote branches it stands."""


@dataclass(frozen=True)
class Placeholder:
    """One unfilled ``*``, ``××``, ``○○`` … in the words of a step or the meeting's fields."""

    path: PathKey
    """The string's place in the document."""
    start: int
    end: int
    mark: str
    context: str
    """A few characters either side, as ``check`` shows them; equal contexts are filled together."""


STEP_KEYS = ("cue", "roll_call", "vote", "election", "line")
MEETING_TEXT = ("title", "place", "host", "recorder", "date", "planned_start")
MEETING_LISTS = ("attendees", "observers", "absent")
MEETING_ORDER = (
    "title",
    "language",
    "members",
    "planned_start",
    "date",
    "place",
    "host",
    "recorder",
    "attendees",
    "observers",
    "absent",
    "names",
)
"""The order of the meeting's keys in the README's example: a new key goes where it belongs."""
_BRACKETS = re.compile(r"^[（(【\[]\s*(.*?)\s*[）)】\]]$")
_LIST_SPLIT = re.compile(r"\s*[、,，;；]\s*")


def step_kind(step: Any) -> str:
    """``line`` for a string, else the mapping's step key."""
    if isinstance(step, str):
        return "line"
    for key in STEP_KEYS:
        if key in step:
            return key
    return "line"


def step_words(step: Any) -> str:
    """The words a row shows for a step."""
    if isinstance(step, str):
        return str(step)
    return str(step.get(step_kind(step), ""))


def _like(original: Any, text: str) -> Any:
    """``text`` in the same scalar style as ``original`` (a ``|`` block stays a block)."""
    if isinstance(original, str) and type(original) is not str:
        return type(original)(text)
    return text


def _flow(values: list[str]) -> CommentedSeq:
    """A list written on one line, ``[李四, 王五]``, as the README's examples write names."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _title_from(text: str) -> str:
    """An item's title guessed from its first line: up to the first comma or full stop."""
    head = re.split(r"[，。；,;.]", text.strip(), maxsplit=1)[0].strip()
    return (head or text.strip())[:40] or "议程"


class AgendaDocument:
    """An agenda file being prepared."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        """Where ``save`` writes."""
        self.data: CommentedMap = load_document(text)
        self.saved_text = text
        """The text as last loaded or saved: edits are unsaved while the text differs."""
        self.undo_stack: list[CommentedMap] = []
        self.has_comments = "#" in text and any(
            line.lstrip().startswith("#") or " #" in line for line in text.splitlines()
        )
        """Whether the file has comments (kept on saving: the screen says so)."""
        self.rehearsals: list[Path] = []
        """Rehearsal journals of this agenda as it was opened (for planned times)."""

    # -- reading -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The document as it would be saved."""
        return dump_document(self.data)

    @property
    def dirty(self) -> bool:
        """Whether there are unsaved edits."""
        return self.text != self.saved_text

    def rows(self) -> list[Row]:
        """Every step, opening to closing, branches right after their vote."""
        return list(self._rows())

    def _rows(self) -> Iterator[Row]:
        yield from self._walk(("opening",), self.data.get("opening") or [], Role.OPENING, None, 0)
        for index, item in enumerate(self.data.get("items") or []):
            steps = item.get("steps") or []
            yield from self._walk(("items", index, "steps"), steps, Role.LINE, index, 0)
        yield from self._walk(("closing",), self.data.get("closing") or [], Role.CLOSING, None, 0)

    def _walk(
        self, path: PathKey, steps: Any, line_role: Role, item: int | None, depth: int
    ) -> Iterator[Row]:
        for index, step in enumerate(steps):
            kind = step_kind(step)
            role = Role(kind) if kind != "line" else line_role
            if depth:
                role = Role.BRANCH if kind == "line" else role
            elif kind == "line" and item is not None and index == 0:
                role = Role.ITEM_START
            yield Row((*path, index), role, kind, step_words(step), item, depth)
            if kind == "vote":
                for key in ("passed", "failed"):
                    branch = step.get(key)
                    if isinstance(branch, list):
                        yield from self._walk(
                            (*path, index, key), branch, Role.BRANCH, item, depth + 1
                        )

    def node(self, path: PathKey) -> Any:
        """The node at ``path``."""
        return node_at(self.data, path)

    def item_title(self, item: int) -> str:
        """Agenda item ``item``'s title (0-based)."""
        return str(self.data["items"][item].get("title", ""))

    def validate(self) -> tuple[LoadedAgenda | None, list[Problem], CheckResult | None]:
        """Load the current text as ``facilitator check`` would: the agenda (or None if it does
        not load), the errors or warnings, and check's result."""
        try:
            loaded = parse_agenda(self.text.encode("utf-8"), str(self.path), self.path)
        except AgendaError as error:
            return None, list(error.problems), None
        result = check_agenda(loaded)
        return loaded, list(result.problems), result

    def row_lines(self, loaded: LoadedAgenda) -> list[tuple[int, int]]:
        """(file line, row index) of every row, for finding the step a problem is at."""
        out: list[tuple[int, int]] = []
        for index, row in enumerate(self.rows()):
            line = loaded.lines.get(row.path)
            if line is not None:
                out.append((line, index))
        return sorted(out)

    def row_of_line(self, loaded: LoadedAgenda, line: int | None) -> int | None:
        """The row a file line belongs to: the last row starting at or before it."""
        if line is None:
            return None
        found = None
        for start, index in self.row_lines(loaded):
            if start <= line:
                found = index
        return found

    # -- the undo stack ------------------------------------------------------------------

    def _snapshot(self) -> None:
        self.undo_stack.append(copy.deepcopy(self.data))

    def undo(self) -> bool:
        """Take back the last edit; False when there is none."""
        if not self.undo_stack:
            return False
        self.data = self.undo_stack.pop()
        return True

    def _edit(self) -> _Edit:
        return _Edit(self)

    # -- helpers -------------------------------------------------------------------------

    def _list_and_index(self, path: PathKey) -> tuple[CommentedSeq, int]:
        parent = self.node(path[:-1])
        index = path[-1]
        assert isinstance(index, int)
        return parent, index

    def _items(self) -> CommentedSeq:
        items = self.data.get("items")
        if not isinstance(items, CommentedSeq):
            raise EditRefused("the agenda has no items")
        return items

    def _section(self, key: str) -> CommentedSeq:
        section = self.data.get(key)
        if not isinstance(section, CommentedSeq):
            section = CommentedSeq()
            anchor = ("meeting",) if key == "opening" else ("items",)
            set_key(self.data, key, section, after=anchor)
        return section

    # -- edits of steps ------------------------------------------------------------------

    def set_role(self, path: PathKey, role: Role) -> PathKey:
        """Make the step at ``path`` play ``role``; returns where it is afterwards."""
        row = next((row for row in self.rows() if row.path == path), None)
        if row is None:
            raise EditRefused("no such step")
        if row.role is role:
            return path
        with self._edit():
            if role in (Role.LINE, Role.CUE, Role.ROLL_CALL, Role.VOTE, Role.ELECTION):
                path = self._leave_special_place(row)
                self._set_kind(path, role.value)
                return path
            if role is Role.ITEM_START:
                return self._start_item(row)
            if role is Role.OPENING:
                return self._to_opening(row)
            if role is Role.CLOSING:
                return self._to_closing(row)
            return self._to_branch(row)

    def _leave_special_place(self, row: Row) -> PathKey:
        """A step that starts an item, or stands in a branch, keeps its place as a plain step:
        an item start joins the item before; a branch step moves out after its vote."""
        if row.role is Role.ITEM_START and row.item is not None:
            return self._join_previous(row.item)
        if row.role is Role.BRANCH:
            return self._out_of_branch(row.path)
        return row.path

    def _set_kind(self, path: PathKey, kind: str) -> None:
        steps, index = self._list_and_index(path)
        step = steps[index]
        current = step_kind(step)
        if current == kind:
            return
        words = step_words(step)
        extra: list[Any] = []
        if current == "vote" and isinstance(step.get("passed"), str):
            extra.append(step["passed"])
        if current == "vote" and isinstance(step.get("passed"), list):
            extra.extend(step["passed"])
        if current == "election" and step.get("elected"):
            extra.append(step["elected"])
        if kind == "line":
            new: Any = _like(words, words) if current != "cue" else f"（{words}）"
        elif kind == "cue":
            match = _BRACKETS.match(words.strip())
            new = new_map(cue=match.group(1) if match else words.strip())
            if isinstance(step, dict) and step.get("planned") is not None:
                new["planned"] = step["planned"]
        elif kind == "roll_call":
            new = new_map(roll_call=words)
        elif kind == "vote":
            new = new_map(vote=words)
            following = steps[index + 1] if index + 1 < len(steps) else None
            if following is not None and step_kind(following) == "line":
                new["passed"] = following
                del steps[index + 1]
        else:
            new = new_map(election=words, seats=1, candidates=CommentedSeq(["*"]))
        steps[index] = new
        for offset, value in enumerate(extra, start=1):
            steps.insert(index + offset, value)

    def _join_previous(self, item: int) -> PathKey:
        """Item ``item`` ends: its steps join the item before (or the opening)."""
        items = self._items()
        steps = list(items[item].get("steps") or [])
        if item == 0:
            target = self._section("opening")
            start = len(target)
            target.extend(steps)
            del items[0]
            if not items:
                raise EditRefused("an agenda needs at least one item")
            return ("opening", start)
        target = items[item - 1]["steps"]
        start = len(target)
        target.extend(steps)
        del items[item]
        return ("items", item - 1, "steps", start)

    def _out_of_branch(self, path: PathKey) -> PathKey:
        """A branch step and those after it in the branch move out, right after the vote."""
        branch, index = self._list_and_index(path)
        vote_path = path[:-2]
        outer, vote_index = self._list_and_index(vote_path)
        moved = list(branch[index:])
        del branch[index:]
        key = path[-2]
        vote = outer[vote_index]
        if not branch:
            del vote[key]
        for offset, step in enumerate(moved, start=1):
            outer.insert(vote_index + offset, step)
        return (*vote_path[:-1], vote_index + 1)

    def _to_branch(self, row: Row) -> PathKey:
        """The step joins the vote right before it (or that vote's branch) as its passed branch."""
        steps, index = self._list_and_index(row.path)
        if index == 0:
            raise EditRefused("a branch step follows a vote")
        before = steps[index - 1]
        if step_kind(before) != "vote":
            raise EditRefused("a branch step follows a vote")
        passed = before.get("passed")
        if passed is None:
            passed = CommentedSeq()
        elif isinstance(passed, str):
            passed = CommentedSeq([passed])
        set_key(before, "passed", passed, after=("rule", "method", "vote"))
        passed.append(steps[index])
        del steps[index]
        return (*row.path[:-1], index - 1, "passed", len(passed) - 1)

    def _start_item(self, row: Row) -> PathKey:
        """A new agenda item begins at this step (its title guessed from the words)."""
        if row.depth:
            raise EditRefused("an item cannot start inside a vote's branch")
        steps, index = self._list_and_index(row.path)
        moved = list(steps[index:])
        title = _title_from(row.text)
        items = self._items()
        if row.path[0] == "opening":
            position = 0
        elif row.path[0] == "closing":
            moved = list(steps[: index + 1])
            del steps[: index + 1]
            items.append(new_map(title=title, steps=CommentedSeq(moved)))
            return ("items", len(items) - 1, "steps", len(moved) - 1)
        else:
            assert isinstance(row.item, int)
            position = row.item + 1
        del steps[index:]
        if row.path[0] == "items" and not steps:
            raise EditRefused("this step already starts its item")
        items.insert(position, new_map(title=title, steps=CommentedSeq(moved)))
        return ("items", position, "steps", 0)

    def _to_opening(self, row: Row) -> PathKey:
        """Everything from the first item's start to this step moves into the opening."""
        if row.path[0] != "items" or row.item != 0 or row.depth:
            raise EditRefused("only a step of the first item can join the opening")
        items = self._items()
        steps = items[0]["steps"]
        index = row.path[3]
        assert isinstance(index, int)
        if index + 1 >= len(steps) and len(items) == 1:
            raise EditRefused("an agenda needs at least one item")
        opening = self._section("opening")
        start = len(opening)
        opening.extend(list(steps[: index + 1]))
        del steps[: index + 1]
        if not steps:
            del items[0]
        return ("opening", start + index)

    def _to_closing(self, row: Row) -> PathKey:
        """This step and everything after it in the last item move into the closing."""
        items = self._items()
        if row.path[0] != "items" or row.item != len(items) - 1 or row.depth:
            raise EditRefused("only a step of the last item can join the closing")
        steps = items[-1]["steps"]
        index = row.path[3]
        assert isinstance(index, int)
        if index == 0:
            raise EditRefused("an agenda item keeps at least its first step")
        closing = self._section("closing")
        moved = list(steps[index:])
        del steps[index:]
        for offset, step in enumerate(moved):
            closing.insert(offset, step)
        return ("closing", 0)

    def split(self, path: PathKey, at: int) -> PathKey:
        """Cut a line in two at character ``at`` (e.g. a direction out of a paragraph)."""
        steps, index = self._list_and_index(path)
        step = steps[index]
        if step_kind(step) != "line":
            raise EditRefused("only a line can be split")
        words = step_words(step)
        head, tail = words[:at].strip(), words[at:].strip()
        if not head or not tail:
            raise EditRefused("put the cursor inside the line to split it")
        with self._edit():
            if isinstance(step, str):
                steps[index] = _like(step, head)
            else:
                step["line"] = _like(step["line"], head)
            steps.insert(index + 1, _like(words, tail))
        return (*path[:-1], index + 1)

    def merge_next(self, path: PathKey) -> PathKey:
        """Join a line with the line after it in the same list."""
        steps, index = self._list_and_index(path)
        if index + 1 >= len(steps):
            raise EditRefused("there is no next line in this part to merge with")
        step, following = steps[index], steps[index + 1]
        if step_kind(step) != "line" or step_kind(following) != "line":
            raise EditRefused("only two lines can be merged")
        with self._edit():
            joined = step_words(step) + step_words(following)
            if isinstance(step, str):
                steps[index] = _like(step, joined)
            else:
                step["line"] = _like(step["line"], joined)
            del steps[index + 1]
        return path

    def move_boundary(self, path: PathKey, up: bool) -> PathKey:
        """Move the step across the boundary of its part: the first step of an item (``up``)
        goes to the end of the part before; the last step (not ``up``) to the start of the
        next. Opening and closing count as parts."""
        row = next((row for row in self.rows() if row.path == path), None)
        if row is None or row.depth:
            raise EditRefused("only a step outside a branch can cross an item boundary")
        parts = self._part_paths()
        steps, index = self._list_and_index(path)
        here = parts.index(path[:-1])
        if up:
            if index != 0 or here == 0:
                raise EditRefused("only the first step of an item moves to the part before")
            target_path = parts[here - 1]
        else:
            if index != len(steps) - 1 or here == len(parts) - 1:
                raise EditRefused("only the last step of an item moves to the part after")
            target_path = parts[here + 1]
        if path[0] == "items" and len(steps) == 1:
            raise EditRefused("an agenda item keeps at least one step")
        with self._edit():
            target = self._section(str(target_path[0])) if len(target_path) == 1 else None
            if target is None:
                target = self.node(target_path)
            step = steps[index]
            del steps[index]
            if up:
                target.append(step)
                return (*target_path, len(target) - 1)
            target.insert(0, step)
            return (*target_path, 0)

    def _part_paths(self) -> list[PathKey]:
        items = self._items()
        return [
            ("opening",),
            *(("items", index, "steps") for index in range(len(items))),
            ("closing",),
        ]

    # -- edits of fields -----------------------------------------------------------------

    def set_field(self, path: PathKey, key: str, value: str) -> None:
        """Set a field of a step or an item from what the operator typed ('' removes it)."""
        node = self.node(path)
        if isinstance(node, str):
            if key not in ("line", "planned"):
                raise EditRefused(f"a line has no field {key}")
            if key == "line":
                with self._edit():
                    steps, index = self._list_and_index(path)
                    steps[index] = _like(node, value)
                return
            steps, index = self._list_and_index(path)
            with self._edit():
                steps[index] = new_map(line=node)
                self._set(steps[index], key, value)
            return
        with self._edit():
            self._set(node, key, value)

    def _set(self, node: CommentedMap, key: str, value: str) -> None:
        value = value.strip()
        if not value:
            if key in ("vote", "cue", "election", "roll_call", "line", "title", "seats"):
                raise EditRefused(f"{key} cannot be empty")
            node.pop(key, None)
            return
        parsed: Any = value
        if key == "planned":
            parsed = f"{value}m" if value.isdigit() else value  # bare minutes
            try:
                parse_duration(parsed)  # refuse what the loader would
            except ValueError as error:
                raise EditRefused(str(error)) from None
        elif key == "seats":
            if not value.isdigit() or int(value) < 1:
                raise EditRefused("seats is a whole number, at least 1")
            parsed = int(value)
        elif key == "counted":
            parsed = value.lower() in ("true", "yes", "y", "1", "是")
        elif key == "candidates":
            parsed = _flow([name for name in _LIST_SPLIT.split(value) if name])
        elif key in ("rule", "of"):
            allowed = {
                "rule": ("majority", "two_thirds", "unanimous"),
                "of": ("present", "members"),
            }[key]
            if value not in allowed:
                raise EditRefused(f"{key} is one of {', '.join(allowed)}")
        elif key in ("passed", "failed") and isinstance(node.get(key), list):
            raise EditRefused(f"'{key}' is a branch of steps: edit its steps in the list")
        if key in node:
            node[key] = _like(node[key], parsed) if isinstance(parsed, str) else parsed
        else:
            order = ("cue", "roll_call", "vote", "election", "title", "who", "method", "seats")
            set_key(node, key, parsed, after=order)

    def set_meeting(self, key: str, value: str) -> None:
        """A meeting field for the record (place, host, attendees …) from what was typed."""
        meeting = self.data.get("meeting")
        if not isinstance(meeting, CommentedMap):
            raise EditRefused("the agenda has no meeting section")
        value = value.strip()
        with self._edit():
            if not value:
                if key == "title":
                    raise EditRefused("the meeting needs a title")
                meeting.pop(key, None)
                return
            parsed: Any = value
            if key == "members":
                if not value.isdigit() or int(value) < 1:
                    raise EditRefused("members is a whole number, at least 1")
                parsed = int(value)
            elif key in MEETING_LISTS:
                parsed = _flow([name for name in _LIST_SPLIT.split(value) if name])
            order = MEETING_ORDER[: MEETING_ORDER.index(key)] if key in MEETING_ORDER else ()
            set_key(meeting, key, parsed, after=tuple(reversed(order)))

    def meeting_value(self, key: str) -> str:
        """A meeting field as the operator types it (lists joined with 、)."""
        meeting = self.data.get("meeting") or {}
        value = meeting.get(key)
        if value is None:
            return ""
        if isinstance(value, list):
            return "、".join(
                str(entry.get("name", "")) if isinstance(entry, dict) else str(entry)
                for entry in value
            )
        return str(value)

    # -- placeholders --------------------------------------------------------------------

    def placeholders(self) -> list[Placeholder]:
        """Every unfilled placeholder, in document order."""
        found: list[Placeholder] = []
        for path, text in self._strings(self.data, ()):
            if path and path[0] == "meeting" and len(path) > 1 and path[1] == "names":
                continue
            for match in PLACEHOLDER.finditer(text):
                context = text[max(0, match.start() - 6) : match.end() + 6].replace("\n", " ")
                found.append(Placeholder(path, match.start(), match.end(), match.group(0), context))
        return found

    def _strings(self, node: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
        if isinstance(node, str):
            yield path, str(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("language", "version", "rule", "of", "quorum"):
                    continue
                yield from self._strings(value, (*path, str(key)))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from self._strings(value, (*path, index))

    def fill(self, target: Placeholder, value: str, *, every: bool = False, name: str = "") -> int:
        """Fill a placeholder with ``value`` (or ``{name}``, setting ``meeting.names[name]``);
        with ``every``, each one with the same context. Returns how many were filled."""
        value = value.strip()
        if not value and not name:
            raise EditRefused("type what goes in place of the placeholder")
        chosen = [
            place
            for place in self.placeholders()
            if place == target or (every and place.context == target.context)
        ]
        if not chosen:
            raise EditRefused("that placeholder is already filled")
        replacement = "{" + name + "}" if name else value
        with self._edit():
            if name:
                meeting = self.data["meeting"]
                names = meeting.get("names")
                if not isinstance(names, dict):
                    names = CommentedMap()
                    meeting["names"] = names
                names[name] = value or target.mark
            for place in sorted(chosen, key=lambda p: (p.path, -p.start)):
                self._replace(place, replacement)
        return len(chosen)

    def _replace(self, place: Placeholder, replacement: str) -> None:
        parent = self.node(place.path[:-1])
        key = place.path[-1]
        old = parent[key]
        parent[key] = _like(old, old[: place.start] + replacement + old[place.end :])

    # -- saving --------------------------------------------------------------------------

    def save_text(self) -> str:
        """The text to save, after checking that it loads; AgendaError if it does not."""
        text = self.text
        parse_agenda(text.encode("utf-8"), str(self.path), self.path)
        return text

    def mark_saved(self, text: str) -> None:
        """The text is on disk now."""
        self.saved_text = text


class _Edit:
    """One edit: a snapshot before it; on a refusal, the document is put back and nothing is
    pushed on the undo stack."""

    def __init__(self, document: AgendaDocument) -> None:
        self.document = document

    def __enter__(self) -> None:
        self.document._snapshot()

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is not None:
            self.document.data = self.document.undo_stack.pop()

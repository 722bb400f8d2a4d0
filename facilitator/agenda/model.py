"""The agenda schema: what a meeting's YAML file may say, as frozen pydantic models.

The YAML is written by people, so the models are strict (unknown keys are errors, reported with a
"did you mean") and forgiving where people are (a bare string is a line; ``15m`` is a duration).
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")


def parse_duration(value: object) -> int:
    """Read a planned time written as ``90s``, ``15m``, ``1h30m`` (or a bare number of seconds)."""
    if isinstance(value, bool):
        raise ValueError("a duration is written like 90s, 15m or 1h30m")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return value
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match and any(match.groups()):
            hours, minutes, seconds = (int(part or 0) for part in match.groups())
            return hours * 3600 + minutes * 60 + seconds
    raise ValueError(f"{value!r} is not a duration; write it like 90s, 15m or 1h30m")


def format_duration(seconds: float) -> str:
    """The inverse of :func:`parse_duration`, for messages: ``930`` → ``15m30s``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{secs}s" if secs else "",
    ]
    return "".join(parts) or "0s"


Duration = Annotated[int, BeforeValidator(parse_duration)]
"""Seconds, written in YAML as 90s, 15m or 1h30m."""


class Rule(StrEnum):
    """How many votes carry a motion."""

    MAJORITY = "majority"
    """More than half of the base votes for."""
    TWO_THIRDS = "two_thirds"
    """At least two thirds of the base votes for."""
    UNANIMOUS = "unanimous"
    """Everyone in the base votes for."""


class Base(StrEnum):
    """What a vote's rule counts against."""

    PRESENT = "present"
    """The members present (the default)."""
    MEMBERS = "members"
    """All members, present or not (过半数 of the whole body)."""


class Quorum(StrEnum):
    """How many members must be present for the meeting to go on."""

    MAJORITY = "majority"
    """More than half of the members."""
    TWO_THIRDS = "two_thirds"
    """At least two thirds of the members."""


@cache
def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """Each field's docstring (the string under it in the class body), inherited ones included.

    Read from the source only when asked, for a JSON schema: pydantic's
    ``use_attribute_docstrings`` reads and parses every model's source as the class is created,
    which cost the console's start-up about 20 ms for descriptions nothing there reads.
    """
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, BaseModel)) or klass is BaseModel:
            continue
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        tree = ast.parse(textwrap.dedent(source)).body[0]
        if not isinstance(tree, ast.ClassDef):
            continue
        for statement, following in pairwise(tree.body):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """A model's JSON schema gives each field its docstring as the description (the docstrings
    are the schema; see :func:`field_docs`)."""
    properties = schema.get("properties", {})
    docs = field_docs(model)
    for name, info in model.model_fields.items():
        entry = properties.get(info.alias or name)
        if isinstance(entry, dict) and name in docs:
            entry.setdefault("description", docs[name])


FROZEN = ConfigDict(
    frozen=True, extra="forbid", defer_build=True, json_schema_extra=describe_fields
)
"""Every schema model's settings: immutable, strict about keys, validators built at first use
(the console's start-up builds only what loading the agenda and starting the journal need),
field docstrings as the JSON schema's descriptions."""


class _Frozen(BaseModel):
    model_config = FROZEN


class LineStep(_Frozen):
    """A paragraph the chair reads aloud."""

    kind: Literal["line"] = "line"
    """Always ``line``; written in YAML as a bare string."""
    line: str = Field(min_length=1)
    """The words, with ``{name}`` fields filled at run time."""
    planned: Duration | None = None
    """Reading time, if it should not be estimated from the text."""


class CueStep(_Frozen):
    """A pause while someone other than the chair speaks, e.g. ``（汇报毕）``."""

    kind: Literal["cue"] = "cue"
    """Always ``cue``."""
    cue: str = Field(min_length=1)
    """The label as the script writes it, without brackets: 汇报毕, 介绍毕, 发言毕."""
    who: str | None = None
    """Who speaks meanwhile, if the script says."""
    planned: Duration | None = None
    """How long the speaker is expected to take."""


class RollCallStep(_Frozen):
    """The chair announces attendance; the operator records how many are present."""

    kind: Literal["roll_call"] = "roll_call"
    """Always ``roll_call``."""
    roll_call: str = Field(min_length=1)
    """The line, usually with ``{members}`` and ``{present}``."""
    quorum: Quorum | None = None
    """The attendance the meeting needs to go on, if any."""
    planned: Duration | None = None
    """Reading time, if it should not be estimated from the text."""


class VoteStep(_Frozen):
    """The members decide a motion; the chair's next line depends on the outcome."""

    kind: Literal["vote"] = "vote"
    """Always ``vote``."""
    vote: str = Field(min_length=1)
    """The motion, e.g. the titles of the documents under review."""
    method: str | None = None
    """How the members vote: 举手表决, 依次表决, 无记名投票 …"""
    rule: Rule = Rule.MAJORITY
    """How many votes carry the motion."""
    of: Base = Base.PRESENT
    """What the rule counts against: those present, or all members."""
    counted: bool = True
    """False for a decision taken by applause, by stating positions or by voice (鼓掌, 表态,
    口头): the outcome is recorded, not counted, and the rule does not apply."""
    passed: str | tuple[Step, ...] | None = None
    """When the motion carries: the chair's line (may use {for}, {against}, {abstain},
    {present}), or a list of steps, the branch the meeting runs only then."""
    failed: str | tuple[Step, ...] | None = None
    """When it does not: a line, or a list of steps run only then."""
    planned: Duration | None = None
    """How long the vote is expected to take."""

    @property
    def branched(self) -> bool:
        """Whether either outcome is a list of steps rather than one line."""
        return isinstance(self.passed, tuple) or isinstance(self.failed, tuple)


class ElectionRule(StrEnum):
    """How many votes elect a candidate."""

    MAJORITY = "majority"
    """More than half of the base (过半数)."""
    TWO_THIRDS = "two_thirds"
    """At least two thirds of the base."""


class ElectionStep(_Frozen):
    """The members elect people to an office by ballot; the engine says who is elected."""

    kind: Literal["election"] = "election"
    """Always ``election``."""
    election: str = Field(min_length=1)
    """What is elected, as the chair announces it: 选举支部委员会委员."""
    seats: int = Field(ge=1)
    """How many are to be elected (应选名额)."""
    candidates: tuple[str, ...] = Field(min_length=1)
    """The candidates' names in ballot order (placeholders such as ``*`` until they are known)."""
    rule: ElectionRule = ElectionRule.MAJORITY
    """How many votes a candidate needs."""
    of: Base = Base.PRESENT
    """What the rule counts against: those present, or all members."""
    method: str | None = None
    """How the members vote: 无记名投票, 差额选举 …"""
    ballots: bool = True
    """Whether ballots issued, returned and valid are recorded (发出、收回、有效选票)."""
    elected: str | None = None
    """The result line; may use {elected}, {not_elected}, {votes}, {issued}, {returned}, {valid}."""
    not_elected: str | None = None
    """Added when a seat stays empty or a tie is undecided; the same fields."""
    planned: Duration | None = None
    """How long the election is expected to take."""

    @field_validator("candidates", mode="before")
    @classmethod
    def _names_as_text(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(str(name) for name in value)
        return value


def _step_tag(value: Any) -> str | None:
    """Which kind of step a YAML value is: a string is a line; a mapping names its kind by key."""
    if isinstance(value, BaseModel):
        return str(getattr(value, "kind", None))
    if isinstance(value, str):
        return "line"
    if isinstance(value, dict):
        for key in ("cue", "roll_call", "vote", "election", "line"):
            if key in value:
                return key
    return None


def _line_from_string(value: Any) -> Any:
    return {"line": value} if isinstance(value, str) else value


Step = Annotated[
    Annotated[LineStep, Tag("line")]
    | Annotated[CueStep, Tag("cue")]
    | Annotated[RollCallStep, Tag("roll_call")]
    | Annotated[VoteStep, Tag("vote")]
    | Annotated[ElectionStep, Tag("election")],
    Discriminator(
        _step_tag,
        custom_error_type="step_kind",
        custom_error_message=(
            "a step is a line (a plain string) or a mapping with one of the keys "
            "cue, roll_call, vote, election"
        ),
    ),
    BeforeValidator(_line_from_string),
]
"""One thing that happens in the run of show."""


class Item(_Frozen):
    """One agenda item (议程), in order."""

    title: str = Field(min_length=1)
    """What the item is, as the sidebar and the minutes name it."""
    planned: Duration | None = None
    """Planned length of the whole item; estimated from its steps when missing."""
    steps: tuple[Step, ...] = Field(min_length=1)
    """What happens during the item, in order."""


_CLOCK = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


class Absence(_Frozen):
    """A member who is absent, and why."""

    name: str = Field(min_length=1)
    """Who."""
    reason: str | None = None
    """Why (出差, 病假 …), if known."""

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, value: object) -> object:
        return {"name": value} if isinstance(value, str) else value


class Meeting(_Frozen):
    """Facts about the meeting as a whole."""

    title: str = Field(min_length=1)
    """The meeting's name, shown in the header and the minutes."""
    language: Literal["zh", "en"] = "zh"
    """The console's and the minutes' language."""
    members: int | None = Field(default=None, ge=1)
    """How many voting members the body has, for vote and quorum checks."""
    planned_start: str | None = None
    """When the meeting should begin, as HH:MM."""
    date: str | None = None
    """The meeting's date as the minutes should print it, if known in advance."""
    place: str | None = None
    """Where the meeting is held, for the minutes."""
    host: str | None = None
    """Who chairs the meeting (主持人)."""
    recorder: str | None = None
    """Who keeps the record (记录人)."""
    attendees: tuple[str, ...] = ()
    """Who attends (出席), by name."""
    observers: tuple[str, ...] = ()
    """Who attends without a vote (列席)."""
    absent: tuple[Absence, ...] = ()
    """Who is absent (缺席), each with the reason if known."""
    names: dict[str, str] = Field(default_factory=dict)
    """Values for ``{name}`` fields in any line, e.g. {汇报人: 张三}."""

    @field_validator("planned_start", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        if isinstance(value, int):  # YAML 1.1 reads 09:00 unquoted as a base-60 number
            value = f"{value // 60:02d}:{value % 60:02d}"
        if isinstance(value, str) and not _CLOCK.match(value):
            raise ValueError(f'{value!r} is not a time of day; write it like "09:00"')
        return value

    @field_validator("names", mode="before")
    @classmethod
    def _names_as_text(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(key): str(val) for key, val in value.items()}
        return value


class Agenda(_Frozen):
    """A whole meeting's run of show."""

    version: Literal[1] = 1
    """The file format's version."""
    meeting: Meeting
    """Facts about the meeting."""
    opening: tuple[Step, ...] = ()
    """Steps before the first agenda item: greeting, purpose, attendance, overview."""
    items: tuple[Item, ...] = Field(min_length=1)
    """Exactly the agenda items (议程), in order."""
    closing: tuple[Step, ...] = ()
    """Steps after the last item, e.g. 本次会议结束，散会！"""


AnyStep = LineStep | CueStep | RollCallStep | VoteStep | ElectionStep
"""Any one step, once validated."""


def step_text(step: AnyStep) -> str:
    """The words of a step that the chair reads (a cue's label for a cue)."""
    match step:
        case LineStep():
            return step.line
        case CueStep():
            return step.cue
        case RollCallStep():
            return step.roll_call
        case VoteStep():
            return step.vote
        case ElectionStep():
            return step.election

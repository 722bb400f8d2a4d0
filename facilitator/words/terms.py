"""The shared terms, in Chinese and English: one instance per language, chosen by the agenda's
``meeting.language``. Everything that depends on the language beyond these words is a field or a
method here, never an ``if language == "zh"`` elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DIGITS = "零一二三四五六七八九"
"""The Chinese digits, 零 to 九."""


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (up to 99; larger numbers stay Arabic)."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "" if tens == 1 else DIGITS[tens]
    return head + "十" + (DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Terms:
    """One language's shared terms."""

    language: Literal["zh", "en"]
    """``zh`` or ``en``."""
    for_: str
    """A vote for: 赞成."""
    against: str
    """A vote against: 反对."""
    abstain: str
    """An abstention: 弃权."""
    present: str
    """Those present: 实到."""
    carried: str
    """A motion carried: 通过."""
    not_carried: str
    """A motion not carried: 未通过."""
    list_separator: str
    """Between names in a list: ``、`` / ``, ``."""
    sentence_separator: str
    """Between sentences run together: nothing in Chinese, a space in English."""
    candidate_votes: str
    """One candidate's votes in a list: ``{name}{votes}票`` / ``{name} {votes}``."""
    vote_carried_line: str
    """What the chair says after a vote carried, when the agenda gives no line."""
    vote_lost_line: str
    """What the chair says after a vote not carried, when the agenda gives no line."""
    not_reached: str
    """A part the meeting never reached: 未进行 (the summary, the report, every export)."""
    skipped: str
    """A part a jump passed over: 已跳过."""
    gap_heartbeat: str
    """How a restart's gap was measured, after the gap: from the console's heartbeat, which is at
    most ``{precision}`` seconds old (a journal with ``session_resumed.alive_at``)."""
    gap_last_event: str
    """The same, from the last recorded event (an older journal)."""
    record_fields: dict[str, str] = field(default_factory=dict)
    """The meeting's fields for the record, as every screen and the minutes label them:
    ``place``, ``host``, ``recorder``, ``attendees``, ``observers``, ``absent``."""
    election_lines: dict[str, str] = field(default_factory=dict)
    """What the chair says after an election, when the agenda gives no line: ``elected``,
    ``none``, ``not_elected``, ``tied`` (with ``{elected}``, ``{tied}``, ``{tie_votes}`` …)."""

    def item_number(self, no: int | None) -> str:
        """An agenda item's number: ``四`` / ``4``; empty for the opening and the closing."""
        if no is None:
            return ""
        return chinese_number(no) if self.language == "zh" else str(no)

    def join(self, names: tuple[str, ...] | list[str]) -> str:
        """Names as a list: ``张明、李华`` / ``Zhang Ming, Li Hua``."""
        return self.list_separator.join(names)

    def gap_measured(self, heartbeat_s: float | None) -> str:
        """How a restart's gap was measured, to follow the gap: from the console's heartbeat
        (every ``heartbeat_s`` seconds), or, for None, from the last recorded event."""
        if heartbeat_s is None:
            return self.gap_last_event
        return self.gap_heartbeat.format(precision=f"{heartbeat_s:g}")

    def sentences(self, parts: list[str]) -> str:
        """Sentences run together the way the language writes them."""
        return self.sentence_separator.join(parts)


ZH = Terms(
    language="zh",
    for_="赞成",
    against="反对",
    abstain="弃权",
    present="实到",
    carried="通过",
    not_carried="未通过",
    list_separator="、",
    sentence_separator="",
    candidate_votes="{name}{votes}票",
    vote_carried_line="表决通过。",
    vote_lost_line="表决未通过。",
    not_reached="未进行",
    skipped="已跳过",
    gap_heartbeat="（自控制台最后一次确认运行起，精度{precision}秒）",
    gap_last_event="（自最后一条记录起）",
    record_fields={
        "place": "地点",
        "host": "主持人",
        "recorder": "记录人",
        "attendees": "出席",
        "observers": "列席",
        "absent": "缺席",
    },
    election_lines={
        "elected": "{elected}当选。",
        "none": "本次选举无人当选。",
        "not_elected": "{not_elected}未当选。",
        "tied": "{tied}得票相等（各{tie_votes}票），尚有{open}个名额须另行投票决定。",
    },
)

EN = Terms(
    language="en",
    for_="For",
    against="Against",
    abstain="Abstain",
    present="Present",
    carried="carried",
    not_carried="not carried",
    list_separator=", ",
    sentence_separator=" ",
    candidate_votes="{name} {votes}",
    vote_carried_line="The motion is carried.",
    vote_lost_line="The motion is not carried.",
    not_reached="not reached",
    skipped="skipped",
    gap_heartbeat=" (since the console was last known running, to within {precision} s)",
    gap_last_event=" (since the last recorded event)",
    record_fields={
        "place": "Place",
        "host": "Chair",
        "recorder": "Recorder",
        "attendees": "Attendance",
        "observers": "Observers",
        "absent": "Absent",
    },
    election_lines={
        "elected": "Elected: {elected}.",
        "none": "No candidate is elected.",
        "not_elected": "Not elected: {not_elected}.",
        "tied": "{tied} are tied with {tie_votes} votes each; {open} seat(s) must be decided by "
        "another ballot.",
    },
)


def terms(language: str) -> Terms:
    """The terms of ``language`` (Chinese for anything not known)."""
    return EN if language == "en" else ZH

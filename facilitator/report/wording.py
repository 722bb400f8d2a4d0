"""The words of the report and the minutes, in the agenda's language (``zh`` or ``en``).

Everything a reader sees in the terminal report, the Markdown minutes and the .docx minutes is
phrased here, once per language; the renderers only arrange it. Pure: no Rich, no python-docx.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from facilitator.agenda.model import Base, Rule
from facilitator.words.terms import EN as EN_TERMS
from facilitator.words.terms import ZH as ZH_TERMS
from facilitator.words.terms import terms


class VoteResult(Protocol):
    """What a result cell needs of a recorded vote or decision."""

    @property
    def passed(self) -> bool: ...
    @property
    def counted(self) -> bool: ...
    @property
    def method(self) -> str | None: ...
    @property
    def present(self) -> int | None: ...
    @property
    def for_(self) -> int | None: ...
    @property
    def against(self) -> int | None: ...
    @property
    def abstain(self) -> int | None: ...


class ElectionResult(Protocol):
    """What a result cell or sentence needs of a recorded election."""

    @property
    def office(self) -> str: ...
    @property
    def method(self) -> str | None: ...
    @property
    def seats(self) -> int: ...
    @property
    def elected(self) -> tuple[str, ...]: ...
    @property
    def tied(self) -> tuple[str, ...]: ...
    @property
    def votes(self) -> tuple[tuple[str, int], ...]: ...
    @property
    def issued(self) -> int | None: ...
    @property
    def returned(self) -> int | None: ...
    @property
    def valid(self) -> int | None: ...
    @property
    def threshold(self) -> int: ...


@dataclass(frozen=True)
class Wording:
    """One language's words; get one with :func:`wording`."""

    language: str
    colon: str
    """Between a label and its text: ``：`` / ``: ``."""

    # -- the minutes ------------------------------------------------------------------------
    minutes: str
    """The document's kind, after the meeting's title."""
    date: str
    place: str
    time: str
    attendance: str
    host: str
    recorder: str
    observers: str
    absent: str
    signature: str
    """After 主持人 / 记录人 at the foot, where they sign."""
    agenda: str
    notes: str
    vote: str
    election: str
    """Leads one election's line in the minutes."""
    """Leads one vote's line in the minutes."""
    note: str
    """Leads one note's line in the minutes."""
    breaks: str
    timing_table: str
    unfinished: str
    """Said of a meeting with no end yet; ``{now}`` is the last recorded time."""
    not_started: str
    not_reached: str
    skipped: str
    running: str
    carried: str
    not_carried: str
    planned: str
    actual: str
    over_under: str
    item: str
    no: str
    started: str
    ended: str
    speaker: str
    stage: str
    """Heads a cue line whose agenda names no speaker (the room speaks, or it is not said who)."""
    label: str
    result: str
    total: str
    opening: str
    closing: str
    who_unknown: str
    """Stands for the speaker of a cue whose agenda does not name one."""

    # -- the terminal report ----------------------------------------------------------------
    report: str
    items_heading: str
    cues_heading: str
    votes_heading: str
    elections_heading: str
    branches_heading: str
    notes_heading: str
    pauses_heading: str
    bar: str
    paused: str
    active: str
    present: str
    for_: str
    against: str
    abstain: str
    method: str
    motion: str
    text: str
    at: str
    duration: str
    torn: str
    """A torn last line: ``{offset}`` and ``{length}`` in bytes."""
    torn_recovered: str
    csv_columns: tuple[str, ...]
    """The CSV's header row, in the agenda's language (ten columns, README documents them)."""
    csv_kinds: dict[str, str]
    """The CSV's first column for each kind of row: opening, item, cue, vote, election, branch,
    closing, total, record."""
    estimated_mark: str
    """Before a planned time estimated from the text: ``约`` / ``~``."""
    record_code: str
    """Labels the 记录校验码 (the seal line's hash) that anchors a signed copy."""
    not_sealed: str
    """In place of the code for a record whose meeting has not ended."""
    failed_verification: str
    """On the face of a document forced from a broken record; ``{problem}`` names the line."""
    gap: str
    """A restart: ``{at}``, ``{seconds}`` and ``{how}`` (how the gap was measured: the shared
    terms' ``gap_heartbeat`` or ``gap_last_event``)."""
    estimated: str
    """Footnote for plans estimated from the text (marked with ``~``)."""
    rehearsal: str
    """On the face of every report and export of a rehearsal's journal."""
    rehearsal_label: str
    """The short mark of a rehearsal: the CSV row's label, the minutes' title suffix."""

    # -- phrases with numbers ---------------------------------------------------------------

    def seconds(self, seconds: int) -> str:
        """A duration: ``8分05秒`` / ``8 min 5 s``."""
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        minutes, secs = divmod(rest, 60)
        if self.language == "zh":
            if hours:
                return f"{sign}{hours}小时{minutes:02d}分{secs:02d}秒"
            if minutes:
                return f"{sign}{minutes}分{secs:02d}秒"
            return f"{sign}{secs}秒"
        if hours:
            return f"{sign}{hours} h {minutes} min {secs} s"
        if minutes:
            return f"{sign}{minutes} min {secs} s"
        return f"{sign}{secs} s"

    def clock(self, moment: datetime | None) -> str:
        """A time of day, to the minute: ``09:05``; ``-`` when unknown."""
        return "-" if moment is None else f"{moment:%H:%M}"

    def clock_s(self, moment: datetime | None) -> str:
        """A time of day, to the second: ``09:05:30``; ``-`` when unknown."""
        return "-" if moment is None else f"{moment:%H:%M:%S}"

    def day(self, moment: datetime) -> str:
        """A date as the minutes print it: ``2026年11月27日`` / ``27 November 2026``."""
        if self.language == "zh":
            return f"{moment.year}年{moment.month}月{moment.day}日"
        return f"{moment.day} {moment:%B} {moment.year}"

    def over(self, over_s: int) -> str:
        """Over or under the plan: ``超时1分05秒`` / ``1 min 5 s over``; on time: ``按时``."""
        if self.language == "zh":
            if over_s > 0:
                return f"超时{self.seconds(over_s)}"
            if over_s < 0:
                return f"提前{self.seconds(-over_s)}"
            return "按时"
        if over_s > 0:
            return f"{self.seconds(over_s)} over"
        if over_s < 0:
            return f"{self.seconds(-over_s)} under"
        return "on time"

    def signed(self, over_s: int) -> str:
        """Over or under for a table column: ``+1分05秒`` / ``-30 s``."""
        return ("+" if over_s > 0 else "") + self.seconds(over_s)

    def item_number(self, no: int | None) -> str:
        """An agenda item's number as the minutes and report print it: ``四`` / ``4``; empty
        for the opening and closing. The one place a number becomes a Chinese numeral."""
        return terms(self.language).item_number(no)

    def item_heading(self, no: int, title: str) -> str:
        """``一、听取工作汇报`` / ``1. Hear the report``."""
        separator = "、" if self.language == "zh" else ". "
        return f"{self.item_number(no)}{separator}{title}"

    def planned_time(self, planned_s: int, given: bool) -> str:
        """A planned time, marked when it is estimated from the text: ``约5分01秒`` / ``~5 min``."""
        return ("" if given else self.estimated_mark) + self.seconds(planned_s)

    def document_title(self, title: str) -> str:
        """The minutes' title: ``测试委员会第三次会议记录`` / ``Minutes: Board Meeting``."""
        if self.language == "zh":
            return title + ("记录" if title.endswith("会议") else self.minutes)
        return f"{self.minutes}: {title}"

    def rule_name(self, rule: Rule, of: Base) -> str:
        """How many votes carry a motion, in words."""
        if self.language == "zh":
            base = "全体成员" if of is Base.MEMBERS else "到会成员"
            return {
                Rule.MAJORITY: f"{base}过半数同意",
                Rule.TWO_THIRDS: f"{base}三分之二以上同意",
                Rule.UNANIMOUS: f"{base}一致同意",
            }[rule]
        base = "of all members" if of is Base.MEMBERS else "of those present"
        return {
            Rule.MAJORITY: f"a majority {base}",
            Rule.TWO_THIRDS: f"two thirds {base}",
            Rule.UNANIMOUS: f"all {base}",
        }[rule]

    def vote_result(self, vote: VoteResult) -> str:
        """A vote's or decision's result in a cell: ``通过：到会6人，赞成5票，…`` /
        ``通过（鼓掌通过，不计票）``."""
        verdict = self.carried if vote.passed else self.not_carried
        if not vote.counted or vote.present is None or vote.for_ is None:
            how = vote.method or ("不计票" if self.language == "zh" else "not counted")
            return f"{verdict}{self.bracket(how)}"
        counts = self.vote_counts(vote.present, vote.for_, vote.against or 0, vote.abstain or 0)
        return f"{verdict}{self.colon}{counts}"

    def election_result(self, election: ElectionResult) -> str:
        """An election's result in a cell: who is elected, ties, the ballots and the votes."""
        zh = self.language == "zh"
        sep = terms(self.language).list_separator
        elected = sep.join(election.elected) or ("无人当选" if zh else "nobody")
        votes = ("，" if zh else ", ").join(f"{name} {count}" for name, count in election.votes)
        parts = []
        if election.issued is not None:
            parts.append(
                f"发出{election.issued}张，收回{election.returned}张，有效{election.valid}张"
                if zh
                else f"{election.issued} issued, {election.returned} returned, "
                f"{election.valid} valid"
            )
        parts.append(f"得票：{votes}" if zh else f"votes: {votes}")
        parts.append(f"当选须{election.threshold}票" if zh else f"needs {election.threshold}")
        tied = ""
        if election.tied:
            tied = (
                f"；票数相同未定：{sep.join(election.tied)}"
                if zh
                else f"; tied: {sep.join(election.tied)}"
            )
        lead = "当选" if zh else "elected"
        return (
            f"{lead}{self.colon}{elected}{tied}{self.bracket(('；' if zh else '; ').join(parts))}"
        )

    def vote_counts(self, present: int, for_: int, against: int, abstain: int) -> str:
        """``到会6人，赞成5票，反对0票，弃权1票`` / ``6 present, 5 for, 0 against, …``."""
        if self.language == "zh":
            return f"到会{present}人，赞成{for_}票，反对{against}票，弃权{abstain}票"
        return f"{present} present, {for_} for, {against} against, {abstain} abstaining"

    def vote_sentence(
        self,
        motion: str,
        method: str | None,
        rule: Rule,
        of: Base,
        counts: tuple[int, int, int, int],
        passed: bool,
    ) -> str:
        """The minutes' sentence for a vote, with its counts and outcome."""
        verdict = self.carried if passed else self.not_carried
        if self.language == "zh":
            how = f"以{method}方式" if method else ""
            return (
                f"{how}表决{motion}：{self.vote_counts(*counts)}。"
                f"按{self.rule_name(rule, of)}的规则，{verdict}。"
            )
        how = f" ({method})" if method else ""
        return (
            f"{motion}{how}: {self.vote_counts(*counts)}; "
            f"{self.rule_name(rule, of)} required; {verdict}."
        )

    def decision_sentence(self, motion: str, method: str | None, passed: bool) -> str:
        """The minutes' sentence for a decision taken without counts: how, and the outcome."""
        verdict = self.carried if passed else self.not_carried
        if self.language == "zh":
            how = f"以{method}方式" if method else "不计票"
            return f"{how}决定{motion}，{verdict}。"
        how = f"by {method}" if method else "without a count"
        return f"{motion}: decided {how}; {verdict}."

    def election_sentence(self, election: ElectionResult) -> str:
        """The minutes' sentence for an election: ballots, votes each, who is elected."""
        office, method, seats = election.office, election.method, election.seats
        issued, returned, valid = election.issued, election.returned, election.valid
        votes, threshold = election.votes, election.threshold
        elected, tied = election.elected, election.tied
        zh = self.language == "zh"
        sep = terms(self.language).list_separator
        per_vote = terms(self.language).candidate_votes
        parts: list[str] = []
        if zh:
            head = f"以{method}方式" if method else ""
            parts.append(f"{head}{office}，应选{seats}名")
            if issued is not None:
                parts.append(f"发出选票{issued}张，收回{returned}张，其中有效票{valid}张")
            parts.append("得票：" + sep.join(per_vote.format(name=n, votes=v) for n, v in votes))
            parts.append(f"当选须得{threshold}票以上")
            text = "，".join(parts) + "。"
            text += f"{sep.join(elected)}当选。" if elected else "无人当选。"
            if tied:
                text += f"{sep.join(tied)}得票相等，须另行投票决定。"
            return text
        parts.append(f"{office}{f' ({method})' if method else ''}: {seats} seat(s)")
        if issued is not None:
            parts.append(f"{issued} ballots issued, {returned} returned, {valid} valid")
        parts.append("votes: " + sep.join(per_vote.format(name=n, votes=v) for n, v in votes))
        parts.append(f"{threshold} votes needed")
        text = "; ".join(parts) + ". "
        text += f"Elected: {sep.join(elected)}." if elected else "Nobody is elected."
        if tied:
            text += f" Tied: {sep.join(tied)}; another ballot is needed."
        return text

    def branch_sentence(self, motion: str, not_taken: str, steps: int) -> str:
        """The minutes' note that the steps for the other outcome were not taken."""
        if self.language == "zh":
            which = "通过后" if not_taken == "passed" else "未通过时"
            return f"{motion}{which}的{steps}个步骤未执行。"
        which = "if carried" if not_taken == "passed" else "if not carried"
        return f"{motion}: the {steps} step(s) {which} were not taken."

    def record_lines(self, record: Mapping[str, object]) -> list[tuple[str, str]]:
        """The meeting's fields for the record as (label, text): host, recorder, attendees …"""
        labels = {
            "host": self.host,
            "recorder": self.recorder,
            "attendees": self.attendance,
            "observers": self.observers,
        }
        sep = terms(self.language).list_separator
        lines: list[tuple[str, str]] = []
        for key, label in labels.items():
            value = record.get(key)
            if isinstance(value, list):
                lines.append((label, sep.join(str(v) for v in value)))
            elif value:
                lines.append((label, str(value)))
        absent = record.get("absent")
        if isinstance(absent, list) and absent:
            names = []
            for entry in absent:
                assert isinstance(entry, dict)
                reason = entry.get("reason")
                names.append(f"{entry['name']}{self.bracket(str(reason)) if reason else ''}")
            lines.append((self.absent, sep.join(names)))
        return lines

    def roll_call(self, present: int, members: int | None, quorum_met: bool | None) -> str:
        """Attendance as the minutes state it."""
        if self.language == "zh":
            text = f"应到{members}人，实到{present}人" if members else f"实到{present}人"
            if quorum_met is True:
                text += "，符合规定人数"
            elif quorum_met is False:
                text += "，不足规定人数"
            return text + "。"
        text = f"{present} of {members} members present" if members else f"{present} present"
        if quorum_met is True:
            text += "; quorum met"
        elif quorum_met is False:
            text += "; quorum not met"
        return text + "."

    def span(self, start: datetime | None, end: datetime | None) -> str:
        """``09:00–09:37`` (an en dash: the minutes are a document, not the terminal).

        Without an end (still under way): ``09:00起`` / ``from 09:00``.
        """
        if end is not None:
            return f"{self.clock(start)}–{self.clock(end)}"
        return f"{self.clock(start)}起" if self.language == "zh" else f"from {self.clock(start)}"

    def item_time(self, actual_s: int, planned_s: int, planned_given: bool) -> str:
        """``用时9分25秒（计划10分00秒，提前35秒）``."""
        plan = self.seconds(planned_s)
        if self.language == "zh":
            word = "计划" if planned_given else "预计"
            return (
                f"用时{self.seconds(actual_s)}（{word}{plan}，{self.over(actual_s - planned_s)}）"
            )
        word = "planned" if planned_given else "estimated"
        return f"took {self.seconds(actual_s)} ({word} {plan}, {self.over(actual_s - planned_s)})"

    def cue_line(self, who: str | None, label: str, actual_s: int, planned_s: int | None) -> str:
        """``李四同志汇报，用时9分00秒（计划8分00秒，超时1分00秒）``.

        A Chinese cue label ending in 毕 (汇报毕: "the report is over") names what the speaker
        did (汇报); any other label is quoted in brackets.
        """
        speaker = who or self.who_unknown
        took = self.seconds(actual_s)
        if self.language == "zh":
            did = label[:-1] if label.endswith("毕") and len(label) > 1 else f"（{label}）"
            plan = (
                f"（计划{self.seconds(planned_s)}，{self.over(actual_s - planned_s)}）"
                if planned_s is not None
                else ""
            )
            return f"{speaker}{did}，用时{took}{plan}"
        plan = (
            f" (planned {self.seconds(planned_s)}, {self.over(actual_s - planned_s)})"
            if planned_s is not None
            else ""
        )
        return f"{speaker} ({label}): {took}{plan}" if speaker else f"{label}: {took}{plan}"

    def bracket(self, text: str) -> str:
        """``（进行中）`` / `` (under way)``, to follow a phrase."""
        return f"（{text}）" if self.language == "zh" else f" ({text})"

    def join(self, *phrases: str) -> str:
        """Phrases joined by a comma: ``，`` / ``, ``."""
        return ("，" if self.language == "zh" else ", ").join(phrases)

    def meeting_time(
        self, started: datetime, ended: datetime | None, actual_s: int, paused_s: int
    ) -> str:
        """When the meeting ran, how long, and how much of it was breaks."""
        span = self.span(started, ended)
        if self.language == "zh":
            text = f"{span}，历时{self.seconds(actual_s)}"
            if paused_s:
                text += f"（其中休会{self.seconds(paused_s)}）"
            return text
        text = f"{span}, {self.seconds(actual_s)}"
        if paused_s:
            text += f" (including {self.seconds(paused_s)} of breaks)"
        return text


ZH = Wording(
    language="zh",
    colon="：",
    minutes="会议记录",
    date="日期",
    place=ZH_TERMS.record_fields["place"],
    time="时间",
    attendance=ZH_TERMS.record_fields["attendees"],
    host=ZH_TERMS.record_fields["host"],
    recorder=ZH_TERMS.record_fields["recorder"],
    observers=ZH_TERMS.record_fields["observers"],
    absent=ZH_TERMS.record_fields["absent"],
    signature="（签字）",
    agenda="议程",
    notes="备注",
    vote="表决",
    election="选举",
    note="备注",
    breaks="休会",
    timing_table="用时统计",
    unfinished="会议尚未结束，本记录截至{now}。",
    not_started="会议尚未开始。",
    not_reached=ZH_TERMS.not_reached,
    skipped=ZH_TERMS.skipped,
    running="进行中",
    carried=ZH_TERMS.carried,
    not_carried=ZH_TERMS.not_carried,
    planned="计划",
    actual="实际",
    over_under="超时/提前",
    item="议程",
    no="序号",
    started="开始",
    ended="结束",
    speaker="发言人",
    stage="环节",
    label="环节",
    result="结果",
    total="合计",
    opening="开场",
    closing="结束语",
    who_unknown="",
    report="用时报告",
    items_heading="议程用时",
    cues_heading="发言",
    votes_heading="表决",
    elections_heading="选举",
    branches_heading="未执行的分支",
    notes_heading="备注",
    pauses_heading="休会",
    bar="进度",
    paused="休会",
    active="净用时",
    present="到会",
    for_=ZH_TERMS.for_,
    against=ZH_TERMS.against,
    abstain=ZH_TERMS.abstain,
    method="方式",
    motion="事项",
    text="内容",
    at="时间",
    duration="时长",
    torn="日志最后一行不完整（第{offset}字节起，{length}字节），已跳过。",
    torn_recovered="日志中有一行不完整（第{offset}字节起，{length}字节），已在续会时跳过。",
    estimated_mark="约",
    record_code="记录校验码",
    csv_columns=(
        "类别",
        "序号",
        "议程",
        "事项",
        "计划（秒）",
        "实际（秒）",
        "超时（秒）",
        "开始",
        "结束",
        "结果",
    ),
    csv_kinds={
        "opening": "开场",
        "item": "议程",
        "cue": "发言",
        "vote": "表决",
        "election": "选举",
        "branch": "未执行",
        "closing": "结束语",
        "total": "合计",
        "record": "记录校验码",
    },
    not_sealed="未封存（会议尚未结束，或日志末尾被删去）",
    failed_verification="【本记录未通过校验，内容可能已被改动，不得作为正式记录】{problem}",
    gap="程序中断后于{at}恢复，中断{seconds}{how}。",
    estimated="计划时间前有「约」的，是按文字估算的。",
    rehearsal="【彩排】本记录为会前彩排，不是正式会议记录。",
    rehearsal_label="彩排",
)

EN = Wording(
    language="en",
    colon=": ",
    minutes="Minutes",
    date="Date",
    place=EN_TERMS.record_fields["place"],
    time="Time",
    attendance=EN_TERMS.record_fields["attendees"],
    host=EN_TERMS.record_fields["host"],
    recorder=EN_TERMS.record_fields["recorder"],
    observers=EN_TERMS.record_fields["observers"],
    absent=EN_TERMS.record_fields["absent"],
    signature=" (signature)",
    agenda="Agenda",
    notes="Notes",
    vote="Vote",
    election="Election",
    note="Note",
    breaks="Breaks",
    timing_table="Timing",
    unfinished="The meeting has not ended; these minutes run to {now}.",
    not_started="The meeting has not started.",
    not_reached=EN_TERMS.not_reached,
    skipped=EN_TERMS.skipped,
    running="under way",
    carried=EN_TERMS.carried,
    not_carried=EN_TERMS.not_carried,
    planned="Planned",
    actual="Actual",
    over_under="Over/under",
    item="Item",
    no="No.",
    started="Start",
    ended="End",
    speaker="Speaker",
    stage="Cue",
    label="Cue",
    result="Result",
    total="Total",
    opening="Opening",
    closing="Closing",
    who_unknown="",
    report="Timing report",
    items_heading="Agenda items",
    cues_heading="Speakers",
    votes_heading="Votes",
    elections_heading="Elections",
    branches_heading="Branches not taken",
    notes_heading="Notes",
    pauses_heading="Breaks",
    bar="Progress",
    paused="Breaks",
    active="Without breaks",
    present="Present",
    for_=EN_TERMS.for_,
    against=EN_TERMS.against,
    abstain=EN_TERMS.abstain,
    method="Method",
    motion="Motion",
    text="Text",
    at="At",
    duration="Duration",
    torn=(
        "The journal's last line is incomplete (from byte {offset}, {length} bytes) "
        "and was skipped."
    ),
    torn_recovered=(
        "An incomplete journal line (from byte {offset}, {length} bytes) was skipped on resuming."
    ),
    estimated_mark="~",
    record_code="Record code",
    csv_columns=(
        "Kind",
        "No.",
        "Item",
        "Entry",
        "Planned (s)",
        "Actual (s)",
        "Over (s)",
        "Started",
        "Ended",
        "Result",
    ),
    csv_kinds={
        "opening": "Opening",
        "item": "Item",
        "cue": "Cue",
        "vote": "Vote",
        "election": "Election",
        "branch": "Not taken",
        "closing": "Closing",
        "total": "Total",
        "record": "Record code",
    },
    not_sealed="not sealed (the meeting has not ended, or the journal's last lines were removed)",
    failed_verification=(
        "[THIS RECORD FAILED VERIFICATION; it may have been altered and is not a valid record] "
        "{problem}"
    ),
    gap="The program was down; resumed at {at} after {seconds}{how}.",
    estimated="~ marks a plan estimated from the text.",
    rehearsal="[REHEARSAL] This is the record of a rehearsal, not of the meeting.",
    rehearsal_label="rehearsal",
)


def wording(language: str) -> Wording:
    """The words for ``language`` (``zh`` or ``en``; anything else gets Chinese)."""
    return EN if language == "en" else ZH

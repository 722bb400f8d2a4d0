"""Every string the operator console shows, in Chinese and English.

Pure: no Textual, no Rich. :class:`Strings` is one dataclass with a field per message, so mypy
proves both languages say everything; refusals are translated from the engine's
:class:`~facilitator.engine.commands.Reason`. UI chrome keeps to ASCII and CJK characters:
ambiguous-width symbols (… “ ” — ① ★ →) are drawn two cells wide by many terminals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from facilitator.agenda.model import Base, ElectionRule, Meeting, Quorum, Rule
from facilitator.engine.commands import Reason
from facilitator.engine.state import ElectionCount, VoteOutcome
from facilitator.words.terms import DIGITS, Terms
from facilitator.words.terms import EN as EN_TERMS
from facilitator.words.terms import ZH as ZH_TERMS
from facilitator.words.terms import chinese_number as chinese_number

Language = Literal["zh", "en"]


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help screen: the keys and what they do."""

    keys: str
    does: str


@dataclass(frozen=True, eq=False, repr=False)
class Strings:
    """Everything the console says, in one language. ``{name}`` fields are filled by ``fmt``.

    There is one per language (``ZH``, ``EN``), told apart by identity (``words is ZH``), so
    no ``__eq__``, ``__hash__`` or ``__repr__`` over the ~180 fields is generated: compiling
    them cost the console's start-up about 2 ms, for methods nothing calls.
    """

    terms: Terms
    """The shared terms of the same language (vote words, how names are listed)."""
    # header
    wall_clock: str
    elapsed: str
    planned_end: str
    forecast_end: str
    over: str
    under: str
    on_time: str
    start_late: str
    """A meeting that began late against its planned start: ``{delta}`` in minutes."""
    start_early: str
    start_overdue: str
    """Not begun yet, and past its planned start."""
    minutes_long: str
    """A duration in minutes for the header: ``{minutes}``."""
    hours_long: str
    """A duration of an hour or more: ``{hours}``, ``{minutes}``."""
    pace: str
    paused_total: str
    # sidebar and parts
    agenda: str
    opening: str
    closing: str
    item: str
    item_short: str
    skipped: str
    # main panel
    press_to_start: str
    not_started_hint: str
    position: str
    next_label: str
    next_item_label: str
    next_depends_on_vote: str
    meeting_ends_next: str
    cue: str
    cue_wait: str
    cue_planned: str
    cue_no_plan: str
    vote_banner: str
    vote_recorded: str
    vote_passed: str
    vote_failed: str
    roll_call_banner: str
    roll_call_recorded: str
    quorum_met: str
    quorum_missing: str
    method: str
    rule: str
    sep: str
    rules: Mapping[Rule, str]
    bases: Mapping[Base, str]
    quorums: Mapping[Quorum, str]
    # footer and status
    key_bar: str
    key_bar_paused: str
    key_bar_ended: str
    refused: str
    journal_error: str
    journal_lost: str
    """The journal file vanished under the console: ``{rescued}`` holds every saved event."""
    journal_lost_idle: str
    """The same, found by the heartbeat or the quit question's check, with no action refused."""
    note_saved: str
    resumed: str
    """Shown once after ``--resume``: how long the program was down (``{gap}``) and how that
    was measured (``{how}``: the shared terms' ``gap_measured``)."""
    vote_saved: str
    roll_call_saved: str
    jumped: str
    undone: str
    reasons: Mapping[Reason, str]
    # dialogs
    vote_title: str
    motion: str
    present: str
    votes_for: str
    against: str
    abstain: str
    not_voting: str
    outcome_passes: str
    outcome_fails: str
    outcome_counts: str
    vote_keys: str
    roll_call_title: str
    roll_call_members: str
    roll_call_keys: str
    note_title: str
    note_placeholder: str
    note_keys: str
    jump_placeholder: str
    jump_here: str
    pause_title: str
    pause_clock: str
    pause_keys: str
    confirm_quit: str
    confirm_quit_unsaved: str
    """The last action failed to save (a full disk): ``{error}``, ``{path}``."""
    confirm_quit_lost: str
    """The journal file vanished; every saved event is in ``{rescued}``."""
    confirm_quit_lost_unrescued: str
    """The journal file vanished and no copy could be written: quitting loses the events."""
    note_not_saved: str
    """Shown in the note dialog, text kept, when saving the note failed: ``{error}``."""
    confirm_end: str
    confirm_undo_vote: str
    yes: str
    no: str
    help_title: str
    help_keys: tuple[KeyHelp, ...]
    help_marks: str
    help_close: str
    # end summary
    summary_title: str
    summary_early: str
    summary_part: str
    summary_planned: str
    summary_actual: str
    summary_over: str
    summary_votes: str
    summary_notes: str
    summary_total: str
    summary_paused: str
    summary_gross: str
    """Under the table: the gross time, breaks included (``{gross}``, ``{paused}``)."""
    summary_keys: str
    summary_record_code: str
    """The seal's hash, to copy onto the signed paper: ``{code}``."""
    summary_none: str
    # chair view
    chair_soon: str
    chair_cue_wait: str
    chair_vote_pending: str
    chair_roll_call_pending: str
    chair_journal_error: str

    # decisions without counts, elections, branches, the meeting's record
    decision_banner: str
    decision_rule: str
    decision_recorded: str
    decision_saved: str
    election_banner: str
    election_recorded: str
    election_none: str
    election_tied: str
    election_saved: str
    election_title: str
    office: str
    seats: str
    candidate_votes: str
    ballots_issued: str
    ballots_returned: str
    ballots_valid: str
    threshold: str
    election_verdict: str
    election_keys: str
    election_rules: Mapping[ElectionRule, str]
    confirm_undo_election: str
    branch_not_taken: str
    branch_passed: str
    branch_failed: str
    record_fields: Mapping[str, str]
    """Labels of the meeting's fields for the record: place, host, recorder, attendees …"""
    absent_reason: str
    # room display (facilitator serve)
    web_chair_title: str
    """The ``/chair`` page's title: ``{title}`` is the meeting's."""
    web_room_title: str
    """The ``/room`` page's title."""
    web_now: str
    web_results: str
    web_no_results: str
    web_reconnecting: str
    web_unreadable: str
    """Shown on the pages while the journal cannot be read: ``{error}``."""
    web_election_pending: str
    rehearsal_title: str
    """The header's title during a rehearsal (``run --rehearsal``): ``{title}``."""
    prepare_title: str
    """The prepare screen's header: ``{title}``."""
    prepare_unsaved: str
    prepare_comments_kept: str
    """Said in the header when the file has comments: they are kept on saving."""
    prepare_roles: Mapping[str, str]
    """A step's role by :class:`facilitator.agenda.document.Role` value."""
    prepare_keys: str
    prepare_problems_tab: str
    prepare_placeholders_tab: str
    prepare_review_tab: str
    prepare_no_problems: str
    prepare_no_placeholders: str
    prepare_review_empty: str
    """The review tab when the agenda was opened, not imported."""
    prepare_saved: str
    """``{name}`` (the file's name) and ``{warnings}``."""
    prepare_not_saved: str
    prepare_refused: str
    prepare_undone: str
    prepare_nothing_to_undo: str
    prepare_quit_unsaved: str
    prepare_split_title: str
    prepare_split_keys: str
    prepare_fill_title: str
    """``{mark}`` and ``{context}``."""
    prepare_fill_value: str
    prepare_fill_name: str
    prepare_fill_every: str
    """``{count}`` places with the same context."""
    prepare_fill_keys: str
    prepare_filled: str
    prepare_meeting_title: str
    prepare_meeting_fields: Mapping[str, str]
    prepare_dialog_keys: str
    prepare_field_labels: Mapping[str, str]
    prepare_details_keys: str
    prepare_item: str
    """The item a selected step belongs to: ``{no}`` and ``{title}``."""
    prepare_edited: str
    prepare_no_rehearsals: str
    prepare_plan_same: str
    prepare_plan_ask: str
    """Asked before setting planned times: ``{count}`` changes from ``{rehearsals}``."""
    prepare_planned: str
    # facilitator examples (the command-line, in the system's language)
    examples_heading: str
    examples_shows: Mapping[str, str]
    """What each bundled example shows, by its file name."""
    examples_copy_hint: str
    """How to copy them out: ``{program}``."""
    examples_copied: str
    """``{path}`` written."""
    examples_next: str
    """What to do with a copied example: ``{program}`` and ``{path}``."""
    examples_exists: str
    examples_not_file: str
    examples_not_folder: str

    def fmt(self, template: str, **values: object) -> str:
        """Fill ``{name}`` fields; a field with no value is left as written."""
        return template.format_map(_Lenient(values))

    def duration_long(self, seconds: float) -> str:
        """Whole minutes for a person: 10 分钟, 1 小时 05 分."""
        whole = round(abs(seconds) / 60)
        if whole < 60:
            return self.fmt(self.minutes_long, minutes=whole)
        hours, rest = divmod(whole, 60)
        return self.fmt(self.hours_long, hours=hours, minutes=f"{rest:02d}")

    def reason(self, reason: Reason, details: Mapping[str, Any] | None = None) -> str:
        """A refusal, in words, with its numbers."""
        return self.fmt(self.reasons[reason], **dict(details or {}))

    def vote_result(self, outcome: VoteOutcome, method: str | None) -> str:
        """A recorded vote as every view says it: the counts and whether it carried, or, for a
        decision without counts, whether it carried and how (``method``)."""
        result = self.vote_passed if outcome.passed else self.vote_failed
        if not outcome.counted:
            return self.fmt(self.decision_recorded, result=result, method=method or "-")
        return self.fmt(
            self.vote_recorded,
            for_=outcome.for_,
            against=outcome.against,
            abstain=outcome.abstain,
            present=outcome.present,
            result=result,
        )

    def election_result(self, count: ElectionCount) -> str:
        """Who a count elects, and who is tied for a seat, as every view says it."""
        elected = self.terms.join(count.elected) or self.election_none
        said = self.fmt(self.election_recorded, elected=elected)
        if count.tied:
            said += "  " + self.fmt(self.election_tied, tied=self.terms.join(count.tied))
        return said


class _Lenient(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


ZH = Strings(
    terms=ZH_TERMS,
    wall_clock="时间",
    elapsed="已用",
    planned_end="计划结束",
    forecast_end="预计结束",
    over="超时 {delta}",
    under="提前 {delta}",
    on_time="准时",
    start_late="晚开 {delta}",
    start_early="早开 {delta}",
    start_overdue="已晚 {delta}",
    minutes_long="{minutes} 分钟",
    hours_long="{hours} 小时 {minutes} 分",
    pace="语速 {cpm} 字/分",
    paused_total="休会 {clock}",
    agenda="议程",
    opening="开场",
    closing="结束",
    item="第{no}项",
    item_short="{no}",
    skipped="跳过",
    press_to_start="按空格键开始会议",
    not_started_hint="会议尚未开始。计划 {start} 开始，{minutes} 分钟。",
    position="第 {k} 步，共 {n} 步",
    next_label="下一句",
    next_item_label="下一项 {part}",
    next_depends_on_vote="(取决于表决结果)",
    meeting_ends_next="下一步：会议结束",
    cue="（{cue}）",
    cue_wait="等待发言结束，按空格继续",
    cue_planned="计划 {planned}",
    cue_no_plan="未定时长",
    vote_banner="表决：按 v 录入表决结果",
    vote_recorded="已表决：赞成 {for_}，反对 {against}，弃权 {abstain}，实到 {present}：{result}",
    vote_passed=ZH_TERMS.carried,
    vote_failed=ZH_TERMS.not_carried,
    roll_call_banner="点名：按 v 录入实到人数",
    roll_call_recorded="已录入：实到 {present} 人",
    quorum_met="符合规定人数",
    quorum_missing="未达到规定人数({quorum})，会议是否继续由主持人决定",
    method="方式",
    rule="规则",
    sep="：",
    rules={
        Rule.MAJORITY: "过半数通过",
        Rule.TWO_THIRDS: "三分之二以上通过",
        Rule.UNANIMOUS: "全体一致通过",
    },
    bases={Base.PRESENT: "以实到人数计", Base.MEMBERS: "以应到人数计"},
    quorums={Quorum.MAJORITY: "过半数", Quorum.TWO_THIRDS: "三分之二"},
    key_bar="空格 下一步  <- 撤销  v 表决/点名  p 休会  n 笔记  j 跳转  ? 帮助  q 退出",
    key_bar_paused="p 继续会议  n 笔记  q 退出",
    key_bar_ended="<- 撤销结束  q 退出",
    refused="不能执行：{reason}",
    journal_error="错误：未能写入日志，操作没有生效。{error}",
    journal_lost=(
        "错误：日志文件在会议中被删除或替换，操作没有生效，此后也无法保存。已保存的全部记录在 "
        "{rescued}。请按 q 退出，再用 --resume --journal 该文件继续。"
    ),
    journal_lost_idle=(
        "错误：日志文件在会议中被删除或替换，此后无法保存。已保存的全部记录在 "
        "{rescued}。请按 q 退出，再用 --resume --journal 该文件继续。"
    ),
    note_saved="笔记已保存。",
    resumed="已从记录恢复，中断 {gap}{how}；会议从中断处继续。",
    vote_saved="表决结果已记录，按空格宣布结果。",
    roll_call_saved="实到人数已记录。",
    jumped="已跳转到{part}。",
    undone="已撤销。",
    reasons={
        Reason.NOT_STARTED: "会议尚未开始，按空格键开始。",
        Reason.ALREADY_STARTED: "会议已经开始。",
        Reason.ENDED: "会议已结束。",
        Reason.PAUSED: "正在休会，按 p 继续会议后再操作。",
        Reason.NOT_PAUSED: "现在没有休会。",
        Reason.NOTHING_TO_UNDO: "没有可以撤销的操作。",
        Reason.VOTE_NOT_RECORDED: "尚未录入表决结果，按 v 录入后才能继续。",
        Reason.ROLL_CALL_NOT_RECORDED: "尚未录入实到人数，按 v 录入后才能继续。",
        Reason.NOT_A_VOTE: "当前步骤不是表决。",
        Reason.NOT_A_ROLL_CALL: "当前步骤不是点名。",
        Reason.PRESENT_UNKNOWN: "不知道实到人数，请填写。",
        Reason.PRESENT_TOO_FEW: "实到人数至少为 1。",
        Reason.PRESENT_ABOVE_MEMBERS: "实到 {present} 人，多于应到 {members} 人。",
        Reason.VOTES_EXCEED_PRESENT: "票数合计 {votes}，多于实到 {present} 人。",
        Reason.NEGATIVE_COUNT: "人数不能是负数。",
        Reason.MEMBERS_UNKNOWN: "议程未写应到人数(members)，无法按应到人数计算。",
        Reason.NO_SUCH_PART: "没有这一项议程。",
        Reason.EMPTY_NOTE: "笔记是空的，没有保存。",
        Reason.DECISION_NOT_RECORDED: "尚未录入决定结果：通过按 y，未通过按 f。",
        Reason.ELECTION_NOT_RECORDED: "尚未录入选举结果，按 v 录入后才能继续。",
        Reason.NOT_COUNTED: "这项决定不计票：通过按 y，未通过按 f。",
        Reason.COUNTED: "这项表决要计票，按 v 录入票数。",
        Reason.NOTHING_TO_RECORD: "当前步骤没有要录入的结果。",
        Reason.BALLOTS_MISSING: "请填写发出、收回和有效选票数。",
        Reason.RETURNED_ABOVE_ISSUED: "收回 {returned} 张，多于发出 {issued} 张，选举无效。",
        Reason.VALID_ABOVE_RETURNED: "有效 {valid} 张，多于收回 {returned} 张。",
        Reason.ISSUED_ABOVE_PRESENT: "发出 {issued} 张，多于实到 {present} 人。",
        Reason.CANDIDATE_VOTES_ABOVE_VALID: "{name} 得 {votes} 票，多于有效票 {valid} 张。",
        Reason.VOTES_ABOVE_BALLOTS: "得票合计 {votes}，多于选票所能投出的 {most} 票。",
        Reason.WRONG_CANDIDATES: "应有 {expected} 名候选人的票数，收到 {given} 个。",
    },
    vote_title="录入表决结果",
    motion="表决事项",
    present=ZH_TERMS.present,
    votes_for=ZH_TERMS.for_,
    against=ZH_TERMS.against,
    abstain=ZH_TERMS.abstain,
    not_voting="未表决 {count}",
    outcome_passes="结果：通过",
    outcome_fails="结果：未通过",
    outcome_counts="(赞成 {for_} / 基数 {base}，{rule})",
    vote_keys="数字录入  Tab/上下 切换  u 全票赞成  Enter 确认  Esc 取消",
    roll_call_title="录入实到人数",
    roll_call_members="应到 {members} 人",
    roll_call_keys="Enter 确认  Esc 取消",
    note_title="会议笔记",
    note_placeholder="写下要记入纪要的内容",
    note_keys="Enter 保存  Esc 取消",
    jump_placeholder="跳转到哪一项议程?",
    jump_here="(当前)",
    pause_title="休会中",
    pause_clock="已休会 {clock}",
    pause_keys="p 继续会议  n 笔记  q 退出",
    confirm_quit="退出控制台?日志已保存，可用 --resume 继续。",
    confirm_quit_unsaved="最后一次操作没有保存（{error}）；此前的操作都已保存在 {path}。退出?",
    confirm_quit_lost=(
        "日志文件在会议中被删除或替换，之后的操作都没有保存。已保存的全部记录在 {rescued}，"
        "退出后用 --resume --journal {rescued} 继续。退出?"
    ),
    confirm_quit_lost_unrescued=(
        "日志文件在会议中被删除或替换，且无法另存：已保存的记录只在本程序中，退出即丢失。"
        "请先腾出磁盘空间或联系技术人员。仍要退出?"
    ),
    note_not_saved="笔记没有保存：{error}。文字仍在，可按 Enter 重试或 Esc 放弃。",
    confirm_end="现在结束会议?",
    confirm_undo_vote="撤销已录入的表决结果?",
    yes="是 (y)",
    no="否 (n)",
    help_title="按键说明",
    help_keys=(
        KeyHelp("空格 / Enter / ->", "下一步(在最后一步时结束会议)"),
        KeyHelp("<- / Backspace", "撤销上一步(撤销表决前先确认)"),
        KeyHelp("v", "在表决、选举或点名处录入结果"),
        KeyHelp("y / f", "不计票的决定(鼓掌、表态、口头)：y 通过，f 未通过"),
        KeyHelp("p", "休会 / 继续会议(休会时间不计入议程)"),
        KeyHelp("n", "写会议笔记(立即保存)"),
        KeyHelp("j", "跳转到某项议程(跳过的议程会被记录)"),
        KeyHelp("上 / 下 / PgUp / PgDn", "段落过长时滚动"),
        KeyHelp("Ctrl+E", "提前结束会议(先确认)"),
        KeyHelp("?", "本帮助"),
        KeyHelp("q", "退出(先确认；日志已保存)"),
        KeyHelp("表决对话框", "数字录入，Tab/上下切换，u 全票赞成，Enter 确认，Esc 取消"),
        KeyHelp("选举对话框", "发出、收回、有效选票和每位候选人得票，Tab 切换，Enter 确认"),
    ),
    help_marks="议程标记：+ 已完成  > 进行中  x 已跳过；超时的议程以警示色显示。",
    help_close="Esc 关闭",
    summary_title="会议结束",
    summary_early="会议提前结束",
    summary_part="议程",
    summary_planned="计划",
    summary_actual="实际",
    summary_over="差额",
    summary_votes="表决",
    summary_notes="笔记",
    summary_total="合计",
    summary_paused="其中休会 {clock}",
    summary_gross="历时 {gross}（其中休会 {paused}）",
    summary_keys="<- 撤销结束  q 退出",
    summary_record_code="记录校验码：{code}",
    summary_none="无",
    chair_soon="会议即将开始",
    chair_cue_wait="发言进行中",
    chair_vote_pending="表决进行中",
    chair_roll_call_pending="正在清点人数",
    chair_journal_error="日志暂时无法读取，等待下次写入：{error}",
    decision_banner="不计票的决定：通过按 y，未通过按 f",
    decision_rule="不计票，只记录结果",
    decision_recorded="已记录：{result}（{method}）",
    decision_saved="决定已记录，按空格继续。",
    election_banner="选举：按 v 录入选票和得票",
    election_recorded="已计票：当选 {elected}",
    election_none="无人当选",
    election_tied="得票相等：{tied}，须另行投票",
    election_saved="选举结果已记录，按空格宣布结果。",
    election_title="录入选举结果",
    office="选举事项",
    seats="应选 {seats} 名",
    candidate_votes="候选人得票",
    ballots_issued="发出",
    ballots_returned="收回",
    ballots_valid="有效",
    threshold="当选须得 {threshold} 票以上(基数 {base}，{rule})",
    election_verdict="当选：{elected}",
    election_keys="数字录入  Tab/上下 切换  Enter 确认  Esc 取消",
    election_rules={ElectionRule.MAJORITY: "过半数", ElectionRule.TWO_THIRDS: "三分之二以上"},
    confirm_undo_election="撤销已录入的选举结果?",
    branch_not_taken="未执行：{motion}{branch}",
    branch_passed="通过后的步骤",
    branch_failed="未通过时的步骤",
    record_fields=ZH_TERMS.record_fields,
    absent_reason="{name}({reason})",
    web_chair_title="{title} - 主持词",
    web_room_title="{title} - 会场",
    web_now="当前议程",
    web_results="表决结果",
    web_no_results="尚无表决结果",
    web_reconnecting="连接中断，正在重新连接",
    web_unreadable="日志暂时无法读取：{error}",
    web_election_pending="选举进行中",
    rehearsal_title="【彩排】{title}",
    prepare_title="会前准备：{title}",
    prepare_unsaved="未保存",
    prepare_comments_kept="保存时保留文件中的注释和顺序",
    prepare_roles={
        "opening": "开场",
        "item_start": "议程开始",
        "line": "正文",
        "cue": "提示",
        "roll_call": "点名",
        "vote": "表决",
        "election": "选举",
        "branch": "分支",
        "closing": "结束语",
    },
    prepare_keys=(
        "o开场 i议程 l正文 c提示 r点名 v表决 e选举 b分支 x结束语 "
        "s拆分 j合并 [ ]移边界 u撤销 f会议信息 p按彩排定时 1问题 2占位符 3核对 ctrl+s保存 q退出"
    ),
    prepare_problems_tab="1 问题 {count}",
    prepare_placeholders_tab="2 占位符 {count}",
    prepare_review_tab="3 导入核对 {count}",
    prepare_no_problems="check 没有发现问题",
    prepare_no_placeholders="没有未填的占位符",
    prepare_review_empty="从议程文件打开，没有导入核对项",
    prepare_saved="已保存 {name}（{warnings} 条提示）",
    prepare_not_saved="未保存：{problem}",
    prepare_refused="不能修改：{reason}",
    prepare_undone="已撤销上一步修改",
    prepare_nothing_to_undo="没有可撤销的修改",
    prepare_quit_unsaved="有未保存的修改，不保存就退出?",
    prepare_split_title="拆分：把光标移到拆分处，按回车",
    prepare_split_keys="左/右 移动光标  回车 拆分  Esc 取消",
    prepare_fill_title="填写占位符 {mark}：{context}",
    prepare_fill_value="填入",
    prepare_fill_name="字段名（可不填；填了则存入 meeting.names）",
    prepare_fill_every="同一上下文的全部 {count} 处",
    prepare_fill_keys="Tab 切换  空格 勾选  回车 填写  Esc 取消",
    prepare_filled="已填写 {count} 处",
    prepare_meeting_title="会议信息",
    prepare_meeting_fields={
        "title": "会议名称",
        "date": "日期",
        "planned_start": "开始时间",
        "members": "应到人数",
        **ZH_TERMS.record_fields,
    },
    prepare_dialog_keys="Tab 切换  回车 保存  Esc 取消",
    prepare_field_labels={
        "title": "议程名称",
        "line": "文字",
        "planned": "计划时长",
        "cue": "提示",
        "who": "发言人",
        "roll_call": "点名词",
        "quorum": "法定人数",
        "vote": "表决事项",
        "method": "方式",
        "rule": "规则",
        "of": "基数",
        "counted": "计票",
        "passed": "通过时",
        "failed": "未通过时",
        "election": "选举事项",
        "seats": "名额",
        "candidates": "候选人",
        "elected": "当选词",
    },
    prepare_details_keys="回车 保存此项  Esc 回到列表",
    prepare_item="第{no}项：{title}",
    prepare_edited="已修改",
    prepare_no_rehearsals="没有这份议程（打开时的版本）的彩排日志：先用 run --rehearsal 彩排",
    prepare_plan_same="计划时间已与彩排一致",
    prepare_plan_ask="按 {rehearsals} 次彩排的中位数改写 {count} 个计划时间?",
    prepare_planned="已按彩排改写 {count} 个计划时间（u 可撤销）",
    examples_heading="自带的示例议程（文件名、会议名称、示范的内容）：",
    examples_shows={
        "leading-group-first-meeting.yaml": "汇报，审议制度文件并表决，通过后才念的段落（分支）",
        "branch-committee-election.yaml": "换届选举：举手表决选举办法，鼓掌通过监票人，投票和当选",
    },
    examples_copy_hint="复制到一个文件夹，改成自己的会议：{program} examples 文件夹",
    examples_copied="已复制 {path}",
    examples_next="下一步（核对、填写姓名和时间）：{program} prepare {path}",
    examples_exists="{path}: 已存在，没有覆盖；确认要覆盖请加 --force",
    examples_not_file="{path}: 不是普通文件，不会替换",
    examples_not_folder="{path}: 不是文件夹",
)

EN = Strings(
    terms=EN_TERMS,
    wall_clock="Time",
    elapsed="Elapsed",
    planned_end="Planned end",
    forecast_end="Forecast",
    over="{delta} over",
    under="{delta} under",
    on_time="on time",
    start_late="started {delta} late",
    start_early="started {delta} early",
    start_overdue="{delta} late to start",
    minutes_long="{minutes} min",
    hours_long="{hours} h {minutes} min",
    pace="pace {cpm} chars/min",
    paused_total="paused {clock}",
    agenda="Agenda",
    opening="Opening",
    closing="Closing",
    item="Item {no}",
    item_short="{no}",
    skipped="skipped",
    press_to_start="Press space to start the meeting",
    not_started_hint="The meeting has not started. Planned start {start}, {minutes} minutes.",
    position="step {k} of {n}",
    next_label="Next",
    next_item_label="Next: {part}",
    next_depends_on_vote="(depends on the vote)",
    meeting_ends_next="Next: the meeting ends",
    cue="({cue})",
    cue_wait="Waiting for the speaker; press space to go on",
    cue_planned="planned {planned}",
    cue_no_plan="no planned time",
    vote_banner="Vote: press v to record the result",
    vote_recorded=(
        "Recorded: for {for_}, against {against}, abstain {abstain}, present {present}: {result}"
    ),
    vote_passed=EN_TERMS.carried,
    vote_failed=EN_TERMS.not_carried,
    roll_call_banner="Roll call: press v to enter the number present",
    roll_call_recorded="Recorded: {present} present",
    quorum_met="quorum met",
    quorum_missing="no quorum ({quorum}); the chair decides whether to go on",
    method="Method",
    rule="Rule",
    sep=": ",
    rules={
        Rule.MAJORITY: "majority",
        Rule.TWO_THIRDS: "two thirds",
        Rule.UNANIMOUS: "unanimous",
    },
    bases={Base.PRESENT: "of those present", Base.MEMBERS: "of all members"},
    quorums={Quorum.MAJORITY: "a majority", Quorum.TWO_THIRDS: "two thirds"},
    key_bar=("space next  <- undo  v vote/roll call  p pause  n note  j jump  ? help  q quit"),
    key_bar_paused="p resume  n note  q quit",
    key_bar_ended="<- undo the end  q quit",
    refused="Refused: {reason}",
    journal_error="Error: the journal was not written; nothing happened. {error}",
    journal_lost=(
        "Error: the journal file was deleted or replaced during the meeting; nothing happened, "
        "and nothing more can be saved. Every saved event is in {rescued}: press q, then "
        "continue with --resume --journal that file."
    ),
    journal_lost_idle=(
        "Error: the journal file was deleted or replaced during the meeting; nothing more can "
        "be saved. Every saved event is in {rescued}: press q, then continue with "
        "--resume --journal that file."
    ),
    note_saved="Note saved.",
    resumed=(
        "Resumed from the journal after a gap of {gap}{how}; the meeting goes on where it was."
    ),
    vote_saved="Vote recorded; press space for the result.",
    roll_call_saved="Attendance recorded.",
    jumped="Jumped to {part}.",
    undone="Undone.",
    reasons={
        Reason.NOT_STARTED: "The meeting has not started; press space to start.",
        Reason.ALREADY_STARTED: "The meeting has already started.",
        Reason.ENDED: "The meeting has ended.",
        Reason.PAUSED: "The meeting is paused; press p to resume first.",
        Reason.NOT_PAUSED: "The meeting is not paused.",
        Reason.NOTHING_TO_UNDO: "There is nothing to undo.",
        Reason.VOTE_NOT_RECORDED: "The vote is not recorded yet; press v to record it.",
        Reason.ROLL_CALL_NOT_RECORDED: "Attendance is not recorded yet; press v to enter it.",
        Reason.NOT_A_VOTE: "This step is not a vote.",
        Reason.NOT_A_ROLL_CALL: "This step is not a roll call.",
        Reason.PRESENT_UNKNOWN: "The number present is unknown; enter it.",
        Reason.PRESENT_TOO_FEW: "At least 1 member must be present.",
        Reason.PRESENT_ABOVE_MEMBERS: "{present} present is more than the {members} members.",
        Reason.VOTES_EXCEED_PRESENT: "{votes} votes is more than the {present} present.",
        Reason.NEGATIVE_COUNT: "A count cannot be negative.",
        Reason.MEMBERS_UNKNOWN: "The agenda does not say how many members there are.",
        Reason.NO_SUCH_PART: "There is no such agenda item.",
        Reason.EMPTY_NOTE: "The note is empty; nothing saved.",
        Reason.DECISION_NOT_RECORDED: "The decision is not recorded: y if carried, f if not.",
        Reason.ELECTION_NOT_RECORDED: "The election is not recorded yet; press v to record it.",
        Reason.NOT_COUNTED: "This decision is not counted: y if carried, f if not.",
        Reason.COUNTED: "This vote is counted; press v to enter the counts.",
        Reason.NOTHING_TO_RECORD: "There is nothing to record at this step.",
        Reason.BALLOTS_MISSING: "Enter the ballots issued, returned and valid.",
        Reason.RETURNED_ABOVE_ISSUED: (
            "{returned} ballots returned, more than the {issued} issued: the election is void."
        ),
        Reason.VALID_ABOVE_RETURNED: "{valid} valid ballots, more than the {returned} returned.",
        Reason.ISSUED_ABOVE_PRESENT: "{issued} ballots issued, more than the {present} present.",
        Reason.CANDIDATE_VOTES_ABOVE_VALID: "{name} has {votes} votes, more than {valid} valid.",
        Reason.VOTES_ABOVE_BALLOTS: "{votes} votes in all, more than the ballots allow ({most}).",
        Reason.WRONG_CANDIDATES: "Expected votes for {expected} candidates, got {given}.",
    },
    vote_title="Record the vote",
    motion="Motion",
    present=EN_TERMS.present,
    votes_for=EN_TERMS.for_,
    against=EN_TERMS.against,
    abstain=EN_TERMS.abstain,
    not_voting="not voting {count}",
    outcome_passes="Outcome: carried",
    outcome_fails="Outcome: not carried",
    outcome_counts="({for_} for of {base}, {rule})",
    vote_keys="digits  Tab/up/down move  u unanimous  Enter confirm  Esc cancel",
    roll_call_title="Enter the number present",
    roll_call_members="{members} members",
    roll_call_keys="Enter confirm  Esc cancel",
    note_title="Note",
    note_placeholder="What should go into the minutes",
    note_keys="Enter save  Esc cancel",
    jump_placeholder="Jump to which agenda item?",
    jump_here="(current)",
    pause_title="Paused",
    pause_clock="paused for {clock}",
    pause_keys="p resume  n note  q quit",
    confirm_quit="Quit the console? The journal is saved; --resume continues it.",
    confirm_quit_unsaved=(
        "The last action was NOT saved ({error}); everything before it is saved in {path}. Quit?"
    ),
    confirm_quit_lost=(
        "The journal file was deleted or replaced during the meeting; nothing since was saved. "
        "Every saved event is in {rescued}: continue with --resume --journal {rescued}. Quit?"
    ),
    confirm_quit_lost_unrescued=(
        "The journal file was deleted or replaced and no copy could be written: the saved "
        "events exist only in this program and are lost on quitting. Free some disk space or "
        "get help first. Quit anyway?"
    ),
    note_not_saved=(
        "The note was NOT saved: {error}. The text is kept: enter retries, escape drops it."
    ),
    confirm_end="End the meeting now?",
    confirm_undo_vote="Undo the recorded vote?",
    yes="Yes (y)",
    no="No (n)",
    help_title="Keys",
    help_keys=(
        KeyHelp("space / enter / right", "next step (at the last step, end the meeting)"),
        KeyHelp("left / backspace", "undo the last step (asks before undoing a vote)"),
        KeyHelp("v", "record the vote, the election or the roll call at this step"),
        KeyHelp("y / f", "a decision without counts (applause, positions, voice): carried / not"),
        KeyHelp("p", "pause / resume (paused time is not item time)"),
        KeyHelp("n", "write a note (saved at once)"),
        KeyHelp("j", "jump to an agenda item (passed-over items are recorded)"),
        KeyHelp("up / down / pgup / pgdn", "scroll a long paragraph"),
        KeyHelp("ctrl+e", "end the meeting early (asks first)"),
        KeyHelp("?", "this help"),
        KeyHelp("q", "quit (asks first; the journal is saved)"),
        KeyHelp("vote dialog", "digits, Tab/up/down move, u unanimous, enter confirm, esc cancel"),
        KeyHelp("election dialog", "ballots issued, returned, valid, votes each; Tab; enter"),
    ),
    help_marks="Agenda marks: + done  > current  x skipped; an item over time turns amber.",
    help_close="Esc close",
    summary_title="The meeting has ended",
    summary_early="The meeting ended early",
    summary_part="Item",
    summary_planned="Planned",
    summary_actual="Actual",
    summary_over="Over",
    summary_votes="Votes",
    summary_notes="Notes",
    summary_total="Total",
    summary_paused="of which paused {clock}",
    summary_gross="Gross {gross} (of which breaks {paused})",
    summary_keys="<- undo the end  q quit",
    summary_record_code="Record code (记录校验码): {code}",
    summary_none="none",
    chair_soon="The meeting is about to begin",
    chair_cue_wait="The speaker has the floor",
    chair_vote_pending="The vote is being taken",
    chair_roll_call_pending="Counting those present",
    chair_journal_error="The journal cannot be read; waiting for the next write: {error}",
    decision_banner="Decision without counts: y if carried, f if not",
    decision_rule="not counted; only the outcome is recorded",
    decision_recorded="Recorded: {result} ({method})",
    decision_saved="Decision recorded; press space to go on.",
    election_banner="Election: press v to record the ballots and votes",
    election_recorded="Counted: elected {elected}",
    election_none="nobody",
    election_tied="tied: {tied}; another ballot is needed",
    election_saved="Election recorded; press space to announce the result.",
    election_title="Record the election",
    office="Election",
    seats="{seats} seat(s)",
    candidate_votes="Votes per candidate",
    ballots_issued="Issued",
    ballots_returned="Returned",
    ballots_valid="Valid",
    threshold="Needs {threshold} votes (of {base}, {rule})",
    election_verdict="Elected: {elected}",
    election_keys="digits  Tab/up/down between fields  Enter confirm  Esc cancel",
    election_rules={ElectionRule.MAJORITY: "majority", ElectionRule.TWO_THIRDS: "two thirds"},
    confirm_undo_election="Undo the recorded election?",
    branch_not_taken="not taken: {motion} {branch}",
    branch_passed="(if carried)",
    branch_failed="(if not carried)",
    record_fields=EN_TERMS.record_fields,
    absent_reason="{name} ({reason})",
    web_chair_title="{title} - chair",
    web_room_title="{title} - room",
    web_now="Now",
    web_results="Results",
    web_no_results="No results yet",
    web_reconnecting="Connection lost, reconnecting",
    web_unreadable="The journal cannot be read just now: {error}",
    web_election_pending="The ballots are being counted",
    rehearsal_title="[REHEARSAL] {title}",
    prepare_title="Preparing: {title}",
    prepare_unsaved="unsaved",
    prepare_comments_kept="comments and key order are kept on saving",
    prepare_roles={
        "opening": "opening",
        "item_start": "item",
        "line": "line",
        "cue": "cue",
        "roll_call": "roll call",
        "vote": "vote",
        "election": "election",
        "branch": "branch",
        "closing": "closing",
    },
    prepare_keys=(
        "o opening i item l line c cue r roll call v vote e election b branch x closing "
        "s split j join [ ] boundary u undo f meeting p plan 1 problems 2 placeholders 3 review "
        "ctrl+s save q quit"
    ),
    prepare_problems_tab="1 Problems {count}",
    prepare_placeholders_tab="2 Placeholders {count}",
    prepare_review_tab="3 Import review {count}",
    prepare_no_problems="check finds no problems",
    prepare_no_placeholders="No unfilled placeholders",
    prepare_review_empty="Opened from an agenda: nothing from an import to review",
    prepare_saved="Saved {name} ({warnings} warnings)",
    prepare_not_saved="Not saved: {problem}",
    prepare_refused="Cannot edit: {reason}",
    prepare_undone="Undid the last edit",
    prepare_nothing_to_undo="Nothing to undo",
    prepare_quit_unsaved="Quit without saving your edits?",
    prepare_split_title="Split: put the cursor where the line splits, press Enter",
    prepare_split_keys="left/right move  Enter split  Esc cancel",
    prepare_fill_title="Fill placeholder {mark}: {context}",
    prepare_fill_value="Value",
    prepare_fill_name="Field name (optional; stored in meeting.names)",
    prepare_fill_every="All {count} with the same context",
    prepare_fill_keys="Tab next  Space tick  Enter fill  Esc cancel",
    prepare_filled="Filled {count}",
    prepare_meeting_title="Meeting",
    prepare_meeting_fields={
        "title": "Title",
        "date": "Date",
        "planned_start": "Starts at",
        "members": "Members",
        **EN_TERMS.record_fields,
    },
    prepare_dialog_keys="Tab next  Enter save  Esc cancel",
    prepare_field_labels={
        "title": "Item title",
        "line": "Words",
        "planned": "Planned",
        "cue": "Cue",
        "who": "Who",
        "roll_call": "Roll call",
        "quorum": "Quorum",
        "vote": "Motion",
        "method": "Method",
        "rule": "Rule",
        "of": "Of",
        "counted": "Counted",
        "passed": "If carried",
        "failed": "If not",
        "election": "Office",
        "seats": "Seats",
        "candidates": "Candidates",
        "elected": "Result line",
    },
    prepare_details_keys="Enter save this field  Esc back to the list",
    prepare_item="Item {no}: {title}",
    prepare_edited="Edited",
    prepare_no_rehearsals=(
        "No rehearsal journal of this agenda (as opened): rehearse with run --rehearsal"
    ),
    prepare_plan_same="The planned times already match the rehearsals",
    prepare_plan_ask="Set {count} planned times from the median of {rehearsals} rehearsals?",
    prepare_planned="Set {count} planned times from the rehearsals (u undoes)",
    examples_heading="Bundled example agendas (file, meeting, what it shows):",
    examples_shows={
        "leading-group-first-meeting.yaml": "a report, rules put to a vote, a branch if they pass",
        "branch-committee-election.yaml": (
            "a committee election: rules by a show of hands, scrutineers, the ballot"
        ),
    },
    examples_copy_hint="Copy them into a folder to start your own: {program} examples DIR",
    examples_copied="wrote {path}",
    examples_next="next (check it, fill names and times): {program} prepare {path}",
    examples_exists="{path}: already exists; use --force to overwrite",
    examples_not_file="{path}: not a regular file; not replaced",
    examples_not_folder="{path}: is not a folder",
)

STRINGS: Mapping[Language, Strings] = {"zh": ZH, "en": EN}
"""The console's words by the agenda's ``meeting.language``."""

_NUMERALS = {digit: value for value, digit in enumerate(DIGITS) if digit}
_ITEM_NUMBER = re.compile(
    r"^\s*(?:第|item|no\.?|#)?\s*([0-9０-９]+|[一二三四五六七八九十两]+)\s*(?:项|项议程)?\s*$",
    re.IGNORECASE,
)


def parse_item_number(text: str) -> int | None:
    """The agenda item a person means by ``4``, ``四``, ``第四项``, ``第4项``, ``十二`` or
    ``Item 4``; None if ``text`` is not such a number."""
    match = _ITEM_NUMBER.match(text)
    if match is None:
        return None
    numeral = match.group(1)
    if numeral[0].isdigit():
        return int(numeral)  # int() reads full-width digits too
    numeral = numeral.replace("两", "二")
    if "十" not in numeral:
        return _NUMERALS[numeral] if len(numeral) == 1 else None
    head, _, tail = numeral.partition("十")
    if len(head) > 1 or len(tail) > 1 or "十" in tail:
        return None
    tens = _NUMERALS[head] if head else 1
    return tens * 10 + (_NUMERALS[tail] if tail else 0)


def strings(language: str) -> Strings:
    """The strings for a language, Chinese when it is not known."""
    return EN if language == "en" else ZH


def part_name(words: Strings, kind: str, no: int | None, title: str | None) -> str:
    """How a part is named: 开场, 第一项 title, 结束 (or Opening, Item 1 title, Closing)."""
    if kind == "opening":
        return words.opening
    if kind == "closing":
        return words.closing
    number = (ZH_TERMS if words is ZH else EN_TERMS).item_number(no)
    label = words.fmt(words.item, no=number)
    return f"{label} {title}" if title else label


def clock(seconds: float) -> str:
    """A stopwatch: 5:07, 12:00, 1:02:03 (negative as -0:30)."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def minutes(seconds: float) -> str:
    """Whole minutes, rounded: 14.6 min → 15."""
    return str(round(seconds / 60))


def record_lines(words: Strings, meeting: Meeting) -> list[str]:
    """The meeting's fields for the record that the agenda gives, one line each: 地点：…"""
    sep = "、" if words.sep == "：" else ", "
    values: dict[str, str] = {}
    for key in ("place", "host", "recorder"):
        value = getattr(meeting, key)
        if value:
            values[key] = value
    for key in ("attendees", "observers"):
        names = getattr(meeting, key)
        if names:
            values[key] = sep.join(names)
    if meeting.absent:
        values["absent"] = sep.join(
            words.fmt(words.absent_reason, name=a.name, reason=a.reason) if a.reason else a.name
            for a in meeting.absent
        )
    labels = words.record_fields
    return [f"{labels[key]}{words.sep}{value}" for key, value in values.items()]

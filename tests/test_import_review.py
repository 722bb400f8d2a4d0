"""The review list: every guess of an import, with its line in the script; --json for machines.

Also one test per convention of the pattern table that the corpus does not pin down alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.importer import parse_paragraphs
from facilitator.importer.review import import_with_review, paragraph_lines

CORPUS = Path(__file__).parent / "data" / "corpus"
SEED = Path(__file__).parent / "data" / "scripts" / "leading-group-first-meeting.txt"


def test_every_vote_rule_who_and_branch_end_is_on_the_review_list_with_its_line() -> None:
    _, notes = import_with_review(SEED)
    kinds = {(note.line, note.kind) for note in notes}
    # The seed has a blank line after its title: the vote's result is line 14, its branch 15.
    assert (14, "rule") in kinds
    assert (15, "branch") in kinds
    assert (8, "who") in kinds
    assert (7, "item") in kinds  # titled from the overview, not from the announcement


def test_a_rule_carried_from_a_stated_procedure_names_the_line_it_comes_from() -> None:
    _, notes = import_with_review(CORPUS / "workers-congress.txt")
    rules = [note.message for note in notes if note.kind == "rule"]
    assert rules[0] == "vote rule two_thirds, carried from line 5"


def test_lines_follow_the_file_through_blank_lines_and_crlf() -> None:
    path = CORPUS / "union-committee-gbk.txt"
    _, notes = import_with_review(path)
    assert min(note.line for note in notes) == 4  # the roll call, after the title and a blank


def test_paragraph_lines_of_a_text_file_skip_blank_lines(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("标题的主持词\n\n同志们：\n\n\n进行第一项议程。\n", encoding="utf-8")
    assert paragraph_lines(script, ["标题的主持词", "同志们：", "进行第一项议程。"]) == [1, 3, 6]


def test_import_prints_the_review_list_on_stderr_and_the_yaml_on_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = CORPUS / "board-meeting.txt"
    assert main(["import", str(script)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("version: 1")
    assert f"{script}:17: check rule: vote rule unanimous, carried from line 5" in captured.err


def test_import_json_gives_the_same_list_and_the_agenda(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = CORPUS / "board-meeting.txt"
    assert main(["import", str(script), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    _, notes = import_with_review(script)
    assert document["review"] == [note.as_dict() for note in notes]
    assert document["agenda"]["meeting"]["title"] == "鑫源新材料股份有限公司第三届董事会第八次会议"


def test_import_json_with_output_writes_the_yaml_and_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "agenda.yaml"
    assert main(["import", str(CORPUS / "study-session.txt"), "-o", str(out), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["output"] == str(out) and "agenda" not in document
    assert out.read_text(encoding="utf-8").startswith("version: 1")


# --- conventions, one each ------------------------------------------------------------------------


def steps_of(*paragraphs: str) -> list[object]:
    agenda = parse_paragraphs(["进行会议第一项议程，审议《方案》。", *paragraphs])
    steps = agenda["items"][0]["steps"]
    assert isinstance(steps, list)
    return steps[1:]


def test_a_direction_inside_a_paragraph_becomes_a_cue_at_its_place() -> None:
    assert steps_of("有意见的请示意。（环视）无人示意。") == [
        "有意见的请示意。",
        {"cue": "环视"},
        "无人示意。",
    ]


def test_square_and_mixed_width_brackets_are_directions() -> None:
    assert steps_of("【播放视频】请看大屏幕。[视频毕]", "（讨论)") == [
        {"cue": "播放视频"},
        "请看大屏幕。",
        {"cue": "视频毕"},
        {"cue": "讨论"},
    ]


def test_brackets_that_belong_to_the_text_stay_in_the_line() -> None:
    line = "《管理办法（试行）》（以下简称《办法》）已印发，共分（一）总则等部分。"
    assert steps_of(line) == [line]


def test_a_long_conditional_direction_is_a_cue_however_long() -> None:
    label = "如时间不足：第三项改为书面传达，由办公室会后将文件送各位成员阅知，不再安排发言"
    assert steps_of(f"（{label}）") == [{"cue": label}]


def test_an_item_announced_in_a_later_sentence_starts_there() -> None:
    agenda = parse_paragraphs(
        [
            "进行第一项议程，请张伟同志讲话。",
            "（讲话毕）",
            "茶歇结束，请回座。现在转入第二项议程，审议预算。",
        ]
    )
    assert [item["steps"][-1] for item in agenda["items"]] == [
        "茶歇结束，请回座。",
        "现在转入第二项议程，审议预算。",
    ]


def test_a_placeholder_name_after_a_unit_keeps_no_character_of_the_unit() -> None:
    for who in ("××同志", "○○○同志"):
        steps = steps_of(f"请工会{who}汇报。", "（汇报毕）")
        assert steps[-1] == {"cue": "汇报毕", "who": who}
    assert steps_of("请王××同志汇报。", "（汇报毕）")[-1] == {"cue": "汇报毕", "who": "王××同志"}


def test_a_quorum_line_with_a_two_thirds_rule_for_votes_keeps_a_majority_quorum() -> None:
    agenda = parse_paragraphs(
        ["应到代表50名，实到45名，符合规定。决议须经全体代表三分之二以上同意方为通过。"]
    )
    (roll,) = agenda["items"][0]["steps"]
    assert isinstance(roll, dict) and roll["quorum"] == "majority"


def test_counts_written_after_the_number_become_fields() -> None:
    steps = steps_of(
        "请按表决器。", "（表决）", "表决结果：23票赞成，0票反对，1票弃权，《方案》获得通过。"
    )
    vote = steps[-1]
    assert isinstance(vote, dict)
    assert (
        vote["passed"]
        == "表决结果：{for}票赞成，{against}票反对，{abstain}票弃权，《方案》获得通过。"
    )


def test_a_meeting_mentioned_as_voting_is_not_a_request_to_vote() -> None:
    steps = steps_of("委托董事田雨代为出席并表决。", "会议一致同意上述安排。")
    assert all(isinstance(step, str) for step in steps)


def test_directions_and_a_short_line_after_the_closing_line_belong_to_the_closing() -> None:
    agenda = parse_paragraphs(
        [
            "进行第一项议程，请张伟同志讲话。",
            "（讲话毕）",
            "散会！",
            "请与会人员有序退场。",
            "（奏乐）",
        ]
    )
    assert agenda["closing"] == ["散会！", "请与会人员有序退场。", {"cue": "奏乐"}]
    assert agenda["items"][0]["steps"][-1] == {"cue": "讲话毕", "who": "张伟同志"}


def test_a_person_called_by_post_without_tongzhi_is_the_cues_who() -> None:
    steps = steps_of("请市政府方国平副市长讲话。", "（讲话毕）")
    assert steps[-1] == {"cue": "讲话毕", "who": "市政府方国平副市长"}
    assert steps_of("请各位代表发言。", "（发言毕）")[-1] == {"cue": "发言毕"}


def test_a_line_that_asks_and_gives_the_result_is_cut_before_the_result() -> None:
    steps = steps_of(
        "现在进行表决，同意的请举手，反对的请举手。赞成30票，反对0票，《方案》获得通过。"
    )
    assert steps[0] == "现在进行表决，同意的请举手，反对的请举手。"
    vote = steps[1]
    assert isinstance(vote, dict)
    assert vote["passed"] == "赞成{for}票，反对{against}票，《方案》获得通过。"


def test_a_voice_approval_asked_with_youwuyiyi_is_an_uncounted_decision() -> None:
    steps = steps_of("对以上名单有无异议？", "（无）", "没有异议，通过。")
    assert steps[-1] == {
        "vote": "《方案》",
        "counted": False,
        "method": "口头表决",
        "passed": "没有异议，通过。",
    }


def test_an_election_without_a_candidate_list_takes_names_from_its_result() -> None:
    steps = steps_of(
        "下面选举理事会理事。本次选举采用无记名投票、差额选举的办法，应选理事3名。",
        "（投票、计票）",
        "共发出选票40张，收回选票40张，有效票39张。张建国得35票，李红得32票，王伟得30票。",
        "按得票多少为序，张建国、李红、王伟同志当选为理事会理事。",
    )
    election = steps[-1]
    assert isinstance(election, dict)
    assert election["election"] == "选举理事会理事"
    assert (election["seats"], election["candidates"]) == (3, ["张建国", "李红", "王伟"])
    assert election["elected"] == (
        "共发出选票{issued}张，收回选票{returned}张，有效票{valid}张。{votes}。"
        "按得票多少为序，{elected}当选为理事会理事。"
    )


def test_the_last_item_opened_by_zuihou_with_a_speech_is_an_item_without_an_overview() -> None:
    agenda = parse_paragraphs(
        [
            "进行第一项议程，请张伟同志讲话。",
            "张伟同志讲得很好。",
            "最后，有请王局长讲话。",
            "（讲话毕）",
        ]
    )
    assert [item["title"] for item in agenda["items"]] == ["张伟同志讲话", "王局长讲话"]


def test_the_voters_are_not_the_motion() -> None:
    steps = steps_of("请大家举手表决。", "（举手）", "出席会议的9名委员一致同意通过。")
    vote = steps[-1]
    assert isinstance(vote, dict) and vote["vote"] == "《方案》"


def test_a_long_last_paragraph_is_cut_where_its_closing_sentence_begins() -> None:
    speech = "同志们，" + "这次会议开得很成功，" * 20 + "希望大家认真贯彻落实。"
    agenda = parse_paragraphs(
        [
            "进行第一项议程，请张伟同志讲话。",
            "（讲话毕）",
            speech + "现在我宣布，大会胜利闭幕！",
            "（奏乐）",
        ]
    )
    assert agenda["items"][0]["steps"][-1] == speech
    assert agenda["closing"] == ["现在我宣布，大会胜利闭幕！", {"cue": "奏乐"}]


def test_a_show_of_hands_that_elects_is_a_vote_whose_outcome_names_the_elected() -> None:
    for result in (
        ["全票通过。张三同志当选为支部书记。"],
        ["全票通过。", "张三同志当选为支部书记。"],
    ):
        steps = steps_of("同意张三同志为支部书记的请举手。", "（举手）", *result)
        vote = steps[-1]
        assert isinstance(vote, dict)
        assert vote["passed"] == ["全票通过。", "张三同志当选为支部书记。"]


def test_an_overview_listing_items_by_ordinal_titles_them_and_starts_none() -> None:
    agenda = parse_paragraphs(
        [
            "今天的会议共有两项议程。第一项议程是听取工作报告；第二项议程是审议《预算》。",
            "下面进行第一项议程，请张三同志作报告。",
            "（报告毕）",
            "下面进行第二项议程。",
        ]
    )
    assert [item["title"] for item in agenda["items"]] == ["听取工作报告", "审议《预算》"]
    assert len(agenda["opening"]) == 1


def test_an_overview_without_a_count_still_titles_the_items() -> None:
    agenda = parse_paragraphs(
        [
            "今天会议的议程如下：一是听取工作报告；二是审议《预算》。",
            "下面进行第一项议程，请张三同志作报告。",
            "下面进行第二项议程。",
        ]
    )
    assert [item["title"] for item in agenda["items"]] == ["听取工作报告", "审议《预算》"]


@pytest.mark.parametrize(
    ("line", "template"),
    [
        (
            "今天实到委员28人，应到31人，符合规定。",
            "今天实到委员{present}人，应到{members}人，符合规定。",
        ),
        (
            "本届委员会全体委员21名，今天出席会议19名，超过半数。",
            "本届委员会全体委员{members}名，今天出席会议{present}名，超过半数。",
        ),
        (
            "现有会员代表84名，今天到会的会员代表79名。",
            "现有会员代表{members}名，今天到会的会员代表{present}名。",
        ),
    ],
)
def test_roll_calls_in_other_words_and_either_order(line: str, template: str) -> None:
    (roll,) = parse_paragraphs([line])["items"][0]["steps"]
    assert roll == {"roll_call": template, "quorum": "majority"}


def test_a_result_followed_by_the_next_request_in_one_paragraph_is_cut_between() -> None:
    steps = steps_of(
        "下面表决《甲决议》，同意的请举手。",
        "（举手）",
        "《甲决议》通过。下面表决《乙决议》，同意的请举手。",
        "（举手）",
        "《乙决议》通过。",
    )
    votes = [step for step in steps if isinstance(step, dict) and "vote" in step]
    assert [(v["vote"], v["passed"]) for v in votes] == [
        ("《甲决议》", "《甲决议》通过。"),
        ("《乙决议》", "《乙决议》通过。"),
    ]


def test_an_election_result_naming_the_elected_after_dangxuan() -> None:
    steps = steps_of(
        "下面选举委员会委员。应选3名，候选人名单：张三、李四、王五、赵六。",
        "（投票）",
        "发出选票20张，收回20张，有效票20张。当选的同志是：张三、李四、王五。",
    )
    election = steps[-1]
    assert isinstance(election, dict)
    assert (
        election["elected"]
        == "发出选票{issued}张，收回{returned}张，有效票{valid}张。当选的同志是：{elected}。"
    )

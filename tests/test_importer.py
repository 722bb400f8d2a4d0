"""The importer: a chair's script (主持词) as text or .docx becomes an agenda dict and YAML."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from facilitator.importer import (
    ScriptImportError,
    decode_script_bytes,
    dump_agenda_yaml,
    import_script,
    parse_paragraphs,
    split_paragraphs,
)
from tests.conftest import SAMPLE
from tests.importer_helpers import holds_script, load_imported

SCRIPTS = Path(__file__).parent / "data" / "scripts"
SEED = SCRIPTS / "leading-group-first-meeting.txt"
FIXTURES = sorted(SCRIPTS.glob("*.txt"))

RULES = "《*学习贯彻习近平新时代中国特色社会主义思想主题教育领导小组工作规则》"
OFFICE_RULES = "《*学习贯彻习近平新时代中国特色社会主义思想主题教育领导小组办公室工作规则》"

Agenda = dict[str, Any]


# --- helpers -----------------------------------------------------------------------------------


def paragraphs_of(path: Path) -> list[str]:
    """The script's paragraphs, read independently of the parser."""
    return split_paragraphs(decode_script_bytes(path.read_bytes(), path))


def all_steps(agenda: Agenda) -> list[Any]:
    steps: list[Any] = list(agenda.get("opening", []))
    for item in agenda["items"]:
        steps.extend(item["steps"])
    steps.extend(agenda.get("closing", []))
    return steps


def script_texts(agenda: Agenda) -> list[str | re.Pattern[str]]:
    """What each step holds of the script, in order (a roll call as a pattern of its line)."""
    texts: list[str | re.Pattern[str]] = []
    for step in all_steps(agenda):
        if isinstance(step, str):
            texts.append(step)
        elif "cue" in step:
            texts.append(step["cue"])
        elif "vote" in step and isinstance(step["passed"], list):
            texts.extend(script_texts({"opening": step["passed"], "items": [], "closing": []}))
        elif "vote" in step:
            texts.append(step["passed"])
        else:
            pattern = re.escape(step["roll_call"]).replace(r"\{members\}", ".+?")
            texts.append(re.compile(pattern.replace(r"\{present\}", ".+?")))
    return texts


def holds(text: str | re.Pattern[str], paragraph: str) -> bool:
    if isinstance(text, re.Pattern):
        return text.fullmatch(paragraph) is not None
    return paragraph in (text, f"（{text}）", f"({text})")


def items_named(agenda: Agenda) -> list[str]:
    return [item["title"] for item in agenda["items"]]


def cues_of(steps: list[Any]) -> list[dict[str, Any]]:
    return [step for step in steps if isinstance(step, dict) and "cue" in step]


def votes_of(steps: list[Any]) -> list[dict[str, Any]]:
    return [step for step in steps if isinstance(step, dict) and "vote" in step]


@pytest.fixture(scope="module")
def seed() -> Agenda:
    return import_script(SEED)


# --- the seed ----------------------------------------------------------------------------------


def test_the_seed_title_loses_its_leading_zai_and_its_trailing_zhuchici(seed: Agenda) -> None:
    assert seed["meeting"] == {"title": "第二批主题教育领导小组第一次会议", "language": "zh"}


def test_the_seed_opening_is_greeting_purpose_attendance_and_overview(seed: Agenda) -> None:
    opening = seed["opening"]
    assert len(opening) == 4
    assert opening[0] == "同志们："
    assert opening[1].startswith("按照党中央和*委统一部署")
    assert opening[2].startswith("参见今天会议的有")
    assert opening[3].startswith("今天的会议共有4项议程") and opening[3].endswith(
        "下面会议依次进行。"
    )


def test_the_seed_has_four_items_titled_from_its_overview(seed: Agenda) -> None:
    assert items_named(seed) == [
        "听取*主题教育前期准备情况汇报",
        "审议主题教育相关制度文件",
        "指导组讲话，对主题教育提出要求",
        "主题教育领导小组作本次会议总结讲话",
    ]


def test_the_seed_cues_land_in_their_items_with_their_speakers(seed: Agenda) -> None:
    cues = [cues_of(item["steps"]) for item in seed["items"]]
    assert cues == [
        [{"cue": "汇报毕", "who": "*同志"}],
        [{"cue": "介绍毕", "who": "*同志"}, {"cue": "发言毕"}],
        [{"cue": "发言毕", "who": "*同志"}],
        [],
    ]


def test_the_seed_vote_on_both_rules_follows_the_second_cue_of_item_two(seed: Agenda) -> None:
    steps = seed["items"][1]["steps"]
    second_cue = steps.index({"cue": "发言毕"})
    vote = steps[second_cue + 1]
    assert vote["vote"] == f"{RULES}和{OFFICE_RULES}"
    assert vote["method"] == "依次表决"
    assert vote["rule"] == "majority"
    result, points = vote["passed"]  # the result, then the points it goes on to (a branch)
    assert result.startswith("刚才，经领导小组各成员依次讨论表决，一致同意通过")
    assert result.endswith("重点在以下几个方面抓好落实：")
    assert points.startswith("一是把强化理论学习贯穿主题教育始终。")
    assert vote["failed"] == (
        f"刚才，经领导小组各成员依次讨论表决，{RULES}和{OFFICE_RULES}未获通过，"
        "请会后修改完善后再次提交审议。"
    )
    assert result not in steps and points not in steps, "the branch is the vote's, not also lines"
    assert steps[-1] is vote
    assert len(votes_of(all_steps(seed))) == 1


def test_the_seed_closes_with_its_last_line(seed: Agenda) -> None:
    assert seed["closing"] == ["本次会议结束，散会！"]


def test_the_importer_invents_no_planned_times_and_no_member_count(seed: Agenda) -> None:
    assert "planned" not in yaml.safe_dump(seed)
    assert "members" not in seed["meeting"]


# --- every paragraph once, in order ------------------------------------------------------------


@pytest.mark.parametrize("script", FIXTURES, ids=lambda path: path.stem)
def test_every_paragraph_of_a_script_appears_exactly_once_in_order(script: Path) -> None:
    agenda = import_script(script)
    paragraphs = paragraphs_of(script)
    assert agenda["meeting"]["title"] in paragraphs[0]
    assert holds_script(agenda, paragraphs)


@pytest.mark.parametrize("script", FIXTURES, ids=lambda path: path.stem)
def test_an_imported_script_validates_with_the_agenda_loader(script: Path, tmp_path: Path) -> None:
    # Full validation once issue 8's schema lands (FULL_SCHEMA); until then a view of it.
    assert load_imported(import_script(script)).agenda.items


# --- encodings and file forms ------------------------------------------------------------------


def test_a_gbk_script_imports_with_its_chinese_intact(tmp_path: Path) -> None:
    gbk = tmp_path / "script.txt"
    gbk.write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    assert import_script(gbk) == import_script(SEED)


def test_a_short_gb2312_script_is_not_mistaken_for_another_encoding(tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_bytes("会议开始。\n（汇报毕）\n散会。".encode("gb2312"))
    agenda = import_script(short)
    assert all_steps(agenda) == ["会议开始。", {"cue": "汇报毕"}, "散会。"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_script_with_a_byte_order_mark_imports_like_its_utf8_original(
    encoding: str, tmp_path: Path
) -> None:
    text = SEED.read_text(encoding="utf-8")
    marked = tmp_path / "script.txt"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    marked.write_bytes(data)
    assert import_script(marked) == import_script(SEED)


def test_a_big5_script_imports_with_its_traditional_characters_intact(tmp_path: Path) -> None:
    original = SCRIPTS / "traditional.txt"
    big5 = tmp_path / "traditional.txt"
    big5.write_bytes(original.read_text(encoding="utf-8").encode("big5"))
    agenda = import_script(big5)
    assert agenda == import_script(original)
    assert agenda["meeting"]["title"] == "同鄉會理事會第三次會議"
    assert items_named(agenda) == ["聽取秘書長關於年度工作的報告", "審議《同鄉會章程修正案》"]


def test_crlf_line_ends_full_width_indents_and_trailing_blanks_are_normalised() -> None:
    text = "会议主持词\r\n\r\n　　同志们：  \r\n　　现在开会。\u3000\r（汇报毕）\r\n"
    assert split_paragraphs(text) == ["会议主持词", "同志们：", "现在开会。", "（汇报毕）"]


def test_hard_wrapped_lines_are_joined_back_into_their_paragraph() -> None:
    text = (
        "We now turn to item one, the annual report, which the secretary has circulated to\n"
        "all members in advance of this meeting, together with the accounts for the year and\n"
        "the auditor's letter.\n"
        "(Report ends)\n"
    )
    assert split_paragraphs(text) == [
        "We now turn to item one, the annual report, which the secretary has circulated to "
        "all members in advance of this meeting, together with the accounts for the year and "
        "the auditor's letter.",
        "(Report ends)",
    ]


def test_one_long_heading_without_punctuation_does_not_swallow_the_next_paragraph() -> None:
    heading = "在中国共产党某某市某某区第十三届委员会第五次全体会议暨区委经济工作会议上的主持词"
    assert split_paragraphs(f"{heading}\n同志们：\n现在开会。") == [
        heading,
        "同志们：",
        "现在开会。",
    ]


def test_a_binary_file_is_refused_naming_the_encodings_tried(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ScriptImportError) as raised:
        import_script(binary)
    message = str(raised.value)
    assert message.startswith(str(binary))
    assert "not a text file in a known encoding (tried UTF-8, GB18030, Big5)" in message
    assert "\n" not in message


def test_an_empty_script_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\xef\xbb\xbf  \r\n\r\n")
    with pytest.raises(ScriptImportError, match="empty"):
        import_script(empty)


def test_a_missing_file_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(ScriptImportError, match="no such file"):
        import_script(tmp_path / "nothing.txt")


def test_a_legacy_word_doc_is_refused_with_advice(tmp_path: Path) -> None:
    legacy = tmp_path / "script.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(ScriptImportError, match=r"\.docx or plain text"):
        import_script(legacy)


def build_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


def test_a_docx_script_imports_like_the_same_text(tmp_path: Path) -> None:
    document = tmp_path / "script.docx"
    paragraphs = SEED.read_text(encoding="utf-8").splitlines()
    build_docx(document, ["　　" + p if p else p for p in paragraphs])
    assert import_script(document) == import_script(SEED)


def test_a_docx_with_a_text_name_is_still_read_as_a_document(tmp_path: Path) -> None:
    disguised = tmp_path / "script.txt"
    build_docx(disguised, ["在测试会议上的主持词", "首先，进行会议第一项议程。", "（汇报毕）"])
    agenda = import_script(disguised)
    assert agenda["meeting"]["title"] == "测试会议"
    assert all_steps(agenda) == ["首先，进行会议第一项议程。", {"cue": "汇报毕"}]


def test_a_docx_without_python_docx_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "script.docx"
    build_docx(document, ["散会。"])
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(ScriptImportError, match=r"pip install 'facilitator\[docx\]'"):
        import_script(document)


def test_a_corrupt_docx_is_refused_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(ScriptImportError, match=r"not a readable \.docx file") as raised:
        import_script(broken)
    assert "\n" not in str(raised.value)


# --- the genre's other phrasings ---------------------------------------------------------------


def test_a_script_with_no_opening_starts_straight_with_its_first_item() -> None:
    agenda = import_script(SCRIPTS / "no-opening.txt")
    assert "opening" not in agenda
    assert agenda["meeting"]["title"] == "第三季度安全生产工作例会"
    assert items_named(agenda) == [
        "安监科张伟同志通报第三季度安全生产检查情况",
        "各部门负责同志结合检查情况逐一发言",
    ]
    assert cues_of(agenda["items"][0]["steps"]) == [{"cue": "通报毕", "who": "张伟同志"}]
    assert agenda["closing"] == ["会议到此结束。"]


@pytest.fixture(scope="module")
def standing_committee() -> Agenda:
    return import_script(SCRIPTS / "standing-committee.txt")


def test_introductions_and_speeches_become_cues_with_their_speakers(
    standing_committee: Agenda,
) -> None:
    first, _, third = standing_committee["items"]
    assert cues_of(first["steps"]) == [{"cue": "介绍毕", "who": "*同志"}]
    assert cues_of(third["steps"]) == [{"cue": "鼓掌"}, {"cue": "讲话毕", "who": "李明同志"}]


def test_a_show_of_hands_carried_unanimously_becomes_a_vote_step(
    standing_committee: Agenda,
) -> None:
    steps = standing_committee["items"][1]["steps"]
    assert steps[1:] == [
        {"cue": "举手表决"},
        {
            "vote": "《区政协2024年度协商计划（草案）》",
            "method": "举手表决",
            "rule": "majority",
            "passed": "全票通过。",
            "failed": "经表决，《区政协2024年度协商计划（草案）》未获通过，"
            "请会后修改完善后再次提交审议。",
        },
    ]


def test_a_stated_roll_call_becomes_a_roll_call_step_and_gives_the_member_count(
    standing_committee: Agenda,
) -> None:
    assert standing_committee["meeting"]["members"] == 31
    assert standing_committee["opening"][1] == {
        "roll_call": "今天召开区政协五届十二次常委会议。本次会议应到常委{members}人，"
        "实到{present}人，超过半数，符合规定，可以开会。",
        "quorum": "majority",
    }


def test_an_overview_worded_differently_still_gives_the_titles(
    standing_committee: Agenda,
) -> None:
    assert items_named(standing_committee) == [
        "听取区发展改革委关于全区重点项目推进情况的通报",
        "审议《区政协2024年度协商计划（草案）》",
        "区委常委、统战部长李明同志讲话",
    ]


def test_an_english_script_imports_in_english_with_its_cues_and_vote() -> None:
    agenda = import_script(SCRIPTS / "english.txt")
    assert agenda["meeting"] == {
        "title": "Annual General Meeting of the Riverside Residents' Association",
        "language": "en",
        "members": 40,
    }
    assert items_named(agenda) == ["Annual report", "Amendment to the bylaws", "Any other business"]
    assert cues_of(agenda["items"][0]["steps"]) == [{"cue": "Report ends", "who": "Ms Chen"}]
    (vote,) = votes_of(all_steps(agenda))
    assert vote["vote"] == "Bylaws Amendment 2024"
    assert vote["method"] == "show of hands"
    assert vote["passed"] == "The motion is carried."
    assert "not carried" in vote["failed"]
    assert agenda["closing"] == [
        "That concludes the business of this meeting. The meeting is closed.",
        "Thank you all.",
    ]


@pytest.mark.parametrize(
    "announcement",
    [
        "下面进行第三项，请*同志发言。",
        "会议进行第3项议程，请*同志发言。",
        "现在开始第三个议题，请*同志发言。",
        "最后，进行会议第３项议程，请*同志发言。",
    ],
)
def test_announcements_in_other_words_start_the_next_item(announcement: str) -> None:
    agenda = parse_paragraphs(
        ["第一项议程，听取汇报。", "第二项议程，审议文件。", announcement, "（发言毕）"]
    )
    assert len(agenda["items"]) == 3
    assert agenda["items"][2]["steps"] == [announcement, {"cue": "发言毕", "who": "*同志"}]


def test_a_speech_that_mentions_a_numbered_task_does_not_start_an_item() -> None:
    agenda = parse_paragraphs(
        [
            "首先，进行会议第一项议程，请*同志讲话。",
            "我们要把第二项工作抓实抓好。",
            "第三项任务是加强学习。",
        ]
    )
    assert len(agenda["items"]) == 1


def test_parenthesised_cues_of_any_kind_are_labelled_without_their_parentheses() -> None:
    agenda = parse_paragraphs(
        ["进行第一项议程。", "（宣读毕）", "(鼓掌)", "（全体起立，奏国歌）", "( Report ends )"]
    )
    assert cues_of(agenda["items"][0]["steps"]) == [
        {"cue": "宣读毕"},
        {"cue": "鼓掌"},
        {"cue": "全体起立，奏国歌"},
        {"cue": "Report ends"},
    ]


def test_a_parenthesised_date_under_the_title_is_a_line_not_a_cue() -> None:
    agenda = parse_paragraphs(["在年度总结会上的主持词", "（2023年12月28日）", "进行第一项议程。"])
    assert agenda["meeting"]["title"] == "年度总结会"
    assert agenda["opening"] == ["（2023年12月28日）"]


def test_a_cue_glued_to_the_end_of_a_paragraph_is_split_off_after_it() -> None:
    agenda = parse_paragraphs(["进行会议第一项议程，请张伟同志作工作汇报。（汇报毕）", "散会！"])
    assert agenda["items"][0]["steps"] == [
        "进行会议第一项议程，请张伟同志作工作汇报。",
        {"cue": "汇报毕", "who": "张伟同志"},
    ]
    assert agenda["items"][0]["title"] == "听取工作汇报"


def test_a_result_with_no_request_to_vote_before_it_stays_a_line() -> None:
    steps = parse_paragraphs(
        ["进行第一项议程，请*同志介绍情况。", "（介绍毕）", "该方案已经党组会审议通过。"]
    )["items"][0]["steps"]
    assert not votes_of(steps)
    assert steps[-1] == "该方案已经党组会审议通过。"


def test_a_secret_ballot_needing_two_thirds_is_recorded_as_such() -> None:
    steps = parse_paragraphs(
        [
            "进行第一项议程，审议《章程修正案》。修正案须经全体委员三分之二以上同意，现在进行无记名投票。",
            "（投票）",
            "经无记名投票，《章程修正案》获得通过。",
        ]
    )["items"][0]["steps"]
    (vote,) = votes_of(steps)
    assert (vote["method"], vote["rule"]) == ("无记名投票", "two_thirds")
    assert vote["failed"] == "经无记名投票，《章程修正案》未获通过，请会后修改完善后再次提交审议。"


def test_a_vote_counted_in_rounds_follows_the_last_cue_and_names_what_carried() -> None:
    steps = parse_paragraphs(
        [
            "下面进行大会第一项议程。请各位代表对大会议程进行举手表决。同意的请举手。",
            "（举手）",
            "请放下。不同意的请举手。",
            "（无）",
            "大会议程全票通过。",
        ]
    )["items"][0]["steps"]
    assert steps[-2] == {"cue": "无"}
    assert steps[-1] == {
        "vote": "大会议程",
        "method": "举手表决",
        "rule": "majority",
        "passed": "大会议程全票通过。",
        "failed": "经表决，大会议程未获通过，请会后修改完善后再次提交审议。",
    }


def test_a_bare_result_after_a_show_of_hands_is_a_vote_on_the_document_read_out() -> None:
    steps = parse_paragraphs(
        [
            "现在进行第二项议程，请王建国同志宣读《大会选举办法（草案）》。",
            "（宣读毕）",
            "请代表们审议。同意的请举手。",
            "（举手）",
            "通过。",
        ]
    )["items"][0]["steps"]
    assert steps[1] == {"cue": "宣读毕", "who": "王建国同志"}
    assert steps[-1]["vote"] == "《大会选举办法（草案）》"
    assert steps[-1]["passed"] == "通过。"


def test_a_script_without_numbered_items_keeps_everything_in_one_item() -> None:
    agenda = parse_paragraphs(
        ["同志们：", "今天召开支部委员会会议，研究近期工作。", "（讨论）", "散会。"]
    )
    assert agenda["meeting"]["title"] == "支部委员会会议"
    assert len(agenda["items"]) == 1
    assert agenda["items"][0]["steps"][0] == "同志们："
    assert agenda["closing"] == ["散会。"]


def test_a_script_without_a_title_is_named_after_its_file(tmp_path: Path) -> None:
    script = tmp_path / "三月例会.txt"
    script.write_text("同志们：\n进行第一项议程。\n散会。\n", encoding="utf-8")
    assert import_script(script)["meeting"]["title"] == "三月例会"


# --- YAML --------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", FIXTURES, ids=lambda path: path.stem)
def test_the_yaml_written_loads_back_to_the_same_dict(script: Path) -> None:
    agenda = import_script(script)
    assert yaml.safe_load(dump_agenda_yaml(agenda)) == agenda


def test_the_yaml_keeps_chinese_readable_and_long_paragraphs_as_blocks(seed: Agenda) -> None:
    text = dump_agenda_yaml(seed, header="Imported from a script.\nCheck before use.")
    assert text.startswith("# Imported from a script.\n# Check before use.\n")
    assert "同志们：" in text and "\\u" not in text
    assert "  - |-\n    按照党中央和*委统一部署" in text
    assert list(seed) == ["version", "meeting", "opening", "items", "closing"]
    assert text.index("version:") < text.index("meeting:") < text.index("opening:")


def test_awkward_strings_survive_the_round_trip() -> None:
    data: Agenda = {
        "version": 1,
        "meeting": {"title": "*会议: 第1次 # 注意", "language": "zh"},
        "items": [
            {
                "title": "- yes",
                "steps": [
                    "*同志",
                    "a: b",
                    "trailing space ",
                    "two\nlines",
                    "'quoted' \"both\"",
                    "长" * 100,
                    {"cue": "汇报毕", "who": "*同志", "planned": "10m"},
                    "null",
                    "09:00",
                ],
            }
        ],
    }
    assert yaml.safe_load(dump_agenda_yaml(data)) == data


# --- the bundled sample ------------------------------------------------------------------------


def test_the_bundled_sample_keeps_every_paragraph_of_the_seed_in_order() -> None:
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    paragraphs = paragraphs_of(SEED)
    texts = script_texts(sample)
    assert len(texts) == len(paragraphs) - 1
    for text, paragraph in zip(texts, paragraphs[1:], strict=True):
        assert holds(text, paragraph)
    assert len(sample["items"]) == 4
    assert len(sample["opening"]) == 4
    assert sample["closing"] == ["本次会议结束，散会！"]
    assert [[c["cue"] for c in cues_of(item["steps"])] for item in sample["items"]] == [
        ["汇报毕"],
        ["介绍毕", "发言毕"],
        ["发言毕"],
        [],
    ]
    (vote,) = votes_of(sample["items"][1]["steps"])
    assert vote["vote"] == f"{RULES}和{OFFICE_RULES}"
    assert (vote["method"], vote["rule"]) == ("依次表决", "majority")


# --- hygiene -----------------------------------------------------------------------------------


def test_the_importer_imports_neither_textual_nor_rich() -> None:
    code = (
        "import sys, facilitator.importer\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_every_cell_of_a_long_docx_table_is_read_once(tmp_path: Path) -> None:
    """A merged cell is read once; no other cell is dropped (cell identity, not a recycled id)."""
    import docx

    from facilitator.importer import read_script_paragraphs

    document = docx.Document()
    document.add_paragraph("在测试会议上的主持词")
    table = document.add_table(rows=40, cols=3)
    for row_index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.text = f"第{row_index}行第{column}列"
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "合并的单元格"
    path = tmp_path / "table.docx"
    document.save(str(path))
    paragraphs = read_script_paragraphs(path)
    expected = ["在测试会议上的主持词", "合并的单元格", "第0行第2列"] + [
        f"第{row}行第{column}列" for row in range(1, 40) for column in range(3)
    ]
    assert paragraphs == expected

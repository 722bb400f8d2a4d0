"""Loading agendas: valid files become models; every bad one is named by file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.agenda.load import MAX_TEXT, AgendaError, load_agenda, parse_agenda
from facilitator.agenda.model import CueStep, LineStep, Rule, VoteStep, parse_duration

BAD = Path(__file__).parent / "data" / "bad"
SMALL = Path(__file__).parent / "data" / "agendas" / "small.yaml"


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("typo_field.yaml", 9, "items[1].steps[2]: unknown field 'whoo' (did you mean 'who'?)"),
        (
            "bad_duration.yaml",
            6,
            "items[1].planned: '15 min' is not a duration; write it like 90s, 15m or 1h30m",
        ),
        (
            "bad_rule.yaml",
            8,
            "items[1].steps[1].rule: 'most' is not one of 'majority', 'two_thirds' or 'unanimous'",
        ),
        (
            "bad_indent.yaml",
            8,
            "not valid YAML: expected <block end>, but found '<block sequence start>'",
        ),
        ("missing_title.yaml", 2, "meeting: 'title' is required"),
        ("no_items.yaml", 4, "items: must not be empty"),
        (
            "step_not_text.yaml",
            10,
            "items[2].steps[1]: a step is a line (a plain string) or a mapping with one of the "
            "keys cue, roll_call, vote, election",
        ),
        ("zero_members.yaml", 4, "meeting.members: must be at least 1, not 0"),
        ("election_without_seats.yaml", 7, "items[1].steps[1]: 'seats' is required"),
        (
            "election_unanimous.yaml",
            10,
            "items[1].steps[1].rule: 'unanimous' is not one of 'majority' or 'two_thirds'",
        ),
        (
            "bad_branch_step.yaml",
            11,
            "items[1].steps[1].passed[2]: unknown field 'planed' (did you mean 'planned'?)",
        ),
        ("duplicate_key.yaml", 4, "'title' appears twice (first on line 3)"),
        (
            "bad_start_time.yaml",
            4,
            "meeting.planned_start: '9点' is not a time of day; write it like \"09:00\"",
        ),
        ("wrong_version.yaml", 1, "version: 2 is not one of 1"),
        (
            "bad_quorum.yaml",
            9,
            "items[1].steps[2].quorum: 'half' is not one of 'majority' or 'two_thirds'",
        ),
        ("bad_language.yaml", 4, "meeting.language: 'fr' is not one of 'zh' or 'en'"),
        ("not_mapping.yaml", 1, "an agenda is a mapping with meeting: and items:"),
        ("empty.yaml", 1, "the agenda is empty"),
        ("unclosed_quote.yaml", 4, "not valid YAML: found unexpected end of stream"),
        (
            "gbk_bytes.yaml",
            3,
            "not UTF-8 text (byte 0xbb); save the agenda as UTF-8, or import the script with "
            "`facilitator import`",
        ),
        (
            "unknown_step.yaml",
            7,
            "items[1].steps[1]: a step is a line (a plain string) or a mapping with one of the "
            "keys cue, roll_call, vote, election",
        ),
    ],
)
def test_a_bad_agenda_is_reported_at_its_file_and_line(name: str, line: int, message: str) -> None:
    path = BAD / name
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    assert [str(problem) for problem in caught.value.problems] == [f"{path}:{line}: {message}"]


def test_every_problem_in_one_file_is_reported_in_line_order() -> None:
    text = (
        "version: 1\nmeeting:\n  title: 会议\nitems:\n  - title: 一\n    planned: soon\n"
        "    steps:\n      - cue: 汇报毕\n        plannd: 5m\n"
    )
    with pytest.raises(AgendaError) as caught:
        parse_agenda(text.encode(), "a.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "a.yaml:6: items[1].planned: 'soon' is not a duration; write it like 90s, 15m or 1h30m",
        "a.yaml:9: items[1].steps[1]: unknown field 'plannd' (did you mean 'planned'?)",
    ]


def test_a_missing_file_is_named() -> None:
    with pytest.raises(AgendaError) as caught:
        load_agenda("/nonexistent/agenda.yaml")
    assert str(caught.value) == "/nonexistent/agenda.yaml: no such file"


def test_yaml_tags_that_run_code_are_refused_not_executed() -> None:
    text = "version: 1\nmeeting: !!python/object/apply:os.system ['true']\nitems: []\n"
    with pytest.raises(AgendaError) as caught:
        parse_agenda(text.encode(), "evil.yaml")
    assert str(caught.value) == (
        "evil.yaml:2: not valid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    )


def test_a_valid_agenda_reads_lines_cues_votes_and_durations() -> None:
    loaded = load_agenda(SMALL)
    agenda = loaded.agenda
    assert agenda.meeting.members == 7
    assert agenda.meeting.planned_start == "09:00"
    first, cue = agenda.items[0].steps
    assert isinstance(first, LineStep) and first.line == "首先，请{汇报人}同志作工作汇报。"
    assert isinstance(cue, CueStep) and cue.planned == 480 and cue.who == "{汇报人}同志"
    vote = agenda.items[1].steps[1]
    assert isinstance(vote, VoteStep) and vote.rule is Rule.TWO_THIRDS
    assert agenda.items[0].planned == 600
    assert loaded.line_of("items", 1, "steps", 1) == 24


def test_an_unquoted_start_time_is_read_as_a_clock_time() -> None:
    text = "meeting:\n  title: t\n  planned_start: 09:30\nitems:\n  - title: a\n    steps: [x]\n"
    assert parse_agenda(text.encode(), "t.yaml").agenda.meeting.planned_start == "09:30"


def test_a_byte_order_mark_is_accepted() -> None:
    text = "meeting:\n  title: 会议\nitems:\n  - title: a\n    steps: [开始]\n"
    loaded = parse_agenda(b"\xef\xbb\xbf" + text.encode(), "bom.yaml")
    assert loaded.agenda.meeting.title == "会议"


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("90s", 90), ("15m", 900), ("1h30m", 5400), ("1h", 3600), ("2m30s", 150), (45, 45)],
)
def test_durations_are_written_as_people_write_them(written: object, seconds: int) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["", "15", "15 minutes", "m", "-5m", True, 1.5, "1d"])
def test_other_durations_are_refused(written: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(written)


@pytest.mark.parametrize(
    ("text", "chinese", "words"),
    [
        ("同志们：现在开会。", 7, 0),
        ("Please rise for the anthem.", 0, 5),
        ("请张三同志作2025年工作报告（PPT版）", 12, 2),  # 2025, PPT
        ("don't stop-start 第𠀀项", 3, 2),  # a character beyond the BMP counts too
        ("", 0, 0),
    ],
)
def test_reading_time_counts_chinese_by_characters_and_other_text_by_words(
    text: str, chinese: int, words: int
) -> None:
    from facilitator.agenda.text import (
        CHINESE_CHARS_PER_MINUTE,
        ENGLISH_WORDS_PER_MINUTE,
        estimate_reading_seconds,
    )

    expected = chinese * 60 / CHINESE_CHARS_PER_MINUTE + words * 60 / ENGLISH_WORDS_PER_MINUTE
    assert estimate_reading_seconds(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("character", "said"), [("\0", "a NUL"), ("\x07", "control character U+0007")]
)
def test_a_control_character_is_one_line_naming_its_line_and_column(
    character: str, said: str
) -> None:
    head = "version: 1\nmeeting: {title: 测试}\nitems:\n  - title: 一\n"
    text = f'{head}    steps: ["开{character}始"]\n'
    with pytest.raises(AgendaError) as raised:
        parse_agenda(text.encode(), "nul.yaml")
    assert (
        str(raised.value)
        == f"nul.yaml:5: not valid YAML: {said} at column 15; an agenda is text only"
    )


def test_a_text_longer_than_the_bound_is_refused_at_its_line() -> None:
    head = "version: 1\nmeeting: {title: 测试}\nitems:\n  - title: 一\n    steps:\n      - 开始。\n"
    fits = head + f"      - {'主' * MAX_TEXT}\n"
    step = parse_agenda(fits.encode(), "long.yaml").agenda.items[0].steps[1]
    assert isinstance(step, LineStep) and step.line == "主" * MAX_TEXT
    with pytest.raises(AgendaError) as raised:
        parse_agenda((head + f"      - {'主' * (MAX_TEXT + 1)}\n").encode(), "long.yaml")
    assert str(raised.value) == (
        "long.yaml:7: a text of 100,001 characters; one may be at most 100,000 "
        "(split the paragraph into several lines)"
    )

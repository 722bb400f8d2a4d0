"""Every UI string in both languages; every refusal translated; no ambiguous-width chrome."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from facilitator.agenda.model import Base, ElectionRule, Quorum, Rule
from facilitator.engine.commands import Reason
from facilitator.engine.events import CandidateVotes
from facilitator.engine.state import ElectionCount
from facilitator.i18n import EN, STRINGS, ZH, Strings, chinese_number, clock, part_name, strings


def every_string(words: Any) -> Iterator[str]:
    """Every string of the console's words, the shared terms they carry included."""
    for field in dataclasses.fields(words):
        value = getattr(words, field.name)
        if isinstance(value, str):
            yield value
        elif dataclasses.is_dataclass(value):
            yield from every_string(value)
        elif isinstance(value, tuple):
            for entry in value:
                yield from (entry,) if isinstance(entry, str) else (entry.keys, entry.does)
        else:
            yield from (text for text in value.values() if isinstance(text, str))


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_chinese_and_english_text(reason: Reason) -> None:
    assert ZH.reasons[reason].strip()
    assert EN.reasons[reason].strip()
    assert ZH.reasons[reason] != EN.reasons[reason]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_rule_base_and_quorum_is_named(language: str) -> None:
    words = STRINGS[language]  # type: ignore[index]
    assert set(words.rules) == set(Rule)
    assert set(words.bases) == set(Base)
    assert set(words.quorums) == set(Quorum)


@pytest.mark.parametrize("words", [ZH, EN], ids=["zh", "en"])
def test_no_ui_string_uses_an_ambiguous_width_character(words: Strings) -> None:
    for text in every_string(words):
        ambiguous = [char for char in text if unicodedata.east_asian_width(char) == "A"]
        assert not ambiguous, f"{text!r} has {ambiguous}"


def test_refusals_say_their_numbers() -> None:
    details = {"votes": 10, "present": 9}
    assert ZH.reason(Reason.VOTES_EXCEED_PRESENT, details) == "票数合计 10，多于实到 9 人。"
    assert EN.reason(Reason.VOTES_EXCEED_PRESENT, details) == "10 votes is more than the 9 present."


def test_a_missing_number_is_left_as_written_rather_than_crashing() -> None:
    assert "{members}" in ZH.reason(Reason.PRESENT_ABOVE_MEMBERS, {"present": 3})


def test_the_language_follows_the_agenda_and_falls_back_to_chinese() -> None:
    assert strings("en") is EN
    assert strings("zh") is ZH
    assert strings("fr") is ZH


@pytest.mark.parametrize(
    ("number", "words"),
    [(1, "一"), (4, "四"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")],
)
def test_chinese_numbers(number: int, words: str) -> None:
    assert chinese_number(number) == words


def test_parts_are_named_in_the_language() -> None:
    assert part_name(ZH, "item", 2, "审议文件") == "第二项 审议文件"
    assert part_name(EN, "item", 2, "Rules") == "Item 2 Rules"
    assert part_name(ZH, "opening", None, None) == "开场"
    assert part_name(EN, "closing", None, None) == "Closing"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (65, "1:05"), (600, "10:00"), (3723, "1:02:03"), (-30, "-0:30")],
)
def test_clock(seconds: float, shown: str) -> None:
    assert clock(seconds) == shown


def test_i18n_and_forecast_import_neither_textual_nor_rich() -> None:
    code = (
        "import sys, facilitator.i18n, facilitator.forecast;"
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _count(elected: tuple[str, ...], tied: tuple[str, ...]) -> ElectionCount:
    names = (*elected, *tied)
    return ElectionCount(
        seats=2,
        present=9,
        issued=None,
        returned=None,
        valid=None,
        votes=tuple(CandidateVotes(name=name, votes=6) for name in names),
        rule=ElectionRule.MAJORITY,
        of=Base.PRESENT,
        base=9,
        threshold=5,
        elected=elected,
        tied=tied,
    )


def test_a_count_lists_the_names_as_its_language_lists_them() -> None:
    """The console, the summary and the room display say an election alike, names joined the
    way the agenda's language joins them (not 、 in English)."""
    assert EN.election_result(_count(("Zhang Ming", "Li Hua"), ())) == (
        "Counted: elected Zhang Ming, Li Hua"
    )
    assert ZH.election_result(_count(("张明", "李华"), ())) == "已计票：当选 张明、李华"
    assert EN.election_result(_count((), ("Wang Fang", "Zhao Lei"))) == (
        "Counted: elected nobody  tied: Wang Fang, Zhao Lei; another ballot is needed"
    )

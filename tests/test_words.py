"""One vocabulary: the shared terms are said once, and only the words layer asks the language."""

from __future__ import annotations

import re

import pytest

from facilitator.i18n import strings
from facilitator.report.wording import wording
from facilitator.words.terms import chinese_number, terms
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("number", "written"), [(1, "一"), (10, "十"), (12, "十二"), (23, "二十三")]
)
def test_item_numbers_are_written_once(number: int, written: str) -> None:
    assert chinese_number(number) == written
    assert terms("zh").item_number(number) == written
    assert wording("zh").item_number(number) == written
    assert terms("en").item_number(number) == str(number)
    assert terms("zh").item_number(None) == ""


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_console_and_the_minutes_name_a_vote_the_same_way(language: str) -> None:
    shared, console, minutes = terms(language), strings(language), wording(language)
    assert console.votes_for == minutes.for_ == shared.for_
    assert console.against == minutes.against == shared.against
    assert console.abstain == minutes.abstain == shared.abstain
    assert console.vote_passed == minutes.carried == shared.carried
    assert console.vote_failed == minutes.not_carried == shared.not_carried


def test_names_are_joined_the_way_the_language_writes_lists() -> None:
    assert terms("zh").join(["张明", "李华"]) == "张明、李华"
    assert terms("en").join(["Zhang", "Li"]) == "Zhang, Li"


LANGUAGE_TEST = re.compile(r"""language\s*==\s*["'](zh|en)["']|words is ZH""")


@pytest.mark.parametrize(
    "module",
    [
        "facilitator/engine/state.py",
        "facilitator/engine/commands.py",
        "facilitator/agenda/text.py",
        "facilitator/report/minutes.py",
        "facilitator/report/terminal.py",
        "facilitator/report/csv.py",
        "facilitator/report/timing.py",
    ],
)
def test_no_module_outside_the_words_asks_which_language_it_speaks(module: str) -> None:
    text = (ROOT / module).read_text(encoding="utf-8")
    assert not LANGUAGE_TEST.findall(text), module


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_record_fields_are_labelled_alike_in_help_prepare_and_minutes(language: str) -> None:
    shared, console, minutes = terms(language).record_fields, strings(language), wording(language)
    assert dict(console.record_fields) == shared
    assert {k: console.prepare_meeting_fields[k] for k in shared} == shared
    assert (minutes.place, minutes.host, minutes.recorder) == (
        shared["place"],
        shared["host"],
        shared["recorder"],
    )
    assert (minutes.attendance, minutes.observers, minutes.absent) == (
        shared["attendees"],
        shared["observers"],
        shared["absent"],
    )

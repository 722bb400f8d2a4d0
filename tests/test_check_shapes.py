"""``facilitator check`` on branches, decisions without counts, elections and the meeting's
fields for the record: each warning at its file and line."""

from __future__ import annotations

from pathlib import Path

from facilitator.agenda.check import check_agenda
from facilitator.agenda.load import load_agenda
from facilitator.cli import main
from tests.conftest import BRANCHES, ELECTION

SHAPES = Path(__file__).parent / "data" / "agendas" / "check_shapes.yaml"


def test_check_names_each_impossible_or_unfinished_shape_at_its_line() -> None:
    result = check_agenda(load_agenda(SHAPES))
    assert [str(problem) for problem in result.problems] == [
        f"{SHAPES}:5: unfilled placeholder '*' in meeting.host: *",
        f"{SHAPES}:15: rule 'unanimous' of all 5 members cannot be met: at most 3 can be "
        "present (2 absent)",
        f"{SHAPES}:17: the 'passed' branch has no steps: say what the chair reads then",
        f"{SHAPES}:20: a decision with 'counted: false' has no counts: its rule and 'of' are "
        "unused",
        f"{SHAPES}:29: 2 candidates for 3 seats: some seats cannot be filled",
        f"{SHAPES}:31: rule 'two_thirds' of all 5 members cannot be met: at most 3 can be "
        "present (2 absent)",
        f"{SHAPES}:32: {{for}} is only filled in a vote's passed/failed line",
    ]
    assert result.summary.endswith(
        "2 items, 0 lines, 0 cues, 2 votes, 1 election; "
        "planned 15 min, estimated from text 17 min; 7 warnings"
    )


def test_fields_inside_a_branch_and_an_elections_result_are_known() -> None:
    assert check_agenda(load_agenda(ELECTION)).problems == []
    problems = check_agenda(load_agenda(BRANCHES)).problems
    assert all("has no planned time" in problem.message for problem in problems)


def test_check_of_the_election_meeting_is_clean_even_under_strict() -> None:
    assert main(["check", "--strict", str(ELECTION)]) == 0

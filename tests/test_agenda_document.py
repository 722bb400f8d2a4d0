"""The agenda document behind the prepare screen: pure edits, each undoable, each leaving a file
the safe loader accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.agenda.document import AgendaDocument, EditRefused, Role
from tests.conftest import SAMPLE, SMALL


def open_doc(path: Path = SAMPLE) -> AgendaDocument:
    return AgendaDocument(path.read_text(encoding="utf-8"), path)


def test_an_unedited_document_writes_the_file_back_byte_for_byte() -> None:
    document = open_doc()
    assert document.text == SAMPLE.read_text(encoding="utf-8")
    assert not document.dirty and document.has_comments


@pytest.mark.parametrize("role", list(Role))
def test_every_role_change_that_is_allowed_leaves_a_valid_agenda_and_undoes_exactly(
    role: Role,
) -> None:
    changed = 0
    for source in (SAMPLE, SMALL):
        document = open_doc(source)
        before = document.text
        for row in document.rows():
            if row.role is role:
                continue
            try:
                document.set_role(row.path, role)
            except EditRefused:
                assert document.text == before  # a refusal changes nothing
                continue
            loaded, problems, _ = document.validate()
            assert loaded is not None, [str(p) for p in problems]
            changed += 1
            assert document.undo()
            assert document.text == before
    assert changed


def test_split_then_join_gives_the_paragraph_back() -> None:
    document = open_doc()
    path = ("opening", 3)
    words = document.node(path)
    at = words.index("下面会议依次进行。")
    new = document.split(path, at)
    assert document.node(new) == "下面会议依次进行。"
    document.merge_next(path)
    assert document.node(path) == words
    with pytest.raises(EditRefused):
        document.split(path, 0)


def test_a_placeholder_is_filled_everywhere_its_context_repeats() -> None:
    document = open_doc()
    places = document.placeholders()
    first = places[0]
    same = [p for p in places if p.context == first.context]
    filled = document.fill(first, "市", every=True)
    assert filled == len(same)
    assert len(document.placeholders()) == len(places) - filled


def test_a_placeholder_becomes_a_named_field() -> None:
    document = open_doc(SMALL)
    [place] = document.placeholders()
    document.fill(place, "王五", name="讲话人")
    loaded, _, _ = document.validate()
    assert loaded is not None
    assert loaded.agenda.meeting.names["讲话人"] == "王五"
    assert loaded.agenda.items[2].steps[0].line == "请{讲话人}同志讲话。"  # type: ignore[union-attr]


def test_meeting_fields_take_lists_as_people_type_them() -> None:
    document = open_doc(SMALL)
    document.set_meeting("attendees", "李四、王五, 赵六")
    document.set_meeting("members", "9")
    document.set_meeting("absent", "钱七")
    loaded, _, _ = document.validate()
    assert loaded is not None
    meeting = loaded.agenda.meeting
    assert meeting.attendees == ("李四", "王五", "赵六") and meeting.members == 9
    assert meeting.absent[0].name == "钱七"
    with pytest.raises(EditRefused):
        document.set_meeting("members", "many")


def test_fields_are_checked_as_the_loader_would() -> None:
    document = open_doc(SMALL)
    vote = ("items", 1, "steps", 1)
    document.set_field(vote, "counted", "false")
    document.set_field(vote, "planned", "3")  # bare minutes
    assert document.node(vote)["planned"] == "3m"
    for key, value in (("rule", "most"), ("planned", "soon"), ("of", "all")):
        with pytest.raises((EditRefused, ValueError)):
            document.set_field(vote, key, value)
    loaded, _, _ = document.validate()
    assert loaded is not None


def test_the_first_items_start_can_join_the_opening_and_the_last_line_the_closing() -> None:
    document = open_doc()
    rows = document.rows()
    document.set_role(rows[4].path, Role.OPENING)
    assert document.rows()[4].role is Role.OPENING
    last = [row for row in document.rows() if row.item == 3][-1]
    document.set_role(last.path, Role.CLOSING)
    closing = [row for row in document.rows() if row.role is Role.CLOSING]
    assert closing[0].text == last.text

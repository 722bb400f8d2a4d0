"""Wrapping the chair's line by cells, keeping closing punctuation off line starts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style

from facilitator.tui.widgets.line import styled_wrapped
from facilitator.tui.wrap import CLOSING, OPENING, truncate_cells, wrap_cells, wrap_spans

LINE = "首先，进行会议第一项议程，请*同志作主题教育前期准备情况的相关汇报。（汇报毕）"


def test_chinese_wraps_by_cells_not_characters() -> None:
    lines = wrap_cells("一二三四五六七八九十", 8)
    assert lines == ["一二三四", "五六七八", "九十"]


def test_closing_punctuation_never_begins_a_line() -> None:
    # At 10 cells "首先，进行" fits exactly; the naive break would put "，" first elsewhere.
    for width in range(4, 40):
        for line in wrap_cells(LINE, width)[1:]:
            assert line[0] not in CLOSING, (width, line)


def test_a_closing_mark_takes_the_character_before_it_to_the_next_line() -> None:
    assert wrap_cells("一二三四。", 8) == ["一二三", "四。"]
    assert wrap_cells("一二三（四）。", 8) == ["一二三", "（四）。"]


def test_opening_punctuation_never_ends_a_line() -> None:
    for width in range(4, 40):
        for line in wrap_cells("会议审议的主要文件有，《工作规则》和《办公室工作规则》。", width):
            assert line[-1] not in OPENING, (width, line)


def test_latin_words_stay_whole_and_spaces_at_breaks_go() -> None:
    assert wrap_cells("Review the 季度报告 today", 12) == ["Review the", "季度报告", "today"]


def test_explicit_newlines_are_kept() -> None:
    assert wrap_cells("甲乙\n\n丙", 10) == ["甲乙", "", "丙"]


def test_a_word_wider_than_the_line_is_cut() -> None:
    assert wrap_cells("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_spans_index_the_original_text() -> None:
    spans = wrap_spans(LINE, 12)
    assert "".join(LINE[start:end] for start, end in spans) == LINE


@given(
    st.text(alphabet="一二三四五六七八，。、；：！？）》」『《（abc 12", max_size=120),
    st.integers(min_value=2, max_value=60),
)
def test_no_line_is_wider_than_the_width_and_no_character_is_lost(text: str, width: int) -> None:
    lines = wrap_cells(text, width)
    for line in lines:
        assert cell_len(line) <= width
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_truncation_is_by_cells_and_ascii() -> None:
    assert truncate_cells("听取主题教育前期准备情况汇报", 10) == "听取主题.."
    assert truncate_cells("short", 10) == "short"
    assert cell_len(truncate_cells("听取主题教育", 9)) <= 9


def test_placeholders_and_unfilled_fields_are_marked_after_wrapping() -> None:
    mark = Style(bold=True)
    text = styled_wrapped("请*同志宣布，应到{members}人，实到{present}人。", 30, Style(), mark)
    assert len(text.plain.split("\n")) == 2
    marked = sorted(text.plain[span.start : span.end] for span in text.spans if span.style == mark)
    assert marked == ["*", "{members}", "{present}"]

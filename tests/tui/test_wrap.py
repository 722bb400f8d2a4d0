"""Wrapping the chair's line by cells, keeping closing punctuation off line starts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

import facilitator.tui.widgets.line as line_module
from facilitator.engine.script import PLACEHOLDER
from facilitator.tui import wrap
from facilitator.tui.widgets.line import UNFILLED_FIELD, NextLine, styled_wrapped
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


def _sliced(text: str, width: int, base: Style, mark: Style) -> Text:
    """How the line was styled before: one styled Text, sliced per line (quadratic)."""
    styled = Text(text, style=base)
    for pattern in (PLACEHOLDER, UNFILLED_FIELD):
        for match in pattern.finditer(text):
            styled.stylize(mark, match.start(), match.end())
    return Text("\n").join([styled[start:end] for start, end in wrap_spans(text, width)])


def _marked(text: Text, mark: Style) -> list[tuple[int, str]]:
    """Each character of a rendered text with whether it carries ``mark``."""
    flags = [0] * len(text.plain)
    for span in text.spans:
        if span.style == mark:
            for index in range(span.start, span.end):
                flags[index] = 1
    return list(zip(flags, text.plain, strict=True))


@given(
    st.text(alphabet="一二三，。*{ab}（） x", max_size=80),
    st.integers(min_value=2, max_value=30),
)
def test_lines_styled_one_by_one_match_the_sliced_paragraph(text: str, width: int) -> None:
    mark = Style(bold=True)
    assert _marked(styled_wrapped(text, width, Style(), mark), mark) == _marked(
        _sliced(text, width, Style(), mark), mark
    )


def test_a_long_paragraph_is_wrapped_and_styled_in_work_linear_in_its_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Measured work, not time: every character cell_len is asked about, and no slicing of a
    # styled Text (which copies the whole paragraph each time: N squared over the width).
    measured = [0]

    def counting_cell_len(text: str) -> int:
        measured[0] += len(text)
        return cell_len(text)

    def no_slicing(self: Text, index: object) -> Text:
        raise AssertionError("a styled paragraph was sliced")

    monkeypatch.setattr(wrap, "cell_len", counting_cell_len)
    monkeypatch.setattr(Text, "__getitem__", no_slicing)
    paragraph = ("请*同志宣布，应到{members}人。" + "主题教育扎实开展" * 12) * 1_000
    text = styled_wrapped(paragraph, 80, Style(), Style(bold=True))
    assert text.plain.replace("\n", "") == paragraph
    assert measured[0] <= 2 * len(paragraph)


def test_the_next_line_wraps_only_the_head_of_a_long_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paragraph = "主题教育扎实开展，持续推动（走深走实）。" * 2_000
    first, second, third = wrap_cells(paragraph, 40)[:3]
    expected = [first, second, truncate_cells(third + "一", 40)]  # cut, as there is more
    seen: list[int] = []
    real = wrap_spans

    def recording(text: str, width: int) -> list[tuple[int, int]]:
        seen.append(len(text))
        return real(text, width)

    monkeypatch.setattr(line_module, "wrap_spans", recording)
    widget = NextLine()
    widget.text = paragraph
    assert widget._body(40) == expected
    assert max(seen) <= (NextLine.MAX_LINES + 2) * 40

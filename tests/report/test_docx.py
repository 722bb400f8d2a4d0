"""The .docx minutes, opened with python-docx: paragraphs, the timing table, Chinese fonts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from facilitator.report.export import export_journal


@pytest.fixture
def minutes(finished_journal: Path) -> Path:
    return export_journal(finished_journal, "docx")


def test_the_minutes_have_a_title_sections_and_the_items(minutes: Path) -> None:
    document = docx.Document(str(minutes))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "测试委员会第三次会议记录")
    assert ("Normal", "日期：2026年11月27日") in paragraphs
    assert ("Normal", "时间：09:00–09:37，历时37分22秒（其中休会10分00秒）") in paragraphs
    assert ("Normal", "出席：应到7人，实到6人，符合规定人数。") in paragraphs
    assert [text for style, text in paragraphs if style == "Heading 2"] == [
        "一、听取工作汇报",
        "二、审议《工作规则》",
        "三、领导讲话",
    ]
    assert (
        "Normal",
        "发言人：李四同志汇报，用时9分00秒（计划8分00秒，超时1分00秒）",
    ) in paragraphs
    assert (
        "Normal",
        "表决：以举手表决方式表决《工作规则》：到会6人，赞成5票，反对0票，弃权1票。"
        "按到会成员三分之二以上同意的规则，通过。",
    ) in paragraphs
    assert ("Normal", "备注：09:04 李四同志汇报了上半年工作。") in paragraphs


def test_the_minutes_have_a_timing_table_that_adds_up(minutes: Path) -> None:
    [table] = docx.Document(str(minutes)).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "议程", "计划", "实际", "超时/提前"]
    assert rows[2] == ["一", "听取工作汇报", "10分00秒", "9分25秒", "-35秒"]
    assert rows[-1] == ["", "合计", "23分10秒", "27分22秒", "+4分12秒"]
    assert len(rows) == 1 + 1 + 3 + 1 + 1  # header, opening, three items, closing, total


def test_the_timing_table_gives_the_titles_the_room_and_fills_the_text_width(
    minutes: Path,
) -> None:
    [table] = docx.Document(str(minutes)).tables
    grid = [column.width.cm for column in table.columns]
    assert grid[1] > 2 * max(grid[2:])  # titles do not wrap three characters a line
    assert grid[0] < grid[2]
    assert sum(grid) == pytest.approx(21 - 2 * 2.8, abs=0.01)  # A4 less the margins
    for column in table.columns:
        assert {cell.width for cell in column.cells} == {column.width}  # Word reads the cells


def test_body_and_headings_set_an_east_asian_font(minutes: Path) -> None:
    document = docx.Document(str(minutes))
    expected = {"Normal": "仿宋", "Heading 1": "黑体", "Heading 2": "黑体", "Title": "宋体"}
    for name, face in expected.items():
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts is not None
        assert fonts.get(qn("w:eastAsia")) == face
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override it
    with zipfile.ZipFile(minutes) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋"' in styles


def test_the_page_is_a4(minutes: Path) -> None:
    section = docx.Document(str(minutes)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_english_minutes_use_english_words(english_journal: Path) -> None:
    document = docx.Document(str(export_journal(english_journal, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Minutes: 测试委员会第三次会议"
    assert "1. 听取工作汇报" in texts
    assert document.tables[0].rows[0].cells[0].text == "No."


def test_unfinished_minutes_say_so(live_journal: Path) -> None:
    document = docx.Document(str(export_journal(live_journal, "docx")))
    assert "会议尚未结束，本记录截至09:22。" in [p.text for p in document.paragraphs]

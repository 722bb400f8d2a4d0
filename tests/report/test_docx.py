"""The .docx minutes, opened with python-docx: paragraphs, the timing table, Chinese fonts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from facilitator.report.docx import display_width
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
    grid = [column.width.mm for column in table.columns]
    assert grid[1] >= 40  # titles do not wrap three characters a line
    assert grid[0] < grid[2]
    assert sum(grid) == pytest.approx(156, abs=0.1)  # A4 less the GB/T 9704 side margins
    for column in table.columns:
        assert {cell.width for cell in column.cells} == {column.width}  # Word reads the cells


def test_no_duration_can_break_inside_its_cell(minutes: Path) -> None:
    [table] = docx.Document(str(minutes)).tables
    em_mm = 14 / 72 * 25.4  # 四号
    for column in (2, 3, 4):
        width_mm = table.columns[column].width.mm
        for cell in table.columns[column].cells:
            assert cell._tc.tcPr.find(qn("w:noWrap")) is not None
            assert display_width(cell.text) * em_mm + 3.8 <= width_mm, cell.text
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None  # on every page


def test_the_page_follows_gb_t_9704(minutes: Path) -> None:
    document = docx.Document(str(minutes))
    section = document.sections[0]
    margins = [
        round(getattr(section, name).mm, 1)
        for name in ("page_width", "page_height", "top_margin", "bottom_margin")
    ]
    assert margins == [210, 297, 37, 35]
    left, right = section.left_margin, section.right_margin
    assert left is not None and right is not None
    assert (round(left.mm, 1), round(right.mm, 1)) == (28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    line_pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert 21.5 < 225 / 25.4 * 72 / line_pitch_pt < 22.5  # 22 lines in the 225 mm text area
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    character_pt = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * character_pt <= 156 / 25.4 * 72 < 29 * character_pt  # 28 characters a line


def test_each_style_and_run_names_its_east_asian_face_and_size(minutes: Path) -> None:
    document = docx.Document(str(minutes))
    expected = {
        "Normal": ("仿宋_GB2312", 16),
        "Title": ("方正小标宋简体", 22),
        "Heading 1": ("黑体", 16),
        "Heading 2": ("楷体_GB2312", 16),
    }
    for name, (face, size) in expected.items():
        style = document.styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == face
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override it
        assert style.font.size.pt == size
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    cells = document.tables[0]._cells
    runs += [run for cell in cells for paragraph in cell.paragraphs for run in paragraph.runs]
    assert runs
    for run in runs:
        properties = run._element.rPr
        fonts = properties.find(qn("w:rFonts")) if properties is not None else None
        assert fonts is not None and fonts.get(qn("w:eastAsia")), run.text


def test_the_font_table_declares_every_face_with_its_fallback(minutes: Path) -> None:
    with zipfile.ZipFile(minutes) as package:
        table = package.read("word/fontTable.xml").decode("utf-8")
    for face, fallback in (
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("方正小标宋简体", "宋体"),
    ):
        assert f'<w:font w:name="{face}"><w:altName w:val="{fallback}"/>' in table
    assert '<w:font w:name="黑体">' in table
    assert "ＭＳ" not in table  # the template's Japanese faces are gone


def test_pages_are_numbered_on_the_outside_edge(minutes: Path) -> None:
    document = docx.Document(str(minutes))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment is not None and paragraph.alignment.name == side
        xml = paragraph._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert paragraph.text == "— 1 —"


def test_the_properties_name_the_meeting_not_the_library(minutes: Path) -> None:
    properties = docx.Document(str(minutes)).core_properties
    assert properties.title == "测试委员会第三次会议记录"
    said = " ".join([properties.author, properties.comments, properties.last_modified_by])
    assert "python-docx" not in said


def test_english_minutes_use_english_words(english_journal: Path) -> None:
    document = docx.Document(str(export_journal(english_journal, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Minutes: 测试委员会第三次会议"
    assert "1. 听取工作汇报" in texts
    assert document.tables[0].rows[0].cells[0].text == "No."


def test_unfinished_minutes_say_so(live_journal: Path) -> None:
    document = docx.Document(str(export_journal(live_journal, "docx")))
    assert "会议尚未结束，本记录截至09:22。" in [p.text for p in document.paragraphs]

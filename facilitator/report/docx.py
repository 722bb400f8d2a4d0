"""``--format docx``: the minutes (会议记录) as a Word document laid out to GB/T 9704-2012.

The national standard for official documents (党政机关公文格式) is what a secretariat files:

- A4, margins top 37 mm, bottom 35 mm, left (binding) 28 mm, right 26 mm: a 156 × 225 mm text
  area holding 22 lines of 28 characters;
- title 方正小标宋简体 二号 (22 pt); body 仿宋_GB2312 三号 (16 pt); first-level headings 黑体,
  second-level 楷体_GB2312, both 三号; tables 仿宋 四号;
- page numbers "— 1 —" in 宋体 四号 at the foot, on the outside edge one character in (odd pages
  right, even pages left), 7 mm below the text area.

The 22 lines are a line grid (``w:docGrid`` of type ``lines``); the 28 characters come from a
character spacing of −0.25 pt on the body (16 − 0.25 = 15.75 pt a character, 28 of them in the
156 mm line). A character grid (``linesAndChars``) would say the same to Word, but LibreOffice
then gives every character narrower than the grid pitch two cells, spreading the text apart.

Word picks a run's font per script: ``w:ascii``/``w:hAnsi`` for Latin letters and digits,
``w:eastAsia`` for Chinese. python-docx's ``font.name`` sets only the Latin ones, so the Chinese
faces are set on each style's and each run's ``w:rFonts`` directly, and the template's
theme-font attributes (``w:eastAsiaTheme`` …), which would override them, are removed. The
GB2312 faces are not on every machine: the font table declares each with the common face to use
instead (仿宋, 楷体, 宋体).

python-docx is imported only here and only when a .docx is asked for.
"""

from __future__ import annotations

import io
import itertools
import math
import unicodedata
from datetime import UTC
from typing import Any
from xml.sax.saxutils import quoteattr

from facilitator.report.minutes import Block, Heading, Line, Remark, Table, minutes_blocks
from facilitator.report.timing import MeetingTiming
from facilitator.report.wording import wording

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TABLE_FONT = BODY_FONT
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

FONT_FALLBACKS: dict[str, str | None] = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    SUBHEADING_FONT: "楷体",
    HEADING_FONT: None,
    "宋体": None,
    "仿宋": None,
    "楷体": None,
}
"""Every East Asian face the minutes name, with the face to use where it is not installed."""

SIZE_ER = 22.0
"""二号, in points."""
SIZE_SAN = 16.0
"""三号."""
SIZE_SI = 14.0
"""四号."""

PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
"""156 mm."""
TEXT_HEIGHT_MM = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
"""225 mm."""
GRID_LINES = 22
GRID_CHARS = 28
POINTS_PER_MM = 72 / 25.4

LINE_PITCH_TWIPS = int(TEXT_HEIGHT_MM * POINTS_PER_MM * 20 / GRID_LINES)
"""Twips (1/20 pt) from one grid line to the next: 22 lines fill the text height."""
CHAR_SPACING_TWENTIETHS = math.floor((TEXT_WIDTH_MM * POINTS_PER_MM / GRID_CHARS - SIZE_SAN) * 20)
"""The body's character spacing, in 1/20 pt (negative: condensed), so 28 characters of 三号
fit the line."""
FOOTER_DISTANCE_MM = MARGINS_MM["bottom"] - 7 - SIZE_SI / POINTS_PER_MM
"""From the page's bottom edge to the page number's baseline box: its top 7 mm below the text."""


class DocxUnavailable(Exception):
    """python-docx is not installed."""


def _require_docx() -> Any:
    try:
        import docx
    except ImportError:
        raise DocxUnavailable(
            "writing .docx needs python-docx: pip install 'facilitator[docx]'"
        ) from None
    return docx


def set_fonts(
    style: Any, east_asia: str, size_pt: float, *, bold: bool | None = None, latin: str = LATIN_FONT
) -> None:
    """Set a style's Latin and East Asian font, size and weight, in black, without theme fonts."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style.font
    font.name = latin
    font.size = Pt(size_pt)
    font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    color = rpr.find(qn("w:color"))
    if color is not None:
        for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(theme), None)


def set_run_fonts(run: Any, east_asia: str, size_pt: float | None = None) -> None:
    """Name the East Asian (and Latin) face on one run too, so no run falls back to a theme font
    whatever style it is later given."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def _set_language(style: Any, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB" if language == "en" else "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_spacing(style: Any, twentieths: int) -> None:
    """Character spacing (``w:spacing``, in 1/20 pt) on a style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(twentieths))


def _setup(document: Any, language: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    _line_grid(section)

    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, BODY_FONT, SIZE_SAN)
    _set_language(normal, language)
    _set_spacing(normal, CHAR_SPACING_TWENTIETHS)
    normal.paragraph_format.line_spacing = None  # the line grid sets the lines
    normal.paragraph_format.space_after = Pt(0)

    title = styles["Title"]
    set_fonts(title, TITLE_FONT, SIZE_ER, bold=False)
    _set_spacing(title, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(SIZE_SAN)
    border = title.element.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"
    )
    if border is not None:
        title.element.pPr.remove(border)

    for name, face in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        heading = styles[name]
        set_fonts(heading, face, SIZE_SAN, bold=False)
        heading.paragraph_format.space_before = Pt(0)
        heading.paragraph_format.space_after = Pt(0)
        heading.paragraph_format.first_line_indent = Pt(2 * SIZE_SAN)
    _page_numbers(document, section)
    _font_table(document)


def _line_grid(section: Any) -> None:
    """22 lines to the text area (``w:docGrid``, type ``lines``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = section._sectPr
    grid = properties.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        properties.append(grid)
    grid.attrib.pop(qn("w:charSpace"), None)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _page_numbers(document: Any, section: Any) -> None:
    """ "— 1 —" at the foot, on the outside edge one character in: right on odd pages, left on
    even ones (separate odd and even footers)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(SIZE_SI)
        else:
            paragraph.paragraph_format.left_indent = Pt(SIZE_SI)
        paragraph.paragraph_format.first_line_indent = Pt(0)
        set_run_fonts(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_SI)
        _page_field(paragraph)
        set_run_fonts(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_SI)


def _page_field(paragraph: Any) -> None:
    """A PAGE field (begin, instruction, separate, a placeholder 1, end) in 宋体 四号."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_char(kind: str) -> None:
        run = paragraph.add_run()
        set_run_fonts(run, PAGE_NUMBER_FONT, SIZE_SI)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._element.append(char)

    field_char("begin")
    instruction = paragraph.add_run()
    set_run_fonts(instruction, PAGE_NUMBER_FONT, SIZE_SI)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._element.append(text)
    field_char("separate")
    set_run_fonts(paragraph.add_run("1"), PAGE_NUMBER_FONT, SIZE_SI)
    field_char("end")


def _font_table(document: Any) -> None:
    """Replace the template's font table (Latin and Japanese faces) with the faces used here,
    each GB2312 face with the common one to use where it is missing (``w:altName``)."""
    parts = document.part.package.iter_parts()
    part = next(part for part in parts if part.partname == "/word/fontTable.xml")
    entries = [
        f'<w:font w:name={quoteattr(LATIN_FONT)}><w:charset w:val="00"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    ]
    for face, fallback in FONT_FALLBACKS.items():
        alternative = f"<w:altName w:val={quoteattr(fallback)}/>" if fallback else ""
        entries.append(
            f'<w:font w:name={quoteattr(face)}>{alternative}<w:charset w:val="86"/>'
            '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(entries)
        + "</w:fonts>"
    )
    part._blob = xml.encode("utf-8")


def _line(document: Any, block: Line, separator: str) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(2 * SIZE_SAN)  # two characters
    if block.label:
        label = paragraph.add_run(block.label + separator)
        label.bold = True
        set_run_fonts(label, BODY_FONT)
    set_run_fonts(paragraph.add_run(block.text), BODY_FONT)


def display_width(text: str) -> float:
    """Width in ems, generously: a Chinese character (or a full-width sign) one; a digit or a
    Latin letter 0.6 (Times New Roman's digits are 0.5 em, a substituted face's more); and a
    quarter em where Chinese meets digits, which LibreOffice adds even when told not to."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    changes = sum(1 for left, right in itertools.pairwise(wide) if left != right)
    return sum(1.0 if is_wide else 0.6 for is_wide in wide) + 0.25 * changes


CELL_PADDING_MM = 4.8
"""Word's default left and right cell margins (1.9 mm each), and a millimetre of air."""
MIN_TITLE_MM = 40.0
"""The item-title column never gets less than this."""


def column_widths_mm(block: Table) -> list[float]:
    """The number column and every duration column as wide as its longest entry in 四号 (so a
    duration such as "1小时00分39秒" never breaks), the titles the rest of the text width."""
    em_mm = SIZE_SI / POINTS_PER_MM
    columns = len(block.header)
    widths: dict[int, float] = {}
    for column in range(columns):
        if column == 0 or column in block.numeric:
            longest = max(display_width(row[column]) for row in (block.header, *block.rows))
            widths[column] = longest * em_mm + CELL_PADDING_MM
    free = [column for column in range(columns) if column not in widths]
    rest = TEXT_WIDTH_MM - sum(widths.values())
    if free and rest < MIN_TITLE_MM * len(free):  # too narrow: the numbers give way evenly
        scale = (TEXT_WIDTH_MM - MIN_TITLE_MM * len(free)) / sum(widths.values())
        widths = {column: width * scale for column, width in widths.items()}
        rest = MIN_TITLE_MM * len(free)
    share = rest / max(1, len(free))
    return [widths.get(column, share) for column in range(columns)]


def _table(document: Any, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width_mm in enumerate(column_widths_mm(block)):
        width = Mm(width_mm)
        table.columns[column].width = width  # the grid, which LibreOffice follows
        for cell in table.columns[column].cells:  # the cells, which Word follows
            cell.width = width
    for row_index, row in enumerate(table.rows):  # no row split across pages; the header repeats
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if row_index == 0:
            properties.append(OxmlElement("w:tblHeader"))
    last = len(block.rows)
    for row_index, cells in enumerate((block.header, *block.rows)):
        bold = row_index == 0 or (block.total and row_index == last)
        for column, text in enumerate(cells):
            cell = table.cell(row_index, column)
            if column in block.numeric:
                cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            # Table rows keep their own height (off the line grid), and no extra space between
            # digits and Chinese, so "11分30秒" is as wide as its column was measured for.
            for tag in ("w:snapToGrid", "w:autoSpaceDE", "w:autoSpaceDN"):
                off = OxmlElement(tag)
                off.set(qn("w:val"), "0")
                paragraph._p.get_or_add_pPr().append(off)
            if row_index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif column in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(text)
            set_run_fonts(run, TABLE_FONT, SIZE_SI)
            run.font.spacing = Pt(0)
            run.bold = bold


def render_docx(timing: MeetingTiming) -> bytes:
    """The .docx minutes' bytes; :class:`DocxUnavailable` without python-docx."""
    docx = _require_docx()
    words = wording(timing.language)
    separator = words.colon
    document = docx.Document()
    _setup(document, words.language)
    blocks: list[Block] = minutes_blocks(timing)
    faces = {1: HEADING_FONT, 2: SUBHEADING_FONT}
    for block in blocks:
        match block:
            case Heading(level=0, text=text):
                set_run_fonts(document.add_paragraph(style="Title").add_run(text), TITLE_FONT)
            case Heading(level=level, text=text):
                heading = document.add_heading(level=level)
                set_run_fonts(heading.add_run(text), faces.get(level, HEADING_FONT))
            case Line():
                _line(document, block, separator)
            case Remark(text=text):
                remark = document.add_paragraph().add_run(text)
                remark.bold = True
                set_run_fonts(remark, BODY_FONT)
            case Table():
                _table(document, block)

    properties = document.core_properties
    properties.title = blocks[0].text if isinstance(blocks[0], Heading) else timing.title
    properties.subject = timing.title
    properties.author = ""  # whoever files the minutes, not the library
    properties.last_modified_by = ""
    properties.comments = ""  # the template's says "generated by python-docx"
    properties.revision = 1
    stamp = timing.ended_at or timing.now_at or timing.started_at
    if stamp is not None:
        properties.created = properties.modified = stamp.astimezone(UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

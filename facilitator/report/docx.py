"""``--format docx``: the minutes (会议记录) as a Word document, set the way Chinese minutes are.

python-docx is an optional extra (``pip install 'facilitator[docx]'``), imported only here and
only when a .docx is asked for.

Word picks a run's font per script: ``w:ascii``/``w:hAnsi`` for Latin letters and digits,
``w:eastAsia`` for Chinese. python-docx's ``font.name`` sets only the Latin ones, so the Chinese
faces are set on each style's ``w:rPr/w:rFonts`` directly, and the template's theme-font
attributes (``w:eastAsiaTheme`` …), which would override them, are removed. Body text is 仿宋
四号 (14 pt), headings 黑体, the title 宋体 二号 (22 pt) bold, on A4.
"""

from __future__ import annotations

import io
from datetime import UTC
from typing import Any

from facilitator.report.minutes import Block, Heading, Line, Remark, Table, minutes_blocks
from facilitator.report.timing import MeetingTiming
from facilitator.report.wording import wording

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"


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


def _setup(document: Any, language: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.8)

    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, BODY_FONT, 14)
    _set_language(normal, language)
    normal.paragraph_format.line_spacing = 1.25
    normal.paragraph_format.space_after = Pt(0)

    title = styles["Title"]
    set_fonts(title, TITLE_FONT, 22, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    border = title.element.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"
    )
    if border is not None:
        title.element.pPr.remove(border)

    for name, size in (("Heading 1", 16), ("Heading 2", 14)):
        heading = styles[name]
        set_fonts(heading, HEADING_FONT, size, bold=False)
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)


def _line(document: Any, block: Line, separator: str) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(28)  # two characters of 四号
    if block.label:
        paragraph.add_run(block.label + separator).bold = True
    paragraph.add_run(block.text)


TEXT_WIDTH_CM = 21 - 2 * 2.8
"""A4 less the side margins set in :func:`_setup`."""


def _column_widths(columns: int, numeric: tuple[int, ...]) -> list[Any]:
    """A narrow number column first, 2.8 cm for each duration, the rest to the titles, so an
    item's title does not wrap into a column of three characters a line."""
    from docx.shared import Cm

    fixed = {0: 1.4} | dict.fromkeys(numeric, 2.8)
    free = [column for column in range(columns) if column not in fixed]
    rest = (TEXT_WIDTH_CM - sum(fixed.values())) / max(1, len(free))
    return [Cm(fixed.get(column, rest)) for column in range(columns)]


def _table(document: Any, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in enumerate(_column_widths(len(block.header), block.numeric)):
        table.columns[column].width = width  # the grid, which LibreOffice follows
        for cell in table.columns[column].cells:  # the cells, which Word follows
            cell.width = width
    last = len(block.rows)
    for row_index, cells in enumerate((block.header, *block.rows)):
        bold = row_index == 0 or (block.total and row_index == last)
        for column, text in enumerate(cells):
            paragraph = table.cell(row_index, column).paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            if row_index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif column in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(text)
            run.font.size = Pt(12)
            run.bold = bold


def render_docx(timing: MeetingTiming) -> bytes:
    """The .docx minutes' bytes; :class:`DocxUnavailable` without python-docx."""
    docx = _require_docx()
    words = wording(timing.language)
    separator = words.colon
    document = docx.Document()
    _setup(document, words.language)
    blocks: list[Block] = minutes_blocks(timing)
    for block in blocks:
        match block:
            case Heading(level=0, text=text):
                document.add_paragraph(text, style="Title")
            case Heading(level=level, text=text):
                document.add_heading(text, level=level)
            case Line():
                _line(document, block, separator)
            case Remark(text=text):
                document.add_paragraph().add_run(text).italic = True
            case Table():
                _table(document, block)

    properties = document.core_properties
    properties.title = blocks[0].text if isinstance(blocks[0], Heading) else timing.title
    properties.author = "facilitator"
    properties.last_modified_by = "facilitator"
    properties.revision = 1
    stamp = timing.ended_at or timing.now_at or timing.started_at
    if stamp is not None:
        properties.created = properties.modified = stamp.astimezone(UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

"""``--format md``: the minutes (会议记录) as Markdown, in the agenda's language.

Text from the agenda and the operator's notes is escaped, so a placeholder such as ``*同志``
stays a literal asterisk instead of starting emphasis. UTF-8, LF line ends, no BOM.
"""

from __future__ import annotations

import re

from facilitator.report.minutes import Block, Heading, Line, Remark, Table, minutes_blocks
from facilitator.report.timing import MeetingTiming
from facilitator.report.wording import wording

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def escape(text: str) -> str:
    """Backslash-escape what Markdown would read as markup; keep line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split("\n")))


def _table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(escape(cell) for cell in cells) + " |"

    rule = (
        "|"
        + "|".join(
            "---:" if index in table.numeric else "---" for index in range(len(table.header))
        )
        + "|"
    )
    lines = [row(table.header), rule]
    for index, cells in enumerate(table.rows):
        if table.total and index == len(table.rows) - 1:
            cells = tuple(f"**{cell}**" if cell else "" for cell in map(escape, cells))
            lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(row(cells))
    return lines


def render_blocks(blocks: list[Block], separator: str) -> str:
    """Markdown for the blocks; ``separator`` follows a line's label (``：`` or ``: ``)."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                if out and out[-1]:
                    out.append("")
                out.append("#" * (level + 1) + " " + escape(text))
                out.append("")
            case Line(text=text, label=label):
                lead = f"{escape(label)}{separator}" if label else ""
                out.append(f"- {lead}{escape(text)}")
            case Remark(text=text):
                if out and out[-1]:
                    out.append("")
                out.append(f"> {escape(text)}")
                out.append("")
            case Table():
                if out and out[-1]:
                    out.append("")
                out += _table(block)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def render_markdown(timing: MeetingTiming) -> bytes:
    """The Markdown minutes' bytes."""
    separator = wording(timing.language).colon
    return render_blocks(minutes_blocks(timing), separator).encode("utf-8")

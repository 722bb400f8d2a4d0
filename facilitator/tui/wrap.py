"""Wrapping the chair's line by terminal cells, the way Chinese typesetting wants it.

Rich wraps pure Chinese well, but mixed text badly: a run of Chinese with no spaces counts as
one word, and a line may begin with "，". :func:`wrap_spans` measures with
:func:`rich.cells.cell_len` and follows the basic line-breaking rules (禁则): closing punctuation
never begins a line, opening punctuation never ends one, a Latin word is not split unless it is
wider than the line.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

CLOSING = frozenset("，。、；：！？）》」』】〕〉”’,.;:!?)]}%")
"""Characters that must not begin a line."""
OPENING = frozenset("（《「『【〔〈“‘([{")
"""Characters that must not end a line."""

_WORD = re.compile(r"[A-Za-z0-9@#$&_'\-+=/\\.]+")
_SPACE = re.compile(r"[ \t]+")


def _atoms(text: str, base: int) -> list[tuple[int, int]]:
    """Split one paragraph into the smallest breakable pieces: (start, end) offsets."""
    atoms: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        match = _SPACE.match(text, index) or _WORD.match(text, index)
        end = match.end() if match else index + 1
        atoms.append((base + index, base + end))
        index = end
    return atoms


def _clusters(text: str, atoms: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue atoms that may not part: closing marks to what precedes, opening to what follows."""
    clusters: list[tuple[int, int]] = []
    glue_next = False
    for start, end in atoms:
        piece = text[start:end]
        is_space = piece.isspace()
        if clusters and not is_space and (glue_next or piece[0] in CLOSING):
            previous_start, previous_end = clusters[-1]
            if not text[previous_start:previous_end].isspace():
                clusters[-1] = (previous_start, end)
                glue_next = piece[-1] in OPENING
                continue
        clusters.append((start, end))
        glue_next = not is_space and piece[-1] in OPENING
    return clusters


def _hard_split(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Cut a cluster wider than the line by characters (it has no better break)."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    used = 0
    for index in range(start, end):
        cells = cell_len(text[index])
        if used + cells > width and index > piece_start:
            pieces.append((piece_start, index))
            piece_start, used = index, 0
        used += cells
    pieces.append((piece_start, end))
    return pieces


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Break ``text`` into lines no wider than ``width`` cells; return each line's offsets.

    Explicit newlines are kept; spaces at a break are dropped. Offsets index into ``text``, so a
    styled copy of the text can be cut at the same places.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    paragraph_start = 0
    for paragraph in text.split("\n"):
        paragraph_end = paragraph_start + len(paragraph)
        clusters = _clusters(text, _atoms(paragraph, paragraph_start))
        line_start: int | None = None
        line_end = paragraph_start
        used = 0
        for start, end in clusters:
            piece = text[start:end]
            cells = cell_len(piece)
            if piece.isspace():
                if line_start is None:
                    continue  # no line begins with a space
                if used + cells < width:
                    used += cells  # kept only if something follows on this line
                else:
                    lines.append((line_start, line_end))
                    line_start, used = None, 0
                continue
            if line_start is not None and used + cells > width:
                lines.append((line_start, line_end))
                line_start, used = None, 0
            if cells > width:
                *full, last = _hard_split(text, start, end, width)
                lines.extend(full)
                line_start, line_end, used = last[0], last[1], cell_len(text[last[0] : last[1]])
                continue
            if line_start is None:
                line_start, used = start, 0
            used += cells  # what the line holds since line_start: each piece counted once
            line_end = end
        lines.append((line_start, line_end) if line_start is not None else (paragraph_end,) * 2)
        paragraph_start = paragraph_end + 1
    return lines


def wrap_cells(text: str, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` cells (see :func:`wrap_spans`)."""
    return [text[start:end] for start, end in wrap_spans(text, width)]


def truncate_cells(text: str, width: int, marker: str = "..") -> str:
    """``text`` cut to ``width`` cells, ending in ``marker`` (ASCII, not an ambiguous ellipsis)."""
    if cell_len(text) <= width:
        return text
    room = max(0, width - cell_len(marker))
    kept: list[str] = []
    used = 0
    for char in text:
        cells = cell_len(char)
        if used + cells > room:
            break
        kept.append(char)
        used += cells
    return "".join(kept) + marker[: max(0, width - used)]


def pad_cells(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` cells (cut first if wider)."""
    text = truncate_cells(text, width)
    return text + " " * max(0, width - cell_len(text))

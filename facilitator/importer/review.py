"""Import with the review list: the agenda and every guess the operator should check.

The guesses (a vote's rule, the end of a branch, a cue's ``who``, an item reconciled with the
overview, an election's seats) are ``Note``s with the line of the script they come from, so
``facilitator import`` can print them as ``file:line: kind: message`` and ``--json`` can hand
them to the preparation screen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from facilitator.importer import read_script_paragraphs
from facilitator.importer.decoding import (
    _EDGE_BLANKS,
    ScriptImportError,
    decode_script_bytes,
)
from facilitator.importer.docx import is_docx
from facilitator.importer.parser import Note, not_a_script, parse_script
from facilitator.inputs import SCRIPT, InputError, read_input

__all__ = ["Note", "import_with_review", "paragraph_lines"]

_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]|\n")


def import_with_review(path: Path) -> tuple[dict[str, Any], list[Note]]:
    """The agenda dict of a script file and its review list, each note with its script line."""
    path = Path(path)
    paragraphs = read_script_paragraphs(path)
    if not paragraphs:
        raise ScriptImportError(path, "the script has no text")
    reason = not_a_script(paragraphs)
    if reason is not None:
        raise ScriptImportError(path, reason)
    lines = paragraph_lines(path, paragraphs)
    return parse_script(paragraphs, fallback_title=path.stem, lines=lines)


def paragraph_lines(path: Path, paragraphs: Sequence[str]) -> list[int]:
    """The line of a text file each paragraph starts on (a .docx: the paragraph's number)."""
    numbers = list(range(1, len(paragraphs) + 1))
    if path.suffix.lower() == ".docx" or is_docx(path):
        return numbers
    try:
        text = decode_script_bytes(read_input(path, SCRIPT), path)
    except (InputError, ScriptImportError):
        return numbers
    raw = [line.strip(_EDGE_BLANKS) for line in _BREAKS.split(text)]
    out: list[int] = []
    cursor = 0
    for paragraph in paragraphs:
        found = next(
            (i for i in range(cursor, len(raw)) if raw[i] and paragraph.startswith(raw[i])), None
        )
        if found is None:
            out.append(out[-1] if out else 1)
            continue
        out.append(found + 1)
        cursor = found + 1
    return out

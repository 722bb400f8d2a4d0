"""The text importer's public names, kept where they have always been imported from.

The work is split by job: ``decoding`` (bytes → text → paragraphs), ``patterns`` (the genre's
conventions as a table), ``tokens`` (lines and stage directions with their script lines) and
``parser`` (the machine that builds the agenda). See each module.
"""

from __future__ import annotations

from facilitator.importer.decoding import (
    ScriptImportError,
    decode_script_bytes,
    read_text_paragraphs,
    split_paragraphs,
)
from facilitator.importer.parser import (
    Note,
    detect_language,
    not_a_script,
    parse_paragraphs,
    parse_script,
)

__all__ = [
    "Note",
    "ScriptImportError",
    "decode_script_bytes",
    "detect_language",
    "not_a_script",
    "parse_paragraphs",
    "parse_script",
    "read_text_paragraphs",
    "split_paragraphs",
]

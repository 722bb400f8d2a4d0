"""Read the paragraphs of a .docx chair's script (python-docx is the optional ``docx`` extra)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from facilitator.importer.text import ScriptImportError, split_paragraphs

__all__ = ["is_docx", "read_docx_paragraphs"]


def is_docx(path: Path) -> bool:
    """True for a Word document, whatever its name says: a zip holding ``word/document.xml``."""
    try:
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def read_docx_paragraphs(path: Path) -> list[str]:
    """The document's paragraphs in reading order, table cells included, blank ones dropped.

    A soft line break inside a Word paragraph separates paragraphs here too, as a newline does
    in a text script, so both kinds of file go through the same paragraph parser.
    """
    try:
        import docx
    except ImportError as exc:
        raise ScriptImportError(
            path, "reading .docx needs python-docx: pip install 'facilitator[docx]'"
        ) from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise ScriptImportError(path, f"not a readable .docx file ({type(exc).__name__})") from exc
    return split_paragraphs("\n".join(_blocks(document)), unwrap=False)


def _blocks(document: Any) -> list[str]:
    """Paragraph texts of the body in document order, descending into tables cell by cell."""
    out: list[str] = []
    for block in document.iter_inner_content():
        if not hasattr(block, "rows"):
            out.append(block.text)
            continue
        seen: set[int] = set()  # a merged cell is returned once per grid position it spans
        for row in block.rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    out.extend(_blocks(cell))
    return out

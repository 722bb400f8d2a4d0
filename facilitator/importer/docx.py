"""Read the paragraphs of a .docx chair's script (python-docx is the optional ``docx`` extra)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, Final

from facilitator.importer.text import ScriptImportError, split_paragraphs
from facilitator.inputs import DOCX, InputError, MiB, read_input, size_text

__all__ = ["MAX_ENTRIES", "MAX_ENTRY_SIZE", "MAX_RATIO", "MAX_TOTAL_SIZE", "check_zip_sizes"]
__all__ += ["is_docx", "read_docx_paragraphs"]

#: A .docx is a zip; python-docx inflates every part of it into memory. These bound what it
#: may inflate, checked from the zip's directory before anything is inflated. The largest real
#: documents (hundreds of pages, pictures) stay far below them.
MAX_ENTRIES: Final = 10_000
MAX_ENTRY_SIZE: Final = 32 * MiB
MAX_TOTAL_SIZE: Final = 64 * MiB
#: Word's XML compresses 5 to 20 times; a larger entry packed tighter than this is a zip bomb.
MAX_RATIO: Final = 100
_RATIO_FROM: Final = 1 * MiB


def is_docx(data: bytes | Path) -> bool:
    """True for a Word document, whatever its name says: a zip holding ``word/document.xml``."""
    try:
        source: Any = io.BytesIO(data) if isinstance(data, bytes) else data
        if not zipfile.is_zipfile(source):
            return False
        with zipfile.ZipFile(source) as archive:
            return "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def check_zip_sizes(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a zip whose entries would inflate too far (by their declared sizes, which also
    bound what :mod:`zipfile` will inflate): too many, one too large or packed too tightly, or
    too much in all."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ScriptImportError(
            path, f"has {len(entries):,} parts; a .docx has at most {MAX_ENTRIES:,} (a zip bomb?)"
        )
    total = 0
    for entry in entries:
        size = entry.file_size
        if size > MAX_ENTRY_SIZE:
            raise ScriptImportError(
                path,
                f"part {entry.filename} inflates to {size_text(size)}, more than "
                f"{size_text(MAX_ENTRY_SIZE)} (a zip bomb?)",
            )
        if size > _RATIO_FROM and size > MAX_RATIO * max(entry.compress_size, 1):
            raise ScriptImportError(
                path,
                f"part {entry.filename} is compressed {size // max(entry.compress_size, 1):,} "
                f"to 1, more than {MAX_RATIO} to 1 (a zip bomb?)",
            )
        total += size
    if total > MAX_TOTAL_SIZE:
        raise ScriptImportError(
            path,
            f"inflates to {size_text(total)} in all, more than {size_text(MAX_TOTAL_SIZE)} "
            "(a zip bomb?)",
        )


def read_docx_paragraphs(path: Path, data: bytes | None = None) -> list[str]:
    """The document's paragraphs in reading order, table cells included, blank ones dropped.

    ``data`` is the file's bytes when already read (bounded, by
    :func:`facilitator.inputs.read_input`); the zip's declared sizes are checked before
    python-docx inflates anything.

    A soft line break inside a Word paragraph separates paragraphs here too, as a newline does
    in a text script, so both kinds of file go through the same paragraph parser.
    """
    if data is None:
        try:
            data = read_input(path, DOCX)
        except InputError as error:
            raise ScriptImportError(path, error.reason) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip_sizes(archive, path)
    except (zipfile.BadZipFile, OSError, ValueError):
        pass  # not a zip at all: python-docx says so below, in its own words
    try:
        import docx
    except ImportError as exc:
        raise ScriptImportError(
            path, "reading .docx needs python-docx: pip install 'facilitator[docx]'"
        ) from exc
    try:
        document = docx.Document(io.BytesIO(data))
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
        # A merged cell is returned once per grid position it spans: read it once. The set holds
        # the cell elements themselves, not their ids: a freed element's id is soon reused, and
        # a later cell with a recycled id would be dropped.
        seen: set[Any] = set()
        for row in block.rows:
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    out.extend(_blocks(cell))
    return out

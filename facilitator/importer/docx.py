"""Read the paragraphs of a .docx chair's script (python-docx is the optional ``docx`` extra)."""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from facilitator.importer.text import ScriptImportError, split_paragraphs
from facilitator.inputs import DOCX, InputError, MiB, read_input, size_text

__all__ = ["MAX_ENTRIES", "MAX_ENTRY_SIZE", "MAX_RATIO", "MAX_TOTAL_SIZE", "check_zip_sizes"]
__all__ += ["MAX_ELEMENTS", "MAX_PARAGRAPHS", "MAX_RUNS", "MAX_XML_PART", "MAX_XML_TOTAL"]
__all__ += ["TIME_BUDGET_S", "inflate_docx", "is_docx", "read_docx_paragraphs"]

#: A .docx is a zip. Its directory says how large each part is, and these bound what it may
#: declare, checked before anything is inflated. The largest real documents (hundreds of pages,
#: pictures) stay far below them.
MAX_ENTRIES: Final = 10_000
MAX_ENTRY_SIZE: Final = 32 * MiB
MAX_TOTAL_SIZE: Final = 64 * MiB
#: Word's XML compresses 5 to 20 times; a larger entry packed tighter than this is a zip bomb.
MAX_RATIO: Final = 100
_RATIO_FROM: Final = 1 * MiB

#: A directory may lie (CPython's zipfile believes it), so what is read is also bounded by what
#: actually inflates, counted chunk by chunk: only the XML parts are inflated (pictures, fonts and
#: embedded objects are never needed for the text, and python-docx gets them empty), at most
#: this much each and in all. A long script's ``document.xml`` is well under 2 MiB.
MAX_XML_PART: Final = 16 * MiB
MAX_XML_TOTAL: Final = 32 * MiB
#: What python-docx builds from the XML costs about 200 bytes an element, and reading the text
#: some 35 microseconds a paragraph and 20 a run: these keep a refusal, or the worst document
#: accepted, near a second and 150 MB. The sample meeting's script is 23 paragraphs (about 700
#: elements in Word); a 5,000-step agenda, the largest this program is sized for, comes from some
#: 5,000 paragraphs; every table cell holds at least one.
MAX_ELEMENTS: Final = 500_000
MAX_PARAGRAPHS: Final = 20_000
MAX_RUNS: Final = 100_000
#: A backstop for whatever the counts miss: reading stops after this many seconds.
TIME_BUDGET_S: Final = 5.0
_CHUNK: Final = 64 * 1024
_DAMAGED: Final = (zipfile.BadZipFile, zlib.error, OSError, ValueError, RuntimeError, EOFError)
#: How a paragraph begins in Word's XML, for the early count while inflating (the exact count,
#: whatever prefix the namespace has, is made on the parsed tree).
_PARAGRAPH_TAGS: Final = (b"<w:p>", b"<w:p ", b"<w:p/")


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


class _Budget:
    """What has been inflated and counted so far, and the time left."""

    def __init__(self, path: Path, clock: Callable[[], float]) -> None:
        self.path = path
        self.clock = clock
        self.deadline = clock() + TIME_BUDGET_S
        self.inflated = 0
        self.elements = 0
        self.paragraphs = 0

    def refuse(self, reason: str) -> ScriptImportError:
        return ScriptImportError(self.path, reason)

    def check_time(self) -> None:
        if self.clock() > self.deadline:
            raise self.refuse(
                f"took more than {TIME_BUDGET_S:g} s to read; a chair's script takes well under one"
            )


def _count(pattern: bytes, tail: bytes, chunk: bytes) -> int:
    """Occurrences of ``pattern`` that end inside ``chunk``, ``tail`` being the bytes before it."""
    return (tail + chunk).count(pattern) - tail.count(pattern)


def _inflate_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """One XML part, inflated a chunk at a time and refused as soon as it passes a budget."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise budget.refuse(
            f"part {info.filename} is compressed with method {info.compress_type}; "
            "Word writes only deflate"
        )
    chunks: list[bytes] = []
    size = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            budget.inflated += len(chunk)
            if size > MAX_XML_PART:
                raise budget.refuse(
                    f"part {info.filename} inflates to more than {size_text(MAX_XML_PART)} "
                    f"(its zip directory says {size_text(info.file_size)}; a zip bomb?)"
                )
            if budget.inflated > MAX_XML_TOTAL:
                raise budget.refuse(
                    f"its XML inflates to more than {size_text(MAX_XML_TOTAL)} in all (a zip bomb?)"
                )
            if size > _RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
                raise budget.refuse(
                    f"part {info.filename} inflates more than {MAX_RATIO} to 1 (a zip bomb?)"
                )
            budget.elements += chunk.count(b"<") - _count(b"</", tail, chunk)
            if budget.elements > MAX_ELEMENTS:
                raise budget.refuse(
                    f"has more than {MAX_ELEMENTS:,} XML elements; a chair's script has a few "
                    "thousand"
                )
            budget.paragraphs += sum(_count(tag, tail, chunk) for tag in _PARAGRAPH_TAGS)
            if budget.paragraphs > MAX_PARAGRAPHS:
                raise _too_many_paragraphs(budget.path)
            budget.check_time()
            tail = chunk[-4:]
            chunks.append(chunk)
    return b"".join(chunks)


def _too_many_paragraphs(path: Path) -> ScriptImportError:
    return ScriptImportError(
        path, f"has more than {MAX_PARAGRAPHS:,} paragraphs; a chair's script has a few hundred"
    )


def inflate_docx(data: bytes, path: Path, clock: Callable[[], float] = time.monotonic) -> bytes:
    """The package rebuilt from what its XML parts actually inflate to, within the budgets.

    The result is a zip of stored (uncompressed) parts written here, so its directory tells the
    truth; the parts that are not XML are kept by name, empty. Raises
    :class:`ScriptImportError` naming the budget a part passes, one of ``_DAMAGED`` for a file
    that is not a zip or a part that does not inflate.
    """
    budget = _Budget(path, clock)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_zip_sizes(archive, path)
        honest = io.BytesIO()
        with zipfile.ZipFile(honest, "w", zipfile.ZIP_STORED) as out:
            # The last entry of a repeated name is the one zipfile (and so python-docx) reads.
            for name in dict.fromkeys(archive.namelist()):
                info = archive.getinfo(name)
                if info.is_dir():
                    continue
                xml = name.lower().endswith((".xml", ".rels"))
                out.writestr(name, _inflate_xml(archive, info, budget) if xml else b"")
    return honest.getvalue()


def read_docx_paragraphs(
    path: Path, data: bytes | None = None, *, clock: Callable[[], float] = time.monotonic
) -> list[str]:
    """The document's paragraphs in reading order, table cells included, blank ones dropped.

    ``data`` is the file's bytes when already read (bounded, by
    :func:`facilitator.inputs.read_input`). python-docx parses the package
    :func:`inflate_docx` rebuilt, never the original zip; the paragraphs and runs are counted
    on the parsed tree before any text is read, and the reading is timed.

    A soft line break inside a Word paragraph separates paragraphs here too, as a newline does
    in a text script, so both kinds of file go through the same paragraph parser.
    """
    if data is None:
        try:
            data = read_input(path, DOCX)
        except InputError as error:
            raise ScriptImportError(path, error.reason) from None
    try:
        package = inflate_docx(data, path, clock)
    except _DAMAGED as exc:  # not a zip, a bad CRC, a broken stream, an encrypted part
        raise ScriptImportError(path, f"not a readable .docx file ({type(exc).__name__})") from exc
    try:
        import docx
    except ImportError as exc:
        raise ScriptImportError(
            path, "reading .docx needs python-docx: pip install 'facilitator[docx]'"
        ) from exc
    try:
        document = docx.Document(io.BytesIO(package))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise ScriptImportError(path, f"not a readable .docx file ({type(exc).__name__})") from exc
    body = document.element
    if body.xpath("count(.//w:p)") > MAX_PARAGRAPHS:
        raise _too_many_paragraphs(path)
    if body.xpath("count(.//w:r)") > MAX_RUNS:
        raise ScriptImportError(
            path, f"has more than {MAX_RUNS:,} runs of text; a chair's script has a few thousand"
        )
    deadline = _Budget(path, clock)
    return split_paragraphs("\n".join(_blocks(document, deadline)), unwrap=False)


def _blocks(document: Any, budget: _Budget) -> list[str]:
    """Paragraph texts of the body in document order, descending into tables cell by cell."""
    out: list[str] = []
    for block in document.iter_inner_content():
        budget.check_time()
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
                    out.extend(_blocks(cell, budget))
    return out

"""Hostile .docx files, built by hand so their zip directory can say what it likes.

:func:`lying_docx` is 1 MB on disk: a deflated ``word/document.xml`` that inflates to 1 GiB,
whose directory declares a few hundred bytes (and a CRC that matches them, so :mod:`zipfile`
believes it). :func:`dense_docx` is honest and inside every size limit: a million tiny
paragraphs, 30 MiB of XML in 2.3 MB. Neither takes more than a second to build: the deflate stream
of a repeated block is made once and repeated (a full flush makes each copy stand alone).
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
DOCUMENT_TAIL = b"</w:body></w:document>"


def document_xml(paragraphs: Iterable[bytes]) -> bytes:
    """A ``word/document.xml`` holding these paragraphs' XML."""
    return DOCUMENT_HEAD + b"".join(paragraphs) + DOCUMENT_TAIL


def _repeated_deflate(head: bytes, block: bytes, copies: int, tail: bytes) -> bytes:
    """A raw deflate stream of ``head + block * copies + tail``, built from one compressed
    ``block``: after a full flush the compressor forgets everything, so its output for the
    same block is the same bytes, and copies of it concatenate into a valid stream."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == packed, "a full flush should make each copy the same bytes"
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    return start + packed * copies + end


def _entry(name: str, deflated: bytes, crc: int, size: int) -> tuple[bytes, bytes]:
    """A local header with its data, and the central directory record that points to it (its
    offset filled in by :func:`_write_zip`)."""
    raw = name.encode()
    fields = (20, 0, 8, 0, 0, crc, len(deflated), size, len(raw))
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + raw + deflated
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, 0) + raw
    return local, central


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """Write a zip of (name, raw deflate data, declared CRC, declared size) members."""
    body = bytearray()
    directory = bytearray()
    for name, deflated, crc, size in members:
        local, central = _entry(name, deflated, crc, size)
        directory += central[:42] + struct.pack("<L", len(body)) + central[46:]
        body += local
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    path.write_bytes(bytes(body + directory + end))


def honest(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    return name, deflated, zlib.crc32(data), len(data)


def docx_of(path: Path, document: tuple[str, bytes, int, int]) -> Path:
    """A .docx of the two parts every package has and this ``word/document.xml`` member."""
    write_zip(
        path, [honest("[Content_Types].xml", CONTENT_TYPES), honest("_rels/.rels", RELS), document]
    )
    return path


def lying_docx(path: Path, *, inflated: int = 1 << 30, declared: int = 1_000) -> Path:
    """A .docx whose ``word/document.xml`` inflates to ``inflated`` bytes (a document of empty
    paragraphs) while the zip directory says ``declared``, with the CRC of that many bytes."""
    block = b"<w:p/>" * ((1 << 20) // 6)  # about 1 MiB
    copies = max(1, (inflated - len(DOCUMENT_HEAD)) // len(block))
    stream = _repeated_deflate(DOCUMENT_HEAD, block, copies, DOCUMENT_TAIL)
    believed = (DOCUMENT_HEAD + block)[:declared]
    members = [
        honest("[Content_Types].xml", CONTENT_TYPES),
        honest("_rels/.rels", RELS),
        ("word/document.xml", stream, zlib.crc32(believed), declared),
    ]
    write_zip(path, members)
    return path


def dense_docx(path: Path, *, paragraphs: int = 900_000) -> Path:
    """An honest .docx of ``paragraphs`` two-letter paragraphs (35 bytes of XML each, 30 MiB
    for the default 900,000), compressed about 13 to 1 as Word's XML is."""
    letters = b"abcdefghijklmnopqrstuvwxyz0123456789"
    pick = random.Random(7).choice
    per_block = 1_000
    block = b"".join(
        b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % bytes(pick(letters) for _ in range(2))
        for _ in range(per_block)
    )
    copies = paragraphs // per_block
    stream = _repeated_deflate(DOCUMENT_HEAD, block, copies, DOCUMENT_TAIL)
    xml = document_xml([block] * copies)
    members = [
        honest("[Content_Types].xml", CONTENT_TYPES),
        honest("_rels/.rels", RELS),
        ("word/document.xml", stream, zlib.crc32(xml), len(xml)),
    ]
    write_zip(path, members)
    return path


def small_docx(path: Path, paragraphs: list[str]) -> Path:
    """An honest minimal .docx (no styles part) of these paragraphs, made by hand."""
    xml = document_xml(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode() for text in paragraphs)
    members = [
        honest("[Content_Types].xml", CONTENT_TYPES),
        honest("_rels/.rels", RELS),
        honest("word/document.xml", xml),
    ]
    write_zip(path, members)
    return path

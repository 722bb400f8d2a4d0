"""A .docx is read within budgets on what it actually inflates, whatever its zip directory says.

The hostile files are built by :mod:`tests.docx_attacks`. What zlib inflates is counted under
zipfile itself (its decompressor wrapped), so a reader that trusted the directory, inflated a
whole stream and only then cut it to the declared size, would be caught by the count.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.importer import ScriptImportError
from facilitator.importer.docx import (
    MAX_ELEMENTS,
    MAX_PARAGRAPHS,
    MAX_RUNS,
    MAX_XML_PART,
    TIME_BUDGET_S,
    read_docx_paragraphs,
)
from facilitator.inputs import MiB
from tests.docx_attacks import (
    dense_docx,
    document_xml,
    docx_of,
    honest,
    lying_docx,
    small_docx,
)

_NO_TAGS = bytes.maketrans(b"<", b"x")


def _words(count: int) -> list[bytes]:
    """Three random letters each, so that XML made of them compresses as Word's does."""
    pick = random.Random(5).randbytes
    table = bytes.maketrans(
        bytes(range(256)), bytes(b"abcdefghijklmnop"[i % 16] for i in range(256))
    )
    letters = pick(3 * count).translate(table)
    return [letters[i : i + 3] for i in range(0, 3 * count, 3)]


class Inflated:
    """Bytes zlib has inflated for zipfile since the fixture began."""

    total = 0


class _Counting:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out: bytes = self._inner.decompress(data, max_length)
        Inflated.total += len(out)
        return out

    def flush(self, *args: int) -> bytes:
        out: bytes = self._inner.flush(*args)
        Inflated.total += len(out)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Inflated]]:
    real = zipfile._get_decompressor  # type: ignore[attr-defined]

    def counting(compress_type: int) -> Any:
        inner = real(compress_type)
        return _Counting(inner) if compress_type == zipfile.ZIP_DEFLATED else inner

    monkeypatch.setattr(zipfile, "_get_decompressor", counting)
    Inflated.total = 0
    yield Inflated


def test_a_gigabyte_declared_as_a_thousand_bytes_inflates_no_more_than_it_declares(
    tmp_path: Path, inflated: type[Inflated]
) -> None:
    bomb = lying_docx(tmp_path / "lying.docx")
    assert bomb.stat().st_size < 2 * MiB
    with pytest.raises(ScriptImportError, match=r"lying\.docx: not a readable \.docx") as raised:
        read_docx_paragraphs(bomb)
    assert "\n" not in str(raised.value)
    assert inflated.total < 1 * MiB, f"inflated {inflated.total:,} bytes of a lying part"


def test_a_lying_part_that_declares_more_is_cut_at_the_part_budget(
    tmp_path: Path, inflated: type[Inflated]
) -> None:
    # The directory says 30 MiB (inside the declared-size limits); the stream holds 1 GiB of
    # empty paragraphs. Refused by the paragraph count long before the 16 MiB part budget.
    bomb = lying_docx(tmp_path / "lying.docx", declared=30 * MiB)
    with pytest.raises(ScriptImportError, match=rf"more than {MAX_PARAGRAPHS:,} paragraphs"):
        read_docx_paragraphs(bomb)
    assert inflated.total < 1 * MiB


def test_a_part_inflating_past_its_budget_is_refused_at_the_budget(
    tmp_path: Path, inflated: type[Inflated]
) -> None:
    # Random letters hold no element and no paragraph and barely compress: only the byte budget
    # can stop them.
    path = tmp_path / "letters.docx"
    letters = random.Random(3).randbytes(MAX_XML_PART + MiB).translate(_NO_TAGS)
    docx_of(path, honest("word/document.xml", document_xml([letters])))
    with pytest.raises(ScriptImportError, match=r"word/document\.xml inflates to more than 16 MiB"):
        read_docx_paragraphs(path)
    assert inflated.total <= MAX_XML_PART + 128 * 1024


def test_a_million_tiny_paragraphs_are_refused_after_reading_a_few_percent(
    tmp_path: Path, inflated: type[Inflated]
) -> None:
    dense = dense_docx(tmp_path / "dense.docx")
    with zipfile.ZipFile(dense) as archive:
        declared = archive.getinfo("word/document.xml").file_size
    assert declared > 28 * MiB, "the attack is meant to be 30 MiB of XML"
    with pytest.raises(ScriptImportError, match=rf"more than {MAX_PARAGRAPHS:,} paragraphs"):
        read_docx_paragraphs(dense)
    assert inflated.total < 1 * MiB, f"inflated {inflated.total:,} of {declared:,} bytes"


def test_paragraphs_under_another_prefix_are_counted_on_the_parsed_tree(tmp_path: Path) -> None:
    namespace = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><x:document xmlns:x="'
        + namespace
        + b'"><x:body>'
        + b"<x:p/>" * (MAX_PARAGRAPHS + 1)
        + b"</x:body></x:document>"
    )
    path = tmp_path / "prefix.docx"
    docx_of(path, honest("word/document.xml", xml))
    with pytest.raises(ScriptImportError, match=rf"more than {MAX_PARAGRAPHS:,} paragraphs"):
        read_docx_paragraphs(path)


def test_one_paragraph_of_too_many_runs_is_refused_before_its_text_is_read(
    tmp_path: Path,
) -> None:
    runs = b"".join(b"<w:r><w:t>%s</w:t></w:r>" % word for word in _words(MAX_RUNS + 1))
    path = tmp_path / "runs.docx"
    docx_of(path, honest("word/document.xml", document_xml([b"<w:p>" + runs + b"</w:p>"])))
    with pytest.raises(ScriptImportError, match=rf"more than {MAX_RUNS:,} runs"):
        read_docx_paragraphs(path)


def test_too_many_elements_of_any_kind_are_refused_while_inflating(
    tmp_path: Path, inflated: type[Inflated]
) -> None:
    marks = b"".join(
        b'<w:bookmarkStart w:name="%s"/>' % word for word in _words(3 * MAX_ELEMENTS // 2)
    )
    path = tmp_path / "marks.docx"
    docx_of(path, honest("word/document.xml", document_xml([b"<w:p>" + marks + b"</w:p>"])))
    with pytest.raises(ScriptImportError, match=rf"more than {MAX_ELEMENTS:,} XML elements"):
        read_docx_paragraphs(path)
    assert inflated.total < 0.7 * len(marks), "refused only after inflating it all"


def test_reading_stops_when_the_time_budget_is_spent(tmp_path: Path) -> None:
    path = small_docx(tmp_path / "slow.docx", ["在测试会议上的主持词", "散会。"])
    ticks = iter(range(0, 1_000_000, 10))  # each look at the clock: ten seconds later

    with pytest.raises(ScriptImportError, match=rf"took more than {TIME_BUDGET_S:g} s"):
        read_docx_paragraphs(path, clock=lambda: float(next(ticks)))


def test_a_small_honest_document_is_read_from_the_rebuilt_package(tmp_path: Path) -> None:
    path = small_docx(tmp_path / "ok.docx", ["在测试会议上的主持词", "散会。"])
    assert read_docx_paragraphs(path) == ["在测试会议上的主持词", "散会。"]


def test_a_part_with_a_bad_checksum_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "crc.docx"
    name, deflated, crc, size = honest("word/document.xml", document_xml([b"<w:p/>"]))
    docx_of(path, (name, deflated, crc ^ 1, size))
    with pytest.raises(ScriptImportError, match=r"not a readable \.docx file \(BadZipFile\)"):
        read_docx_paragraphs(path)

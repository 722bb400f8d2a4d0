"""Bytes → text → paragraphs: the encodings Chinese offices use, line ends, hard wraps.

This module reads and decodes; it knows nothing of the genre beyond what a paragraph is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import Final

from charset_normalizer import from_bytes

from facilitator.inputs import SCRIPT, InputError, read_input

__all__ = [
    "ScriptImportError",
    "decode_script_bytes",
    "read_text_paragraphs",
    "split_paragraphs",
]


class ScriptImportError(Exception):
    """A script that cannot be imported; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = Path(path)
        self.message = message


# =============================================================================================
# Bytes → text → paragraphs
# =============================================================================================

_BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    # UTF-32 first: its little-endian mark begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UNKNOWN_ENCODING: Final = "not a text file in a known encoding (tried UTF-8, GB18030, Big5)"

#: Control characters no text file contains; finding one means binary data or a wrong guess.
_BINARY_CONTROLS: Final = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")

#: What Big5 bytes look like when wrongly read as GBK: kana, Greek, Cyrillic, box drawing,
#: private use. Chinese text in either script has none of these.
_MOJIBAKE: Final = re.compile(
    r"[\u3040-\u30ff\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\ue000-\uf8ff]"
)


def decode_script_bytes(data: bytes, path: Path | str) -> str:
    """Decode a script's bytes, trying the encodings Chinese offices actually use.

    A byte-order mark decides at once. Without one, strict UTF-8 comes first, then GB2312 and
    GB18030: statistical detectors (charset-normalizer included) misjudge short Chinese texts,
    while a strict decode of these almost never succeeds by accident. Big5 bytes usually also
    decode as GBK (as nonsense), so when both decode, the reading without tell-tale mojibake
    wins, and charset-normalizer breaks a remaining tie. Binary data is refused.
    """
    if not data.strip():
        raise ScriptImportError(path, "the script is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _textual(data.decode(encoding), path)
            except UnicodeDecodeError:
                raise ScriptImportError(
                    path, f"starts with a {encoding.upper()} byte-order mark but is not {encoding}"
                ) from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ScriptImportError(
            path, "is a legacy Word .doc file; save it as .docx or plain text and import that"
        )
    if b"\x00" in data:
        raise ScriptImportError(path, _UNKNOWN_ENCODING)

    for encoding in ("utf-8", "gb2312"):
        text = _strict(data, encoding)
        if text is not None:
            return _textual(text if encoding == "utf-8" else data.decode("gb18030"), path)
    gb = _strict(data, "gb18030")
    big5 = _strict(data, "cp950") or _strict(data, "big5hkscs")
    if gb is not None and big5 is not None:
        return _textual(_gbk_or_big5(data, gb, big5), path)
    if gb is not None or big5 is not None:
        return _textual(gb or big5 or "", path)
    best = from_bytes(data).best()  # e.g. an English script saved as Windows-1252
    if best is not None:
        return _textual(str(best), path)
    raise ScriptImportError(path, _UNKNOWN_ENCODING)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _textual(text: str, path: Path | str) -> str:
    if _BINARY_CONTROLS.search(text):
        raise ScriptImportError(path, _UNKNOWN_ENCODING)
    return text


def _gbk_or_big5(data: bytes, gb: str, big5: str) -> str:
    """Choose between the GBK and the Big5 reading of bytes that are valid in both."""
    gb_garbled, big5_garbled = bool(_MOJIBAKE.search(gb)), bool(_MOJIBAKE.search(big5))
    if gb_garbled != big5_garbled:
        return big5 if gb_garbled else gb
    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is not None and best.encoding.replace("_", "").lower().startswith("big5"):
        return big5
    return gb


#: Line separators other than LF that editors and converters produce.
_OTHER_BREAKS: Final = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
#: Blanks at either end of a paragraph: ASCII and ideographic spaces, NBSP, BOM, zero-width.
_EDGE_BLANKS: Final = " \t\u3000\u00a0\ufeff\u200b\u200c\u200d\u2060"
#: Characters a finished paragraph (as opposed to a hard-wrapped line) ends with.
_TERMINAL: Final = "。！？：；…!?:;.”’\"')）】」』》>"
#: Hard-wrapped lines are at least this wide (terminal cells); shorter ones are paragraphs.
_WRAP_WIDTH: Final = 60
#: A file is hard-wrapped when at least this many lines (and a third of all) look wrapped.
_WRAPPED_LINES: Final = 2


def split_paragraphs(text: str, *, unwrap: bool | None = None) -> list[str]:
    """Normalise line ends and edge blanks (e.g. the "　　" indent) and return the paragraphs.

    One line is one paragraph, as in every 主持词 typed in a word processor. A hard-wrapped file
    (text pasted from a PDF or an e-mail) is different: there, a wide line that does not end a
    sentence continues on the next line, and is joined back into its paragraph, with a space
    between Latin words and none between Chinese characters. ``unwrap`` forces the choice;
    by default a file counts as hard-wrapped when many of its lines look wrapped, so a single
    long heading never swallows the paragraph below it.
    """
    lines = [raw.strip(_EDGE_BLANKS) for raw in _OTHER_BREAKS.sub("\n", text).split("\n")]
    if unwrap is None:
        wrapped = sum(_looks_wrapped(line) for line in lines)
        unwrap = wrapped >= _WRAPPED_LINES and wrapped * 3 >= sum(bool(line) for line in lines)
    paragraphs: list[str] = []
    joinable = False
    for line in lines:
        if not line:
            joinable = False
            continue
        if joinable and _WHOLE_DIRECTION.match(line) is None:
            previous = paragraphs[-1]
            glue = " " if previous[-1].isascii() and line[0].isascii() else ""
            paragraphs[-1] = previous + glue + line
        else:
            paragraphs.append(line)
        joinable = unwrap and _looks_wrapped(line)
    return paragraphs


def _looks_wrapped(line: str) -> bool:
    return bool(line) and line[-1] not in _TERMINAL and _cells(line) >= _WRAP_WIDTH


def read_text_paragraphs(path: Path) -> list[str]:
    """Read a plain-text script from disk (a regular file within the script limit) and return
    its paragraphs."""
    try:
        data = read_input(path, SCRIPT)
    except InputError as error:
        raise ScriptImportError(path, error.reason) from None
    return split_paragraphs(decode_script_bytes(data, path))


def _cells(text: str) -> int:
    """Display width in terminal cells: wide East Asian characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: A line wholly in brackets (a stage direction) is never joined to the line before it.
_WHOLE_DIRECTION: Final = re.compile(r"^[（(【\[][^（）()【】\[\]]+[）)】\]]$")

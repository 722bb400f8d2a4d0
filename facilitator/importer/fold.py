"""Traditional ↔ simplified, character for character, from OpenCC's conversion tables.

The patterns of the genre are written in simplified Chinese. A traditional script (a Big5 file)
is matched against its *folding*: the same text with each traditional character replaced by its
simplified one, index for index, so what the importer copies out (titles, labels, names) is
sliced from the original text and stays traditional. The tables are OpenCC's
``TSCharacters.txt`` and ``STCharacters.txt`` (shipped by ``opencc-python-reimplemented``);
only one-character entries are used, so a folding never changes a text's length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

__all__ = ["fold", "is_traditional", "to_traditional"]


def _table(name: str) -> dict[int, str]:
    """OpenCC's one-character mapping ``name`` (first candidate of each entry)."""
    try:
        text = resources.files("opencc").joinpath("dictionary", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - dependency
        return {}
    table: dict[int, str] = {}
    for row in text.splitlines():
        key, _, values = row.partition("\t")
        value = values.split(" ", 1)[0]
        if len(key) == 1 and len(value) == 1 and key != value:
            table[ord(key)] = value
    return table


@cache
def _t2s() -> dict[int, str]:
    return _table("TSCharacters.txt")


@cache
def _s2t() -> dict[int, str]:
    return _table("STCharacters.txt")


def fold(text: str) -> str:
    """The same text with traditional characters replaced by simplified ones, index for index."""
    if _traditional_chars().isdisjoint(text):
        return text  # the common case, a simplified script: one pass in C, no copy
    return _translated(text)


@lru_cache(maxsize=1 << 14)
def _translated(text: str) -> str:
    # A traditional script's lines are folded by several phases of the parser: once is enough.
    return text.translate(_t2s())


def to_traditional(text: str) -> str:
    """Simplified → traditional, character for character (for lines the importer writes)."""
    return text.translate(_s2t())


@cache
def _traditional_chars() -> frozenset[str]:
    return frozenset(chr(code) for code in _t2s())


def is_traditional(paragraphs: Iterable[str]) -> bool:
    """Whether characters only traditional outnumber characters only simplified."""
    t2s, s2t = _t2s(), _s2t()
    traditional = simplified = 0
    for ch, count in Counter("".join(paragraphs)).items():
        code = ord(ch)
        if code in t2s and code not in s2t:
            traditional += count
        elif code in s2t and code not in t2s:
            simplified += count
    return traditional > simplified

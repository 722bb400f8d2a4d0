"""Tokens: a script's paragraphs cut into lines the chair reads and bracketed stage directions.

Each token keeps the script line it comes from, so every guess the importer makes can be shown
to the operator with its place. Directions are split off wherever they stand in a paragraph:
"有意见的请示意。（环视）无人示意。" gives a line, a cue and a line. Brackets may be full- or
half-width and mixed (（…), […】); 【…】 and [...] are directions too. Brackets that belong to
the text (《…办法（试行）》, （以下简称…）, （一）, a date) stay in the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from facilitator.importer.fold import fold
from facilitator.importer.patterns import has

__all__ = ["Token", "sentences", "tokenize"]

_OPEN: Final = "（(【["
_CLOSE: Final = "）)】]"
#: Sentence ends before which a bracketed span stands between sentences.
_SENTENCE_END: Final = "。！？：；!?:;…"
#: A direction between words (not at a sentence boundary) must be this short (cells).
_INLINE_WIDTH: Final = 24
_ANY_OPEN: Final = re.compile(r"[（(【\[]")
_SENTENCE: Final = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』]?|$)")


@dataclass(frozen=True, slots=True)
class Token:
    """One unit of the script in reading order: a line the chair reads, or a cue."""

    kind: Literal["line", "cue"]
    text: str
    line: int
    """The script line (1-based) the token comes from."""
    folded: str = ""
    """The text folded to simplified characters (see ``fold``), index for index."""

    def __post_init__(self) -> None:
        if not self.folded:
            object.__setattr__(self, "folded", fold(self.text))


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_direction(label: str, before: str, after: str, whole: bool, square: bool) -> bool:
    """Whether a bracketed span with this label is a stage direction where it stands.

    【…】 and [...] are always directions (Chinese prose does not use them); （…） is one when
    it stands alone, is a condition ("如时间不足：…"), or uses the room's vocabulary.
    """
    folded = fold(label)
    if not label or has("textual_bracket", folded) or has("not_a_cue", folded):
        return False
    if whole or square or has("conditional", folded):
        return True
    at_boundary = not before or before[-1] in _SENTENCE_END or not after
    if has("direction", folded):
        return at_boundary or _cells(label) <= _INLINE_WIDTH
    # Between sentences, a short remark in brackets is the stage's, not the speech's.
    sentence_before = not before or before[-1] in _SENTENCE_END
    return (sentence_before or not after) and _cells(label) <= _INLINE_WIDTH


def _spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each bracketed span outside 《》 titles, brackets not nested."""
    spans: list[tuple[int, int]] = []
    if _ANY_OPEN.search(paragraph) is None:
        return spans
    depth = 0
    index = 0
    while index < len(paragraph):
        ch = paragraph[index]
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
        elif ch in _OPEN and depth == 0:
            end = index + 1
            while end < len(paragraph) and paragraph[end] not in _CLOSE + _OPEN:
                end += 1
            if end < len(paragraph) and paragraph[end] in _CLOSE:
                spans.append((index, end + 1))
                index = end
        index += 1
    return spans


def tokenize(paragraph: str, line: int) -> list[Token]:
    """The tokens of one paragraph: its text split around every stage direction in it."""
    tokens: list[Token] = []
    cursor = 0
    for start, end in _spans(paragraph):
        label = paragraph[start + 1 : end - 1].strip()
        before = paragraph[cursor:start].strip()
        after = paragraph[end:].strip()
        whole = not before and not after and not tokens
        square = paragraph[start] in "【[" or paragraph[end - 1] in "】]"
        if not _is_direction(label, paragraph[:start].strip(), after, whole, square):
            continue
        if before:
            tokens.append(Token("line", before, line))
        tokens.append(Token("cue", label, line))
        cursor = end
    rest = paragraph[cursor:].strip()
    if rest:
        tokens.append(Token("line", rest, line))
    return tokens


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line, ends included, covering the whole text."""
    found = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.end() > m.start()]
    return found or [(0, len(text))]

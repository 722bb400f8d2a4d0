"""Turn the text of a chair's script (主持词) into an agenda dict.

The importer codes for the genre, not for one file. A 主持词 is a list of paragraphs the chair
reads aloud, with conventions that carry the structure of the meeting:

- a title paragraph, usually "在……会议上的主持词";
- opening paragraphs: salutation, purpose, attendance, often an overview "今天的会议共有4项议程，
  一是……；二是……";
- each agenda item announced by a sentence such as "下面，进行会议第二项议程，……";
- stage directions wholly in parentheses, "（汇报毕）", "（介绍毕）", "（鼓掌）": the chair stops
  while somebody else speaks or the room acts (a *cue*);
- votes: a request to vote ("请……进行讨论表决"), a cue while members vote, then the chair's
  result sentence ("刚才，……一致同意通过……");
- a closing line, "本次会议结束，散会！".

Every paragraph of the script ends up exactly once in the agenda, in order: as the meeting's
title, as a line, as a cue (without its parentheses), as a roll call (its numbers replaced by
``{members}`` and ``{present}``) or as the ``passed`` line of a vote. Nothing is dropped, so the
operator only ever has to correct an import, never retype what was lost.

Traditional-Chinese scripts (Big5 files) are parsed by matching against a character-for-character
simplified *folding* of the text; since folding keeps every index, what the importer copies out
(titles, labels, names) is sliced from the original text and stays traditional.

This module is pure Python: no Textual, no Rich.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from charset_normalizer import from_bytes

from facilitator.inputs import SCRIPT, InputError, read_input

__all__ = [
    "ScriptImportError",
    "decode_script_bytes",
    "detect_language",
    "not_a_script",
    "parse_paragraphs",
    "read_text_paragraphs",
    "split_paragraphs",
]

Agenda = dict[str, Any]
Step = str | dict[str, Any]
Language = Literal["zh", "en"]


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
        if joinable and _PARENTHESISED.match(line) is None:
            previous = paragraphs[-1]
            glue = " " if previous[-1].isascii() and line[0].isascii() else ""
            paragraphs[-1] = previous + glue + line
        else:
            paragraphs.append(line)
        joinable = unwrap and _looks_wrapped(line)
    return paragraphs


def _looks_wrapped(line: str) -> bool:
    return bool(line) and _cells(line) >= _WRAP_WIDTH and line[-1] not in _TERMINAL


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


# =============================================================================================
# Simplified folding of traditional characters (index-preserving)
# =============================================================================================

#: Simplified → traditional for every character the patterns below rely on, and for the words
#: the importer writes itself (a failed-vote line, a method, a fallback title).
_S2T_PAIRS: Final = (
    "与與两兩个個为為举舉会會体體余餘关關决決则則刚剛办辦厅廳发發听聽后後员員团團圆圓处處"
    "导導审審实實师師应應开開异異报報无無现現来來毕畢汇匯没沒满滿获獲规規讨討议議记記讲講"
    "论論词詞话話该該说說请請谢謝赞贊转轉辞辭过過这這进進长長闭閉队隊际際项項顺順须須题題"
    "录錄组組经經结結绍紹读讀数數单單场場义義责責从從届屆级級书書对對县縣区區党黨"
)
_S2T: Final = {ord(s): t for s, t in zip(_S2T_PAIRS[::2], _S2T_PAIRS[1::2], strict=True)}
_T2S: Final = {ord(t): chr(s) for s, t in _S2T.items()} | {ord("彙"): "汇", ord("裏"): "里"}


def _fold(text: str) -> str:
    """The same text with traditional characters replaced by simplified ones, index for index."""
    return text.translate(_T2S)


def _is_traditional(paragraphs: Iterable[str]) -> bool:
    traditional = simplified = 0
    for paragraph in paragraphs:
        for ch in paragraph:
            traditional += ord(ch) in _T2S
            simplified += ord(ch) in _S2T
    return traditional > simplified


# =============================================================================================
# Vocabulary of the genre (patterns match the folded, simplified text)
# =============================================================================================

_CN_DIGIT: Final = dict(
    zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)
)
_EN_NUMBER: Final = {
    word: number
    for words in (
        "one two three four five six seven eight nine ten eleven twelve",
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth",
    )
    for number, word in enumerate(words.split(), start=1)
}
_NUM: Final = r"[0-9０-９一二三四五六七八九十两]{1,3}"
_EN_NUM: Final = r"\d{1,2}|" + "|".join(sorted(_EN_NUMBER, key=len, reverse=True))


def _number(token: str) -> int | None:
    """Read 3, ３, 三, 十二, 二十, "three" or "third" as an int."""
    token = unicodedata.normalize("NFKC", token).strip().lower()
    if token.isdigit():
        return int(token)
    if token in _EN_NUMBER:
        return _EN_NUMBER[token]
    if not token or any(ch not in _CN_DIGIT and ch != "十" for ch in token):
        return None
    if "十" not in token:
        return _CN_DIGIT[token] if len(token) == 1 else None
    tens, _, ones = token.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


# --- cues ------------------------------------------------------------------------------------
#: A paragraph that is wholly one parenthesised remark: （汇报毕） (鼓掌) (Report ends).
_PARENTHESISED: Final = re.compile(r"^[（(]\s*([^（）()]+?)\s*[）)]$")
#: The widest label (in cells) still taken for a cue; a longer remark is a line.
_CUE_WIDTH: Final = 60
#: A cue glued to the start or end of a paragraph, split off only for the unmistakable "……毕".
_LEADING_CUE: Final = re.compile(r"^[（(]\s*([^（）()]{1,10}(?:毕|完毕|结束))\s*[）)]\s*(?=\S)")
_TRAILING_CUE: Final = re.compile(
    r"(?<=[。！？!?.])\s*[（(]\s*([^（）()]{1,10}(?:毕|完毕|结束))\s*[）)]$"
)
#: Parenthesised dates and document notes are not cues: （2023年10月12日）, （根据录音整理）.
_NOT_A_CUE: Final = re.compile(
    r"\d{2,4}\s*年|\d{1,2}\s*月\s*\d|年\s*\d|整理|讨论稿|送审稿|初稿|草稿"
)
#: Cues where the room acts rather than one person speaking: they get no ``who``.
_ROOM_ACTION: Final = re.compile(
    r"鼓掌|掌声|起立|坐下|请坐|奏|唱|默哀|举手|表决|投票|计票|休息|"
    r"applause|stand|seated|anthem|silence|hands|vot|ballot|count|break|discussion",
    re.IGNORECASE,
)

# --- title -----------------------------------------------------------------------------------
_TITLE_ZH: Final = re.compile(r"^(?:在)?(?P<name>.+?)(?:上)?的?(?:主持词|主持稿|主持辞|主持讲话)$")
_TITLE_EN: Final = re.compile(
    r"^(?:the\s+)?chair(?:man|person|woman)?['’]?s?\s+(?:script|notes|remarks)\s+(?:for|of|at)\s+"
    r"(?:the\s+)?(?P<name>.+)$",
    re.IGNORECASE,
)
_TITLE_EN_SUFFIX: Final = re.compile(
    r"^(?P<name>.+?)\s*[-–—:]\s*chair(?:man|person|woman)?['’]?s?\s+script$", re.IGNORECASE
)
_MEETING_NAME_ZH: Final = re.compile(r"(?:召开|举行)(?:了)?(?P<name>[^，。；、]{2,30}?会议)")

# --- items -----------------------------------------------------------------------------------
_ITEM_ZH: Final = re.compile(rf"第(?P<n>{_NUM})(?:项|个)(?P<tail>议程|议题|内容|会议议程)?")
_ITEM_ZH_LEAD: Final = re.compile(r"(?:进行|进入|开始|转入|是)[^，。；]{0,6}$")
_ITEM_EN: Final = re.compile(
    rf"\b(?:agenda\s+)?item\s+(?:no\.?\s*|number\s+)?(?P<n>{_EN_NUM})\b"
    rf"|\b(?P<o>{_EN_NUM})\s+(?:agenda\s+)?item\b",
    re.IGNORECASE,
)
#: How far into its first sentence an announcement may name the item (characters).
_ITEM_REACH: Final = {"zh": 40, "en": 80}
_OVERVIEW_ZH: Final = re.compile(
    rf"(?:共有?|有|共)(?P<n>{_NUM})(?:项|个)(?:议程|议题)|议程(?:共有?|有)(?P<m>{_NUM})项"
)
_OVERVIEW_EN: Final = re.compile(
    rf"\b(?:{_EN_NUM})\s+items\b.*\bagenda\b|\bagenda\b.*\b(?:{_EN_NUM})\s+items\b",
    re.IGNORECASE,
)
_ENUM_ZH: Final = re.compile(r"(?:(?<=[：:，,；;。、\s])|^)(?P<n>[一二三四五六七八九十]{1,3})是")
_ENUM_EN: Final = re.compile(
    r"(?:^|(?<=[:;,.]\s)|(?<=\band\s))(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth|finally|lastly)\b\s*,?\s*",
    re.IGNORECASE,
)

# --- closing ---------------------------------------------------------------------------------
_CLOSING: Final = re.compile(
    r"散会|闭幕|会议(?:到此|就此|至此)?(?:圆满)?结束|会议就(?:开|进行)到这里"
    r"|\b(?:meeting|session)\s+(?:is\s+)?(?:now\s+)?(?:closed|adjourned)\b|\badjourn"
    r"|\bclose\s+(?:the|this)\s+meeting\b|\bconcludes\s+(?:the|this|today['’]s)\s+meeting\b",
    re.IGNORECASE,
)
_NOT_CLOSING: Final = re.compile(
    r"结束后|结束以后|结束之后|\bafter\s+the\s+meeting\b", re.IGNORECASE
)
_THANKS: Final = re.compile(
    r"^(?:谢谢(?:大家|各位)?|thank\s+you(?:\s+all|\s+everyone)?)[。！!.]?$", re.IGNORECASE
)
_CLOSING_WIDTH: Final = 160

# --- votes -----------------------------------------------------------------------------------
_ASK_VOTE_ZH: Final = re.compile(r"表决|投票|票决|举手|赞成的请|同意的请")
_ASK_VOTE_EN: Final = re.compile(
    r"\bvote\b|\bballot\b|\bshow of hands\b|\bin favou?r\b", re.IGNORECASE
)
_RESULT_ZH: Final = re.compile(
    r"一致同意|一致通过|全票通过|全体通过|审议通过|表决通过|同意通过|获得通过|获通过|予以通过|"
    r"原则通过|鼓掌通过|顺利通过|无异议通过|通过了|^通过[。！!]?$"
)
_RESULT_EN: Final = re.compile(r"\b(?:carried|passed|adopted|approved)\b", re.IGNORECASE)
_NEGATIVE_RESULT: Final = re.compile(
    r"未获?通过|不予通过|没有通过|未能通过|不通过"
    r"|\bnot\s+(?:been\s+)?(?:carried|passed|adopted|approved)\b|\bdefeated\b|\bfails?\b|\blost\b",
    re.IGNORECASE,
)
#: How far into a result paragraph the result phrase must come (characters).
_RESULT_REACH: Final = 120
#: How many pieces before a result a request to vote may be.
_VOTE_LOOKBACK: Final = 4
_BOOK_TITLES: Final = re.compile(r"《[^《》]+》")
_EN_QUOTED: Final = re.compile(r"[“\"]([^”\"]{3,80})[”\"]")
_HOW_VOTED: Final = re.compile(
    r"^(?:刚才[，,]?)?(?P<how>经[^，。；]*?)(?:[，,]|一致|全票通过|审议通过|表决通过|同意通过)"
)

# --- roll call -------------------------------------------------------------------------------
_ROLL_NUMBER: Final = r"[0-9０-９一二三四五六七八九十百零〇两*＊×XxＸ]+"
_ROLL_MEMBERS_ZH: Final = re.compile(rf"应到[^，。；0-9]{{0,6}}?(?P<n>{_ROLL_NUMBER})(?:人|名)")
_ROLL_PRESENT_ZH: Final = re.compile(
    rf"(?:实到|实际到会|实际出席|出席)[^，。；0-9]{{0,6}}?(?P<n>{_ROLL_NUMBER})(?:人|名)"
)
_ROLL_MEMBERS_EN: Final = re.compile(
    r"\b(?P<n>\d+|X+|\*+)\s+(?:voting\s+)?members\b", re.IGNORECASE
)
_ROLL_PRESENT_EN: Final = re.compile(
    r"\b(?P<n>\d+|X+|\*+)\s+(?:members\s+)?(?:are\s+|were\s+)?present\b", re.IGNORECASE
)

# --- who speaks ------------------------------------------------------------------------------
_ASK_PERSON_ZH: Final = re.compile(r"(?:请|由)(?P<who>[^，。；！？请由]{0,40}?同志)")
_PLURAL_WHO: Final = re.compile(r"^(?:各位?|大家|与会|全体|其他|其余|每位|有关)")
_PLACEHOLDER_NAME: Final = re.compile(r"[*＊×Xx]+同志$")
#: The last character of a post or unit that may stand right before a person's name.
_TITLE_ENDINGS: Final = frozenset("长任记员师表导部局委处厅办室组院所校司科队团心")
_ASK_PERSON_EN: Final = re.compile(
    r"\b(?:call(?:s)?\s+(?:up)?on|invite[sd]?|ask(?:s)?|give\s+the\s+floor\s+to)\s+"
    r"(?P<who>(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor|Comrade|Councillor|Director)\.?\s+[A-Z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*)?)"
)

# --- item titles -----------------------------------------------------------------------------
_ZH_CONNECTIVE: Final = re.compile(r"^(?:首先|其次|然后|接下来|接着|下面|现在|最后|再次)[，,、]?")
_ZH_REPORT: Final = re.compile(
    r"^(?:请|由)(?P<who>.*?同志)(?:作|做)(?P<what>.+?(?:汇报|报告|说明))$"
)
_ZH_ON_BEHALF: Final = re.compile(r"^(?:由|请)?我代表(?P<org>.+?)(?:作|做)(?P<what>.+)$")
_ZH_ASK: Final = re.compile(r"^(?:请|由)(?=.)")
#: A Chinese item title longer than this is cut at its first comma.
_TITLE_CUT: Final = 20
_TITLE_MAX: Final = 40


# =============================================================================================
# Pieces: a paragraph, or a cue split off the start or end of one
# =============================================================================================


@dataclass(frozen=True, slots=True)
class _Piece:
    """One unit of the script in reading order: a line the chair reads, or a cue."""

    kind: Literal["line", "cue"]
    text: str

    @property
    def folded(self) -> str:
        return _fold(self.text)


def _cue_label(paragraph: str) -> str | None:
    """The label of a paragraph that is wholly a short parenthesised stage direction, else None."""
    match = _PARENTHESISED.match(paragraph)
    if match is None:
        return None
    label = match.group(1).strip()
    if not label or _cells(label) > _CUE_WIDTH or _NOT_A_CUE.search(_fold(label)):
        return None
    return label


def _pieces(paragraph: str) -> list[_Piece]:
    label = _cue_label(paragraph)
    if label is not None:
        return [_Piece("cue", label)]
    pieces: list[_Piece] = []
    lead = _LEADING_CUE.match(_fold(paragraph))
    if lead:
        pieces.append(_Piece("cue", paragraph[lead.start(1) : lead.end(1)].strip()))
        paragraph = paragraph[lead.end() :]
    trail = _TRAILING_CUE.search(_fold(paragraph))
    pieces.append(_Piece("line", paragraph[: trail.start()].rstrip() if trail else paragraph))
    if trail:
        pieces.append(_Piece("cue", paragraph[trail.start(1) : trail.end(1)].strip()))
    return pieces


# =============================================================================================
# Title, language, overview, announcements, closing
# =============================================================================================


def detect_language(paragraphs: Iterable[str]) -> Language:
    """``en`` when Latin letters clearly outnumber Chinese characters, else ``zh``."""
    latin = cjk = 0
    for paragraph in paragraphs:
        for ch in paragraph:
            if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
                cjk += 1
            elif ch.isascii() and ch.isalpha():
                latin += 1
    return "en" if latin > 2 * cjk else "zh"


def _first_sentence(text: str) -> str:
    match = re.search(r"[。！？!?]|\.(?:\s|$)", text)
    return text[: match.start()] if match else text


def _looks_like_title(paragraph: str, language: Language) -> bool:
    folded = _fold(paragraph)
    if _cue_label(paragraph) is not None or folded.endswith((":", "：")):
        return False
    if _item_match(paragraph, language) is not None:
        return False
    if _TITLE_ZH.match(folded) or _TITLE_EN.match(folded):
        return True
    width = 60 if language == "zh" else 120
    return _cells(paragraph) <= width and paragraph[-1] not in "。！？；，、,.!?;"


def _meeting_title(paragraph: str, language: Language) -> str:
    text = paragraph.strip(" 　")
    for pattern in (_TITLE_ZH,) if language == "zh" else (_TITLE_EN, _TITLE_EN_SUFFIX):
        match = pattern.match(_fold(text))
        if match:
            name = text[match.start("name") : match.end("name")].strip(' .“”"')
            return name[:1].upper() + name[1:] if language == "en" else name
    return text


def _title_from_text(paragraphs: Sequence[str]) -> str | None:
    """With no title paragraph, the meeting's name from a sentence like "今天召开……会议"."""
    for paragraph in paragraphs[:6]:
        match = _MEETING_NAME_ZH.search(_fold(paragraph))
        if match:
            return paragraph[match.start("name") : match.end("name")]
    return None


def _is_overview(paragraph: str, language: Language) -> bool:
    pattern = _OVERVIEW_ZH if language == "zh" else _OVERVIEW_EN
    return pattern.search(_first_sentence(_fold(paragraph))) is not None


def _item_match(paragraph: str, language: Language) -> re.Match[str] | None:
    """The announcement of an agenda item in a paragraph's first sentence, if there is one.

    In Chinese, "第N项" must be followed by 议程/议题 or preceded by a verb such as 进行, so a
    speech that mentions "第一项工作" is not mistaken for the next item.
    """
    sentence = _first_sentence(_fold(paragraph))
    if language == "en":
        match = _ITEM_EN.search(sentence)
        return match if match is not None and match.start() <= _ITEM_REACH["en"] else None
    for match in _ITEM_ZH.finditer(sentence):
        if match.start() > _ITEM_REACH["zh"]:
            break
        if match.group("tail") or _ITEM_ZH_LEAD.search(sentence[: match.start()]):
            return match
    return None


def _item_number(match: re.Match[str]) -> int | None:
    token = match.group("n") or (match.groupdict().get("o") or "")
    return _number(token) if token else None


def _is_closing(text: str) -> bool:
    folded = _fold(text)
    if _THANKS.match(folded):
        return True
    return (
        _CLOSING.search(folded) is not None
        and _NOT_CLOSING.search(folded) is None
        and _cells(text) <= _CLOSING_WIDTH
    )


def _overview_titles(paragraph: str, language: Language, traditional: bool) -> dict[int, str]:
    """Titles from an overview such as "共有4项议程，一是……；二是……", keyed by item number."""
    titles: dict[int, str] = {}
    if language == "zh":
        marks = list(_ENUM_ZH.finditer(paragraph))
        for index, mark in enumerate(marks):
            number = _number(mark.group("n"))
            if number != index + 1:
                break
            end = marks[index + 1].start() if index + 1 < len(marks) else len(paragraph)
            chunk = re.split(r"[；;。]", paragraph[mark.end() : end], maxsplit=1)[0]
            title = _tidy_item_title(chunk, "zh", traditional)
            if title:
                titles[number] = title
        return titles
    rest = paragraph.partition(":")[2].strip()
    marks = list(_ENUM_EN.finditer(rest))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(rest)
        title = _tidy_item_title(rest[mark.end() : end], "en", traditional)
        if title:
            titles[index + 1] = title
    return titles


def _tidy_item_title(text: str, language: Language, traditional: bool) -> str:
    """A short, readable item title from an announcement or overview clause.

    "请*同志作主题教育前期准备情况的相关汇报" becomes "听取主题教育前期准备情况的相关汇报";
    "由我代表领导小组作总结讲话" becomes "领导小组作总结讲话"; a long title keeps its first clause.
    """
    if language == "en":
        text = text.strip(" \t,;:.")
        text = re.sub(r"[\s,;]+and$", "", text)
        text = re.sub(r"^(?:which\s+is|is|namely|concerns)\s+", "", text, flags=re.IGNORECASE)
        text = re.sub(r"^(?:the|an?)\s+", "", text, flags=re.IGNORECASE)
        text = re.split(r"[.;]\s", text, maxsplit=1)[0].strip(" ,;:.")
        return (text[:1].upper() + text[1:])[:80]
    text = text.strip(" 　，,、：:；;。")
    text = text[_match_end(_ZH_CONNECTIVE, text) :].lstrip("，,、 ")
    text = re.sub(r"^(?:是|为)[，,：:]?", "", text)
    folded = _fold(text)
    report = _ZH_REPORT.match(folded)
    behalf = _ZH_ON_BEHALF.match(folded)
    if report:
        listen = "聽取" if traditional else "听取"
        text = listen + text[report.start("what") : report.end("what")]
    elif behalf:
        org = text[behalf.start("org") : behalf.end("org")]
        text = f"{org}作{text[behalf.start('what') : behalf.end('what')]}"
    else:
        text = text[_match_end(_ZH_ASK, folded) :]
    if len(text) > _TITLE_CUT and "，" in text:
        head = text.split("，", 1)[0]
        if len(head) >= 4:
            text = head
    return text[:_TITLE_MAX].rstrip("，,、")


def _match_end(pattern: re.Pattern[str], text: str) -> int:
    match = pattern.match(_fold(text))
    return match.end() if match else 0


def _announcement_title(
    paragraph: str, match: re.Match[str], language: Language, traditional: bool
) -> str:
    sentence = _first_sentence(paragraph)
    rest = sentence[match.end() :]
    if language == "en":
        rest = re.sub(
            r"^[\s,:;-]*(?:on\s+(?:the|our|today['’]s|tonight['’]s)\s+agenda)?[\s,:;-]*",
            "",
            rest,
            flags=re.IGNORECASE,
        )
    return _tidy_item_title(rest, language, traditional)


# =============================================================================================
# Steps within a section: cues with their speaker, votes, roll calls
# =============================================================================================


def _who_for_cue(pieces: Sequence[_Piece], index: int, language: Language) -> str | None:
    """Who speaks during a cue: the person the chair has just called on, when named.

    Returns the name as written (``*同志`` placeholders included), or None for cues where the
    room acts (applause, a vote) or the last line calls on nobody in particular.
    """
    if _ROOM_ACTION.search(_fold(pieces[index].text)):
        return None
    previous = next((p.text for p in reversed(pieces[:index]) if p.kind == "line"), None)
    if previous is None:
        return None
    if language == "en":
        found_en = list(_ASK_PERSON_EN.finditer(previous))
        return found_en[-1].group("who") if found_en else None
    found = list(_ASK_PERSON_ZH.finditer(_fold(previous)))
    if not found:
        return None
    start, end = found[-1].span("who")
    who, folded = previous[start:end].strip(), _fold(previous[start:end].strip())
    if _PLURAL_WHO.match(folded) or folded == "同志":
        return None
    placeholder = _PLACEHOLDER_NAME.search(folded)
    if placeholder:
        # Keep a surname written before the placeholder ("陈*同志"), not a post ("主任*同志").
        start = placeholder.start()
        before = folded[start - 1 : start]
        if before and "\u4e00" <= before <= "\u9fff" and before not in _TITLE_ENDINGS:
            start -= 1
        return who[start:]
    # "统战部长李明同志" → "李明同志": a two- or three-character name right after a post.
    given = folded.removesuffix("同志")
    for size in (2, 3):
        name, before = given[-size:], given[-size - 1 : -size]
        if before in _TITLE_ENDINGS and all("\u4e00" <= ch <= "\u9fff" for ch in name):
            return who[len(given) - size :]
    return who if len(who) <= _TITLE_CUT else None


def _is_vote_request(text: str, language: Language) -> bool:
    pattern = _ASK_VOTE_ZH if language == "zh" else _ASK_VOTE_EN
    return pattern.search(_fold(text)) is not None


def _is_vote_result(text: str, language: Language) -> bool:
    folded = _fold(text)
    head = _first_sentence(folded) if language == "en" else folded[:_RESULT_REACH]
    if _NEGATIVE_RESULT.search(head):
        return False
    pattern = _RESULT_ZH if language == "zh" else _RESULT_EN
    return pattern.search(head) is not None


def _join_titles(titles: Sequence[str], language: Language) -> str:
    if len(titles) == 1:
        return titles[0]
    if language == "en":
        return ", ".join(titles[:-1]) + " and " + titles[-1]
    return "、".join(titles[:-1]) + "和" + titles[-1]


def _motion(
    request: str, result: str, earlier: Sequence[str], item_title: str, language: Language
) -> tuple[str, bool]:
    """The motion a vote decides, and whether it names it (documents, or the result's subject).

    Closest to the vote wins: documents (《…》, or quoted titles in English) named in the
    request, then in the result; then what the result sentence says passed ("大会议程全票通过"
    → 大会议程); then documents named earlier in the item. Failing all, the item's title.
    """
    for text in (request, result):
        found = _documents(text, language)
        if found:
            return found, True
    subject = _result_subject(result, language)
    if subject:
        return subject, True
    for text in earlier:
        found = _documents(text, language)
        if found:
            return found, True
    return item_title, False


def _documents(text: str, language: Language) -> str | None:
    if language == "zh":
        found = [m.group(0) for m in _BOOK_TITLES.finditer(text)]
    else:
        found = [m.group(1) for m in _EN_QUOTED.finditer(text)]
    return _join_titles(list(dict.fromkeys(found)), language) if found else None


def _result_subject(result: str, language: Language) -> str | None:
    """What a short result sentence says carried: "大会议程全票通过。" → "大会议程"."""
    if language != "zh":
        return None
    folded = _fold(result)
    match = _RESULT_ZH.search(folded[:_RESULT_REACH])
    if match is None:
        return None
    clause_start = max(folded.rfind(mark, 0, match.start()) for mark in "，,。；") + 1
    subject = result[clause_start : match.start()].strip()
    if not 2 <= len(subject) <= _TITLE_MAX or re.match(r"经|刚才|会议|大家|各位", _fold(subject)):
        return None
    return subject


def _vote_method(text: str, language: Language, traditional: bool) -> str:
    if language == "en":
        lowered = text.lower()
        for phrase, method in (
            ("show of hands", "show of hands"),
            ("secret ballot", "secret ballot"),
            ("ballot", "ballot"),
            ("roll call", "roll-call vote"),
            ("in turn", "roll-call vote"),
        ):
            if phrase in lowered:
                return method
        return "vote"
    folded = _fold(text)
    method = "表决"
    for words, name in (
        (("依次",), "依次表决"),
        (("举手",), "举手表决"),
        (("无记名", "投票", "票决"), "无记名投票"),
        (("鼓掌",), "鼓掌表决"),
    ):
        if any(word in folded for word in words):
            method = name
            break
    return method.translate(_S2T) if traditional else method


def _vote_rule(text: str) -> str:
    folded = _fold(text)
    if re.search(r"三分之二|2/3|two[- ]thirds", folded, re.IGNORECASE):
        return "two_thirds"
    if re.search(r"须(?:全体)?一致同意|must\s+be\s+unanimous", folded, re.IGNORECASE):
        return "unanimous"
    return "majority"


def _failed_line(
    result: str, motion: str, names_documents: bool, language: Language, traditional: bool
) -> str:
    """The chair's line for a motion that does not carry, in the register of the script's own
    result sentence: "刚才，经……表决，《…》未获通过，请会后修改完善后再次提交审议。"."""
    if language == "en":
        subject = f"The motion on {motion}" if names_documents else "The motion"
        return f"{subject} is not carried. It will be revised and brought back to a later meeting."
    folded = _fold(result)
    lead = result[:3] if folded.startswith("刚才，") else ""
    how_match = _HOW_VOTED.match(folded)
    how = result[how_match.start("how") : how_match.end("how")] if how_match else "经表决"
    subject = motion if names_documents else "该事项"
    tail = "未获通过，请会后修改完善后再次提交审议。"
    if traditional:
        how, subject, tail = (part.translate(_S2T) for part in (how, subject, tail))
    return f"{lead}{how}，{subject}{tail}"


def _roll_call_match(text: str, language: Language) -> tuple[re.Match[str], re.Match[str]] | None:
    folded = _fold(text)
    members_pattern, present_pattern = (
        (_ROLL_MEMBERS_ZH, _ROLL_PRESENT_ZH)
        if language == "zh"
        else (_ROLL_MEMBERS_EN, _ROLL_PRESENT_EN)
    )
    members = members_pattern.search(folded)
    if members is None:
        return None
    present = present_pattern.search(folded, members.end())
    return None if present is None else (members, present)


def _roll_call(text: str, language: Language) -> dict[str, Any] | None:
    """A roll-call step from "本次会议应到9人，实到8人，符合规定人数。" (numbers become fields)."""
    found = _roll_call_match(text, language)
    if found is None:
        return None
    members, present = found
    template = "".join(
        (
            text[: members.start("n")].replace("{", "{{").replace("}", "}}"),
            "{members}",
            text[members.end("n") : present.start("n")],
            "{present}",
            text[present.end("n") :],
        )
    )
    quorum = "two_thirds" if re.search(r"三分之二|two[- ]thirds", _fold(text), re.I) else "majority"
    return {"roll_call": template, "quorum": quorum}


def _stated_members(pieces: Sequence[_Piece], language: Language) -> int | None:
    """The number of voting members a roll call in the script states, e.g. "应到9人"."""
    for piece in pieces:
        found = _roll_call_match(piece.text, language) if piece.kind == "line" else None
        if found is not None:
            return _number(found[0].group("n"))
    return None


@dataclass(frozen=True, slots=True)
class _Context:
    language: Language
    traditional: bool


def _steps(pieces: Sequence[_Piece], item_title: str, ctx: _Context) -> list[Step]:
    """Turn a section's pieces into steps: lines, cues (with who), votes and roll calls."""
    steps: list[Step] = []
    consumed: set[int] = set()
    for index, piece in enumerate(pieces):
        if index in consumed:
            continue
        if piece.kind == "cue":
            cue: dict[str, Any] = {"cue": piece.text}
            who = _who_for_cue(pieces, index, ctx.language)
            if who:
                cue["who"] = who
            steps.append(cue)
        else:
            steps.append(_roll_call(piece.text, ctx.language) or piece.text)
        vote = _vote_after(pieces, index, item_title, ctx)
        if vote is not None:
            steps.append(vote)
            consumed.add(index + 1)
    return steps


def _vote_after(
    pieces: Sequence[_Piece], index: int, item_title: str, ctx: _Context
) -> dict[str, Any] | None:
    """The vote step that belongs right after piece ``index``, if a result sentence follows it.

    That piece is the last cue before the result (members vote while the chair waits) or, with
    no cue at all, the request to vote itself. The request must come within a few pieces before
    the result, so a "审议通过" in a speech is never taken for a vote.
    """
    language = ctx.language
    following = index + 1
    if following >= len(pieces) or pieces[following].kind != "line":
        return None
    result = pieces[following].text
    if not _is_vote_result(result, language):
        return None
    if pieces[index].kind == "line" and not _is_vote_request(pieces[index].text, language):
        return None
    window = pieces[max(0, index - _VOTE_LOOKBACK) : index + 1]
    requests = [p.text for p in window if p.kind == "line" and _is_vote_request(p.text, language)]
    if not requests:
        return None
    request = requests[-1]
    earlier = [p.text for p in reversed(pieces[:index]) if p.kind == "line"]
    motion, names_documents = _motion(request, result, earlier, item_title, language)
    return {
        "vote": motion,
        "method": _vote_method(request + result, language, ctx.traditional),
        "rule": _vote_rule(request),
        "passed": result,
        "failed": _failed_line(result, motion, names_documents, language, ctx.traditional),
    }


# =============================================================================================
# The whole script
# =============================================================================================


#: Above this share of unassigned, private-use, surrogate or replacement characters, decoded
#: "text" is a wrong guess at binary data (a UTF-16 byte-order mark followed by junk, say).
_JUNK_SHARE: Final = 0.1
_JUNK_CATEGORIES: Final = frozenset({"Cn", "Co", "Cs", "Cc"})


def not_a_script(paragraphs: Sequence[str]) -> str | None:
    """Why these paragraphs are not a chair's script, or None when they look like one.

    Text that decoded to mostly unassigned or replacement characters is refused, and so is text
    with no paragraph of the genre at all: no title "……主持词", no "召开……会议", no agenda item
    announced, no overview, no cue in brackets, no vote, no roll call and no closing line. A
    real script, even a short one, has at least one of these; a wrongly decoded file, a
    program's output or a novel has none, and importing it would give a nonsense agenda.
    """
    text = "".join(paragraphs)
    junk = sum(
        1
        for ch in text
        if ch == "\ufffd" or (ch != "\t" and unicodedata.category(ch) in _JUNK_CATEGORIES)
    )
    if text and junk > _JUNK_SHARE * len(text):
        return (
            f"does not decode to text: {junk * 100 // len(text)}% of its characters are "
            "unassigned, private-use or replacement characters (a wrong encoding, or not text)"
        )
    language = detect_language(paragraphs)
    if paragraphs and (
        _TITLE_ZH.match(_fold(paragraphs[0])) or _TITLE_EN.match(_fold(paragraphs[0]))
    ):
        return None
    for paragraph in paragraphs:
        for piece in _pieces(paragraph):
            if piece.kind == "cue" or _is_closing(piece.text):
                return None
            line = piece.text
            if (
                _item_match(line, language) is not None
                or _is_overview(line, language)
                or _is_vote_request(line, language)
                or _is_vote_result(line, language)
                or _roll_call_match(line, language) is not None
                or (language == "zh" and _MEETING_NAME_ZH.search(_fold(line)) is not None)
            ):
                return None
    return (
        "does not look like a chair's script (主持词): no title, agenda item, cue in brackets, "
        "vote, roll call or closing line found"
    )


def parse_paragraphs(paragraphs: Sequence[str], *, fallback_title: str = "") -> Agenda:
    """Build an agenda dict (the DESIGN.md YAML shape) from a script's paragraphs, in order.

    ``fallback_title`` names the meeting when the script has no title paragraph and no sentence
    such as "今天召开……会议" (the importer passes the file's stem). Raises ValueError for an
    empty list.
    """
    paragraphs = [p for p in (p.strip(_EDGE_BLANKS) for p in paragraphs) if p]
    if not paragraphs:
        raise ValueError("the script has no text")
    language = detect_language(paragraphs)
    ctx = _Context(language, language == "zh" and _is_traditional(paragraphs))

    body = list(paragraphs)
    title = _meeting_title(body.pop(0), language) if _looks_like_title(body[0], language) else None
    pieces = [piece for paragraph in body for piece in _pieces(paragraph)]

    closing_start = len(pieces)
    while (
        closing_start > 0
        and pieces[closing_start - 1].kind == "line"
        and _is_closing(pieces[closing_start - 1].text)
    ):
        closing_start -= 1

    starts: list[tuple[int, int, re.Match[str]]] = []  # (piece index, item number, match)
    overview: dict[int, str] = {}
    expected = 1
    for index, piece in enumerate(pieces[:closing_start]):
        if piece.kind != "line":
            continue
        if not starts and _is_overview(piece.text, language):
            overview = overview or _overview_titles(piece.text, language, ctx.traditional)
            continue
        match = _item_match(piece.text, language)
        number = _item_number(match) if match else None
        # The next item, or the one after it if one announcement was worded past recognition.
        if match is not None and number is not None and expected <= number <= expected + 1:
            starts.append((index, number, match))
            expected = number + 1

    if title is None:
        fallback = fallback_title or ("会议" if language == "zh" else "Meeting")
        title = (_title_from_text(paragraphs) if language == "zh" else None) or fallback

    items: list[dict[str, Any]] = []
    if starts:
        opening_pieces = pieces[: starts[0][0]]
        ends = [start for start, _, _ in starts[1:]] + [closing_start]
        for (start, number, match), end in zip(starts, ends, strict=True):
            item_title = overview.get(number) or _announcement_title(
                pieces[start].text, match, language, ctx.traditional
            )
            if not item_title:
                item_title = f"第{number}项议程" if language == "zh" else f"Item {number}"
                item_title = item_title.translate(_S2T) if ctx.traditional else item_title
            items.append({"title": item_title, "steps": _steps(pieces[start:end], item_title, ctx)})
    else:
        # No numbered items at all: one item holds the whole script, so nothing is lost.
        opening_pieces = []
        item_title = "会议议程" if language == "zh" else "Agenda"
        item_title = item_title.translate(_S2T) if ctx.traditional else item_title
        items.append(
            {"title": item_title, "steps": _steps(pieces[:closing_start], item_title, ctx)}
        )

    meeting: dict[str, Any] = {"title": title, "language": language}
    members = _stated_members(pieces, language)
    if members is not None and members > 0:
        meeting["members"] = members
    agenda: Agenda = {"version": 1, "meeting": meeting}
    opening = _steps(opening_pieces, title, ctx)
    if opening:
        agenda["opening"] = opening
    agenda["items"] = items
    closing = _steps(pieces[closing_start:], title, ctx)
    if closing:
        agenda["closing"] = closing
    return agenda

"""The parser: tokens → an agenda dict, by a small machine over the genre's conventions.

A 主持词 is read in four phases, in this order:

1. **tokens** (``tokens.tokenize``): each paragraph cut into lines and stage directions (cues),
   each with its script line;
2. **closing**: from the end, the 散会 line and the directions after it (奏乐, 退场), and from
   "至此，……议程都已完成" on;
3. **items**: announcements (第N项议程, also in a later sentence of a paragraph), "一、" headings,
   the last item opened by 最后, all reconciled with the overview sentence
   (今天的会议共有N项议程，一是…);
4. **steps** within each section: lines, cues with their ``who``, roll calls, and decisions as
   spans: a request (表决, 举手, 投票, 掌声, 表态, also inside a direction), the tally, the result
   (通过 / 未获通过 / 原则同意 / 当选) and the points that continue it (a branch).

Every guess the operator should check (a vote's rule, a branch's end, a ``who``, an item
reconciled with the overview) is written to the review list with its script line.
Every paragraph of the script ends up in the agenda, in order. This module is pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Literal

from facilitator.importer.decoding import _EDGE_BLANKS, _cells
from facilitator.importer.fold import fold, is_traditional, to_traditional
from facilitator.importer.patterns import (
    _ASK_PERSON_EN,
    _ASK_PERSON_ZH,
    _ASK_VOTE_EN,
    _ASK_VOTE_ZH,
    _BOOK_TITLES,
    _CLOSING,
    _CLOSING_WIDTH,
    _EN_QUOTED,
    _ENUM_EN,
    _ENUM_ZH,
    _HEADING,
    _HOW_VOTED,
    _ITEM_EN,
    _ITEM_REACH,
    _ITEM_ZH,
    _ITEM_ZH_LEAD,
    _LAST_ITEM,
    _MEETING_NAME_ZH,
    _NEGATIVE_RESULT,
    _NOT_CLOSING,
    _OVERVIEW_EN,
    _OVERVIEW_ZH,
    _PLACEHOLDER_NAME,
    _PLURAL_WHO,
    _RESULT_EN,
    _RESULT_REACH,
    _RESULT_ZH,
    _ROLL_MEMBERS_EN,
    _ROLL_MEMBERS_ZH,
    _ROLL_PRESENT_EN,
    _ROLL_PRESENT_ZH,
    _ROOM_ACTION,
    _THANKS,
    _TITLE_CUT,
    _TITLE_EN,
    _TITLE_EN_SUFFIX,
    _TITLE_ENDINGS,
    _TITLE_MAX,
    _TITLE_ZH,
    _ZH_ASK,
    _ZH_CONNECTIVE,
    _ZH_ON_BEHALF,
    _ZH_REPORT,
    BALLOTS,
    CANDIDATES,
    COUNTS,
    OFFICE,
    SEATS,
    _number,
    has,
)
from facilitator.importer.tokens import Token, sentences, tokenize

__all__ = ["Note", "detect_language", "not_a_script", "parse_paragraphs", "parse_script"]

Agenda = dict[str, Any]
Step = str | dict[str, Any]
Language = Literal["zh", "en"]

#: Common surnames: a character before a placeholder is a surname ("陈*同志") only if it is one.
_SURNAMES: Final = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


#: "有请市政府方国平副市长讲话": a person called by name and post, without 同志.
_ASK_POST: Final = re.compile(
    r"(?:有请|请|由)(?P<who>[^，。；！？请由、和与及]{1,16}?"
    r"(?:书记|市长|局长|主任|县长|区长|部长|厅长|主席|会长|董事长|总经理|经理|校长|院长|处长|"
    r"科长|镇长|乡长|社长|行长|秘书长|总监|委员|代表|教授|博士))"
    r"(?=讲话|致辞|发言|作|做|宣读|介绍|传达|通报|领学|汇报|主持|颁奖|上台)"
)
_COMPOUND_SURNAMES: Final = frozenset(
    [
        "司马",
        "欧阳",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "令狐",
        "慕容",
        "尉迟",
        "长孙",
        "夏侯",
        "公孙",
        "司徒",
        "端木",
        "西门",
        "南宫",
    ]
)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True, slots=True)
class Note:
    """One guess the operator should check: where in the script, what kind, and what."""

    line: int
    kind: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "kind": self.kind, "message": self.message}


def detect_language(paragraphs: Iterable[str]) -> Language:
    """``en`` when Latin letters clearly outnumber Chinese characters, else ``zh``."""
    text = "\n".join(paragraphs)
    cjk = _CJK.subn("", text)[1]  # counted in C: a 1 MB script in milliseconds
    latin = _LATIN.subn("", text)[1]
    return "en" if latin > 2 * cjk else "zh"


_CJK: Final = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LATIN: Final = re.compile(r"[A-Za-z]")


def _first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[: match.start()] if match else text


_SENTENCE_END: Final = re.compile(r"[。！？!?]|\.(?:\s|$)")


def _looks_like_title(paragraph: str, language: Language) -> bool:
    folded = fold(paragraph)
    whole = tokenize(paragraph, 0)
    if (len(whole) == 1 and whole[0].kind == "cue") or folded.endswith((":", "：")):
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
        match = pattern.match(fold(text))
        if match:
            name = text[match.start("name") : match.end("name")].strip(' .“”"')
            return name[:1].upper() + name[1:] if language == "en" else name
    return text


def _title_from_text(paragraphs: Sequence[str]) -> str | None:
    """With no title paragraph, the meeting's name from a sentence like "今天召开……会议"."""
    for paragraph in paragraphs[:6]:
        match = _MEETING_NAME_ZH.search(fold(paragraph))
        if match:
            return paragraph[match.start("name") : match.end("name")]
    return None


def _is_overview(paragraph: str, language: Language) -> bool:
    pattern = _OVERVIEW_ZH if language == "zh" else _OVERVIEW_EN
    return pattern.search(_first_sentence(fold(paragraph))) is not None


def _item_match(paragraph: str, language: Language) -> re.Match[str] | None:
    """The announcement of an agenda item in a paragraph's first sentence, if there is one.

    In Chinese, "第N项" must be followed by 议程/议题 or preceded by a verb such as 进行, so a
    speech that mentions "第一项工作" is not mistaken for the next item.
    """
    sentence = _first_sentence(fold(paragraph))
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
    folded = fold(text)
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
            number = _number(mark.group("n") or mark.group("m"))
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
    text = re.sub(r"^由?我(?:来)?(?:作|做)(?=.{2})", "", text)
    folded = fold(text)
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
    match = pattern.match(fold(text))
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


def _who_for_cue(
    pieces: Sequence[Token], index: int, language: Language, begin: int = 0
) -> str | None:
    """Who speaks during a cue: the person the chair has just called on, when named.

    Returns the name as written (``*同志`` placeholders included), or None for cues where the
    room acts (applause, a vote) or the last line calls on nobody in particular.
    """
    if _ROOM_ACTION.search(fold(pieces[index].text)):
        return None
    previous = next(
        (pieces[i].text for i in range(index - 1, begin - 1, -1) if pieces[i].kind == "line"), None
    )
    if previous is None:
        return None
    if language == "en":
        found_en = list(_ASK_PERSON_EN.finditer(previous))
        return found_en[-1].group("who") if found_en else None
    found = list(_ASK_PERSON_ZH.finditer(fold(previous)))
    if not found:
        post = list(_ASK_POST.finditer(fold(previous)))
        if not post or _PLURAL_WHO.match(post[-1].group("who")):
            return None
        return previous[post[-1].start("who") : post[-1].end("who")]
    start, end = found[-1].span("who")
    who, folded = previous[start:end].strip(), fold(previous[start:end].strip())
    if _PLURAL_WHO.match(folded) or folded in ("同志", "先生", "女士"):
        return None
    if re.search(r"(?:负责|有关|相关|分管|主要|各位)..$", folded):
        return None
    placeholder = _PLACEHOLDER_NAME.search(folded)
    if placeholder:
        # Keep a surname written before the placeholder ("陈*同志"), not a post ("主任*同志").
        start = placeholder.start()
        before = folded[start - 1 : start]
        ahead = folded[start - 2 : start - 1]
        if before in _SURNAMES and (not _is_cjk(ahead) or ahead in _TITLE_ENDINGS):
            start -= 1
        return who[start:]
    # "统战部长李明同志" → "李明同志": a two- or three-character name right after a post.
    given = folded[:-2]
    if given[-3:-1] in _COMPOUND_SURNAMES or given[-4:-2] in _COMPOUND_SURNAMES:
        size = 3 if given[-3:-1] in _COMPOUND_SURNAMES else 4
        return who[len(given) - size :]
    for size in (2, 3):
        name, before = given[-size:], given[-size - 1 : -size]
        if before in _TITLE_ENDINGS and all("\u4e00" <= ch <= "\u9fff" for ch in name):
            return who[len(given) - size :]
    if re.search(r"[与和及、]", folded):
        return None  # several people, or a post with no name after it
    return who if len(who) <= _TITLE_CUT else None


def _is_vote_request(text: str, language: Language) -> bool:
    pattern = _ASK_VOTE_ZH if language == "zh" else _ASK_VOTE_EN
    return pattern.search(fold(text)) is not None


def _is_vote_result(text: str, language: Language) -> bool:
    folded = fold(text)
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
    subject = _result_subject(result, language) or _named_subject(request, language)
    if subject:
        return subject, True
    for text in earlier:
        found = _documents(text, language)
        if found:
            return found, True
    cut = _match_end(_VERB, item_title)
    return (item_title[cut:] if len(item_title) - cut >= 2 else item_title), False


def _named_subject(request: str, language: Language) -> str | None:
    """What a request names for decision: "……监票人、计票人建议名单……请以掌声通过" → that list."""
    if language != "zh":
        return None
    folded = fold(request)
    found = list(_NAMED.finditer(folded)) or list(_SUBJECT_ZH.finditer(folded))
    if not found:
        return None
    match = found[-1]
    name = "m" if "m" in match.groupdict() else 0
    subject = request[match.start(name) : match.end(name)]
    subject = subject[_match_end(_VERB, subject) :].strip("，、 ")
    return subject if 2 <= len(subject) <= _TITLE_MAX else None


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
    folded = fold(result)
    match = _RESULT_ZH.search(folded[:_RESULT_REACH])
    if match is None:
        return None
    clause_start = max(folded.rfind(mark, 0, match.start()) for mark in "，,。；") + 1
    subject = result[clause_start : match.start()].strip()
    subject = re.sub(r"(?:均|都|全部|一致|已)$", "", subject)
    if _DIGITS.search(fold(subject)) or _VOTERS.search(fold(subject)):
        return None  # who voted ("出席会议的9名委员"), not what was voted on
    if not 2 <= len(subject) <= _TITLE_MAX or re.match(r"经|刚才|会议|大家|各位", fold(subject)):
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
    folded = fold(text)
    method = "表决"
    for words, name in (
        (("表决器",), "按表决器表决"),
        (("依次",), "依次表决"),
        (("举手",), "举手表决"),
        (("无记名", "投票", "票决"), "无记名投票"),
        (("鼓掌",), "鼓掌表决"),
    ):
        if any(word in folded for word in words):
            method = name
            break
    return to_traditional(method) if traditional else method


def _vote_rule(text: str) -> str:
    folded = fold(text)
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
    folded = fold(result)
    lead = result[:3] if folded.startswith("刚才，") else ""
    how_match = _HOW_VOTED.match(folded)
    how = result[how_match.start("how") : how_match.end("how")] if how_match else "经表决"
    subject = motion if names_documents else "该事项"
    tail = "未获通过，请会后修改完善后再次提交审议。"
    if traditional:
        how, subject, tail = (to_traditional(part) for part in (how, subject, tail))
    return f"{lead}{how}，{subject}{tail}"


def _roll_call_match(text: str, language: Language) -> tuple[re.Match[str], re.Match[str]] | None:
    folded = fold(text)
    members_pattern, present_pattern = (
        (_ROLL_MEMBERS_ZH, _ROLL_PRESENT_ZH)
        if language == "zh"
        else (_ROLL_MEMBERS_EN, _ROLL_PRESENT_EN)
    )
    members = members_pattern.search(folded)
    if members is None:
        return None
    present = present_pattern.search(folded, members.end())
    if present is None:  # "今天实到28人，应到31人"
        present = present_pattern.search(folded[: members.start()])
    return None if present is None else (members, present)


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _roll_call(text: str, language: Language) -> dict[str, Any] | None:
    """A roll-call step from "本次会议应到9人，实到8人，符合规定人数。" (numbers become fields)."""
    found = _roll_call_match(text, language)
    if found is None:
        return None
    members, present = found
    first, second = sorted(
        ((members, "{members}"), (present, "{present}")), key=lambda m: m[0].start()
    )
    template = "".join(
        (
            _braces(text[: first[0].start("n")]),
            first[1],
            _braces(text[first[0].end("n") : second[0].start("n")]),
            second[1],
            _braces(text[second[0].end("n") :]),
        )
    )
    folded = fold(text)
    two_thirds = (
        has("quorum_two_thirds", folded)
        if language == "zh"
        else re.search(r"two[- ]thirds", folded, re.I) is not None
    )
    quorum = "two_thirds" if two_thirds else "majority"
    return {"roll_call": template, "quorum": quorum}


def _stated_members(pieces: Sequence[Token], language: Language) -> int | None:
    """The number of voting members a roll call in the script states, e.g. "应到9人"."""
    for piece in pieces:
        found = _roll_call_match(piece.text, language) if piece.kind == "line" else None
        if found is not None:
            return _number(found[0].group("n"))
    return None


# =============================================================================================
# The machine
# =============================================================================================

#: How many tokens before a result the request for it may stand.
_REQUEST_REACH: Final = 5
#: How many tokens before a 当选 result the election's procedure may stand.
_ELECTION_REACH: Final = 14
#: A short line between a tally and its result ("请放下。").
_ASIDE_WIDTH: Final = 24
#: How many tokens after the last closing line may still belong to the closing.
_CLOSING_TAIL: Final = 6
_ENUMERATED: Final = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，、,]|"
    r"[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[、.．]|[一二三四五六七八九十]{1,3}[、．])"
)
_SUBJECT_ZH: Final = re.compile(
    r"(?:通过|表决|审议|推选|决定|同意)(?P<m>[^，。；：请]{2,30}?"
    r"(?:名单|办法|议程|决议|决定|方案|报告|预算|决算|章程|公约|议案|规则|制度|人选|建议|事项))"
)
_NAMED: Final = re.compile(
    r"[^，。；：:！？\s]{2,24}?(?:建议名单|候选人名单|名单|人选|实施方案|方案|办法|决议|议案|预算)"
    r"(?=[，。；：:！？为]|$)"
)
_ASKING: Final = re.compile(r"请|现在|下面|开始|进行|予以|如无异议|有无异议|是否同意|有没有异议")
_BY_HAND: Final = re.compile(r"举手|赞成的|同意的|反对的|按表决器")
_VERB: Final = re.compile(r"^(?:根据|对|将|就|把|关于对|审议|研究|讨论|表决|通过)+")
_ASK_WORD: Final = re.compile(r"请|有无异议|是否同意|有没有异议")
_CLAUSE: Final = re.compile(r"[^，,。；;！!？?]+[，,。；;！!？?]*")
_VOTERS: Final = re.compile(
    r"(?:委员|代表|成员|同志|董事|人员|党员|大家|理事|股东|业主|会员|职工)们?$"
)
_DIGITS: Final = re.compile(r"[0-9０-９]|[一二三四五六七八九十百]+(?:票|人|名)")


@dataclass(slots=True)
class _Context:
    language: Language
    traditional: bool
    rules: dict[int, tuple[str, int, str]] = field(default_factory=dict)
    """Token index → the rule a stated procedure set there, and its script line."""
    rule_at: list[int] = field(default_factory=list)
    """The keys of ``rules``, in order."""
    notes: list[Note] = field(default_factory=list)

    def note(self, line: int, kind: str, message: str) -> None:
        self.notes.append(Note(line, kind, message))

    def words(self, text: str) -> str:
        return to_traditional(text) if self.traditional else text


@dataclass(frozen=True, slots=True)
class _Span:
    """A decision found in a section: it replaces tokens[start:end] with one step."""

    start: int
    end: int
    step: dict[str, Any]
    said: str = ""
    """For a vote, the outcome the script wrote: ``passed`` or ``failed``."""


def parse_paragraphs(
    paragraphs: Sequence[str], *, fallback_title: str = "", lines: Sequence[int] | None = None
) -> Agenda:
    """Build an agenda dict (the DESIGN.md YAML shape) from a script's paragraphs, in order.

    ``fallback_title`` names the meeting when the script has no title paragraph and no sentence
    such as "今天召开……会议" (the importer passes the file's stem). Raises ValueError for an
    empty list.
    """
    return parse_script(paragraphs, fallback_title=fallback_title, lines=lines)[0]


def parse_script(
    paragraphs: Sequence[str], *, fallback_title: str = "", lines: Sequence[int] | None = None
) -> tuple[Agenda, list[Note]]:
    """The agenda dict and the review list (every guess, with its script line).

    ``lines`` gives each paragraph's line in the script (default: its position, from 1).
    """
    numbered = [
        (p.strip(_EDGE_BLANKS), lines[i] if lines is not None and i < len(lines) else i + 1)
        for i, p in enumerate(paragraphs)
    ]
    numbered = [(p, n) for p, n in numbered if p]
    if not numbered:
        raise ValueError("the script has no text")
    texts = [p for p, _ in numbered]
    language = detect_language(texts)
    ctx = _Context(language, language == "zh" and is_traditional(texts))

    title: str | None = None
    if len(texts) > 1 and _looks_like_title(texts[0], language):
        title = _meeting_title(texts[0], language)
        numbered = numbered[1:]
    tokens = [token for text, line in numbered for token in tokenize(text, line)]
    tokens = _split_announcements(tokens, language)
    if language == "zh":
        tokens = _split_asked_results(tokens)
        tokens = _split_closing(tokens)
    closing_start = _closing_start(tokens, language)
    starts, overview = _item_starts(tokens, closing_start, ctx)
    if starts:
        closing_start = _all_done(tokens, starts[-1][0], closing_start, ctx)
    if language == "zh":
        ctx.rules = _stated_rules(tokens)
        ctx.rule_at = sorted(ctx.rules)

    if title is None:
        fallback = fallback_title or ("会议" if language == "zh" else "Meeting")
        title = (_title_from_text(texts) if language == "zh" else None) or fallback

    items: list[dict[str, Any]] = []
    if starts:
        opening = _steps(tokens, 0, starts[0][0], title, ctx)
        ends = [start for start, _, _ in starts[1:]] + [closing_start]
        for (start, number, item_title), end in zip(starts, ends, strict=True):
            if not item_title:
                item_title = ctx.words(
                    f"第{number}项议程" if language == "zh" else f"Item {number}"
                )
            items.append(
                {"title": item_title, "steps": _steps(tokens, start, end, item_title, ctx)}
            )
        if overview and len(overview) != len(starts):
            ctx.note(
                tokens[starts[0][0]].line,
                "items",
                f"the overview lists {len(overview)} items; {len(starts)} were found",
            )
    else:
        # No numbered items at all: one item holds the whole script, so nothing is lost.
        opening = []
        if closing_start == 0:
            closing_start = len(tokens)  # a script that is only a closing line
        item_title = ctx.words("会议议程" if language == "zh" else "Agenda")
        items.append(
            {"title": item_title, "steps": _steps(tokens, 0, closing_start, item_title, ctx)}
        )
        ctx.note(
            tokens[0].line if tokens else 1,
            "items",
            "no agenda items found: one item holds the script",
        )

    meeting: dict[str, Any] = {"title": title, "language": language}
    members = _stated_members(tokens, language)
    if members is not None and members > 0:
        meeting["members"] = members
    agenda: Agenda = {"version": 1, "meeting": meeting}
    if opening:
        agenda["opening"] = opening
    agenda["items"] = items
    closing = _steps(tokens, closing_start, len(tokens), title, ctx)
    if closing:
        agenda["closing"] = closing
    ctx.notes.sort(key=lambda note: note.line)
    for cached in (_ask_start, _ask_end, _result_kind, _asks):
        cached.cache_clear()  # remembered for one script's phases, not across imports
    return agenda, ctx.notes


# --- refusing what is not a script ----------------------------------------------------------

#: Above this share of unassigned, private-use, surrogate or replacement characters, decoded
#: "text" is a wrong guess at binary data (a UTF-16 byte-order mark followed by junk, say).
_JUNK_SHARE: Final = 0.1
_JUNK_CATEGORIES: Final = frozenset({"Cn", "Co", "Cs", "Cc"})


_USUAL: Final = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\x20-\x7e“”‘’…—、]+")


def not_a_script(paragraphs: Sequence[str]) -> str | None:
    """Why these paragraphs are not a chair's script, or None when they look like one.

    Text that decoded to mostly unassigned or replacement characters is refused, and so is text
    with no paragraph of the genre at all: no title "……主持词", no "召开……会议", no agenda item
    announced, no overview, no cue in brackets, no vote, no roll call and no closing line. A
    real script, even a short one, has at least one of these; a wrongly decoded file, a
    program's output or a novel has none, and importing it would give a nonsense agenda.
    """
    text = "".join(paragraphs)
    unusual = _USUAL.sub("", text)  # CJK, Latin, digits and punctuation are never junk
    junk = sum(
        1
        for ch in unusual
        if ch == "\ufffd" or (ch != "\t" and unicodedata.category(ch) in _JUNK_CATEGORIES)
    )
    if text and junk > _JUNK_SHARE * len(text):
        return (
            f"does not decode to text: {junk * 100 // len(text)}% of its characters are "
            "unassigned, private-use or replacement characters (a wrong encoding, or not text)"
        )
    language = detect_language(paragraphs)
    if paragraphs and (
        _TITLE_ZH.match(fold(paragraphs[0])) or _TITLE_EN.match(fold(paragraphs[0]))
    ):
        return None
    for number, paragraph in enumerate(paragraphs, start=1):
        for piece in tokenize(paragraph, number):
            if piece.kind == "cue" or _is_closing(piece.text):
                return None
            line = piece.text
            if (
                _item_match(line, language) is not None
                or _is_overview(line, language)
                or _asks(piece, language) is not None
                or _result_kind(piece, language) is not None
                or _roll_call_match(line, language) is not None
                or (language == "zh" and _MEETING_NAME_ZH.search(piece.folded) is not None)
            ):
                return None
    return (
        "does not look like a chair's script (主持词): no title, agenda item, cue in brackets, "
        "vote, roll call or closing line found"
    )


# --- phase 1: tokens cut where an item or the closing begins inside a paragraph ---------------


def _split_announcements(tokens: list[Token], language: Language) -> list[Token]:
    """Cut a line where a later sentence announces an item ("请回座。现在转入第三项议程")."""
    if language != "zh":
        return tokens
    out: list[Token] = []
    for token in tokens:
        if token.kind != "line" or len(token.text) < 6:
            out.append(token)
            continue
        folded = token.folded
        if _is_overview(token.text, language):
            out.append(token)  # "共有三项议程。第一项议程是……" lists the items, starts none
            continue
        cut = 0
        for start, end in sentences(folded)[1:]:
            sentence = folded[start:end]
            if _item_match(sentence, language) is not None or has("all_done", sentence):
                head = token.text[cut:start].strip()
                if head:
                    out.append(Token("line", head, token.line))
                cut = start
        out.append(Token("line", token.text[cut:].strip(), token.line) if cut else token)
    return out


def _split_closing(tokens: list[Token]) -> list[Token]:
    """Cut a long last paragraph where its closing sentence begins: "……现在我宣布，大会闭幕！"."""
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 1 - _CLOSING_TAIL), -1):
        token = tokens[index]
        if token.kind != "line":
            continue
        if _is_closing(token.text):
            return tokens
        for start, end in sentences(token.folded)[1:]:
            if _is_closing(token.text[start:end]) and not _THANKS.match(token.folded[start:end]):
                head = Token("line", token.text[:start].strip(), token.line)
                tail = Token("line", token.text[start:].strip(), token.line)
                return [*tokens[:index], head, tail, *tokens[index + 1 :]]
    return tokens


def _split_asked_results(tokens: list[Token]) -> list[Token]:
    """Cut a line that asks for a vote and gives its result: the result becomes its own line."""
    out: list[Token] = []
    for whole in tokens:
        token = whole
        start = _ask_start(token.folded) if token.kind == "line" else 0
        if start:  # "《A》通过。下面表决《B》，同意的请举手。": A's result, then B's request
            head = Token("line", token.text[:start].strip(), token.line)
            if _result_kind(head, "zh") is not None:
                out.append(head)
                token = Token("line", token.text[start:].strip(), token.line)
        cut = _ask_end(token.folded) if token.kind == "line" else 0
        rest = token.folded[cut:]
        if cut and rest.strip("。！!？? ") and _result_kind(Token("line", rest, 0, rest), "zh"):
            out.append(Token("line", token.text[:cut].strip(), token.line))
            token = Token("line", token.text[cut:].strip(), token.line)
        out.extend(_split_elected(token))
    return out


def _split_elected(token: Token) -> list[Token]:
    """ "全票通过。张三同志当选为书记。": the vote's result, then who it elected, as two lines."""
    if token.kind != "line" or not has("elected", token.folded):
        return [token]
    for start, _ in sentences(token.folded)[1:]:
        head = token.folded[:start]
        if has("elected", token.folded[start:]) and not has("elected", head):
            if _RESULT_ZH.search(head) and not has("election", head):
                return [
                    Token("line", token.text[:start].strip(), token.line),
                    Token("line", token.text[start:].strip(), token.line),
                ]
            break
    return [token]


@cache
def _ask_start(folded: str) -> int:
    """Where the sentence of the first clause that asks the room to decide begins (0: none)."""
    for clause in _CLAUSE.finditer(folded):
        text = clause.group(0)
        if (has("vote_ask", text) or has("uncounted_ask", text)) and _ASK_WORD.search(text):
            starts = [s for s, _ in sentences(folded) if s <= clause.start()]
            return starts[-1] if starts else 0
    return 0


@cache
def _ask_end(folded: str) -> int:
    """Where the last clause that asks the room to decide ends (0: none asks)."""
    cut = 0
    for clause in _CLAUSE.finditer(folded):
        text = clause.group(0)
        if (has("vote_ask", text) or has("uncounted_ask", text)) and _ASK_WORD.search(text):
            cut = clause.end()
    return cut


# --- phase 2: the closing ---------------------------------------------------------------------


def _closing_start(tokens: Sequence[Token], language: Language) -> int:
    """Where the closing begins: the 散会 lines at the end and the directions around them.

    The last closing line may be followed by directions (奏乐, 退场) and short lines ("请有序
    离场。"); lines before it that also close (谢谢大家, 会议到此结束) join it.
    """
    last = None
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 1 - _CLOSING_TAIL), -1):
        token = tokens[index]
        if token.kind == "line" and _is_closing(token.text):
            last = index
            break
        if token.kind == "line" and _cells(token.text) > _ASIDE_WIDTH * 2:
            break
    if last is None:
        return len(tokens)
    start = last
    while start > 0:
        token = tokens[start - 1]
        if (token.kind == "line" and _is_closing(token.text)) or (
            token.kind == "cue" and _ROOM_ACTION.search(token.folded)
        ):
            start -= 1
        else:
            break
    while start < last and tokens[start].kind == "cue":
        start += 1  # directions before the first closing line end the last item
    return start


def _all_done(tokens: Sequence[Token], last_start: int, closing_start: int, ctx: _Context) -> int:
    """An earlier start of the closing: "至此，三项议程都已完成。" after the last item began."""
    if ctx.language != "zh":
        return closing_start
    for index in range(last_start + 1, closing_start):
        token = tokens[index]
        if token.kind == "line" and has("all_done", _first_sentence(token.folded)):
            return index
    return closing_start


# --- phase 3: items ----------------------------------------------------------------------------


def _item_starts(
    tokens: Sequence[Token], end: int, ctx: _Context
) -> tuple[list[tuple[int, int, str]], dict[int, str]]:
    """(token index, number, title) of each item, and the overview's titles by number."""
    language = ctx.language
    starts: list[tuple[int, int, str]] = []
    overview: dict[int, str] = {}
    expected = 1
    for index in range(end):
        token = tokens[index]
        if token.kind != "line":
            continue
        if not starts and _is_overview(token.text, language):
            overview = overview or _overview_titles(token.text, language, ctx.traditional)
            continue
        match = _item_match(token.text, language)
        number = _item_number(match) if match else None
        # The next item, or the one after it if one announcement was worded past recognition.
        if match is not None and number is not None and expected <= number <= expected + 1:
            title = _announcement_title(token.text, match, language, ctx.traditional)
            start = index
            heading = _heading(tokens[index - 1]) if index > 0 else None
            if heading is not None and heading[0] == number:
                start, title = index - 1, heading[1]
            starts.append((start, number, title))
            expected = number + 1
    if not starts and language == "zh":
        starts = _heading_starts(tokens, end, ctx)
    if language == "zh" and starts:
        _last_item(tokens, end, starts, overview, ctx)
    titled: list[tuple[int, int, str]] = []
    for start, number, title in starts:
        if number in overview:
            if title and title != overview[number]:
                ctx.note(
                    tokens[start].line,
                    "item",
                    f"item {number} titled from the overview: {overview[number]}"
                    f" (the announcement says: {title})",
                )
            title = overview[number]
        titled.append((start, number, title))
    return titled, overview


def _heading(token: Token) -> tuple[int, str] | None:
    if token.kind != "line" or token.text[-1:] in "。；;，,":
        return None
    match = _HEADING.match(token.folded)
    if match is None:
        return None
    number = _number(match.group("n"))
    title = token.text[match.start("title") :].strip()
    return (number, title) if number is not None else None


def _heading_starts(tokens: Sequence[Token], end: int, ctx: _Context) -> list[tuple[int, int, str]]:
    """Items written as headings, "一、…", "二、…", numbered from one without a gap."""
    starts: list[tuple[int, int, str]] = []
    for index in range(end):
        heading = _heading(tokens[index])
        if heading is not None and heading[0] == len(starts) + 1:
            starts.append((index, heading[0], heading[1]))
    if len(starts) < 2:
        return []
    ctx.note(tokens[starts[0][0]].line, "items", f"{len(starts)} items read from 一、 headings")
    return starts


def _last_item(
    tokens: Sequence[Token],
    end: int,
    starts: list[tuple[int, int, str]],
    overview: dict[int, str],
    ctx: _Context,
) -> None:
    """The last item opened by 最后 with no ordinal, when the overview (or a cue) expects it."""
    last_start, last_number, _ = starts[-1]
    wanted = last_number + 1
    if overview and wanted not in overview:
        return
    for index in range(last_start + 1, end):
        token = tokens[index]
        if token.kind != "line" or _LAST_ITEM.search(token.folded) is None:
            continue
        sentence = _first_sentence(token.folded)
        calls = re.search(r"有请|(?:请|由)(?!大家|各位|全体|与会)", sentence) is not None
        explicit = "最后一项" in sentence
        after_cue = tokens[index - 1].kind == "cue"
        speech = (
            re.search(r"有请|请[^，。]{1,20}(?:讲话|致辞|作总结|总结讲话)", sentence) is not None
        )
        short = len(sentence) <= 40
        if explicit or (overview and calls) or (short and calls and (after_cue or speech)):
            title = overview.get(wanted) or _tidy_item_title(
                re.sub(r"^(?:会议)?最后[，,、]?", "", token.text.split("。")[0]),
                "zh",
                ctx.traditional,
            )
            starts.append((index, wanted, title))
            ctx.note(
                token.line, "item", f"item {wanted} taken from 最后: check it is an agenda item"
            )
            return


# --- phase 4: steps ----------------------------------------------------------------------------


#: Every stated rule names one of these; a line without any states none.
_RULE_HINT: Final = re.compile(r"三分之二|2/3|一致|半数|全票")


def _stated_rules(tokens: Sequence[Token]) -> dict[int, tuple[str, int, str]]:
    """Where a stated procedure sets the rule for the votes after it (三分之二 → two_thirds)."""
    rules: dict[int, tuple[str, int, str]] = {}
    for index, token in enumerate(tokens):
        if token.kind != "line" or _RULE_HINT.search(token.folded) is None:
            continue
        for start, end in sentences(token.folded):
            sentence = token.folded[start:end]
            if has("counts", sentence) or _NEGATIVE_RESULT.search(sentence):
                continue  # a result that mentions the rule does not state it
            if has("rule_two_thirds", sentence):
                rules[index] = ("two_thirds", token.line, _zh_base(sentence))
                continue
            if not has("rule_stated", sentence) or has("quorum_two_thirds", sentence):
                continue
            if has("two_thirds", sentence):
                rules[index] = ("two_thirds", token.line, _zh_base(sentence))
            elif has("unanimous", sentence):
                rules[index] = ("unanimous", token.line, _zh_base(sentence))
            elif re.search(r"过半数|半数以上", sentence) and not has("election", sentence):
                rules[index] = ("majority", token.line, _zh_base(sentence))
    return rules


def _rule_before(ctx: _Context, index: int) -> tuple[str, int, str] | None:
    """The rule the last stated procedure before token ``index`` set, if any."""
    at = bisect_left(ctx.rule_at, index)
    return ctx.rules[ctx.rule_at[at - 1]] if at else None


def _steps(tokens: Sequence[Token], begin: int, end: int, title: str, ctx: _Context) -> list[Step]:
    """The steps of tokens[begin:end]: lines, cues (with who), roll calls and decisions."""
    spans = _decisions(tokens, begin, end, title, ctx)
    steps: list[Step] = []
    index = begin
    pending = sorted(spans, key=lambda span: (span.start, span.end))
    while index < end or pending:
        if pending and pending[0].start <= index:
            span = pending.pop(0)
            steps.append(span.step)
            index = max(index, span.end)
            continue
        if index >= end:
            break
        token = tokens[index]
        if token.kind == "cue":
            cue: dict[str, Any] = {"cue": token.text}
            if has("conditional", token.folded):
                ctx.note(
                    token.line, "cue", f"a condition for the operator, not a pause: {token.text}"
                )
            who = _who_for_cue(tokens, index, ctx.language, begin)
            if who:
                cue["who"] = who
                ctx.note(token.line, "who", f"cue 「{token.text}」: who is {who}")
            steps.append(cue)
        else:
            roll = _roll_call(token.text, ctx.language)
            if roll is not None:
                ctx.note(token.line, "roll_call", f"roll call, quorum {roll['quorum']}")
            steps.append(roll or token.text)
        index += 1
    return steps


@cache
def _result_kind(token: Token, language: Language) -> tuple[str, bool] | None:
    """("passed" | "failed" | "elected", whether the token also asks) for a result token."""
    if token.kind != "line":
        return None
    folded = token.folded
    if language == "en":
        head = _first_sentence(folded)
        if _NEGATIVE_RESULT.search(head):
            return ("failed", False)
        return ("passed", False) if _RESULT_EN.search(head) else None
    cut = _ask_end(folded)
    asked = [cut] if cut else []
    rest_start = cut if cut < len(folded.rstrip("。！!？? ")) else None
    if asked and rest_start is None:
        return None
    rest = folded[rest_start or 0 :][:_RESULT_REACH]
    if has("elected", rest):
        return ("elected", bool(asked))
    if _NEGATIVE_RESULT.search(rest):
        return ("failed", bool(asked))
    if _RESULT_ZH.search(rest):
        return ("passed", bool(asked))
    return None


@cache
def _asks(token: Token, language: Language) -> str | None:
    """ "counted" or "uncounted" when a line or a direction asks the room to decide."""
    folded = token.folded
    if language == "en":
        return "counted" if token.kind == "line" and _ASK_VOTE_EN.search(folded) else None
    kind: str | None = None
    for clause in [folded] if token.kind == "cue" else _CLAUSE.findall(folded):
        asks_here = token.kind == "cue" or _ASKING.search(clause) is not None
        if has("uncounted_ask", clause) and asks_here:
            return "uncounted"
        if has("vote_ask", clause) and (asks_here or _BY_HAND.search(clause)):
            kind = "counted"
    return kind


def _decisions(
    tokens: Sequence[Token], begin: int, end: int, title: str, ctx: _Context
) -> list[_Span]:
    """Votes, uncounted decisions and elections in tokens[begin:end], as spans."""
    spans: list[_Span] = []
    floor = begin  # a request is never shared by two decisions
    index = begin
    while index < end:
        token = tokens[index]
        found = _result_kind(token, ctx.language)
        if found is None:
            span = _applause(tokens, index, end, floor, title, ctx)
            if span is not None:
                spans.append(span)
                floor = span.end
            index += 1
            continue
        kind, self_asking = found
        last = spans[-1] if spans else None
        if kind == "elected" and last is not None and last.end == index and last.said:
            # "全票通过。张三同志当选为支部书记。": a vote by show of hands that elects.
            step = _extend_outcome(last.step, last.said, token)
            spans[-1] = _Span(last.start, index + 1, step, last.said)
            floor = index = index + 1
            continue
        if kind == "elected":
            span = _election(tokens, index, end, floor, ctx)
        else:
            span = _vote(tokens, index, end, floor, kind, self_asking, title, ctx)
        if span is None:
            index += 1
            continue
        spans.append(span)
        floor = index = span.end
    return spans


def _extend_outcome(step: dict[str, Any], side: str, token: Token) -> dict[str, Any]:
    """The vote with ``token`` added to the outcome the script wrote (``side``)."""
    said = step.get(side)
    lines: list[Step] = [said] if isinstance(said, str) else list(said or [])
    return {**step, side: [*lines, _fill_counts(token.text)]}


def _request_before(
    tokens: Sequence[Token], index: int, floor: int, reach: int, language: Language
) -> tuple[int, str] | None:
    for back in range(index - 1, max(floor, index - reach) - 1, -1):
        kind = _asks(tokens[back], language)
        if kind is not None:
            return back, kind
    return None


def _vote(
    tokens: Sequence[Token],
    index: int,
    end: int,
    floor: int,
    kind: str,
    self_asking: bool,
    title: str,
    ctx: _Context,
) -> _Span | None:
    language = ctx.language
    result = tokens[index]
    if self_asking:
        request_at, how = index, _asks(result, language) or "counted"
    else:
        found = _request_before(tokens, index, floor, _REQUEST_REACH, language)
        if found is None:
            return None
        request_at, how = found
    request = tokens[request_at]
    # A tally written before the result ("赞成21票……" and perhaps "请放下。") belongs to it.
    start = index
    if not self_asking:
        for back in (index - 1, index - 2):
            if back <= request_at or tokens[back].kind != "line" or _asks(tokens[back], language):
                break
            if has("counts", tokens[back].folded):
                start = back
                break
            if _cells(tokens[back].text) > _ASIDE_WIDTH:
                break
    stop = _branch_end(tokens, index, end, ctx)
    said = [_fill_counts(token.text) for token in tokens[start:stop]]
    uncounted = how == "uncounted" or (
        language == "zh"
        and re.search(r"掌声|鼓掌|表态", result.folded) is not None
        and not has("counts", result.folded)
    )
    earlier = [t.text for t in reversed(tokens[floor:request_at]) if t.kind == "line"]
    motion, names_documents = _motion(request.text, result.text, earlier, title, language)
    step: dict[str, Any] = {"vote": motion}
    script_side: Step | list[Step] = said[0] if len(said) == 1 else list(said)
    if uncounted:
        step["counted"] = False
        step["method"] = _uncounted_method(request.folded + result.folded, ctx)
        step["passed" if kind == "passed" else "failed"] = script_side
        guessed = "" if names_documents else " (the motion is the item's title)"
        ctx.note(
            result.line, "vote", f"decision without counts ({step['method']}): {motion}{guessed}"
        )
    else:
        asked = "".join(
            t.text for t in tokens[_first_request(tokens, request_at, floor, language) : index + 1]
        )
        step["method"] = _vote_method(asked, language, ctx.traditional)
        rule = _vote_rule(asked) if language == "en" else _zh_rule(asked)
        stated = _rule_before(ctx, request_at + 1)
        if rule == "majority" and stated is not None:
            rule = stated[0]
            ctx.note(result.line, "rule", f"vote rule {rule}, carried from line {stated[1]}")
        elif rule == "majority":
            ctx.note(result.line, "rule", "vote rule majority: the script states none")
        else:
            ctx.note(result.line, "rule", f"vote rule {rule}, as stated at the vote")
        step["rule"] = rule
        base = stated[2] if stated is not None and rule == stated[0] else "present"
        if language == "zh" and _zh_base(asked) == "members":
            base = "members"
        if base == "members":
            step["of"] = "members"
            ctx.note(result.line, "rule", "the rule counts against all members, not those present")
        if kind == "passed":
            step["passed"] = script_side
            step["failed"] = _failed_line(
                result.text, motion, names_documents, language, ctx.traditional
            )
        else:
            step["passed"] = _passed_line(result.text, motion, names_documents, ctx)
            step["failed"] = script_side
            ctx.note(result.line, "vote", "the script expects this motion to fail")
    if stop > index + 1:
        ctx.note(tokens[stop - 1].line, "branch", "the outcome's branch ends here")
    if not names_documents and not uncounted:
        ctx.note(result.line, "vote", f"motion taken from the item's title: {motion}")
    return _Span(start, stop, step, "passed" if kind == "passed" else "failed")


def _first_request(tokens: Sequence[Token], at: int, floor: int, language: Language) -> int:
    """The first of the requests that run up to the one at ``at`` (同意的请举手…反对的请举手)."""
    first = at
    for back in range(at - 1, max(floor, at - _REQUEST_REACH) - 1, -1):
        if _asks(tokens[back], language) is not None:
            first = back
    return first


def _zh_base(text: str) -> str:
    """``members`` when a rule counts against all members (全体代表三分之二, 应到…过半数)."""
    folded = fold(text)
    whole = re.search(r"(?:全体|应到|应出席)[^。；，]{0,14}(?:三分之二|过半数|半数|一致)", folded)
    return "members" if whole else "present"


def _zh_rule(text: str) -> str:
    folded = fold(text)
    if has("rule_two_thirds", folded) or (
        has("two_thirds", folded) and not has("quorum_two_thirds", folded)
    ):
        return "two_thirds"
    return "unanimous" if has("unanimous", folded) else "majority"


def _applause(
    tokens: Sequence[Token], index: int, end: int, floor: int, title: str, ctx: _Context
) -> _Span | None:
    """Approval by applause with no result line after it: "请以掌声通过。（掌声）"."""
    token = tokens[index]
    if ctx.language != "zh" or token.kind != "cue" or not re.search(r"掌声|鼓掌", token.folded):
        return None
    following = tokens[index + 1] if index + 1 < end else None
    if following is not None and _result_kind(following, ctx.language) is not None:
        return None
    found = _request_before(tokens, index, floor, 3, ctx.language)
    if found is None or found[1] != "uncounted":
        return None
    request = tokens[found[0]]
    if not re.search(r"掌声|鼓掌", request.folded):
        return None
    earlier = [t.text for t in reversed(tokens[floor : found[0]]) if t.kind == "line"]
    motion, names = _motion(request.text, "", earlier, title, ctx.language)
    guessed = "" if names else " (the motion is the item's title)"
    ctx.note(token.line, "vote", f"decision by applause: {motion}{guessed}")
    step = {"vote": motion, "counted": False, "method": ctx.words("鼓掌通过")}
    return _Span(index + 1, index + 1, step)


def _uncounted_method(folded: str, ctx: _Context) -> str:
    if re.search(r"掌声|鼓掌", folded):
        return ctx.words("鼓掌通过")
    if "表态" in folded:
        return ctx.words("逐一表态")
    return ctx.words("口头表决")


def _branch_end(tokens: Sequence[Token], index: int, end: int, ctx: _Context) -> int:
    """The end of a result and the points that continue it ("……抓好落实：" then 一是…)."""
    stop = index + 1
    if not tokens[index].text.rstrip().endswith(("：", ":")):
        return stop
    while stop < end and tokens[stop].kind == "line":
        token = tokens[stop]
        if _asks(token, ctx.language) or _result_kind(token, ctx.language) is not None:
            break
        if stop > index + 1 and not _ENUMERATED.match(token.folded):
            break
        stop += 1
    return stop


def _fill_counts(text: str) -> str:
    """Written counts as fields: "赞成21票，反对0票" → "赞成{for}票，反对{against}票"."""
    text = text.replace("{", "{{").replace("}", "}}")
    folded = fold(text)
    out: list[str] = []
    cursor = 0
    seen: set[str] = set()
    for match in COUNTS.finditer(folded):
        label, number = ("label", "n") if match.group("label") else ("label2", "n2")
        field_name = {"赞成": "for", "同意": "for", "弃权": "abstain"}.get(
            match.group(label), "against"
        )
        if field_name in seen:
            continue
        seen.add(field_name)
        out.append(text[cursor : match.start(number)] + "{" + field_name + "}")
        cursor = match.end(number)
    return "".join(out) + text[cursor:] if out else text.replace("{{", "{").replace("}}", "}")


def _passed_line(result: str, motion: str, names_documents: bool, ctx: _Context) -> str:
    if ctx.language == "en":
        return (
            f"The motion on {motion} is carried." if names_documents else "The motion is carried."
        )
    folded = fold(result)
    how_match = _HOW_VOTED.match(folded)
    how = (
        result[how_match.start("how") : how_match.end("how")] if how_match else ctx.words("经表决")
    )
    subject = motion if names_documents else ctx.words("该事项")
    return f"{how}，{subject}{ctx.words('获得通过。')}"


# --- elections ---------------------------------------------------------------------------------


def _election(
    tokens: Sequence[Token], index: int, end: int, floor: int, ctx: _Context
) -> _Span | None:
    """A secret-ballot election ending in the 当选 sentence at ``index``."""
    low = max(floor, index - _ELECTION_REACH)
    context = [t for t in tokens[low:index] if t.kind == "line"]
    if not any(has("election", t.folded) for t in [*context, tokens[index]]):
        return None
    start = index
    for back in range(index - 1, low - 1, -1):
        token = tokens[back]
        if token.kind == "cue" or _asks(token, ctx.language):
            break
        if BALLOTS.search(token.folded):
            start = back
            break
    office = seats = None
    candidates: list[str] = []
    for token in context:
        folded = token.folded
        if (match := OFFICE.search(folded)) is not None:
            verb = token.text[match.start() : match.start() + 2]
            office = verb + token.text[match.start("office") : match.end("office")]
        if (match := SEATS.search(folded)) is not None:
            seats = _number(match.group("n") or match.group("m"))
        if (match := CANDIDATES.search(folded)) is not None:
            listed = token.text[match.start("list") : match.end("list")]
            listed = re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", listed)
            names = [n.strip(" 　").removesuffix("同志") for n in re.split(r"[、，,\s]+", listed)]
            candidates = [n for n in names if 1 < len(n) <= 6] or candidates
    line = tokens[index].line
    if not candidates:
        candidates = _names_in_results(tokens[start : index + 1])
        if candidates:
            ctx.note(line, "election", "candidates taken from the result: add the others")
    template = "".join(_fill_ballots(t.text) for t in tokens[start : index + 1] if t.kind == "line")
    template = _TALLY_RUN.sub(lambda m: "{votes}" + m.group("end"), template)
    template, named = _name_elected(template, candidates)
    if not named:
        ctx.note(line, "election", "the elected names were not found in the result line")
    if not candidates:
        ctx.note(line, "election", "no candidate list found: fill in the candidates")
    if seats is None and candidates and "等额" in "".join(t.folded for t in context):
        seats = len(candidates)  # 等额选举: as many candidates as seats
    elif seats is None:
        ctx.note(line, "election", "the number of seats is not stated: check it")
    folded_all = "".join(t.folded for t in [*context, tokens[index]])
    step: dict[str, Any] = {
        "election": office or ctx.words("选举"),
        "seats": seats or max(1, len(candidates)),
        "candidates": candidates or ["*"],
        "rule": "two_thirds" if has("two_thirds", folded_all) else "majority",
        "of": "members"
        if re.search(r"应到[^。；]{0,10}半数|全体[^。；]{0,10}半数", folded_all)
        else "present",
        "method": _election_method(folded_all, ctx),
        "ballots": any(BALLOTS.search(t.folded) for t in tokens[low : index + 1]),
        "elected": template,
    }
    ctx.note(line, "election", f"election of {step['seats']} from {len(candidates)} candidates")
    return _Span(start, index + 1, step)


_TALLIED: Final = re.compile(
    r"(?:(?<=[，,：:。；、\s])|^)(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志)?(?:得票|得|：|:)?\d+票"
)
_ELECTED_RUN: Final = re.compile(
    r"(?:(?<=[，,：:。；\s])|^)(?P<run>[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*)"
    r"(?:等\d+名|等[一二三四五六七八九十]+名)?同志"
    r"[^。；]{0,30}?当选"
)


#: Two or more per-candidate tallies in a row become ``{votes}`` (what the operator records).
_TALLY_RUN: Final = re.compile(
    r"(?:(?<=[，,：:。；\s])|^)(?:[\u4e00-\u9fff]{2,4}?(?:同志)?(?:得票|得|：|:)?\d+票[，、；,]){1,}"
    r"[\u4e00-\u9fff]{2,4}?(?:同志)?(?:得票|得|：|:)?\d+票(?P<end>[。；，]?)"
)


def _names_in_results(tokens: Sequence[Token]) -> list[str]:
    """Candidates named by the tallies ("张三得105票") or before 同志当选, when no list is given."""
    names: list[str] = []
    for token in tokens:
        if token.kind != "line":
            continue
        for match in _TALLIED.finditer(token.text):
            names.append(match.group("name"))
        for match in _ELECTED_RUN.finditer(token.text):
            names.extend(match.group("run").split("、"))
    cleaned = [re.sub(r"^(?:结果|其中|按得票多少为序|经计票)", "", n) for n in names]
    return list(dict.fromkeys(n for n in cleaned if 2 <= len(n) <= 4))


def _election_method(folded: str, ctx: _Context) -> str:
    """无记名投票 / 举手, with 差额选举 or 等额选举 where the script says which."""
    how = "举手" if "举手" in folded and "选票" not in folded else "无记名投票"
    kind = next((k for k in ("差额选举", "等额选举") if k in folded), None)
    return ctx.words(f"{how}、{kind}" if kind else how)


def _fill_ballots(text: str) -> str:
    text = text.replace("{", "{{").replace("}", "}}")
    folded = fold(text)
    out: list[str] = []
    cursor = 0
    names = {"发出": "issued", "收回": "returned", "有效": "valid"}
    for match in BALLOTS.finditer(folded):
        out.append(text[cursor : match.start("n")] + "{" + names[match.group("key")] + "}")
        cursor = match.end("n")
    return "".join(out) + text[cursor:]


def _name_elected(template: str, candidates: Sequence[str]) -> tuple[str, bool]:
    """Replace the run of elected names around 当选 with ``{elected}``.

    "张三、李四同志当选为委员" and "当选的同志是：张三、李四" both name them in the 当选 sentence.
    """
    folded = fold(template)
    where = folded.rfind("当选")
    if where < 0:
        return template, False
    sentence_at = folded.rfind("。", 0, where) + 1
    sentence_end = folded.find("。", where)
    sentence_end = len(folded) if sentence_end < 0 else sentence_end
    found = [(template.find(name, sentence_at, sentence_end), name) for name in candidates]
    before = [(p, n) for p, n in found if 0 <= p < where]
    positions = before or [(p, n) for p, n in found if p > where]
    if not positions:
        return template, False
    first = min(p for p, _ in positions)
    last = max(p + len(n) for p, n in positions)
    while last < len(template) and template[last] in "、，,":
        last += 1
    if template[last : last + 2] == "同志":
        last += 2
    return template[:first] + "{elected}" + template[last:], True

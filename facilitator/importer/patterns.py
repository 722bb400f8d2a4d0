"""The vocabulary of the genre, kept as data: regular expressions and a table of labelled rows.

Every pattern matches the *folded* text (traditional characters replaced by simplified ones,
index for index; see ``fold``). ``PATTERNS`` is the table the parser consults: each row is a
label, a pattern and a priority; ``classify`` gives a sentence's labels, highest priority
first. A new convention of the genre is one more row (and one test).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

__all__ = ["PATTERNS", "Row", "classify", "has", "search"]


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
_PARENTHESISED: Final = re.compile(r"^[（(【\[]\s*([^（）()【】\[\]]+?)\s*[）)】\]]$")
#: The widest label (in cells) still taken for a cue; a longer remark is a line.
_CUE_WIDTH: Final = 60
#: A cue glued to the start or end of a paragraph, split off only for the unmistakable "……毕".
_LEADING_CUE: Final = re.compile(r"^[（(]\s*([^（）()]{1,10}(?:毕|完毕|结束))\s*[）)]\s*(?=\S)")
_TRAILING_CUE: Final = re.compile(
    r"(?<=[。！？!?.])\s*[（(]\s*([^（）()]{1,10}(?:毕|完毕|结束))\s*[）)]$"
)
#: Parenthesised dates and document notes are not cues: （2023年10月12日）, （根据录音整理）.
_NOT_A_CUE: Final = re.compile(
    r"\d{2,4}\s*年|\d{1,2}\s*月\s*\d|年\s*\d|[〇零一二三四五六七八九]{4}年|整理|讨论稿|送审稿|初稿|草稿"
)
#: Cues where the room acts rather than one person speaking: they get no ``who``.
_ROOM_ACTION: Final = re.compile(
    r"鼓掌|掌声|起立|坐下|请坐|奏|唱|默哀|举手|表决|投票|计票|休息|稍候|环视|示意|表态|退场|入场|"
    r"依次|逐一|分组|签订|签字|颁奖|合影|"
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
    r"|(?:议程|议题)(?:如下|是|为)[：:]|有以下(?:几|[一二三四五六七八九十])(?:项|个)(?:议程|议题)"
)
_OVERVIEW_EN: Final = re.compile(
    rf"\b(?:{_EN_NUM})\s+items\b.*\bagenda\b|\bagenda\b.*\b(?:{_EN_NUM})\s+items\b",
    re.IGNORECASE,
)
_ENUM_ZH: Final = re.compile(
    r"(?:(?<=[：:，,；;。、\s])|^)(?:(?P<n>[一二三四五六七八九十]{1,3})是"
    r"|第(?P<m>[一二三四五六七八九十]{1,3})(?:项|个)(?:议程|议题)?(?:是|为)?[：:，,]?)"
)
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
    r"|(?<![不未没])通过[。！!]|原则同意|会议同意|同意通过"
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
_ROLL_NUMBER: Final = r"[0-9０-９一二三四五六七八九十百零〇两*＊×XxＸ○]+"
_ROLL_MEMBERS_ZH: Final = re.compile(
    rf"(?:应到|应出席|应参会|现有|共有|全体)[^，。；0-9]{{0,12}}?(?P<n>{_ROLL_NUMBER})(?:人|名|位)"
)
_ROLL_PRESENT_ZH: Final = re.compile(
    rf"(?:实到|实际到会|实际出席|到会|出席|参会|参加会议)[^，。；0-9]{{0,12}}?(?P<n>{_ROLL_NUMBER})(?:人|名|位)"
)
_ROLL_MEMBERS_EN: Final = re.compile(
    r"\b(?P<n>\d+|X+|\*+)\s+(?:voting\s+)?members\b", re.IGNORECASE
)
_ROLL_PRESENT_EN: Final = re.compile(
    r"\b(?P<n>\d+|X+|\*+)\s+(?:members\s+)?(?:are\s+|were\s+)?present\b", re.IGNORECASE
)

# --- who speaks ------------------------------------------------------------------------------
_ASK_PERSON_ZH: Final = re.compile(r"(?:请|由)(?P<who>[^，。；！？请由]{0,40}?(?:同志|先生|女士))")
_PLURAL_WHO: Final = re.compile(r"^(?:各位?|大家|与会|全体|其他|其余|每位|有关)")
PLACEHOLDER: Final = r"(?:[*＊×XxＸｘ○◯□]+|某某)"
_PLACEHOLDER_NAME: Final = re.compile(rf"{PLACEHOLDER}(?:同志|先生|女士)$")
#: The last character of a post or unit that may stand right before a person's name.
_TITLE_ENDINGS: Final = frozenset("长任记员师表导部局委处厅办室组院所校司科队团心理事席监官人")
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
_ZH_ASK: Final = re.compile(r"^(?:有请|请|由)(?=.)")
#: A Chinese item title longer than this is cut at its first comma.
_TITLE_CUT: Final = 20
_TITLE_MAX: Final = 40


# --- conventions added with the table ---------------------------------------------------------
#: A bracketed span is a stage direction when it uses the vocabulary of the room or the chair's
#: pauses; with this, a direction inside a spoken paragraph is split off at its place.
_DIRECTION: Final = re.compile(
    r"毕|完毕|结束|鼓掌|掌声|起立|坐下|请坐|就座|奏|唱|默哀|举手|稍候|稍等|稍停|停顿|环视|示意|"
    r"表态|计票|监票|唱票|投票|发票|发放|分发|收回|清点|宣读|入场|退场|离场|上台|颁奖|颁发|合影|"
    r"播放|音乐|乐曲|鸣|静场|全场|全体|无人|无异议|有人|讨论|发言|休息|茶歇|"
    r"applause|stand|seated|anthem|silence|hands|pause|ends|finished",
    re.IGNORECASE,
)
#: Long conditional or backup directions: "（如时间不足：第三项改为书面传达）".
_CONDITIONAL: Final = re.compile(r"^(?:如|若|如果|假如|备用|视情况|视时间|注[：:]|说明[：:]|提示)")
#: Brackets that belong to the text, not to the stage: 《…（试行）》, （以下简称…）, （一）.
_TEXTUAL_BRACKET: Final = re.compile(
    r"^(?:试行|草案|修订|修订稿|征求意见稿|暂行|讨论稿|送审稿|代拟稿|以下简称|简称|"
    r"[一二三四五六七八九十0-9０-９]{1,3}|按姓氏笔画[^）)]*|以姓氏笔画[^）)]*|含[^）)]*|其中[^）)]*|"
    r"下同|附后|见附件[^）)]*|另发)$"
)
#: The moment every agenda item is done: "至此，三项议程都已完成。" starts the closing.
_ALL_DONE: Final = re.compile(
    r"(?:议程|议题)[^。，；]{0,10}(?:完成|完毕|进行完|结束)"
    r"|完成了?[^。，；]{0,8}(?:全部|各项|所有)(?:议程|议题)"
)
#: The last item opened by 最后, with no ordinal: "最后，有请王局长讲话。".
_LAST_ITEM: Final = re.compile(
    r"^(?:会议)?最后[，,、]|^(?:下面|现在)?[，,]?进行(?:会议)?最后一项(?:议程|议题)"
)
#: Items written as headings: "一、听取工作报告".
_HEADING: Final = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[、．.]\s*(?P<title>\S.{0,38})$")
#: A request for an uncounted decision, by applause, by positions in turn, or by voice.
_UNCOUNTED_ASK: Final = re.compile(
    r"掌声通过|鼓掌通过|以掌声|鼓掌表示|请鼓掌|逐一表态|逐个表态|依次表态|分别表态|逐一发表意见|口头表决|"
    r"有无异议|是否同意|有没有异议"
)
#: Written counts: 赞成21票, 反对0票, 弃权1票 (and 同意/不同意, 人/名).
COUNTS: Final = re.compile(
    rf"(?P<label>赞成|同意|反对|不同意|弃权)(?:票|的)?(?:为|有)?(?P<n>{_ROLL_NUMBER})(?:票|人|名|位)"
    rf"|(?P<n2>{_ROLL_NUMBER})(?:票|人|名|位)(?P<label2>赞成|同意|反对|不同意|弃权)"
)
#: A stated procedure that sets the rule for the votes after it.
_TWO_THIRDS: Final = re.compile(r"三分之二|2/3|two[- ]thirds", re.IGNORECASE)
_UNANIMOUS: Final = re.compile(
    r"须经?[^。；，]{0,16}一致同意|全票同意方|must\s+be\s+unanimous", re.IGNORECASE
)
_RULE_STATED: Final = re.compile(r"(?:同意|赞成|表决|通过)")
#: A quorum sentence's own two thirds: "到会代表超过应到人数的三分之二".
_RULE_TWO_THIRDS: Final = re.compile(
    r"三分之二[^。；，]{0,10}(?:同意|赞成|通过|表决)|(?:同意|赞成)[^。；，]{0,6}三分之二"
)
_QUORUM_TWO_THIRDS: Final = re.compile(
    r"(?:应到|到会|出席|参会|实到)[^。；]{0,20}三分之二|三分之二[^。；]{0,8}(?:到会|出席|参会)"
)
# --- elections ---------------------------------------------------------------------------------
_ELECTION: Final = re.compile(r"选举|候选人|差额|等额|选票")
ELECTED: Final = re.compile(
    r"(?<![新得可能才])当选(?:为|[。，,！!]|的(?:是|同志|委员|人员|名单|有))"
)
BALLOTS: Final = re.compile(
    rf"(?P<key>发出|收回|有效)(?:选票|票)?(?:共|为)?(?P<n>{_ROLL_NUMBER})(?:张|票|份)"
)
SEATS: Final = re.compile(
    rf"(?:应选|补选|增选)(?:出)?[^，。；0-9]{{0,8}}?(?P<n>{_NUM})(?:名|人|位)|选举产生(?P<m>{_NUM})(?:名|人|位)"
)
CANDIDATES: Final = re.compile(r"候选人(?:名单)?[^：:。；]{0,12}[：:](?P<list>[^。；]+)")
OFFICE: Final = re.compile(
    r"(?:选举|补选|增选)(?:产生)?(?P<office>[^，。；：:、]{2,30}(?:委员|书记|主席|主任|代表|组长|成员|理事|监事|会长))"
)


@dataclass(frozen=True, slots=True)
class Row:
    """One convention of the genre: what it is called, how it reads, and how much it counts."""

    label: str
    pattern: re.Pattern[str]
    priority: int


#: The table of conventions. Higher priority wins where one sentence carries several.
PATTERNS: Final[tuple[Row, ...]] = (
    Row("all_done", _ALL_DONE, 95),
    Row("closing", _CLOSING, 90),
    Row("not_closing", _NOT_CLOSING, 89),
    Row("thanks", _THANKS, 88),
    Row("overview", _OVERVIEW_ZH, 85),
    Row("item", _ITEM_ZH, 80),
    Row("last_item", _LAST_ITEM, 79),
    Row("heading", _HEADING, 78),
    Row("elected", ELECTED, 72),
    Row("ballots", BALLOTS, 71),
    Row("election", _ELECTION, 70),
    Row("failed", _NEGATIVE_RESULT, 66),
    Row("result", _RESULT_ZH, 65),
    Row("uncounted_ask", _UNCOUNTED_ASK, 61),
    Row("vote_ask", _ASK_VOTE_ZH, 60),
    Row("counts", COUNTS, 55),
    Row("rule_two_thirds", _RULE_TWO_THIRDS, 52),
    Row("quorum_two_thirds", _QUORUM_TWO_THIRDS, 51),
    Row("roll_members", _ROLL_MEMBERS_ZH, 50),
    Row("roll_present", _ROLL_PRESENT_ZH, 49),
    Row("two_thirds", _TWO_THIRDS, 45),
    Row("unanimous", _UNANIMOUS, 44),
    Row("rule_stated", _RULE_STATED, 43),
    Row("direction", _DIRECTION, 30),
    Row("conditional", _CONDITIONAL, 29),
    Row("textual_bracket", _TEXTUAL_BRACKET, 28),
    Row("not_a_cue", _NOT_A_CUE, 27),
    Row("room_action", _ROOM_ACTION, 20),
)
_BY_LABEL: Final = {row.label: row for row in PATTERNS}


def search(label: str, folded: str, pos: int = 0) -> re.Match[str] | None:
    """The first match of the row ``label`` in a folded text."""
    return _BY_LABEL[label].pattern.search(folded, pos)


def has(label: str, folded: str) -> bool:
    """Whether the folded text carries the convention ``label``."""
    return _BY_LABEL[label].pattern.search(folded) is not None


def classify(folded: str) -> list[str]:
    """Every label whose pattern the folded text matches, highest priority first."""
    return [row.label for row in PATTERNS if row.pattern.search(folded)]

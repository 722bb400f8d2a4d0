"""The words of the meeting, in one place: the terms every screen and document shares.

:mod:`.terms` holds what is said the same way everywhere — the vote words, how a list of names
is joined, how an agenda item is numbered, what the chair says after a vote or an election when
the agenda gives no line. The console's strings (:mod:`facilitator.i18n`) and the minutes'
phrasing (:mod:`facilitator.report.wording`) are built on them, so the same thing is never named
two ways. Pure: no I/O, no Textual, and nothing else of facilitator (it is the bottom layer).
"""

from facilitator.words.terms import Terms, chinese_number, terms

__all__ = ["Terms", "chinese_number", "terms"]

"""After the meeting: timing derived from the journal, the terminal report and the exports.

:mod:`facilitator.report.timing` is pure (no Rich, no Textual, no python-docx); the renderers
(:mod:`~facilitator.report.terminal`, :mod:`~facilitator.report.csv`,
:mod:`~facilitator.report.json`, :mod:`~facilitator.report.markdown`,
:mod:`~facilitator.report.docx`) only format a :class:`~facilitator.report.timing.MeetingTiming`.
"""

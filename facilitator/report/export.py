"""``facilitator export JOURNAL --format csv|json|md|docx [-o OUT] [--force]``.

The journal is read and folded, the export rendered whole in memory, and only then written, via
:func:`facilitator.fileio.write_atomically` (temporary file, fsync, rename): a failure leaves no
partial file, and an existing file is replaced only with ``force``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from facilitator.fileio import check_output, write_atomically
from facilitator.report.csv import render_csv
from facilitator.report.json import render_json
from facilitator.report.markdown import render_markdown
from facilitator.report.timing import MeetingTiming, load_timing


class ExportError(Exception):
    """An export that cannot be written; the message is one line naming the file."""

    status = 2
    """The exit status the command line gives it."""


class UnfilledPlaceholders(ExportError):
    """``--strict``: the minutes would print blanks for placeholders the agenda left unfilled."""

    status = 1


def _render_docx(timing: MeetingTiming) -> bytes:
    from facilitator.report.docx import DocxUnavailable, render_docx

    try:
        return render_docx(timing)
    except DocxUnavailable as error:
        raise ExportError(str(error)) from None


RENDERERS: dict[str, tuple[str, Callable[[MeetingTiming], bytes]]] = {
    "csv": (".csv", render_csv),
    "json": (".json", render_json),
    "md": (".md", render_markdown),
    "docx": (".docx", _render_docx),
}
"""Each format's default suffix and renderer."""

FORMATS = tuple(RENDERERS)
"""The formats ``--format`` accepts."""


def default_output(journal: Path, fmt: str) -> Path:
    """Beside the journal, with the format's suffix: ``meeting.jsonl`` → ``meeting.md``."""
    return journal.with_suffix(RENDERERS[fmt][0])


def render(timing: MeetingTiming, fmt: str) -> bytes:
    """One export's bytes."""
    if fmt not in RENDERERS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return RENDERERS[fmt][1](timing)


def export_journal(
    journal: Path,
    fmt: str,
    out: Path | None = None,
    *,
    force: bool = False,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Write the export of ``journal`` in ``fmt`` to ``out`` (default: beside it); return where.

    Raises :class:`~facilitator.journal.store.JournalError` for a journal that cannot be read,
    :class:`~facilitator.fileio.OutputExistsError` if ``out`` exists and ``force`` is not given,
    a JournalError naming the line if the journal fails verification and ``force`` is not given
    (with ``force`` the export is written and says on its face that the record failed),
    :class:`UnfilledPlaceholders` under ``strict`` when the minutes would print a blank for a
    placeholder (each is passed to ``warn`` first, strict or not),
    :class:`~facilitator.fileio.OutputNotAFileError` for an output that is a directory, a FIFO,
    a device or a socket (``force`` or not), :class:`OSError` with ``filename`` set to the
    output for one that cannot be written (a read-only folder, a full disk), and
    :class:`ExportError` for an unknown format, python-docx missing, or an output that would
    replace the journal itself.
    """
    journal = Path(journal)
    if fmt not in RENDERERS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    target = Path(out) if out is not None else default_output(journal, fmt)
    check_output(target)  # a directory, FIFO or device: said before the journal is read
    timing = load_timing(journal, force=force)
    for problem in timing.unfilled:
        if warn is not None:
            warn(problem)
    if strict and timing.unfilled:
        raise UnfilledPlaceholders(
            f"{target}: not written: {len(timing.unfilled)} unfilled placeholder(s) would print "
            "as blanks (fill them in the agenda, or export without --strict)"
        )
    if target.exists() and journal.exists() and target.resolve() == journal.resolve():
        raise ExportError(f"{target}: is the journal itself; choose another output file")
    data = render(timing, fmt)
    try:
        write_atomically(target, data, force=force)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise OSError(error.errno, f"cannot be written: {reason}", str(target)) from None
    return target

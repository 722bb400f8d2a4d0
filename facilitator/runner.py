"""Opening a session for the console: which journal, new or resumed; what to print on exit."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator.agenda.load import load_agenda
from facilitator.engine.events import SessionStarted, event_from_json
from facilitator.inputs import not_a_regular_file
from facilitator.journal.store import JournalError, read_bytes, record_code
from facilitator.session import Session


def journal_dir() -> Path:
    """Where journals go by default: the user data dir (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("facilitator", appauthor=False) / "journals"


def default_journal_path(
    agenda_path: Path, now: datetime | None = None, *, rehearsal: bool = False
) -> Path:
    """A new journal's name: date, time and the agenda's name (and ``-rehearsal`` for one)."""
    now = now or datetime.now()
    stem = re.sub(r"[^\w.-]+", "-", agenda_path.stem).strip("-") or "meeting"
    mark = "-rehearsal" if rehearsal else ""
    return journal_dir() / f"{now:%Y-%m-%d_%H%M%S}_{stem}{mark}.jsonl"


def open_session(
    agenda_path: Path,
    journal: Path | None,
    *,
    resume: bool,
    force: bool,
    rehearsal: bool = False,
) -> Session:
    """Start a new journal, or resume one (the latest unfinished for this agenda by default)."""
    loaded = load_agenda(agenda_path)
    if resume:
        from facilitator.journal.find import latest_unfinished

        path = journal or latest_unfinished(
            loaded, journal_dir(), lambda note: print(note, file=sys.stderr)
        )
        if journal is None:
            print(f"resuming {path}", file=sys.stderr)
        return Session.resume(loaded, path, force=force)
    path = journal or default_journal_path(agenda_path, rehearsal=rehearsal)
    what = not_a_regular_file(path)
    if what is not None:  # said before the writer opens it (a FIFO would hang the open)
        raise JournalError(f"{path}: is {what}, not a journal; name a file for the new journal")
    return Session.start(loaded, path, rehearsal=rehearsal)


def run_console(
    agenda_path: Path,
    *,
    journal: Path | None,
    resume: bool,
    force: bool,
    rehearsal: bool = False,
) -> int:
    """Open the operator console; on exit, say where the journal is and what to do next."""
    session = open_session(agenda_path, journal, resume=resume, force=force, rehearsal=rehearsal)
    from facilitator.tui.app import FacilitatorApp

    try:
        FacilitatorApp(session).run()
    finally:
        session.close()
    for line in closing_lines(session, agenda_path):
        print(line)
    return 0 if session.journal.lost is None else 1


def closing_lines(session: Session, agenda_path: Path) -> list[str]:
    """What to print when the console closes: where the record is, its code, what to do next.

    After the journal file was lost (deleted or replaced while the console ran), the record is
    the rescue copy, and that is what every command names.
    """
    lost = session.journal.lost
    path = session.journal_path
    lines: list[str] = []
    if lost is not None:
        lines.append(f"journal LOST: {lost}")
        if lost.rescued is None:
            return lines
        path = lost.rescued
    elif session.journal.last_error is not None:
        lines.append(f"NOT SAVED: {session.journal.last_error}")
    lines.append(f"journal: {path}")
    if session.seal_hash is not None and lost is None:
        lines.append(f"记录校验码 (record code): {record_code(session.seal_hash)}")
    program = program_invocation()
    quoted = shlex.quote(str(path))
    lines.append(
        f"resume:  {program} run {shlex.quote(str(agenda_path))} --resume --journal {quoted}"
    )
    lines.append(f"report:  {program} report {quoted}")
    lines.append(f"export:  {program} export {quoted} --format docx")
    return lines


def program_invocation(argv0: str | None = None) -> str:
    """How to run this program again, as a shell word: ``facilitator`` when that is what the
    shell finds, else the script's own path (a venv's ``.venv/bin/facilitator`` not on PATH),
    else ``python -m facilitator`` with this interpreter."""
    script = Path(argv0 if argv0 is not None else sys.argv[0])
    if script.name == "facilitator" and script.exists():
        found = shutil.which("facilitator")
        if found is not None and Path(found).resolve() == script.resolve():
            return "facilitator"
        return shlex.quote(str(script.resolve()))
    return f"{shlex.quote(sys.executable)} -m facilitator"


def check_journal_input(journal: Path) -> None:
    """Refuse, in one line, a journal that cannot be followed: missing, not a regular file (a
    FIFO would hang a reader), over the journal limit, empty, or not beginning with
    ``session_started``. Damage further on is the chair view's to show while it follows."""
    data = read_bytes(journal)
    if not data.strip():
        raise JournalError(f"{journal}: is empty, not a journal (yet)")
    try:
        first = event_from_json(data.split(b"\n", 1)[0])
    except ValueError:
        first = None
    if not isinstance(first, SessionStarted):
        raise JournalError(f"{journal}:1: not a facilitator journal (no session_started)")


def run_chair(journal: Path) -> int:
    """The read-only chair view on a live journal."""
    check_journal_input(journal)
    from facilitator.tui.chair import ChairApp

    ChairApp(journal).run()
    return 0


def run_serve(
    journal: Path,
    *,
    host: str,
    port: int,
    max_streams: int,
    max_client_streams: int,
    header_timeout: float,
) -> int:
    """The room display: ``/chair`` and ``/room`` pages pushed live, from one process."""
    check_journal_input(journal)  # say it once here, not on every page that connects
    from facilitator.web.serve import serve

    return serve(
        journal,
        host=host,
        port=port,
        max_streams=max_streams,
        max_client_streams=max_client_streams,
        header_timeout=header_timeout,
    )


def open_prepare(
    source: Path, output: Path | None, *, force: bool = False
) -> tuple[Any, list[Any]]:
    """The document ``prepare`` edits, and the importer's review list: a script is imported
    first (saved to ``output``, else beside it as ``.yaml``); an agenda is opened as it is
    (saved to ``output``, else in place). Bad input raises before any screen opens."""
    from facilitator.agenda.document import AgendaDocument
    from facilitator.agenda.load import AgendaError, Problem
    from facilitator.agenda.roundtrip import RoundTripError
    from facilitator.fileio import OutputExistsError, check_output
    from facilitator.inputs import AGENDA, InputError, read_input
    from facilitator.tui.prepare import ReviewNote

    if output is not None:
        check_output(output)  # a directory, FIFO or device is never replaced
    if source.suffix.lower() in (".yaml", ".yml"):
        loaded = load_agenda(source)  # the safe loader validates it first
        target = output or source
        if output is not None and output.exists() and not force:
            raise OutputExistsError(f"{output}: already exists; use --force to overwrite")
        try:
            raw = read_input(source, AGENDA)
            document = AgendaDocument(raw.decode("utf-8-sig"), target)
        except InputError as error:  # its str() names the file already
            raise AgendaError([Problem(str(source), None, error.reason)]) from None
        except (RoundTripError, UnicodeDecodeError) as error:
            raise AgendaError([Problem(str(source), None, str(error))]) from None
        from facilitator.journal.find import rehearsals_of

        document.rehearsals = rehearsals_of(loaded, journal_dir())
        return document, []
    from facilitator.importer import ScriptImportError, dump_agenda_yaml
    from facilitator.importer.review import import_with_review

    target = output or source.with_suffix(".yaml")
    check_output(target)
    if target.exists() and not force:
        raise OutputExistsError(f"{target}: already exists; use --force to overwrite")
    try:
        data, notes = import_with_review(source)
    except ScriptImportError as error:  # its str() names the file already
        raise AgendaError([Problem(str(error.path), None, error.message)]) from None
    document = AgendaDocument(dump_agenda_yaml(data), target)
    document.saved_text = ""  # nothing on disk yet: the import is unsaved until ctrl+s
    review = [ReviewNote(note.line, note.kind, note.message) for note in notes]
    return document, review


def run_prepare(source: Path, output: Path | None, *, force: bool = False) -> int:
    """The prepare screen on a script or an agenda."""
    document, review = open_prepare(source, output, force=force)
    from facilitator.tui.prepare import PrepareApp

    PrepareApp(document, review).run()
    if document.dirty:
        print(f"{document.path}: not saved", file=sys.stderr)
    elif document.path.exists():
        print(f"agenda: {document.path}")
    return 0

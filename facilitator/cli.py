"""The ``facilitator`` command.

Every failure a user can cause ends here as one line naming the file (and line) and a non-zero
exit: never a traceback. Heavy modules (Textual, python-docx) are imported only by the commands
that need them, so ``check`` and ``import`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator import __version__
from facilitator.agenda.load import AgendaError, load_agenda
from facilitator.fileio import OutputExistsError, write_atomically
from facilitator.journal.store import JournalError

if TYPE_CHECKING:
    from facilitator.i18n import Language

EXIT_OK = 0
EXIT_WARNINGS = 1
EXIT_INVALID = 2


class UserError(Exception):
    """A problem to report in one line, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.status = status


EXAMPLES = Path(__file__).parent / "examples"
"""The example agendas shipped in the package (the only copy of each in the repository)."""
SAMPLE = "leading-group-first-meeting.yaml"
"""The example ``facilitator`` opens when given no command."""


def sample_agenda() -> Path:
    """The bundled sample meeting."""
    return EXAMPLES / SAMPLE


def bundled_examples() -> list[Path]:
    """Every example agenda in the package, the sample first, the others by name."""
    return sorted(EXAMPLES.glob("*.yaml"), key=lambda path: (path.name != SAMPLE, path.name))


def system_language() -> Language:
    """The language of the user's system, for messages that belong to no agenda: Chinese when
    the locale says so (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set, as POSIX reads
    them; on Windows, where they are usually unset, the user's display language), else English.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if sys.platform == "win32":
        import ctypes

        language_id = int(ctypes.windll.kernel32.GetUserDefaultUILanguage())
        return "zh" if (language_id & 0x3FF) == 0x04 else "en"  # LANG_CHINESE, any region
    return "en"


# -- commands ---------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from facilitator.agenda.check import check_agenda

    loaded = load_agenda(args.agenda)
    result = check_agenda(loaded)
    for problem in result.problems:
        print(problem)
    print(result.summary)
    if result.problems and args.strict:
        return EXIT_WARNINGS
    return EXIT_OK


def cmd_examples(args: argparse.Namespace) -> int:
    from facilitator.i18n import strings
    from facilitator.runner import program_invocation

    words = strings(system_language())
    program = program_invocation()
    examples = bundled_examples()
    if args.folder is None:
        print(words.examples_heading)
        for example in examples:
            title = load_agenda(example).agenda.meeting.title
            print(f"  {example.name}  {title}")
            print(f"      {words.examples_shows.get(example.name, '')}")
        print(words.fmt(words.examples_copy_hint, program=program))
        return EXIT_OK
    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(words.fmt(words.examples_not_folder, path=folder))
    copies = [(example, folder / example.name) for example in examples]
    for _, target in copies:  # every refusal before the first file is written
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise UserError(words.fmt(words.examples_not_file, path=target))
        if target.exists() and not args.force:
            raise UserError(words.fmt(words.examples_exists, path=target))
    for example, target in copies:
        write_atomically(target, example.read_bytes(), force=True)
        print(words.fmt(words.examples_copied, path=target), file=sys.stderr)
    print(words.fmt(words.examples_next, program=program, path=copies[0][1]), file=sys.stderr)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from facilitator.runner import run_console

    agenda_path = Path(args.agenda) if args.agenda else sample_agenda()
    return run_console(
        agenda_path,
        journal=Path(args.journal) if args.journal else None,
        resume=args.resume,
        force=args.force,
        rehearsal=args.rehearsal,
    )


def cmd_prepare(args: argparse.Namespace) -> int:
    from facilitator.runner import run_prepare

    output = Path(args.output) if args.output else None
    return run_prepare(Path(args.source), output, force=args.force)


def cmd_plan(args: argparse.Namespace) -> int:
    from facilitator.report.plan import PlanError, apply_plan, plan_changes

    agenda_path = Path(args.agenda)
    loaded = load_agenda(agenda_path)
    try:
        changes = plan_changes(
            loaded,
            [Path(journal) for journal in args.journals],
            any_journal=args.any_journal,
            warn=lambda message: print(message, file=sys.stderr),
        )
        if not changes:
            print(f"{agenda_path}: the planned times already match the rehearsals")
            return EXIT_OK
        for change in changes:
            print(change.describe())
        if not args.write:
            print(f"{agenda_path}: not written (dry run); add --write to set these planned times")
            return EXIT_OK
        text = apply_plan(loaded, changes)
    except PlanError as error:
        raise UserError(str(error)) from None
    write_atomically(agenda_path, text.encode("utf-8"), force=True)
    print(f"wrote {agenda_path}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    import json

    from facilitator.importer import ScriptImportError, dump_agenda_yaml
    from facilitator.importer.review import import_with_review

    try:
        data, notes = import_with_review(Path(args.script))
    except ScriptImportError as error:
        raise UserError(str(error)) from None
    text = dump_agenda_yaml(data)
    review = [note.as_dict() for note in notes]
    if args.output is not None:
        write_atomically(Path(args.output), text.encode("utf-8"), force=args.force)
    if args.json:
        document: dict[str, object] = {"script": args.script, "review": review}
        if args.output is None:
            document["agenda"] = data
        else:
            document["output"] = args.output
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for note in notes:
        print(f"{args.script}:{note.line}: check {note.kind}: {note.message}", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from facilitator.report.terminal import print_report

    print_report(Path(args.journal), force=args.force)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from facilitator.report.export import ExportError, export_journal

    output = Path(args.output) if args.output else None
    try:
        out = export_journal(
            Path(args.journal),
            args.format,
            output,
            force=args.force,
            strict=args.strict,
            warn=lambda problem: print(problem, file=sys.stderr),
        )
    except ExportError as error:
        raise UserError(str(error), error.status) from None
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from facilitator.journal.verify import VERIFY_BROKEN, check_journal

    status, message = check_journal(Path(args.journal), args.code)
    print(message, file=sys.stderr if status == VERIFY_BROKEN else sys.stdout)
    return status


def cmd_chair(args: argparse.Namespace) -> int:
    from facilitator.runner import run_chair

    return run_chair(Path(args.journal))


def cmd_serve(args: argparse.Namespace) -> int:
    from facilitator.runner import run_serve

    return run_serve(
        Path(args.journal),
        host=args.host,
        port=args.port,
        max_streams=args.max_streams,
        max_client_streams=args.max_streams_per_client,
        header_timeout=args.header_timeout,
    )


# -- parser -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description="Run a formal meeting from its chair's script (主持词).",
        epilog="With no command, opens the bundled sample meeting.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="the operator console")
    run.add_argument("agenda", nargs="?", help="agenda YAML (default: the bundled sample)")
    run.add_argument("--journal", help="journal file (default: a new one in the user data dir)")
    run.add_argument("--resume", action="store_true", help="continue an unfinished journal")
    run.add_argument("--force", action="store_true", help="resume even if the agenda changed")
    run.add_argument(
        "--rehearsal",
        action="store_true",
        help="a rehearsal: its journal, reports and exports say 彩排; plan reads its times",
    )
    run.set_defaults(handler=cmd_run)

    examples = sub.add_parser(
        "examples", help="list the bundled example agendas; with DIR, copy them there"
    )
    examples.add_argument(
        "folder", nargs="?", metavar="DIR", help="copy the examples into DIR (created if missing)"
    )
    examples.add_argument(
        "--force", action="store_true", help="replace example files already in DIR"
    )
    examples.set_defaults(handler=cmd_examples)

    prepare = sub.add_parser(
        "prepare", help="review and fix an import (or an agenda) on one screen; ctrl+s saves"
    )
    prepare.add_argument(
        "source", metavar="SCRIPT|AGENDA", help="a 主持词 (text, .docx) or a .yaml"
    )
    prepare.add_argument(
        "-o", "--output", help="save here (default: the agenda itself, or SCRIPT.yaml)"
    )
    prepare.add_argument("--force", action="store_true", help="replace an existing output file")
    prepare.set_defaults(handler=cmd_prepare)

    plan = sub.add_parser("plan", help="planned times from rehearsals (dry run without --write)")
    plan.add_argument("agenda")
    plan.add_argument(
        "--from",
        dest="journals",
        nargs="+",
        required=True,
        metavar="JOURNAL",
        help="rehearsal journals of this agenda; each item's and cue's median is planned",
    )
    plan.add_argument("--write", action="store_true", help="write the planned times")
    plan.add_argument(
        "--any-journal",
        action="store_true",
        help="also take the times of a journal that is not a rehearsal (with a warning)",
    )
    plan.set_defaults(handler=cmd_plan)

    check = sub.add_parser("check", help="validate an agenda; list what is still missing")
    check.add_argument("agenda")
    check.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    check.set_defaults(handler=cmd_check)

    imp = sub.add_parser("import", help="主持词 (text or .docx) → agenda YAML")
    imp.add_argument("script")
    imp.add_argument("-o", "--output", help="write here instead of standard output")
    imp.add_argument("--force", action="store_true", help="overwrite an existing file")
    imp.add_argument(
        "--json",
        action="store_true",
        help="print the review list (and the agenda, without -o) as JSON on standard output",
    )
    imp.set_defaults(handler=cmd_import)

    report = sub.add_parser("report", help="planned vs actual, votes, notes")
    report.add_argument("journal")
    report.add_argument(
        "--force", action="store_true", help="report even if the journal fails verification"
    )
    report.set_defaults(handler=cmd_report)

    export = sub.add_parser("export", help="write CSV, JSON, Markdown or .docx")
    export.add_argument("journal")
    export.add_argument("--format", required=True, choices=["csv", "json", "md", "docx"])
    export.add_argument("-o", "--output", help="output file (default: beside the journal)")
    export.add_argument(
        "--force",
        action="store_true",
        help="overwrite an existing file; export even a journal that fails verification "
        "(the document then says so on its face)",
    )
    export.add_argument(
        "--strict",
        action="store_true",
        help="write nothing (exit 1) if the minutes would print a blank for an unfilled "
        "placeholder such as *同志",
    )
    export.set_defaults(handler=cmd_export)

    verify = sub.add_parser(
        "verify",
        help="check a journal's hash chain and seal (exit 0 sealed, 1 not sealed, 2 broken)",
    )
    verify.add_argument("journal")
    verify.add_argument(
        "--code", help="the 记录校验码 printed on the signed copy: the file must match it"
    )
    verify.set_defaults(handler=cmd_verify)

    chair = sub.add_parser("chair", help="read-only chair view following a live journal")
    chair.add_argument("journal")
    chair.set_defaults(handler=cmd_chair)

    serve = sub.add_parser(
        "serve", help="the room display: /chair and /room pages in a browser, pushed live"
    )
    serve.add_argument("journal")
    serve.add_argument(
        "--host", default="127.0.0.1", help="beyond loopback: a warning and an access token"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--max-streams", type=int, default=300, help="open pages allowed at once (default 300)"
    )
    serve.add_argument(
        "--max-streams-per-client",
        type=int,
        default=10,
        help="open pages allowed from one address (default 10)",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        help="seconds a client has to send its request (default 10)",
    )
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int]
    if args.command is None:
        args = parser.parse_args(["run"])
    handler = args.handler
    try:
        return handler(args)
    except AgendaError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except (JournalError, UserError, OutputExistsError) as error:
        print(error, file=sys.stderr)
        return getattr(error, "status", EXIT_INVALID)
    except OSError as error:  # a full disk, a read-only folder: say which file, no traceback
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The bad-input corpus: every subcommand, every kind of hostile or accidental input file.

Each case runs ``python -m facilitator …`` in a child process under ``resource`` limits
(address space 1 GiB, CPU 20 s) with stdin from /dev/null and a wall-clock timeout, and asserts
the README's contract for bad input: a non-zero exit (2), exactly one line on stderr naming the
file, no traceback, no output file, and a budget. The child's own CPU time and peak memory come
from ``os.wait4`` (per child, so parallel tests do not mix): the budget is
:data:`CPU_BUDGET_S` of CPU (an interpreter start with pydantic costs about 0.3 s of it; a
refusal itself takes milliseconds) and :data:`RSS_BUDGET_KB` of resident memory. CPU time,
not wall time, is asserted so that a loaded two-core CI machine does not make the test flaky;
the wall timeout only catches a hang (a FIFO read, a server that started).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import socket
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator.fileio import OutputNotAFileError, write_atomically
from facilitator.inputs import AGENDA, JOURNAL, SCRIPT, not_a_regular_file
from tests.docx_attacks import dense_docx, lying_docx

REPO = Path(__file__).resolve().parent.parent
SMALL_AGENDA = REPO / "tests" / "data" / "agendas" / "small.yaml"
GOOD_JOURNAL = REPO / "tests" / "data" / "journals" / "small-finished.jsonl"

CPU_BUDGET_S = 2.0
RSS_BUDGET_KB = 300 * 1024
WALL_TIMEOUT_S = 30.0
ADDRESS_SPACE = 1 << 30


def _limits() -> None:  # pragma: no cover - runs in the child
    for limit, value in ((resource.RLIMIT_AS, ADDRESS_SPACE), (resource.RLIMIT_CPU, 20)):
        # macOS refuses RLIMIT_AS; the RSS budget still holds there.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))


@dataclass(frozen=True)
class Outcome:
    status: int
    stdout: str
    stderr: str
    cpu_s: float
    maxrss_kb: int
    wall_s: float


def run_cli(args: list[str], cwd: Path) -> Outcome:
    """Run the command in a child under the limits; its own CPU time and peak memory."""
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(cwd / "data"),
        HOME=str(cwd / "home"),
        PYTHONPATH=str(REPO),
        TERM="dumb",
        COLUMNS="100",
    )
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            preexec_fn=_limits,
        )
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > WALL_TIMEOUT_S:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                pytest.fail(f"facilitator {' '.join(args)} still running after {WALL_TIMEOUT_S}s")
            time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    out_path.unlink()
    err_path.unlink()
    maxrss_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Outcome(
        process.returncode, stdout, stderr, usage.ru_utime + usage.ru_stime, maxrss_kb, wall
    )


# -- the corpus: each maker writes one bad file in a folder and returns its path ------------------

Maker = Callable[[Path], Path]


def alias_bomb(folder: Path) -> Path:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    lines += ["version: 1", "meeting: {title: x}", "items: [{title: x, steps: *i}]"]
    path = folder / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def deep_nesting(folder: Path) -> Path:
    path = folder / "deep.yaml"
    path.write_text("items: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    return path


def sparse(name: str, size: int) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as handle:
            handle.truncate(size)
        return path

    return make


def dev_zero(folder: Path) -> Path:
    return Path("/dev/zero")


def fifo(folder: Path) -> Path:
    path = folder / "pipe.in"
    os.mkfifo(path)
    return path


def directory(folder: Path) -> Path:
    path = folder / "a-folder.yaml"
    path.mkdir()
    return path


def missing(folder: Path) -> Path:
    return folder / "missing.file"


def empty(folder: Path) -> Path:
    path = folder / "empty.file"
    path.write_bytes(b"")
    return path


def binary_garbage(folder: Path) -> Path:
    path = folder / "garbage.bin"
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(64 * 1024)))
    return path


def utf16_junk(folder: Path) -> Path:
    """A UTF-16 byte-order mark, then pairs that decode to random ideographs: nonsense text."""
    path = folder / "junk.txt"
    pairs = bytes(b for i in range(20_000) for b in ((i * 131) % 256, 0x4E + (i * 17) % 0x50))
    path.write_bytes(b"\xff\xfe" + pairs)
    return path


def utf16_private_use(folder: Path) -> Path:
    """A UTF-16 byte-order mark, then private-use characters only."""
    path = folder / "private.txt"
    pairs = bytes(b for i in range(20_000) for b in ((i * 131) % 256, 0xE0 + i % 0x18))
    path.write_bytes(b"\xff\xfe" + pairs)
    return path


def not_a_script(folder: Path) -> Path:
    path = folder / "novel.txt"
    path.write_text("从前有座山，山里有座庙。\n庙里有个老和尚在讲故事。\n" * 50, encoding="utf-8")
    return path


def docx_bomb(folder: Path) -> Path:
    """A real .docx with one more part: 40 MiB of zeros, compressed about a thousand to one."""
    import docx

    document = docx.Document()
    document.add_paragraph("在测试会议上的主持词")
    document.add_paragraph("散会！")
    buffer = io.BytesIO()
    document.save(buffer)
    path = folder / "bomb.docx"
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            out.writestr(info, source.read(info.filename))
        with out.open("word/media/image1.png", "w") as part:
            zeros = b"\0" * (1 << 20)
            for _ in range(40):
                part.write(zeros)
    return path


def docx_tight(folder: Path) -> Path:
    """A small part packed far tighter than any Word XML: 4 MiB of zeros."""
    path = folder / "tight.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("word/document.xml", b"\0" * (4 << 20))
    return path


def docx_lying(folder: Path) -> Path:
    """1.6 MB on disk: a ``document.xml`` that inflates to 1 GiB, declared as 1,000 bytes."""
    return lying_docx(folder / "lying.docx")


def docx_dense(folder: Path) -> Path:
    """Inside every size limit: 900,000 tiny paragraphs, 30 MiB of XML in 2.3 MB."""
    return dense_docx(folder / "dense.docx")


def garbage_journal(folder: Path) -> Path:
    path = folder / "garbage.jsonl"
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(64 * 1024)))
    return path


def json_not_journal(folder: Path) -> Path:
    path = folder / "other.jsonl"
    path.write_text('{"name": "not an event"}\n{"x": 1}\n', encoding="utf-8")
    return path


AGENDA_CASES: dict[str, Maker] = {
    "alias-bomb": alias_bomb,
    "deep-nesting": deep_nesting,
    "oversize": sparse("huge.yaml", AGENDA.limit + 1),
    "dev-zero": dev_zero,
    "fifo": fifo,
    "directory": directory,
    "missing": missing,
    "empty": empty,
    "binary-garbage": binary_garbage,
    "utf16-junk": utf16_junk,
}

SCRIPT_CASES: dict[str, Maker] = {
    "docx-bomb": docx_bomb,
    "docx-tight": docx_tight,
    "docx-lying": docx_lying,
    "docx-dense": docx_dense,
    "oversize": sparse("huge.txt", SCRIPT.limit + 1),
    "oversize-60MB": sparse("huge60.txt", 60 << 20),
    "utf16-junk": utf16_junk,
    "utf16-private-use": utf16_private_use,
    "not-a-script": not_a_script,
    "binary-garbage": binary_garbage,
    "empty": empty,
    "dev-zero": dev_zero,
    "fifo": fifo,
    "directory": directory,
    "missing": missing,
}

JOURNAL_CASES: dict[str, Maker] = {
    "garbage": garbage_journal,
    "json-not-journal": json_not_journal,
    "empty": empty,
    "oversize": sparse("huge.jsonl", JOURNAL.limit + 1),
    "dev-zero": dev_zero,
    "fifo": fifo,
    "directory": directory,
    "missing": missing,
}


def agenda_args(command: str) -> Callable[[Path], list[str]]:
    return lambda path: [command, str(path)]


def import_args(path: Path) -> list[str]:
    return ["import", str(path), "-o", "agenda.yaml"]


def journal_args(command: str) -> Callable[[Path], list[str]]:
    def args(path: Path) -> list[str]:
        if command == "export":
            return ["export", str(path), "--format", "md", "-o", "minutes.md"]
        if command == "serve":
            return ["serve", str(path), "--port", "0"]
        if command == "run":
            return ["run", str(SMALL_AGENDA), "--resume", "--journal", str(path)]
        return [command, str(path)]

    return args


CASES: list[tuple[str, str, Maker, Callable[[Path], list[str]]]] = [
    *(
        (command, name, make, agenda_args(command))
        for command in ("check", "run")
        for name, make in AGENDA_CASES.items()
    ),
    *(("import", name, make, import_args) for name, make in SCRIPT_CASES.items()),
    *(
        ("prepare", name, make, lambda path: ["prepare", str(path), "-o", "agenda.yaml"])
        for name, make in SCRIPT_CASES.items()
    ),
    *(
        ("prepare", f"agenda-{name}", make, agenda_args("prepare"))
        for name, make in AGENDA_CASES.items()
    ),
    *(
        (command, name if command != "run" else f"journal-{name}", make, journal_args(command))
        for command in ("report", "export", "verify", "chair", "serve", "run")
        for name, make in JOURNAL_CASES.items()
    ),
]


def _params() -> list[object]:
    return [pytest.param(make, args, id=f"{command}-{name}") for command, name, make, args in CASES]


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if not path.is_dir()}


@pytest.mark.parametrize(("make", "args"), _params())
def test_a_bad_input_is_refused_in_one_line_within_budget(
    make: Maker, args: Callable[[Path], list[str]], tmp_path: Path
) -> None:
    bad = make(tmp_path)
    before = _files(tmp_path)
    outcome = run_cli(args(bad), tmp_path)
    message = outcome.stderr.rstrip("\n")
    assert outcome.status == 2, outcome
    assert message and "\n" not in message, outcome
    assert message.count(str(bad)) == 1, f"the file is not named once: {outcome}"
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert outcome.cpu_s < CPU_BUDGET_S, outcome
    assert outcome.maxrss_kb < RSS_BUDGET_KB, outcome
    assert _files(tmp_path) == before, "an output file was written"


# -- outputs that are not regular files: never replaced, --force or not ---------------------------

BOARD_SCRIPT = REPO / "tests" / "data" / "corpus" / "board-meeting.txt"


def output_fifo(folder: Path) -> Path:
    path = folder / "out.fifo"
    os.mkfifo(path)
    return path


def output_directory(folder: Path) -> Path:
    path = folder / "out.d"
    path.mkdir()
    return path


def output_socket(folder: Path) -> Path:
    path = folder / "out.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
    return path


# Never a real device here: were the guard to break, the writer would rename a file over it, and
# as root that replaces /dev/null for the whole machine. A device is checked by stat alone below.
OUTPUT_KINDS: dict[str, tuple[Maker, str]] = {
    "fifo": (output_fifo, "a FIFO"),
    "directory": (output_directory, "a directory"),
    "socket": (output_socket, "a socket"),
}

OUTPUT_COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "export": lambda out: [
        "export",
        str(GOOD_JOURNAL),
        "--format",
        "md",
        "-o",
        str(out),
        "--force",
    ],
    "import": lambda out: ["import", str(BOARD_SCRIPT), "-o", str(out), "--force"],
    "prepare-script": lambda out: ["prepare", str(BOARD_SCRIPT), "-o", str(out), "--force"],
    "prepare-agenda": lambda out: ["prepare", str(SMALL_AGENDA), "-o", str(out), "--force"],
    "run-journal": lambda out: ["run", str(SMALL_AGENDA), "--journal", str(out)],
}


def _kind(path: Path) -> int:
    return path.stat().st_mode


@pytest.mark.parametrize("kind", OUTPUT_KINDS)
@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_an_output_that_is_not_a_regular_file_is_refused_by_name_and_left_alone(
    command: str, kind: str, tmp_path: Path
) -> None:
    make, what = OUTPUT_KINDS[kind]
    target = make(tmp_path)
    mode = _kind(target)
    before = _files(tmp_path)
    outcome = run_cli(OUTPUT_COMMANDS[command](target), tmp_path)
    message = outcome.stderr.rstrip("\n")
    assert outcome.status == 2, outcome
    assert message.startswith(f"{target}: is {what}, not "), outcome
    assert "\n" not in message and "Traceback" not in outcome.stderr + outcome.stdout
    assert _kind(target) == mode, "the target was replaced"
    assert _files(tmp_path) == before, "an output file was written"


def test_a_device_is_named_as_one_and_refused_as_an_output_without_being_opened() -> None:
    assert not_a_regular_file(os.devnull) == "a character device"
    with pytest.raises(OutputNotAFileError, match=r"^/dev/null: is a character device, not a file"):
        write_atomically(Path(os.devnull), b"x", force=True)
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)

"""The package as an operator installs it: built into an sdist and a wheel, installed alone.

``python -m build`` makes the sdist from a copy of the package's sources, then the wheel from the
sdist (as a release would). The wheel goes into a new virtual environment with ``pip install
--no-deps``; the dependencies come from this test environment, which already has them (no
download): its site-packages is one line of a ``.pth`` file, which only appends the folder to
``sys.path`` and does not run that folder's own ``.pth`` files, so the editable install's finder,
the one thing there that points at the checkout, is never installed. Every command runs from an
empty folder with ``PYTHONPATH`` cleared, and the first thing checked is that ``facilitator`` is
imported from the new environment and the checkout's ``tests`` cannot be imported at all.

Then the installed package opens both examples (``check``, the same walkthrough as the committed
journals, event for event; the console, the chair view and the prepare screen each mounted
headless with their styles), serves its pages and static files, and writes Word minutes.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import urllib.request
import zipfile
from pathlib import Path

import pytest

from facilitator import __version__
from tests.conftest import ELECTION, ROOT, SAMPLE
from tests.report.journals import DOORS_OPEN, JOURNALS, Wait, walkthrough
from tests.report.test_journals import _comparable

pytestmark = pytest.mark.slow

EXAMPLES = {
    SAMPLE.name: ("sample-finished.jsonl", "第二批主题教育领导小组第一次会议"),
    ELECTION.name: ("election-finished.jsonl", "中共第一支部党员大会"),
}
"""Each bundled example: the committed journal of its walkthrough, its meeting's title."""

CHILD = r"""
import asyncio, importlib.util, pickle, shutil, sys
from pathlib import Path

import facilitator
from facilitator.agenda.document import AgendaDocument
from facilitator.agenda.load import load_agenda
from facilitator.cli import bundled_examples
from facilitator.engine.clock import FakeClock
from facilitator.session import Session

out = Path(sys.argv[1])
plans = pickle.loads(Path(sys.argv[2]).read_bytes())
here = Path(facilitator.__file__).resolve()
assert here.is_relative_to(Path(sys.prefix).resolve()), here
assert importlib.util.find_spec("tests") is None, "the checkout is on the path"
print("package:", here.parent)

for example in bundled_examples():  # the walkthrough the committed journals were made by
    start, steps = plans[example.name]
    clock = FakeClock(start=start)
    session = Session.start(load_agenda(example), out / (example.stem + ".jsonl"), clock)
    for step in steps:
        if isinstance(step, float):
            clock.advance(step)
        else:
            session.execute(step)
    session.close()
    print("journal:", session.journal_path)


def styles(app):
    return sorted(Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss"))


async def headless():
    from facilitator.tui.app import FacilitatorApp
    from facilitator.tui.chair import ChairApp
    from facilitator.tui.prepare import PrepareApp

    for example in bundled_examples():
        journal = out / ("console-" + example.stem + ".jsonl")
        session = Session.start(load_agenda(example), journal, FakeClock())
        console = FacilitatorApp(session)
        async with console.run_test(size=(120, 40)) as pilot:
            await pilot.press("space")  # start the meeting
            await pilot.pause()
            print("console:", example.name, console.title, session.state.slot, *styles(console))
        session.close()
    chair = ChairApp(out / (bundled_examples()[1].stem + ".jsonl"))
    async with chair.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("chair:", *styles(chair))
    draft = Path(shutil.copy(bundled_examples()[0], out / "draft.yaml"))
    prepare = PrepareApp(AgendaDocument(draft.read_text(encoding="utf-8"), draft))
    async with prepare.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("prepare:", *styles(prepare))

asyncio.run(headless())
"""


def _clean_environment(tmp_path: Path) -> dict[str, str]:
    """This machine's environment without anything that would point Python at the checkout,
    and with the user data dir in ``tmp_path``."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
        and not name.startswith(("PYTEST", "COV_"))
    }
    environment.update(
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        XDG_DATA_HOME=str(tmp_path / "data"),
        HOME=str(tmp_path / "home"),
    )
    environment.pop("LC_ALL", None)
    environment.pop("LC_MESSAGES", None)
    return environment


def _build(tmp_path: Path) -> tuple[Path, Path]:
    """An sdist of the package's sources, and the wheel built from that sdist."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "facilitator",
        source / "facilitator",
        symlinks=True,  # a symlink stays one, and shows up as such below
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", str(source), "--outdir", str(dist)],
        capture_output=True,
        check=True,
        cwd=tmp_path,
    )
    [sdist] = dist.glob("*.tar.gz")
    [wheel] = dist.glob("*.whl")
    return sdist, wheel


def _install(wheel: Path, venv: Path) -> Path:
    """A new virtual environment with the wheel in it, and this environment's dependencies
    appended to its path; its ``bin`` (``Scripts`` on Windows)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        check=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dependencies = sysconfig.get_path("purelib")
    Path(site, "zz-test-dependencies.pth").write_text(dependencies + "\n", encoding="utf-8")
    return scripts


DATA = {
    "facilitator/py.typed",
    "facilitator/examples/leading-group-first-meeting.yaml",
    "facilitator/examples/branch-committee-election.yaml",
    "facilitator/tui/facilitator.tcss",
    "facilitator/tui/chair.tcss",
    "facilitator/tui/prepare.tcss",
    "facilitator/web/static/room.html",
    "facilitator/web/static/chair.html",
    "facilitator/web/static/display.css",
    "facilitator/web/static/display.js",
    "facilitator/web/static/favicon.svg",
}
"""Every file the package reads at run time that is not Python."""


def _check_archives(sdist: Path, wheel: Path) -> None:
    """Both carry every data file as a regular file (no symlink), the wheel byte for byte."""
    with tarfile.open(sdist) as tar:
        members = {member.name.partition("/")[2]: member for member in tar.getmembers()}
    assert not [name for name, member in members.items() if member.issym() or member.islnk()]
    assert {name for name, member in members.items() if member.isfile()} >= DATA
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert names >= DATA | {"facilitator/cli.py", "facilitator/web/app.py"}
        for name in DATA:
            assert archive.read(name) == (ROOT / name).read_bytes(), name
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)
    assert wheel.name == f"facilitator-{__version__}-py3-none-any.whl"


class Installed:
    """The installed ``facilitator`` and ``python``, run from an empty folder, clean environment."""

    def __init__(self, scripts: Path, tmp_path: Path) -> None:
        self.scripts = scripts
        self.environment = _clean_environment(tmp_path)
        self.cwd = tmp_path / "elsewhere"
        self.cwd.mkdir()

    def command(self, program: str, *args: str) -> list[str]:
        return [str(self.scripts / program), *args]

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run it to the end; it must succeed."""
        result = subprocess.run(
            self.command(program, *args),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=self.cwd,
            env=self.environment,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result

    def start(self, program: str, *args: str) -> subprocess.Popen[str]:
        """Start it, its output piped."""
        return subprocess.Popen(
            self.command(program, *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=self.cwd,
            env=self.environment,
        )


def _check_examples(installed: Installed) -> None:
    """Listed with their titles, copied out byte for byte, each valid."""
    assert installed.run("facilitator", "--version").stdout == f"facilitator {__version__}\n"
    listing = installed.run("facilitator", "examples").stdout
    for name, (_, title) in EXAMPLES.items():
        assert f"  {name}  {title}\n" in listing
    installed.run("facilitator", "examples", "agendas")
    for name in EXAMPLES:
        copy = installed.cwd / "agendas" / name
        assert copy.read_bytes() == (ROOT / "facilitator" / "examples" / name).read_bytes()
        summary = installed.run("facilitator", "check", f"agendas/{name}").stdout.splitlines()[-1]
        assert summary.startswith(f"agendas/{name}: "), summary


def _check_meetings(installed: Installed, out: Path) -> None:
    """Each example run through by the installed engine gives the committed journal's events;
    the console, the chair view and the prepare screen each open with their styles."""
    plans = {
        agenda.name: (
            DOORS_OPEN,
            [
                float(step.seconds) if isinstance(step, Wait) else step
                for step in walkthrough(agenda)
            ],
        )
        for agenda in (SAMPLE, ELECTION)
    }
    plan_file = out / "plans.pickle"
    plan_file.write_bytes(pickle.dumps(plans))
    said = installed.run("python", "-c", CHILD, str(out), str(plan_file)).stdout.splitlines()
    assert said[0].startswith(f"package: {installed.scripts.parent.resolve()}"), said[0]
    for name, (committed, title) in EXAMPLES.items():
        journal = out / (Path(name).stem + ".jsonl")
        assert f"journal: {journal}" in said
        assert _comparable(journal) == _comparable(JOURNALS / committed)
        assert f"console: {name} {title} 0 facilitator.tcss" in said
    assert "chair: chair.tcss facilitator.tcss" in said
    assert "prepare: facilitator.tcss prepare.tcss" in said


def _check_minutes(installed: Installed, journal: Path) -> None:
    """The journal verifies; the Word minutes carry the title, in the GB/T 9704 body face."""
    assert installed.run("facilitator", "verify", str(journal)).stdout.startswith(f"{journal}: ")
    minutes = journal.with_name("minutes.docx")
    installed.run("facilitator", "export", str(journal), "--format", "docx", "-o", str(minutes))
    with zipfile.ZipFile(minutes) as document:
        body = document.read("word/document.xml").decode("utf-8")
        styles = document.read("word/styles.xml").decode("utf-8")
    assert EXAMPLES[ELECTION.name][1] in body
    assert "仿宋_GB2312" in styles


def _check_serve(installed: Installed, journal: Path) -> None:
    """``serve`` on loopback, any free port: the room page and static files, as shipped."""
    server = installed.start("facilitator", "serve", str(journal), "--port", "0")
    try:
        assert server.stdout is not None
        chair_line, room_line = server.stdout.readline(), server.stdout.readline()
        assert chair_line.startswith("chair: http://127.0.0.1:"), chair_line
        room = room_line.split(None, 1)[1].strip()
        with urllib.request.urlopen(room, timeout=20) as response:
            assert response.status == 200
            assert "/static/display.js" in response.read().decode("utf-8")
        static = ROOT / "facilitator" / "web" / "static"
        for path, name in (("/static/display.js", "display.js"), ("/favicon.svg", "favicon.svg")):
            with urllib.request.urlopen(room.removesuffix("/room") + path, timeout=20) as response:
                assert response.read() == (static / name).read_bytes()
    finally:
        server.terminate()
        server.communicate(timeout=20)


def test_the_wheel_installed_apart_from_the_checkout_opens_both_examples_serves_and_writes_minutes(
    tmp_path: Path,
) -> None:
    sdist, wheel = _build(tmp_path)
    _check_archives(sdist, wheel)
    installed = Installed(_install(wheel, tmp_path / "venv"), tmp_path)
    _check_examples(installed)
    out = tmp_path / "out"
    out.mkdir()
    _check_meetings(installed, out)
    _check_minutes(installed, out / (ELECTION.stem + ".jsonl"))
    _check_serve(installed, out / (ELECTION.stem + ".jsonl"))

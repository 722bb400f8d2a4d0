"""The console's first screen loads only what it shows: what opens later is imported later.

Start-up time and memory are measured in benchmarks/run.py; this only keeps a future import
from silently pulling the later screens, the reports or the importer back into start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE

# The path of `facilitator run`: open the session, import the console, run it to its first frame.
CHILD = r"""
import json, sys
from pathlib import Path
from facilitator.runner import open_session

session = open_session(Path(sys.argv[1]), Path(sys.argv[2]), resume=False, force=False)
from facilitator.tui.app import FacilitatorApp
from facilitator.agenda import model
from facilitator.engine import events

class FirstFrame(FacilitatorApp):
    def on_ready(self):
        built = [
            name for module in (model, events) for name, value in vars(module).items()
            if isinstance(value, type) and issubclass(value, model.BaseModel)
            and value.__module__ == module.__name__ and value.__pydantic_complete__
        ]
        print(json.dumps({"modules": sorted(sys.modules), "built": sorted(built)}))
        self.exit()

try:
    FirstFrame(session).run(headless=True, size=(120, 40))
finally:
    session.close()
"""

LATER = (
    "facilitator.tui.screens.dialogs",
    "facilitator.tui.screens.counts",
    "facilitator.tui.screens.vote",
    "facilitator.tui.screens.election",
    "facilitator.tui.screens.help",
    "facilitator.tui.screens.pause",
    "facilitator.tui.screens.summary",
    "facilitator.tui.jump",
    "facilitator.tui.prepare",
    "facilitator.tui.chair",
    "facilitator.report",
    "facilitator.importer",
    "facilitator.web",
    "facilitator.agenda.check",
    "facilitator.agenda.document",
    "facilitator.journal.find",
    "facilitator.journal.verify",
    "facilitator.journal.follow",
    "docx",
    "starlette",
    "uvicorn",
    "ruamel",
)


def _first_frame(tmp_path: Path) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(SAMPLE), str(tmp_path / "journal.jsonl")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    last = result.stdout.strip().splitlines()[-1]
    loaded: dict[str, list[str]] = json.loads(last)
    return loaded


def test_the_first_screen_imports_no_later_screen_report_importer_or_web(
    tmp_path: Path,
) -> None:
    modules = _first_frame(tmp_path)["modules"]
    early = [m for m in modules if any(m == name or m.startswith(f"{name}.") for name in LATER)]
    assert early == []


def test_the_first_screen_builds_only_the_validators_it_uses(
    tmp_path: Path,
) -> None:
    # the models defer their validators: loading builds the Agenda's, the journal's first
    # line the SessionStarted's, a vote's one-line outcome a LineStep's (agenda.text); the
    # other step models and every other event wait for their first use
    assert _first_frame(tmp_path)["built"] == ["Agenda", "LineStep", "SessionStarted"]

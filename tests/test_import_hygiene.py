"""The domain never imports the UI: agenda, engine, journal and timing load without Textual/Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = [
    "facilitator.agenda.model",
    "facilitator.agenda.load",
    "facilitator.agenda.bounded",
    "facilitator.inputs",
    "facilitator.agenda.check",
    "facilitator.engine.script",
    "facilitator.engine.events",
    "facilitator.engine.state",
    "facilitator.engine.commands",
    "facilitator.engine.clock",
    "facilitator.journal.store",
    "facilitator.journal.record",
    "facilitator.journal.verify",
    "facilitator.session",
    "facilitator.report.timing",
    "facilitator.forecast",
    "facilitator.i18n",
    "facilitator.importer",
]


@pytest.mark.parametrize("module", DOMAIN)
def test_a_domain_module_imports_neither_textual_nor_rich(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(ui))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""

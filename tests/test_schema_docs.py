"""The field docstrings are the schema: every JSON schema property carries its field's docstring."""

from __future__ import annotations

from typing import Any

import pytest

from facilitator.agenda.model import Agenda, LineStep
from facilitator.engine.events import EVENT_ADAPTER


def _undocumented(schema: dict[str, Any]) -> list[str]:
    models = {"(root)": schema, **schema.get("$defs", {})}
    return [
        f"{model}.{name}"
        for model, body in models.items()
        for name, prop in body.get("properties", {}).items()
        if not prop.get("description")
    ]


@pytest.mark.parametrize(
    "schema", [Agenda.model_json_schema, EVENT_ADAPTER.json_schema], ids=["agenda", "events"]
)
def test_every_field_of_the_schema_is_described_by_its_docstring(schema: Any) -> None:
    assert _undocumented(schema()) == []


def test_a_description_is_the_docstring_under_the_field() -> None:
    line = Agenda.model_json_schema()["$defs"]["LineStep"]["properties"]["line"]
    assert line["description"] == "The words, with ``{name}`` fields filled at run time."
    assert LineStep.model_json_schema()["properties"]["kind"]["description"] == (
        "Always ``line``; written in YAML as a bare string."
    )


def test_an_aliased_and_an_inherited_field_are_described() -> None:
    defs = EVENT_ADAPTER.json_schema()["$defs"]
    assert defs["VoteRecorded"]["properties"]["for"]["description"] == (
        "Votes for (``for`` in JSON)."
    )
    assert defs["Paused"]["properties"]["seq"]["description"] == (
        "1, 2, 3 … with no gaps, across resumes."
    )
    # a docstring that runs over lines is dedented as pydantic's own extraction did
    rehearsal = defs["SessionStarted"]["properties"]["rehearsal"]["description"]
    assert rehearsal.startswith("A rehearsal (``run --rehearsal``): every report")
    assert "\n" in rehearsal and "\n    " not in rehearsal

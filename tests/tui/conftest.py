"""Fixtures for the console: sessions on a temporary journal, timed by a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.agenda.load import LoadedAgenda, load_agenda
from facilitator.engine.clock import FakeClock
from facilitator.session import Session
from facilitator.tui.app import FacilitatorApp
from tests.conftest import SMALL

AppFactory = Callable[[LoadedAgenda], FacilitatorApp]


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots and colours must not depend on the developer's environment."""
    for name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def make_app(start_session: Callable[[LoadedAgenda], Session]) -> AppFactory:
    """The console on a fresh session of an agenda (journal in tmp_path, FakeClock time)."""

    def make(agenda: LoadedAgenda) -> FacilitatorApp:
        return FacilitatorApp(start_session(agenda))

    return make


@pytest.fixture
def small_app(make_app: AppFactory, small: LoadedAgenda) -> FacilitatorApp:
    """The console on the small test agenda."""
    return make_app(small)


@pytest.fixture
def sample_app(make_app: AppFactory, sample: LoadedAgenda) -> FacilitatorApp:
    """The console on the real sample meeting."""
    return make_app(sample)


@pytest.fixture
def english(tmp_path: Path) -> LoadedAgenda:
    """The small agenda with ``language: en``."""
    path = tmp_path / "english.yaml"
    path.write_text(
        SMALL.read_text(encoding="utf-8").replace("language: zh", "language: en"), encoding="utf-8"
    )
    return load_agenda(path)


def clock_of(app: FacilitatorApp) -> FakeClock:
    """The fake clock a test app runs on."""
    clock = app.session.clock
    assert isinstance(clock, FakeClock)
    return clock

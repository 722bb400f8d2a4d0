"""The header tells a late or early start apart from the meeting's own pace."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.text import Text

from facilitator.agenda.load import LoadedAgenda
from facilitator.engine.clock import FakeClock
from facilitator.session import Session
from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.header import MeetingHeader

SIZE = (120, 30)


def header_text(app: FacilitatorApp) -> str:
    rendered = app.console_screen.query_one(MeetingHeader).render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def app_at(small: LoadedAgenda, tmp_path: Path, clock: FakeClock) -> FacilitatorApp:
    return FacilitatorApp(Session.start(small, tmp_path / "j.jsonl", clock))


async def test_a_late_start_says_how_late_and_the_plan_moves_with_it(
    small: LoadedAgenda, tmp_path: Path
) -> None:
    clock = FakeClock()  # 09:00, the planned start
    clock.advance(600)
    app = app_at(small, tmp_path, clock)
    planned = app.session.script.planned_s
    async with app.run_test(size=SIZE) as pilot:
        app.tick()
        await pilot.pause()
        assert "已晚 10 分钟" in header_text(app)
        await pilot.press("space")
        await pilot.pause()
        header = header_text(app)
        end = FakeClock().now().at + timedelta(seconds=600 + planned)
        assert "晚开 10 分钟" in header
        assert f"计划结束 {end:%H:%M}" in header
        assert "准时" in header  # ten minutes late, but not behind its own plan


async def test_an_early_start_is_shown_as_early(small: LoadedAgenda, tmp_path: Path) -> None:
    clock = FakeClock(start=FakeClock().now().at - timedelta(minutes=5))
    app = app_at(small, tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert "已晚" not in header_text(app) and "早开" not in header_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert "早开 5 分钟" in header_text(app)
        assert "准时" in header_text(app)


async def test_a_run_hours_off_the_planned_start_compares_durations_only(
    small: LoadedAgenda, tmp_path: Path
) -> None:
    clock = FakeClock(start=FakeClock().now().at.replace(hour=3, minute=55))
    app = app_at(small, tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        clock.advance(30)
        app.tick()
        await pilot.pause()
        header = header_text(app)
        assert "早开 5 小时 05 分" in header
        assert "准时" in header

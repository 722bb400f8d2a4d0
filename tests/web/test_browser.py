"""End to end in a real browser: Debian's Chromium, driven by Playwright, on both pages.

A real :class:`Session` on the sample meeting appends events (slots: opening 0-3 | item 1: 4,
cue 5 汇报毕, 6 | item 2: 7, cue 8, 9, cue 10, vote 11, outcome 12, 13 | …); a real
``facilitator serve`` process follows the journal; the test waits (within ``BOUND_MS``) for the
DOM to show each change. Without Chromium or Playwright the tests skip and say why, except under
CI (the ``CI`` variable), where they fail: ``.ci/run`` installs Chromium and the fonts.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from benchmarks.room_load import ServerProcess
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Advance, Pause, RecordVote, Resume, Start
from facilitator.session import Session
from tests.web.conftest import run, to_slot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BOUND_MS = 3000
"""How long a page may take to show an appended event (it takes tens of ms; CI is shared)."""
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return "no Chromium at /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, the system's own (no browser download)."""
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run under CI: {reason}")
        print(f"\nskipping the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


CSP_WATCH = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__blocked.push(e.violatedDirective + " " + e.blockedURI));
"""
"""Notes what the page's Content-Security-Policy blocked (nothing, if the pages keep to it)."""


def blocked(page: Page) -> list[str]:
    """What the Content-Security-Policy blocked on ``page`` so far."""
    found: list[str] = page.evaluate("window.__blocked")
    return found


PAGE_ERRORS: dict[int, list[str]] = {}
"""Script errors on each open page (by id), for tests to assert there were none."""


def open_page(
    browser: Browser, url: str, *, width: int = 1920, height: int = 1080, scale: int = 1
) -> Page:
    """A page at ``url`` in a fresh context of the given size; its script errors are kept."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(CSP_WATCH)
    PAGE_ERRORS[id(page)] = errors
    page.goto(url)
    return page


def expect_text(page: Page, selector: str, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator(selector)).to_contain_text(text, timeout=BOUND_MS)


def expect_shown(page: Page, selector: str, shown: bool = True) -> None:
    from playwright.sync_api import expect

    locator = page.locator(selector)
    if shown:
        expect(locator).to_be_visible(timeout=BOUND_MS)
    else:
        expect(locator).to_be_hidden(timeout=BOUND_MS)


def inside_viewport(page: Page, selector: str) -> None:
    """The element is drawn, and wholly inside the viewport."""
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not drawn"
    size = page.viewport_size
    assert size is not None
    assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= size["width"] + 0.5, (selector, box)
    assert box["y"] + box["height"] <= size["height"] + 0.5, (selector, box)


def test_both_pages_show_each_new_line_cue_vote_result_and_break(
    browser: Browser, server: ServerProcess, session: Session, clock: FakeClock
) -> None:
    chair = open_page(browser, server.url("/chair"))
    room = open_page(browser, server.url("/room"))
    expect_text(chair, "#line", "会议即将开始")
    expect_text(room, "#current", "会议即将开始")

    run(session, clock, Start())
    expect_text(chair, "#line", "同志们：")
    expect_text(chair, "#part", "开场")
    expect_text(room, "#rows li.current", "开场")
    run(session, clock, Advance())
    expect_text(chair, "#line", session.state.line_text(1)[:20])
    expect_text(chair, "#next-text", session.state.line_text(2)[:20])

    to_slot(session, clock, 5)  # the cue 汇报毕
    expect_text(chair, "#banner", "汇报毕")
    expect_shown(chair, "#cue-clock")
    expect_text(chair, "#line", "发言进行中")
    expect_text(room, "#rows li.current", "第一项")
    assert "发言进行中" not in room.content()

    to_slot(session, clock, 11)  # the vote
    expect_text(chair, "#vote-result", "表决进行中")
    run(session, clock, RecordVote(for_=6, against=1, abstain=0, present=7))
    expect_text(chair, "#vote-result", "赞成 6")
    expect_text(chair, "#vote-result", "通过")
    expect_text(room, "#result-list", "通过")
    expect_text(room, "#result-list", "赞成 6")

    run(session, clock, Pause())
    expect_shown(chair, "#pause")
    expect_shown(room, "#pause")
    expect_text(chair, "#pause-title", "休会中")
    run(session, clock, Resume())
    expect_shown(chair, "#pause", shown=False)
    expect_shown(room, "#pause", shown=False)
    assert PAGE_ERRORS[id(chair)] == [] and PAGE_ERRORS[id(room)] == []
    assert blocked(chair) == [] and blocked(room) == []


def test_the_pages_work_beyond_loopback_each_with_its_own_token_under_the_csp(
    browser: Browser, session: Session, clock: FakeClock
) -> None:
    run(session, clock, Start())
    with ServerProcess(session.journal_path, host="127.0.0.2") as server:
        chair = open_page(browser, server.urls["chair"])
        room = open_page(browser, server.urls["room"])
        csp = chair.evaluate(
            "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
        )
        assert "default-src 'self'" in csp
        expect_text(chair, "#line", "同志们：")
        expect_text(room, "#rows li.current", "开场")
        run(session, clock, Advance())
        expect_text(chair, "#line", session.state.line_text(1)[:20])
        assert server.tokens["chair"] not in room.content()
        assert blocked(chair) == [] and blocked(room) == []
        assert PAGE_ERRORS[id(chair)] == [] and PAGE_ERRORS[id(room)] == []
        injected = room.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.__ran = 1'; document.body.append(s);"
            " return window.__ran === 1; }"
        )
        assert injected is False  # the policy is in force: an inline script does not run
        room.wait_for_function("window.__blocked.length > 0", timeout=BOUND_MS)
        assert any(what.startswith("script-src") for what in blocked(room))


def test_a_page_reconnects_by_itself_after_the_server_restarts(
    browser: Browser, session: Session, clock: FakeClock
) -> None:
    run(session, clock, Start())
    server = ServerProcess(session.journal_path).start()
    try:
        chair = open_page(browser, server.url("/chair"))
        room = open_page(browser, server.url("/room"))
        expect_text(chair, "#line", "同志们：")
        server.stop()
        expect_shown(chair, "#offline")
        run(session, clock, Advance())  # while no server runs
        time.sleep(0.5)
        server = ServerProcess(session.journal_path, port=server.port).start()
        from playwright.sync_api import expect

        expect(chair.locator("#line")).to_contain_text(
            session.state.line_text(1)[:20], timeout=10_000
        )
        expect(chair.locator("#offline")).to_be_hidden(timeout=10_000)
        run(session, clock, Advance())
        expect_text(chair, "#line", session.state.line_text(2)[:20])
        expect(room.locator("#offline")).to_be_hidden(timeout=10_000)
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(1920, 1080, 1), (1920, 1080, 2), (960, 540, 2)],
    ids=["1920x1080", "1920x1080@2x", "zoom-200%"],
)
def test_the_whole_view_fits_the_screen_at_any_scale(
    browser: Browser,
    server: ServerProcess,
    session: Session,
    clock: FakeClock,
    tmp_path: Path,
    width: int,
    height: int,
    scale: int,
) -> None:
    to_slot(session, clock, 1)  # the longest paragraph of the opening, the next line below it
    chair = open_page(browser, server.url("/chair"), width=width, height=height, scale=scale)
    expect_text(chair, "#line", session.state.line_text(1)[:20])
    chair.screenshot(path=tmp_path / "chair.png")
    for selector in ("#part", "#position", "#elapsed", "#forecast", "#line-box", "#next"):
        inside_viewport(chair, selector)
    size = float(chair.eval_on_selector("#line", "el => parseFloat(getComputedStyle(el).fontSize)"))
    assert size >= 0.045 * height, "the line is below the legible minimum"
    scrolls = chair.eval_on_selector("#line-box", "el => el.scrollHeight > el.clientHeight + 1")
    assert not scrolls, "a paragraph that fits was made to scroll"

    to_slot(session, clock, 11)
    run(session, clock, RecordVote(for_=7, against=0, abstain=0, present=7))
    expect_text(chair, "#vote-result", "通过")
    for selector in ("#banner", "#vote-result", "#line-box", "#next", "#elapsed"):
        inside_viewport(chair, selector)
    chair.screenshot(path=tmp_path / "chair-vote.png")

    room = open_page(browser, server.url("/room"), width=width, height=height, scale=scale)
    expect_text(room, "#result-list", "通过")
    for selector in ("#title", "#elapsed", "#current", "#rows li.current", "#result-list li"):
        inside_viewport(room, selector)
    room.screenshot(path=tmp_path / "room.png")


def test_the_light_theme_is_dark_on_white(
    browser: Browser, server: ServerProcess, session: Session, clock: FakeClock
) -> None:
    run(session, clock, Start())
    dark = open_page(browser, server.url("/chair"))
    light = open_page(browser, server.url("/chair") + "?theme=light")
    expect_text(light, "#line", "同志们：")
    background = "el => getComputedStyle(el).backgroundColor"
    assert dark.eval_on_selector("body", background) == "rgb(0, 0, 0)"
    assert light.eval_on_selector("body", background) == "rgb(255, 255, 255)"

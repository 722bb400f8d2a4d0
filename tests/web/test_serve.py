"""``facilitator serve``: read-only pages and streams; loopback free, a token and a cap beyond it.

The non-loopback tests bind to 127.0.0.2: another address than 127.0.0.1, still on this machine.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx
import pytest

from benchmarks.room_load import ServerProcess
from facilitator.cli import main
from facilitator.engine.clock import FakeClock
from facilitator.engine.commands import Start
from facilitator.session import Session
from facilitator.web.serve import needs_token
from tests.web.conftest import run

OTHER = "127.0.0.2"
"""Beyond the default address as far as ``serve`` is concerned, yet never off this machine."""


def first_state(url: str) -> dict[str, object]:
    """The first state message on an event stream."""
    with httpx.Client(timeout=5) as client, client.stream("GET", url) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                data: dict[str, object] = json.loads(line[len("data: ") :])
                return data
    raise AssertionError("no state on the stream")


def test_the_pages_have_titles_in_the_meetings_language_and_name_no_outside_url(
    server: ServerProcess,
) -> None:
    assert server.token is None
    for kind, suffix in (("chair", "主持词"), ("room", "会场")):
        page = httpx.get(server.url(f"/{kind}"), timeout=5)
        assert page.status_code == 200
        assert f"<title>第二批主题教育领导小组第一次会议 - {suffix}</title>" in page.text
        assert 'lang="zh-CN"' in page.text
        assert "http" not in page.text  # no font, script or style from elsewhere
    css = httpx.get(server.url("/static/display.css"), timeout=5).text
    assert "url(" not in css and "@import" not in css and "Noto Sans CJK SC" in css
    favicon = httpx.get(server.url("/favicon.ico"), timeout=5)
    assert favicon.status_code == 200 and favicon.headers["content-type"] == "image/svg+xml"


def test_no_endpoint_changes_the_meeting(server: ServerProcess, session: Session) -> None:
    before = session.journal_path.read_bytes()
    for path in ("/", "/chair", "/room", "/events/chair", "/events/room"):
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            assert httpx.request(method, server.url(path), timeout=5).status_code == 405
    assert session.journal_path.read_bytes() == before


def test_the_room_stream_never_carries_the_chairs_script(
    server: ServerProcess, session: Session, clock: FakeClock
) -> None:
    run(session, clock, Start())
    room = first_state(server.url("/events/room"))
    chair = first_state(server.url("/events/chair"))
    assert chair["line"] == "同志们："
    text = json.dumps(room, ensure_ascii=False)
    for slot in range(len(session.script.slots)):
        line = session.state.line_text(slot)
        if len(line) > 8:
            assert line not in text


def test_only_the_loopback_defaults_go_without_a_token() -> None:
    assert not any(needs_token(host) for host in ("127.0.0.1", "::1", "localhost"))
    for host in ("127.0.0.2", "0.0.0.0", "192.168.1.20", "::", "projector.local"):
        assert needs_token(host)


def test_a_non_loopback_bind_warns_and_checks_its_token_on_every_request(
    session: Session,
) -> None:
    with ServerProcess(session.journal_path, host=OTHER, max_streams=2) as server:
        assert server.token and len(server.token) >= 20
        assert f"?token={server.token}" in server.urls["chair"]
        for path in ("/chair", "/room", "/static/display.js", "/favicon.svg", "/events/room"):
            assert httpx.get(server.url(path, token=False), timeout=5).status_code == 403
            wrong = server.url(path, token=False) + "?token=" + "x" * len(server.token)
            assert httpx.get(wrong, timeout=5).status_code == 403
        assert httpx.get(server.url("/chair"), timeout=5).status_code == 200
        assert first_state(server.url("/events/chair"))["seq"] == 1
    assert "warning" in server.stderr and "token" in server.stderr


def test_a_non_loopback_bind_caps_the_open_streams(session: Session) -> None:
    with (
        ServerProcess(session.journal_path, host=OTHER, max_streams=2) as server,
        httpx.Client(timeout=5) as client,
    ):
        with (
            client.stream("GET", server.url("/events/chair")) as one,
            client.stream("GET", server.url("/events/room")) as two,
        ):
            assert one.status_code == 200 and two.status_code == 200
            three = client.get(server.url("/events/room"))
            assert three.status_code == 503 and three.headers["retry-after"] == "5"
        # both closed: the server notices that the pages went away and lets new ones in
        for _ in range(50):
            with client.stream("GET", server.url("/events/room")) as again:
                if again.status_code == 200:
                    break
            time.sleep(0.05)
        else:
            raise AssertionError("closed streams were never released")


def test_facilitator_serve_on_a_missing_journal_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.jsonl"
    assert main(["serve", str(missing)]) == 2
    assert capsys.readouterr().err == f"{missing}: no such journal\n"


def test_facilitator_serve_on_a_busy_port_exits_2_in_one_line(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", str(session.journal_path), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"127.0.0.1:{port}" in err and "Traceback" not in err

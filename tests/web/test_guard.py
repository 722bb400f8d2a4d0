"""``facilitator serve`` defends itself: Host header, security headers, two tokens, and what
slow or greedy clients can hold. Every server here is a real process on loopback; the floods
are bounded and end by themselves (see benchmarks/room_flood.py).
"""

from __future__ import annotations

import asyncio
import io
import re
import socket
from pathlib import Path

import httpx
import pytest

from benchmarks.room_flood import SERVER, run_flood
from benchmarks.room_load import ServerProcess
from facilitator.cli import main
from facilitator.session import Session
from facilitator.web.app import Tokens
from facilitator.web.serve import allowed_hosts, print_urls, url_hosts

OTHER = SERVER
"""127.0.0.2: beyond loopback as far as ``serve`` is concerned, never off this machine."""


def raw(
    port: int,
    request: bytes,
    *,
    host: str = "127.0.0.1",
    source: str = "",
    until_closed: bool = False,
) -> bytes:
    """Send ``request`` as it is; the answer, whole (``until_closed``: all the server sends
    until it closes the connection). A server that does neither within 5 s fails the test."""
    with socket.create_connection((host, port), timeout=5, source_address=(source, 0)) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
                if b"\r\n\r\n" in answer and not until_closed:
                    head, _, body = answer.partition(b"\r\n\r\n")
                    length = [
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ]
                    if length and len(body) >= length[0]:
                        break
        except TimeoutError:
            raise AssertionError(f"no whole answer within 5 s: {answer[:200]!r}") from None
    return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_on_loopback_only_a_host_header_naming_loopback_or_localhost_is_answered(
    server: ServerProcess,
) -> None:
    port = server.port
    for host in (f"127.0.0.1:{port}", "127.0.0.1", f"localhost:{port}", "LOCALHOST"):
        answer = raw(port, f"GET /room HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        assert status(answer) == 200, host
    for host in ("evil.example", f"evil.example:{port}", "", "[::1]", "127.0.0.2", "0"):
        answer = raw(port, f"GET /chair HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        assert status(answer) == 421, host
        assert "会议" not in answer.decode(errors="replace")  # nothing of the meeting
    no_host = raw(port, b"GET /chair HTTP/1.0\r\n\r\n")
    assert status(no_host) == 421


def test_on_ipv6_loopback_the_host_must_be_bracketed_loopback_or_localhost(
    session: Session,
) -> None:
    with ServerProcess(session.journal_path, host="::1") as server:
        port = server.port
        for host, expected in ((f"[::1]:{port}", 200), ("localhost", 200), ("127.0.0.1", 421)):
            request = f"GET /room HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
            assert status(raw(port, request, host="::1")) == expected, host


def test_an_oversized_request_head_is_refused_with_the_security_headers_and_counted_once(
    session: Session,
) -> None:
    with ServerProcess(session.journal_path) as server:
        # a head that grows past 8 KiB before it ends (a whole one read at once is parsed)
        huge = b"GET /room HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 10_000
        for _ in range(3):
            answer = raw(server.port, huge, until_closed=True)
            assert status(answer) == 400
            assert b"x-content-type-options: nosniff" in answer.lower()
            assert b"content-security-policy: default-src 'self'" in answer.lower()
    counted = re.findall(r"serve: answered (\d+) invalid HTTP requests 400", server.stderr)
    assert sum(int(n) for n in counted) == 3 and len(counted) <= 2
    assert "Invalid HTTP request received" not in server.stderr


def test_beyond_loopback_only_the_servers_own_names_are_answered_even_with_the_token(
    session: Session,
) -> None:
    with ServerProcess(session.journal_path, host=OTHER) as server:
        path = f"/room?token={server.tokens['room']}"
        good = raw(
            server.port,
            f"GET {path} HTTP/1.1\r\nHost: {OTHER}:{server.port}\r\n\r\n".encode(),
            host=OTHER,
        )
        assert status(good) == 200
        evil = raw(
            server.port, f"GET {path} HTTP/1.1\r\nHost: evil.example\r\n\r\n".encode(), host=OTHER
        )
        assert status(evil) == 421


def test_the_hosts_answered_beyond_loopback_are_the_printed_ones_and_the_machines_own() -> None:
    hosts = allowed_hosts("192.168.1.20", ["127.0.0.1", "::1", "192.168.1.20", "fd00::2"])
    assert {"192.168.1.20", "[fd00::2]", "127.0.0.1", "[::1]", "localhost"} <= set(hosts)
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0", ["127.0.0.1", "10.0.0.5"])
    assert allowed_hosts("::1", []) == ["[::1]", "localhost"]


def test_every_response_carries_the_security_headers(server: ServerProcess) -> None:
    with httpx.Client(timeout=5) as client:
        answers = [
            client.get(server.url(path))
            for path in ("/", "/chair", "/room", "/static/display.js", "/favicon.svg", "/nowhere")
        ]
        answers.append(client.post(server.url("/chair")))  # 405
        answers.append(client.get(server.url("/room"), headers={"Host": "evil.example"}))  # 421
        with client.stream("GET", server.url("/events/room")) as stream:
            answers.append(stream)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 404, 405, 421, 200]
    for answer in answers:
        headers = answer.headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_the_room_token_opens_only_the_room_and_the_room_page_carries_no_other(
    session: Session,
) -> None:
    with (
        ServerProcess(session.journal_path, host=OTHER) as server,
        httpx.Client(timeout=5) as client,
    ):
        room, chair = server.tokens["room"], server.tokens["chair"]
        assert room != chair and len(room) >= 20 and len(chair) >= 20
        assert server.urls["room"].endswith(f"/room?token={room}")
        assert server.urls["chair"].endswith(f"/chair?token={chair}")
        base = f"http://{OTHER}:{server.port}"

        def get(path: str, token: str) -> int:
            return client.get(f"{base}{path}?token={token}").status_code

        for path in ("/room", "/static/display.js", "/static/display.css", "/favicon.svg", "/"):
            assert get(path, room) == 200, path
        for path in ("/chair", "/chair/", "/%63hair", "/nowhere"):
            assert get(path, room) == 403, path
        with client.stream("GET", f"{base}/events/chair?token={room}") as stream:
            assert stream.status_code == 403
        with client.stream("GET", f"{base}/events/room?token={room}") as stream:
            assert stream.status_code == 200
        assert get("/chair", chair) == 200
        with client.stream("GET", f"{base}/events/chair?token={chair}") as stream:
            assert stream.status_code == 200
        room_page = client.get(f"{base}/room?token={room}").text
        assert chair not in room_page and room in room_page
        index = client.get(f"{base}/?token={room}").text
        assert chair not in index and "/chair" not in index
        assert room not in client.get(f"{base}/chair?token={chair}").text


def test_a_client_that_never_finishes_its_request_head_is_cut_off_after_the_header_timeout(
    session: Session,
) -> None:
    options = ("--header-timeout", "1")
    with ServerProcess(session.journal_path, options=options) as server:
        port = server.port
        half = raw(port, b"GET /room HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", until_closed=True)
        assert half == b""  # closed by the server without an answer
        # after a whole answer the next head has the same time, then the connection goes
        keep = f"GET /room HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\nGET /room HTTP/1.1\r\nHo"
        answer = raw(port, keep.encode(), until_closed=True)
        assert status(answer) == 200 and answer.count(b"HTTP/1.1 ") == 1
        assert status(raw(port, b"GET /room HTTP/1.1\r\nHost: localhost\r\n\r\n")) == 200
    assert "no complete request within 1 s" in server.stderr
    assert "Traceback" not in server.stderr


def test_a_flood_of_half_heads_from_one_address_leaves_the_token_holder_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result, server = asyncio.run(asyncio.wait_for(run_flood(tmp_path, connections=1100), 60))
    with capsys.disabled():
        print(f"\nslow-header flood: {result.summary()}; stderr {len(server.stderr)} bytes")
    assert result.opened == 1100
    assert result.status == 200 and result.served_s < 3
    assert result.held <= 26 and result.refused >= 1100 - 26
    assert result.server_files < 100
    lines = [line for line in server.stderr.splitlines() if line.startswith("serve: ")]
    assert lines == [
        "serve: refused 1074 connections from 127.0.0.10: over 26 open from one address"
    ]
    assert "Traceback" not in server.stderr and len(server.stderr) < 2000


def test_a_flood_from_many_addresses_makes_way_for_the_token_holder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result, server = asyncio.run(
        asyncio.wait_for(run_flood(tmp_path, connections=1100, sources=50), 60)
    )
    with capsys.disabled():
        print(f"\nslow-header flood from 50 addresses: {result.summary()}")
    assert result.status == 200 and result.served_s < 3
    assert result.held <= 400 and result.server_files < 500
    lines = [line for line in server.stderr.splitlines() if line.startswith("serve: ")]
    assert len(lines) == 1 and "to make room (at most 400 connections)" in lines[0]
    assert "and 49 other addresses" in lines[0]
    assert "Traceback" not in server.stderr and len(server.stderr) < 2000


def test_one_address_cannot_hold_every_stream_and_a_head_request_holds_none(
    session: Session,
) -> None:
    options = ("--max-streams-per-client", "2")
    with (
        ServerProcess(session.journal_path, host=OTHER, options=options) as server,
        httpx.Client(timeout=5) as client,
        httpx.Client(timeout=5, transport=httpx.HTTPTransport(local_address="127.0.0.3")) as other,
    ):
        for _ in range(5):
            assert client.head(server.url("/events/room")).status_code == 200
        with (
            client.stream("GET", server.url("/events/room")) as one,
            client.stream("GET", server.url("/events/chair")) as two,
        ):
            assert one.status_code == 200 and two.status_code == 200
            third = client.get(server.url("/events/room"))
            assert third.status_code == 503 and "from this address" in third.text
            with other.stream("GET", server.url("/events/room")) as elsewhere:
                assert elsewhere.status_code == 200


def test_serve_on_a_port_out_of_range_is_one_line_and_exit_2(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(session.journal_path), "--port", "99999"]) == 2
    err = capsys.readouterr().err
    assert err == "--port 99999: not a port (0 to 65535)\n"


def test_a_wildcard_host_prints_one_url_per_address_of_the_machine_with_its_token() -> None:
    addresses = ["127.0.0.1", "::1", "192.168.1.20", "10.0.0.5", "fd00::2"]
    assert url_hosts("0", addresses) == ["192.168.1.20", "10.0.0.5"]
    assert url_hosts("0.0.0.0", addresses) == ["192.168.1.20", "10.0.0.5"]
    assert url_hosts("::", addresses) == ["192.168.1.20", "10.0.0.5", "[fd00::2]"]
    assert url_hosts("0", ["127.0.0.1"]) == ["127.0.0.1"]  # no network: this machine only
    out = io.StringIO()
    print_urls(out, url_hosts("0", addresses), 8000, Tokens(chair="C", room="R"))
    assert out.getvalue().splitlines()[:4] == [
        "chair: http://192.168.1.20:8000/chair?token=C",
        "       http://10.0.0.5:8000/chair?token=C",
        "room:  http://192.168.1.20:8000/room?token=R",
        "       http://10.0.0.5:8000/room?token=R",
    ]
    assert "http://0:" not in out.getvalue()

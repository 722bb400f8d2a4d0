"""``facilitator serve``: the room display from one process (uvicorn), for any number of pages.

Loopback (127.0.0.1, ::1, localhost) is served as is. Any other address prints a warning and
requires a random access token, made anew for each run and printed in the URLs; the number of
open event streams is capped either way.
"""

from __future__ import annotations

import secrets
import socket
import sys
from pathlib import Path
from typing import TextIO

from facilitator.journal.store import JournalError

DEFAULT_MAX_STREAMS = 300
"""Open event streams allowed at once (a projector, tablets, the delegates' phones)."""


LOOPBACK = ("127.0.0.1", "::1", "localhost")
"""The addresses served without a token. Any other, even 127.0.0.2, needs one: it is the rule
that is simple to state (and the tests prove the token without leaving this machine)."""


def needs_token(host: str) -> bool:
    """Whether pages served on ``host`` need the run's access token."""
    return host not in LOOPBACK


def url_host(host: str) -> str:
    """How the printed URLs name the host."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a busy port is one line, not uvicorn's traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise JournalError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def serve(
    journal: Path,
    *,
    host: str,
    port: int,
    max_streams: int = DEFAULT_MAX_STREAMS,
    out: TextIO | None = None,
) -> int:
    """Serve ``/chair`` and ``/room`` for ``journal`` until interrupted."""
    import uvicorn

    from facilitator.web.app import make_app

    out = out or sys.stdout
    if not journal.is_file():  # say it once here, not on every page that connects
        raise JournalError(f"{journal}: no such journal")
    token = secrets.token_urlsafe(18) if needs_token(host) else None
    sock = listen(host, port)
    port = sock.getsockname()[1]
    app = make_app(journal, token=token, max_streams=max_streams)
    query = "" if token is None else f"?token={token}"
    base = f"http://{url_host(host)}:{port}"
    if token is not None:
        print(
            f"warning: serving {journal.name} on {host}, beyond this machine: anyone on the "
            "network who has the URL with its token can read the chair's script; the token "
            "changes with every run",
            file=sys.stderr,
            flush=True,
        )
    print(f"chair: {base}/chair{query}", file=out, flush=True)
    print(f"room:  {base}/room{query}", file=out, flush=True)
    print(
        f"light theme: add {'&' if query else '?'}theme=light; ctrl+c stops", file=out, flush=True
    )
    config = uvicorn.Config(
        app,
        log_level="warning",
        timeout_graceful_shutdown=1,
        access_log=False,
        lifespan="on",
    )
    hub = app.state.hub

    class DisplayServer(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            hub.close()  # end the streams first: uvicorn waits for open responses
            await super().shutdown(sockets)

    DisplayServer(config).run(sockets=[sock])
    return 0

"""The room display's web application (Starlette): two pages, their event streams, nothing else.

Routes, all ``GET``; none of them changes the meeting:

- ``/chair``, ``/room``: the pages (HTML with the current state inlined, so they draw at once);
- ``/events/chair``, ``/events/room``: Server-Sent Events, one message per change, ``id`` = seq;
- ``/static/display.js``, ``/static/display.css``, ``/favicon.svg`` (also ``/favicon.ico``);
- ``/``: links to the pages.

Every request must name this server in its ``Host`` header (``allowed_hosts``; 421 otherwise), so
a page elsewhere that rebinds its own name to this address reads nothing. With ``tokens`` (any
bind beyond loopback) every request must carry ``?token=…``: the room token opens ``/room``, its
stream and the files the page needs; ``/chair`` and its stream need the chair token. A wrong or
missing one is answered 403. ``max_streams`` caps the open event streams in all,
``max_client_streams`` those from one client address; one more is answered 503 (the page tries
again a few seconds later). ``SECURITY_HEADERS`` go on every response (the server adds them).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitator.web.hub import Hub, PageKind, WallClock, system_wall_clock

STATIC = files("facilitator.web") / "static"
THEMES = ("dark", "light")
RETRY_MS = 1000
"""How soon a page's EventSource reconnects after losing the server."""


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
"""Nothing from elsewhere, no inline script or style, never inside another site's frame."""

SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)
"""On every response: pages, streams, static files and errors (``serve`` has uvicorn add them)."""


@dataclass(frozen=True)
class Tokens:
    """The two access tokens of a run beyond loopback: ``room`` opens only /room."""

    chair: str
    room: str

    @classmethod
    def new(cls) -> Tokens:
        """Two random tokens, made anew for each run."""
        return cls(chair=secrets.token_urlsafe(18), room=secrets.token_urlsafe(18))

    def of(self, kind: PageKind) -> str:
        """The token a page's URLs carry."""
        return self.chair if kind == "chair" else self.room


ROOM_OPENS = frozenset(
    {"/", "/room", "/events/room", "/static/display.js", "/static/display.css", "/favicon.svg"}
    | {"/favicon.ico"}
)
"""The paths the room token opens; every other one needs the chair token."""


def _same(given: str, token: str) -> bool:
    return secrets.compare_digest(given.encode(), token.encode())


class TokenCheck:
    """ASGI middleware: refuse any request without a token that opens its path."""

    def __init__(self, app: ASGIApp, tokens: Tokens) -> None:
        self.app = app
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = Request(scope).query_params.get("token", "")
            chair = _same(given, self.tokens.chair)
            room = scope["path"] in ROOM_OPENS and _same(given, self.tokens.room)
            allowed = chair or room
            if not allowed:
                response = PlainTextResponse("403: this display needs its access token", 403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


MISDIRECTED = PlainTextResponse(
    "421: this server answers only requests addressed to it by its own name or address", 421
)


class HostCheck:
    """ASGI middleware: Starlette's :class:`TrustedHostMiddleware`, answering 421 (not 400).

    It compares the ``Host`` header's name (any port; IPv6 in brackets) with ``hosts`` and
    refuses a missing or empty one; a refusal is answered 421 Misdirected Request."""

    ADMITTED = "facilitator.host_admitted"

    def __init__(self, app: ASGIApp, hosts: Sequence[str]) -> None:
        self.app = app
        self.trusted = TrustedHostMiddleware(self._admit, allowed_hosts=hosts, www_redirect=False)

    async def _admit(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[self.ADMITTED] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = False

        async def answer(message: Message) -> None:
            nonlocal refused
            if scope.get(self.ADMITTED):
                await send(message)
            elif not refused:  # the middleware's own 400: say 421 instead
                refused = True
                await MISDIRECTED(scope, receive, send)

        await self.trusted(scope, receive, answer)


class EventStream:
    """One page's event stream (an ASGI endpoint): the state now, then each newer one.

    It sends the hub's message whenever the hub publishes a newer one, and ends when the page
    goes away (``http.disconnect``) or the server stops; a page past the cap is answered 503.
    """

    HEADERS = (
        (b"content-type", b"text/event-stream; charset=utf-8"),
        (b"cache-control", b"no-store"),
        (b"x-accel-buffering", b"no"),
    )

    def __init__(self, hub: Hub, kind: PageKind, limits: StreamLimits) -> None:
        self.hub = hub
        self.kind: PageKind = kind
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hub = self.hub
        if scope["method"] == "HEAD":  # the headers, and done: a HEAD never holds a stream
            await send({"type": "http.response.start", "status": 200, "headers": self.HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return
        client = scope["client"][0] if scope.get("client") else "unknown"
        refusal = self.limits.refusal(hub.streams, client)
        if refusal is not None:
            refused = PlainTextResponse(refusal, 503, headers={"Retry-After": "5"})
            await refused(scope, receive, send)
            return
        self.limits.open[client] += 1
        wake = hub.subscribe()
        gone = False

        async def watch() -> None:
            nonlocal gone
            while (await receive())["type"] != "http.disconnect":
                pass
            gone = True
            wake.set()

        watcher = asyncio.create_task(watch())
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": self.HEADERS,
                }
            )
            version = hub.version
            first = f"retry: {RETRY_MS}\n\n".encode() + hub.message(self.kind)  # as of now
            await send({"type": "http.response.body", "body": first, "more_body": True})
            while True:
                await wake.wait()
                wake.clear()
                if gone or hub.closed:
                    break
                if hub.version != version:
                    version = hub.version
                    body = hub.messages[self.kind]
                    await send({"type": "http.response.body", "body": body, "more_body": True})
            if not gone:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            pass  # the page went away while we wrote to it
        finally:
            hub.unsubscribe(wake)
            watcher.cancel()
            self.limits.close(client)


class StreamLimits:
    """The caps on open event streams: in all, and from one client address."""

    def __init__(self, total: int, per_client: int) -> None:
        self.total = total
        self.per_client = per_client
        self.open: Counter[str] = Counter()

    def refusal(self, streams: int, client: str) -> str | None:
        """Why one more stream from ``client`` is refused, or None."""
        if streams >= self.total:
            return "503: too many open displays"
        if self.open[client] >= self.per_client:
            return "503: too many open displays from this address"
        return None

    def close(self, client: str) -> None:
        """A stream from ``client`` has ended."""
        self.open[client] -= 1
        if self.open[client] <= 0:
            del self.open[client]


def make_app(
    journal: Path,
    *,
    tokens: Tokens | None = None,
    allowed_hosts: Sequence[str] = ("127.0.0.1", "localhost"),
    max_streams: int = 300,
    max_client_streams: int = 10,
    wall: WallClock = system_wall_clock,
    poll_interval: float = 0.02,
    refresh_s: float = 15.0,
) -> Starlette:
    """The application for one journal."""
    hub = Hub(journal, wall=wall, poll_interval=poll_interval, refresh_s=refresh_s)
    limits = StreamLimits(max_streams, max_client_streams)

    def query(kind: PageKind) -> str:
        return "" if tokens is None else f"?token={quote(tokens.of(kind))}"

    def page(kind: PageKind) -> Callable[[Request], Response]:
        template = _static(f"{kind}.html")

        def render(request: Request) -> Response:
            theme = request.query_params.get("theme", "dark")
            payload = hub.payload(kind)
            data = json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
            words = hub.words
            filled = (
                template.replace("{{lang}}", "zh-CN" if payload["lang"] == "zh" else "en")
                .replace("{{title}}", html.escape(hub.title(kind)))
                .replace("{{theme}}", theme if theme in THEMES else "dark")
                .replace("{{query}}", html.escape(query(kind)))
                .replace("{{token}}", html.escape("" if tokens is None else tokens.of(kind)))
                .replace("{{reconnecting}}", html.escape(words.web_reconnecting))
                .replace("{{state}}", data)
            )
            return HTMLResponse(filled, headers={"Cache-Control": "no-store"})

        return render

    def static(name: str, media_type: str) -> Callable[[Request], Response]:
        body = _static(name)

        def respond(request: Request) -> Response:
            return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})

        return respond

    def index(request: Request) -> Response:
        given = request.query_params.get("token", "")
        kinds: tuple[PageKind, ...] = ("chair", "room")
        if tokens is not None and not _same(given, tokens.chair):
            kinds = ("room",)  # the room token opens the room page only
        links = "".join(
            f'<li><a href="/{kind}{html.escape(query(kind))}">'
            f"{html.escape(hub.title(kind))}</a></li>"
            for kind in kinds
        )
        lang = "zh-CN" if hub.payloads["chair"]["lang"] == "zh" else "en"
        return HTMLResponse(
            f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
            f"<title>{html.escape(hub.title('room'))}</title><ul>{links}</ul></html>",
            headers={"Cache-Control": "no-store"},
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(hub.run())
        try:
            yield
        finally:
            hub.close()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    routes = [
        Route("/", index),
        Route("/chair", page("chair")),
        Route("/room", page("room")),
        Route("/events/chair", EventStream(hub, "chair", limits), methods=["GET"]),
        Route("/events/room", EventStream(hub, "room", limits), methods=["GET"]),
        Route("/static/display.js", static("display.js", "text/javascript; charset=utf-8")),
        Route("/static/display.css", static("display.css", "text/css; charset=utf-8")),
        Route("/favicon.svg", static("favicon.svg", "image/svg+xml")),
        Route("/favicon.ico", static("favicon.svg", "image/svg+xml")),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.hub = hub
    if tokens is not None:
        app.add_middleware(TokenCheck, tokens=tokens)
    app.add_middleware(HostCheck, hosts=list(allowed_hosts))  # outermost: before the token
    return app

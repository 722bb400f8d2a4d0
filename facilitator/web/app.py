"""The room display's web application (Starlette): two pages, their event streams, nothing else.

Routes, all ``GET``; none of them changes the meeting:

- ``/chair``, ``/room``: the pages (HTML with the current state inlined, so they draw at once);
- ``/events/chair``, ``/events/room``: Server-Sent Events, one message per change, ``id`` = seq;
- ``/static/display.js``, ``/static/display.css``, ``/favicon.svg`` (also ``/favicon.ico``);
- ``/``: links to both pages.

With a ``token`` (any bind beyond loopback), every request must carry ``?token=…``; a wrong or
missing one is answered 403. ``max_streams`` caps the open event streams; one more is answered 503
(the page tries again a few seconds later).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import secrets
from collections.abc import AsyncIterator, Callable
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from facilitator.web.hub import Hub, PageKind, WallClock, system_wall_clock

STATIC = files("facilitator.web") / "static"
THEMES = ("dark", "light")
RETRY_MS = 1000
"""How soon a page's EventSource reconnects after losing the server."""


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


class TokenCheck:
    """ASGI middleware: refuse any request without the run's access token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            given = request.query_params.get("token", "")
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                response = PlainTextResponse("403: this display needs its access token", 403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class EventStream(StreamingResponse):
    """An event stream that is counted while it is open."""

    def __init__(self, hub: Hub, body: AsyncIterator[bytes]) -> None:
        super().__init__(
            body,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        self.hub = hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.hub.streams += 1
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.hub.streams -= 1


def make_app(
    journal: Path,
    *,
    token: str | None = None,
    max_streams: int = 300,
    wall: WallClock = system_wall_clock,
    poll_interval: float = 0.02,
    refresh_s: float = 15.0,
) -> Starlette:
    """The application for one journal."""
    hub = Hub(journal, wall=wall, poll_interval=poll_interval, refresh_s=refresh_s)
    query = "" if token is None else f"?token={quote(token)}"

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
                .replace("{{query}}", html.escape(query))
                .replace("{{token}}", html.escape(token or ""))
                .replace("{{reconnecting}}", html.escape(words.web_reconnecting))
                .replace("{{state}}", data)
            )
            return HTMLResponse(filled, headers={"Cache-Control": "no-store"})

        return render

    def stream(kind: PageKind) -> Callable[[Request], Response]:
        async def messages() -> AsyncIterator[bytes]:
            yield f"retry: {RETRY_MS}\n\n".encode()
            version = hub.version
            yield hub.message(kind)  # as of now: the stored one may be minutes old
            while True:
                if hub.version != version:
                    version = hub.version
                    yield hub.messages[kind]
                if not await hub.wait(version):
                    return

        def respond(request: Request) -> Response:
            if hub.streams >= max_streams:
                return PlainTextResponse(
                    "503: too many open displays", 503, headers={"Retry-After": "5"}
                )
            return EventStream(hub, messages())

        return respond

    def static(name: str, media_type: str) -> Callable[[Request], Response]:
        body = _static(name)

        def respond(request: Request) -> Response:
            return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})

        return respond

    def index(request: Request) -> Response:
        links = "".join(
            f'<li><a href="/{kind}{html.escape(query)}">{html.escape(hub.title(kind))}</a></li>'
            for kind in ("chair", "room")
        )
        lang = "zh-CN" if hub.payloads["chair"]["lang"] == "zh" else "en"
        return HTMLResponse(
            f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
            f"<title>{html.escape(hub.title('room'))}</title><ul>{links}</ul></html>"
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
        Route("/events/chair", stream("chair")),
        Route("/events/room", stream("room")),
        Route("/static/display.js", static("display.js", "text/javascript; charset=utf-8")),
        Route("/static/display.css", static("display.css", "text/css; charset=utf-8")),
        Route("/favicon.svg", static("favicon.svg", "image/svg+xml")),
        Route("/favicon.ico", static("favicon.svg", "image/svg+xml")),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.hub = hub
    if token is not None:
        app.add_middleware(TokenCheck, token=token)
    return app

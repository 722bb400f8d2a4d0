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
from starlette.responses import HTMLResponse, PlainTextResponse, Response
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


class EventStream:
    """One page's event stream (an ASGI endpoint): the state now, then each newer one.

    It sends the hub's message whenever the hub publishes a newer one, and ends when the page
    goes away (``http.disconnect``) or the server stops; a page past the cap is answered 503.
    """

    def __init__(self, hub: Hub, kind: PageKind, max_streams: int) -> None:
        self.hub = hub
        self.kind: PageKind = kind
        self.max_streams = max_streams

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hub = self.hub
        if hub.streams >= self.max_streams:
            refused = PlainTextResponse(
                "503: too many open displays", 503, headers={"Retry-After": "5"}
            )
            await refused(scope, receive, send)
            return
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
                    "headers": [
                        (b"content-type", b"text/event-stream; charset=utf-8"),
                        (b"cache-control", b"no-store"),
                        (b"x-accel-buffering", b"no"),
                    ],
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
        Route("/events/chair", EventStream(hub, "chair", max_streams), methods=["GET"]),
        Route("/events/room", EventStream(hub, "room", max_streams), methods=["GET"]),
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

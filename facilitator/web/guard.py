"""The room display's connection guard: what uvicorn does not bound by itself.

uvicorn's h11 protocol arms no timer until a first response is sent, so a client that sends half
a request head holds its connection (a file descriptor) for ever; and its ``limit_concurrency``
counts those half-open connections too, so a flood of them makes it answer the token holder 503.
:class:`GuardedH11Protocol` is uvicorn's own :class:`~uvicorn.protocols.http.h11_impl.H11Protocol`
(passed as ``Config(http=…)``) with three additions, all kept in one shared :class:`Guard`:

- a request head must be complete within ``header_timeout`` seconds of the connection opening
  (or of the previous response ending); otherwise the connection is closed;
- at most ``per_client`` connections from one client address: one more is answered 503 and
  closed at once, before it can send anything;
- at most ``total`` connections in all (kept below the process's file limit): one more first
  pushes out the oldest connection still waiting for its request head, so stalled clients
  cannot keep out a client that sends its request; only when every connection is busy with a
  request is the newcomer refused.

Refusals are counted and said in one line per kind every few seconds (:class:`Tally`), never
one line (or one traceback) per connection.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

TALLY_WINDOW_S = 5.0
"""How long refusals of one kind are gathered before their line is written."""

_REFUSED_BODY = b"503: too many open connections\n"
REFUSED = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"retry-after: 5\r\nconnection: close\r\n"
    + f"content-length: {len(_REFUSED_BODY)}\r\n\r\n".encode()
    + _REFUSED_BODY
)
"""The answer to a connection over a cap, written before it has sent anything."""


def client_address(peer: Any) -> str:
    """A connection's client address as a person reads it (IPv4 inside IPv6 unwrapped)."""
    if isinstance(peer, tuple) and peer:
        host = str(peer[0])
        return host.removeprefix("::ffff:") if "." in host else host
    return "unknown"


class Tally:
    """Events of one kind counted per client address, written as one line per window."""

    def __init__(self, write: Callable[[str], None], window_s: float = TALLY_WINDOW_S) -> None:
        self.write = write
        self.window_s = window_s
        self.counts: dict[str, Counter[str]] = {}
        self._scheduled = False

    def count(self, kind: str, address: str) -> None:
        """One event of ``kind`` (e.g. "refused {n} connections{from}: …") from ``address``."""
        self.counts.setdefault(kind, Counter())[address] += 1
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_later(self.window_s, self.flush)

    def flush(self) -> None:
        """Write one line per kind seen since the last flush."""
        self._scheduled = False
        counts, self.counts = self.counts, {}
        for kind, by_address in counts.items():
            total = sum(by_address.values())
            (top, _), *others = by_address.most_common()
            where = f" from {top}" + (f" and {len(others)} other addresses" if others else "")
            if not top:
                where = ""
            self.write(kind.format(n=total, where=where))


class Guard:
    """The limits, and the connections they count (shared by every connection's protocol)."""

    def __init__(
        self,
        *,
        total: int,
        per_client: int,
        header_timeout: float,
        write: Callable[[str], None] | None = None,
    ) -> None:
        self.total = total
        self.per_client = per_client
        self.header_timeout = header_timeout
        self.tally = Tally(write or _stderr)
        self.open: Counter[str] = Counter()
        """Open connections per client address."""
        self.waiting: OrderedDict[GuardedH11Protocol, None] = OrderedDict()
        """Connections waiting for a request head, oldest first."""
        self.count = 0
        self.log_filter = _PerConnectionLines(self.tally)
        """For uvicorn's logger: its per-connection warnings are counted, not written."""

    def watch_loop(self) -> None:
        """Count the event loop's "out of system resource" accept errors (each a traceback
        otherwise, again every second while the file limit is reached)."""
        loop = asyncio.get_running_loop()

        def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
            error = context.get("exception")
            if str(context.get("message", "")).startswith("socket.accept() out of"):
                reason = error.strerror if isinstance(error, OSError) else error
                self.tally.count(f"could not accept {{n}} times: {reason}", "this server")
                return
            loop.default_exception_handler(context)

        loop.set_exception_handler(handle)

    def admit(self, connection: GuardedH11Protocol) -> bool:
        """Whether a new connection may stay (making room for it if need be)."""
        address = connection.address
        if self.open[address] >= self.per_client:
            self.tally.count(
                f"refused {{n}} connections{{where}}: over {self.per_client} open from one address",
                address,
            )
            return False
        if self.count >= self.total:
            if not self.waiting:
                self.tally.count(
                    f"refused {{n}} connections{{where}}: all {self.total} connections are busy",
                    address,
                )
                return False
            oldest = next(iter(self.waiting))
            self.tally.count(
                "closed {n} connections{where} that had sent no request yet, "
                f"to make room (at most {self.total} connections)",
                oldest.address,
            )
            oldest.drop()
        self.open[address] += 1
        self.count += 1
        return True

    def release(self, connection: GuardedH11Protocol) -> None:
        """A connection has closed."""
        self.waiting.pop(connection, None)
        self.open[connection.address] -= 1
        if self.open[connection.address] <= 0:
            del self.open[connection.address]
        self.count -= 1


class _PerConnectionLines(logging.Filter):
    """uvicorn's warnings that come once per bad connection, turned into counts."""

    LINES: ClassVar[dict[str, str]] = {
        "Invalid HTTP request received.": "answered {n} invalid HTTP requests 400{where}",
        "Unsupported upgrade request.": "refused {n} upgrade requests{where}",
    }

    def __init__(self, tally: Tally) -> None:
        super().__init__()
        self.tally = tally

    def filter(self, record: logging.LogRecord) -> bool:
        kind = self.LINES.get(record.getMessage())
        if kind is None:
            return not record.getMessage().startswith("No supported WebSocket library")
        try:
            self.tally.count(kind, "")
        except RuntimeError:  # no running loop: write it as it is
            return True
        return False


def _stderr(line: str) -> None:
    print(f"serve: {line}", file=sys.stderr, flush=True)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request-head timeout and the :class:`Guard`'s caps.

    Subclasses made by :func:`guarded_protocol` set ``guard``."""

    guard: Guard

    address = "unknown"
    _admitted = False
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.address = client_address(transport.get_extra_info("peername"))
        if not self.guard.admit(self):
            assert isinstance(transport, asyncio.Transport)
            transport.write(REFUSED)
            transport.close()
            return
        self._admitted = True
        super().connection_made(transport)  # type: ignore[arg-type]
        self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._admitted:
            return
        self._admitted = False
        self._stop_timer()
        self.guard.release(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._busy():
            self._stop_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self._busy():
            self._await_head()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request it cannot parse, with the server's own headers (the
        security headers) as every other answer has them."""
        body = msg.encode("ascii")
        headers = [
            *self.server_state.default_headers,
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    def _busy(self) -> bool:
        """Whether a request is being answered (its head has been read)."""
        return self.cycle is not None and not self.cycle.response_complete

    def _await_head(self) -> None:
        self._stop_timer()
        self.guard.waiting[self] = None
        self._head_timer = self.loop.call_later(self.guard.header_timeout, self._head_late)

    def _stop_timer(self) -> None:
        self.guard.waiting.pop(self, None)
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if self._busy() or self.transport.is_closing():
            return
        self.guard.tally.count(
            "closed {n} connections{where}: no complete request within "
            f"{self.guard.header_timeout:g} s",
            self.address,
        )
        self.drop()

    def drop(self) -> None:
        """Close this connection now (it has no request in progress)."""
        self._stop_timer()
        self.transport.abort()


def guarded_protocol(guard: Guard) -> type[GuardedH11Protocol]:
    """The protocol class to give uvicorn (``Config(http=…)``) for one server's guard."""
    return type("DisplayProtocol", (GuardedH11Protocol,), {"guard": guard})

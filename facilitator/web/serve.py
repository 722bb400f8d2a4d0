"""``facilitator serve``: the room display from one process (uvicorn), for any number of pages.

Loopback (127.0.0.1, ::1, localhost) is served as is. Any other address prints a warning and
requires two random access tokens, made anew for each run and printed in the URLs: the room's,
which opens /room only, and the chair's. Either way the server answers only requests that name
it in their ``Host`` header, puts the security headers on every response, and bounds what
clients can hold: a request head must arrive within ``header_timeout`` seconds, connections and
event streams are capped in all and per client address (see :mod:`facilitator.web.guard`).
"""

from __future__ import annotations

import ipaddress
import itertools
import socket
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from facilitator.journal.store import JournalError

if TYPE_CHECKING:
    from facilitator.web.app import Tokens
    from facilitator.web.hub import PageKind

PAGE_KINDS: tuple[PageKind, ...] = ("chair", "room")

DEFAULT_MAX_STREAMS = 300
"""Open event streams allowed at once (a projector, tablets, the delegates' phones)."""
DEFAULT_CLIENT_STREAMS = 10
"""Open event streams allowed from one client address (a browser opens at most six
connections to one server; a few more for a second browser or a reloaded page)."""
DEFAULT_HEADER_TIMEOUT = 10.0
"""Seconds a client has to send a whole request head, from connecting or from the last answer."""
CLIENT_EXTRA_CONNECTIONS = 16
"""Connections from one address beyond its streams: page loads, static files, keep-alive."""
EXTRA_CONNECTIONS = 100
"""Connections in all beyond the streams, likewise."""
BACKLOG = 256
"""The listen queue, and so the most connections accepted in one turn of the event loop."""
SPARE_FILES = 64
"""File descriptors kept free of connections (the journal, the loop, logging, uvicorn)."""


LOOPBACK = ("127.0.0.1", "::1", "localhost")
"""The addresses served without a token. Any other, even 127.0.0.2, needs one: it is the rule
that is simple to state (and the tests prove the token without leaving this machine)."""


def bind_host(host: str) -> str:
    """``--host`` as the socket binds it: ``[::1]`` unbracketed, ``0`` as 0.0.0.0."""
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return "0.0.0.0" if host in ("0", "") else host


def needs_token(host: str) -> bool:
    """Whether pages served on ``host`` need the run's access tokens."""
    return bind_host(host) not in LOOPBACK


def is_wildcard(host: str) -> bool:
    """Whether ``host`` means every address of this machine (0.0.0.0, ::)."""
    try:
        return ipaddress.ip_address(bind_host(host)).is_unspecified
    except ValueError:
        return False


def url_host(host: str) -> str:
    """How URLs and ``Host`` headers name an address (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host else host


def machine_addresses() -> list[str]:
    """This machine's own IP addresses (loopback included; IPv6 link-local left out, as a URL
    cannot use it without a zone), found with the standard library only: the names the host
    name resolves to, the address each family would send from, and on Linux every address the
    kernel holds (``/proc/net``)."""
    found: dict[str, None] = {"127.0.0.1": None, "::1": None}
    for name in {socket.gethostname(), socket.getfqdn()}:
        try:
            for *_, peer in socket.getaddrinfo(name, None, type=socket.SOCK_STREAM):
                found[str(peer[0])] = None
        except OSError:
            pass
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))  # UDP: nothing is sent, the route picks the address
                found[str(udp.getsockname()[0])] = None
        except OSError:
            pass
    for address in _linux_addresses():
        found[address] = None
    usable: list[str] = []
    for text in found:
        try:
            ip = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        if not ip.is_link_local and not ip.is_unspecified:
            usable.append(str(ip))
    return usable


def _linux_addresses() -> Iterable[str]:
    """The kernel's local addresses (Linux only; elsewhere nothing)."""
    try:
        trie = Path("/proc/net/fib_trie").read_text().splitlines()
    except OSError:
        trie = []
    for before, line in itertools.pairwise(trie):
        if line.strip().startswith("/32 host LOCAL") and "|--" in before:
            yield before.split("|--")[1].strip()
    try:
        inet6 = Path("/proc/net/if_inet6").read_text().splitlines()
    except OSError:
        inet6 = []
    for line in inet6:
        digits = line.split()[0] if line.split() else ""
        if len(digits) == 32:
            yield str(ipaddress.IPv6Address(bytes.fromhex(digits)))


def url_hosts(host: str, addresses: Iterable[str]) -> list[str]:
    """The hosts the printed URLs name: ``host`` itself, or for a wildcard bind each of this
    machine's addresses that another device can reach (IPv4 for 0.0.0.0, also IPv6 for ::),
    loopback only if there is no other."""
    host = bind_host(host)
    if not is_wildcard(host):
        return [url_host(host)]
    ipv6 = ":" in host
    reachable = [
        a for a in addresses if not ipaddress.ip_address(a).is_loopback and (ipv6 or ":" not in a)
    ]
    return [url_host(a) for a in reachable] or [url_host("127.0.0.1")]


def allowed_hosts(host: str, addresses: Iterable[str]) -> list[str]:
    """The ``Host`` header names answered: on loopback that address and ``localhost``; beyond
    it the printed hosts, this machine's addresses and its own names."""
    host = bind_host(host)
    if host in LOOPBACK:
        return ["localhost", "127.0.0.1"] if host == "localhost" else [url_host(host), "localhost"]
    names = {url_host(host), "localhost", socket.gethostname(), socket.getfqdn()}
    names |= {url_host(a) for a in addresses}
    return sorted(n.lower() for n in names if n and not is_wildcard(n.strip("[]")))


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a busy port is one line, not uvicorn's traceback."""
    host = bind_host(host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise JournalError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.listen(BACKLOG)
    sock.setblocking(False)
    return sock


def file_limit(wanted: int) -> int:
    """How many files this process may open, raised towards ``wanted`` where the system lets
    it (POSIX ``RLIMIT_NOFILE``; elsewhere ``wanted`` is taken as it is)."""
    if sys.platform == "win32":
        return wanted
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return wanted if soft == resource.RLIM_INFINITY else soft


def print_urls(out: TextIO, hosts: list[str], port: int, tokens: Tokens | None) -> None:
    """The pages' URLs, one per host the server is reached by, with the token that opens each."""
    for kind in PAGE_KINDS:
        query = "" if tokens is None else f"?token={tokens.of(kind)}"
        for index, name in enumerate(hosts):
            label = f"{kind}:".ljust(7) if index == 0 else " " * 7
            print(f"{label}http://{name}:{port}/{kind}{query}", file=out, flush=True)
    print(
        f"light theme: add {'&' if tokens else '?'}theme=light; ctrl+c stops", file=out, flush=True
    )


def serve(
    journal: Path,
    *,
    host: str,
    port: int,
    max_streams: int = DEFAULT_MAX_STREAMS,
    max_client_streams: int = DEFAULT_CLIENT_STREAMS,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
    out: TextIO | None = None,
) -> int:
    """Serve ``/chair`` and ``/room`` for ``journal`` until interrupted."""
    import logging

    import uvicorn

    from facilitator.web.app import SECURITY_HEADERS, Tokens, make_app
    from facilitator.web.guard import Guard, guarded_protocol

    out = out or sys.stdout
    if not journal.is_file():  # say it once here, not on every page that connects
        raise JournalError(f"{journal}: no such journal")
    if not 0 <= port <= 65535:
        raise JournalError(f"--port {port}: not a port (0 to 65535)")
    tokens = Tokens.new() if needs_token(host) else None
    sock = listen(host, port)
    port = sock.getsockname()[1]
    addresses = machine_addresses() if tokens is not None else []
    app = make_app(
        journal,
        tokens=tokens,
        allowed_hosts=allowed_hosts(host, addresses),
        max_streams=max_streams,
        max_client_streams=max_client_streams,
    )
    wanted = max_streams + EXTRA_CONNECTIONS
    total = max(8, min(wanted, file_limit(wanted + BACKLOG + SPARE_FILES) - BACKLOG - SPARE_FILES))
    guard = Guard(
        total=total,
        per_client=max_client_streams + CLIENT_EXTRA_CONNECTIONS,
        header_timeout=header_timeout,
    )
    if tokens is not None:
        print(
            f"warning: serving {journal.name} on {bind_host(host)}, beyond this machine: anyone "
            "on the network who has the chair URL with its token can read the chair's script "
            "(the room URL's token opens /room only); the tokens change with every run",
            file=sys.stderr,
            flush=True,
        )
    if total < wanted:
        print(
            f"warning: the file limit allows {total} connections at once, not {wanted}",
            file=sys.stderr,
            flush=True,
        )
    print_urls(out, url_hosts(host, addresses), port, tokens)
    config = uvicorn.Config(
        app,
        http=guarded_protocol(guard),
        ws="none",
        log_level="warning",
        timeout_graceful_shutdown=1,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=8 * 1024,
        backlog=BACKLOG,
        access_log=False,
        proxy_headers=False,  # the client's own address counts, never a header it sends
        server_header=False,
        headers=list(SECURITY_HEADERS),
        lifespan="on",
    )
    logging.getLogger("uvicorn.error").addFilter(guard.log_filter)
    hub = app.state.hub

    class DisplayServer(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            guard.watch_loop()
            await super().startup(sockets)

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            hub.close()  # end the streams first: uvicorn waits for open responses
            await super().shutdown(sockets)
            guard.tally.flush()

    DisplayServer(config).run(sockets=[sock])
    return 0

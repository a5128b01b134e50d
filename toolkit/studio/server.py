"""Binding the studio's socket and running it with uvicorn."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from typing import TYPE_CHECKING, Any

from toolkit.errors import UserError
from toolkit.studio.app import StudioConfig, create_app

if TYPE_CHECKING:
    import uvicorn

LOOPBACK = "127.0.0.1"
WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_names(host: str) -> tuple[str, ...]:
    """The ``Host`` header names that reach a server bound to ``host`` (besides loopback's)."""
    if host in WILDCARDS:
        return ()
    return (f"[{host}]",) if ":" in host else (host,)


def bind(host: str = LOOPBACK, port: int = 0) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: any free port).

    Raises:
        UserError: when the port is taken or the address cannot be used.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UserError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
            "choose another --port, or --port 0 for any free one"
        ) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


IDLE_SECONDS = 5
"""A connection that sends nothing for this long is closed, from its first moment."""


def _idle_limited_protocol() -> type:
    """uvicorn's HTTP/1.1 protocol, closing a connection that sends nothing within
    :data:`IDLE_SECONDS` of opening, as it already does between two requests.

    Without this, a connection that never sends a request stays open for good, and a few
    dozen of them (anything that can reach the port) kept everyone else out.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol  # lazy: uvicorn only to serve

    class IdleLimitedProtocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            # uvicorn's own keep-alive timer, started at once instead of after a reply; with
            # another uvicorn that lacks these names, idle connections live as it decides
            with contextlib.suppress(AttributeError):
                self.timeout_keep_alive_task = self.loop.call_later(
                    self.timeout_keep_alive, self.timeout_keep_alive_handler
                )

    return IdleLimitedProtocol


def make_server(config: StudioConfig) -> uvicorn.Server:
    """A uvicorn server for the studio (quiet: no access log, no server header).

    Idle connections are closed after :data:`IDLE_SECONDS`; requests in flight are limited
    by the app (:data:`toolkit.studio.app.MAX_IN_FLIGHT`), not connections, so connections
    that do nothing cannot crowd out the person using the studio.
    """
    import uvicorn  # lazy: only the serve command needs the server

    settings = uvicorn.Config(
        create_app(config),
        http=_idle_limited_protocol(),
        lifespan="off",
        log_level="warning",
        access_log=False,
        proxy_headers=False,
        server_header=False,
        date_header=False,
        timeout_keep_alive=IDLE_SECONDS,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(settings)


def serve_socket(config: StudioConfig, sock: socket.socket) -> None:
    """Serve the studio on an already bound socket until interrupted."""
    make_server(config).run(sockets=[sock])

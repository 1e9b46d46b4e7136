"""Serving with uvicorn: in the foreground (the CLI) or in a thread (tests, the pytest plugin).

The protocol is uvicorn's own, extended to hand the connection's transport to the app, so the
fault choke point can reset a connection or cut a body short.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from kcc_mock.http.exchange import TRANSPORT


class TransportAwareProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's HTTP protocol, putting the transport into each request's scope extensions."""

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)
        inner: Callable[[Scope, Receive, Send], Any] = self.app  # type: ignore[has-type]

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            scope["extensions"] = {**(scope.get("extensions") or {}), TRANSPORT: transport}
            await inner(scope, receive, send)

        self.app = app


def config(app: ASGIApp, host: str, port: int, access_log: bool = False) -> uvicorn.Config:
    """uvicorn settings shared by the CLI and the threaded server; `access_log` logs every request."""
    settings = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=TransportAwareProtocol,
        log_level="warning",
        lifespan="off",
        access_log=access_log,
        # An idle server stops at once on SIGTERM; open connections get a second to finish.
        timeout_graceful_shutdown=1,
    )
    if access_log:  # only the access lines: uvicorn's own start-up chatter stays at warning level
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    return settings


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class ThreadedServer:
    """uvicorn in a background thread, for tests that need a real socket."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.server = uvicorn.Server(config(app, self.host, self.port))
        self.thread = threading.Thread(target=self.server.run, name=f"kcc-mock:{self.port}", daemon=True)

    def start(self, timeout: float = 10.0) -> ThreadedServer:
        """Start serving and wait until the socket accepts connections."""
        self.thread.start()
        for _ in range(int(timeout / 0.01)):
            if self.server.started:
                return self
            if not self.thread.is_alive():
                break
            threading.Event().wait(0.01)
        raise RuntimeError(f"kcc-mock did not start on {self.host}:{self.port}")

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

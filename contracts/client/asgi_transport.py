"""An httpx transport that drives an ASGI app in-process, synchronously, through its full HTTP stack."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

CLIENT = ("127.0.0.1", 50000)  # a loopback peer, as a local client would be


class SyncASGITransport(httpx.BaseTransport):
    """Sends each request through the ASGI app on a private event loop.

    Unlike httpx's async-only ASGITransport it honours the request's read timeout (so a hanging
    app reads as a timeout), turns a connection reset raised by the app into the error a network
    client would see, and does not probe for trio on every request (a failing import each time).
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.runner = asyncio.Runner()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run one request to completion."""
        timeout = (request.extensions.get("timeout") or {}).get("read")
        try:
            return self.runner.run(asyncio.wait_for(self._exchange(request), timeout))
        except TimeoutError as error:
            raise httpx.ReadTimeout("the provider did not answer in time", request=request) from error
        except ConnectionResetError as error:
            raise httpx.RemoteProtocolError("the provider dropped the connection", request=request) from error

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(key.lower(), value) for key, value in request.headers.raw],
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?")[0],
            "query_string": url.query,
            "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
            "client": CLIENT,
            "root_path": "",
        }
        body = request.read()
        delivered = False
        complete = asyncio.Event()
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await complete.wait()  # the client stays connected until the answer is complete
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    complete.set()

        await self.app(scope, receive, send)
        return httpx.Response(start.get("status", 500), headers=start.get("headers", []), content=b"".join(chunks))

    def close(self) -> None:
        """Close the event loop."""
        self.runner.close()

"""The saga's provider client over HTTP, with httpx: any Klantinteracties API, by URL and token."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from kcc_mock.consumer.saga import Reply, Unreachable


class HttpxProvider:
    """`UpdatingClient` over httpx; timeouts and dropped connections raise `Unreachable`."""

    def __init__(
        self, base_url: str, token: str, timeout: float = 5.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        self.http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport)

    def get(self, path: str, params: Mapping[str, str]) -> Reply:
        """GET a path with query parameters."""
        return self._send("GET", path, params=dict(params))

    def post(self, path: str, body: Mapping[str, Any]) -> Reply:
        """POST a JSON body."""
        return self._send("POST", path, json=dict(body))

    def delete(self, path: str) -> Reply:
        """DELETE a path."""
        return self._send("DELETE", path)

    def patch(self, path: str, body: Mapping[str, Any]) -> Reply:
        """PATCH a JSON body."""
        return self._send("PATCH", path, json=dict(body))

    def close(self) -> None:
        """Close the connections."""
        self.http.close()

    def __enter__(self) -> HttpxProvider:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _send(self, method: str, path: str, **options: Any) -> Reply:
        try:
            response = self.http.request(method, path, **options)
        except httpx.TimeoutException as error:
            raise Unreachable("timeout", f"{method} {path}") from error
        except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError) as error:
            raise Unreachable("reset", f"{method} {path}: {error}") from error
        except httpx.TransportError as error:
            raise Unreachable("connection", f"{method} {path}: {error}") from error
        return _reply(response)


def _reply(response: httpx.Response) -> Reply:
    body, malformed = None, False
    if response.content:
        try:
            body = json.loads(response.content)
        except ValueError:
            malformed = True
    retry_after = response.headers.get("Retry-After", "")
    return Reply(response.status_code, body, malformed, float(retry_after) if retry_after.isdigit() else None)

"""The target seam: one small client that talks to an in-process mock or to a provider by URL.

Whatever the transport, every call comes back as an `Exchange`, the token masked, so it can be
shown as evidence.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from contracts.client.asgi_transport import SyncASGITransport
from contracts.client.evidence import Exchange
from contracts.client.faults import AdminFaultSwitch, FaultSwitch, MockFaultSwitch
from kcc_mock import __version__
from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app

IN_PROCESS_ORIGIN = "http://kcc-mock.in-process"
API_PATH = "/klantinteracties/api/v1"
TIMEOUT = 30.0  # seconds; a certification run waits for slow providers rather than failing them
Auth = bool | str  # True: the target's token; False: no header; a string: that exact header value


class Target:
    """A provider under certification: where it is, how to authenticate, and a transport."""

    def __init__(
        self,
        base_url: str,
        token: str,
        transport: httpx.BaseTransport | None = None,
        *,
        description: str | None = None,
        faults: FaultSwitch | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.description = description or self.base_url
        self.faults = faults
        self.client = httpx.Client(transport=transport, timeout=TIMEOUT, follow_redirects=False)
        self._numbers = 0

    @classmethod
    def in_process(
        cls,
        app: MockApp | None = None,
        *,
        faults: FaultSwitch | None = None,
        fault_injection: bool = True,
        api_version: str | None = None,
    ) -> Target:
        """The mock, served in-process through its whole HTTP stack; its fault plan is the fault switch
        unless another switch is given (or `fault_injection` is off)."""
        app = app or create_app(Settings(api_version=api_version))
        if faults is None and fault_injection:
            faults = MockFaultSwitch(app.faults)
        return cls(
            IN_PROCESS_ORIGIN + API_PATH,
            app.settings.token,
            SyncASGITransport(app),
            description=f"in-process kcc-mock {__version__}",
            faults=faults,
        )

    @classmethod
    def from_url(cls, base_url: str, token: str, *, mock_admin: bool = False) -> Target:
        """A provider reached over the network at its API base URL (`.../klantinteracties/api/v1`).

        `mock_admin` says the provider is a served kcc-mock: its admin API (`/_mock` on the same
        host) then serves as the fault switch.
        """
        target = cls(base_url, token)
        if mock_admin:
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(target.base_url))
            target.faults = AdminFaultSwitch(target.client, origin + "/_mock", token)
        return target

    def send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: Auth = True,
        timeout: float | None = None,
        provoked: bool = False,
    ) -> Exchange:
        """Send one request (`path` relative to the base URL) and return the exchange.

        `provoked` marks a request a fault was installed for: its answer is outside the spec on purpose.
        """
        sent_headers = {"Accept": "application/json"}
        if auth is True:
            sent_headers["Authorization"] = f"Token {self.token}"
        elif auth:
            sent_headers["Authorization"] = auth
        if json is not None:
            content = jsonlib.dumps(json).encode()
            sent_headers["Content-Type"] = "application/json"
        sent_headers.update(headers or {})
        request = self.client.build_request(
            method,
            self.base_url + path,
            content=content,
            params=params,
            headers=sent_headers,
            timeout=timeout if timeout is not None else TIMEOUT,
        )
        self._numbers += 1
        exchange = Exchange(
            self._numbers,
            method,
            str(request.url),
            {key: self._masked(value) if key == "Authorization" else value for key, value in sent_headers.items()},
            content or b"",
            provoked=provoked,
        )
        try:
            response = self.client.send(request)
        except httpx.TransportError as error:
            exchange.error = f"{type(error).__name__}: {error}"
        else:
            exchange.status = response.status_code
            exchange.response_headers = dict(response.headers)
            exchange.response_body = response.content
        return exchange

    def relative(self, url: str) -> str | None:
        """The path of a URL below the base URL, or None when it lies elsewhere."""
        return url[len(self.base_url) :] if url.startswith(self.base_url + "/") else None

    def close(self) -> None:
        """Release the connection pool (the client also closes the in-process event loop)."""
        self.client.close()

    def _masked(self, value: str) -> str:
        """The Authorization value with the target's token replaced: reports are handed to others."""
        return value.replace(self.token, "<TOKEN>") if self.token else value

"""The choke point: every API exchange is journaled here, and faults are applied here only.

Connection-level effects (reset, truncated body) need the socket: `transport.py` hands uvicorn's
transport to the app through the scope. In-process (no socket) a reset raises FaultReset.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kcc_mock.http import problems
from kcc_mock.http.gateway import Routes, header, origin, set_headers
from kcc_mock.observe.faults import Call, Fault, FaultPlan, FaultPlanError, parse_header
from kcc_mock.observe.journal import Entry, Journal, parse_json
from kcc_mock.provider.errors import FieldError
from kcc_mock.provider.operations import random_uuid

TRANSPORT = "kcc_mock.transport"
FAULT_HEADER = "x-mock-fault"
_FAULT_TITLES = {
    401: ("NotAuthenticated", "not_authenticated", "Authenticatiegegevens zijn niet opgegeven."),
    403: ("PermissionDenied", "permission_denied", "U heeft geen toestemming om deze actie uit te voeren."),
    404: ("NotFound", "not_found", "Niet gevonden."),
    409: ("Conflict", "conflict", "Er is een conflict opgetreden."),
    429: ("Throttled", "throttled", "Verzoek is afgeknepen."),
    500: ("APIException", "error", "Er is een serverfout opgetreden."),
    502: ("BadGateway", "bad_gateway", "Ongeldig antwoord van een achterliggende dienst."),
    503: ("ServiceUnavailable", "service_unavailable", "Dienst tijdelijk niet beschikbaar, probeer het later opnieuw."),
    504: ("GatewayTimeout", "gateway_timeout", "Een achterliggende dienst antwoordde niet op tijd."),
}


class FaultReset(ConnectionResetError):
    """Raised in-process where a real server would reset the connection."""


@dataclass
class _Captured:
    """A response as the app produced it."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""
    started: bool = False


class Exchange:
    """ASGI middleware around the API: correlation ids, the journal and the fault plan."""

    def __init__(
        self,
        app: ASGIApp,
        routes: Routes,
        plan: FaultPlan,
        journal: Journal,
        hang_seconds: float = 300.0,
        max_body_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.routes = routes
        self.plan = plan
        self.journal = journal
        self.hang_seconds = hang_seconds
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.routes.is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        started, arrived, sequence = time.perf_counter(), time.time(), self.journal.next_sequence()
        run = self.journal.run  # the run the call arrived in, even if it ends after the next began
        body = await _read_body(receive, self.max_body_bytes, _content_length(scope))
        correlation = header(scope, "x-request-id") or random_uuid()
        route = self.routes.match(scope["path"])
        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        operation = route.operations.get(method) if route else None
        relative = scope["path"][len(self.routes.base) :]
        out = _Recorder(send, correlation)
        fault: Fault | None = None
        try:
            if body is None:
                await _too_large(scope, self.max_body_bytes or 0, self.routes.version)(scope, receive, out.send)
                return
            fault = self._decide(scope, operation, relative, body)
            await self._serve(fault, scope, _replay(body, receive), out)
        except FaultPlanError as error:
            invalid = [FieldError("X-Mock-Fault", "invalid", str(error))]
            bad = problems.problem_body(
                origin(scope), "ValidationError", 400, "invalid", "Ongeldige invoerwaarde.", invalid=invalid
            )
            await problems.problem_response(bad, version=self.routes.version)(scope, receive, out.send)
        finally:
            self.journal.append(
                Entry(
                    sequence=sequence,
                    arrived=arrived,
                    method=scope["method"],
                    path=relative,
                    query_string=scope.get("query_string", b""),
                    request_content=body if body is not None else b"",
                    status=out.captured.status or None,
                    response_content=out.captured.body,
                    operation=operation,
                    correlation_id=correlation,
                    fault=fault.to_dict() if fault else None,
                    committed=out.committed,
                    duration_ms=round((time.perf_counter() - started) * 1000, 3),
                    raw_request_headers=tuple(scope["headers"]),
                    raw_response_headers=out.captured.headers,
                    run=run,
                )
            )

    def _decide(self, scope: Scope, operation: str | None, path: str, body: bytes) -> Fault | None:
        requested = header(scope, FAULT_HEADER)
        if requested is not None:
            return self.plan.header_fault(parse_header(requested))
        if not self.plan.rules:
            return None
        # Only a rule can look into the body (the journal parses its own copy when it is read).
        return self.plan.decide(Call(operation, scope["method"], path, parse_json(body)))

    async def _serve(self, fault: Fault | None, scope: Scope, receive: Receive, out: _Recorder) -> None:
        if fault is None:
            await self.app(scope, receive, out.send)
            return
        effect = fault.effect
        if effect.kind == "status":
            await _fault_response(scope, fault, self.routes.version)(scope, receive, out.send)
        elif effect.kind == "delay":
            await asyncio.sleep(fault.delay_ms / 1000)
            await self.app(scope, receive, out.send)
        elif effect.kind == "hang":
            await self._hang(scope, receive)
        elif effect.kind == "reset":
            await _reset(scope, receive)
        elif effect.kind in ("truncate", "malformed"):
            captured = await _capture(self.app, scope, receive)
            await _deliver_damaged(scope, receive, captured, out, truncate=effect.kind == "truncate")
        else:
            captured = await _capture(self.app, scope, receive)
            out.committed = {"status": captured.status, "body": parse_json(captured.body)}
            await self._fail_after_commit(fault, scope, receive, out)

    async def _fail_after_commit(self, fault: Fault, scope: Scope, receive: Receive, out: _Recorder) -> None:
        then = fault.effect.then
        if then == "status":
            await _fault_response(scope, fault, self.routes.version)(scope, receive, out.send)
        elif then == "hang":
            await self._hang(scope, receive)
        else:
            await _reset(scope, receive)

    async def _hang(self, scope: Scope, receive: Receive) -> None:
        """Answer nothing until the client gives up (or the hang limit passes, then reset)."""
        try:
            await asyncio.wait_for(_disconnected(receive), timeout=self.hang_seconds)
        except TimeoutError:
            await _reset(scope, receive)


class _Recorder:
    """Passes a response on, adding X-Request-ID, and keeps a copy for the journal."""

    def __init__(self, send: Send, correlation: str) -> None:
        self._send = send
        self.correlation = correlation
        self.captured = _Captured()
        self.committed: dict[str, Any] | None = None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            set_headers(message, {b"x-request-id": self.correlation.encode("latin-1")})
            self.captured.status = message["status"]
            self.captured.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.captured.body += message.get("body", b"")
        await self._send(message)


def _fault_response(scope: Scope, fault: Fault, version: str) -> Any:
    effect = fault.effect
    status = effect.status or 500
    here = origin(scope)
    reason = f"Gesimuleerde fout van kcc-mock (regel {fault.rule})."
    if status == 400:
        invalid = [FieldError("nonFieldErrors", "invalid", reason)]
        body = problems.problem_body(
            here, "ValidationError", 400, "invalid", "Ongeldige invoerwaarde.", invalid=invalid
        )
    else:
        exception, code, title = _FAULT_TITLES[status]
        body = problems.problem_body(here, exception, status, code, title, reason)
    headers = {"X-Mock-Fault": fault.rule}
    if effect.retry_after is not None:
        headers["Retry-After"] = str(effect.retry_after)
    if status == 401:
        headers["WWW-Authenticate"] = "Token"
    return problems.problem_response(body, version=version, **headers)


async def _deliver_damaged(scope: Scope, receive: Receive, captured: _Captured, out: _Recorder, truncate: bool) -> None:
    """Send the real status and headers with half the body: cut off (truncate) or as broken JSON."""
    half = captured.body[: max(1, len(captured.body) // 2)]
    headers = MutableHeaders(raw=list(captured.headers))
    if not truncate:
        headers["content-length"] = str(len(half))
    await out.send({"type": "http.response.start", "status": captured.status, "headers": headers.raw})
    await out.send({"type": "http.response.body", "body": half, "more_body": truncate})
    if truncate:
        await _reset(scope, receive, graceful=True)


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> _Captured:
    captured = _Captured()

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured.status, captured.headers, captured.started = message["status"], list(message["headers"]), True
        elif message["type"] == "http.response.body":
            captured.body += message.get("body", b"")

    await app(scope, receive, keep)
    return captured


async def _reset(scope: Scope, receive: Receive, graceful: bool = False) -> None:
    """Drop the client's connection and wait until the server sees it.

    A reset sends RST (the client gets ECONNRESET); a graceful close sends FIN, so a client that
    was promised more body reads an incomplete message.
    """
    transport = scope.get("extensions", {}).get(TRANSPORT)
    if transport is None:  # in-process there is no connection to drop: the call fails instead
        raise FaultReset("kcc-mock fault: connection " + ("closed mid-body" if graceful else "reset"))
    if graceful:
        transport.close()
    else:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(_disconnected(receive), timeout=1)


async def _read_body(receive: Receive, limit: int | None, declared: int | None) -> bytes | None:
    """The request body; None, without reading (the rest of) it, when it is larger than `limit`."""
    if limit is not None and declared is not None and declared > limit:
        return None
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _content_length(scope: Scope) -> int | None:
    declared = header(scope, "content-length")
    return int(declared) if declared is not None and declared.isdigit() else None


def _too_large(scope: Scope, limit: int, version: str) -> Any:
    """413 in the API's error shape; the body is left unread (the server closes the connection)."""
    title = "Het verzoek is te groot."
    detail = f"De body van een verzoek is hooguit {limit} bytes (kcc-mock --max-body-bytes)."
    body = problems.problem_body(origin(scope), "RequestTooLarge", 413, "request_too_large", title, detail)
    return problems.problem_response(body, version=version, Connection="close")


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass

"""Wire-level plantings: ASGI wrappers around the mock that rewrite its requests or its responses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kcc_mock.config import DEFAULT_TOKEN

Headers = list[tuple[bytes, bytes]]
Rewrite = Callable[[Scope, int, Headers, bytes], tuple[int, Headers, bytes]]


# Wire-level plantings


class RewriteResponses:
    """ASGI middleware that hands every complete API response to a rewrite function."""

    def __init__(self, app: ASGIApp, rewrite: Rewrite) -> None:
        self.app = app
        self.rewrite = rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        status, headers, body = self.rewrite(scope, start["status"], list(start.get("headers", [])), b"".join(chunks))
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class RewriteRequests:
    """ASGI middleware that changes the scope of every request before the mock sees it."""

    def __init__(self, app: ASGIApp, change: Callable[[Scope], Scope]) -> None:
        self.app = app
        self.change = change

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(self.change(scope) if scope["type"] == "http" else scope, receive, send)


def _error_body(body: bytes) -> dict[str, Any] | None:
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) and "code" in parsed and "status" in parsed else None


def problem_json(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Errors as RFC 7807 problem+json, as the brief's invariant 11 words it (Open Klant sends application/json)."""
    if status >= 400 and _error_body(body) is not None:
        headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
        headers.append((b"content-type", b"application/problem+json"))
    return status, headers, body


def bare_errors(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Error bodies without `type` and `instance`, as a provider without the VNG error handler answers."""
    error = _error_body(body) if status >= 400 else None
    if error is None:
        return status, headers, body
    return status, headers, json.dumps({k: v for k, v in error.items() if k not in ("type", "instance")}).encode()


def server_error_on_unknown_reference(
    scope: Scope, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A 500 where a reference to an unknown object should be a 400 (an unhandled DoesNotExist)."""
    error = _error_body(body) if status == 400 else None
    params = (error or {}).get("invalidParams") or []
    if not any(str(p.get("reason", "")).endswith("object bestaat niet.") for p in params):
        return status, headers, body
    crash = {
        "type": "http://kcc-mock.in-process/ref/fouten/APIException/",
        "code": "error",
        "title": "Er is een serverfout opgetreden.",
        "status": 500,
        "detail": "Er is een serverfout opgetreden.",
        "instance": "urn:uuid:00000000-0000-4000-8000-000000000500",
    }
    return 500, headers, json.dumps(crash).encode()


def repeated_delete_succeeds(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """DELETE of something already gone answers 204 ("idempotent" deletes)."""
    if scope["method"] == "DELETE" and status == 404:
        return 204, [(k, v) for k, v in headers if k.lower() != b"content-type"], b""
    return status, headers, body


def no_location(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """201 answers without a Location header."""
    return status, [(k, v) for k, v in headers if k.lower() != b"location"], body


def first_error_only(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """A 400 names only the first invalid field (as Connexion's own validator does)."""
    error = _error_body(body) if status == 400 else None
    if error is None or len(error.get("invalidParams") or []) < 2:
        return status, headers, body
    return status, headers, json.dumps({**error, "invalidParams": error["invalidParams"][:1]}).encode()


def creates_answer_200(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Every create answers 200 instead of 201 (the object is stored all the same)."""
    return (200 if scope["method"] == "POST" and status == 201 else status), headers, body


def partij_without_identificatoren(
    scope: Scope, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A partij is answered without its `partijIdentificatoren` (created, read or listed)."""
    if "/partijen" not in scope.get("path", "") or status >= 300 or not body:
        return status, headers, body
    answer = json.loads(body)
    for item in answer.get("results", [answer]) if isinstance(answer, dict) else ():
        if isinstance(item, dict):
            item.pop("partijIdentificatoren", None)
    return status, headers, json.dumps(answer).encode()


def identificator_without_location(
    scope: Scope, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A created partij-identificator is answered without its Location header."""
    if scope["method"] == "POST" and scope.get("path", "").endswith("/partij-identificatoren"):
        return no_location(scope, status, headers, body)
    return status, headers, body


class StoresPartijenOfUnknownTokens:
    """POST /partijen with a token the provider does not know stores the partij, then answers 401."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = f"Token {DEFAULT_TOKEN}".encode()
        sent = dict(scope.get("headers", [])).get(b"authorization", b"") if scope["type"] == "http" else b""
        writes = scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/partijen")
        if not writes or not sent.startswith(b"Token ") or sent == token:
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"] + [(b"authorization", token)]

        async def discard(message: Message) -> None:
            pass

        await self.app({**scope, "headers": headers}, receive, discard)
        refusal = {
            "type": "http://kcc-mock.in-process/ref/fouten/AuthenticationFailed/",
            "code": "authentication_failed",
            "title": "Ongeldige authenticatiegegevens.",
            "status": 401,
            "detail": "Ongeldige token.",
            "instance": "urn:uuid:00000000-0000-4000-8000-000000000401",
        }
        answer = [(b"content-type", b"application/json"), (b"www-authenticate", b"Token"), (b"api-version", b"0.9.0")]
        await send({"type": "http.response.start", "status": 401, "headers": answer})
        await send({"type": "http.response.body", "body": json.dumps(refusal).encode()})


class PretendsToDeleteContacts:
    """DELETE of a klantcontact answers 204 and deletes nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if scope["type"] == "http" and scope["method"] == "DELETE" and "/klantcontacten/" in path:
            await send({"type": "http.response.start", "status": 204, "headers": [(b"api-version", b"0.9.0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def anonymous_reads(scope: Scope) -> Scope:
    """GET without a token is let through, as if reads were public."""
    headers = list(scope.get("headers", []))
    if scope["method"] == "GET" and not any(k.lower() == b"authorization" for k, _ in headers):
        headers.append((b"authorization", f"Token {DEFAULT_TOKEN}".encode()))
    return {**scope, "headers": headers}

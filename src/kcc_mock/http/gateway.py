"""The gate in front of the API: content negotiation, authentication, methods and common headers.

It answers in the order Django REST framework does (406, then 401, then 405), so a request
without a token gets 401 before its body is looked at.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kcc_mock.http import problems
from kcc_mock.provider.errors import NotFound
from kcc_mock.provider.spec import Spec

_ACCEPTABLE = {"*/*", "application/*", "application/json"}
_WRITES = {"POST", "PUT", "PATCH"}
_BODILESS = {"GET", "HEAD", "DELETE"}
# Django's 404 for a path no URL pattern matches is an HTML page (Open Klant's site template).
_NOT_FOUND_PAGE = (
    "<!DOCTYPE html>\n<html><body><h1>Not Found</h1><p>The requested resource was not found.</p></body></html>\n"
)


@dataclass(frozen=True)
class Route:
    """A path of the API and the methods it serves."""

    pattern: re.Pattern[str]
    operations: dict[str, str]  # method -> operationId
    name: str
    label: str
    version: str  # the API-version header

    @cached_property
    def methods(self) -> frozenset[str]:
        """The methods the spec declares on this path."""
        return frozenset(self.operations)

    @cached_property
    def allow(self) -> str:
        """The `Allow` header Open Klant sends for this path."""
        order = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
        offered = self.methods | ({"HEAD"} if "GET" in self.methods else set()) | {"OPTIONS"}
        return ", ".join(method for method in order if method in offered)

    @cached_property
    def headers(self) -> dict[bytes, bytes]:
        """`API-version` and `Allow`, which every answer on this path carries."""
        return {b"api-version": self.version.encode("latin-1"), b"allow": self.allow.encode("latin-1")}


class Routes:
    """The API's paths, compiled from the spec."""

    def __init__(self, spec: Spec, models: dict[str, str]) -> None:
        self.base = spec.base_path
        self.version = spec.version
        self.routes: list[Route] = []
        self._by_name: dict[str, list[Route]] = {}  # a path's first segment names its routes
        self._last: tuple[str, Route | None] = ("", None)
        for path, item in spec.document["paths"].items():
            regex = "^" + re.escape(self.base + path).replace(re.escape("{uuid}"), "[^/]+") + "$"
            methods = ("get", "post", "put", "patch", "delete")
            operations = {m.upper(): item[m]["operationId"] for m in methods if m in item}
            name = path.strip("/").split("/")[0]
            model = models.get(name, name)
            label = f"{model} {'Instance' if path.endswith('{uuid}') else 'List'}"
            route = Route(re.compile(regex), operations, name, label, spec.version)
            self.routes.append(route)
            self._by_name.setdefault(name, []).append(route)

    def is_api(self, path: str) -> bool:
        """Tell whether a path addresses the API (as opposed to the docs or the admin)."""
        return self._collection(path) in self._by_name

    def match(self, path: str) -> Route | None:
        """The route of a path, or None (a trailing slash matches nothing, as in Open Klant)."""
        last_path, last_route = self._last
        if path == last_path:  # the exchange, the gateway and the dispatcher ask in turn
            return last_route
        candidates = self._by_name.get(self._collection(path), ())
        route = next((route for route in candidates if route.pattern.match(path)), None)
        self._last = (path, route)
        return route

    def _collection(self, path: str) -> str:
        if not path.startswith(self.base + "/"):
            return ""  # no collection has an empty name
        return path[len(self.base) + 1 :].split("/", 1)[0]


def header(scope: Scope, name: str) -> str | None:
    """The first value of a header (`name` in lower case), as Starlette's `Headers.get` reads it.

    Without building a `Headers`, which copies the list, and without its KeyError for a missing one.
    """
    wanted = name.encode("latin-1")
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for key, value in headers:
        if key == wanted:
            return value.decode("latin-1")
    return None


def origin(scope: Scope) -> str:
    """Scheme and host the client used, honouring `X-Forwarded-Host` as Open Klant does."""
    host = header(scope, "x-forwarded-host") or header(scope, "host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host.split(',')[0].strip()}"


class Gateway:
    """ASGI middleware that guards the API paths and adds `API-version` and `Allow`."""

    def __init__(
        self, app: ASGIApp, routes: Routes, token: str, descriptions: dict[str, str], admin_prefix: str = "/_mock"
    ) -> None:
        self.app = app
        self.routes = routes
        self.token = token.encode()
        self.descriptions = descriptions
        self.admin_prefix = admin_prefix
        api, version = routes.base.rsplit("/v", 1)
        self._versions = re.compile(rf"{re.escape(api)}/v(?!{version}/)\d+(?P<rest>/.*)\Z")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not self.routes.is_api(path):
            if path == self.admin_prefix or path.startswith(self.admin_prefix + "/"):
                await self.app(scope, receive, send)
                return
            other = self._other_version(scope)
            if other is not None:
                await other(scope, receive, send)
                return
            # The docs are Connexion's; whatever it does not serve is Django's HTML 404, as in Open Klant.
            await self.app(scope, receive, _html_not_found(send))
            return
        route = self.routes.match(path)
        if route is None:
            await HTMLResponse(_NOT_FOUND_PAGE, status_code=404)(scope, receive, send)
            return
        refusal = self._refusal(scope, route)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if "\n" in scope["path"]:
            # Connexion mounts the API on `base/(?P<path>.*)`, whose `.` stops at a newline, and would
            # answer its own problem+json 404; no object has such an id, so answer Open Klant's 404.
            body = problems.from_error(origin(scope), NotFound())
            await problems.problem_response(body, route.allow, version=route.version)(scope, receive, send)
            return
        if scope["method"] in _BODILESS:
            # Open Klant never reads a body here, so its Content-Type is irrelevant; Connexion would
            # parse a multipart one anyway and answer 400 for a missing boundary.
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"content-type"]}
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        await self.app(scope, receive, _with_headers(send, route.headers))

    def _other_version(self, scope: Scope) -> Response | None:
        """Open Klant's JSON 404 for an API path under another version (`/api/v2/...`), without API-version."""
        found = self._versions.match(scope["path"])
        if found is None:
            return None
        route = self.routes.match(self.routes.base + found["rest"])
        if route is None:
            return None
        body = problems.from_error(origin(scope), NotFound("Ongeldige versie in URL-pad."))
        return Response(problems.dumps(body), status_code=404, media_type=problems.JSON, headers={"Allow": route.allow})

    def _refusal(self, scope: Scope, route: Route) -> Response | None:
        if not _accepts_json(header(scope, "accept") or ""):
            return problems.problem_response(problems.not_acceptable(origin(scope)), route.allow, version=route.version)
        failure = self._authentication_failure(header(scope, "authorization"), scope)
        if failure is not None:
            return problems.problem_response(
                failure, route.allow, version=route.version, **{"WWW-Authenticate": "Token"}
            )
        method = scope["method"]
        if method == "OPTIONS":
            return _options(route, self.descriptions.get(route.name, ""))
        if method not in route.methods and not (method == "HEAD" and "GET" in route.methods):
            return problems.problem_response(
                problems.method_not_allowed(origin(scope), method), route.allow, version=route.version
            )
        content_type = header(scope, "content-type")
        if method in _WRITES and content_type and _media_type(content_type) != problems.JSON:
            # Refused here, before Connexion would read a form body the handler then waits for.
            body = problems.unsupported_media_type(origin(scope), content_type)
            return problems.problem_response(body, route.allow, version=route.version)
        return None

    def _authentication_failure(self, authorization: str | None, scope: Scope) -> dict[str, Any] | None:
        parts = (authorization or "").split()
        if not parts or parts[0].lower() != "token":
            return problems.not_authenticated(origin(scope))
        if len(parts) != 2 or not hmac.compare_digest(parts[1].encode(), self.token):
            return problems.authentication_failed(origin(scope))
        return None


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _accepts_json(accept: str) -> bool:
    if not accept.strip():
        return True
    ranges = {part.split(";")[0].strip().lower() for part in accept.split(",")}
    return bool(ranges & _ACCEPTABLE)


def _options(route: Route, description: str) -> Response:
    """DRF's metadata answer, without its per-field `actions` (a documented deviation)."""
    body = {"name": route.label, "description": description, "renders": [problems.JSON], "parses": [problems.JSON]}
    headers = {"API-version": route.version, "Allow": route.allow}
    return Response(problems.dumps(body), media_type=problems.JSON, headers=headers)


def _with_headers(send: Send, values: dict[bytes, bytes]) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            set_headers(message, values)
        await send(message)

    return sender


def set_headers(message: Message, values: dict[bytes, bytes]) -> None:
    """Set headers (lower-case names) on a response start as Starlette's MutableHeaders does.

    The first header of a name takes the value, later ones are dropped and a missing one is
    appended; in one pass for all of them, where MutableHeaders copies the list per header.
    """
    headers: list[tuple[bytes, bytes]] = []
    done: set[bytes] = set()
    for key, value in message["headers"]:
        if key in values:
            if key in done:
                continue
            done.add(key)
            value = values[key]
        headers.append((key, value))
    message["headers"] = headers + [(key, value) for key, value in values.items() if key not in done]


def _html_not_found(send: Send) -> Send:
    """Replace a 404 answer by Django's HTML page; pass any other answer on."""
    replacing = False

    async def sender(message: Message) -> None:
        nonlocal replacing
        if message["type"] == "http.response.start" and message["status"] == 404:
            replacing = True
            body = _NOT_FOUND_PAGE.encode()
            headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 404, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        elif not replacing:
            await send(message)

    return sender


def _without_body(send: Send) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return sender

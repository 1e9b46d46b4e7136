"""The gate in front of the API: content negotiation, authentication, methods and common headers.

It answers in the order Django REST framework does (406, then 401, then 405), so a request
without a token gets 401 before its body is looked at.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import API_VERSION
from ..errors import NotFound
from ..spec import Spec
from . import problems

_ACCEPTABLE = {"*/*", "application/*", "application/json"}
_WRITES = {"POST", "PUT", "PATCH"}
_BODILESS = {"GET", "HEAD", "DELETE"}
_NOT_FOUND_PAGE = (
    "<!DOCTYPE html><html><body><h1>Not Found</h1><p>The requested resource was not found.</p></body></html>"
)


@dataclass(frozen=True)
class Route:
    """A path of the API and the methods it serves."""

    pattern: re.Pattern[str]
    operations: dict[str, str]  # method -> operationId
    name: str
    label: str

    @property
    def methods(self) -> frozenset[str]:
        """The methods the spec declares on this path."""
        return frozenset(self.operations)

    @property
    def allow(self) -> str:
        """The `Allow` header Open Klant sends for this path."""
        order = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
        offered = self.methods | ({"HEAD"} if "GET" in self.methods else set()) | {"OPTIONS"}
        return ", ".join(method for method in order if method in offered)


class Routes:
    """The API's paths, compiled from the spec."""

    def __init__(self, spec: Spec, models: dict[str, str]) -> None:
        self.base = spec.base_path
        self.routes: list[Route] = []
        for path, item in spec.document["paths"].items():
            regex = "^" + re.escape(self.base + path).replace(re.escape("{uuid}"), "[^/]+") + "$"
            methods = ("get", "post", "put", "patch", "delete")
            operations = {m.upper(): item[m]["operationId"] for m in methods if m in item}
            name = path.strip("/").split("/")[0]
            model = models.get(name, name)
            label = f"{model} {'Instance' if path.endswith('{uuid}') else 'List'}"
            self.routes.append(Route(re.compile(regex), operations, name, label))
        self.collections = {route.name for route in self.routes}

    def is_api(self, path: str) -> bool:
        """Tell whether a path addresses the API (as opposed to the docs or the admin)."""
        if not path.startswith(self.base + "/"):
            return False
        return path[len(self.base) + 1 :].split("/", 1)[0] in self.collections

    def match(self, path: str) -> Route | None:
        """The route of a path, or None (a trailing slash matches nothing, as in Open Klant)."""
        return next((route for route in self.routes if route.pattern.match(path)), None)


def origin(scope: Scope) -> str:
    """Scheme and host the client used, honouring `X-Forwarded-Host` as Open Klant does."""
    headers = Headers(scope=scope)
    host = headers.get("x-forwarded-host") or headers.get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host.split(',')[0].strip()}"


class Gateway:
    """ASGI middleware that guards the API paths and adds `API-version` and `Allow`."""

    def __init__(self, app: ASGIApp, routes: Routes, token: str, descriptions: dict[str, str]) -> None:
        self.app = app
        self.routes = routes
        self.token = token.encode()
        self.descriptions = descriptions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.routes.is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        route = self.routes.match(scope["path"])
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
            await problems.problem_response(body, route.allow)(scope, receive, send)
            return
        if scope["method"] in _BODILESS:
            # Open Klant never reads a body here, so its Content-Type is irrelevant; Connexion would
            # parse a multipart one anyway and answer 400 for a missing boundary.
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"content-type"]}
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        await self.app(scope, receive, _with_headers(send, route.allow))

    def _refusal(self, scope: Scope, route: Route) -> Response | None:
        headers = Headers(scope=scope)
        here = origin(scope)
        if not _accepts_json(headers.get("accept", "")):
            return problems.problem_response(problems.not_acceptable(here), route.allow)
        failure = self._authentication_failure(headers.get("authorization"), here)
        if failure is not None:
            return problems.problem_response(failure, route.allow, **{"WWW-Authenticate": "Token"})
        method = scope["method"]
        if method == "OPTIONS":
            return _options(route, self.descriptions.get(route.name, ""))
        if method not in route.methods and not (method == "HEAD" and "GET" in route.methods):
            return problems.problem_response(problems.method_not_allowed(here, method), route.allow)
        content_type = headers.get("content-type")
        if method in _WRITES and content_type and _media_type(content_type) != problems.JSON:
            # Refused here, before Connexion would read a form body the handler then waits for.
            return problems.problem_response(problems.unsupported_media_type(here, content_type), route.allow)
        return None

    def _authentication_failure(self, header: str | None, here: str) -> dict[str, Any] | None:
        parts = (header or "").split()
        if not parts or parts[0].lower() != "token":
            return problems.not_authenticated(here)
        if len(parts) != 2 or not hmac.compare_digest(parts[1].encode(), self.token):
            return problems.authentication_failed(here)
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
    headers = {"API-version": API_VERSION, "Allow": route.allow}
    return Response(problems.dumps(body), media_type=problems.JSON, headers=headers)


def _with_headers(send: Send, allow: str) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers["API-version"] = API_VERSION
            headers["Allow"] = allow
        await send(message)

    return sender


def _without_body(send: Send) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return sender

"""Handlers bound to the spec's operationIds: parse the request, call the provider, map the result."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from connexion import request
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kcc_mock.http import problems
from kcc_mock.http.gateway import Routes, header, origin
from kcc_mock.provider.errors import ParseError, ProviderError
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.spec import Operation, Spec

Handler = Callable[..., Awaitable[Response]]
_WRITES = ("create", "update", "partial_update", "maak_klantcontact")


class Handlers:
    """Resolves every operationId of the spec to a handler over one provider."""

    def __init__(self, spec: Spec, provider: Provider) -> None:
        self.spec = spec
        self.provider = provider
        self.handlers = {op.operation_id: self._bind(op) for op in spec.operations.values()}

    def resolve(self, operation_id: str) -> Handler:
        """The handler of an operationId (Connexion's function resolver)."""
        return self.handlers[operation_id]

    def _bind(self, operation: Operation) -> Handler:
        if operation.path.endswith("{uuid}"):

            async def item_handler(uuid: str) -> Response:
                return await self.handle(operation, request, uuid)

            return item_handler

        async def collection_handler() -> Response:
            return await self.handle(operation, request, None)

        return collection_handler

    async def handle(self, operation: Operation, http: Request, uuid: str | None) -> Response:
        """Serve one request of `operation`."""
        here = origin(http.scope)
        base = here + self.spec.base_path
        try:
            body = await _json_body(http) if operation.action in _WRITES else None
            return self._dispatch(operation, http, uuid, body, base)
        except _Unsupported as unsupported:
            return problems.problem_response(
                problems.unsupported_media_type(here, unsupported.media_type), version=self.spec.version
            )
        except ProviderError as error:
            return problems.problem_response(problems.from_error(here, error), version=self.spec.version)

    def _dispatch(self, operation: Operation, http: Request, uuid: Any, body: Any, base: str) -> Response:
        provider, resource, action = self.provider, operation.resource, operation.action
        if action == "create":
            created = provider.create(resource, body, base)
            return _json(created, 201, {"Location": created["url"]})
        if action in ("update", "partial_update"):
            return _json(provider.update(resource, uuid, body, base, partial=action == "partial_update"))
        if action == "maak_klantcontact":
            return _json(provider.maak_klantcontact(body, base), 201)
        # Only reads and deletes look at the query string. Parsed as Starlette's QueryParams would
        # (parse_qsl of the latin-1 text), straight into lists, without building a multidict first.
        query = parse_qs(http.scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if action == "list":
            return _json(provider.list(resource, query, base))
        if action == "retrieve":
            return _json(provider.retrieve(resource, uuid, query, base))
        if resource == "onderwerpobjecten" and query.get("cascade", [""])[-1].lower() == "true":
            return _json(provider.destroy_onderwerpobject_cascading(uuid, base))
        provider.destroy(resource, uuid)
        return Response(status_code=204)


class _Unsupported(Exception):
    def __init__(self, media_type: str) -> None:
        super().__init__(media_type)
        self.media_type = media_type


async def _json_body(http: Request) -> Any:
    raw = await http.body()
    if not raw:
        return {}  # Open Klant treats an empty body as an empty object
    content_type = header(http.scope, "content-type") or ""
    if content_type.split(";")[0].strip().lower() != problems.JSON:
        raise _Unsupported(content_type)
    try:
        # What json.loads(raw, parse_constant=...) does, without building a decoder per call.
        return _DECODER.decode(raw.decode(json.detect_encoding(raw), "surrogatepass"))
    except (ValueError, RecursionError) as error:
        raise ParseError(f"JSON parse error - {error}") from error


def _reject_constant(name: str) -> Any:
    raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(problems.dumps(body), status_code=status, media_type=problems.JSON, headers=headers)


class Dispatch:
    """Serves the spec's operations straight from the route table; the rest (docs, admin) to Connexion.

    Connexion's routing and its parameter and response decorators cost as much CPU per request as
    the provider itself (make bench), and the gateway has already matched and checked the request.
    """

    def __init__(self, app: ASGIApp, routes: Routes, handlers: Handlers) -> None:
        self.app = app
        self.routes = routes
        self.handlers = handlers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = self.routes.match(scope["path"]) if scope["type"] == "http" else None
        operation_id = route.operations.get(scope["method"]) if route else None
        if operation_id is None:
            await self.app(scope, receive, send)
            return
        operation = self.handlers.spec.operations[operation_id]
        uuid = scope["path"].rsplit("/", 1)[1] if operation.path.endswith("{uuid}") else None
        try:
            response = await self.handlers.handle(operation, Request(scope, receive), uuid)
        except Exception:
            # What Connexion's ServerErrorMiddleware did, in Open Klant's body: answer 500, then
            # let the server log the exception.
            title = "Er is een serverfout opgetreden."
            body = problems.problem_body(origin(scope), "APIException", 500, "error", title)
            await problems.problem_response(body, version=self.routes.version)(scope, receive, send)
            raise
        await response(scope, receive, send)

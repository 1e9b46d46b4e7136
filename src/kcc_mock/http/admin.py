"""The admin API under /_mock: faults, reset, state, journal and consistency, and its guard."""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from connexion import request
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kcc_mock.http import problems
from kcc_mock.http.gateway import origin
from kcc_mock.observe import snapshot
from kcc_mock.observe.faults import FaultPlan, FaultPlanError
from kcc_mock.observe.journal import Journal, to_har
from kcc_mock.provider.errors import FieldError, NotFound, ProviderError, ValidationFailed
from kcc_mock.provider.formats import parse_datetime
from kcc_mock.provider.operations import Provider

PREFIX = "/_mock"
Handler = Callable[..., Awaitable[Response]]


class AdminGuard:
    """Admin calls only from loopback (or with the admin token); writes only with the API token."""

    def __init__(self, app: ASGIApp, api_token: str, admin_token: str | None) -> None:
        self.app = app
        self.api_token = api_token.encode()
        self.admin_token = admin_token.encode() if admin_token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        here = origin(scope)
        if not _local(scope) and not _same(headers.get("x-admin-token"), self.admin_token):
            title = "De admin-API antwoordt alleen op loopback of met het admin-token (X-Admin-Token)."
            body = problems.problem_body(here, "PermissionDenied", 403, "permission_denied", title)
            return problems.problem_response(body, version=None)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            parts = (headers.get("authorization") or "").split()
            if len(parts) != 2 or parts[0].lower() != "token" or not _same(parts[1], self.api_token):
                body = problems.not_authenticated(here)
                return problems.problem_response(body, version=None, **{"WWW-Authenticate": "Token"})
        return None


class Controls(Protocol):
    """What the admin API works on: the parts of a served mock (`MockApp` is one)."""

    provider: Provider
    faults: FaultPlan
    journal: Journal
    marks: dict[str, Any]

    def reset(self) -> None: ...

    def mark(self) -> str: ...

    def consistency(self, mark: str | None = None, correlation: str | None = None) -> dict[str, Any]: ...


class AdminHandlers:
    """Handlers of the admin spec's operationIds, over one served mock."""

    def __init__(self, mock: Controls) -> None:
        self.mock = mock
        self.handlers: dict[str, Handler] = {
            "listFaults": self.list_faults,
            "addFault": self.add_fault,
            "replaceFaults": self.replace_faults,
            "clearFaults": self.clear_faults,
            "removeFault": self.remove_fault,
            "reset": self.reset,
            "exportState": self.export_state,
            "importState": self.import_state,
            "readJournal": self.read_journal,
            "checkConsistency": self.check_consistency,
            "createMark": self.create_mark,
        }

    def resolve(self, operation_id: str) -> Handler:
        """Connexion's function resolver for the admin spec."""
        handler = self.handlers[operation_id]

        async def guarded(id: str | None = None) -> Response:
            path = {"id": id} if id is not None else {}
            try:
                return await handler(request, **path)
            except FaultPlanError as error:
                invalid = [FieldError("nonFieldErrors", "invalid", str(error))]
                body = problems.problem_body(
                    origin(request.scope), "ValidationError", 400, "invalid", "Ongeldige invoerwaarde.", invalid=invalid
                )
                return problems.problem_response(body, version=None)
            except ProviderError as error:
                return problems.problem_response(problems.from_error(origin(request.scope), error), version=None)

        return guarded

    async def list_faults(self, http: Request) -> Response:
        return _json(self.mock.faults.to_dict())

    async def add_fault(self, http: Request) -> Response:
        rule = self.mock.faults.add(await _body(http))
        return _json(rule.to_dict(), 201)

    async def replace_faults(self, http: Request) -> Response:
        self.mock.faults.load(await _body(http))
        return _json(self.mock.faults.to_dict())

    async def clear_faults(self, http: Request) -> Response:
        self.mock.faults.clear()
        return Response(status_code=204)

    async def remove_fault(self, http: Request, id: str) -> Response:
        if not self.mock.faults.remove(id):
            raise NotFound()
        return Response(status_code=204)

    async def reset(self, http: Request) -> Response:
        self.mock.reset()
        return Response(status_code=204)

    async def export_state(self, http: Request) -> Response:
        return _json(snapshot.export_state(self.mock.provider.store))

    async def import_state(self, http: Request) -> Response:
        snapshot.import_state(self.mock.provider.store, await _body(http), self.mock.provider.forms)
        return Response(status_code=204)

    async def read_journal(self, http: Request) -> Response:
        params = http.query_params
        moments = {key: _moment(key, params.get(key)) for key in ("since", "until")}
        status = params.get("status")
        if status is not None and not status.isdigit():
            raise ValidationFailed([FieldError("status", "invalid", "Verwacht een HTTP-statuscode.")])
        entries = self.mock.journal.entries(
            operation=params.get("operation"),
            method=params.get("method"),
            status=int(status) if status else None,
            correlation_id=params.get("correlation"),
            **moments,
        )
        if params.get("format") == "har":
            return _json(to_har(entries, origin(http.scope) + self.mock.provider.spec.base_path))
        listing = [entry.to_dict() for entry in entries]
        return _json({"count": len(listing), "dropped": self.mock.journal.dropped, "entries": listing})

    async def check_consistency(self, http: Request) -> Response:
        mark_id, correlation = http.query_params.get("mark"), http.query_params.get("correlation")
        if mark_id is not None and mark_id not in self.mock.marks:
            raise NotFound("Onbekende mark.")
        return _json(self.mock.consistency(mark=mark_id, correlation=correlation))

    async def create_mark(self, http: Request) -> Response:
        return _json({"id": self.mock.mark()}, 201)


async def _body(http: Request) -> Any:
    raw = await http.body()
    try:
        return json.loads(raw or b"null")
    except ValueError as error:
        raise ValidationFailed([FieldError("nonFieldErrors", "parse_error", f"JSON parse error - {error}")]) from error


def _moment(name: str, raw: str | None) -> Any:
    if raw is None:
        return None
    moment = parse_datetime(raw)
    if moment is None:
        raise ValidationFailed([FieldError(name, "invalid", "Verwacht een ISO 8601 datum-tijd.")])
    return moment


def _json(body: Any, status: int = 200) -> Response:
    return Response(problems.dumps(body), status_code=status, media_type=problems.JSON)


def _local(scope: Scope) -> bool:
    client = scope.get("client")
    if not client:
        return True  # in-process (no socket)
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return False


def _same(given: str | None, expected: bytes | None) -> bool:
    return given is not None and expected is not None and hmac.compare_digest(given.encode(), expected)

"""Builds the ASGI application: a Connexion 3 app from the spec, behind the choke point and gate.

AdminGuard -> Page (/_mock/ui) -> SpecDocuments -> Exchange (journal, faults) -> Gateway (406/401/405)
-> Connexion -> handlers
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from connexion import AsyncApp
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.exceptions import ExceptionMiddleware
from connexion.middleware.lifespan import LifespanMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.server_error import ServerErrorMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.types import ASGIApp, Receive, Scope, Send

from kcc_mock.config import Settings
from kcc_mock.http.admin import PREFIX, AdminGuard, AdminHandlers
from kcc_mock.http.documents import SpecDocuments
from kcc_mock.http.exchange import Exchange
from kcc_mock.http.gateway import Gateway, Routes
from kcc_mock.http.handlers import Dispatch, Handlers
from kcc_mock.http.page import Page
from kcc_mock.observe import consistency
from kcc_mock.observe.faults import FaultPlan
from kcc_mock.observe.journal import Journal
from kcc_mock.observe.runs import History
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.releases import release
from kcc_mock.provider.spec import SPEC_PATH, Spec

ADMIN_SPEC_PATH = SPEC_PATH.parent / "admin.yaml"
# Connexion builds the API from the spec, binds its operationIds to handlers and serves the docs
# and the admin API. The API's own operations are dispatched by operationId from the gateway's
# route table (handlers.Dispatch), which halves the cost of a request (make bench); the gateway
# authenticates and the provider validates with the spec's own schemas, so Connexion's security
# and validation middlewares (which report one error, in another format) are left out.
_MIDDLEWARES = [
    ServerErrorMiddleware,
    ExceptionMiddleware,
    SwaggerUIMiddleware,
    RoutingMiddleware,
    LifespanMiddleware,
    ContextMiddleware,
]


@dataclass
class MockApp:
    """A mock instance: the ASGI app, the provider, the fault plan, the journal, marks and finished runs."""

    settings: Settings
    provider: Provider
    faults: FaultPlan
    journal: Journal
    asgi: ASGIApp = field(init=False)
    marks: dict[str, consistency.Mark] = field(default_factory=dict)
    # Runs finished before a reset, for the page: verify-consumer resets the mock for every scenario.
    history: History = field(default_factory=History)
    _mark_ids: Any = field(default_factory=lambda: itertools.count(1))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.asgi(scope, receive, send)

    def reset(self) -> None:
        """Back to a clean mock in one call: empty store, no faults, empty journal, no marks (finished runs stay)."""
        self.provider.store.reset()
        self.faults.clear()
        self.journal.clear()
        self.marks.clear()

    def mark(self) -> str:
        """Remember what is stored now; `consistency(mark=...)` reports what was added since."""
        mark_id = f"mark-{next(self._mark_ids)}"
        self.marks[mark_id] = consistency.mark(self.provider.store)
        return mark_id

    def consistency(self, mark: str | None = None, correlation: str | None = None) -> dict[str, Any]:
        """The consistency report, with leftovers since a mark and/or of one correlation id."""
        created = None
        if correlation is not None:
            created = self.journal.created(self.journal.entries(correlation_id=correlation))
        since = self.marks[mark] if mark is not None else None
        return consistency.report(self.provider.store, since=since, created=created)


def create_app(settings: Settings | None = None, provider: Provider | None = None) -> MockApp:
    """Build the mock's ASGI application."""
    settings = settings or Settings()
    provider = provider or Provider(release=release(settings.api_version))
    plan = FaultPlan(seed=settings.seed, operations=provider.spec.operations)
    mock = MockApp(settings, provider, plan, Journal(settings.journal_size, settings.journal_bytes))
    if settings.faults is not None:
        mock.faults.load(_read(settings.faults))
    spec = provider.spec
    handlers = Handlers(spec, provider)
    app = AsyncApp(__name__, middlewares=list(_MIDDLEWARES))
    app.add_api(
        copy.deepcopy(spec.document),
        resolver=Resolver(function_resolver=handlers.resolve),
        swagger_ui_options=SwaggerUIOptions(swagger_ui=settings.swagger_ui),
    )
    app.add_api(
        _read(ADMIN_SPEC_PATH),
        base_path=PREFIX,
        resolver=Resolver(function_resolver=AdminHandlers(mock).resolve),
        swagger_ui_options=SwaggerUIOptions(swagger_ui=False),
    )
    models = {name: resource.model for name, resource in provider.resources.items()}
    descriptions = {name: _description(spec, name) for name in provider.resources}
    routes = Routes(spec, models)
    gateway = Gateway(Dispatch(app, routes, handlers), routes, settings.token, descriptions)
    exchange = Exchange(gateway, routes, mock.faults, mock.journal, settings.hang_seconds, settings.max_body_bytes)
    documents = SpecDocuments(exchange, {spec.base_path: spec.path, PREFIX: ADMIN_SPEC_PATH})
    mock.asgi = AdminGuard(Page(documents, mock), settings.token, settings.admin_token)
    return mock


def _read(path: Path) -> Any:
    """A YAML (or JSON, which YAML reads too) document."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _description(spec: Spec, resource: str) -> str:
    """The description of a resource's response schema, as DRF's OPTIONS answer carries it."""
    schema = spec.operation(resource, "retrieve").response_schema or {}
    return str(spec.resolve(schema).get("description", ""))

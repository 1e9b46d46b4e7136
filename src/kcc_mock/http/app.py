"""Builds the ASGI application: a Connexion 3 app from the spec, behind the gateway."""

from __future__ import annotations

import copy
from dataclasses import dataclass

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

from ..config import Settings
from ..provider import Provider
from ..spec import Spec
from .gateway import Gateway, Routes
from .handlers import Handlers

# Connexion routes by operationId and serves the docs; the gateway authenticates and the
# provider validates with the spec's own schemas, so Connexion's security and validation
# middlewares (which report one error, in another format) are left out.
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
    """A running mock: the ASGI app and the provider behind it."""

    asgi: ASGIApp
    provider: Provider
    settings: Settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.asgi(scope, receive, send)

    def reset(self) -> None:
        """Forget every stored object."""
        self.provider.store.reset()


def create_app(settings: Settings | None = None, provider: Provider | None = None) -> MockApp:
    """Build the mock's ASGI application."""
    settings = settings or Settings()
    provider = provider or Provider()
    spec = provider.spec
    handlers = Handlers(spec, provider)
    app = AsyncApp(__name__, middlewares=list(_MIDDLEWARES))
    app.add_api(
        copy.deepcopy(spec.document),
        resolver=Resolver(function_resolver=handlers.resolve),
        swagger_ui_options=SwaggerUIOptions(swagger_ui=settings.swagger_ui),
    )
    models = {name: resource.model for name, resource in provider.resources.items()}
    descriptions = {name: _description(spec, name) for name in provider.resources}
    gateway = Gateway(app, Routes(spec, models), settings.token, descriptions)
    return MockApp(gateway, provider, settings)


def _description(spec: Spec, resource: str) -> str:
    """The description of a resource's response schema, as DRF's OPTIONS answer carries it."""
    schema = spec.operation(resource, "retrieve").response_schema or {}
    return str(spec.resolve(schema).get("description", ""))

"""Shared fixtures: one mock app per session, a clean store per test, a synchronous client."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse

from kcc_mock.config import DEFAULT_TOKEN, Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.gateway import Routes
from kcc_mock.provider.spec import Spec
from kcc_mock.testing import hypothesis_profiles

hypothesis_profiles.register()
BASE = "http://127.0.0.1:8000/klantinteracties/api/v1"
AUTH = {"Authorization": f"Token {DEFAULT_TOKEN}"}


class _SyncASGITransport(httpx.BaseTransport):
    """Drives an ASGI app in-process from synchronous tests."""

    def __init__(self, app: Any, client: tuple[str, int] = ("127.0.0.1", 123)) -> None:
        self.transport = httpx.ASGITransport(app=app, client=client)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def exchange() -> httpx.Response:
            content = await request.aread()
            replay = httpx.Request(request.method, request.url, headers=request.headers, content=content)
            response = await self.transport.handle_async_request(replay)
            # The bytes as sent: the client decodes them once, by the Content-Encoding they carry.
            body = b"".join([chunk async for chunk in response.aiter_raw()])
            return httpx.Response(response.status_code, headers=response.headers, content=body)

        return asyncio.run(exchange())


class Api(httpx.Client):
    """A client of the in-process mock, authenticated unless told otherwise."""

    def create(self, collection: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST a body and return the created object, failing loudly on anything but 201."""
        response = self.post(f"/{collection}", json=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


class ResponseChecker:
    """Validates every response of a spec operation against the spec, with openapi-core."""

    def __init__(self, spec: Spec) -> None:
        self.openapi = OpenAPI.from_dict(spec.document)
        self.routes = Routes(spec, {})

    def __call__(self, response: httpx.Response) -> None:
        response.read()
        request = response.request
        url = request.url
        if self.routes.match(url.path) is None:
            return  # not an API path (a trailing slash, the docs)
        mock_request = MockRequest(
            f"{url.scheme}://{url.netloc.decode()}",
            request.method.lower(),
            url.path,
            args=dict(url.params),
            headers=dict(request.headers),
            data=request.content,
            content_type=request.headers.get("content-type", "application/json"),
        )
        mock_response = MockResponse(
            response.content,
            response.status_code,
            headers=dict(response.headers),
            content_type=response.headers.get("content-type", "application/json").split(";")[0],
        )
        try:
            self.openapi.validate_response(mock_request, mock_response)
        except (PathNotFound, OperationNotFound):
            return  # not a spec operation (trailing slash, HEAD, OPTIONS, PUT on a collection)


@pytest.fixture(scope="session")
def response_checker() -> ResponseChecker:
    """One openapi-core validator for the whole session."""
    return ResponseChecker(Spec.load())


@pytest.fixture(scope="session")
def mock_app() -> MockApp:
    """The mock, built once per test session (building takes about a second)."""
    return create_app(Settings())


@pytest.fixture
def app(mock_app: MockApp) -> Iterator[MockApp]:
    """The session's mock with an empty store."""
    mock_app.reset()
    yield mock_app


@pytest.fixture
def api(app: MockApp, response_checker: ResponseChecker) -> Iterator[Api]:
    """An authenticated client of the mock; every response is checked against the spec."""
    hooks = {"response": [response_checker]}
    with Api(transport=_SyncASGITransport(app), base_url=BASE, headers=AUTH, event_hooks=hooks) as client:
        yield client


@pytest.fixture
def anonymous(app: MockApp, response_checker: ResponseChecker) -> Iterator[Api]:
    """A client that sends no Authorization header; responses are checked against the spec."""
    hooks = {"response": [response_checker]}
    with Api(transport=_SyncASGITransport(app), base_url=BASE, event_hooks=hooks) as client:
        yield client


@pytest.fixture
def raw(app: MockApp) -> Iterator[Api]:
    """An authenticated client whose responses are not checked (faults answer outside the spec)."""
    with Api(transport=_SyncASGITransport(app), base_url=BASE, headers=AUTH) as client:
        yield client


@pytest.fixture
def admin(app: MockApp) -> Iterator[Api]:
    """A client of the admin API (/_mock), with the API token."""
    with Api(transport=_SyncASGITransport(app), base_url="http://127.0.0.1:8000/_mock", headers=AUTH) as client:
        yield client


KLANTCONTACT = {"kanaal": "telefoon", "onderwerp": "Vraag over afvalinzameling", "taal": "nld", "vertrouwelijk": False}
MEDEWERKER = {
    "naam": "Jan Medewerker",
    "soortActor": "medewerker",
    "indicatieActief": True,
    "actoridentificator": {
        "objectId": "jan123",
        "codeObjecttype": "mdw",
        "codeRegister": "obj",
        "codeSoortObjectId": "idf",
    },
    "actorIdentificatie": {
        "functie": "KCC-medewerker",
        "emailadres": "jan@example.com",
        "telefoonnummer": "0201234567",
    },
}


def ref(obj: dict[str, Any]) -> dict[str, str]:
    """A `{uuid}` reference to a created object."""
    return {"uuid": obj["uuid"]}


def invalid_params(response: httpx.Response) -> list[tuple[str, str]]:
    """(name, code) of every entry of a 400 body's invalidParams."""
    assert response.status_code == 400, response.text
    return [(item["name"], item["code"]) for item in response.json()["invalidParams"]]


@pytest.fixture(scope="module")
def stored() -> Iterator[Any]:
    """A served mock holding what the failure filter's follow-up reads ask for (see schemathesis_filter_support)."""
    from schemathesis_filter_support import serve_stored

    with serve_stored() as found:
        yield found

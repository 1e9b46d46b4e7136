"""The suite's own checks catch what they claim: each is fed a planted deviation."""

from __future__ import annotations

import httpx
import pytest
from conftest import BASE, ResponseChecker
from openapi_core.validation.response.exceptions import InvalidData
from test_filters import Modelled, build, sample

from kcc_mock.http.app import MockApp


def exchange(path: str, status: int, body: bytes, method: str = "GET") -> httpx.Response:
    """A response as the client would receive it, with its request."""
    request = httpx.Request(method, f"{BASE}{path}")
    headers = {"Content-Type": "application/json", "API-version": "0.9.0"}
    return httpx.Response(status, headers=headers, content=body, request=request)


def test_response_checker_rejects_a_wrongly_typed_field(response_checker: ResponseChecker) -> None:
    body = b'{"count": "two", "next": null, "previous": null, "results": []}'
    with pytest.raises(InvalidData):
        response_checker(exchange("/klantcontacten", 200, body))


def test_response_checker_rejects_an_error_body_of_another_shape(response_checker: ResponseChecker) -> None:
    with pytest.raises(InvalidData):
        response_checker(exchange("/klantcontacten", 401, b'{"detail": "Not authenticated"}'))


def test_response_checker_accepts_a_conforming_body(response_checker: ResponseChecker) -> None:
    response_checker(exchange("/klantcontacten", 200, b'{"count": 0, "next": null, "previous": null, "results": []}'))


def test_filter_check_notices_a_path_that_yields_nothing(app: MockApp) -> None:
    create = Modelled(app)
    build(create, 0)
    operation = app.provider.spec.operation("klantcontacten", "list")
    assert sample(create.model, operation, ["onderwerp"]) is not None
    assert sample(create.model, operation, ["onderwerpp"]) is None  # a misspelled annotation path


def test_missing_api_version_header_fails_the_response_check(response_checker: ResponseChecker) -> None:
    response = exchange("/klantcontacten", 200, b'{"count": 0, "next": null, "previous": null, "results": []}')
    del response.headers["API-version"]
    with pytest.raises(Exception, match="API-version"):
        response_checker(response)

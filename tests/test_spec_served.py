"""Every operation of upstream's document is served, in each API version the mock offers.

For API 0.9.0 (the default) and 0.8.0 (`--api-version 0.8.0`), the document the mock serves as
openapi.yaml declares all of Open Klant's operations (2.18.0's and 2.17.1's vendored documents) and is
compatible with it, and each of those operations answers from its handler: JSON in Open Klant's
shape with the release's API-version, never the HTML page of an unknown path nor a 405.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from conftest import AUTH, _SyncASGITransport
from spec_compat import HTTP_METHODS, incompatibilities, operation_coverage
from spec_schemas import Spec

from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app

UPSTREAM = Path(__file__).parent / "data/upstream"
# API version -> the Open Klant release whose document it follows.
RELEASES = {"0.9.0": "2.18.0", "0.8.0": "2.17.1"}
ALL = 85  # 14 collections with six operations each, and maak-klantcontact
ROOT = "http://127.0.0.1:8000"


def upstream(version: str) -> Spec:
    """Open Klant's own document of the release that serves `version`."""
    path = UPSTREAM / f"openklant-{RELEASES[version]}-klantinteracties-openapi.yaml"
    spec: Spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return spec


@pytest.fixture(scope="module", params=sorted(RELEASES))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, MockApp]]:
    """(API version, the mock serving it), as `kcc-mock serve --api-version` builds it."""
    yield request.param, create_app(Settings(api_version=request.param))


def client(app: MockApp) -> httpx.Client:
    """An authenticated client of an in-process mock."""
    return httpx.Client(transport=_SyncASGITransport(app), base_url=ROOT, headers=AUTH)


def served_document(app: MockApp) -> Spec:
    """The document the mock serves as openapi.yaml."""
    with client(app) as http:
        response = http.get("/klantinteracties/api/v1/openapi.yaml", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    document: Spec = yaml.safe_load(response.text)
    return document


def test_the_served_document_declares_every_upstream_operation(served: tuple[str, MockApp]) -> None:
    version, app = served
    document = served_document(app)
    assert document["info"]["version"] == version
    assert operation_coverage(document, upstream(version)) == (ALL, ALL)
    assert incompatibilities(document, upstream(version)) == []


def test_every_upstream_operation_answers_from_its_handler(served: tuple[str, MockApp]) -> None:
    """A list lists, a create (of an empty body) creates or names what is wrong, an unknown object is a 404."""
    version, app = served
    app.reset()
    answered = []
    with client(app) as http:
        for path, item in upstream(version)["paths"].items():
            for method in (m for m in HTTP_METHODS if m in item):
                url = "/klantinteracties/api/v1" + path.replace("{uuid}", str(uuid.uuid4()))
                response = http.request(method.upper(), url, json={} if method in ("post", "put", "patch") else None)
                assert response.headers["content-type"] == "application/json", (method, path)
                assert response.headers["api-version"] == version, (method, path)
                assert answer(method, path, response), (method, path, response.status_code, response.text)
                answered.append((method, path))
    assert len(answered) == ALL


def answer(method: str, path: str, response: httpx.Response) -> bool:
    """Whether a response is the handler's answer to a request of an empty store."""
    body = response.json()
    if path.endswith("{uuid}"):
        return response.status_code == 404 and body["code"] == "not_found"
    if method == "get":
        return response.status_code == 200 and body["results"] == []
    if response.status_code == 201:
        return "uuid" in body or path == "/maak-klantcontact"
    return response.status_code == 400 and bool(body["invalidParams"])


def test_coverage_counts_an_operation_left_out(served: tuple[str, MockApp]) -> None:
    """A document without the categorieen serves 79 of 85, and the checker names the six missing."""
    version, app = served
    document = copy.deepcopy(served_document(app))
    del document["paths"]["/categorieen"], document["paths"]["/categorieen/{uuid}"]
    assert operation_coverage(document, upstream(version)) == (ALL - 6, ALL)
    missing = [line for line in incompatibilities(document, upstream(version)) if line.endswith("missing in ours")]
    assert missing == sorted(
        f"{operation}: operation: missing in ours"
        for operation in (
            "DELETE /categorieen/{uuid}",
            "GET /categorieen",
            "GET /categorieen/{uuid}",
            "PATCH /categorieen/{uuid}",
            "POST /categorieen",
            "PUT /categorieen/{uuid}",
        )
    )


def test_an_unserved_path_fails_the_handler_check(served: tuple[str, MockApp]) -> None:
    """What a path the mock does not serve answers: Open Klant's HTML 404, which the checks above refuse."""
    _, app = served
    with client(app) as http:
        response = http.get("/klantinteracties/api/v1/bestaatniet")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")

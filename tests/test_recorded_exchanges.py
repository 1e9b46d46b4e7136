"""The mock answers every recorded Open Klant exchange as the server did: 2.18.0 by default, 2.17.1
when it serves API version 0.8.0.

The recordings (tests/data/recordings, made by `make record-openklant`) are the oracle: each case
is replayed from an empty store and every answer is compared after the same normalisation.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kcc_mock.config import DEFAULT_TOKEN, Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.provider import listing
from kcc_mock.provider.listing import Query
from kcc_mock.provider.spec import Operation
from tests.recording.replay import recordings, replay

API = "/klantinteracties/api/v1"
BASE = "http://127.0.0.1:8000" + API
RECORDED = dict(recordings())
RECORDED_080 = dict(recordings("2.17.1"))


class _InProcess(httpx.BaseTransport):
    """Drives the ASGI app from a synchronous client."""

    def __init__(self, app: Any) -> None:
        self.transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 123))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def exchange() -> httpx.Response:
            content = await request.aread()
            copy = httpx.Request(request.method, request.url, headers=request.headers, content=content)
            response = await self.transport.handle_async_request(copy)
            return httpx.Response(response.status_code, headers=response.headers, content=await response.aread())

        return asyncio.run(exchange())


@pytest.fixture
def client(app: MockApp) -> Iterator[httpx.Client]:
    """A client of the freshly reset mock that sends exactly the recorded headers."""
    with httpx.Client(transport=_InProcess(app)) as http:
        yield http


def test_recordings_cover_the_observed_cases() -> None:
    """The recordings exist and hold at least a hundred exchanges."""
    assert sum(len(case["exchanges"]) for case in RECORDED.values()) >= 100
    assert {"expand-dotted-alone", "partij-duplicate-bsn", "unknown-paths", "maak-null-parts"} <= set(RECORDED)


@pytest.mark.parametrize("slug", sorted(RECORDED))
def test_mock_answers_as_recorded(client: httpx.Client, slug: str) -> None:
    """Every answer of the mock equals the recorded one (status, headers, body, error order)."""
    assert replay(client, BASE, DEFAULT_TOKEN, RECORDED[slug]) == []


@pytest.fixture(scope="module")
def mock_080() -> MockApp:
    """The mock serving API version 0.8.0 (Open Klant 2.17)."""
    return create_app(Settings(api_version="0.8.0"))


@pytest.fixture
def client_080(mock_080: MockApp) -> Iterator[httpx.Client]:
    """A client of the freshly reset 0.8.0 mock."""
    mock_080.reset()
    with httpx.Client(transport=_InProcess(mock_080)) as http:
        yield http


def test_the_older_release_is_recorded_too() -> None:
    """2.17.1's recordings hold its own cases beside the shared ones."""
    assert {"release-differences", "lists-query", "crud-klantcontacten"} <= set(RECORDED_080)


@pytest.mark.parametrize("slug", sorted(RECORDED_080))
def test_mock_080_answers_as_open_klant_2_17_recorded(client_080: httpx.Client, slug: str) -> None:
    """Serving 0.8.0, every answer equals Open Klant 2.17.1's (header, fields, lengths, order, joins)."""
    assert replay(client_080, BASE, DEFAULT_TOKEN, RECORDED_080[slug]) == []


def test_the_newest_version_fails_the_older_recordings(client: httpx.Client) -> None:
    """The 0.9.0 mock differs from 2.17.1 exactly where the releases differ: proof the replay can tell."""
    found = replay(client, BASE, DEFAULT_TOKEN, RECORDED_080["release-differences"])
    assert found
    assert {line.split(": ")[1].split(".")[0].split("[")[0] for line in found} >= {"headers", "body"}


def test_unknown_parameters_are_compared_as_a_set(app: MockApp, client: httpx.Client) -> None:
    """Open Klant names unknown parameters in set order: another order passes, another name does not."""
    recording = copy.deepcopy(RECORDED["lists-query"])
    exchange = next(e for e in recording["exchanges"] if "query parameters: foo, bar" in json.dumps(e["response"]))
    param = exchange["response"]["body"]["invalidParams"][0]
    names = param["reason"].split(": ", 1)[1].split(", ")
    assert len(names) > 1
    param["reason"] = "Onbekende query parameters: " + ", ".join(reversed(names))
    assert replay(client, BASE, DEFAULT_TOKEN, recording) == []
    param["reason"] = "Onbekende query parameters: " + ", ".join([*names[:-1], "anders"])
    app.reset()
    assert len(replay(client, BASE, DEFAULT_TOKEN, recording)) == 1


def test_replay_reports_a_changed_error_order(client: httpx.Client) -> None:
    """Swapping two recorded invalidParams is reported at exactly those two places."""
    recording = copy.deepcopy(RECORDED["klantcontact-errors"])
    params = recording["exchanges"][0]["response"]["body"]["invalidParams"]
    params[0], params[1] = params[1], params[0]
    assert replay(client, BASE, DEFAULT_TOKEN, recording) == [
        '#0 POST /klantcontacten: body.invalidParams[0].name: "onderwerp" != "kanaal"',
        '#0 POST /klantcontacten: body.invalidParams[1].name: "kanaal" != "onderwerp"',
    ]


def test_replay_reports_a_changed_status_header_and_field(client: httpx.Client) -> None:
    """A changed status, a missing header and a changed field are each reported, nothing else."""
    recording = copy.deepcopy(RECORDED["crud-klantcontacten"])
    created = recording["exchanges"][0]["response"]
    created["status"] = 200
    created["headers"]["location"] = "{origin}/elders"
    created["body"]["inhoud"] = "anders"
    assert replay(client, BASE, DEFAULT_TOKEN, recording) == [
        "#0 POST /klantcontacten: status: 200 != 201",
        '#0 POST /klantcontacten: headers.location: "{origin}/elders" != "{origin}' + API + '/klantcontacten/{obj}"',
        '#0 POST /klantcontacten: body.inhoud: "anders" != ""',
    ]


def test_replay_catches_a_mock_that_expands_a_dotted_path_alone(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A planted mock that expands `hadBetrokkenen.wasPartij` without its parent fails exactly those reads."""

    def every_value(operation: Operation, query: Query) -> list[str]:
        return [item for raw in query.get("expand", []) for item in raw.split(",") if item]

    monkeypatch.setattr(listing, "expand_paths", every_value)
    found = replay(client, BASE, DEFAULT_TOKEN, RECORDED["expand-dotted-alone"])
    assert [line.split(": unexpected ")[0] for line in found] == [
        "#4 GET /klantcontacten/{kc}: body._expand",
        "#5 GET /klantcontacten: body.results[0]._expand.hadBetrokkenen",
    ]

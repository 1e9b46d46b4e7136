"""The journal's HAR export: replayable URLs, a JSON comment, and the bytes a damaged answer really carried."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
from conftest import AUTH, BASE, KLANTCONTACT, Api

from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.server import ThreadedServer


def test_har_request_urls_carry_the_api_base_path_and_replay(raw: Api, admin: Api) -> None:
    raw.post("/klantcontacten", json=KLANTCONTACT)
    raw.get("/klantcontacten", params={"kanaal": "telefoon", "page": "1"})
    entries = admin.get("/journal", params={"format": "har"}).json()["log"]["entries"]
    urls = [entry["request"]["url"] for entry in entries]
    assert urls == [f"{BASE}/klantcontacten", f"{BASE}/klantcontacten?kanaal=telefoon&page=1"]
    replayed = raw.get(urls[1])  # an absolute URL, as a HAR replay tool sends it
    assert (replayed.status_code, replayed.json()["count"]) == (entries[1]["response"]["status"], 1)


def test_har_comment_is_json_with_the_correlation_id_and_fault(raw: Api, admin: Api) -> None:
    raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Request-ID": "run-9", "X-Mock-Fault": "status=503"})
    (entry,) = admin.get("/journal", params={"format": "har"}).json()["log"]["entries"]
    comment = json.loads(entry["comment"])
    assert comment["correlationId"] == "run-9"
    assert comment["operation"] == "klantcontactenCreate"
    assert (comment["fault"]["rule"], comment["fault"]["status"]) == ("header", 503)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[MockApp, int]]:
    """A mock on a free loopback port for this module."""
    app = create_app(Settings(hang_seconds=3.0))
    with ThreadedServer(app) as server:
        yield app, server.port


def received(port: int, fault: str) -> bytes:
    """The body bytes a client receives for a POST asking for `fault`, read off the socket until it closes."""
    body = json.dumps(KLANTCONTACT).encode()
    request = (
        f"POST /klantinteracties/api/v1/klantcontacten HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: {AUTH['Authorization']}\r\nContent-Type: application/json\r\n"
        f"X-Mock-Fault: {fault}\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("fault", ["truncate", "malformed"])
def test_damaged_answers_are_journaled_as_the_bytes_the_client_received(
    served: tuple[MockApp, int], fault: str
) -> None:
    app, port = served
    app.reset()
    got = received(port, fault)
    full = json.dumps(app.provider.store.export()["klantcontacten"][0]).encode()
    assert 0 < len(got) < len(full)  # the client got part of an answer, not nothing
    for _ in range(200):  # the server journals the exchange once it sees the connection gone
        if app.journal.entries():
            break
        time.sleep(0.01)
    (entry,) = app.journal.entries()
    assert entry.response_content == got
    assert entry.to_dict()["responseBody"] == got.decode()
    har = create_har(app)
    assert har["response"]["content"]["text"] == got.decode()
    assert har["response"]["bodySize"] == len(got)


def create_har(app: MockApp) -> dict[str, object]:
    """The single HAR entry of the app's journal."""
    from kcc_mock.observe.journal import to_har

    (entry,) = to_har(app.journal.entries(), BASE)["log"]["entries"]
    return dict(entry)

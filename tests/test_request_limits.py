"""A request body over the limit gets 413 in the API's error shape, unread; the journal is bounded by bytes."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from conftest import AUTH, BASE, KLANTCONTACT, Api, _SyncASGITransport

from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.server import ThreadedServer
from kcc_mock.observe.journal import Entry, Journal

LIMIT = 2000
PROBLEM_KEYS = {"type", "code", "title", "status", "detail", "instance"}  # Open Klant's error body


@pytest.fixture(scope="module")
def small() -> MockApp:
    """A mock with a 2,000-byte body limit and a 6,000-byte journal."""
    return create_app(Settings(max_body_bytes=LIMIT, journal_bytes=6000))


@pytest.fixture
def client(small: MockApp) -> Iterator[Api]:
    """A client of the small mock, which is reset first."""
    small.reset()
    with Api(transport=_SyncASGITransport(small), base_url=BASE, headers=AUTH) as api:
        yield api


def padded(size: int) -> bytes:
    """A klantcontact body of exactly `size` bytes (padded with a key the API ignores)."""
    empty = json.dumps({**KLANTCONTACT, "opvulling": ""}).encode()
    return json.dumps({**KLANTCONTACT, "opvulling": "x" * (size - len(empty))}).encode()


def test_a_body_over_the_limit_gets_413_in_the_error_shape_and_stores_nothing(client: Api, small: MockApp) -> None:
    response = client.post("/klantcontacten", content=padded(LIMIT + 1), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert (body["status"], body["code"]) == (413, "request_too_large")
    assert body["type"] == "http://127.0.0.1:8000/ref/fouten/RequestTooLarge/"
    assert str(LIMIT) in body["detail"]
    assert small.provider.store.count("klantcontacten") == 0
    (entry,) = small.journal.entries()
    assert (entry.status, entry.request_content) == (413, b"")


def test_a_body_at_the_limit_is_served(client: Api, small: MockApp) -> None:
    response = client.post("/klantcontacten", content=padded(LIMIT), headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    assert small.provider.store.count("klantcontacten") == 1


def test_a_chunked_body_over_the_limit_is_refused_while_it_is_read(client: Api, small: MockApp) -> None:
    body = padded(LIMIT * 3)

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the limit applies as the body arrives
        for start in range(0, len(body), 500):
            yield body[start : start + 500]

    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=small, client=("127.0.0.1", 123))
        async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=AUTH) as api:
            return await api.post("/klantcontacten", content=chunks(), headers={"Content-Type": "application/json"})

    assert asyncio.run(post()).status_code == 413
    assert small.provider.store.count("klantcontacten") == 0


def test_the_journal_drops_the_oldest_exchanges_to_stay_within_its_bytes(client: Api, small: MockApp) -> None:
    for _ in range(12):
        client.post("/klantcontacten", content=padded(1500), headers={"Content-Type": "application/json"})
    journal = small.journal
    kept = journal.entries()
    assert journal.bytes == sum(entry.weight for entry in kept) <= 6000
    assert len(kept) + journal.dropped == 12
    assert journal.dropped >= 6  # each exchange holds ~1,500 bytes of request and ~1,800 of response
    assert kept[-1].sequence == 12


def entry(sequence: int, size: int) -> Entry:
    """An exchange holding `size` bytes of request body and nothing else."""
    return Entry(sequence, 0.0, "POST", "/x", b"", b"x" * size, 201, b"", None, str(sequence))


def test_journal_bound_by_bytes_keeps_the_newest_entry_even_when_it_alone_is_over() -> None:
    journal = Journal(size=10, max_bytes=100)
    for sequence, size in enumerate([40, 40, 40, 150, 10], start=1):
        journal.append(entry(sequence, size))
        if sequence == 3:
            assert [e.sequence for e in journal.entries()] == [2, 3]
        if sequence == 4:
            assert [e.sequence for e in journal.entries()] == [4]
    assert [e.sequence for e in journal.entries()] == [5]
    assert (journal.bytes, journal.dropped) == (10, 4)
    journal.clear()
    assert (journal.bytes, journal.dropped, len(journal)) == (0, 0, 0)


def test_an_oversized_body_is_answered_over_a_socket_without_being_read() -> None:
    app = create_app(Settings(max_body_bytes=LIMIT))
    declared = 20 * 1024 * 1024
    head = (
        f"POST /klantinteracties/api/v1/klantcontacten HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: {AUTH['Authorization']}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode()
    with ThreadedServer(app) as server, socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(head + b'{"kanaal": ')  # the 20 MB never follow: the answer must not wait for them
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413 ")

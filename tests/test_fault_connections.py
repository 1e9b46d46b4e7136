"""Connection-level faults against a real server on 127.0.0.1, seen by a real HTTP client."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from conftest import AUTH, KLANTCONTACT

from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.server import ThreadedServer, free_port
from kcc_mock.observe.faults import FaultPlan

EXAMPLES = Path(__file__).parents[1] / "examples" / "faults"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[MockApp, str]]:
    """A mock served on a free loopback port for this module, hangs held for 3 s at most."""
    app = create_app(Settings(hang_seconds=3.0))
    with ThreadedServer(app) as server:
        yield app, f"http://127.0.0.1:{server.port}/klantinteracties/api/v1"


@pytest.fixture
def mock(served: tuple[MockApp, str]) -> Iterator[tuple[MockApp, httpx.Client]]:
    """The served mock, reset, with a client that gives up after one second."""
    app, base = served
    app.reset()
    with httpx.Client(base_url=base, headers=AUTH, timeout=1.0) as client:
        yield app, client


def post(client: httpx.Client, fault: str) -> httpx.Response:
    """POST a klantcontact asking for one fault."""
    return client.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Mock-Fault": fault})


def test_reset_drops_the_connection_before_any_answer(mock: tuple[MockApp, httpx.Client]) -> None:
    app, client = mock
    with pytest.raises(httpx.ReadError):
        post(client, "reset")
    assert app.provider.store.count("klantcontacten") == 0


def test_truncated_body_ends_short_of_its_content_length(mock: tuple[MockApp, httpx.Client]) -> None:
    app, client = mock
    with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
        post(client, "truncate")
    assert app.provider.store.count("klantcontacten") == 1


def test_malformed_body_arrives_whole_but_is_not_json(mock: tuple[MockApp, httpx.Client]) -> None:
    _, client = mock
    response = post(client, "malformed")
    assert response.status_code == 201
    with pytest.raises(ValueError):
        response.json()


def test_hang_answers_nothing_until_the_client_gives_up(mock: tuple[MockApp, httpx.Client]) -> None:
    app, client = mock
    with pytest.raises(httpx.ReadTimeout):
        post(client, "hang")
    assert app.provider.store.count("klantcontacten") == 0


@pytest.mark.parametrize(
    ("fault", "error"), [("commit-then-fail=reset", httpx.ReadError), ("commit-then-fail=hang", httpx.ReadTimeout)]
)
def test_commit_then_fail_stores_and_then_drops_the_answer(
    mock: tuple[MockApp, httpx.Client], fault: str, error: type[Exception]
) -> None:
    app, client = mock
    with pytest.raises(error):
        post(client, fault)
    assert app.provider.store.count("klantcontacten") == 1
    assert client.get("/klantcontacten").json()["count"] == 1


def test_commit_then_fail_with_a_status_stores_and_answers_5xx(mock: tuple[MockApp, httpx.Client]) -> None:
    app, client = mock
    assert post(client, "commit-then-fail=504").status_code == 504
    assert app.provider.store.count("klantcontacten") == 1


def test_delay_holds_the_answer_for_at_least_the_delay(mock: tuple[MockApp, httpx.Client]) -> None:
    _, client = mock
    response = post(client, "delay=150")
    assert response.status_code == 201
    assert response.elapsed.total_seconds() >= 0.15


def test_the_server_keeps_serving_after_every_kind_of_fault(mock: tuple[MockApp, httpx.Client]) -> None:
    _, client = mock
    for fault in ("reset", "truncate", "malformed", "hang", "commit-then-fail=reset"):
        with pytest.raises((httpx.TransportError, ValueError)):
            post(client, fault).json()
    assert client.get("/klantcontacten").status_code == 200


@pytest.mark.parametrize("plan", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_fault_plans_load(plan: Path) -> None:
    loaded = FaultPlan().load(yaml.safe_load(plan.read_text()))
    assert loaded


def test_serve_applies_a_fault_plan_from_a_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"faults": [{"match": {"operation": "klantcontactenList"}, "effect": {"status": 503}}]}')
    port = free_port()
    command = [sys.executable, "-m", "kcc_mock", "serve", "--port", str(port), "--faults", str(plan)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        with httpx.Client(headers=AUTH, timeout=2.0) as client:
            assert (
                first_answer(client, f"http://127.0.0.1:{port}/klantinteracties/api/v1/klantcontacten", process) == 503
            )
    finally:
        process.terminate()
        process.communicate(timeout=10)


def first_answer(client: httpx.Client, url: str, process: subprocess.Popen[str]) -> int:
    """The status of the first answer once the server is up (fails if it exits first)."""
    for _ in range(400):
        assert process.poll() is None, process.communicate()[0]
        try:
            return client.get(url).status_code
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail("server did not start")


def test_serve_refuses_a_broken_fault_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("faults:\n  - effect: {status: 200}\n")
    command = [sys.executable, "-m", "kcc_mock", "serve", "--port", str(free_port()), "--faults", str(plan)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert finished.returncode == 2
    assert "status must be one of" in finished.stderr

"""The reference consumer over HTTP: `kcc-mock flow` and its httpx client against a served mock."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from kcc_mock.cli import main
from kcc_mock.config import Settings
from kcc_mock.consumer.saga import RetryPolicy, Unreachable
from kcc_mock.consumer.scenarios import ACTOR_UUID, KNOWN_BSN, KNOWN_PARTIJ_UUID, NEW_BSN, PRE_EXISTING
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.client import HttpxProvider
from kcc_mock.http.flow import FlowTarget, run_flow
from kcc_mock.http.server import ThreadedServer
from kcc_mock.provider.fixtures import load_fixtures

TOKEN = "flow-test-token"
FAST = RetryPolicy(attempts=2, backoff=0.01)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[MockApp, str]]:
    """A mock on a free loopback port for this module; hangs end after 2 s."""
    app = create_app(Settings(token=TOKEN, hang_seconds=2.0, swagger_ui=False))
    with ThreadedServer(app) as server:
        yield app, f"http://127.0.0.1:{server.port}{app.provider.spec.base_path}"


@pytest.fixture
def mock(served: tuple[MockApp, str]) -> tuple[MockApp, str]:
    """The served mock, reset and seeded with the actor, a known partij and an earlier contact."""
    app, base = served
    app.reset()
    load_fixtures(app.provider, copy.deepcopy(dict(PRE_EXISTING)), base)
    return app, base


def test_run_flow_registers_a_complete_contact_with_the_known_partij(mock: tuple[MockApp, str]) -> None:
    app, base = mock
    result = run_flow(FlowTarget(base, TOKEN, ACTOR_UUID, KNOWN_BSN), referentienummer="23009182", timeout=2)
    assert result.outcome == "completed"
    store = app.provider.store
    contact = store.get("klantcontacten", result.known["klantcontact"])
    assert contact is not None and contact["referentienummer"] == "23009182"
    (link,) = store.referrers("actorklantcontacten", "klantcontact", contact["uuid"])
    (betrokkene,) = store.referrers("betrokkenen", "hadKlantcontact", contact["uuid"])
    assert (store.get("actorklantcontacten", link) or {})["actor"] == ACTOR_UUID
    assert (store.get("betrokkenen", betrokkene) or {})["wasPartij"] == KNOWN_PARTIJ_UUID
    assert app.consistency()["consistent"]


def test_flow_command_registers_a_new_partij_and_exits_0(
    mock: tuple[MockApp, str], capsys: pytest.CaptureFixture[str]
) -> None:
    app, base = mock
    argv = ["flow", "--base-url", base, "--token", TOKEN, "--actor-uuid", ACTOR_UUID, "--partij-bsn", NEW_BSN]
    assert main([*argv, "--timeout", "2"]) == 0
    assert "completed: klantcontact" in capsys.readouterr().out
    assert app.provider.store.count("partijen") == 2
    assert app.consistency()["consistent"]


def test_flow_command_rolls_back_when_the_betrokkene_is_refused_and_exits_1(
    mock: tuple[MockApp, str], capsys: pytest.CaptureFixture[str]
) -> None:
    app, base = mock
    app.faults.add({"match": {"operation": "betrokkenenCreate"}, "effect": {"status": 400}})
    argv = ["flow", "--base-url", base, "--token", TOKEN, "--actor-uuid", ACTOR_UUID, "--partij-bsn", NEW_BSN]
    assert main([*argv, "--timeout", "2"]) == 1
    assert "rolled-back: betrokkene failed" in capsys.readouterr().out
    counts = {name: app.provider.store.count(name) for name in ("klantcontacten", "actorklantcontacten", "partijen")}
    assert counts == {"klantcontacten": 1, "actorklantcontacten": 1, "partijen": 1}  # only the pre-existing ones
    assert [e.method for e in app.journal.entries(method="DELETE")] == ["DELETE"] * 3


def test_flow_command_reads_its_target_from_the_environment(
    mock: tuple[MockApp, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, base = mock
    for name, value in (("KCC_BASE_URL", base), ("KCC_TOKEN", TOKEN), ("KCC_ACTOR_UUID", ACTOR_UUID)):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KCC_PARTIJ_BSN", raising=False)
    assert main(["flow", "--timeout", "2"]) == 0
    assert app.provider.store.count("klantcontacten") == 2


def test_flow_command_without_a_target_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("KCC_BASE_URL", "KCC_TOKEN", "KCC_ACTOR_UUID"):
        monkeypatch.delenv(name, raising=False)
    assert main(["flow", "--token", "x"]) == 2
    assert "--base-url (or $KCC_BASE_URL), --actor-uuid" in capsys.readouterr().err


def test_flow_command_refuses_a_referentienummer_the_api_would_refuse(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["flow", "--base-url", "http://127.0.0.1:9", "--token", "t", "--actor-uuid", ACTOR_UUID]
    assert main([*argv, "--referentienummer", "12345678901"]) == 2
    assert "digits only, at most 10" in capsys.readouterr().err


@pytest.mark.parametrize(("effect", "kind"), [({"hang": True}, "timeout"), ({"reset": True}, "reset")])
def test_the_http_client_reports_no_answer_as_unreachable(
    mock: tuple[MockApp, str], effect: dict[str, bool], kind: str
) -> None:
    app, base = mock
    app.faults.add({"match": {"operation": "klantcontactenCreate"}, "effect": effect})
    with HttpxProvider(base, TOKEN, timeout=0.5) as client, pytest.raises(Unreachable) as raised:
        client.post("/klantcontacten", {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False})
    assert raised.value.kind == kind


def test_the_http_client_flags_a_body_that_is_not_json(mock: tuple[MockApp, str]) -> None:
    app, base = mock
    app.faults.add({"match": {"operation": "actorenList"}, "effect": {"malformed": True}})
    with HttpxProvider(base, TOKEN) as client:
        reply = client.get("/actoren", {})
    assert (reply.status, reply.body, reply.malformed) == (200, None, True)


def test_the_http_client_reads_retry_after(mock: tuple[MockApp, str]) -> None:
    app, base = mock
    app.faults.add({"match": {"operation": "actorenList"}, "effect": {"status": 503, "retryAfter": 2}})
    with HttpxProvider(base, TOKEN) as client:
        reply = client.get("/actoren", {})
    assert (reply.status, reply.retry_after) == (503, 2.0)


def test_a_commit_then_timeout_on_the_first_step_is_found_not_duplicated(mock: tuple[MockApp, str]) -> None:
    app, base = mock
    app.faults.add({"match": {"operation": "klantcontactenCreate"}, "effect": {"commitThenFail": "hang"}, "limit": 1})
    result = run_flow(FlowTarget(base, TOKEN, ACTOR_UUID), timeout=0.5, policy=FAST)
    assert result.outcome == "completed"
    assert app.provider.store.count("klantcontacten") == 2  # the earlier contact and this one
    arrived = sorted(app.journal.entries(), key=lambda entry: entry.time)  # a hung call is journaled when it ends
    assert [e.operation for e in arrived][:3] == [
        "klantcontactenCreate",
        "klantcontactenList",
        "actorklantcontactenCreate",
    ]

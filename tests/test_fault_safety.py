"""Faults never corrupt the store: after any sequence of faulted calls every stored object is valid
against the spec and the consistency report says exactly what an independent count says."""

from __future__ import annotations

import contextlib
from typing import Any

from conftest import BASE, KLANTCONTACT, MEDEWERKER, Api, ResponseChecker, _SyncASGITransport
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcc_mock.http.app import MockApp
from kcc_mock.http.exchange import FaultReset

FAULTS = [None, "status=500", "status=400", "status=503", "delay=1", "malformed", "truncate", "reset"]
FAULTS += ["commit-then-fail=500", "commit-then-fail=reset"]
STEPS = ["klantcontact", "actorklantcontact", "betrokkene", "delete-klantcontact", "delete-betrokkene"]


def expected_findings(state: dict[str, list[dict[str, Any]]]) -> set[tuple[str, str]]:
    """Orphan klantcontacten and dangling references, counted straight from an export."""
    uuids = {name: {r["uuid"] for r in records} for name, records in state.items()}
    linked = {r["klantcontact"] for r in state["actorklantcontacten"]}
    involved = {r["hadKlantcontact"] for r in state["betrokkenen"]}
    found = {("klantcontact-without-actor", kc) for kc in uuids["klantcontacten"] - linked}
    found |= {("klantcontact-without-betrokkene", kc) for kc in uuids["klantcontacten"] - involved}
    for name, key, target in (
        ("actorklantcontacten", "klantcontact", "klantcontacten"),
        ("actorklantcontacten", "actor", "actoren"),
        ("betrokkenen", "hadKlantcontact", "klantcontacten"),
    ):
        found |= {("dangling-reference", r["uuid"]) for r in state[name] if r[key] not in uuids[target]}
    return found


def step(client: Api, name: str, fault: str | None, actor: str) -> None:
    """One F2173 call, possibly faulted; what the client makes of the answer does not matter."""
    contacts = client.get("/klantcontacten").json()["results"]
    kc = contacts[0]["uuid"] if contacts else "00000000-0000-4000-8000-000000000000"
    headers = {"X-Mock-Fault": fault} if fault else {}
    calls = {
        "klantcontact": ("POST", "/klantcontacten", KLANTCONTACT),
        "actorklantcontact": ("POST", "/actorklantcontacten", {"actor": {"uuid": actor}, "klantcontact": {"uuid": kc}}),
        "betrokkene": ("POST", "/betrokkenen", {"hadKlantcontact": {"uuid": kc}, "rol": "klant", "initiator": True}),
        "delete-klantcontact": ("DELETE", f"/klantcontacten/{kc}", None),
        "delete-betrokkene": ("DELETE", f"/betrokkenen/{kc}", None),
    }
    method, path, body = calls[name]
    with contextlib.suppress(FaultReset):
        client.request(method, path, json=body, headers=headers)


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(st.tuples(st.sampled_from(STEPS), st.sampled_from(FAULTS)), min_size=1, max_size=12))
def test_any_fault_sequence_leaves_a_valid_store_and_an_accurate_report(
    mock_app: MockApp, response_checker: ResponseChecker, plan: list[tuple[str, str | None]]
) -> None:
    mock_app.reset()
    with Api(
        transport=_SyncASGITransport(mock_app),
        base_url=BASE,
        headers={"Authorization": "Token kcc-mock-development-token"},
    ) as client:
        actor = client.create("actoren", MEDEWERKER)["uuid"]
        for name, fault in plan:
            step(client, name, fault, actor)
        state = mock_app.provider.store.export()
        for collection, records in state.items():
            for record in records:
                response = client.get(f"/{collection}/{record['uuid']}")
                assert response.status_code == 200
                response_checker(response)
    findings = {(f["rule"], f["uuid"]) for f in mock_app.consistency()["findings"]}
    assert findings == expected_findings(state)
    assert not any(rule == "dangling-reference" for rule, _ in findings)


def test_the_independent_count_sees_a_planted_dangling_reference(mock_app: MockApp) -> None:
    mock_app.reset()
    mock_app.provider.store.save("betrokkenen", {"uuid": "b1", "hadKlantcontact": "gone", "wasPartij": None})
    state = mock_app.provider.store.export()
    assert ("dangling-reference", "b1") in expected_findings(state)
    assert {(f["rule"], f["uuid"]) for f in mock_app.consistency()["findings"]} == expected_findings(state)
    mock_app.reset()

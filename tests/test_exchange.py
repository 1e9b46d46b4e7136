"""The choke point in-process: fault effects, the journal, the admin API and the consistency report."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conftest import AUTH, BASE, KLANTCONTACT, MEDEWERKER, Api, _SyncASGITransport, ref

from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.http.exchange import FaultReset
from kcc_mock.observe.faults import ERROR_STATUSES


def add_fault(admin: Api, rule: dict[str, Any]) -> dict[str, Any]:
    """Install a rule through the admin API."""
    response = admin.post("/faults", json=rule)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.parametrize("status", ERROR_STATUSES)
def test_error_status_fault_answers_in_the_api_error_shape_and_stores_nothing(
    raw: Api, admin: Api, app: MockApp, status: int
) -> None:
    add_fault(admin, {"match": {"operation": "klantcontactenCreate"}, "effect": {"status": status, "retryAfter": 3}})
    response = raw.post("/klantcontacten", json=KLANTCONTACT)
    body = response.json()
    assert (response.status_code, body["status"]) == (status, status)
    assert set(body) >= {"type", "code", "title", "detail", "instance"}
    assert response.headers["content-type"] == "application/json"
    assert response.headers["Retry-After"] == "3"
    assert response.headers["API-version"] == "0.9.0"
    assert ("invalidParams" in body) == (status == 400)
    assert app.provider.store.count("klantcontacten") == 0


def test_commit_then_fail_stores_the_object_and_fails_the_answer(raw: Api, app: MockApp) -> None:
    response = raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Mock-Fault": "commit-then-fail=503"})
    assert response.status_code == 503
    [stored] = app.provider.store.records("klantcontacten")
    [entry] = app.journal.entries()
    assert entry.committed is not None and entry.committed["status"] == 201
    assert entry.committed["body"]["uuid"] == stored["uuid"]


def test_reset_in_process_raises_a_connection_reset(raw: Api, app: MockApp) -> None:
    with pytest.raises(FaultReset):
        raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Mock-Fault": "reset"})
    assert app.provider.store.count("klantcontacten") == 0
    assert app.journal.entries()[0].status is None


def test_malformed_body_keeps_the_status_and_breaks_the_json(raw: Api, app: MockApp) -> None:
    response = raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Mock-Fault": "malformed"})
    assert response.status_code == 201
    with pytest.raises(ValueError):
        response.json()
    assert app.provider.store.count("klantcontacten") == 1


def test_delay_fault_serves_the_request_after_waiting(raw: Api, app: MockApp) -> None:
    response = raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Mock-Fault": "delay=30"})
    assert response.status_code == 201
    [entry] = app.journal.entries()
    assert entry.fault == {"rule": "header", "delay": 30, "delayMs": 30}
    assert entry.duration_ms >= 30


def test_bad_fault_header_is_a_clear_400(raw: Api, app: MockApp) -> None:
    response = raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Mock-Fault": "explode"})
    assert response.status_code == 400
    [param] = response.json()["invalidParams"]
    assert param["name"] == "X-Mock-Fault" and "unknown effect" in param["reason"]
    assert app.provider.store.count("klantcontacten") == 0


def test_nth_call_fault_fails_only_that_call_of_the_flow(raw: Api, admin: Api) -> None:
    add_fault(
        admin,
        {"match": {"method": "POST", "path": "/actorklantcontacten"}, "effect": {"status": 500}, "trigger": {"nth": 2}},
    )
    actor = raw.create("actoren", MEDEWERKER)
    statuses = []
    for _ in range(3):
        kc = raw.create("klantcontacten", KLANTCONTACT)
        statuses.append(
            raw.post("/actorklantcontacten", json={"actor": ref(actor), "klantcontact": ref(kc)}).status_code
        )
    assert statuses == [201, 500, 201]
    assert (
        admin.get("/faults").json()["faults"][0] | {"calls": 3, "fired": 1} == admin.get("/faults").json()["faults"][0]
    )


def test_journal_records_every_exchange_with_correlation_ids(raw: Api, admin: Api) -> None:
    raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Request-ID": "run-1"})
    answered = raw.get("/klantcontacten/not-a-uuid")
    assert answered.headers["X-Request-ID"]
    journal = admin.get("/journal").json()
    assert [(e["method"], e["status"], e["operation"]) for e in journal["entries"]] == [
        ("POST", 201, "klantcontactenCreate"),
        ("GET", 404, "klantcontactenRetrieve"),
    ]
    first = journal["entries"][0]
    assert first["correlationId"] == "run-1"
    assert first["requestBody"] == KLANTCONTACT
    assert first["responseBody"]["kanaal"] == KLANTCONTACT["kanaal"]
    assert first["requestHeaders"]["authorization"] == "Token ***"
    assert journal["entries"][1]["correlationId"] == answered.headers["X-Request-ID"]


def test_journal_filters_and_exports_har(raw: Api, admin: Api) -> None:
    raw.post("/klantcontacten", json=KLANTCONTACT)
    raw.post("/klantcontacten", json={})
    raw.get("/klantcontacten")
    assert admin.get("/journal", params={"status": 400}).json()["count"] == 1
    assert admin.get("/journal", params={"method": "get"}).json()["count"] == 1
    assert admin.get("/journal", params={"operation": "klantcontactenCreate"}).json()["count"] == 2
    assert admin.get("/journal", params={"since": "2999-01-01T00:00:00Z"}).json()["count"] == 0
    assert admin.get("/journal", params={"status": "many"}).status_code == 400
    har = admin.get("/journal", params={"format": "har"}).json()["log"]
    assert har["version"] == "1.2"
    assert [e["response"]["status"] for e in har["entries"]] == [201, 400, 200]
    assert har["entries"][0]["request"]["postData"]["mimeType"] == "application/json"


def test_journal_is_bounded_and_counts_what_it_dropped() -> None:
    small = create_app(Settings(journal_size=2))
    with Api(transport=_SyncASGITransport(small), base_url=BASE, headers=AUTH) as client:
        for _ in range(5):
            client.get("/klantcontacten")
    assert (len(small.journal), small.journal.dropped) == (2, 3)
    assert [e.sequence for e in small.journal.entries()] == [4, 5]


def test_reset_returns_the_mock_to_a_clean_state_in_one_call(raw: Api, admin: Api, app: MockApp) -> None:
    raw.create("klantcontacten", KLANTCONTACT)
    add_fault(admin, {"effect": {"delay": 1}})
    admin.post("/marks")
    assert admin.post("/reset").status_code == 204
    assert (app.provider.store.count("klantcontacten"), app.faults.rules, app.marks) == (0, [], {})
    assert admin.get("/journal").json()["count"] == 0


def test_fault_admin_lists_replaces_removes_and_refuses_bad_rules(admin: Api) -> None:
    add_fault(admin, {"id": "x", "effect": "reset"})
    assert admin.post("/faults", json={"effect": {"status": 200}}).status_code == 400
    replaced = admin.put("/faults", json={"seed": 9, "faults": [{"id": "y", "effect": {"delay": 5}}]})
    assert [r["id"] for r in replaced.json()["faults"]] == ["y"]
    assert admin.put("/faults", json={"faults": [{"effect": "nonsense"}]}).status_code == 400
    assert [r["id"] for r in admin.get("/faults").json()["faults"]] == ["y"]
    assert admin.delete("/faults/y").status_code == 204
    assert admin.delete("/faults/y").status_code == 404
    add_fault(admin, {"effect": "reset"})
    assert admin.delete("/faults").status_code == 204
    assert admin.get("/faults").json()["faults"] == []


def test_state_exports_and_imports_and_refuses_an_inconsistent_import(raw: Api, admin: Api, app: MockApp) -> None:
    kc = raw.create("klantcontacten", KLANTCONTACT)
    raw.create("betrokkenen", {"hadKlantcontact": ref(kc), "rol": "klant", "initiator": True})
    state = admin.get("/state").json()
    assert admin.post("/reset").status_code == 204
    assert admin.put("/state", json=state).status_code == 204
    assert (
        raw.get(f"/klantcontacten/{kc['uuid']}").json()["hadBetrokkenen"][0]["uuid"] == state["betrokkenen"][0]["uuid"]
    )
    broken = {"betrokkenen": state["betrokkenen"]}  # its klantcontact is missing
    response = admin.put("/state", json=broken)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "betrokkenen.0.hadKlantcontact"
    assert admin.get("/state").json() == state
    assert admin.put("/state", json={"klanten": []}).status_code == 400


def test_consistency_report_names_orphans_and_leftovers(raw: Api, admin: Api) -> None:
    actor = raw.create("actoren", MEDEWERKER)
    assert admin.get("/consistency").json() == {"consistent": True, "findings": []}
    mark = admin.post("/marks").json()["id"]
    kc = raw.post("/klantcontacten", json=KLANTCONTACT, headers={"X-Request-ID": "run-7"}).json()
    report = admin.get("/consistency").json()
    assert {(f["rule"], f["uuid"]) for f in report["findings"]} == {
        ("klantcontact-without-actor", kc["uuid"]),
        ("klantcontact-without-betrokkene", kc["uuid"]),
    }
    since = admin.get("/consistency", params={"mark": mark}).json()["findings"]
    assert ("leftover", "klantcontacten", kc["uuid"]) in {(f["rule"], f["collection"], f["uuid"]) for f in since}
    scoped = admin.get("/consistency", params={"correlation": "run-7"}).json()["findings"]
    assert [f["uuid"] for f in scoped if f["rule"] == "leftover"] == [kc["uuid"]]
    raw.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    raw.create("betrokkenen", {"hadKlantcontact": ref(kc), "rol": "klant", "initiator": True})
    assert admin.get("/consistency").json()["consistent"] is True
    assert admin.get("/consistency", params={"mark": "mark-999"}).status_code == 404


def test_consistency_report_names_a_partij_without_identificator(raw: Api, admin: Api) -> None:
    partij = raw.create("partijen", {"soortPartij": "organisatie", "indicatieActief": True})
    assert admin.get("/consistency").json()["findings"] == [
        {
            "rule": "partij-without-identificator",
            "collection": "partijen",
            "uuid": partij["uuid"],
            "detail": "no partij-identificator identifies it",
        }
    ]


def test_consistency_report_names_a_dangling_reference(app: MockApp) -> None:
    app.provider.store.save("betrokkenen", {"uuid": "b", "hadKlantcontact": "gone", "wasPartij": None})
    findings = app.consistency()["findings"]
    assert [(f["rule"], f["uuid"]) for f in findings] == [("dangling-reference", "b")]


def test_admin_writes_need_the_api_token(app: MockApp) -> None:
    with Api(transport=_SyncASGITransport(app), base_url="http://127.0.0.1:8000/_mock") as anonymous:
        assert anonymous.post("/reset").status_code == 401
        assert anonymous.post("/faults", json={"effect": "reset"}).status_code == 401
        assert anonymous.get("/faults").status_code == 200
    assert app.faults.rules == []


def test_admin_answers_remote_clients_only_with_the_admin_token() -> None:
    guarded = create_app(Settings(admin_token="s3cret"))
    remote = _SyncASGITransport(guarded, client=("10.1.2.3", 4000))
    with Api(transport=remote, base_url="http://mock/_mock", headers=AUTH) as client:
        assert client.get("/faults").status_code == 403
        assert client.get("/faults", headers={"X-Admin-Token": "s3cret"}).status_code == 200
    unguarded = create_app(Settings())
    with Api(
        transport=_SyncASGITransport(unguarded, client=("10.1.2.3", 4000)), base_url="http://mock/_mock"
    ) as client:
        assert client.get("/faults", headers={"X-Admin-Token": ""}).status_code == 403
    with Api(transport=_SyncASGITransport(unguarded), base_url="http://mock/_mock") as client:
        assert client.get("/openapi.yaml").status_code == 200


def test_api_clients_from_anywhere_still_reach_the_api(app: MockApp) -> None:
    remote = _SyncASGITransport(app, client=("10.1.2.3", 4000))
    with httpx.Client(transport=remote, base_url=BASE, headers=AUTH) as client:
        assert client.get("/klantcontacten").status_code == 200

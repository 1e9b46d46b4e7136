"""A run as a sequence diagram: the calls read from the journal, and the SVG drawn from them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from conftest import KLANTCONTACT, MEDEWERKER, Api, ref

from kcc_mock.http.app import MockApp
from kcc_mock.observe import diagram
from kcc_mock.observe.sequence import calls_of

SVG = "{http://www.w3.org/2000/svg}"


def run_with_faults(raw: Api) -> None:
    """An actor before the run; then a klantcontact, a link refused by a fault, a betrokkene stored and then
    failed, and the rollback: the klantcontact deleted (a compensation) and the actor too (not the run's)."""
    actor = raw.create("actoren", MEDEWERKER)
    contact = raw.create("klantcontacten", KLANTCONTACT)
    link = {"actor": ref(actor), "klantcontact": ref(contact)}
    assert raw.post("/actorklantcontacten", json=link, headers={"X-Mock-Fault": "status=503"}).status_code == 503
    betrokkene = {"hadKlantcontact": ref(contact), "rol": "klant", "initiator": True}
    failed = raw.post("/betrokkenen", json=betrokkene, headers={"X-Mock-Fault": "commit-then-fail=503"})
    assert failed.status_code == 503
    assert raw.delete(f"/klantcontacten/{contact['uuid']}").status_code == 204
    assert raw.delete(f"/actoren/{actor['uuid']}").status_code == 204


def test_calls_say_what_the_client_saw_and_what_the_provider_did(app: MockApp, raw: Api) -> None:
    run_with_faults(raw)
    entries = app.journal.entries()
    calls = calls_of(entries[1:])  # the actor was there before the run
    contact = entries[1].response_body["uuid"]
    betrokkene = entries[3].committed["body"]["uuid"]  # type: ignore[index]
    assert [(c.number, c.method, c.target, c.status, c.injected, c.committed) for c in calls] == [
        (2, "POST", "/klantcontacten", 201, None, None),
        (3, "POST", "/actorklantcontacten", 503, "status", None),
        (4, "POST", "/betrokkenen", 503, "commit-then-fail", 201),
        (5, "DELETE", f"/klantcontacten/{contact}", 204, None, None),
        (6, "DELETE", f"/actoren/{entries[0].response_body['uuid']}", 204, None, None),
    ]
    assert [c.stored for c in calls] == [(("klantcontacten", contact),), (), (("betrokkenen", betrokkene),), (), ()]
    assert [c.compensation for c in calls] == [False, False, False, True, False]
    assert [c.effect for c in calls] == [None, "fault 503", "commit, then 503", None, None]
    assert calls[1].fault == "the X-Mock-Fault header: answered 503 instead; the provider never saw the call"
    assert calls[2].fault == (
        "the X-Mock-Fault header: the provider performed the call (it answered 201), then the client got 503"
    )


def test_the_svg_draws_each_call_as_a_link_with_its_fault_marked(app: MockApp, raw: Api) -> None:
    run_with_faults(raw)
    svg = diagram.render(calls_of(app.journal.entries()[1:]))
    root = ET.fromstring(svg)  # well-formed: every label escaped
    links = root.findall(f"{SVG}a")
    assert [link.get("href") for link in links] == ["#call-2", "#call-3", "#call-4", "#call-5", "#call-6"]
    assert [link.get("class") for link in links] == [
        "call",
        "call faulted",
        "call faulted",
        "call compensation",
        "call",
    ]
    markers = [" ".join(t.text or "" for t in g.iter(f"{SVG}text")) for g in root.iter(f"{SVG}g")]
    assert markers == ["⚡ fault 503", "⚡ commit, then 503"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[:3] == ["consumer", "provider (kcc-mock)", "kcc-mock fault layer"]
    assert any(t and t.startswith("201 stored betrokkenen/") for t in texts)  # what the provider really did
    assert any(t and t.startswith("↶ #5 DELETE /klantcontacten/") for t in texts)
    # Many diagrams share one page and a strict Content-Security-Policy: no ids, no styles, no scripts.
    assert not [e for e in root.iter() if "id" in e.attrib or e.tag in (f"{SVG}style", f"{SVG}script")]


def test_a_run_without_faults_has_no_fault_layer_and_cited_calls_are_highlighted(app: MockApp, raw: Api) -> None:
    raw.create("klantcontacten", KLANTCONTACT)
    assert raw.get("/klantcontacten", params={"onderwerp": "<b>&"}).status_code == 200
    calls = calls_of(app.journal.entries())
    svg = diagram.render([calls[0], replace(calls[1], cited=True)])
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "kcc-mock fault layer" not in texts
    assert "#2 GET /klantcontacten?onderwerp=%3Cb%3E%26" in texts
    highlighted = [a.get("class") for a in root.findall(f"{SVG}a")]
    assert highlighted == ["call", "call cited"]


def test_an_empty_run_says_so() -> None:
    root = ET.fromstring(diagram.render([]))
    assert "no calls" in [t.text for t in root.iter(f"{SVG}text")]

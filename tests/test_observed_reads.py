"""Reading back: detail shapes, expand, lists, pagination, filters and ordering, as observed on Open Klant 2.18."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import BASE, KLANTCONTACT, MEDEWERKER, invalid_params, ref

ENVELOPE = ["count", "next", "previous", "results"]


def link(obj: dict[str, Any]) -> dict[str, str]:
    return {"uuid": obj["uuid"], "url": obj["url"]}


def kc(api, **fields: Any) -> dict[str, Any]:
    return api.create("klantcontacten", {**KLANTCONTACT, **fields})


def betrokkene(api, contact: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return api.create("betrokkenen", {"hadKlantcontact": ref(contact), "rol": "klant", "initiator": True, **fields})


def detail(api, obj: dict[str, Any], **params: str) -> dict[str, Any]:
    response = api.get(obj["url"].removeprefix(BASE), params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def listing(api, collection: str, **params: Any) -> dict[str, Any]:
    response = api.get(f"/{collection}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert list(body) == ENVELOPE
    return body


def uuids(body: dict[str, Any]) -> list[str]:
    return [item["uuid"] for item in body["results"]]


def scene(api) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """A klantcontact with one actor and two betrokkenen (created in that order)."""
    actor = api.create("actoren", MEDEWERKER)
    contact = kc(api)
    api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(contact)})
    first = betrokkene(api, contact, contactnaam={"voornaam": "Piet", "achternaam": "Dam"})
    second = betrokkene(api, contact, rol="vertegenwoordiger", initiator=False)
    return actor, contact, [first, second]


# --- detail and expand -------------------------------------------------------------------------------------------


def test_detail_embeds_full_actor_objects_and_betrokkene_references(api):
    actor, contact, betrokkenen = scene(api)
    body = detail(api, contact)
    assert body["hadBetrokkenActoren"] == [detail(api, actor)]
    assert body["hadBetrokkenen"] == [link(b) for b in betrokkenen]
    assert (body["gingOverOnderwerpobjecten"], body["omvatteBijlagen"], body["leiddeTotInterneTaken"]) == ([], [], [])


def test_detail_and_create_responses_have_no_expand_key(api):
    _, contact, betrokkenen = scene(api)
    assert "_expand" not in contact
    assert "_expand" not in betrokkenen[0]
    assert "_expand" not in detail(api, contact)
    assert "_expand" not in detail(api, betrokkenen[0])


def test_expand_had_betrokkenen_on_detail_adds_full_betrokkenen(api):
    _, contact, betrokkenen = scene(api)
    body = detail(api, contact, expand="hadBetrokkenen")
    assert list(body)[-1] == "_expand"
    assert body["_expand"] == {"hadBetrokkenen": [detail(api, b) for b in betrokkenen]}
    assert {k: v for k, v in body.items() if k != "_expand"} == detail(api, contact)


def test_expand_on_list_fills_expand_of_each_item_and_keeps_it_in_next_link(api):
    scene(api)
    kc(api, onderwerp="zonder betrokkenen")
    body = listing(api, "klantcontacten", pageSize=1, expand="hadBetrokkenen")
    assert body["next"] == f"{BASE}/klantcontacten?expand=hadBetrokkenen&page=2&pageSize=1"
    assert body["results"][0]["_expand"] == {"hadBetrokkenen": []}


def test_unknown_expand_value_is_400_invalid_choice(api):
    contact = kc(api)
    response = api.get(f"/klantcontacten/{contact['uuid']}", params={"expand": "bestaatNiet"})
    assert invalid_params(response) == [("expand", "invalid_choice")]
    assert response.json()["invalidParams"][0]["reason"] == (
        "Selecteer een geldige keuze. bestaatNiet is geen beschikbare keuze."
    )


def test_one_invalid_expand_item_makes_the_request_400(api):
    contact = kc(api)
    response = api.get(f"/klantcontacten/{contact['uuid']}", params={"expand": "hadBetrokkenen,bestaatNiet"})
    assert invalid_params(response) == [("expand", "invalid_choice")]


def test_empty_expand_is_ignored(api):
    contact = kc(api)
    assert detail(api, contact, expand="") == contact


def test_unknown_query_parameter_on_detail_is_400(api):
    contact = kc(api)
    response = api.get(f"/klantcontacten/{contact['uuid']}", params={"foo": "bar"})
    assert invalid_params(response) == [("nonFieldErrors", "unknown-parameters")]


def test_uuid_in_path_matches_case_insensitively_and_without_hyphens(api):
    contact = kc(api)
    for variant in (contact["uuid"].upper(), contact["uuid"].replace("-", "")):
        response = api.get(f"/klantcontacten/{variant}")
        assert response.status_code == 200, variant
        assert response.json() == contact


# --- lists and pagination ----------------------------------------------------------------------------------------


def test_list_items_of_klantcontacten_carry_empty_expand(api):
    contact = kc(api)
    body = listing(api, "klantcontacten")
    assert body == {"count": 1, "next": None, "previous": None, "results": [{**contact, "_expand": {}}]}
    assert list(body["results"][0])[-1] == "_expand"


def test_list_items_of_betrokkenen_carry_empty_expand(api):
    b = betrokkene(api, kc(api))
    assert listing(api, "betrokkenen")["results"] == [{**b, "_expand": {}}]


def test_list_items_of_actorklantcontacten_have_no_expand(api):
    actor, contact, _ = scene(api)
    items = listing(api, "actorklantcontacten")["results"]
    assert [list(item) for item in items] == [["uuid", "url", "actor", "klantcontact"]]
    assert (items[0]["actor"], items[0]["klantcontact"]) == (link(actor), link(contact))


def test_page_size_gives_exact_next_link(api):
    for _ in range(3):
        kc(api)
    body = listing(api, "klantcontacten", pageSize=2)
    assert body["count"] == 3
    assert body["next"] == f"{BASE}/klantcontacten?page=2&pageSize=2"
    assert body["previous"] is None
    assert len(body["results"]) == 2


def test_second_page_holds_the_rest(api):
    made = [kc(api, plaatsgevondenOp=f"2024-01-0{day}T10:00:00Z") for day in (1, 2, 3)]
    body = listing(api, "klantcontacten", pageSize=2, page=2)
    assert body["next"] is None
    assert body["previous"] is not None
    assert uuids(body) == [made[0]["uuid"]]


@pytest.mark.parametrize("page", ["999", "0", "abc"])
def test_page_past_end_or_invalid_is_404_ongeldige_pagina(api, page):
    kc(api)
    response = api.get("/klantcontacten", params={"page": page})
    assert response.status_code == 404
    body = response.json()
    assert (body["code"], body["title"], body["status"]) == ("not_found", "Niet gevonden.", 404)
    assert body["detail"] == "Ongeldige pagina."


@pytest.mark.parametrize("size", ["0", "-1", "abc", "100000"])
def test_unusable_page_size_is_ignored(api, size):
    for _ in range(3):
        kc(api)
    body = listing(api, "klantcontacten", pageSize=size)
    assert (body["count"], body["next"], len(body["results"])) == (3, None, 3)


def test_unknown_query_parameter_is_400_unknown_parameters(api):
    response = api.get("/klantcontacten", params={"foo": "bar"})
    assert invalid_params(response) == [("nonFieldErrors", "unknown-parameters")]
    assert response.json()["invalidParams"][0]["reason"] == "Onbekende query parameters: foo"


# --- filters -----------------------------------------------------------------------------------------------------


def test_malformed_uuid_filter_is_400_named_by_query_parameter(api):
    response = api.get("/actorklantcontacten", params={"klantcontact__uuid": "abc"})
    assert invalid_params(response) == [("klantcontact__uuid", "invalid")]
    assert response.json()["invalidParams"][0]["reason"] == "Voer een geldige UUID in."


def test_malformed_uuid_filter_on_betrokkenen_is_named_by_query_parameter(api):
    response = api.get("/betrokkenen", params={"hadKlantcontact__uuid": "abc"})
    assert invalid_params(response) == [("hadKlantcontact__uuid", "invalid")]


def test_filter_betrokkenen_by_had_klantcontact_uuid(api):
    _, contact, (first, second) = scene(api)
    betrokkene(api, kc(api))
    body = listing(api, "betrokkenen", hadKlantcontact__uuid=contact["uuid"])
    assert body["count"] == 2
    assert uuids(body) == [second["uuid"], first["uuid"]]


def test_filter_betrokkenen_for_klantcontact_without_any_is_empty(api):
    scene(api)
    lonely = kc(api)
    body = listing(api, "betrokkenen", hadKlantcontact__uuid=lonely["uuid"])
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_filter_actorklantcontacten_by_klantcontact_uuid(api):
    actor, contact, _ = scene(api)
    other = kc(api)
    api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(other)})
    body = listing(api, "actorklantcontacten", klantcontact__uuid=contact["uuid"])
    assert body["count"] == 1
    assert body["results"][0]["klantcontact"] == link(contact)


def test_filter_klantcontacten_onderwerp_is_case_insensitive_contains(api):
    a = kc(api, onderwerp="Extra probes")
    b = kc(api, onderwerp="Nog meer extra probes hier")
    kc(api, onderwerp="Iets anders")
    assert sorted(uuids(listing(api, "klantcontacten", onderwerp="extra PROBES"))) == sorted([a["uuid"], b["uuid"]])


def test_filter_klantcontacten_kanaal_is_exact_and_case_sensitive(api):
    contact = kc(api, kanaal="telefoon")
    assert uuids(listing(api, "klantcontacten", kanaal="telefoon")) == [contact["uuid"]]
    assert listing(api, "klantcontacten", kanaal="Telefoon")["count"] == 0
    assert listing(api, "klantcontacten", kanaal="tele")["count"] == 0


def test_invalid_boolean_filter_value_is_ignored(api):
    kc(api, vertrouwelijk=True)
    kc(api, vertrouwelijk=False)
    assert listing(api, "klantcontacten", vertrouwelijk="misschien")["count"] == 2


def test_invalid_datetime_filter_value_is_400(api):
    assert invalid_params(api.get("/klantcontacten", params={"plaatsgevondenOp": "gisteren"})) == [
        ("plaatsgevondenOp", "invalid")
    ]


# --- ordering ----------------------------------------------------------------------------------------------------


def test_klantcontacten_are_ordered_newest_plaatsgevonden_op_first(api):
    jan = kc(api, plaatsgevondenOp="2024-01-01T10:00:00Z")
    mar = kc(api, plaatsgevondenOp="2024-03-01T10:00:00Z")
    feb = kc(api, plaatsgevondenOp="2024-02-01T10:00:00Z")
    assert uuids(listing(api, "klantcontacten")) == [mar["uuid"], feb["uuid"], jan["uuid"]]


def test_klantcontacten_with_equal_plaatsgevonden_op_are_newest_created_first(api):
    made = [kc(api, plaatsgevondenOp="2024-01-01T10:00:00Z") for _ in range(3)]
    assert uuids(listing(api, "klantcontacten")) == [m["uuid"] for m in reversed(made)]


def test_betrokkenen_are_ordered_newest_first(api):
    contact = kc(api)
    made = [betrokkene(api, contact) for _ in range(3)]
    assert uuids(listing(api, "betrokkenen")) == [m["uuid"] for m in reversed(made)]


def test_actorklantcontacten_are_ordered_newest_first(api):
    actor = api.create("actoren", MEDEWERKER)
    made = [api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc(api))}) for _ in range(3)]
    assert uuids(listing(api, "actorklantcontacten")) == [m["uuid"] for m in reversed(made)]


def test_empty_page_parameter_is_the_first_page(api):
    api.create("klantcontacten", {"kanaal": "x", "onderwerp": "y", "taal": "nld", "vertrouwelijk": False})
    response = api.get("/klantcontacten", params={"page": ""})
    assert response.status_code == 200
    assert response.json()["count"] == 1

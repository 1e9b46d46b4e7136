"""Creating actoren, as observed on Open Klant 2.18."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import BASE, MEDEWERKER, invalid_params

EMPTY_IDENTIFICATOR = {"objectId": "", "codeObjecttype": "", "codeRegister": "", "codeSoortObjectId": ""}
TEAM = {
    "naam": "Team Burgerzaken",
    "soortActor": "organisatorische_eenheid",
    "indicatieActief": False,
    "actorIdentificatie": {
        "omschrijving": "Burgerzaken",
        "emailadres": "bz@example.com",
        "faxnummer": "",
        "telefoonnummer": "0201234567",
    },
}
PHONE_REASON = (
    "Het opgegeven telefoonnummer is ongeldig, telefoonnummers beginnend met 0800, 0900, 1400 of 140xx zijn niet "
    "toegestaan."
)


def without_id(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in ("uuid", "url")}


def rejected(api, app, body: Any) -> list[tuple[str, str]]:
    """POST a bad actor, return its (name, code) pairs and check that nothing was stored."""
    params = invalid_params(api.post("/actoren", json=body))
    assert app.provider.store.count("actoren") == 0
    return params


def reasons(api, body: Any) -> list[tuple[str, str, str]]:
    response = api.post("/actoren", json=body)
    assert response.status_code == 400, response.text
    return [(p["name"], p["code"], p["reason"]) for p in response.json()["invalidParams"]]


def test_empty_actor_requires_naam_and_soort_actor(api, app):
    assert rejected(api, app, {}) == [("naam", "required"), ("soortActor", "required")]


def test_bad_soort_actor_is_invalid_choice(api, app):
    body = {"naam": "Robot", "soortActor": "robot", "indicatieActief": True}
    assert rejected(api, app, body) == [("soortActor", "invalid_choice")]
    assert reasons(api, body) == [("soortActor", "invalid_choice", '"robot" is een ongeldige keuze.')]


def test_empty_soort_actor_is_invalid_choice_not_blank(api, app):
    assert rejected(api, app, {"naam": "Leeg", "soortActor": ""}) == [("soortActor", "invalid_choice")]


def test_blank_naam_is_blank(api, app):
    assert rejected(api, app, {"naam": "", "soortActor": "geautomatiseerde_actor"}) == [("naam", "blank")]


def test_null_naam_is_null(api, app):
    assert rejected(api, app, {"naam": None, "soortActor": "geautomatiseerde_actor"}) == [("naam", "null")]


def test_medewerker_with_identificator_and_identificatie_is_echoed(api):
    created = api.create("actoren", MEDEWERKER)
    assert created["url"] == f"{BASE}/actoren/{created['uuid']}"
    assert list(created) == [
        "uuid",
        "url",
        "naam",
        "soortActor",
        "indicatieActief",
        "actoridentificator",
        "actorIdentificatie",
    ]
    assert without_id(created) == MEDEWERKER


def test_minimal_geautomatiseerde_actor_gets_defaults(api):
    created = api.create("actoren", {"naam": "Chatbot", "soortActor": "geautomatiseerde_actor"})
    assert without_id(created) == {
        "naam": "Chatbot",
        "soortActor": "geautomatiseerde_actor",
        "indicatieActief": True,
        "actoridentificator": EMPTY_IDENTIFICATOR,
        "actorIdentificatie": None,
    }


def test_organisatorische_eenheid_identificatie_is_shaped_by_soort_actor(api):
    created = api.create("actoren", TEAM)
    assert without_id(created) == {**TEAM, "actoridentificator": EMPTY_IDENTIFICATOR}


def test_actor_detail_equals_create_response(api):
    created = api.create("actoren", MEDEWERKER)
    response = api.get(f"/actoren/{created['uuid']}")
    assert response.status_code == 200
    assert response.json() == created


def test_organisatorische_eenheid_telefoonnummer_14020_is_invalid(api, app):
    body = {**TEAM, "actorIdentificatie": {**TEAM["actorIdentificatie"], "telefoonnummer": "14020"}}
    assert rejected(api, app, body) == [("actorIdentificatie.telefoonnummer", "invalid")]
    assert reasons(api, body) == [("actorIdentificatie.telefoonnummer", "invalid", PHONE_REASON)]


@pytest.mark.parametrize("number", ["0800123456", "0900123456", "14020"])
def test_medewerker_service_telefoonnummer_is_invalid(api, app, number):
    body = {**MEDEWERKER, "actorIdentificatie": {**MEDEWERKER["actorIdentificatie"], "telefoonnummer": number}}
    assert rejected(api, app, body) == [("actorIdentificatie.telefoonnummer", "invalid")]


def test_medewerker_identificatie_requires_functie_and_telefoonnummer_and_valid_email(api, app):
    body = {"naam": "Fout", "soortActor": "medewerker", "actorIdentificatie": {"emailadres": "geen-email"}}
    assert reasons(api, body) == [
        ("actorIdentificatie.functie", "required", "Dit veld is vereist."),
        ("actorIdentificatie.emailadres", "invalid", "Voer een geldig e-mailadres in."),
        ("actorIdentificatie.telefoonnummer", "required", "Dit veld is vereist."),
    ]
    assert app.provider.store.count("actoren") == 0


def test_expand_on_actoren_is_an_unknown_parameter(api):
    response = api.get("/actoren", params={"expand": "x"})
    assert invalid_params(response) == [("nonFieldErrors", "unknown-parameters")]
    assert response.json()["invalidParams"][0]["reason"] == "Onbekende query parameters: expand"

"""Creating actorklantcontacten and betrokkenen, as observed on Open Klant 2.18."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from conftest import BASE, KLANTCONTACT, MEDEWERKER, invalid_params, ref

EMPTY_ADRES = {
    "nummeraanduidingId": "",
    "straatnaam": "",
    "huisnummer": None,
    "huisnummertoevoeging": "",
    "postcode": "",
    "stad": "",
    "adresregel1": "",
    "adresregel2": "",
    "adresregel3": "",
    "land": "",
}
EMPTY_NAAM = {"voorletters": "", "voornaam": "", "voorvoegselAchternaam": "", "achternaam": ""}
PIET = {"voorletters": "P", "voornaam": "Piet", "voorvoegselAchternaam": "van", "achternaam": "Dam"}
BETROKKENE_KEYS = [
    "uuid",
    "url",
    "wasPartij",
    "hadKlantcontact",
    "digitaleAdressen",
    "bezoekadres",
    "correspondentieadres",
    "contactnaam",
    "volledigeNaam",
    "rol",
    "organisatienaam",
    "initiator",
]


def link(obj: dict[str, Any]) -> dict[str, str]:
    """The `{uuid, url}` form a response uses for a reference."""
    return {"uuid": obj["uuid"], "url": obj["url"]}


def pair(api) -> tuple[dict[str, Any], dict[str, Any]]:
    return api.create("actoren", MEDEWERKER), api.create("klantcontacten", KLANTCONTACT)


def rejected(api, app, collection: str, body: Any, method: str = "POST", path: str = "") -> list[tuple[str, str]]:
    """Send a bad write, return its (name, code) pairs and check that the collection did not change."""
    before = app.provider.store.count(collection)
    params = invalid_params(api.request(method, path or f"/{collection}", json=body))
    assert app.provider.store.count(collection) == before
    return params


def reasons(api, collection: str, body: Any) -> list[tuple[str, str, str]]:
    response = api.post(f"/{collection}", json=body)
    assert response.status_code == 400, response.text
    return [(p["name"], p["code"], p["reason"]) for p in response.json()["invalidParams"]]


def betrokkene(kc: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"hadKlantcontact": ref(kc), "rol": "klant", "initiator": True, **fields}


# --- actorklantcontacten -----------------------------------------------------------------------------------------


def test_actorklantcontact_echoes_references_with_url(api):
    actor, kc = pair(api)
    created = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    assert created == {
        "uuid": created["uuid"],
        "url": f"{BASE}/actorklantcontacten/{created['uuid']}",
        "actor": link(actor),
        "klantcontact": link(kc),
    }
    assert list(created) == ["uuid", "url", "actor", "klantcontact"]


def test_duplicate_actor_klantcontact_pair_is_unique(api, app):
    actor, kc = pair(api)
    body = {"actor": ref(actor), "klantcontact": ref(kc)}
    api.create("actorklantcontacten", body)
    assert rejected(api, app, "actorklantcontacten", body) == [("nonFieldErrors", "unique")]
    assert reasons(api, "actorklantcontacten", body) == [
        ("nonFieldErrors", "unique", "De velden actor, klantcontact moeten een unieke set zijn.")
    ]


def test_patch_onto_an_existing_actor_klantcontact_pair_is_unique(api, app):
    actor, kc = pair(api)
    other = api.create("klantcontacten", KLANTCONTACT)
    api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    second = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(other)})
    path = f"/actorklantcontacten/{second['uuid']}"
    params = rejected(api, app, "actorklantcontacten", {"klantcontact": ref(kc)}, "PATCH", path)
    assert params == [("nonFieldErrors", "unique")]
    assert api.get(path).json() == second


def test_unknown_actor_uuid_is_400_at_actor_uuid(api, app):
    _, kc = pair(api)
    body = {"actor": {"uuid": str(uuid.uuid4())}, "klantcontact": ref(kc)}
    assert rejected(api, app, "actorklantcontacten", body) == [("actor.uuid", "invalid")]
    assert reasons(api, "actorklantcontacten", body) == [("actor.uuid", "invalid", "Actor object bestaat niet.")]


def test_unknown_klantcontact_uuid_is_400_at_klantcontact_uuid(api, app):
    actor, _ = pair(api)
    body = {"actor": ref(actor), "klantcontact": {"uuid": str(uuid.uuid4())}}
    assert reasons(api, "actorklantcontacten", body) == [
        ("klantcontact.uuid", "invalid", "Klantcontact object bestaat niet.")
    ]
    assert app.provider.store.count("actorklantcontacten") == 0


def test_malformed_actor_uuid_is_invalid(api, app):
    _, kc = pair(api)
    body = {"actor": {"uuid": "not-a-uuid"}, "klantcontact": ref(kc)}
    assert reasons(api, "actorklantcontacten", body) == [("actor.uuid", "invalid", "Must be a valid UUID.")]
    assert app.provider.store.count("actorklantcontacten") == 0


def test_reference_as_url_string_is_a_nested_non_field_error(api, app):
    actor, kc = pair(api)
    body = {"actor": actor["url"], "klantcontact": ref(kc)}
    assert reasons(api, "actorklantcontacten", body) == [
        ("actor.nonFieldErrors", "invalid", "Ongeldige data. Verwacht een dictionary, kreeg een str.")
    ]
    assert app.provider.store.count("actorklantcontacten") == 0


def test_reference_with_only_url_requires_uuid(api, app):
    actor, kc = pair(api)
    body = {"actor": {"url": actor["url"]}, "klantcontact": ref(kc)}
    assert rejected(api, app, "actorklantcontacten", body) == [("actor.uuid", "required")]


def test_missing_klantcontact_is_required(api, app):
    actor, _ = pair(api)
    assert rejected(api, app, "actorklantcontacten", {"actor": ref(actor)}) == [("klantcontact", "required")]


def test_empty_actorklantcontact_requires_actor_and_klantcontact(api, app):
    assert rejected(api, app, "actorklantcontacten", {}) == [("actor", "required"), ("klantcontact", "required")]


def test_null_klantcontact_is_null(api, app):
    actor, _ = pair(api)
    body = {"actor": ref(actor), "klantcontact": None}
    assert reasons(api, "actorklantcontacten", body) == [("klantcontact", "null", "Dit veld mag niet leeg zijn.")]
    assert app.provider.store.count("actorklantcontacten") == 0


def test_patch_actorklantcontact_to_unknown_klantcontact_is_400_and_keeps_link(api, app):
    actor, kc = pair(api)
    created = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    path = f"/actorklantcontacten/{created['uuid']}"
    body = {"klantcontact": {"uuid": str(uuid.uuid4())}}
    assert rejected(api, app, "actorklantcontacten", body, "PATCH", path) == [("klantcontact.uuid", "invalid")]
    assert api.get(path).json() == created


# --- betrokkenen -------------------------------------------------------------------------------------------------


def test_betrokkene_full_body_is_echoed_with_volledige_naam(api):
    kc = api.create("klantcontacten", KLANTCONTACT)
    bezoekadres = {
        "nummeraanduidingId": "",
        "adresregel1": "Dorpsstraat 1",
        "adresregel2": "1234 AB Ergens",
        "adresregel3": "",
        "land": "NL",
    }
    created = api.create("betrokkenen", betrokkene(kc, organisatienaam="", contactnaam=PIET, bezoekadres=bezoekadres))
    assert list(created) == BETROKKENE_KEYS
    assert created == {
        "uuid": created["uuid"],
        "url": f"{BASE}/betrokkenen/{created['uuid']}",
        "wasPartij": None,
        "hadKlantcontact": link(kc),
        "digitaleAdressen": [],
        "bezoekadres": {**EMPTY_ADRES, **bezoekadres},
        "correspondentieadres": EMPTY_ADRES,
        "contactnaam": PIET,
        "volledigeNaam": "Piet van Dam",
        "rol": "klant",
        "organisatienaam": "",
        "initiator": True,
    }


def test_minimal_betrokkene_has_all_groups_with_empty_values(api):
    kc = api.create("klantcontacten", KLANTCONTACT)
    created = api.create("betrokkenen", {"hadKlantcontact": ref(kc), "rol": "vertegenwoordiger", "initiator": False})
    assert {k: v for k, v in created.items() if k not in ("uuid", "url")} == {
        "wasPartij": None,
        "hadKlantcontact": link(kc),
        "digitaleAdressen": [],
        "bezoekadres": EMPTY_ADRES,
        "correspondentieadres": EMPTY_ADRES,
        "contactnaam": EMPTY_NAAM,
        "volledigeNaam": "",
        "rol": "vertegenwoordiger",
        "organisatienaam": "",
        "initiator": False,
    }


def test_volledige_naam_skips_empty_name_parts(api):
    kc = api.create("klantcontacten", KLANTCONTACT)
    created = api.create("betrokkenen", betrokkene(kc, contactnaam={"voornaam": "Ans", "achternaam": "Jansen"}))
    assert created["volledigeNaam"] == "Ans Jansen"
    assert created["contactnaam"] == {**EMPTY_NAAM, "voornaam": "Ans", "achternaam": "Jansen"}


def test_empty_betrokkene_requires_three_fields(api, app):
    assert rejected(api, app, "betrokkenen", {}) == [
        ("hadKlantcontact", "required"),
        ("rol", "required"),
        ("initiator", "required"),
    ]


def test_missing_initiator_is_required(api, app):
    kc = api.create("klantcontacten", KLANTCONTACT)
    body = {"hadKlantcontact": ref(kc), "rol": "klant"}
    assert rejected(api, app, "betrokkenen", body) == [("initiator", "required")]


def test_bad_rol_is_invalid_choice(api, app):
    kc = api.create("klantcontacten", KLANTCONTACT)
    assert rejected(api, app, "betrokkenen", betrokkene(kc, rol="burger")) == [("rol", "invalid_choice")]
    assert reasons(api, "betrokkenen", betrokkene(kc, rol="burger")) == [
        ("rol", "invalid_choice", '"burger" is een ongeldige keuze.')
    ]


def test_empty_rol_is_invalid_choice_not_blank(api, app):
    kc = api.create("klantcontacten", KLANTCONTACT)
    assert rejected(api, app, "betrokkenen", betrokkene(kc, rol="")) == [("rol", "invalid_choice")]


def test_unknown_had_klantcontact_uuid_is_400_at_had_klantcontact_uuid(api, app):
    body = {"hadKlantcontact": {"uuid": str(uuid.uuid4())}, "rol": "klant", "initiator": True}
    assert reasons(api, "betrokkenen", body) == [
        ("hadKlantcontact.uuid", "invalid", "Klantcontact object bestaat niet.")
    ]
    assert app.provider.store.count("betrokkenen") == 0


def test_unknown_was_partij_uuid_is_400_at_was_partij_uuid(api, app):
    kc = api.create("klantcontacten", KLANTCONTACT)
    body = betrokkene(kc, wasPartij={"uuid": str(uuid.uuid4())})
    assert reasons(api, "betrokkenen", body) == [("wasPartij.uuid", "invalid", "Partij object bestaat niet.")]
    assert app.provider.store.count("betrokkenen") == 0


def test_malformed_had_klantcontact_uuid_is_invalid(api, app):
    body = {"hadKlantcontact": {"uuid": "abc"}, "rol": "klant", "initiator": True}
    assert reasons(api, "betrokkenen", body) == [("hadKlantcontact.uuid", "invalid", "Must be a valid UUID.")]
    assert app.provider.store.count("betrokkenen") == 0


def test_brp_land_code_6030_is_both_invalid_and_too_long(api, app):
    kc = api.create("klantcontacten", KLANTCONTACT)
    body = betrokkene(kc, bezoekadres={"adresregel1": "x", "land": "6030"})
    assert reasons(api, "betrokkenen", body) == [
        ("bezoekadres.land", "invalid", "Ongeldige landcode, de code moet behoren tot de ISO 3166-standaard"),
        ("bezoekadres.land", "max_length", "Zorg ervoor dat dit veld niet meer dan 2 karakters bevat."),
    ]
    assert app.provider.store.count("betrokkenen") == 0


def test_lowercase_land_is_invalid(api, app):
    kc = api.create("klantcontacten", KLANTCONTACT)
    body = betrokkene(kc, correspondentieadres={"adresregel1": "x", "land": "nl"})
    assert rejected(api, app, "betrokkenen", body) == [("correspondentieadres.land", "invalid")]


def test_too_long_adresregel_is_named_in_snake_case(api, app):
    kc = api.create("klantcontacten", KLANTCONTACT)
    body = betrokkene(kc, bezoekadres={"adresregel1": "x" * 81, "land": "NL"})
    assert rejected(api, app, "betrokkenen", body) == [("bezoekadres.adresregel_1", "max_length")]


@pytest.mark.parametrize(("huisnummer", "code"), [(0, "min_value"), (100000, "max_value")])
def test_huisnummer_out_of_range(api, app, huisnummer, code):
    kc = api.create("klantcontacten", KLANTCONTACT)
    body = betrokkene(kc, bezoekadres={"straatnaam": "Dorpsstraat", "huisnummer": huisnummer, "land": "NL"})
    assert rejected(api, app, "betrokkenen", body) == [("bezoekadres.huisnummer", code)]


def test_patch_betrokkene_rol_changes_only_rol(api):
    kc = api.create("klantcontacten", KLANTCONTACT)
    created = api.create("betrokkenen", betrokkene(kc, rol="vertegenwoordiger", initiator=False))
    response = api.patch(f"/betrokkenen/{created['uuid']}", json={"rol": "klant"})
    assert response.status_code == 200, response.text
    assert response.json() == {**created, "rol": "klant"}


def test_patching_a_group_replaces_it_whole(api):
    kc = api.create("klantcontacten", KLANTCONTACT)
    created = api.create("betrokkenen", betrokkene(kc, bezoekadres={"adresregel1": "Dorpsstraat 1", "land": "NL"}))
    response = api.patch(f"/betrokkenen/{created['uuid']}", json={"bezoekadres": {"adresregel2": "Ergens"}})
    assert response.status_code == 200, response.text
    assert response.json()["bezoekadres"] == {**EMPTY_ADRES, "adresregel2": "Ergens"}


def test_null_group_is_shown_as_empty_group(api):
    kc = api.create("klantcontacten", KLANTCONTACT)
    created = api.create("betrokkenen", betrokkene(kc, bezoekadres=None, contactnaam=None))
    assert (created["bezoekadres"], created["contactnaam"]) == (EMPTY_ADRES, EMPTY_NAAM)

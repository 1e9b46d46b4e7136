"""Deletes and their cascades, as observed on Open Klant 2.18 (and the brief's §5.3 for the other children)."""

from __future__ import annotations

from typing import Any

import httpx
from conftest import BASE, KLANTCONTACT, MEDEWERKER, ref

IDENTIFICATOR = {"objectId": "1", "codeObjecttype": "zaak", "codeRegister": "oz", "codeSoortObjectId": "uuid"}


def path(obj: dict[str, Any]) -> str:
    return str(obj["url"]).removeprefix(BASE)


def gone(api, obj: dict[str, Any]) -> bool:
    return api.get(path(obj)).status_code == 404


def delete(api, obj: dict[str, Any]) -> httpx.Response:
    response = api.delete(path(obj))
    assert response.status_code == 204, response.text
    return response


def kc(api) -> dict[str, Any]:
    return api.create("klantcontacten", KLANTCONTACT)


def betrokkene(api, contact: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return api.create("betrokkenen", {"hadKlantcontact": ref(contact), "rol": "klant", "initiator": True, **fields})


def linked(api) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """actor, klantcontact, their actorklantcontact, and a betrokkene of the klantcontact."""
    actor = api.create("actoren", MEDEWERKER)
    contact = kc(api)
    link = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(contact)})
    return actor, contact, link, betrokkene(api, contact)


def test_delete_is_204_with_empty_body(api, app):
    contact = kc(api)
    response = delete(api, contact)
    assert response.content == b""
    assert "content-type" not in response.headers
    assert response.headers["api-version"] == "0.9.0"
    assert response.headers["allow"] == "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"
    assert app.provider.store.count("klantcontacten") == 0


def test_second_delete_is_404(api):
    contact = kc(api)
    delete(api, contact)
    response = api.delete(path(contact))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_get_after_delete_is_404(api):
    contact = kc(api)
    delete(api, contact)
    response = api.get(path(contact))
    assert response.status_code == 404
    assert response.json()["detail"] == "Niet gevonden."


def test_delete_actorklantcontact_keeps_actor_and_klantcontact(api):
    actor, contact, link, _ = linked(api)
    delete(api, link)
    assert gone(api, link)
    assert api.get(path(actor)).json() == actor
    assert api.get(path(contact)).json()["hadBetrokkenActoren"] == []


def test_delete_betrokkene_removes_it_from_its_klantcontact(api):
    _, contact, _, b = linked(api)
    delete(api, b)
    assert gone(api, b)
    assert api.get(path(contact)).json()["hadBetrokkenen"] == []


def test_delete_klantcontact_cascades_to_betrokkenen_and_actorklantcontacten(api, app):
    actor, contact, link, b = linked(api)
    delete(api, contact)
    assert [gone(api, obj) for obj in (contact, link, b)] == [True, True, True]
    assert (app.provider.store.count("betrokkenen"), app.provider.store.count("actorklantcontacten")) == (0, 0)
    assert api.get(path(actor)).json() == actor


def test_delete_actor_cascades_to_actorklantcontacten_and_klantcontact_survives(api, app):
    actor, contact, link, b = linked(api)
    delete(api, actor)
    assert gone(api, actor)
    assert gone(api, link)
    assert app.provider.store.count("actorklantcontacten") == 0
    survivor = api.get(path(contact))
    assert survivor.status_code == 200
    assert survivor.json() == {
        **contact,
        "hadBetrokkenActoren": [],
        "hadBetrokkenen": [{"uuid": b["uuid"], "url": b["url"]}],
    }


def test_delete_klantcontact_cascades_to_onderwerpobjecten_through_both_references(api, app):
    contact, other = kc(api), kc(api)
    about = api.create(
        "onderwerpobjecten",
        {"klantcontact": ref(contact), "wasKlantcontact": None, "onderwerpobjectidentificator": IDENTIFICATOR},
    )
    was = api.create(
        "onderwerpobjecten",
        {"klantcontact": ref(other), "wasKlantcontact": ref(contact), "onderwerpobjectidentificator": IDENTIFICATOR},
    )
    delete(api, contact)
    assert gone(api, about)
    assert gone(api, was)
    assert app.provider.store.count("onderwerpobjecten") == 0
    assert api.get(path(other)).json()["gingOverOnderwerpobjecten"] == []


def test_delete_klantcontact_cascades_to_bijlagen(api, app):
    contact = kc(api)
    bijlage = api.create("bijlagen", {"wasBijlageVanKlantcontact": ref(contact), "bijlageidentificator": IDENTIFICATOR})
    delete(api, contact)
    assert gone(api, bijlage)
    assert app.provider.store.count("bijlagen") == 0


def test_delete_klantcontact_cascades_to_internetaken(api, app):
    actor = api.create("actoren", MEDEWERKER)
    contact = kc(api)
    taak = api.create(
        "internetaken",
        {
            "gevraagdeHandeling": "Terugbellen",
            "aanleidinggevendKlantcontact": ref(contact),
            "toegewezenAanActoren": [ref(actor)],
            "status": "te_verwerken",
        },
    )
    delete(api, contact)
    assert gone(api, taak)
    assert app.provider.store.count("internetaken") == 0
    assert api.get(path(actor)).json() == actor


def test_delete_klantcontact_keeps_digitale_adressen_of_its_betrokkene_unlinked(api, app):
    contact = kc(api)
    b = betrokkene(api, contact)
    adres = api.create(
        "digitaleadressen",
        {
            "verstrektDoorBetrokkene": ref(b),
            "verstrektDoorPartij": None,
            "adres": "a@example.com",
            "soortDigitaalAdres": "email",
        },
    )
    delete(api, contact)
    assert gone(api, b)
    response = api.get(path(adres))
    assert response.status_code == 200
    assert response.json() == {**adres, "verstrektDoorBetrokkene": None}
    assert app.provider.store.count("digitaleadressen") == 1


def test_delete_partij_cascades_to_its_betrokkenen_and_digitale_adressen(api, app):
    partij = api.create(
        "partijen",
        {"soortPartij": "persoon", "indicatieActief": True, "partijIdentificatie": {"contactnaam": {"voornaam": "A"}}},
    )
    contact = kc(api)
    b = betrokkene(api, contact, wasPartij=ref(partij))
    adres = api.create(
        "digitaleadressen",
        {
            "verstrektDoorBetrokkene": None,
            "verstrektDoorPartij": ref(partij),
            "adres": "p@example.com",
            "soortDigitaalAdres": "email",
        },
    )
    delete(api, partij)
    assert gone(api, b)
    assert gone(api, adres)
    assert api.get(path(contact)).json()["hadBetrokkenen"] == []

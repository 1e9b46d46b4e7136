"""Rules of the optional F2173 relations: digitale adressen, internetaken, onderwerpobjecten."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import KLANTCONTACT, MEDEWERKER, Api, invalid_params, ref

from kcc_mock.http.app import MockApp

PARTIJ = {"soortPartij": "organisatie", "indicatieActief": True, "partijIdentificatie": {"naam": "Wereldwinkel"}}


@pytest.fixture
def kc(api: Api) -> dict[str, Any]:
    """A klantcontact to hang relations on."""
    return api.create("klantcontacten", KLANTCONTACT)


@pytest.fixture
def actor(api: Api) -> dict[str, Any]:
    """A medewerker."""
    return api.create("actoren", MEDEWERKER)


def adres(**fields: Any) -> dict[str, Any]:
    """A digitaal adres body; `verstrektDoorPartij` present (null) unless overridden."""
    return {"verstrektDoorPartij": None, "soortDigitaalAdres": "email", "adres": "a@example.nl", **fields}


def test_digitaal_adres_requires_the_verstrekt_door_partij_key(api: Api, app: MockApp) -> None:
    body = adres()
    del body["verstrektDoorPartij"]
    assert invalid_params(api.post("/digitaleadressen", json=body)) == [("verstrektDoorPartij", "required")]
    assert app.provider.store.count("digitaleadressen") == 0


def test_digitaal_adres_defaults(api: Api) -> None:
    created = api.create("digitaleadressen", adres())
    assert (created["isStandaardAdres"], created["referentie"], created["verificatieDatum"]) == (False, "", None)
    assert created["omschrijving"] == ""


def test_email_adres_must_be_an_email_address(api: Api) -> None:
    assert invalid_params(api.post("/digitaleadressen", json=adres(adres="geen-email"))) == [("adres", "invalid")]


def test_telefoonnummer_adres_follows_the_phone_rules(api: Api) -> None:
    response = api.post("/digitaleadressen", json=adres(soortDigitaalAdres="telefoonnummer", adres="0800123456"))
    assert invalid_params(response) == [("adres", "invalid")]
    assert (
        api.post("/digitaleadressen", json=adres(soortDigitaalAdres="telefoonnummer", adres="0612345678")).status_code
        == 201
    )


def test_standaard_adres_needs_a_partij(api: Api) -> None:
    response = api.post("/digitaleadressen", json=adres(isStandaardAdres=True))
    assert invalid_params(response) == [("isStandaardAdres", "invalid")]


def test_a_new_standaard_adres_unsets_the_previous_one_of_the_same_partij_and_kind(api: Api) -> None:
    partij = api.create("partijen", PARTIJ)
    first = api.create("digitaleadressen", adres(verstrektDoorPartij=ref(partij), isStandaardAdres=True))
    other_kind = api.create(
        "digitaleadressen",
        adres(verstrektDoorPartij=ref(partij), isStandaardAdres=True, soortDigitaalAdres="overig", adres="x"),
    )
    api.create("digitaleadressen", adres(verstrektDoorPartij=ref(partij), isStandaardAdres=True, adres="b@example.nl"))
    assert api.get(f"/digitaleadressen/{first['uuid']}").json()["isStandaardAdres"] is False
    assert api.get(f"/digitaleadressen/{other_kind['uuid']}").json()["isStandaardAdres"] is True


def test_internetaak_needs_exactly_one_of_the_actor_fields(api: Api, kc: dict[str, Any], actor: dict[str, Any]) -> None:
    base = {"aanleidinggevendKlantcontact": ref(kc), "gevraagdeHandeling": "Bellen", "status": "te_verwerken"}
    both = {**base, "toegewezenAanActor": ref(actor), "toegewezenAanActoren": [ref(actor)]}
    assert invalid_params(api.post("/internetaken", json=base)) == [("nonFieldErrors", "invalid")]
    assert invalid_params(api.post("/internetaken", json=both)) == [("nonFieldErrors", "invalid")]


def test_deprecated_single_actor_is_stored_as_the_actor_list(
    api: Api, kc: dict[str, Any], actor: dict[str, Any]
) -> None:
    body = {"aanleidinggevendKlantcontact": ref(kc), "toegewezenAanActor": ref(actor), "gevraagdeHandeling": "x"}
    taak = api.create("internetaken", {**body, "status": "te_verwerken"})
    assert taak["toegewezenAanActoren"] == [{"uuid": actor["uuid"], "url": actor["url"]}]
    assert taak["toegewezenAanActor"] == {"uuid": actor["uuid"], "url": actor["url"]}
    assert taak["afgehandeldOp"] is None
    assert taak["toegewezenOp"].endswith("Z")


def test_status_verwerkt_sets_afgehandeld_op_and_te_verwerken_clears_it(
    api: Api, kc: dict[str, Any], actor: dict[str, Any]
) -> None:
    body = {"aanleidinggevendKlantcontact": ref(kc), "toegewezenAanActoren": [ref(actor)], "gevraagdeHandeling": "x"}
    taak = api.create("internetaken", {**body, "status": "te_verwerken"})
    done = api.patch(f"/internetaken/{taak['uuid']}", json={"status": "verwerkt"}).json()
    assert done["afgehandeldOp"] is not None
    reopened = api.patch(f"/internetaken/{taak['uuid']}", json={"status": "te_verwerken"}).json()
    assert reopened["afgehandeldOp"] is None


def test_afgehandeld_op_with_te_verwerken_is_rejected(api: Api, kc: dict[str, Any], actor: dict[str, Any]) -> None:
    body = {
        "aanleidinggevendKlantcontact": ref(kc),
        "toegewezenAanActoren": [ref(actor)],
        "gevraagdeHandeling": "x",
        "status": "te_verwerken",
        "afgehandeldOp": "2024-03-01T10:00:00Z",
    }
    assert invalid_params(api.post("/internetaken", json=body)) == [("afgehandeldOp", "invalid")]


def test_unknown_actor_in_the_list_is_named_by_index(api: Api, kc: dict[str, Any], actor: dict[str, Any]) -> None:
    body = {
        "aanleidinggevendKlantcontact": ref(kc),
        "toegewezenAanActoren": [ref(actor), {"uuid": "0397b074-f821-4e21-b4cb-5739dd83ffab"}],
        "gevraagdeHandeling": "x",
        "status": "te_verwerken",
    }
    assert invalid_params(api.post("/internetaken", json=body)) == [("toegewezenAanActoren.1.uuid", "invalid")]


def test_deleting_an_actor_removes_it_from_internetaken(api: Api, kc: dict[str, Any], actor: dict[str, Any]) -> None:
    body = {"aanleidinggevendKlantcontact": ref(kc), "toegewezenAanActoren": [ref(actor)], "gevraagdeHandeling": "x"}
    taak = api.create("internetaken", {**body, "status": "te_verwerken"})
    assert api.delete(f"/actoren/{actor['uuid']}").status_code == 204
    after = api.get(f"/internetaken/{taak['uuid']}").json()
    # Recorded (internetaak-rules): the deprecated single form then reads {"uuid": null}, without url.
    assert (after["toegewezenAanActoren"], after["toegewezenAanActor"]) == ([], {"uuid": None})


def test_onderwerpobject_without_klantcontact_is_accepted(api: Api) -> None:
    created = api.create("onderwerpobjecten", {"klantcontact": None, "onderwerpobjectidentificator": {"objectId": "z"}})
    assert created["klantcontact"] is None
    assert created["onderwerpobjectidentificator"] == {
        "objectId": "z",
        "codeObjecttype": "",
        "codeRegister": "",
        "codeSoortObjectId": "",
    }


def test_cascading_onderwerpobject_delete_removes_an_unshared_klantcontact(
    api: Api, app: MockApp, kc: dict[str, Any]
) -> None:
    betrokkene = api.create("betrokkenen", {"hadKlantcontact": ref(kc), "rol": "klant", "initiator": True})
    api.create("digitaleadressen", adres(verstrektDoorBetrokkene=ref(betrokkene)))
    onderwerp = api.create("onderwerpobjecten", {"klantcontact": ref(kc)})
    response = api.delete(f"/onderwerpobjecten/{onderwerp['uuid']}", params={"cascade": "true"})
    assert (response.status_code, response.json()) == (200, {"behouden": []})
    assert api.get(f"/klantcontacten/{kc['uuid']}").status_code == 404
    assert app.provider.store.count("digitaleadressen") == 0
    assert app.provider.store.count("betrokkenen") == 0


def test_cascading_onderwerpobject_delete_keeps_a_shared_klantcontact(api: Api, kc: dict[str, Any]) -> None:
    first = api.create("onderwerpobjecten", {"klantcontact": ref(kc)})
    api.create("onderwerpobjecten", {"wasKlantcontact": ref(kc)})
    response = api.delete(f"/onderwerpobjecten/{first['uuid']}", params={"cascade": "true"})
    assert (response.status_code, response.json()) == (200, {"behouden": [kc["url"]]})
    assert api.get(f"/klantcontacten/{kc['uuid']}").status_code == 200


def test_plain_onderwerpobject_delete_keeps_the_klantcontact(api: Api, kc: dict[str, Any]) -> None:
    onderwerp = api.create("onderwerpobjecten", {"klantcontact": ref(kc)})
    assert api.delete(f"/onderwerpobjecten/{onderwerp['uuid']}").status_code == 204
    assert api.get(f"/klantcontacten/{kc['uuid']}").json()["gingOverOnderwerpobjecten"] == []

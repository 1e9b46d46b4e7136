"""Partijen with nested identificatoren: atomic creation, the 11-test, the register hierarchy."""

from __future__ import annotations

from typing import Any

from conftest import Api, invalid_params, ref

from kcc_mock.http.app import MockApp
from kcc_mock.provider.partijen import passes_eleven_test


def identificator(soort: str = "bsn", object_id: str = "999990019", **extra: Any) -> dict[str, Any]:
    """A nested partij identificator."""
    kinds = {"bsn": ("brp", "natuurlijk_persoon"), "kvk_nummer": ("hr", "niet_natuurlijk_persoon")}
    register, kind = kinds.get(soort, ("hr", "niet_natuurlijk_persoon"))
    group = {"codeObjecttype": kind, "codeSoortObjectId": soort, "objectId": object_id, "codeRegister": register}
    return {"partijIdentificator": group, **extra}


def persoon(*identificatoren: dict[str, Any]) -> dict[str, Any]:
    """A persoon partij body."""
    return {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "partijIdentificatie": {
            "contactnaam": {"voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"}
        },
        "partijIdentificatoren": list(identificatoren),
    }


def counts(app: MockApp) -> tuple[int, int]:
    """Stored partijen and identificatoren."""
    return app.provider.store.count("partijen"), app.provider.store.count("partij-identificatoren")


def test_eleven_test_accepts_valid_and_rejects_invalid_numbers() -> None:
    assert passes_eleven_test("999990019")
    assert passes_eleven_test("111222333")
    assert not passes_eleven_test("123456789")
    assert not passes_eleven_test("99999001")


def test_partij_is_created_with_its_identificator_embedded(api: Api, app: MockApp) -> None:
    partij = api.create("partijen", persoon(identificator()))
    [nested] = partij["partijIdentificatoren"]
    assert nested["identificeerdePartij"] == {"uuid": partij["uuid"], "url": partij["url"]}
    assert nested["partijIdentificator"]["objectId"] == "999990019"
    assert partij["partijIdentificatie"]["volledigeNaam"] == "Jan de Vries"
    assert api.get(f"/partij-identificatoren/{nested['uuid']}").status_code == 200
    assert counts(app) == (1, 1)


def test_bsn_failing_the_eleven_test_stores_neither_partij_nor_identificator(api: Api, app: MockApp) -> None:
    response = api.post("/partijen", json=persoon(identificator(object_id="123456789")))
    assert invalid_params(response) == [("partijIdentificatoren.0.partijIdentificatorObjectId", "invalid")]
    assert counts(app) == (0, 0)


def test_register_hierarchy_is_enforced(api: Api) -> None:
    wrong = identificator()
    wrong["partijIdentificator"]["codeRegister"] = "hr"
    response = api.post("/partijen", json=persoon(wrong))
    assert invalid_params(response) == [("partijIdentificatoren.0.partijIdentificatorCodeObjecttype", "invalid")]


def test_duplicate_identificator_is_refused(api: Api, app: MockApp) -> None:
    api.create("partijen", persoon(identificator()))
    response = api.post("/partijen", json=persoon(identificator()))
    assert invalid_params(response) == [("__all__", "invalid")]  # a database constraint: not per item
    assert counts(app) == (1, 1)


def test_nested_identificator_may_not_name_its_partij(api: Api, app: MockApp) -> None:
    other = api.create("partijen", persoon())
    response = api.post("/partijen", json=persoon(identificator(identificeerdePartij=ref(other))))
    assert invalid_params(response) == [("partijIdentificatoren.0.identificeerdePartij", "invalid")]
    assert counts(app) == (1, 0)


def test_put_replaces_the_nested_identificatoren(api: Api, app: MockApp) -> None:
    partij = api.create("partijen", persoon(identificator()))
    replaced = api.put(f"/partijen/{partij['uuid']}", json=persoon(identificator("kvk_nummer", "12345678")))
    assert replaced.status_code == 200, replaced.text
    assert [i["partijIdentificator"]["codeSoortObjectId"] for i in replaced.json()["partijIdentificatoren"]] == [
        "kvk_nummer"
    ]
    assert counts(app) == (1, 1)


def test_digitale_adressen_list_links_addresses_and_the_preferred_one_must_be_among_them(api: Api) -> None:
    first = api.create(
        "digitaleadressen", {"verstrektDoorPartij": None, "soortDigitaalAdres": "email", "adres": "a@example.nl"}
    )
    second = api.create(
        "digitaleadressen", {"verstrektDoorPartij": None, "soortDigitaalAdres": "email", "adres": "b@example.nl"}
    )
    partij = api.create(
        "partijen", {**persoon(), "digitaleAdressen": [ref(first)], "voorkeursDigitaalAdres": ref(first)}
    )
    assert partij["digitaleAdressen"] == [{"uuid": first["uuid"], "url": first["url"]}]
    assert api.get(f"/digitaleadressen/{first['uuid']}").json()["verstrektDoorPartij"]["uuid"] == partij["uuid"]
    refused = api.patch(f"/partijen/{partij['uuid']}", json={"voorkeursDigitaalAdres": ref(second)})
    assert invalid_params(refused) == [("voorkeursDigitaalAdres", "invalid")]


def test_deleting_a_partij_deletes_its_identificatoren(api: Api, app: MockApp) -> None:
    partij = api.create("partijen", persoon(identificator()))
    assert api.delete(f"/partijen/{partij['uuid']}").status_code == 204
    assert counts(app) == (0, 0)


def test_partij_is_found_by_its_bsn(api: Api) -> None:
    partij = api.create("partijen", persoon(identificator()))
    api.create("partijen", persoon(identificator(object_id="111222333")))
    params = {"partijIdentificator__codeSoortObjectId": "bsn", "partijIdentificator__objectId": "999990019"}
    found = api.get("/partijen", params=params).json()
    assert [p["uuid"] for p in found["results"]] == [partij["uuid"]]


def test_standalone_vestigingsnummer_needs_a_kvk_parent(api: Api) -> None:
    body = {
        "partijIdentificator": {
            "codeObjecttype": "vestiging",
            "codeSoortObjectId": "vestigingsnummer",
            "objectId": "123456789012",
            "codeRegister": "hr",
        }
    }
    assert invalid_params(api.post("/partij-identificatoren", json=body)) == [("subIdentificatorVan", "invalid")]

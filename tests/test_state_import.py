"""PUT /_mock/state: an import is validated like API requests, every error listed, nothing changed."""

from __future__ import annotations

from pathlib import Path

from conftest import KLANTCONTACT, Api, invalid_params, ref

from kcc_mock.http.app import MockApp
from kcc_mock.provider.fixtures import load_fixtures, read_fixtures

EXAMPLES = Path(__file__).parent.parent / "examples" / "fixtures.yaml"
KC_UUID = "6f6d6f6b-0000-4000-8000-000000000001"
BETROKKENE_UUID = "6f6d6f6b-0000-4000-8000-000000000002"


def test_state_import_round_trips_an_export_of_every_collection(raw: Api, admin: Api, app: MockApp) -> None:
    created = load_fixtures(app.provider, read_fixtures(EXAMPLES), "http://127.0.0.1:8000/klantinteracties/api/v1")
    actor, partij = {"uuid": created["actoren"][0]}, {"uuid": created["partijen"][0]}
    kc = ref(raw.create("klantcontacten", KLANTCONTACT))
    raw.create("actorklantcontacten", {"actor": actor, "klantcontact": kc})
    betrokkene = raw.create(
        "betrokkenen", {"hadKlantcontact": kc, "wasPartij": partij, "rol": "klant", "initiator": True}
    )
    adres = {"verstrektDoorBetrokkene": ref(betrokkene), "verstrektDoorPartij": None, "soortDigitaalAdres": "email"}
    raw.create("digitaleadressen", {**adres, "adres": "a@example.nl"})
    raw.create("onderwerpobjecten", {"klantcontact": kc, "wasKlantcontact": None})
    raw.create("bijlagen", {"wasBijlageVanKlantcontact": kc})
    taak = {"aanleidinggevendKlantcontact": kc, "toegewezenAanActoren": [actor], "gevraagdeHandeling": "Bellen"}
    raw.create("internetaken", {**taak, "status": "te_verwerken"})
    categorie = ref(raw.create("categorieen", {"naam": "Zorg"}))
    raw.create("categorie-relaties", {"partij": partij, "categorie": categorie, "eindDatum": "2030-01-01"})
    raw.create("rekeningnummers", {"partij": partij, "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"})
    organisatie = {"soortPartij": "organisatie", "indicatieActief": True, "partijIdentificatie": {"naam": "Bakker"}}
    other = ref(raw.create("partijen", organisatie))
    raw.create("vertegenwoordigingen", {"vertegenwoordigendePartij": partij, "vertegenwoordigdePartij": other})
    state = admin.get("/state").json()
    assert sorted(name for name, records in state.items() if not records) == []
    assert admin.post("/reset").status_code == 204
    response = admin.put("/state", json=state)
    assert response.status_code == 204, response.text
    assert admin.get("/state").json() == state


def test_state_import_round_trips_groups_stored_as_null(raw: Api, admin: Api) -> None:
    """A partij and an actor created without their identificatie group hold null, and import as exported."""
    raw.create("partijen", {"soortPartij": "organisatie", "indicatieActief": True})
    identificator = {"objectId": "1", "codeObjecttype": "t", "codeRegister": "r", "codeSoortObjectId": "s"}
    eenheid = {"naam": "Team", "soortActor": "organisatorische_eenheid", "indicatieActief": True}
    raw.create("actoren", {**eenheid, "actoridentificator": identificator})
    state = admin.get("/state").json()
    groups = [state["partijen"][0]["partijIdentificatie"], state["actoren"][0]["actorIdentificatie"]]
    assert groups == [None, None]
    assert admin.post("/reset").status_code == 204
    response = admin.put("/state", json=state)
    assert response.status_code == 204, response.text
    assert admin.get("/state").json() == state


def test_state_import_accepts_references_written_as_uuid_objects(raw: Api, admin: Api) -> None:
    kc = {"uuid": KC_UUID, **KLANTCONTACT}
    betrokkene = {"uuid": BETROKKENE_UUID, "hadKlantcontact": {"uuid": KC_UUID}, "rol": "klant", "initiator": True}
    response = admin.put("/state", json={"klantcontacten": [kc], "betrokkenen": [betrokkene]})
    assert response.status_code == 204, response.text
    read = raw.get(f"/klantcontacten/{KC_UUID}")
    assert read.status_code == 200
    assert [b["uuid"] for b in read.json()["hadBetrokkenen"]] == [BETROKKENE_UUID]
    assert raw.get(f"/betrokkenen/{BETROKKENE_UUID}").json()["hadKlantcontact"]["uuid"] == KC_UUID


def test_state_import_fills_left_out_optional_fields_as_a_create_would(raw: Api, admin: Api) -> None:
    assert admin.put("/state", json={"klantcontacten": [{"uuid": KC_UUID, **KLANTCONTACT}]}).status_code == 204
    imported = raw.get(f"/klantcontacten/{KC_UUID}").json()
    created = raw.create("klantcontacten", KLANTCONTACT)
    ignored = {"uuid", "url", "nummer", "plaatsgevondenOp"}
    assert {k: v for k, v in imported.items() if k not in ignored} == {
        k: v for k, v in created.items() if k not in ignored
    }


def test_state_import_refuses_wrong_types_and_missing_fields_listing_every_error(raw: Api, admin: Api) -> None:
    kc = raw.create("klantcontacten", KLANTCONTACT)
    before = admin.get("/state").json()
    broken = {
        "klantcontacten": [{"uuid": KC_UUID, "kanaal": ["telefoon"], "vertrouwelijk": "nee", "taal": "nld"}],
        "betrokkenen": [{"uuid": BETROKKENE_UUID, "hadKlantcontact": {"uuid": KC_UUID}, "initiator": True}],
    }
    response = admin.put("/state", json=broken)
    # The same names and codes a POST of these bodies earns (see the POST below), prefixed per record.
    assert sorted(invalid_params(response)) == [
        ("betrokkenen.0.rol", "required"),
        ("klantcontacten.0.kanaal", "invalid"),
        ("klantcontacten.0.onderwerp", "required"),
        ("klantcontacten.0.vertrouwelijk", "invalid"),
    ]
    body = response.json()
    assert (body["status"], body["code"]) == (400, "invalid")
    as_post = raw.post("/klantcontacten", json={"kanaal": ["telefoon"], "vertrouwelijk": "nee", "taal": "nld"})
    assert sorted(invalid_params(as_post)) == [
        ("kanaal", "invalid"),
        ("onderwerp", "required"),
        ("vertrouwelijk", "invalid"),
    ]
    assert admin.get("/state").json() == before
    assert raw.get(f"/klantcontacten/{kc['uuid']}").status_code == 200


def test_state_import_stores_values_as_the_api_cleans_them(raw: Api, admin: Api) -> None:
    # DRF's CharField takes a number as its text; an import stores what a POST would have stored.
    response = admin.put("/state", json={"klantcontacten": [{"uuid": KC_UUID, **KLANTCONTACT, "onderwerp": 5}]})
    assert response.status_code == 204, response.text
    assert raw.get(f"/klantcontacten/{KC_UUID}").json()["onderwerp"] == "5"
    assert raw.create("klantcontacten", {**KLANTCONTACT, "onderwerp": 5})["onderwerp"] == "5"


def test_state_import_refuses_a_reference_object_without_a_uuid(admin: Api) -> None:
    betrokkene = {"uuid": BETROKKENE_UUID, "hadKlantcontact": {"id": 1}, "rol": "klant", "initiator": True}
    response = admin.put("/state", json={"betrokkenen": [betrokkene]})
    assert ("betrokkenen.0.hadKlantcontact", "invalid") in invalid_params(response)
    assert admin.get("/state").json()["betrokkenen"] == []


def test_state_import_with_a_dangling_uuid_object_reference_names_it(admin: Api, raw: Api) -> None:
    kc = raw.create("klantcontacten", KLANTCONTACT)
    betrokkene = {"uuid": BETROKKENE_UUID, "hadKlantcontact": ref(kc), "rol": "klant", "initiator": True}
    response = admin.put("/state", json={"betrokkenen": [betrokkene]})  # the klantcontact is not in the import
    assert invalid_params(response) == [("betrokkenen.0.hadKlantcontact", "invalid")]

"""F2173 "Registreer klantcontact" against the mock: the happy flow and every rollback of the saga.

The consumer's compensating deletes are written out here call by call, as the brief's §6.3
matrix lists them, and each scenario ends by counting what is left in the store.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import KLANTCONTACT, MEDEWERKER, Api, ref

from kcc_mock.http.app import MockApp

BSN = "999990019"  # passes the 11-test
PARTIJ = {
    "soortPartij": "persoon",
    "indicatieActief": True,
    "voorkeurstaal": "nld",
    "partijIdentificatie": {
        "contactnaam": {"voorletters": "J", "voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"}
    },
    "partijIdentificatoren": [
        {
            "partijIdentificator": {
                "codeObjecttype": "natuurlijk_persoon",
                "codeSoortObjectId": "bsn",
                "objectId": BSN,
                "codeRegister": "brp",
            }
        }
    ],
}
FLOW_COLLECTIONS = (
    "klantcontacten",
    "actorklantcontacten",
    "betrokkenen",
    "partijen",
    "partij-identificatoren",
    "digitaleadressen",
    "onderwerpobjecten",
    "bijlagen",
    "internetaken",
)


def counts(app: MockApp) -> dict[str, int]:
    """Stored objects per collection of the flow (actoren are pre-existing and left out)."""
    return {name: app.provider.store.count(name) for name in FLOW_COLLECTIONS}


def nothing_left(app: MockApp) -> dict[str, int]:
    """What counts() is once a saga has rolled back completely."""
    return dict.fromkeys(FLOW_COLLECTIONS, 0)


def compensate(api: Api, created: list[tuple[str, dict[str, Any]]]) -> list[int]:
    """Delete what a run created, newest first; a 404 counts as done. Returns the statuses."""
    statuses = [api.delete(f"/{collection}/{obj['uuid']}").status_code for collection, obj in reversed(created)]
    assert set(statuses) <= {204, 404}, statuses
    return statuses


@pytest.fixture
def actor(api: Api) -> dict[str, Any]:
    """The logged-in medewerker, registered before any flow runs."""
    return api.create("actoren", MEDEWERKER)


def test_complete_flow_links_every_relation_both_ways(api: Api, actor: dict[str, Any]) -> None:
    kc = api.create("klantcontacten", {**KLANTCONTACT, "referentienummer": "23009182", "indicatieContactGelukt": True})
    akc = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    partij = api.create("partijen", PARTIJ)
    betrokkene = api.create(
        "betrokkenen",
        {
            "hadKlantcontact": ref(kc),
            "wasPartij": ref(partij),
            "rol": "klant",
            "initiator": True,
            "contactnaam": {"voornaam": "Jan", "achternaam": "Vries"},
        },
    )
    adres = api.create(
        "digitaleadressen",
        {
            "verstrektDoorBetrokkene": ref(betrokkene),
            "verstrektDoorPartij": None,
            "soortDigitaalAdres": "email",
            "adres": "jan@example.nl",
        },
    )
    onderwerp = api.create(
        "onderwerpobjecten",
        {
            "klantcontact": ref(kc),
            "wasKlantcontact": None,
            "onderwerpobjectidentificator": {
                "objectId": "z1",
                "codeObjecttype": "zaak",
                "codeRegister": "open-zaak",
                "codeSoortObjectId": "uuid",
            },
        },
    )
    bijlage = api.create("bijlagen", {"wasBijlageVanKlantcontact": ref(kc), "bijlageidentificator": {"objectId": "d1"}})
    taak = api.create(
        "internetaken",
        {
            "aanleidinggevendKlantcontact": ref(kc),
            "toegewezenAanActoren": [ref(actor)],
            "gevraagdeHandeling": "Terugbellen",
            "status": "te_verwerken",
        },
    )
    expand = "hadBetrokkenen,gingOverOnderwerpobjecten,omvatteBijlagen,leiddeTotInterneTaken"
    final = api.get(f"/klantcontacten/{kc['uuid']}", params={"expand": expand}).json()

    assert [a["uuid"] for a in final["hadBetrokkenActoren"]] == [actor["uuid"]]
    assert final["hadBetrokkenActoren"][0]["naam"] == MEDEWERKER["naam"]
    assert [b["uuid"] for b in final["hadBetrokkenen"]] == [betrokkene["uuid"]]
    assert [o["uuid"] for o in final["gingOverOnderwerpobjecten"]] == [onderwerp["uuid"]]
    assert [b["uuid"] for b in final["omvatteBijlagen"]] == [bijlage["uuid"]]
    assert [t["uuid"] for t in final["leiddeTotInterneTaken"]] == [taak["uuid"]]
    assert final["_expand"]["hadBetrokkenen"][0]["wasPartij"]["uuid"] == partij["uuid"]
    assert final["_expand"]["hadBetrokkenen"][0]["digitaleAdressen"] == [{"uuid": adres["uuid"], "url": adres["url"]}]
    assert akc["klantcontact"] == {"uuid": kc["uuid"], "url": kc["url"]}
    assert akc["uuid"] != kc["uuid"]
    assert taak["toegewezenAanActor"] == {"uuid": actor["uuid"], "url": actor["url"]}
    partij_now = api.get(f"/partijen/{partij['uuid']}").json()
    assert [b["uuid"] for b in partij_now["betrokkenen"]] == [betrokkene["uuid"]]
    found = api.get("/klantcontacten", params={"referentienummer": "23009182"}).json()
    assert [k["uuid"] for k in found["results"]] == [kc["uuid"]]


def test_rejected_first_step_stores_nothing(api: Api, app: MockApp) -> None:
    response = api.post("/klantcontacten", json={**KLANTCONTACT, "taal": "Nederlands"})
    assert response.status_code == 400
    assert counts(app) == nothing_left(app)


def test_ambiguous_first_step_is_reconciled_by_referentienummer(api: Api, app: MockApp) -> None:
    api.create("klantcontacten", {**KLANTCONTACT, "referentienummer": "4711"})  # the answer got lost
    found = api.get("/klantcontacten", params={"referentienummer": "4711"}).json()["results"]
    assert len(found) == 1
    retry = api.post("/klantcontacten", json={**KLANTCONTACT, "referentienummer": "4711"})
    assert retry.status_code == 400  # a blind retry is refused: the number is unique
    compensate(api, [("klantcontacten", found[0])])
    assert counts(app) == nothing_left(app)


def test_failed_actor_link_is_rolled_back_by_deleting_the_klantcontact(api: Api, app: MockApp) -> None:
    kc = api.create("klantcontacten", KLANTCONTACT)
    failed = api.post(
        "/actorklantcontacten",
        json={"actor": {"uuid": "0397b074-f821-4e21-b4cb-5739dd83ffab"}, "klantcontact": ref(kc)},
    )
    assert failed.status_code == 400
    compensate(api, [("klantcontacten", kc)])
    assert counts(app) == nothing_left(app)


def test_failed_partij_is_rolled_back_without_touching_the_actor(api: Api, app: MockApp, actor: dict[str, Any]) -> None:
    kc = api.create("klantcontacten", KLANTCONTACT)
    akc = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    bad_bsn = {
        **PARTIJ,
        "partijIdentificatoren": [
            {
                "partijIdentificator": {
                    **PARTIJ["partijIdentificatoren"][0]["partijIdentificator"],
                    "objectId": "123456789",
                }
            }
        ],
    }
    assert api.post("/partijen", json=bad_bsn).status_code == 400
    compensate(api, [("klantcontacten", kc), ("actorklantcontacten", akc)])
    assert counts(app) == nothing_left(app)
    assert api.get(f"/actoren/{actor['uuid']}").status_code == 200


def test_failed_betrokkene_is_rolled_back_including_the_new_partij(
    api: Api, app: MockApp, actor: dict[str, Any]
) -> None:
    kc = api.create("klantcontacten", KLANTCONTACT)
    akc = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    partij = api.create("partijen", PARTIJ)
    failed = api.post(
        "/betrokkenen", json={"hadKlantcontact": ref(kc), "wasPartij": ref(partij), "rol": "burger", "initiator": True}
    )
    assert failed.status_code == 400
    compensate(api, [("klantcontacten", kc), ("actorklantcontacten", akc), ("partijen", partij)])
    assert counts(app) == nothing_left(app)
    assert api.get(f"/actoren/{actor['uuid']}").status_code == 200


def test_deleting_the_klantcontact_first_makes_the_child_deletes_404(
    api: Api, app: MockApp, actor: dict[str, Any]
) -> None:
    kc = api.create("klantcontacten", KLANTCONTACT)
    akc = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    betrokkene = api.create("betrokkenen", {"hadKlantcontact": ref(kc), "rol": "klant", "initiator": True})
    statuses = [
        api.delete(f"/klantcontacten/{kc['uuid']}").status_code,
        api.delete(f"/actorklantcontacten/{akc['uuid']}").status_code,
        api.delete(f"/betrokkenen/{betrokkene['uuid']}").status_code,
    ]
    assert statuses == [204, 404, 404]
    assert counts(app) == nothing_left(app)


def test_rollback_after_optional_digitaal_adres_must_delete_the_adres_too(
    api: Api, app: MockApp, actor: dict[str, Any]
) -> None:
    kc = api.create("klantcontacten", KLANTCONTACT)
    api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    betrokkene = api.create("betrokkenen", {"hadKlantcontact": ref(kc), "rol": "klant", "initiator": True})
    adres = api.create(
        "digitaleadressen",
        {
            "verstrektDoorBetrokkene": ref(betrokkene),
            "verstrektDoorPartij": None,
            "soortDigitaalAdres": "email",
            "adres": "a@example.nl",
        },
    )
    compensate(api, [("klantcontacten", kc)])
    survivor = api.get(f"/digitaleadressen/{adres['uuid']}").json()
    assert survivor["verstrektDoorBetrokkene"] is None
    assert counts(app) == {**nothing_left(app), "digitaleadressen": 1}
    compensate(api, [("digitaleadressen", adres)])
    assert counts(app) == nothing_left(app)


def test_failed_optional_step_leaves_a_complete_klantcontact(api: Api, app: MockApp, actor: dict[str, Any]) -> None:
    kc = api.create("klantcontacten", KLANTCONTACT)
    api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    api.create("betrokkenen", {"hadKlantcontact": ref(kc), "rol": "klant", "initiator": True})
    failed = api.post(
        "/internetaken",
        json={"aanleidinggevendKlantcontact": ref(kc), "gevraagdeHandeling": "x", "status": "te_verwerken"},
    )
    assert failed.status_code == 400  # neither toegewezenAanActor nor toegewezenAanActoren
    final = api.get(f"/klantcontacten/{kc['uuid']}").json()
    assert len(final["hadBetrokkenActoren"]) == 1
    assert len(final["hadBetrokkenen"]) == 1
    assert final["leiddeTotInterneTaken"] == []


def test_maak_klantcontact_leaves_only_the_actor_link_to_compensate(api: Api, app: MockApp) -> None:
    made = api.post(
        "/maak-klantcontact",
        json={
            "klantcontact": KLANTCONTACT,
            "betrokkene": {"rol": "klant", "initiator": True},
            "onderwerpobject": {"onderwerpobjectidentificator": {"objectId": "z"}},
        },
    )
    assert made.status_code == 201
    body = made.json()
    failed = api.post(
        "/actorklantcontacten",
        json={"actor": {"uuid": "0397b074-f821-4e21-b4cb-5739dd83ffab"}, "klantcontact": ref(body["klantcontact"])},
    )
    assert failed.status_code == 400
    compensate(api, [("klantcontacten", body["klantcontact"])])
    assert counts(app) == nothing_left(app)


def test_pre_existing_partij_survives_a_rollback_that_never_deletes_it(
    api: Api, app: MockApp, actor: dict[str, Any]
) -> None:
    known = api.create("partijen", PARTIJ)
    kc = api.create("klantcontacten", KLANTCONTACT)
    akc = api.create("actorklantcontacten", {"actor": ref(actor), "klantcontact": ref(kc)})
    failed = api.post("/betrokkenen", json={"hadKlantcontact": ref(kc), "wasPartij": ref(known), "rol": "klant"})
    assert failed.status_code == 400  # initiator missing
    compensate(api, [("klantcontacten", kc), ("actorklantcontacten", akc)])
    assert counts(app) == {**nothing_left(app), "partijen": 1, "partij-identificatoren": 1}

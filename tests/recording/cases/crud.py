"""Create, read, list, PATCH, PUT and delete of every collection."""

from __future__ import annotations

from typing import Any

from ..exchanges import Case, Step
from .bodies import BOT, BSN, IDENT, KC, MEDEWERKER, PERSOON
from .steps import KC_SETUP, PARTIJ_SETUP, delete, get, kc_ref, patch, post, put


def _crud(collection: str, setup: tuple[Step, ...], body: dict[str, Any], changes: dict[str, Any]) -> Case:
    item = "/" + collection + "/{obj}"
    return Case(
        f"crud-{collection}",
        f"{collection}: create, read, list, PATCH, PUT, delete, read after delete",
        (
            *setup,
            post(collection, body, "obj"),
            get(item),
            get("/" + collection),
            patch(item, changes),
            put(item, {**body, **changes}),
            delete(item),
            get(item),
            delete(item),
        ),
    )


CRUD = (
    _crud("klantcontacten", (), {**KC, "referentienummer": "100"}, {"onderwerp": "Nieuw", "inhoud": "tekst"}),
    _crud("actoren", (), MEDEWERKER, {"naam": "Piet", "indicatieActief": False}),
    _crud(
        "actorklantcontacten",
        (*KC_SETUP, post("/actoren", MEDEWERKER, "actor"), post("/actoren", BOT, "actor2")),
        {"actor": kc_ref("actor"), "klantcontact": kc_ref()},
        {"actor": kc_ref("actor2")},
    ),
    _crud(
        "betrokkenen",
        KC_SETUP + PARTIJ_SETUP,
        {
            "hadKlantcontact": kc_ref(),
            "rol": "klant",
            "initiator": True,
            "contactnaam": {"voornaam": "Jan", "achternaam": "Vries"},
        },
        {"rol": "vertegenwoordiger", "wasPartij": kc_ref("partij")},
    ),
    _crud("partijen", (), PERSOON, {"indicatieGeheimhouding": True, "voorkeurstaal": "nld"}),
    _crud(
        "partij-identificatoren",
        PARTIJ_SETUP,
        {"identificeerdePartij": kc_ref("partij"), "partijIdentificator": BSN},
        {"anderePartijIdentificator": "extern"},
    ),
    _crud(
        "onderwerpobjecten",
        KC_SETUP,
        {"klantcontact": kc_ref(), "wasKlantcontact": None, "onderwerpobjectidentificator": IDENT},
        {"onderwerpobjectidentificator": {**IDENT, "objectId": "z-2"}},
    ),
    _crud(
        "bijlagen",
        KC_SETUP,
        {"wasBijlageVanKlantcontact": kc_ref(), "bijlageidentificator": IDENT},
        {"bijlageidentificator": {**IDENT, "objectId": "doc-2"}},
    ),
    _crud(
        "internetaken",
        (*KC_SETUP, post("/actoren", MEDEWERKER, "actor")),
        {
            "aanleidinggevendKlantcontact": kc_ref(),
            "toegewezenAanActoren": [kc_ref("actor")],
            "gevraagdeHandeling": "Terugbellen",
            "status": "te_verwerken",
        },
        {"toelichting": "Graag voor vijf uur", "status": "verwerkt"},
    ),
    _crud(
        "digitaleadressen",
        PARTIJ_SETUP,
        {
            "verstrektDoorPartij": kc_ref("partij"),
            "adres": "a@example.nl",
            "soortDigitaalAdres": "email",
            "omschrijving": "privé",
        },
        {"adres": "b@example.nl", "referentie": "portaal"},
    ),
    _crud("categorieen", (), {"naam": "Zorg"}, {"naam": "Wonen"}),
    _crud(
        "categorie-relaties",
        (*PARTIJ_SETUP, post("/categorieen", {"naam": "Zorg"}, "c1"), post("/categorieen", {"naam": "Wonen"}, "c2")),
        {"partij": kc_ref("partij"), "categorie": kc_ref("c1"), "beginDatum": "2024-01-01", "eindDatum": "2024-12-31"},
        {"categorie": kc_ref("c2"), "eindDatum": None},
    ),
    _crud(
        "rekeningnummers",
        PARTIJ_SETUP,
        {"partij": kc_ref("partij"), "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"},
        {"bic": "INGBNL2A", "partij": None},
    ),
    _crud(
        "vertegenwoordigingen",
        (*PARTIJ_SETUP, post("/partijen", PERSOON, "p2"), post("/partijen", PERSOON, "p3")),
        {"vertegenwoordigendePartij": kc_ref("partij"), "vertegenwoordigdePartij": kc_ref("p2")},
        {"vertegenwoordigdePartij": kc_ref("p3")},
    ),
)

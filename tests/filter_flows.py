"""The plain model of the filter tests: two complete flows created through the mock's provider, each
object remembered as sent with the uuid it got, and a walk over them by an `x-kcc-filter` path.

Nothing here asks the mock how it filters; the walk follows references and reverse relations itself.
"""

from __future__ import annotations

from typing import Any

from conftest import BASE

from kcc_mock.http.app import MockApp


def address(n: str) -> dict[str, Any]:
    """An address with every field filled in."""
    return {
        "nummeraanduidingId": f"051820000063759{n}",
        "postcode": "3219 FC",
        "huisnummer": 12,
        "huisnummertoevoeging": "a",
        "straatnaam": "Straat",
        "stad": "Stad",
        "adresregel1": "r1",
        "adresregel2": "r2",
        "adresregel3": "r3",
        "land": "NL",
    }


Model = dict[str, list[dict[str, Any]]]  # collection -> the objects the test created, as sent plus their uuid

# Which collection a reference field points to (the standard's data model, stated here on its own).
TARGETS = {
    "hadKlantcontact": "klantcontacten",
    "klantcontact": "klantcontacten",
    "wasKlantcontact": "klantcontacten",
    "wasBijlageVanKlantcontact": "klantcontacten",
    "aanleidinggevendKlantcontact": "klantcontacten",
    "wasPartij": "partijen",
    "verstrektDoorPartij": "partijen",
    "identificeerdePartij": "partijen",
    "actor": "actoren",
    "toegewezenAanActoren": "actoren",
    "verstrektDoorBetrokkene": "betrokkenen",
    "subIdentificatorVan": "partij-identificatoren",
    "partij": "partijen",
    "categorie": "categorieen",
    "vertegenwoordigendePartij": "partijen",
    "vertegenwoordigdePartij": "partijen",
}
# Values the provider sets itself: the model takes them from the create's answer.
SERVER_SET = {"internetaken": ("toegewezenOp",), "categorie-relaties": ("beginDatum",)}


class Modelled:
    """Creates through the mock's provider and remembers each object in the plain model."""

    def __init__(self, app: MockApp) -> None:
        self.app = app
        self.model: Model = {}

    def __call__(self, collection: str, body: dict[str, Any], base: str) -> dict[str, Any]:
        created = self.app.provider.create(collection, body, base)
        kept = {key: value for key, value in body.items() if key != "partijIdentificatoren"}
        kept.update({key: created[key] for key in SERVER_SET.get(collection, ())})
        self.model.setdefault(collection, []).append({**kept, "uuid": created["uuid"]})
        sent, answers = body.get("partijIdentificatoren") or (), created.get("partijIdentificatoren") or ()
        for nested, answered in zip(sent, answers, strict=True):
            identificator = {**nested, "identificeerdePartij": {"uuid": created["uuid"]}, "uuid": answered["uuid"]}
            self.model.setdefault("partij-identificatoren", []).append(identificator)
        return created


def walk(model: Model, collection: str, item: dict[str, Any], steps: list[str]) -> list[Any]:
    """The values a path reaches from one modelled object: `field`, `reference`, `collection@field` (reverse)."""
    if not steps:
        return [item]
    step, rest = steps[0], steps[1:]
    if "@" in step:
        source, key = step.split("@")
        referring = [o for o in model.get(source, []) if item["uuid"] in _uuids(o.get(key))]
        return [value for o in referring for value in walk(model, source, o, rest)] if referring else [None]
    value = item.get(step)
    if step in TARGETS:
        found = [o for o in model.get(TARGETS[step], []) if o["uuid"] in _uuids(value)]
        if not found:
            return [None]
        return [v for o in found for v in walk(model, TARGETS[step], o, rest)]
    if not rest:
        return value if isinstance(value, list) else [value]
    return walk(model, collection, value, rest) if isinstance(value, dict) else [None]


def _uuids(reference: Any) -> set[str]:
    items = reference if isinstance(reference, list) else [reference]
    return {item["uuid"] for item in items if isinstance(item, dict) and "uuid" in item}


def build(create: Modelled, variant: int) -> None:
    """One complete F2173 flow with every optional relation; `variant` makes the values differ."""
    n = str(variant)
    actor = create(
        "actoren",
        {
            "naam": f"Medewerker {n}",
            "soortActor": "medewerker",
            "indicatieActief": not variant,
            "actoridentificator": {
                "objectId": f"m{n}",
                "codeObjecttype": "t",
                "codeRegister": "r",
                "codeSoortObjectId": "s",
            },
            "actorIdentificatie": {"functie": "kcc", "telefoonnummer": "0201234567"},
        },
        BASE,
    )
    bsn = ("999990019", "111222333")[variant]
    kvk = create(
        "partij-identificatoren",
        {
            "partijIdentificator": {
                "codeObjecttype": "niet_natuurlijk_persoon",
                "codeSoortObjectId": "kvk_nummer",
                "objectId": f"1234567{n}",
                "codeRegister": "hr",
            }
        },
        BASE,
    )
    partij = create(
        "partijen",
        {
            "nummer": f"{variant + 10}",
            "soortPartij": "persoon",
            "indicatieActief": not variant,
            "indicatieGeheimhouding": bool(variant),
            "bezoekadres": address(n),
            "correspondentieadres": address(n),
            "partijIdentificatoren": [
                {
                    "partijIdentificator": {
                        "codeObjecttype": "natuurlijk_persoon",
                        "codeSoortObjectId": "bsn",
                        "objectId": bsn,
                        "codeRegister": "brp",
                    }
                }
            ],
        },
        BASE,
    )
    create(
        "partij-identificatoren",
        {
            "identificeerdePartij": {"uuid": partij["uuid"]},
            "subIdentificatorVan": {"uuid": kvk["uuid"]},
            "anderePartijIdentificator": f"ander{n}",
            "partijIdentificator": {
                "codeObjecttype": "vestiging",
                "codeSoortObjectId": "vestigingsnummer",
                "objectId": f"12345678901{n}",
                "codeRegister": "hr",
            },
        },
        BASE,
    )
    kc = create(
        "klantcontacten",
        {
            "nummer": f"{variant + 1}",
            "referentienummer": f"{variant + 100}",
            "kanaal": f"kanaal{n}",
            "onderwerp": f"Onderwerp {n}",
            "inhoud": f"Inhoud {n}",
            "reactie": f"Reactie {n}",
            "indicatieContactGelukt": bool(variant),
            "taal": "nld",
            "vertrouwelijk": bool(variant),
            "plaatsgevondenOp": f"2024-03-0{variant + 1}T10:00:00Z",
        },
        BASE,
    )
    other = create("klantcontacten", {"kanaal": "x", "onderwerp": "ander", "taal": "nld", "vertrouwelijk": False}, BASE)
    create("actorklantcontacten", {"actor": {"uuid": actor["uuid"]}, "klantcontact": {"uuid": kc["uuid"]}}, BASE)
    betrokkene = create(
        "betrokkenen",
        {
            "hadKlantcontact": {"uuid": kc["uuid"]},
            "wasPartij": {"uuid": partij["uuid"]},
            "rol": ("klant", "vertegenwoordiger")[variant],
            "initiator": True,
            "organisatienaam": f"Organisatie {n}",
            "contactnaam": {
                "voorletters": f"V{n}",
                "voornaam": f"Voornaam{n}",
                "voorvoegselAchternaam": "van",
                "achternaam": f"Achternaam{n}",
            },
        },
        BASE,
    )
    create(
        "digitaleadressen",
        {
            "verstrektDoorBetrokkene": {"uuid": betrokkene["uuid"]},
            "verstrektDoorPartij": {"uuid": partij["uuid"]},
            "soortDigitaalAdres": "email",
            "adres": f"adres{n}@example.nl",
            "omschrijving": f"Omschrijving {n}",
            "referentie": f"ref{n}",
            "isStandaardAdres": not variant,
            "verificatieDatum": None if variant else "2024-01-01",
        },
        BASE,
    )
    identificator = {
        "objectId": f"o{n}",
        "codeObjecttype": f"t{n}",
        "codeRegister": f"r{n}",
        "codeSoortObjectId": f"s{n}",
    }
    create(
        "onderwerpobjecten",
        {
            "klantcontact": {"uuid": kc["uuid"]},
            "wasKlantcontact": {"uuid": other["uuid"]},
            "onderwerpobjectidentificator": identificator,
        },
        BASE,
    )
    create("bijlagen", {"wasBijlageVanKlantcontact": {"uuid": kc["uuid"]}, "bijlageidentificator": identificator}, BASE)
    create(
        "internetaken",
        {
            "nummer": f"{variant + 5}",
            "referentienummer": f"{variant + 50}",
            "aanleidinggevendKlantcontact": {"uuid": kc["uuid"]},
            "toegewezenAanActoren": [{"uuid": actor["uuid"]}],
            "gevraagdeHandeling": "Terugbellen",
            "status": ("te_verwerken", "verwerkt")[variant],
        },
        BASE,
    )
    partij_links(create, n, partij["uuid"])


def partij_links(create: Modelled, n: str, partij: str) -> None:
    """A partij's categorieen, rekeningnummer and a partij it represents, with values of variant `n`."""
    month = int(n) + 1
    for naam, begin, eind in ((f"Categorie {n}", f"2024-0{month}-01", None), (f"Ander {n}", None, f"2025-0{month}-28")):
        categorie = create("categorieen", {"naam": naam}, BASE)
        body = {"partij": {"uuid": partij}, "categorie": {"uuid": categorie["uuid"]}, "eindDatum": eind}
        create("categorie-relaties", {**body, "beginDatum": begin} if begin else body, BASE)
    create(
        "rekeningnummers", {"partij": {"uuid": partij}, "iban": f"NL9{n}ABNA041716430{n}", "bic": f"ABNANL2{n}"}, BASE
    )
    represented = create("partijen", {"soortPartij": "organisatie", "indicatieActief": True}, BASE)
    body = {"vertegenwoordigendePartij": {"uuid": partij}, "vertegenwoordigdePartij": {"uuid": represented["uuid"]}}
    create("vertegenwoordigingen", body, BASE)

"""Every filter the spec declares is served: checked over a store holding two complete flows.

The expected answer of each filter comes from a plain model written here: the bodies this test
sent, each with the uuid its create returned, and a walk over them that follows references and
reverse relations by the spec's `x-kcc-filter` path. The mock's own filter code is never asked.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from conftest import BASE, Api

from kcc_mock.http.app import MockApp
from kcc_mock.provider.spec import Operation, Spec

# Relations to collections the mock does not serve (categorieen, vertegenwoordigingen): these
# filters are declared and accepted, and match nothing.
UNSERVED = {("partijen", "categorierelatie__categorie__naam"), ("partijen", "vertegenwoordigdePartij__uuid")}
UNSERVED |= {("partijen", "vertegenwoordigdePartij__url")}


def filters() -> list[tuple[str, str, dict[str, Any]]]:
    """(collection, parameter, annotation) of every annotated list parameter."""
    found = []
    for operation in Spec.load().operations.values():
        if operation.action == "list":
            for name, parameter in operation.query.items():
                if "x-kcc-filter" in parameter:
                    found.append((operation.resource, name, parameter["x-kcc-filter"]))
    return found


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


Model = dict[str, list[dict[str, Any]]]  # collection -> the objects this test created, as sent plus their uuid

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
}
# Values the provider sets itself: the model takes them from the create's answer.
SERVER_SET = {"internetaken": ("toegewezenOp",)}


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


@pytest.fixture
def flows(app: MockApp) -> Model:
    """The store with two flows of different values; returns the plain model of what was created."""
    create = Modelled(app)
    build(create, 0)
    build(create, 1)
    return create.model


def expected(model: Model, operation: Operation, steps: list[str], test: Any) -> set[str]:
    """Uuids of the modelled objects whose path values pass `test`."""
    items = model.get(operation.resource, [])
    return {o["uuid"] for o in items if test(walk(model, operation.resource, o, steps))}


def listed(api: Api, collection: str, name: str, value: str) -> set[str]:
    """Uuids the API lists for one filter value."""
    response = api.get(f"/{collection}", params={name: value, "pageSize": "500"})
    assert response.status_code == 200, response.text
    return {item["uuid"] for item in response.json()["results"]}


def sample(model: Model, operation: Operation, steps: list[str]) -> Any:
    """A value the path yields for some modelled object, or None."""
    for item in model.get(operation.resource, []):
        for value in walk(model, operation.resource, item, steps):
            if value not in (None, ""):
                return value
    return None


ORDERED = {"gt": "__gt__", "gte": "__ge__", "lt": "__lt__", "lte": "__le__"}


@pytest.mark.parametrize(("collection", "name", "annotation"), filters(), ids=lambda v: v if isinstance(v, str) else "")
def test_declared_filter_selects_exactly_the_matching_objects(
    api: Api, flows: Model, collection: str, name: str, annotation: dict[str, Any]
) -> None:
    operation = Spec.load().operation(collection, "list")
    steps, lookup = annotation["path"].split("."), annotation["lookup"]
    if (collection, name) in UNSERVED:
        assert listed(api, collection, name, str(uuid.uuid4())) == set()
        return
    if lookup in ("bool", "exists"):
        check_boolean(api, flows, operation, name, steps, lookup)
        return
    value = sample(flows, operation, steps)
    assert value is not None, f"the data of this test gives {name} nothing to match"
    raw = f"http://testserver/x/{value}" if lookup == "url" else str(value)
    matching = listed(api, collection, name, raw)
    if lookup in ORDERED:
        compare = ORDERED[lookup]
        assert matching == expected(
            flows, operation, steps, lambda vs: any(v is not None and getattr(v, compare)(value) is True for v in vs)
        )
        return
    assert matching, f"{name}={raw} lists nothing"
    if lookup == "icontains":
        needle = str(value).casefold()
        assert matching == expected(
            flows, operation, steps, lambda vs: any(isinstance(v, str) and needle in v.casefold() for v in vs)
        )
    else:
        assert matching == expected(flows, operation, steps, lambda values: value in values)
    choices = operation.query[name]["schema"].get("enum")
    if choices:  # another valid choice selects the others; an invalid one is a 400, tested elsewhere
        other = next(choice for choice in choices if choice != value)
        assert listed(api, collection, name, other) == expected(flows, operation, steps, lambda vs: other in vs)
        return
    missing = (
        str(uuid.uuid4()) if lookup in ("uuid", "url") else "2999-01-01" if lookup in ("date", "datetime") else "zzz"
    )
    assert listed(api, collection, name, f"http://testserver/x/{missing}" if lookup == "url" else missing) == set()


def check_boolean(api: Api, flows: Model, operation: Operation, name: str, steps: list[str], lookup: str) -> None:
    """`true` and `false` select the objects the model says they should, and both are used."""
    yes, no = listed(api, operation.resource, name, "true"), listed(api, operation.resource, name, "false")
    if lookup == "exists":
        present = expected(flows, operation, steps, lambda values: any(v is not None for v in values))
        assert (yes, no) == (present, {o["uuid"] for o in flows[operation.resource]} - present)
    else:
        assert yes == expected(flows, operation, steps, lambda values: True in values)
        assert no == expected(flows, operation, steps, lambda values: False in values)
    assert yes and no, f"the data of this test does not give {name} both answers"


def test_the_model_holds_what_the_store_holds(app: MockApp, flows: Model) -> None:
    assert {name: len(items) for name, items in flows.items()} == {
        name: len(records) for name, records in app.provider.store.export().items() if records
    }


def test_a_filter_the_mock_ignores_is_caught_by_the_model(
    api: Api, app: MockApp, flows: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = app.provider.list

    def without_kanaal(resource: str, query: Any, base: str) -> Any:
        return plain(resource, {key: value for key, value in query.items() if key != "kanaal"}, base)

    monkeypatch.setattr(app.provider, "list", without_kanaal)
    operation = Spec.load().operation("klantcontacten", "list")
    listing = listed(api, "klantcontacten", "kanaal", "kanaal0")
    model = expected(flows, operation, ["kanaal"], lambda values: "kanaal0" in values)
    assert len(model) == 1
    assert len(listing) == 4  # every klantcontact: the filter was ignored, and the model says so
    assert listing != model

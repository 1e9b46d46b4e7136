"""The standard's references between collections, and the objects a response shows.

One table (`REFERENCES`, brief §5.3 and §5.4, Open Klant's models) says for every reference field
its target collection, the reverse list the target shows, and what a delete of the target does
(cascade, set null, remove from a list, or refuse it: protect); the checks, the object tracker and the stateful data all
read it. `created_objects` finds every object a 2xx body shows, nested ones included.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from contracts.schemathesis.transport import collection_of, uuids_in

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase

CASCADE, SET_NULL, REMOVE, PROTECT = "cascade", "set null", "remove", "protect"  # protect: the delete is refused


class Ref(NamedTuple):
    """A reference field: its target, the reverse list on the target, and what a delete of the target does."""

    target: str
    reverse: str | None
    on_delete: str
    through: str | None = None  # the reverse list names this field of the object instead of the object


REFERENCES: dict[str, dict[str, Ref]] = {
    "actorklantcontacten": {
        "actor": Ref("actoren", None, CASCADE),
        "klantcontact": Ref("klantcontacten", "hadBetrokkenActoren", CASCADE, through="actor"),
    },
    "betrokkenen": {
        "hadKlantcontact": Ref("klantcontacten", "hadBetrokkenen", CASCADE),
        "wasPartij": Ref("partijen", "betrokkenen", CASCADE),
    },
    "onderwerpobjecten": {
        "klantcontact": Ref("klantcontacten", "gingOverOnderwerpobjecten", CASCADE),
        "wasKlantcontact": Ref("klantcontacten", None, CASCADE),
    },
    "bijlagen": {"wasBijlageVanKlantcontact": Ref("klantcontacten", "omvatteBijlagen", CASCADE)},
    "internetaken": {
        "aanleidinggevendKlantcontact": Ref("klantcontacten", "leiddeTotInterneTaken", CASCADE),
        "toegewezenAanActoren": Ref("actoren", None, REMOVE),
    },
    "digitaleadressen": {
        "verstrektDoorBetrokkene": Ref("betrokkenen", "digitaleAdressen", SET_NULL),
        "verstrektDoorPartij": Ref("partijen", "digitaleAdressen", CASCADE),
    },
    "partij-identificatoren": {
        "identificeerdePartij": Ref("partijen", "partijIdentificatoren", CASCADE),
        "subIdentificatorVan": Ref("partij-identificatoren", None, PROTECT),
    },
    # voorkeursRekeningnummer (set null too) is left out: a run that pointed it at a stored rekeningnummer
    # would be refused for naming one the partij does not have, a reason no refusal rule confirms.
    "partijen": {"voorkeursDigitaalAdres": Ref("digitaleadressen", None, SET_NULL)},
    "categorie-relaties": {
        "partij": Ref("partijen", "categorieRelaties", CASCADE),
        "categorie": Ref("categorieen", None, CASCADE),
    },
    "rekeningnummers": {"partij": Ref("partijen", "rekeningnummers", CASCADE)},
    "vertegenwoordigingen": {
        # A partij lists the partijen it represents, not the vertegenwoordigingen.
        "vertegenwoordigendePartij": Ref("partijen", "vertegenwoordigden", CASCADE, through="vertegenwoordigdePartij"),
        "vertegenwoordigdePartij": Ref("partijen", None, CASCADE),
    },
}
# Collections nothing cascades into: a delete elsewhere never takes one of these with it.
SURVIVORS = frozenset({"actoren", "partijen", "klantcontacten", "categorieen"})
MAAK_PARTS = {"klantcontact": "klantcontacten", "betrokkene": "betrokkenen", "onderwerpobject": "onderwerpobjecten"}
REVERSE_FIELDS = frozenset(ref.reverse for refs in REFERENCES.values() for ref in refs.values() if ref.reverse)
# Write-only references: accepted in a request body, never shown in a response (so not in REFERENCES).
WRITE_ONLY_REFERENCES: dict[str, dict[str, str]] = {"internetaken": {"toegewezenAanActor": "actoren"}}
# Where a reference field points.
FIELD_TARGETS: dict[str, str | None] = {
    **{field: ref.target for refs in REFERENCES.values() for field, ref in refs.items()},
    "toegewezenAanActor": "actoren",
    "digitaleAdressen": "digitaleadressen",
    "rekeningnummers": "rekeningnummers",
    "voorkeursRekeningnummer": "rekeningnummers",
    "partijIdentificatoren": "partij-identificatoren",
    "werkteVoorPartij": "partijen",
}


def created_objects(case: OpenApiCase, body: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(collection, object) for every object a 2xx body shows: one, a page of them, or maak's parts."""
    collection = collection_of(case)
    if not isinstance(body, dict):
        return
    if collection == "maak-klantcontact":
        for part, name in MAAK_PARTS.items():
            if isinstance(body.get(part), dict):
                yield name, body[part]
    elif isinstance(body.get("results"), list):
        yield from ((collection, item) for item in body["results"] if isinstance(item, dict))
    elif "uuid" in body:
        yield collection, body
        for item in body.get("partijIdentificatoren") or []:  # a partij embeds its identificatoren
            if isinstance(item, dict) and "uuid" in item:
                yield "partij-identificatoren", item


def unlink(
    references: dict[tuple[str, str], dict[str, list[str]]], collection: str, obj: dict[str, Any]
) -> list[tuple[str, str]]:
    """Drop from remembered `references` the links to `obj` that its reverse lists no longer show.

    A reverse list is live: a partij written with `rekeningnummers: []` unlinks its rekeningnummers,
    and no response about them says so. Returns the remembered objects whose link was dropped.
    """
    uuid, dropped = str(obj.get("uuid")), []
    for source, refs in REFERENCES.items():
        for field, ref in refs.items():
            if ref.target != collection or ref.reverse is None or ref.through or ref.reverse not in obj:
                continue
            listed = set(uuids_in(obj.get(ref.reverse)))
            for key, fields in references.items():
                if key[0] == source and key[1] not in listed and uuid in fields.get(field, []):
                    fields[field] = [target for target in fields[field] if target != uuid]
                    dropped.append(key)
    return dropped


def without_reverse(body: dict[str, Any]) -> dict[str, Any]:
    """A body without the live reverse lists, which other writes may change."""
    return {key: value for key, value in body.items() if key not in REVERSE_FIELDS and key != "_expand"}


def cascaded_klantcontacten(
    collection: str, uuid: str, references: dict[tuple[str, str], dict[str, list[str]]], body: Any
) -> list[tuple[str, str]]:
    """`DELETE onderwerpobjecten/{uuid}?cascade=true` deletes the klantcontacten it does not keep.

    `references`: the reference fields of the objects the run has seen, by (collection, uuid).
    """
    if collection != "onderwerpobjecten" or not isinstance(body, dict) or "behouden" not in body:
        return []
    kept = {str(url).rstrip("/").rsplit("/", 1)[-1] for url in body.get("behouden") or []}
    linked = references.get((collection, uuid), {})
    contacts = {u for field in ("klantcontact", "wasKlantcontact") for u in linked.get(field, [])}
    return [("klantcontacten", u) for u in sorted(contacts - kept)]

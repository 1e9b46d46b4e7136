"""Stateful data: what a write needs beyond its schema, supplied the way a consumer supplies it.

A generated reference names nothing a provider holds; `complete_write` (the `before_call` hook)
points it at an object the run has seen (`Known`). A positive write of the stateful phase also gets
what the standard requires beyond its schema (`StatefulData`): a minimal actor, klantcontact or
partij created when the run knows none, fresh values for unique numbers (`Fresh`), and the rules no
schema expresses, so that its scenario goes on from a stored object instead of a 400.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from contracts.schemathesis.references import MAAK_PARTS, REFERENCES, WRITE_ONLY_REFERENCES
from contracts.schemathesis.tracker import Known
from contracts.schemathesis.transport import body_of, canonical, collection_of, uuids_in
from kcc_mock.testing import standard

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase


def complete_write(case: OpenApiCase, kwargs: dict[str, Any], known: Known, fresh: Fresh) -> None:
    """Point the top-level references of a write at objects the run has seen, when they name none.

    A positive write of the stateful phase also gets what the standard requires beyond its schema
    (`StatefulData`), so that its scenario goes on from a stored object instead of a 400.
    """
    if case.method.upper() not in ("POST", "PUT", "PATCH") or not isinstance(case.body, dict):
        return
    data = StatefulData(case, kwargs, known, fresh) if is_stateful_positive(case) else None
    collection = collection_of(case)
    if collection == "maak-klantcontact":
        bodies = [(MAAK_PARTS[k], v) for k, v in case.body.items() if k in MAAK_PARTS and isinstance(v, dict)]
    else:
        bodies = [(collection, case.body)]
    for owner, body in bodies:
        targets = {field: ref.target for field, ref in REFERENCES.get(owner, {}).items()}
        for field, target in {**targets, **WRITE_ONLY_REFERENCES.get(owner, {})}.items():
            value = body.get(field)
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, dict):
                    continue
                uuid = item.get("uuid")
                # Only a well-formed uuid: a malformed one is what a negative case is testing.
                if isinstance(uuid, str) and uuid == canonical(uuid) and not known.knows(target, uuid):
                    newest = data.existing(target) if data else known.newest(target)
                    item["uuid"] = newest or uuid
        if owner == "vertegenwoordigingen":
            two_partijen_not_linked_yet(case, body, known, data)
        if data is not None:
            data.complete(owner, body)


REPRESENTS = ("vertegenwoordigendePartij", "vertegenwoordigdePartij")
NOBODY = "00000000-0000-4000-8000-000000000000"  # a partij no provider holds: refused as missing


def two_partijen_not_linked_yet(
    case: OpenApiCase, body: dict[str, Any], known: Known, data: StatefulData | None
) -> None:
    """A vertegenwoordiging names two partijen that differ and are not linked yet.

    Pointing both at the newest partij would ask a partij to represent itself, and a pair linked
    before is refused as taken: reasons no schema states. The partij the body names last is moved
    to a known one that is free, else to a new one (stateful data), else to one nobody holds.
    """
    own = canonical((case.path_parameters or {}).get("uuid"))
    stored = known.references.get(("vertegenwoordigingen", own), {}) if own else {}
    named: list[str | None] = []
    for field in REPRESENTS:
        value = body.get(field)
        if field in body:
            named.append(canonical(value.get("uuid")) if isinstance(value, dict) else None)
        else:
            named.append(next(iter(stored.get(field) or []), None))
    taken = known.pairs("vertegenwoordigingen", REPRESENTS, own)
    first, second = named
    if first is None or second is None or (first != second and (first, second) not in taken):
        return
    index = next((i for i in (1, 0) if isinstance(body.get(REPRESENTS[i]), dict)), None)
    if index is None:
        return
    other = first if index == 1 else second

    def pair(uuid: str) -> tuple[str, str]:
        return (other, uuid) if index == 1 else (uuid, other)

    free = [u for u in reversed(known.uuids.get("partijen", {})) if u != other and pair(u) not in taken]
    body[REPRESENTS[index]]["uuid"] = free[0] if free else (data.create("partijen") if data else None) or NOBODY


def is_stateful_positive(case: OpenApiCase) -> bool:
    """Whether a case is a step of the stateful phase generated as valid data."""
    meta = case.meta
    return meta is not None and meta.phase.name.value == "stateful" and meta.generation.mode.value == "positive"


# Minimal bodies for the objects others refer to, created when the run knows none (a consumer's first step).
PARENTS: dict[str, dict[str, Any]] = {
    "actoren": {"naam": "kcc-mock", "soortActor": "organisatorische_eenheid"},
    "klantcontacten": {"kanaal": "telefoon", "onderwerp": "kcc-mock", "taal": "nld", "vertrouwelijk": False},
    "partijen": {"soortPartij": "organisatie", "indicatieActief": True},
    "categorieen": {"naam": "kcc-mock"},
}
# Unique fields: a value drawn again (hypothesis draws "0" and "" often) would be refused as taken.
UNIQUE_FIELDS: dict[str, tuple[str, ...]] = {
    "klantcontacten": ("nummer", "referentienummer"),
    "internetaken": ("nummer", "referentienummer"),
    "partijen": ("nummer",),
}
# The register and object type each kind of identificator belongs to (the standard's hierarchy).
REGISTERS = ("bsn", "rsin", "kvk_nummer")  # the kinds of identificator the stateful run creates
EXAMPLE_ADDRESSES = {"email": "kcc-mock@example.com", "telefoonnummer": "0612345678"}


class Fresh:
    """Values never sent before in this run: digits for unique numbers, identificatoren that pass the register rules.

    It remembers what it handed out, so a write sent again (a check does that) keeps its values.
    """

    def __init__(self) -> None:
        self.count = 0
        self.given: set[str] = set()

    def number(self, current: Any) -> Any:
        """A fresh 10-digit number in place of `current`, unless `current` is one already."""
        return current if current in self.given else self._keep(f"{self._next():010d}")

    def identificator(self, current: Any, kind: str) -> Any:
        """A fresh BSN, RSIN (both pass the 11-test) or KvK-nummer group, unless `current` is one already."""
        if isinstance(current, dict) and current.get("objectId") in self.given:
            return current
        while True:
            digits = f"{10_000_000 + self._next():08d}"
            object_id = digits if kind == "kvk_nummer" else standard.with_check_digit(digits)
            if object_id is not None:  # no ninth digit completes some eight to pass the 11-test
                return standard.identificator(kind, self._keep(object_id))

    def _next(self) -> int:
        self.count += 1
        return self.count

    def _keep(self, value: str) -> str:
        self.given.add(value)
        return value


class StatefulData:
    """What a positive write of the stateful phase needs beyond its schema, the way a consumer supplies it.

    A reference names an object the run knows (or one created for it: an actor, klantcontact or
    partij), unique fields get fresh values, and the rules no schema expresses hold: a
    partij-identificator passes the register rules, an internetaak has exactly one form of
    assignment, a digitaal adres fits its kind, a country is an ISO code. Then the same step gets
    the same answer whatever earlier scenarios left behind: Hypothesis replays a scenario's opening
    steps and ends the phase ("inconsistent data generation") when the answer differs.
    """

    def __init__(self, case: OpenApiCase, kwargs: dict[str, Any], known: Known, fresh: Fresh) -> None:
        self.case = case
        self.kwargs = kwargs
        self.known = known
        self.fresh = fresh

    def existing(self, collection: str) -> str | None:
        """The newest object the run knows in a collection, else a new one where a minimal body exists."""
        return self.known.newest(collection) or self.create(collection)

    def create(self, collection: str) -> str | None:
        """Create an object with its minimal body through schemathesis' transport (`after_call` remembers it)."""
        operation = self.case.operation.schema.find_operation_by_label(f"POST /{collection}")
        if collection not in PARENTS or operation is None:
            return None
        headers = {**(self.case.headers or {}), **(self.kwargs.get("headers") or {})}
        kwargs = {**self.kwargs, "headers": {k: v for k, v in headers.items() if k.lower() == "authorization"}}
        created = operation.Case(body=copy.deepcopy(PARENTS[collection]), media_type="application/json").call(**kwargs)
        body = body_of(created)
        return str(body["uuid"]) if created.status_code == 201 and isinstance(body, dict) else None

    def complete(self, collection: str, body: dict[str, Any]) -> None:
        """Apply the rules of one collection to a body (a part of maak-klantcontact's counts on its own)."""
        for field in UNIQUE_FIELDS.get(collection, ()):
            if isinstance(body.get(field), str):
                body[field] = self.fresh.number(body[field])
        for name in ("bezoekadres", "correspondentieadres"):
            _iso_country(body.get(name))
        rules = {
            "actorklantcontacten": self._actorklantcontact,
            "internetaken": self._internetaak,
            "partij-identificatoren": self._partij_identificator,
            "partijen": self._partij,
            "digitaleadressen": self._digitaal_adres,
        }
        if collection in rules:
            rules[collection](body)

    @property
    def patching(self) -> bool:
        return self.case.method.upper() == "PATCH"

    @property
    def own(self) -> str | None:
        """The uuid of the object a PUT or PATCH writes, or None."""
        return canonical((self.case.path_parameters or {}).get("uuid"))

    def stored(self, collection: str, body: dict[str, Any], field: str) -> list[str]:
        """The uuids a reference field names: as the body gives it, else as the run last saw the object."""
        if field in body or self.own is None:
            return uuids_in(body.get(field))
        return self.known.references.get((collection, self.own), {}).get(field, [])

    def _actorklantcontact(self, body: dict[str, Any]) -> None:
        """An actor not linked to the klantcontact yet (the pair is unique); a new one when all are."""
        actor, klantcontact = body.get("actor"), self.stored("actorklantcontacten", body, "klantcontact")
        if not isinstance(actor, dict) or len(klantcontact) != 1:
            return
        linked = self.known.linked_actors(klantcontact[0], self.own)
        if actor.get("uuid") in linked:
            free = [uuid for uuid in reversed(self.known.uuids.get("actoren", {})) if uuid not in linked]
            actor["uuid"] = free[0] if free else self.create("actoren") or actor["uuid"]

    def _internetaak(self, body: dict[str, Any]) -> None:
        """Exactly one of `toegewezenAanActor(en)`; `afgehandeldOp` only when the taak is done."""
        if "toegewezenAanActor" in body and "toegewezenAanActoren" in body:
            del body["toegewezenAanActor"]
        if not self.patching and "toegewezenAanActor" not in body and "toegewezenAanActoren" not in body:
            body["toegewezenAanActoren"] = [{"uuid": self.existing("actoren")}]
        if body.get("afgehandeldOp") is not None and body.get("status") != "verwerkt":
            body["afgehandeldOp"] = None

    def _partij_identificator(self, body: dict[str, Any]) -> None:
        """A fresh identificator of a kind its partij has not got (else no partij); no parent identificator."""
        if "uuid" in body:  # a sent uuid must name a stored identificator and not another's: its own only
            if self.own is None:
                del body["uuid"]
            else:
                body["uuid"] = self.own
        if self.patching and "partijIdentificator" not in body:
            return
        partij = self.stored("partij-identificatoren", body, "identificeerdePartij")
        taken = self.known.identificator_kinds(partij[0], self.own) if partij else set()
        free = [kind for kind in REGISTERS if kind not in taken]
        if not free:
            body["identificeerdePartij"] = None
        group = body.get("partijIdentificator")
        body["partijIdentificator"] = self.fresh.identificator(group, (free or list(REGISTERS))[0])
        body["subIdentificatorVan"] = None  # only a vestigingsnummer has one

    def _partij(self, body: dict[str, Any]) -> None:
        """No addresses, rekeningnummers or identificatoren taken from elsewhere; valid new identificatoren.

        A partij write that lists `digitaleAdressen` or `rekeningnummers` moves those to it and
        unlinks the others, and one that lists `partijIdentificatoren` deletes the identificatoren
        it leaves out: changes to other objects that no response shows, so the checks (and `Known`)
        could not follow them. Only a create lists new identificatoren.
        """
        for field in ("digitaleAdressen", "rekeningnummers"):
            body.pop(field, None)
        for field in ("voorkeursDigitaalAdres", "voorkeursRekeningnummer"):  # one of the partij's own
            if field in body:
                body[field] = None
        if self.case.method.upper() != "POST":
            body.pop("partijIdentificatoren", None)
        identificatoren = body.get("partijIdentificatoren")
        if isinstance(identificatoren, list):  # one of each kind at most, naming no partij, parent or stored one
            items = [item for item in identificatoren if isinstance(item, dict)][: len(REGISTERS)]
            body["partijIdentificatoren"] = [
                {
                    **{k: v for k, v in item.items() if k not in ("uuid", "identificeerdePartij")},
                    "partijIdentificator": self.fresh.identificator(item.get("partijIdentificator"), kind),
                    "subIdentificatorVan": None,
                }
                for item, kind in zip(items, REGISTERS, strict=False)
            ]
        group = body.get("partijIdentificatie")
        if isinstance(group, dict) and isinstance(group.get("werkteVoorPartij"), dict):
            group["werkteVoorPartij"]["uuid"] = self.existing("partijen")

    def _digitaal_adres(self, body: dict[str, Any]) -> None:
        """An address that fits its kind; a standard address only with a partij; no unknown betrokkene."""
        betrokkene = body.get("verstrektDoorBetrokkene")
        if isinstance(betrokkene, dict) and not self.known.knows("betrokkenen", str(betrokkene.get("uuid"))):
            body["verstrektDoorBetrokkene"] = None
        if "adres" in body and "soortDigitaalAdres" not in body:
            body["soortDigitaalAdres"] = "overig"  # the stored kind is not known here
        example = EXAMPLE_ADDRESSES.get(str(body.get("soortDigitaalAdres")))
        if example is not None and (not self.patching or "adres" in body):
            body["adres"] = example
        if body.get("isStandaardAdres") and not body.get("verstrektDoorPartij"):
            body["isStandaardAdres"] = False


def _iso_country(address: Any) -> None:
    """An ISO 3166-1 code where an address names a country (the schema only says two characters)."""
    if isinstance(address, dict) and address.get("land"):
        address["land"] = "NL"

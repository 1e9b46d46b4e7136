"""Partij specifics: identificatoren written with their partij, digitale adressen and rekeningnummers
linked by list.

Open Klant creates a partij and its nested `partijIdentificatoren` atomically and checks each
identificator against the register hierarchy (brp: bsn; hr: rsin, kvk_nummer, vestigingsnummer).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kcc_mock.provider.errors import FieldError, does_not_exist
from kcc_mock.provider.store import ProtectedDelete, Record, Store

ALL = "__all__"
# Open Klant's register hierarchy: the object types each register allows, the kinds each type allows.
REGISTERS = {"brp": ("natuurlijk_persoon",), "hr": ("vestiging", "niet_natuurlijk_persoon")}
KINDS = {
    "natuurlijk_persoon": ("bsn",),
    "vestiging": ("vestigingsnummer",),
    "niet_natuurlijk_persoon": ("rsin", "kvk_nummer"),
}
_DIGITS = {"bsn": 9, "rsin": 9, "kvk_nummer": 8, "vestigingsnummer": 12}
_ELEVEN_TEST = {"bsn": "Onjuist BSN nummer", "rsin": "Onjuist RSIN nummer"}


def passes_eleven_test(number: str) -> bool:
    """The 11-test of BSN and RSIN: weights 9..2 and -1 give a multiple of 11."""
    if not re.fullmatch(r"\d{9}", number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:8], range(9, 1, -1), strict=True))
    return (total - int(number[8])) % 11 == 0


# Open Klant's database constraints, checked when an identificator is saved, after every other check.
NOT_UNIQUE = "`PartijIdentificator` moet uniek zijn, er bestaat er al een met deze gegevenscombinatie."
SOORT_NOT_UNIQUE = "`CodeSoortObjectId` moet uniek zijn voor de Partij."


def identificator_errors(
    store: Store, record: Record, partij: str | None, siblings: Iterable[Record] = (), unique: bool = True
) -> list[FieldError]:
    """Open Klant's checks of one identificator (`siblings`: others written in the same request), in its
    order: register and object type, object type and kind, the object id; then the sub-identificator."""
    group = record.get("partijIdentificator") or {}
    register, kind = group.get("codeRegister"), group.get("codeObjecttype")
    soort, object_id = group.get("codeSoortObjectId"), group.get("objectId", "")
    allowed = list(REGISTERS.get(str(register), ()))
    if kind and register and kind not in allowed:
        reason = f"voor `codeRegister` {register} zijn alleen deze waarden toegestaan: {allowed}"
        return [_error("partijIdentificatorCodeObjecttype", reason)]
    kinds = list(KINDS.get(str(kind), ()))
    if soort and kind and soort not in kinds:
        reason = f"voor `codeObjecttype` {kind} zijn alleen deze waarden toegestaan: {kinds}"
        return [_error("partijIdentificatorCodeSoortObjectId", reason)]
    errors = _object_id_errors(str(soort), object_id) or _sub_identificator_errors(store, record, str(soort))
    if not errors and unique:
        errors += uniqueness_errors(store, record, partij, siblings)
    return errors


def _object_id_errors(soort: str, object_id: str) -> list[FieldError]:
    length = _DIGITS.get(soort)
    if not object_id or length is None:
        return []
    reason = None
    if len(object_id) != length:
        reason = f"Waarde moet {length} tekens lang zijn"
    elif not object_id.isdigit():
        reason = "Voer een numerieke waarde in"
    elif soort in _ELEVEN_TEST and not passes_eleven_test(object_id):
        reason = _ELEVEN_TEST[soort]
    return [_error("partijIdentificatorObjectId", f"Deze waarde is ongeldig, reden: {reason}")] if reason else []


def _sub_identificator_errors(store: Store, record: Record, soort: str) -> list[FieldError]:
    if soort != "vestigingsnummer":
        return []
    parent = record.get("subIdentificatorVan")
    found = store.get("partij-identificatoren", parent) if parent else None
    if found is None:
        reason = (
            "Voor een PartijIdentificator met codeSoortObjectId = `vestigingsnummer` is het verplicht om"
            " een `sub_identifier_van` met codeSoortObjectId = `kvk_nummer` te kiezen."
        )
        return [_error("subIdentificatorVan", reason)]
    if found["partijIdentificator"].get("codeSoortObjectId") != "kvk_nummer":
        reason = "Het is alleen mogelijk om een subIdentifierVan te selecteren met codeSoortObjectId = `kvk_nummer`."
        return [_error("subIdentificatorVan", reason)]
    return []


def uniqueness_errors(
    store: Store, record: Record, partij: str | None, siblings: Iterable[Record] = (), replaced: Iterable[str] = ()
) -> list[FieldError]:
    """The constraints an identificator breaks when saved, each as an `__all__` error (both may hold).

    The same identificator (within the same `subIdentificatorVan`, or none) exists already; the partij
    has another of the same codeSoortObjectId. `replaced`: stored ones this write deletes first.
    """
    group = record["partijIdentificator"]
    gone = {record["uuid"], *replaced}
    others = [r for r in store.records("partij-identificatoren") if r["uuid"] not in gone]
    others += [r for r in siblings if r["uuid"] != record["uuid"]]
    sub = record.get("subIdentificatorVan")
    errors = []
    if any(o["partijIdentificator"] == group and o.get("subIdentificatorVan") == sub for o in others):
        errors.append(FieldError(ALL, "invalid", NOT_UNIQUE))
    soort = group.get("codeSoortObjectId")
    if partij and any(
        o.get("identificeerdePartij") == partij and o["partijIdentificator"].get("codeSoortObjectId") == soort
        for o in others
    ):
        errors.append(FieldError(ALL, "invalid", SOORT_NOT_UNIQUE))
    return errors


def _error(name: str, reason: str) -> FieldError:
    return FieldError(name, "invalid", reason)


@dataclass
class NestedPartij:
    """What a partij write carries besides the partij itself."""

    identificatoren: list[Record] | None = None
    digitale_adressen: list[str] | None = None
    rekeningnummers: list[str] | None = None
    replaced: list[str] = field(default_factory=list)


def split(cleaned: dict[str, Any]) -> NestedPartij:
    """Take the nested lists out of a cleaned partij body."""
    nested = NestedPartij()
    if "partijIdentificatoren" in cleaned:
        nested.identificatoren = [dict(item) for item in cleaned.pop("partijIdentificatoren") or []]
    if "digitaleAdressen" in cleaned:
        nested.digitale_adressen = [item["uuid"] for item in cleaned.pop("digitaleAdressen") or []]
    if "rekeningnummers" in cleaned:
        nested.rekeningnummers = [item["uuid"] for item in cleaned.pop("rekeningnummers") or []]
    return nested


def nested_errors(
    store: Store,
    nested: NestedPartij,
    partij: Record,
    new_uuid: Callable[[], str],
    given: Mapping[str, Any] | None = None,
    replacing: bool = False,
) -> list[FieldError]:
    """Check the nested lists of a partij about to be written (its uuid is known already).

    `given`: the request's cleaned fields; `replacing`: the request is a PUT.
    """
    given = given or {}
    errors = PREFERRED_ADRES.errors(store, nested.digitale_adressen, partij, given, replacing)
    errors += PREFERRED_REKENINGNUMMER.errors(store, nested.rekeningnummers, partij, given, replacing)
    if nested.identificatoren is None:
        return errors
    for index, item in enumerate(nested.identificatoren):
        prefix = f"partijIdentificatoren.{index}"
        if item.get("identificeerdePartij") is not None:
            reason = "Het veld identificeerdePartij mag niet worden opgegeven bij een geneste identificator."
            errors.append(FieldError(f"{prefix}.identificeerdePartij", "invalid", reason))
        existing = item.get("uuid")
        if (
            existing
            and (store.get("partij-identificatoren", existing) or {}).get("identificeerdePartij") != partij["uuid"]
        ):
            errors.append(FieldError(f"{prefix}.uuid", "invalid", does_not_exist("PartijIdentificator")))
            continue
        item["uuid"] = existing or new_uuid()
        item["identificeerdePartij"] = partij["uuid"]
        item["subIdentificatorVan"] = (item.get("subIdentificatorVan") or {}).get("uuid")
        item.setdefault("anderePartijIdentificator", "")
    if not errors:
        for index, item in enumerate(nested.identificatoren):
            found = identificator_errors(store, item, None, unique=False)
            errors += [error.prefixed(f"partijIdentificatoren.{index}") for error in found]
    return errors


def save_errors(store: Store, nested: NestedPartij, partij: str) -> list[FieldError]:
    """What saving the nested identificatoren one by one meets: the first one's constraint errors."""
    if nested.identificatoren is None:
        return []
    kept = {item["uuid"] for item in nested.identificatoren}
    replaced = [
        uuid for uuid in store.referrers("partij-identificatoren", "identificeerdePartij", partij) if uuid not in kept
    ]
    for uuid in replaced:  # those left out are deleted: not one a vestigingsnummer is under (PROTECT)
        holders = store.protected("partij-identificatoren", uuid)
        if holders:
            return [ProtectedDelete(holders).error(store.resources)]
    for index, item in enumerate(nested.identificatoren):
        found = uniqueness_errors(store, item, partij, nested.identificatoren[:index], replaced)
        if found:
            return found
    return []


@dataclass(frozen=True)
class Preferred:
    """A partij's preferred one of the objects it holds (a digitaal adres, a rekeningnummer)."""

    key: str  # the partij's field naming it
    listed: str  # the partij's list of those objects in a body
    collection: str
    link: str  # the objects' reference to their partij
    not_linked: str  # Open Klant's reason when the partij does not hold the one named

    def errors(
        self, store: Store, linked: list[str] | None, partij: Record, given: Mapping[str, Any], replacing: bool
    ) -> list[FieldError]:
        """The preferred one the request names is one the partij holds after the write (Open Klant checks
        only a named one: a write that unlinks the preferred one keeps it)."""
        preferred = (given.get(self.key) or {}).get("uuid")
        if not preferred:
            return []
        held = store.referrers(self.collection, self.link, partij["uuid"]) if linked is None else linked
        if replacing and linked == []:
            reason = f"{self.key} mag niet meegegeven worden als {self.listed} leeg is."
        elif preferred not in held:
            reason = self.not_linked
        else:
            return []
        return [_error(self.key, reason)]


PREFERRED_ADRES = Preferred(
    "voorkeursDigitaalAdres",
    "digitaleAdressen",
    "digitaleadressen",
    "verstrektDoorPartij",
    "Het voorkeurs adres moet een gelinkte digitaal adres zijn.",
)
PREFERRED_REKENINGNUMMER = Preferred(
    "voorkeursRekeningnummer",
    "rekeningnummers",
    "rekeningnummers",
    "partij",
    "Het voorkeurs rekeningnummer moet een gelinkte rekeningnummer zijn.",
)


def _relink(store: Store, collection: str, key: str, linked: list[str], partij: str) -> None:
    """Point exactly the `linked` records of a collection at the partij: the others it had let go."""
    keep = set(linked)
    for uuid in store.referrers(collection, key, partij):
        if uuid not in keep:
            store.save(collection, {**store.tables[collection][uuid], key: None})
    for uuid in linked:
        store.save(collection, {**store.tables[collection][uuid], key: partij})


def apply(store: Store, nested: NestedPartij, partij: str) -> None:
    """Store the nested lists of a partij that was just saved."""
    if nested.identificatoren is not None:
        kept = {item["uuid"] for item in nested.identificatoren}
        for uuid in store.referrers("partij-identificatoren", "identificeerdePartij", partij):
            if uuid not in kept:
                store.delete("partij-identificatoren", uuid)
        for item in nested.identificatoren:
            store.save("partij-identificatoren", item)
    if nested.digitale_adressen is not None:
        _relink(store, "digitaleadressen", "verstrektDoorPartij", nested.digitale_adressen, partij)
    if nested.rekeningnummers is not None:
        _relink(store, "rekeningnummers", "partij", nested.rekeningnummers, partij)

"""Open Klant's validation and derivation rules beyond the schema, per resource, as tables.

- CHECKS: value checks by field path, run with the schema checks (errors in field order).
- DEFAULTS: values a create fills in when a field is not given.
- DERIVE: fields the provider sets itself from others (status dates, deprecated aliases).
- OBJECT_RULES: checks over the whole record, run only when every field is valid, after the
  resource's `unique_together` pair (`unique_together`, from `resources`).
"""

from __future__ import annotations

import re
import uuid as uuidlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kcc_mock.provider.countries import CODES
from kcc_mock.provider.errors import NOT_AN_EMAIL, NOT_DIGITS, REQUIRED, FieldError, does_not_exist, min_length
from kcc_mock.provider.fields import NON_FIELD, Check
from kcc_mock.provider.formats import format_datetime, is_email
from kcc_mock.provider.partijen import identificator_errors
from kcc_mock.provider.spelling import underscore
from kcc_mock.provider.store import Record, Store

_INTEGER = re.compile(r"-?\d+\Z")
_IBAN = re.compile(r"[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}\Z")
_NO_SPACE = re.compile(r"\S+\Z")
_PHONE = re.compile(r"(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})\Z")
_SERVICE_NUMBER = re.compile(r"(0800|0900|1400|140\d\d)")
_PHONE_INVALID = "Het opgegeven telefoonnummer is ongeldig."
_PHONE_SERVICE = (
    "Het opgegeven telefoonnummer is ongeldig, telefoonnummers beginnend met 0800, 0900, 1400 of 140xx "
    "zijn niet toegestaan."
)


def integer_string(text: str) -> tuple[str, str] | None:
    """`nummer`/`referentienummer`: an integer written as a string (leading zeros kept)."""
    return None if _INTEGER.match(text) else ("invalid", NOT_DIGITS)


def country(text: str) -> tuple[str, str] | None:
    """`land`: an ISO 3166-1 alpha-2 code, upper case."""
    if text in CODES:
        return None
    reason = "Ongeldige landcode, de code moet behoren tot de ISO 3166-standaard"
    if text.upper() in CODES:
        reason += f". Bedoelde u {text.upper()}?"
    return "invalid", reason


def phone_number(text: str) -> tuple[str, str] | None:
    """Dutch or international number, no service numbers (0800, 0900, 1400, 140xx)."""
    if _SERVICE_NUMBER.match(text):
        return "invalid", _PHONE_SERVICE
    return None if _PHONE.match(text) else ("invalid", _PHONE_INVALID)


def iban(text: str) -> tuple[str, str] | None:
    """The shape of an IBAN (no check digits): two letters, two digits, up to thirty letters or digits."""
    return None if _IBAN.match(text) else ("invalid", f"Ongeldige IBAN: {text}")


def no_space(text: str) -> tuple[str, str] | None:
    """`bic`: no white space anywhere."""
    return None if _NO_SPACE.match(text) else ("invalid", f"Geen spaties toegestaan: {text}")


def at_least_8(text: str) -> tuple[str, str] | None:
    """`bic`: eight characters or more (the spec's pattern says so, to let "" through as Open Klant does)."""
    return None if len(text) >= 8 else ("min_length", min_length(8))


_ADDRESS_CHECKS: dict[str, Sequence[Check]] = {
    f"{group}.land": (country,) for group in ("bezoekadres", "correspondentieadres")
}
_NUMBERS: dict[str, Sequence[Check]] = {"nummer": (integer_string,), "referentienummer": (integer_string,)}

CHECKS: Mapping[str, Mapping[str, Sequence[Check]]] = {
    "klantcontacten": _NUMBERS,
    "internetaken": _NUMBERS,
    "betrokkenen": _ADDRESS_CHECKS,
    "partijen": {**_ADDRESS_CHECKS, "nummer": (integer_string,)},
    "actoren": {"actorIdentificatie.telefoonnummer": (phone_number,)},
    # Open Klant's order: the model's validators, then DRF's length checks (no value is too long and too short).
    "rekeningnummers": {"iban": (iban,), "bic": (no_space, at_least_8)},
}


@dataclass
class Change:
    """A write under way: the record as it would be stored and what the request gave."""

    store: Store
    resource: str
    record: Record
    current: Record | None
    given: Mapping[str, Any]
    now: datetime
    partial: bool = False

    @property
    def creating(self) -> bool:
        """True for a create, false for an update."""
        return self.current is None


Derive = Callable[[Change], None]
ObjectRule = Callable[[Change], list[FieldError]]


def _now(change: Change) -> str:
    return format_datetime(change.now)


DEFAULTS: Mapping[str, Mapping[str, Callable[[Change], Any]]] = {
    "klantcontacten": {"plaatsgevondenOp": _now, "verdereActieOndernomen": lambda _: False},
    "actoren": {"indicatieActief": lambda _: True},
    "digitaleadressen": {"isStandaardAdres": lambda _: False},
}


def _internetaak_fields(change: Change) -> None:
    record = change.record
    single = record.pop("toegewezenAanActor", None)
    if "toegewezenAanActor" in change.given and single is not None:
        record["toegewezenAanActoren"] = [single]
    if change.creating:
        record["toegewezenOp"] = _now(change)
    if "status" in change.given:
        was_done = change.current is not None and change.current.get("status") == "verwerkt"
        if record["status"] == "verwerkt" and not (was_done and record.get("afgehandeldOp")):
            record["afgehandeldOp"] = record.get("afgehandeldOp") or _now(change)
        elif record["status"] == "te_verwerken":
            record["afgehandeldOp"] = None


def _standaard_adres(change: Change) -> None:
    record = change.record
    if not record.get("isStandaardAdres") or not record.get("verstrektDoorPartij"):
        return
    store = change.store
    for uuid in store.referrers("digitaleadressen", "verstrektDoorPartij", record["verstrektDoorPartij"]):
        other = store.get("digitaleadressen", uuid)
        same_kind = other and other["soortDigitaalAdres"] == record["soortDigitaalAdres"]
        if other and uuid != record["uuid"] and same_kind and other.get("isStandaardAdres"):
            store.save("digitaleadressen", {**other, "isStandaardAdres": False})


# (discriminator, group): the group whose shape depends on the kind. Open Klant keeps it per kind (a
# table each), so a PATCH that does not name the kind ignores the group, and an update that switches
# the kind without a group shows what the new kind held before (null if nothing).
VARIANT_GROUPS: Mapping[str, tuple[str, str]] = {
    "partijen": ("soortPartij", "partijIdentificatie"),
    "actoren": ("soortActor", "actorIdentificatie"),
}
# Record key of the groups of the other kinds; never rendered (rendering follows the spec's fields).
OTHER_KINDS = "_groupsOfOtherKinds"


def _variant_group(change: Change) -> None:
    """An update that switches the kind keeps the old kind's group aside and shows the new kind's."""
    discriminator, group = VARIANT_GROUPS[change.resource]
    current, record = change.current, change.record
    if current is None:
        return
    old_kind, new_kind = str(current.get(discriminator)), str(record.get(discriminator))
    if old_kind == new_kind:
        return
    others = dict(current.get(OTHER_KINDS) or {})
    others[old_kind] = current.get(group)
    if not change.given.get(group):  # not sent, or `{}`: nothing is written for the new kind
        record[group] = others.get(new_kind)
    others.pop(new_kind, None)
    record[OTHER_KINDS] = others


def _contactpersoon_uuid(change: Change) -> None:
    """A contactpersoon is its own model in Open Klant: every write of the group makes a new one, with
    a new uuid; a write without the group keeps it."""
    record = change.record
    group = record.get("partijIdentificatie")
    if record.get("soortPartij") != "contactpersoon" or not isinstance(group, dict):
        return
    if change.given.get("partijIdentificatie") or not group.get("uuid"):
        record["partijIdentificatie"] = {**group, "uuid": str(uuidlib.uuid4())}


def _begin_datum(change: Change) -> None:
    """A categorie-relatie created without a beginDatum (or with null) begins today."""
    if change.creating and not change.record.get("beginDatum"):
        change.record["beginDatum"] = change.now.date().isoformat()


def _partij_fields(change: Change) -> None:
    _variant_group(change)
    _contactpersoon_uuid(change)


DERIVE: Mapping[str, Derive] = {
    "internetaken": _internetaak_fields,
    "partijen": _partij_fields,
    "actoren": _variant_group,
    "categorie-relaties": _begin_datum,
}
AFTER_SAVE: Mapping[str, Derive] = {"digitaleadressen": _standaard_adres}
# Keys a create must send that are checked only once every field is valid, not on an update (DRF's
# UniqueTogetherValidator of a database constraint demands them); the form does not require them.
LATE_REQUIRED: Mapping[str, tuple[str, ...]] = {"digitaleadressen": ("verstrektDoorPartij",)}


def _contact_succeeded(change: Change) -> list[FieldError]:
    record = change.record
    if record.get("indicatieContactGelukt") is True and record.get("verdereActieOndernomen") is True:
        reason = "Als het contact gelukt is kan er geen verdere actie zijn ondernomen"
        return [FieldError(NON_FIELD, "no-further-action-when-contact-succesful", reason)]
    return []


def unique_together(change: Change) -> list[FieldError]:
    """Django's `unique_together`: no other record holds the values of the resource's pair of fields."""
    pair = change.store.resources[change.resource].unique_together
    if pair is not None and change.store.pair_taken(change.resource, pair, change.record):
        reason = f"De velden {', '.join(underscore(name) for name in pair)} moeten een unieke set zijn."
        return [FieldError(NON_FIELD, "unique", reason)]
    return []


def _internetaak(change: Change) -> list[FieldError]:
    given, errors = change.given, []
    single, many = "toegewezenAanActor" in given, "toegewezenAanActoren" in given
    needs_one = not change.partial
    if single and many:
        reason = "`toegewezen_aan_actor` en `toegewezen_aan_actoren` mag niet beiden gebruikt worden."
        errors.append(FieldError(NON_FIELD, "invalid", reason))
    elif needs_one and not (single or many):
        reason = "`toegewezen_aan_actor` of `toegewezen_aan_actoren` is required (mag niet beiden gebruiken)."
        errors.append(FieldError(NON_FIELD, "invalid", reason))
    if given.get("afgehandeldOp") and change.record.get("status") != "verwerkt":
        reason = "De Internetaak kan geen afgehandeld op datum bevatten als de status niet op 'verwerkt' staat."
        errors.append(FieldError("afgehandeldOp", "invalid", reason))
    return errors


def _digitaal_adres(change: Change) -> list[FieldError]:
    """Open Klant's order: the address's own check (a field check), then the create-only required key
    (a database constraint's validator), then `validate()`: standaard adres, referentie uniqueness."""
    record, errors = change.record, []
    kind, address = record.get("soortDigitaalAdres"), record.get("adres", "")
    if kind == "email" and not is_email(address):
        errors.append(FieldError("adres", "invalid", NOT_AN_EMAIL))
    if kind == "telefoonnummer":
        problem = phone_number(address)
        if problem:
            errors.append(FieldError("adres", *problem))
    if not errors and change.creating:
        errors = [
            FieldError(key, "required", REQUIRED) for key in LATE_REQUIRED[change.resource] if key not in change.given
        ]
    if errors:
        return errors
    partij = record.get("verstrektDoorPartij")
    if record.get("isStandaardAdres") and not partij:
        reason = "`is_standaard_adres` kan alleen gezet worden als `verstrekt_door_partij` niet leeg is."
        return [FieldError("isStandaardAdres", "invalid", reason)]
    referentie = change.given.get("referentie")
    if partij and referentie:
        # Open Klant does not leave the object itself out: a PUT or PATCH naming its own referentie fails.
        same = (
            change.store.get("digitaleadressen", uuid)
            for uuid in change.store.referrers("digitaleadressen", "verstrektDoorPartij", partij)
        )
        if any(
            other and other.get("referentie") == referentie and other["soortDigitaalAdres"] == kind for other in same
        ):
            reason = (
                "De velden ['verstrekt_door_partij', 'referentie', 'soort_digitaal_adres'] moeten een unieke set zijn."
            )
            return [FieldError(NON_FIELD, "unique", reason)]
    return []


def _werkte_voor_partij(change: Change) -> list[FieldError]:
    """A contactpersoon's werkteVoorPartij is a reference like any other: to a partij that exists."""
    group = change.record.get("partijIdentificatie")
    partij = group.get("werkteVoorPartij") if isinstance(group, dict) else None
    if isinstance(partij, dict) and not change.store.exists("partijen", str(partij.get("uuid"))):
        return [FieldError("partijIdentificatie.werkteVoorPartij.uuid", "invalid", does_not_exist("Partij"))]
    return []


def _not_itself(change: Change) -> list[FieldError]:
    record = change.record
    if record["vertegenwoordigendePartij"] == record["vertegenwoordigdePartij"]:
        return [FieldError("vertegenwoordigdePartij", "invalid", "De partij kan niet zichzelf vertegenwoordigen.")]
    return []


OBJECT_RULES: Mapping[str, Sequence[ObjectRule]] = {
    "klantcontacten": (_contact_succeeded,),
    "partijen": (_werkte_voor_partij,),
    "internetaken": (_internetaak,),
    "digitaleadressen": (_digitaal_adres,),
    "vertegenwoordigingen": (_not_itself,),
    "partij-identificatoren": (
        lambda change: identificator_errors(change.store, change.record, change.record.get("identificeerdePartij")),
    ),
}

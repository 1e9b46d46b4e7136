"""The Klantinteracties standard's rules that no schema can say, written once: the suites' own oracle.

Written from the standard's text (the enums and descriptions of the published OpenAPI document in
tests/data/upstream) and from Open Klant's recorded answers (tests/data/recordings), never from the
mock: it imports nothing of `kcc_mock`, so a mistake in the mock's rule tables shows up as a
failure of the strategies, the certification and property suites and schemathesis' hooks instead
of being copied into them. Plain Python: predicates that say whether data keeps a rule, and
generators of numbers that keep it (or break it in one way) from a `random.Random`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# ---------------------------------------------------------------- BSN, RSIN, KvK- and vestigingsnummer

# The 11-test (elfproef) of BSN and RSIN: nine digits, weighted 9, 8, ..., 2 and -1 for the last,
# add up to a multiple of 11.
ELEVEN_TEST_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_eleven_test(number: str) -> bool:
    """Whether a number is nine digits that pass the 11-test."""
    if len(number) != 9 or not all(digit in "0123456789" for digit in number):
        return False
    return sum(int(digit) * weight for digit, weight in zip(number, ELEVEN_TEST_WEIGHTS, strict=True)) % 11 == 0


def with_check_digit(first: str) -> str | None:
    """Eight digits completed with the ninth that passes the 11-test; None when no digit can (remainder 10)."""
    remainder = sum(int(digit) * weight for digit, weight in zip(first, ELEVEN_TEST_WEIGHTS[:8], strict=True)) % 11
    return first + str(remainder) if remainder < 10 else None


def with_wrong_check_digit(number: str) -> str:
    """A number that passes the 11-test with another last digit: it fails (only one digit completes eight)."""
    return number[:8] + str((int(number[8]) + 1) % 10)


@dataclass(frozen=True)
class Kind:
    """One kind of partij-identificator (`codeSoortObjectId`): where it is registered and its number's form."""

    register: str  # codeRegister
    objecttype: str  # codeObjecttype
    digits: int  # objectId: exactly this many digits
    eleven_test: bool  # objectId passes the 11-test as well
    parent: str | None = None  # the kind a sub-identificator of this kind must name (`subIdentificatorVan`)


# The register hierarchy: the BRP holds natural persons by BSN; the Handelsregister holds
# non-natural persons by RSIN or KvK-nummer and their vestigingen by vestigingsnummer, each
# vestiging under the KvK-nummer of its onderneming.
KINDS: Mapping[str, Kind] = {
    "bsn": Kind("brp", "natuurlijk_persoon", 9, eleven_test=True),
    "rsin": Kind("hr", "niet_natuurlijk_persoon", 9, eleven_test=True),
    "kvk_nummer": Kind("hr", "niet_natuurlijk_persoon", 8, eleven_test=False),
    "vestigingsnummer": Kind("hr", "vestiging", 12, eleven_test=False, parent="kvk_nummer"),
}


def objecttypes(register: str) -> tuple[str, ...]:
    """The object types a register holds (the `codeObjecttype` values a `codeRegister` allows)."""
    return tuple(dict.fromkeys(kind.objecttype for kind in KINDS.values() if kind.register == register))


def kinds_of(objecttype: str) -> tuple[str, ...]:
    """The kinds of number that identify an object type (the `codeSoortObjectId` values a `codeObjecttype` allows)."""
    return tuple(name for name, kind in KINDS.items() if kind.objecttype == objecttype)


def number_fits(kind: str, object_id: str) -> bool:
    """Whether an objectId is a number of this kind: its count of digits, and the 11-test where the kind has it."""
    spec = KINDS[kind]
    if len(object_id) != spec.digits or not all(digit in "0123456789" for digit in object_id):
        return False
    return passes_eleven_test(object_id) if spec.eleven_test else True


def valid_number(kind: str, rng: random.Random) -> str:
    """A number of this kind the standard accepts, drawn from `rng` (no leading zero, as numbers are issued)."""
    spec = KINDS[kind]
    while True:
        first = str(rng.randint(1, 9)) + "".join(str(rng.randrange(10)) for _ in range(spec.digits - 2))
        if not spec.eleven_test:
            return first + str(rng.randrange(10))
        number = with_check_digit(first)
        if number is not None:
            return number


def identificator(kind: str, object_id: str) -> dict[str, str]:
    """The `partijIdentificator` group of a number of this kind, with the register and object type it belongs to."""
    spec = KINDS[kind]
    return {
        "codeObjecttype": spec.objecttype,
        "codeSoortObjectId": kind,
        "objectId": object_id,
        "codeRegister": spec.register,
    }


def identificator_problem(group: Mapping[str, Any], parent_kind: str | None = None) -> str | None:
    """The first part of a `partijIdentificator` group the standard refuses, None when it keeps every rule.

    In Open Klant's order: the object type must be one its register holds, the kind one that
    identifies the object type, the objectId a number of that kind; then `subIdentificatorVan`
    (`parent_kind`: the kind of the identificator it names, None when it names none) must name a
    kvk_nummer exactly when the kind is a vestigingsnummer. A code left empty is not checked.
    """
    register, objecttype = group.get("codeRegister"), group.get("codeObjecttype")
    kind, object_id = group.get("codeSoortObjectId"), group.get("objectId")
    if register and objecttype and objecttype not in objecttypes(str(register)):
        return "codeObjecttype"
    if objecttype and kind and kind not in kinds_of(str(objecttype)):
        return "codeSoortObjectId"
    if kind in KINDS and object_id and not number_fits(str(kind), str(object_id)):
        return "objectId"
    expected_parent = KINDS[str(kind)].parent if kind in KINDS else None
    if parent_kind != expected_parent:
        return "subIdentificatorVan"
    return None


def one_per_kind(groups: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the identificatoren of one partij have each kind (`codeSoortObjectId`) at most once."""
    kinds = [group.get("codeSoortObjectId") for group in groups]
    return len(kinds) == len(set(kinds))


# ---------------------------------------------------------------- rules between the fields of one object


def contact_rule_holds(klantcontact: Mapping[str, Any]) -> bool:
    """A contact that succeeded (`indicatieContactGelukt` true) needs no further action (`verdereActieOndernomen`)."""
    succeeded = klantcontact.get("indicatieContactGelukt") is True
    return not (succeeded and klantcontact.get("verdereActieOndernomen") is True)


DONE = "verwerkt"  # the internetaak status of a task that is done


def afgehandeld_rule_holds(internetaak: Mapping[str, Any]) -> bool:
    """An internetaak has an `afgehandeldOp` moment only when its status is `verwerkt`."""
    return not internetaak.get("afgehandeldOp") or internetaak.get("status") == DONE


ASSIGNMENTS = ("toegewezenAanActor", "toegewezenAanActoren")  # the deprecated single form and the list


def assignment_rule_holds(internetaak: Mapping[str, Any]) -> bool:
    """A written internetaak names its actors in exactly one of `toegewezenAanActor(en)`."""
    return sum(key in internetaak for key in ASSIGNMENTS) == 1


def standaard_adres_rule_holds(digitaal_adres: Mapping[str, Any]) -> bool:
    """A digitaal adres is a partij's standard address (`isStandaardAdres`) only when a partij gave it."""
    return not digitaal_adres.get("isStandaardAdres") or bool(digitaal_adres.get("verstrektDoorPartij"))


# An `adres` that fits each `soortDigitaalAdres` with a form of its own (an e-mail address, a Dutch
# telephone number that is no service number); any other kind takes any text.
FITTING_ADDRESSES: Mapping[str, str] = {"email": "jan.devries@example.nl", "telefoonnummer": "0612345678"}

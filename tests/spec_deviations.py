"""The allow-list of the spec compatibility checker: where our document deliberately differs from upstream.

Each deviation names the location (a glob), the keyword and the value we use, and why. A deviation
about a field that an API version introduced says `since` which version: it applies, and must match
something, only in documents of that version or later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deviation:
    """A deliberate difference: a glob over the location, the keyword and the value we use there."""

    where: str
    keyword: str
    ours: Any
    reason: str
    since: str = "0.0.0"  # the first API version that has what the deviation is about


# A character DRF's trimming (Python's str.strip) keeps: the text is not blank.
NOT_BLANK = "[^\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
EMPTY_ADDRESS = 'Open Klant returns "" for address fields that were not filled in (observed).'
NO_BIC = 'Open Klant returns bic "" when none was sent, and accepts "" on a write (recorded).'
NULL_WHEN_ABSENT = "Open Klant answers null when no {} was created (a request's null is refused; recorded)."

DEVIATIONS: tuple[Deviation, ...] = (
    Deviation("MaakKlantcontact.betrokkene", "nullable", True, NULL_WHEN_ABSENT.format("betrokkene")),
    Deviation("MaakKlantcontact.onderwerpobject", "nullable", True, NULL_WHEN_ABSENT.format("onderwerpobject")),
    Deviation(
        "*_ActorSerializer.actorIdentificatie",
        "nullable",
        True,
        "Open Klant returns actorIdentificatie: null for an actor created without one (observed).",
    ),
    Deviation(
        "*_PartijSerializer.partijIdentificatie",
        "nullable",
        True,
        "Open Klant returns partijIdentificatie: null for a partij created without one, or with {} (recorded).",
    ),
    Deviation("*adres.nummeraanduidingId", "pattern", "^([0-9]{16})?$", EMPTY_ADDRESS),
    Deviation("*adres.postcode", "pattern", "^([1-9][0-9]{3} [A-Z]{2})?$", EMPTY_ADDRESS),
    Deviation("*adres.land", "pattern", "^(.{2})?$", EMPTY_ADDRESS + " (it replaces minLength 2)"),
    Deviation("*adres.land", "minLength", None, EMPTY_ADDRESS),
    Deviation(
        "*DigitaalAdres*.referentie",
        "pattern",
        "^([-a-zA-Z0-9_]+)?$",
        'Open Klant returns referentie "" when none was sent (observed).',
    ),
    Deviation(
        "*.bic",
        "pattern",
        f"^({NOT_BLANK}{{8,}})?$",
        NO_BIC + " The pattern replaces minLength 8 and upstream's no-space pattern, with the characters Python "
        "counts as white space (Open Klant's regex refuses them; JSON Schema's \\S would let some through).",
    ),
    Deviation("*.bic", "minLength", None, NO_BIC),
    Deviation(
        "*.emailadres",
        "admitsEmpty",
        True,
        'Open Klant returns emailadres "" in actorIdentificatie when none was sent; format email rejects "".',
    ),
    Deviation(
        "*.hoofdOnderwerpType",
        "admitsEmpty",
        True,
        'Open Klant returns hoofdOnderwerpType "" when none was sent (observed); format uri rejects "".',
        since="0.9.0",
    ),
    Deviation(
        "EersteActorForeignKey.uuid",
        "nullable",
        True,
        "An internetaak without actors (none assigned, or the last one deleted) answers toegewezenAanActor "
        '{"uuid": null} (recorded).',
    ),
    Deviation(
        "EersteActorForeignKey.url",
        "required",
        False,
        'The {"uuid": null} of an internetaak without actors has no url (recorded).',
    ),
    Deviation(
        "DigitaalAdresRequest.verstrektDoorPartij",
        "required",
        True,
        "Open Klant requires the verstrektDoorPartij key on create (null allowed; recorded), after the other fields.",
    ),
    Deviation(
        "*",
        "pattern",
        NOT_BLANK,
        "Required text fields (and metadata values) are refused blank after trimming (code blank, observed); "
        "the pattern (a character Python's strip() keeps) says so, in PATCH bodies too.",
    ),
    Deviation(
        "*.nummer",
        "pattern",
        "^(-?\\d+)?$",
        'nummer is an integer written as a string, or "" (observed: "Voer een geldig geheel getal in.").',
    ),
    Deviation(
        "*.referentienummer",
        "pattern",
        "^(-?\\d+)?$",
        'referentienummer is an integer written as a string, or "" (observed: "Voer een geldig geheel getal in.").',
    ),
    Deviation(
        "OrganisatorischeEenheid.telefoonnummer",
        "admitsEmpty",
        True,
        'Optional for an organisatorische eenheid: "" when none was sent, and a blank value is accepted (DRF).',
    ),
)


def version_key(version: str) -> tuple[int, ...]:
    """An API version as a comparable tuple: "0.10.0" comes after "0.9.0"."""
    return tuple(int(part) for part in version.split("."))


def applicable(version: str) -> tuple[Deviation, ...]:
    """The deviations that apply to a document of this API version."""
    return tuple(dev for dev in DEVIATIONS if version_key(dev.since) <= version_key(version))

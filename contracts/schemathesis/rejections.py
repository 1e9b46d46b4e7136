"""Why a provider may refuse schema-valid data: the rules no schema expresses (`SEMANTIC_REJECTIONS`).

schemathesis' `positive_data_acceptance` (ST202) fails when a provider refuses data its schema
allows, but Open Klant also refuses for reasons that depend on stored data or on several fields at
once. Each `Rule` names such a reason by the `invalidParams` entry it produces and must confirm it
with evidence the refusal cannot fake (`evidence.py`): the request body shows the reason, or a
follow-up read does. A 400 is an allowed refusal only when every one of its reasons is confirmed;
a reason no rule can confirm (a provider refusing every valid address as `adres`/`invalid`) fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from contracts.schemathesis import evidence as e
from contracts.schemathesis.transport import body_of

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.specs.openapi.schemas import OpenApiCase


class Rule(NamedTuple):
    """A 400 reason no schema can express, and how to confirm it holds for the refused request."""

    name: str  # regex on invalidParams[].name
    code: str  # regex on invalidParams[].code
    reason: str  # why schema-valid data may get it
    confirm: Callable[[OpenApiCase, Response, str], bool]  # the evidence, independent of the refusal
    collection: str | None = None  # of the object the name is about (a maak part, a nested identificator)
    method: str | None = None
    message: str = ""  # regex on invalidParams[].reason: which of the provider's reasons this is


FIELD = r"(^|\.)(?!(nonFieldErrors|__all__)$)[^.]+$"  # a named field, not the object as a whole
SEMANTIC_REJECTIONS = (
    Rule(
        r"(^|\.)uuid$",
        "invalid",
        "a reference to an object the provider does not hold",
        e.reference_is_missing,
        message="bestaat niet",
    ),
    Rule(
        r"^uuid$",
        "invalid",
        "a partij-identificator's own uuid, when sent, must name a stored one",
        e.identificator_is_missing,
        "partij-identificatoren",
        message="bestaat niet",
    ),
    Rule(
        r"(^|\.)werkteVoorPartij\.uuid$",
        "invalid",
        "a contactpersoon works for an organisatie",
        e.employer_is_no_organisatie,
        message="soort 'organisatie'",
    ),
    Rule(FIELD, "unique", "a value another stored object already has", e.value_is_taken),
    Rule(
        r"^nonFieldErrors$",
        "unique",
        "an actor and a klantcontact are linked once",
        e.pair_is_taken,
        "actorklantcontacten",
    ),
    Rule(
        r"^nonFieldErrors$",
        "unique",
        "a partij's referentie is unique per kind of address",
        e.referentie_is_taken,
        "digitaleadressen",
    ),
    Rule(
        r"(^|\.)nonFieldErrors$",
        "no-further-action-when-contact-succesful",
        "a contact that succeeded needs no further action",
        e.contact_succeeded_with_follow_up,
        "klantcontacten",
    ),
    Rule(
        r"^nonFieldErrors$",
        "invalid",
        "toegewezenAanActor and toegewezenAanActoren exclude each other",
        e.assignment_is_wrong,
        "internetaken",
    ),
    Rule(
        r"^afgehandeldOp$", "invalid", "afgehandeldOp needs status verwerkt", e.done_date_without_done, "internetaken"
    ),
    Rule(
        r"^adres$",
        "invalid",
        "the address must fit soortDigitaalAdres (e-mail, phone)",
        e.address_does_not_fit_its_kind,
        "digitaleadressen",
    ),
    Rule(
        r"^isStandaardAdres$",
        "invalid",
        "a standard address needs a partij",
        e.standard_address_without_partij,
        "digitaleadressen",
    ),
    Rule(
        r"(^|\.)partijIdentificatorCode(Objecttype|SoortObjectId)$",
        "invalid",
        "the register hierarchy",
        e.register_mismatch,
        "partij-identificatoren",
    ),
    Rule(
        r"(^|\.)partijIdentificatorObjectId$",
        "invalid",
        "the number's length, digits and 11-test",
        e.object_id_is_wrong,
        "partij-identificatoren",
    ),
    Rule(
        r"(^|\.)subIdentificatorVan$",
        "invalid",
        "a vestigingsnummer belongs to a kvk_nummer",
        e.sub_identificator_is_wrong,
        "partij-identificatoren",
    ),
    Rule(
        r"(^|\.)(__all__|nonFieldErrors)$",
        "invalid|unique",
        "one identificator per number, one of each kind per partij",
        e.identificator_is_taken,
    ),
    Rule(
        r"^partijIdentificatoren\.\d+\.identificeerdePartij$",
        "invalid",
        "a nested identificator names no partij",
        e.nested_identificator_names_a_partij,
    ),
    Rule(
        r"^voorkeursDigitaalAdres$",
        "invalid",
        "the preferred address must be one of the partij's",
        e.preferred_address_is_not_its_own,
        "partijen",
    ),
    Rule(
        r"(^|\.)land$",
        "invalid",
        "ISO 3166-1 codes; the schema, like upstream's, only says two characters",
        e.country_is_no_iso_code,
    ),
    Rule(
        FIELD,
        "blank|min_length",
        "DRF trims text before it checks its length; the schema counts the spaces",
        e.trimmed_value_breaks_the_schema,
    ),
    Rule(
        r"(^|\.)telefoonnummer$",
        "invalid",
        "Open Klant's telephone numbers, no service numbers (0800, 0900, 14xxx)",
        e.phone_number_is_refused,
    ),
    Rule(
        r".*",
        "invalid",
        "Django's e-mail validator is stricter than the email format",
        e.django_refuses_the_email,
        message=r"^Voer een geldig e-mailadres in\.$",
    ),
    Rule(
        r".*",
        "invalid",
        "Django's URL validator is stricter than the uri format",
        e.django_refuses_the_url,
        message=r"^Voer een geldige URL in\.$",
    ),
    Rule(
        r"^(actorIdentificatie|partijIdentificatie)\.",
        ".*",
        "a PATCH without its soort is checked against the stored variant",
        e.group_misfits_stored_kind,
        method="PATCH",
    ),
)


def semantic_rejection(case: OpenApiCase, response: Response) -> bool:
    """Whether every reason of a 400 is one of SEMANTIC_REJECTIONS, confirmed."""
    body = body_of(response)
    params = body.get("invalidParams") if isinstance(body, dict) else None
    if not isinstance(params, list) or not params:
        return False
    return all(any(_applies(rule, case, response, item) for rule in SEMANTIC_REJECTIONS) for item in params)


def _applies(rule: Rule, case: OpenApiCase, response: Response, item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    name, code, reason = (str(item.get(k, "")) for k in ("name", "code", "reason"))
    if rule.collection is not None and rule.collection != e.part_of(case, name)[0]:
        return False
    if rule.method is not None and rule.method != case.method.upper():
        return False
    matches = re.search(rule.name, name) and re.fullmatch(rule.code, code)
    if not matches or (rule.message and not re.search(rule.message, reason)):
        return False
    return rule.confirm(case, response, name)

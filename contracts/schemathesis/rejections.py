"""Why a provider may refuse schema-valid data: the rules no schema expresses (`SEMANTIC_REJECTIONS`).

schemathesis' `positive_data_acceptance` (ST202) fails when a provider refuses data its schema
allows, but Open Klant also refuses for reasons that depend on stored data or on several fields at
once. Each `Rule` names such a reason by the `invalidParams` entry it produces, and, where the
provider can be asked, a confirmation: a follow-up request that shows the reason holds (the
referenced object is gone, the value is taken). A 400 is an allowed refusal only when every one of
its reasons matches a rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from contracts.schemathesis.references import FIELD_TARGETS, MAAK_PARTS
from contracts.schemathesis.transport import body_of, canonical, collection_of, dig, get_object, send

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.specs.openapi.schemas import OpenApiCase


class Rule(NamedTuple):
    """A 400 reason no schema can express: it depends on stored data or on several fields at once."""

    name: str  # regex on invalidParams[].name
    code: str  # regex on invalidParams[].code
    reason: str  # why schema-valid data may get it
    collection: str | None = None
    method: str | None = None
    message: str = ""  # regex on invalidParams[].reason
    confirm: Callable[[OpenApiCase, Response, str], bool] | None = None  # asks the provider whether the reason holds


def reference_is_missing(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the object an invalid `<field>.uuid` names is indeed not there."""
    steps = name.split(".")[:-1]
    value = dig(case.body, steps)
    field = next((step for step in reversed(steps) if not step.isdigit()), "")
    if field not in FIELD_TARGETS or not isinstance(value, dict):
        return False
    target, uuid = FIELD_TARGETS[field], canonical(value.get("uuid"))
    return target is None or uuid is None or get_object(case, response, target, uuid)[0] == 404


def value_is_taken(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether another stored object holds the value a `unique` error names (asked through the list filter)."""
    steps = name.split(".")
    collection = MAAK_PARTS.get(steps[0], collection_of(case)) if len(steps) > 1 else collection_of(case)
    value, own = dig(case.body, steps), canonical((case.path_parameters or {}).get("uuid"))
    listing = case.operation.schema.find_operation_by_label(f"GET /{collection}")
    if listing is None or not any(p.name == steps[-1] for p in listing.iter_parameters()) or value is None:
        return True  # no way to ask: trust the provider
    found = body_of(send(case, response, "GET", f"/{collection}", query={steps[-1]: value, "pageSize": 2}))
    results = found.get("results", []) if isinstance(found, dict) else []
    return any(item.get("uuid") != own for item in results if isinstance(item, dict))


def identificator_is_missing(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the partij-identificator a body's own `uuid` names is indeed not there (Open Klant looks it up)."""
    uuid = canonical(case.body.get("uuid")) if isinstance(case.body, dict) else None
    return uuid is not None and get_object(case, response, "partij-identificatoren", uuid)[0] == 404


def employer_is_no_organisatie(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the partij a contactpersoon's `werkteVoorPartij` names is indeed there and not an organisatie."""
    value = dig(case.body, name.split(".")[:-1])
    uuid = canonical(value.get("uuid")) if isinstance(value, dict) else None
    if uuid is None:
        return False
    status, found = get_object(case, response, "partijen", uuid)
    return status == 200 and isinstance(found, dict) and found.get("soortPartij") != "organisatie"


SEMANTIC_REJECTIONS = (
    Rule(
        r"(^|\.)uuid$",
        "invalid",
        "a reference to an object the provider does not hold",
        message="bestaat niet",
        confirm=reference_is_missing,
    ),
    Rule(
        r"^uuid$",
        "invalid",
        "a partij-identificator's own uuid, when sent, must name a stored one",
        "partij-identificatoren",
        message="bestaat niet",
        confirm=identificator_is_missing,
    ),
    Rule(
        r"(^|\.)werkteVoorPartij\.uuid$",
        "invalid",
        "a contactpersoon works for an organisatie",
        message="soort 'organisatie'",
        confirm=employer_is_no_organisatie,
    ),
    Rule(r".*", "unique", "a value (or pair) another stored object already has", confirm=value_is_taken),
    Rule(r"(^|\.)nonFieldErrors$", "no-further-action-when-contact-succesful", "contact succeeded and follow-up"),
    Rule(
        r"^nonFieldErrors$", "invalid", "toegewezenAanActor and toegewezenAanActoren exclude each other", "internetaken"
    ),
    Rule(r"^afgehandeldOp$", "invalid", "afgehandeldOp needs status verwerkt", "internetaken"),
    Rule(r"^adres$", "invalid", "the address must fit soortDigitaalAdres (e-mail, phone)", "digitaleadressen"),
    Rule(r"^isStandaardAdres$", "invalid", "a standard address needs a partij", "digitaleadressen"),
    Rule(
        r"(^|\.)(partijIdentificatorCode\w+|partijIdentificatorObjectId|subIdentificatorVan|__all__)$",
        "invalid|unique",
        "register hierarchy, number length, 11-test and one identificator per kind",
    ),
    Rule(r"(^|\.)identificeerdePartij$", "invalid", "a nested identificator names no partij", "partijen"),
    Rule(r"^voorkeursDigitaalAdres$", "invalid", "the preferred address must be one of the partij's", "partijen"),
    Rule(r"(^|\.)land$", "invalid", "ISO 3166-1 codes; the schema, like upstream's, only says two characters"),
    Rule(
        r"(^|\.)telefoonnummer$",
        "invalid",
        "service numbers (0800, 0900, 14xxx) are refused beyond the pattern",
        message="0800",
    ),
    Rule(
        r".*",
        "invalid",
        "Django's URL and e-mail validators are stricter than the uri and email formats",
        message=r"^Voer een geldige URL in\.$|^Voer een geldig e-mailadres in\.$",
    ),
    Rule(
        r"^(actorIdentificatie|partijIdentificatie)\.",
        ".*",
        "a PATCH without its soort is checked against the stored variant",
        method="PATCH",
    ),
)


def semantic_rejection(case: OpenApiCase, response: Response) -> bool:
    """Whether every reason of a 400 is one of SEMANTIC_REJECTIONS."""
    body = body_of(response)
    params = body.get("invalidParams") if isinstance(body, dict) else None
    if not isinstance(params, list) or not params:
        return False
    return all(any(_applies(rule, case, response, item) for rule in SEMANTIC_REJECTIONS) for item in params)


def _applies(rule: Rule, case: OpenApiCase, response: Response, item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    name, code, reason = (str(item.get(k, "")) for k in ("name", "code", "reason"))
    if rule.collection is not None and rule.collection != collection_of(case):
        return False
    if rule.method is not None:
        body = case.body if isinstance(case.body, dict) else {}
        if rule.method != case.method.upper() or "soortActor" in body or "soortPartij" in body:
            return False
    matches = re.search(rule.name, name) and re.fullmatch(rule.code, code)
    if not matches or (rule.message and not re.search(rule.message, reason)):
        return False
    return rule.confirm is None or rule.confirm(case, response, name)

"""Evidence for the reason of a refusal, found without believing the refusal: in the request, or by asking.

Each function takes the refused case, the response and the `invalidParams` name, and says whether
the reason the rule names really holds: the request body shows it (`rules.py`: an identificator
that fails the 11-test, `afgehandeldOp` without status verwerkt, an address that does not fit its
kind), or a follow-up read does (the referenced object is gone; the value is taken, asked through
the list's filter, or, where there is no filter, by sending the request again with only that value
changed: accepted then, it was the value). For an update (PUT or PATCH) the stored object fills in what the body
leaves out. Nothing here reads the refusal's own words beyond which rule it claims.
"""

from __future__ import annotations

import copy
import uuid as uuidlib
from typing import TYPE_CHECKING, Any

from contracts.schemathesis import drf, rules
from contracts.schemathesis.references import FIELD_TARGETS, MAAK_PARTS
from contracts.schemathesis.transport import (
    api_base,
    body_of,
    canonical,
    collection_of,
    dig,
    get_object,
    send,
    uuids_in,
)

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.specs.openapi.schemas import OpenApiCase


def part_of(case: OpenApiCase, name: str) -> tuple[str, list[str]]:
    """The collection an `invalidParams` name is about and the path to its object in the body."""
    steps = name.split(".")[:-1]
    if collection_of(case) == "maak-klantcontact" and steps and steps[0] in MAAK_PARTS:
        return MAAK_PARTS[steps[0]], steps[:1]
    if collection_of(case) == "partijen" and steps[:1] == ["partijIdentificatoren"] and len(steps) > 1:
        return "partij-identificatoren", steps[:2]
    return collection_of(case), []


def subject(case: OpenApiCase, response: Response, name: str) -> dict[str, Any]:
    """The object a name is about as the write would leave it: the body's part over the stored object for an
    update (DRF leaves a field a PUT does not send as it was too, unless the field is required)."""
    collection, path = part_of(case, name)
    given = dig(case.body, path) if path else case.body
    given = given if isinstance(given, dict) else {}
    uuid = canonical((case.path_parameters or {}).get("uuid"))
    if path or case.method.upper() not in ("PUT", "PATCH") or uuid is None:
        return given
    status, stored = get_object(case, response, collection, uuid)
    return {**stored, **given} if status == 200 and isinstance(stored, dict) else given


def _value(case: OpenApiCase, name: str) -> Any:
    return dig(case.body, name.split("."))


def _with_value(case: OpenApiCase, name: str, value: Any) -> Any:
    """A copy of the request body with only the value at the dotted name replaced, or None when it has no place."""
    body = copy.deepcopy(case.body)
    steps = name.split(".")
    target = dig(body, steps[:-1]) if len(steps) > 1 else body
    if not isinstance(target, dict):
        return None
    target[steps[-1]] = value
    return body


# ---------------------------------------------------------------- follow-up reads


def reference_is_missing(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the object an invalid `<field>.uuid` names is indeed not there."""
    steps = name.split(".")[:-1]
    value = dig(case.body, steps)
    field = next((step for step in reversed(steps) if not step.isdigit()), "")
    if field not in FIELD_TARGETS or not isinstance(value, dict):
        return False
    target, uuid = FIELD_TARGETS[field], canonical(value.get("uuid"))
    if target is None or uuid is None:
        return True  # a collection this API does not serve, or no uuid: it names nothing stored
    status, found = get_object(case, response, target, uuid)
    if status == 404:
        return True
    if field != "partijIdentificatoren" or status != 200 or not isinstance(found, dict):
        return False
    # Open Klant looks a nested identificator up among the partij's own: another partij's is not there.
    own = canonical((case.path_parameters or {}).get("uuid"))
    return own is None or uuids_in(found.get("identificeerdePartij")) != [own]


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


def _holders(case: OpenApiCase, response: Response, collection: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    """The objects a list filtered on `query` answers (up to 100), or [] when it cannot be read."""
    found = send(case, response, "GET", f"/{collection}", query={**query, "pageSize": 100})
    body = body_of(found)
    results = body.get("results") if found.status_code == 200 and isinstance(body, dict) else None
    return [item for item in results or [] if isinstance(item, dict)]


def _others(holders: list[dict[str, Any]], case: OpenApiCase) -> list[dict[str, Any]]:
    own = canonical((case.path_parameters or {}).get("uuid"))
    return [item for item in holders if item.get("uuid") != own]


def value_is_taken(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether another stored object holds the value a `unique` error names.

    Asked through the list's filter on that field, or by reading the object a `uuid` names; where
    the list has no filter, the request is sent again with only that value changed to a fresh one,
    and must then be accepted.
    """
    collection, _ = part_of(case, name)
    field, value = name.split(".")[-1], _value(case, name)
    if value is None:
        return False
    if field == "uuid":  # an object's own uuid, sent: the object it names is asked for
        uuid, own = canonical(value), canonical((case.path_parameters or {}).get("uuid"))
        return uuid is not None and uuid != own and get_object(case, response, collection, uuid)[0] == 200
    listing = case.operation.schema.find_operation_by_label(f"GET /{collection}")
    if listing is not None and any(p.name == field for p in listing.iter_parameters()):
        holders = _holders(case, response, collection, {field: value})
        return any(str(item.get(field)) == str(value) for item in _others(holders, case))
    return accepted_with_another(case, response, name)


def accepted_with_another(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether the same request, with only the named value replaced by a fresh one, is accepted."""
    body = _with_value(case, name, f"{uuidlib.uuid4().int % 10**10:010d}")  # fresh digits: a unique number
    if body is None:
        return False
    again = case.derive(keep_auth=True)
    again.body = body
    auth = response.request.headers.get("Authorization")
    headers = {"Authorization": auth.decode("latin-1") if isinstance(auth, bytes) else auth} if auth else {}
    return 200 <= again.call(base_url=api_base(case, response), headers=headers).status_code < 300


def pair_is_taken(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether another actorklantcontact links the same actor and klantcontact."""
    pair = subject(case, response, name)
    actor, klantcontact = (canonical(dig(pair, [field, "uuid"])) for field in ("actor", "klantcontact"))
    if actor is None or klantcontact is None:
        return False
    query = {"actor__uuid": actor, "klantcontact__uuid": klantcontact}
    return bool(_others(_holders(case, response, "actorklantcontacten", query), case))


def referentie_is_taken(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether another digitaal adres of the same partij has the same referentie and kind."""
    return _referentie_held_by_another(case, response, subject(case, response, name))


def _unique_triple(adres: dict[str, Any]) -> tuple[Any, ...]:
    """What a digitaal adres must not share with another: its partij, referentie and kind."""
    partij = canonical(dig(adres, ["verstrektDoorPartij", "uuid"]))
    return partij, adres.get("referentie"), adres.get("soortDigitaalAdres")


def _referentie_held_by_another(case: OpenApiCase, response: Response, adres: dict[str, Any]) -> bool:
    partij, referentie, kind = _unique_triple(adres)
    if partij is None or not referentie:
        return False
    query = {"verstrektDoorPartij__uuid": partij, "referentie": referentie, "soortDigitaalAdres": kind}
    holders = _others(_holders(case, response, "digitaleadressen", query), case)
    return any(item.get("referentie") == referentie and item.get("soortDigitaalAdres") == kind for item in holders)


def referentie_is_its_own(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether an update of a digitaal adres sends the referentie it has, keeping its partij and kind, and no
    other address has those three: only the address itself can be the duplicate (Open Klant's OK-03)."""
    uuid = canonical((case.path_parameters or {}).get("uuid"))
    given = case.body if isinstance(case.body, dict) else {}
    if collection_of(case) != "digitaleadressen" or uuid is None or not given.get("referentie"):
        return False
    status, stored = get_object(case, response, "digitaleadressen", uuid)
    if status != 200 or not isinstance(stored, dict):
        return False
    written = {**stored, **given}  # an update leaves what it does not send as stored
    partij, referentie, _ = triple = _unique_triple(stored)
    if partij is None or not referentie or _unique_triple(written) != triple:
        return False
    return not _referentie_held_by_another(case, response, written)


def identificator_is_taken(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether an identificator of the write exists already, or its partij already has one of its kind.

    For a partij the nested identificatoren count, against each other and against those of other partijen.
    """
    own = canonical((case.path_parameters or {}).get("uuid"))
    if collection_of(case) == "partijen":
        nested = dig(case.body, ["partijIdentificatoren"])
        items = [item for item in nested if isinstance(item, dict)] if isinstance(nested, list) else []
        groups = [item["partijIdentificator"] for item in items if isinstance(item.get("partijIdentificator"), dict)]
        kinds = [group.get("codeSoortObjectId") for group in groups]
        if len({str(group) for group in groups}) < len(groups) or len(set(kinds)) < len(kinds):
            return True
        written = {canonical(item.get("uuid")) for item in items} | {own}
        return any(_identificator_holders(case, response, group) - written for group in groups)
    identificator = subject(case, response, name)
    group = identificator.get("partijIdentificator")
    if not isinstance(group, dict):
        return False
    if _identificator_holders(case, response, group) - {own}:
        return True
    partij = canonical(dig(identificator, ["identificeerdePartij", "uuid"]))
    if partij is None:
        return False
    status, found = get_object(case, response, "partijen", partij)
    siblings = found.get("partijIdentificatoren") or [] if status == 200 and isinstance(found, dict) else []
    return any(
        isinstance(item, dict)
        and item.get("uuid") != own
        and dig(item, ["partijIdentificator", "codeSoortObjectId"]) == group.get("codeSoortObjectId")
        for item in siblings
    )


def _identificator_holders(case: OpenApiCase, response: Response, group: dict[str, Any]) -> set[str | None]:
    """The stored identificatoren with exactly this group (register, object type, kind, number)."""
    keys = ("codeObjecttype", "codeRegister", "codeSoortObjectId", "objectId")
    query = {f"partijIdentificator{key[0].upper()}{key[1:]}": group[key] for key in keys if group.get(key)}
    holders = _holders(case, response, "partij-identificatoren", query)
    return {
        canonical(item.get("uuid"))
        for item in holders
        if all(dig(item, ["partijIdentificator", key]) == group.get(key) for key in keys)
    }


def preferred_address_is_not_its_own(case: OpenApiCase, response: Response, name: str) -> bool:
    """Whether `voorkeursDigitaalAdres` names an address the partij does not (or will not) have."""
    partij = case.body if isinstance(case.body, dict) else {}
    preferred = canonical(dig(partij, ["voorkeursDigitaalAdres", "uuid"]))
    if preferred is None:
        return False
    if "digitaleAdressen" in partij:
        return preferred not in {canonical(u) for u in uuids_in(partij.get("digitaleAdressen"))}
    own = canonical((case.path_parameters or {}).get("uuid"))
    if own is None:
        return True  # a new partij has no addresses but those it lists
    status, stored = get_object(case, response, "partijen", own)
    return status == 200 and isinstance(stored, dict) and preferred not in uuids_in(stored.get("digitaleAdressen"))


def sub_identificator_is_wrong(case: OpenApiCase, response: Response, name: str) -> bool:
    """A vestigingsnummer without a parent identificator, or a parent that is no kvk_nummer."""
    identificator = subject(case, response, name)
    soort = dig(identificator, ["partijIdentificator", "codeSoortObjectId"])
    parent = canonical(dig(identificator, ["subIdentificatorVan", "uuid"]))
    if parent is None:
        return bool(soort == "vestigingsnummer")
    status, found = get_object(case, response, "partij-identificatoren", parent)
    return status == 404 or bool(dig(found, ["partijIdentificator", "codeSoortObjectId"]) != "kvk_nummer")


def group_misfits_stored_kind(case: OpenApiCase, response: Response, name: str) -> bool:
    """A PATCH without `soortActor`/`soortPartij` whose group does not fit the kind the object has."""
    key = {"actoren": "soortActor", "partijen": "soortPartij"}.get(collection_of(case))
    uuid = canonical((case.path_parameters or {}).get("uuid"))
    if key is None or uuid is None or not isinstance(case.body, dict) or key in case.body:
        return False
    status, stored = get_object(case, response, collection_of(case), uuid)
    if status != 200 or not isinstance(stored, dict):
        return False
    candidate = {**case.body, key: stored.get(key)}
    for part in case.operation.body:
        if part.media_type == "application/json":
            schema = part.validation_schema
            if isinstance(schema, dict):
                return not drf.fits(candidate, schema, schema.get("x-bundled", {}))
    return False


# ---------------------------------------------------------------- the body shows it


def contact_succeeded_with_follow_up(case: OpenApiCase, response: Response, name: str) -> bool:
    """The klantcontact (with what is stored, for a PATCH) succeeded and took further action."""
    return rules.contact_succeeded_with_follow_up(subject(case, response, name))


def assignment_is_wrong(case: OpenApiCase, response: Response, name: str) -> bool:
    """The internetaak names both forms of assignment, or (not a PATCH) neither."""
    given = case.body if isinstance(case.body, dict) else {}
    return rules.assignment_is_wrong(given, partial=case.method.upper() == "PATCH")


def done_date_without_done(case: OpenApiCase, response: Response, name: str) -> bool:
    """The request sets `afgehandeldOp` and the internetaak's status (given or stored) is not verwerkt."""
    given = case.body if isinstance(case.body, dict) else {}
    return bool(given.get("afgehandeldOp")) and rules.done_date_without_done(subject(case, response, name))


def address_does_not_fit_its_kind(case: OpenApiCase, response: Response, name: str) -> bool:
    """An e-mail address Django refuses, or a telephone number Open Klant refuses; any text fits `overig`."""
    adres = subject(case, response, name)
    kind, value = adres.get("soortDigitaalAdres"), adres.get("adres")
    if kind == "email":
        return not drf.is_django_email(value)
    return kind == "telefoonnummer" and not rules.is_phone_number(value)


def standard_address_without_partij(case: OpenApiCase, response: Response, name: str) -> bool:
    """The address is a standard address and no partij provides it."""
    return rules.standard_address_without_partij(subject(case, response, name))


def register_mismatch(case: OpenApiCase, response: Response, name: str) -> bool:
    """The identificator's object type or kind is not one its register or object type allows."""
    group = subject(case, response, name).get("partijIdentificator")
    return isinstance(group, dict) and rules.register_mismatch(group, name.split(".")[-1])


def object_id_is_wrong(case: OpenApiCase, response: Response, name: str) -> bool:
    """The identificator's number has the wrong length, is not digits, or fails the 11-test."""
    group = subject(case, response, name).get("partijIdentificator")
    return isinstance(group, dict) and rules.object_id_is_wrong(group)


def nested_identificator_names_a_partij(case: OpenApiCase, response: Response, name: str) -> bool:
    """A nested identificator of a partij write names an `identificeerdePartij` of its own."""
    return bool(dig(case.body, name.split(".")) is not None)


def country_is_no_iso_code(case: OpenApiCase, response: Response, name: str) -> bool:
    """The `land` sent is no ISO 3166-1 alpha-2 code in capitals."""
    return not rules.is_country(_value(case, name))


def trimmed_value_breaks_the_schema(case: OpenApiCase, response: Response, name: str) -> bool:
    """DRF trims text before it checks lengths: the body, with only this value trimmed, breaks its schema."""
    value = _value(case, name)
    if not isinstance(value, str) or value.strip() == value:
        return False
    body = _with_value(case, name, value.strip())
    return body is not None and not any(
        part.is_valid(body) for part in case.operation.body if part.media_type == "application/json"
    )


def phone_number_is_refused(case: OpenApiCase, response: Response, name: str) -> bool:
    """The telephone number sent is a service number or no Dutch or international number."""
    return not rules.is_phone_number(_value(case, name))


def django_refuses_the_email(case: OpenApiCase, response: Response, name: str) -> bool:
    """The value at the name is refused by Django's EmailValidator."""
    return not drf.is_django_email(_value(case, name))


def django_refuses_the_url(case: OpenApiCase, response: Response, name: str) -> bool:
    """The value at the name is refused by Django's URLValidator."""
    return not drf.is_django_url(_value(case, name))

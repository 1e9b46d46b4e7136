"""Where the reference provider deviates from its own published spec, as schemathesis sees it, and deployment limits.

Data, not code paths: each `Deviation` says what the spec says, what Open Klant 2.18.0 does, which
check sees it and how a failure is recognised as it (`recognises`, on an `Exchange`; where the
exchange alone cannot show it, `confirmed_by` names the follow-up read that must). The
`filter_failure` hook (`contracts/schemathesis/failures.py`) drops a failure a deviation recognises,
logs it, and `make schemathesis` lists what it met in its summary; `--strict` keeps them as failures.
A `Limit` is a property of the web server in front of the API, not of the API: it applies only when
the run names it (`make schemathesis LIMITS=request-line=4094`).

The module imports only the standard library, so that other suites can read the same list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# Set by the runner (tests/schemathesis_support.py) for the schemathesis process.
LOG_VARIABLE = "KCC_SCHEMATHESIS_DEVIATIONS_LOG"  # a file: one JSON object per recognised failure
STRICT_VARIABLE = "KCC_SCHEMATHESIS_STRICT"  # "1": known deviations fail the run
LIMITS_VARIABLE = "KCC_SCHEMATHESIS_LIMITS"  # comma-separated `name=value` of `LIMITS`


@dataclass(frozen=True)
class Exchange:
    """A failure as a deviation judges it: the check, the request as sent and the response."""

    check: str  # schemathesis' code: "ST101", "ST108", ... ("ST901" for a domain check)
    method: str  # "PATCH"
    operation: str  # "PATCH /actoren/{uuid}"
    path_parameters: dict[str, Any]
    body: Any  # the request body
    request_line: str  # "GET /klantinteracties/api/v1/klantcontacten?... HTTP/1.1"
    status: int
    content_type: str  # of the response, lower-case, without parameters
    response: Any  # the response body as JSON, or None
    instance: Any = None  # ST108: the part of the response that failed the schema
    instance_path: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Deviation:
    """A behaviour of the reference provider that its own published spec does not allow."""

    id: str
    spec_says: str
    server_does: str
    seen_by: str  # the checks that fail on it
    evidence: str  # a minimal request that shows it
    recognises: Callable[[Exchange], bool] = field(repr=False, compare=False)
    # A follow-up read that must confirm it, named after its function in contracts/schemathesis/evidence.py
    # (which may ask the provider); empty when the exchange alone shows it.
    confirmed_by: str = ""


@dataclass(frozen=True)
class Limit:
    """A limit of the deployment (the web server in front of the API); applies when a run names it."""

    name: str  # as named on the command line: `name=value`
    default: int
    says: str
    seen_by: str
    recognises: Callable[[Exchange, int], bool] = field(repr=False, compare=False)


REFERENCE = "Open Klant 2.18.0 (API 0.9.0)"
UNIQUE_NUMBERS = ("nummer", "referentienummer")
# A path segment Django's router takes for a uuid (DRF's default lookup: anything but `/` and `.`).
ROUTABLE = re.compile(r"[^/.]+\Z")


def _writes(exchange: Exchange) -> Iterator[dict[str, Any]]:
    """The objects a write's body creates or changes: the body, or maak-klantcontact's parts."""
    body = exchange.body
    if not isinstance(body, dict):
        return
    if exchange.operation.endswith("/maak-klantcontact"):
        yield from (part for part in body.values() if isinstance(part, dict))
    else:
        yield body


def _blank_unique_number(exchange: Exchange) -> bool:
    return exchange.status == 500 and any(obj.get(name) == "" for obj in _writes(exchange) for name in UNIQUE_NUMBERS)


def _reference_without_uuid(exchange: Exchange) -> bool:
    body = exchange.body if isinstance(exchange.body, dict) else {}
    return (
        exchange.status == 500
        and exchange.method == "PATCH"
        and any(isinstance(value, dict) and "uuid" not in value for value in body.values())
    )


def _null_identificator(exchange: Exchange) -> bool:
    body = exchange.body if isinstance(exchange.body, dict) else {}
    items = body.get("partijIdentificatoren")
    return exchange.status == 500 and isinstance(items, list) and None in items


def _group_without_soort(group: str, soort: str) -> Callable[[Exchange], bool]:
    def recognises(exchange: Exchange) -> bool:
        body = exchange.body if isinstance(exchange.body, dict) else {}
        return exchange.check == "ST201" and exchange.method == "PATCH" and group in body and soort not in body

    return recognises


def _partij_identificatie_null(exchange: Exchange) -> bool:
    instance = exchange.instance
    return (
        exchange.check == "ST108"
        and isinstance(instance, dict)
        and "soortPartij" in instance
        and "partijIdentificatie" in instance
        and instance["partijIdentificatie"] is None
    )


def _toegewezen_aan_actor_without_uuid(exchange: Exchange) -> bool:
    return (
        exchange.check == "ST108"
        and bool(exchange.instance_path)
        and exchange.instance_path[-1] == "toegewezenAanActor"
        and exchange.instance == {"uuid": None}
    )


# The date-time filters; PostgreSQL refuses a UTC offset of 16 hours or more (Python allows up to 24).
DATE_TIME_FILTERS = ("plaatsgevondenOp", "toegewezenOp")
FARTHEST_OFFSET = dt.timedelta(hours=16)


def _offset_beyond_postgresql(exchange: Exchange) -> bool:
    if exchange.status != 500 or exchange.method != "GET":
        return False
    target = exchange.request_line.split(" ")[1] if exchange.request_line.count(" ") >= 2 else ""
    for name, value in parse_qsl(urlsplit(target).query, keep_blank_values=True):
        try:
            offset = dt.datetime.fromisoformat(value).utcoffset() if name in DATE_TIME_FILTERS else None
        except ValueError:
            continue
        if offset is not None and abs(offset) >= FARTHEST_OFFSET:
            return True
    return False


def _identificator_group_no_object(exchange: Exchange) -> bool:
    body = exchange.body if isinstance(exchange.body, dict) else {}
    group = body.get("partijIdentificator")
    return (
        exchange.status == 500
        and exchange.operation == "PATCH /partij-identificatoren/{uuid}"
        and isinstance(group, bool | int | float)
    )


def _unroutable_item_path(exchange: Exchange) -> bool:
    uuid = exchange.path_parameters.get("uuid")
    return (
        exchange.check in ("ST105", "ST107")
        and exchange.status == 404
        and exchange.content_type == "text/html"
        and isinstance(uuid, str)
        and not ROUTABLE.match(uuid)
    )


def _options_on_an_object(exchange: Exchange) -> bool:
    return exchange.method == "OPTIONS" and exchange.status == 500 and "uuid" in exchange.path_parameters


def _update_refused_as_duplicate(exchange: Exchange) -> bool:
    body = exchange.body if isinstance(exchange.body, dict) else {}
    errors = exchange.response.get("invalidParams") if isinstance(exchange.response, dict) else None
    named = [(item.get("name"), item.get("code")) for item in errors or [] if isinstance(item, dict)]
    return (
        exchange.check == "ST202"
        and exchange.operation in ("PUT /digitaleadressen/{uuid}", "PATCH /digitaleadressen/{uuid}")
        and exchange.status == 400
        and isinstance(body.get("referentie"), str)
        and body["referentie"].strip() != ""
        and named == [("nonFieldErrors", "unique")]
    )


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "OK-ST-01",
        "OPTIONS on an object answers like any other request (the spec lists no 5xx)",
        "OPTIONS /{collection}/{uuid} answers 500 for every collection, whether the object exists or not "
        "(OPTIONS /{collection} answers 200)",
        "ST101 Server error",
        "OPTIONS /klantcontacten/<uuid of a stored klantcontact> -> 500",
        _options_on_an_object,
    ),
    Deviation(
        "OK-ST-02",
        'nummer and referentienummer are unique and may be "" (blank=True); a value taken is a 400 `unique`',
        'stores "" as a value; a second object with "" breaks the database constraint: 500 instead of 400 '
        "(klantcontacten, internetaken, partijen, maak-klantcontact)",
        "ST101 Server error, ST103 Undocumented status code",
        'POST /internetaken twice with "referentienummer": "" -> 201, then 500; POST /partijen twice with '
        '"nummer": "" -> 201, then 500',
        _blank_unique_number,
    ),
    Deviation(
        "OK-ST-03",
        "a reference in a PATCH body is {uuid}; without uuid the request is a 400 (`<field>.uuid` required), "
        "as a POST gets",
        "a PATCH with a reference given as {} answers 500",
        "ST101 Server error, ST103 Undocumented status code",
        'PATCH /onderwerpobjecten/<uuid> {"klantcontact": {}} -> 500 (POST with the same: 400 '
        "klantcontact.uuid required); also bijlagen, actorklantcontacten, internetaken, klantcontacten",
        _reference_without_uuid,
    ),
    Deviation(
        "OK-ST-04",
        "partijIdentificatoren is a list of objects: a null item is a 400",
        "a partij create or update whose partijIdentificatoren holds null answers 500",
        "ST101 Server error, ST103 Undocumented status code",
        'POST /partijen {"soortPartij": "persoon", "indicatieActief": true, "partijIdentificatoren": [null]} -> 500',
        _null_identificator,
    ),
    Deviation(
        "OK-ST-05",
        "a PATCH's actorIdentificatie is validated (telefoonnummer's pattern, ...)",
        "a PATCH with actorIdentificatie but without soortActor ignores the group: 200, nothing changed, "
        "whatever it holds",
        "ST201 Schema-violating request accepted",
        'PATCH /actoren/<medewerker> {"actorIdentificatie": {"telefoonnummer": "AAA"}} -> 200, telefoonnummer '
        'unchanged; with "soortActor": "medewerker" -> 400',
        _group_without_soort("actorIdentificatie", "soortActor"),
    ),
    Deviation(
        "OK-ST-06",
        "a PATCH's partijIdentificatie is an object of the partij's kind",
        "a PATCH with partijIdentificatie but without soortPartij ignores the group: 200 for any value",
        "ST201 Schema-violating request accepted",
        'PATCH /partijen/<uuid> {"partijIdentificatie": 5} -> 200; with "soortPartij" -> 400',
        _group_without_soort("partijIdentificatie", "soortPartij"),
    ),
    Deviation(
        "OK-ST-07",
        "a partij's partijIdentificatie is an object (Organisatie, Persoon, Contactpersoon; not nullable)",
        "a partij created without partijIdentificatie reads back with partijIdentificatie: null",
        "ST108 Response violates schema",
        'POST /partijen {"soortPartij": "organisatie", "indicatieActief": true} -> 201 with '
        '"partijIdentificatie": null',
        _partij_identificatie_null,
    ),
    Deviation(
        "OK-ST-08",
        "an internetaak's toegewezenAanActor is an actor reference {uuid, url} (ours: or null)",
        'an internetaak with no actor left shows toegewezenAanActor as {"uuid": null}',
        "ST108 Response violates schema",
        'POST /internetaken with "toegewezenAanActoren": [] -> 201 with "toegewezenAanActor": {"uuid": null}',
        _toegewezen_aan_actor_without_uuid,
    ),
    Deviation(
        "OK-ST-09",
        "every response is application/json and carries API-version",
        "an item path whose uuid segment holds `.` (or `/`) matches no route: Django's HTML 404, without API-version",
        "ST105 Undocumented Content-Type, ST107 Missing required response headers",
        "PUT /internetaken/a.b -> 404 text/html without API-version",
        _unroutable_item_path,
    ),
    Deviation(
        "OK-ST-10",
        "a date-time filter takes any RFC 3339 date-time (offsets up to 23:59)",
        "a plaatsgevondenOp or toegewezenOp filter whose UTC offset is 16 hours or more answers 500 "
        "(PostgreSQL's range; 2.17.1 too)",
        "ST101 Server error, ST103 Undocumented status code",
        "GET /internetaken?toegewezenOp=2020-02-03T16:26:09%2B16:00 -> 500 (%2B15:59 -> 200); "
        "GET /klantcontacten?plaatsgevondenOp=...-16:00 -> 500",
        _offset_beyond_postgresql,
    ),
    Deviation(
        "OK-ST-11",
        "a partijIdentificator that is no object is a 400 (`partijIdentificator.nonFieldErrors`), as POST and PUT get",
        "a PATCH of a partij-identificator whose partijIdentificator is a boolean or a number answers 500 "
        "(2.17.1 too; a string or list gets the four required errors instead)",
        "ST101 Server error, ST103 Undocumented status code",
        'PATCH /partij-identificatoren/<uuid> {"partijIdentificator": false} -> 500; POST or PUT with the same -> 400',
        _identificator_group_no_object,
    ),
    Deviation(
        "OK-ST-12",
        "PUT and PATCH of a digitaal adres answer 200 for a valid body; (verstrektDoorPartij, referentie, "
        "soortDigitaalAdres) is unique among the addresses (a second address with the same three is refused)",
        "an update that sends the referentie the address already has, keeping its partij and kind, is refused "
        "400 `nonFieldErrors`/`unique`: the uniqueness check counts the address itself (the property suite's OK-03)",
        "ST202 Schema-valid request rejected",
        'PATCH /digitaleadressen/<uuid of an address of a partij with referentie "r1"> {"referentie": "r1"} -> 400',
        _update_refused_as_duplicate,
        confirmed_by="referentie_is_its_own",
    ),
)


def _request_line_too_long(exchange: Exchange, limit: int) -> bool:
    return exchange.status == 414 and len(exchange.request_line.encode("latin-1", "replace")) > limit


LIMITS: tuple[Limit, ...] = (
    Limit(
        "request-line",
        4094,
        "the web server refuses a request line longer than this many bytes: 414 and its own HTML page "
        "(gunicorn's --limit-request-line, 4094 by default; uWSGI's buffer-size, 4096 with the headers)",
        "ST103 Undocumented status code, ST202 Schema-valid request rejected, errors_use_the_api_error_shape",
        _request_line_too_long,
    ),
)


def parse_limits(text: str) -> dict[str, int]:
    """`request-line=4094,...` -> {name: value}; a name alone takes its default. ValueError names what is wrong."""
    known = {limit.name: limit for limit in LIMITS}
    chosen: dict[str, int] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        name, _, value = item.partition("=")
        if name not in known:
            raise ValueError(f"unknown deployment limit {name!r} (known: {', '.join(sorted(known))})")
        if value and not value.isdigit():
            raise ValueError(f"deployment limit {name!r} needs a number of bytes, not {value!r}")
        chosen[name] = int(value) if value else known[name].default
    return chosen


def deviation_of(exchange: Exchange) -> Deviation | None:
    """The known deviation that explains a failure, or None."""
    return next((deviation for deviation in DEVIATIONS if deviation.recognises(exchange)), None)


def limit_of(exchange: Exchange, limits: dict[str, int]) -> Limit | None:
    """The deployment limit (among those named) that explains a failure, or None."""
    return next((lim for lim in LIMITS if lim.name in limits and lim.recognises(exchange, limits[lim.name])), None)

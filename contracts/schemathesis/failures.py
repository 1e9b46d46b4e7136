"""The failure filter: a failure of a built-in check is kept unless a stated reason says it does not apply.

A failure is dropped, logged, when a known deviation of the reference or a deployment limit the run
names explains it (`contracts/deviations/schemathesis.py`; never in a strict run); a refusal of
valid data (ST202) when each of its reasons is a rule no schema expresses (`rejections.py`); an
acceptance of invalid data (ST201) when Open Klant reads the request as valid (lenient query
parameters, Django's last value of a repeated one, DRF's coercions of a body: `drf.py`); and a
"created resource not found" (ST302) for an object the run saw go with a delete (`tracker.py`).
Everything else fails the run.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from schemathesis.core import NotSet

from contracts.deviations import schemathesis as deviations
from contracts.schemathesis import drf, evidence
from contracts.schemathesis.rejections import semantic_rejection
from contracts.schemathesis.tracker import Known
from contracts.schemathesis.transport import body_of, canonical, collection_of, get_object, header

if TYPE_CHECKING:
    from schemathesis import Response
    from schemathesis.core.failures import Failure
    from schemathesis.specs.openapi.schemas import OpenApiCase


# Query parameters Open Klant reads leniently: a value it cannot use is ignored, not refused.
LENIENT_QUERY: dict[str, Callable[[str, dict[str, Any]], bool]] = {
    "pageSize": lambda value, schema: True,  # DRF: an unusable page size means the default
    "page": lambda value, schema: value == "",  # DRF: `page or 1`
    "*__url": lambda value, schema: True,  # the uuid is read from the URL's end; anything else matches nothing
    "boolean": lambda value, schema: True,  # an unreadable boolean filter (or cascade) is ignored
}

# The follow-up reads a known deviation may name (`Deviation.confirmed_by`), by name.
CONFIRMING_READS: dict[str, Callable[[OpenApiCase, Response, str], bool]] = {
    read.__name__: read for read in (evidence.referentie_is_its_own,)
}


def keep_failure(failure: Failure, case: OpenApiCase, response: Response, known: Known) -> bool:
    """Keep a failure unless an Open Klant rule makes the built-in check inapplicable (the `filter_failure` hook).

    A failure a known deviation of the reference explains (or a deployment limit the run names) is
    dropped and logged (`contracts/deviations/schemathesis.py`), unless the run is strict.
    """
    code = failure.code
    if known_deviation(failure, case, response):
        return False
    if code == "ST202" and response.status_code == 400:
        return not semantic_rejection(case, response)
    if code == "ST201" and 200 <= response.status_code < 300:
        return not lenient_acceptance(case, response)
    if code == "ST302" and response.status_code == 404:
        return not went_with_a_delete(case, response, known)
    return True


def known_deviation(failure: Failure, case: OpenApiCase, response: Response) -> bool:
    """Whether a known deviation or a named deployment limit explains the failure; logs it when so."""
    exchange = exchange_of(failure, case, response)
    limits = deviations.parse_limits(os.environ.get(deviations.LIMITS_VARIABLE, ""))
    limit = deviations.limit_of(exchange, limits)
    found = None if os.environ.get(deviations.STRICT_VARIABLE) == "1" else deviations.deviation_of(exchange)
    if found is not None and found.confirmed_by and not CONFIRMING_READS[found.confirmed_by](case, response, ""):
        found = None  # the follow-up read does not bear it out: the failure is the provider's
    if limit is None and found is None:
        return False
    entry = {
        "kind": "limit" if limit else "deviation",
        "id": limit.name if limit else found.id if found else "",
        "check": exchange.check,
        "operation": exchange.operation,
        "status": exchange.status,
    }
    log = os.environ.get(deviations.LOG_VARIABLE)
    if log:
        with Path(log).open("a", encoding="utf-8") as lines:
            lines.write(json.dumps(entry) + "\n")
    else:  # run without the runner: still say it, never drop silently
        print(f"known {entry['kind']} {entry['id']}: {exchange.check} on {exchange.operation}", file=sys.stderr)
    return True


def exchange_of(failure: Failure, case: OpenApiCase, response: Response) -> deviations.Exchange:
    """The failure, its request and its response as a deviation judges them."""
    url = urlsplit(str(response.request.url))
    target = url.path + (f"?{url.query}" if url.query else "")
    content_type = (header(response, "Content-Type") or "").split(";")[0].strip().lower()
    return deviations.Exchange(
        check=str(failure.code),
        method=case.method.upper(),
        operation=f"{case.method.upper()} {case.path}",
        path_parameters=dict(case.path_parameters or {}),
        body=case.body if not isinstance(case.body, NotSet) else None,
        request_line=f"{case.method.upper()} {target} HTTP/1.1",
        status=response.status_code,
        content_type=content_type,
        response=body_of(response),
        instance=getattr(failure, "instance", None),
        instance_path=tuple(getattr(failure, "instance_path", ()) or ()),
    )


def went_with_a_delete(case: OpenApiCase, response: Response, known: Known) -> bool:
    """Whether the object a 404 names went with an object the run deleted (a cascade of the standard).

    Asked: that object must answer 404 too. `DeleteCascades` checks that such a cascade is right.
    """
    uuid = canonical((case.path_parameters or {}).get("uuid"))
    cause = known.went_with.get((collection_of(case), uuid)) if uuid else None
    return cause is not None and get_object(case, response, *cause)[0] == 404


def lenient_acceptance(case: OpenApiCase, response: Response) -> bool:
    """Whether the provider accepted the request as Open Klant reads it: every negated part is usable."""
    negated = _negated(case)
    if not negated:
        return False
    sent = parse_qs(urlsplit(str(response.request.url)).query, keep_blank_values=True)
    for location, name in negated:
        values = sent.get(name, [""])
        if location == "query" and (_lenient_query(case, name, values[-1]) or last_value_is_valid(case, name, values)):
            continue
        if location == "body" and _body_is_valid(case, drf.normalised(case)):
            continue
        return False
    return True


def _negated(case: OpenApiCase) -> list[tuple[str, str]]:
    """(location, name) of every component a negative case broke."""
    meta = case.meta
    if meta is None:
        return []
    data = meta.phase.data
    found = []
    if data.parameter_location is not None:
        found.append((str(data.parameter_location.value), str(data.parameter)))
    found += [(str(m.parameter_location.value), str(m.parameter)) for m in data.mutations]
    return found


def _lenient_query(case: OpenApiCase, name: str, value: str) -> bool:
    """Whether Open Klant ignores or reads this query value (django-filter skips empty values)."""
    definition = next((p.definition for p in case.operation.iter_parameters() if p.name == name), None)
    schema = (definition or {}).get("schema", {})
    keys = [name, "*__url" if name.endswith("__url") else "", str(schema.get("type"))]
    if value == "" or any(LENIENT_QUERY[key](value, schema) for key in keys if key in LENIENT_QUERY):
        return True
    # Django reads more date-times and uuids than JSON Schema's formats describe.
    return schema.get("format") in ("date-time", "date", "uuid") and drf.scalar(value, schema) is not None


def last_value_is_valid(case: OpenApiCase, name: str, values: list[str]) -> bool:
    """Whether the value Django's QueryDict reads for a scalar parameter (the last one sent) is valid.

    A negative case may make a scalar parameter a list: on the wire that is the parameter repeated
    (or sent once, for a list of one). Open Klant 2.18.0 reads the last value and refuses nothing:
    `?naam=zz&naam=0` filters on `0`, `?naam=0&naam=zz` on `zz`. So the request counts as valid when
    that value, read as the schema's type, is.
    """
    definition = next((p.definition for p in case.operation.iter_parameters() if p.name == name), None)
    schema = (definition or {}).get("schema", {})
    if not values or not isinstance(schema, dict) or set(drf.types_of(schema)) & {"array", "object", None}:
        return False
    value = drf.scalar(values[-1], schema)
    return value is not None and drf.fits(value, schema, {})


def _body_is_valid(case: OpenApiCase, body: Any) -> bool:
    return any(part.is_valid(body) for part in case.operation.body if part.media_type == "application/json")

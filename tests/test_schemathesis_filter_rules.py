"""Each rule of the failure filter drops the failure it is for and keeps one of the same check it is not for.

A rule that only ever drops proves nothing: a filter that drops every refusal would pass such tests.
So each rule is given two failures of the same built-in check: one its reason explains (dropped),
and a near miss that differs in what the reason rests on, another field, code, collection, message or
request, or a provider whose reads show the reason does not hold (kept). The failures go through
`keep_failure`, the hook's entry point; the responses are built here, with Open Klant's messages,
and the follow-up reads go to a mock that holds, or does not hold, what a reason names.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

import pytest
from schemathesis.core.failures import AcceptedNegativeData, Failure, ServerError
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CaseMetadata, ComponentInfo, GenerationInfo, PhaseInfo, TestPhase
from schemathesis.generation.modes import GenerationMode
from schemathesis.openapi.checks import EnsureResourceAvailability
from schemathesis_filter_support import (
    KLANTCONTACT,
    MISSING,
    Example,
    Stored,
    exchange,
    kept,
    rejected,
)
from schemathesis_refusal_cases import ST202_RULES
from schemathesis_refusal_cases_taken import TAKEN_RULES

from contracts.schemathesis.tracker import Known

REFUSAL_RULES = {**ST202_RULES, **TAKEN_RULES}


@pytest.mark.parametrize("rule", sorted(REFUSAL_RULES))
def test_a_refusal_rule_drops_its_reason_and_keeps_a_refusal_for_another(stored: Stored, rule: str) -> None:
    dropped, near_miss = REFUSAL_RULES[rule]
    assert not kept(rejected(), *dropped(stored)), f"{rule}: the refusal it is for was kept"
    assert kept(rejected(), *near_miss(stored)), f"{rule}: a refusal it is not for was dropped"


# ---------------------------------------------------------------- ST201: an acceptance of invalid data


def negative(parameter: str, location: ParameterLocation) -> CaseMetadata:
    """The metadata of a fuzzing case that broke one parameter."""
    mode = GenerationMode.NEGATIVE
    phase = PhaseInfo(name=TestPhase.FUZZING, data=_fuzzing(parameter, location))
    return CaseMetadata(GenerationInfo(time=0.0, mode=mode), {location: ComponentInfo(mode=mode)}, phase)


def _fuzzing(parameter: str, location: ParameterLocation) -> Any:
    from schemathesis.generation.meta import FuzzingPhaseData

    return FuzzingPhaseData(description=None, parameter=parameter, parameter_location=location, location=None)


def accepted() -> Failure:
    """A failure of `negative_data_rejection` (ST201)."""
    return AcceptedNegativeData(
        operation="", message="Invalid data should have been rejected", status_code=200, expected_statuses=["4xx"]
    )


def query(label: str, name: str, value: Any) -> Example:
    """A list request with one negated query parameter, answered 200."""
    meta = negative(name, ParameterLocation.QUERY)
    return lambda s: exchange(s.base_url, label, 200, content={"count": 0}, query={name: value}, meta=meta)


def body(label: str, sent: dict[str, Any]) -> Example:
    """A create with a negated body, answered 201."""
    meta = negative("", ParameterLocation.BODY)
    return lambda s: exchange(s.base_url, label, 201, sent, {"uuid": MISSING}, meta=meta)


ST201_RULES: dict[str, tuple[Example, Example]] = {
    "page-size": (query("GET /actoren", "pageSize", "veel"), query("GET /actoren", "soortActor", "robot")),
    "empty-page": (query("GET /actoren", "page", ""), query("GET /actoren", "page", "x")),
    "url-filter": (
        query("GET /betrokkenen", "hadKlantcontact__url", "x"),
        query("GET /betrokkenen", "hadKlantcontact__uuid", "x"),
    ),
    "boolean-filter": (
        query("GET /klantcontacten", "vertrouwelijk", "misschien"),
        query("GET /internetaken", "status", "misschien"),
    ),
    "date-time-django-reads": (
        query("GET /klantcontacten", "plaatsgevondenOp", "2026-01-01 10:00"),
        query("GET /klantcontacten", "plaatsgevondenOp", "gisteren"),
    ),
    "repeated-parameter-last-value": (
        query("GET /actoren", "soortActor", ["robot", "medewerker"]),
        query("GET /actoren", "soortActor", ["medewerker", "robot"]),
    ),
    "body-as-drf-reads-it": (
        body("POST /klantcontacten", {**KLANTCONTACT, "vertrouwelijk": "true"}),
        body("POST /klantcontacten", {**KLANTCONTACT, "vertrouwelijk": "misschien"}),
    ),
}


@pytest.mark.parametrize("rule", sorted(ST201_RULES))
def test_a_lenient_read_drops_what_open_klant_reads_and_keeps_what_it_cannot(stored: Stored, rule: str) -> None:
    dropped, near_miss = ST201_RULES[rule]
    assert not kept(accepted(), *dropped(stored)), f"{rule}: a request Open Klant reads as valid was kept"
    assert kept(accepted(), *near_miss(stored)), f"{rule}: an invalid request that was accepted was dropped"


def test_an_accepted_request_nothing_was_negated_in_is_kept(stored: Stored) -> None:
    case, response = exchange(stored.base_url, "GET /actoren", 200, content={"count": 0}, query={"pageSize": "veel"})
    assert kept(accepted(), case, response)


# ---------------------------------------------------------------- ST302: a created object not found


def test_an_object_that_went_with_a_delete_is_dropped_only_when_it_is_gone(stored: Stored) -> None:
    found = "ensure_resource_availability"
    failure = EnsureResourceAvailability(
        operation="", message=found, created_with="POST /betrokkenen", not_available_with="GET /betrokkenen/{uuid}"
    )
    betrokkene_uuid = str(uuidlib.uuid4())
    known = Known()
    known.remember("klantcontacten", {"uuid": MISSING})
    known.remember("betrokkenen", {"uuid": betrokkene_uuid, "hadKlantcontact": {"uuid": MISSING}})
    known.forget("klantcontacten", MISSING)  # a delete the run made: the betrokkene went with it
    case, response = exchange(stored.base_url, "GET /betrokkenen/{uuid}", 404, uuid=betrokkene_uuid)
    assert not kept(failure, case, response, known)
    # The klantcontact it would have gone with is still there: the provider lost it.
    still = Known()
    still.remember("klantcontacten", {"uuid": stored.uuids["klantcontact"]})
    still.remember("betrokkenen", {"uuid": betrokkene_uuid, "hadKlantcontact": {"uuid": stored.uuids["klantcontact"]}})
    still.forget("klantcontacten", stored.uuids["klantcontact"])
    assert kept(failure, case, response, still)
    # Nothing the run deleted took it along.
    assert kept(failure, case, response, Known())


def test_a_failure_no_rule_is_for_is_kept(stored: Stored) -> None:
    case, response = exchange(
        stored.base_url, "POST /klantcontacten", 500, KLANTCONTACT, {"code": "error", "status": 500}
    )
    assert kept(ServerError(operation="", status_code=500), case, response)

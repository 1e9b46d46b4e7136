"""Known deviations of the reference and deployment limits: each recognises what Open Klant did, nothing near it.

The exchanges below were recorded from an unmodified Open Klant 2.18.0 (requests and answers of
2026-12-05, reproduced by hand after `make schemathesis` found them); each is paired with a near miss
that the deviation must not explain, so a planted provider doing the near miss still fails the run.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from contracts.deviations.schemathesis import (
    DEVIATIONS,
    LIMITS,
    Exchange,
    deviation_of,
    limit_of,
    parse_limits,
)

RECORDINGS = Path(__file__).parent / "data" / "recordings"
UUID = "b0a7363c-7f95-4cfc-8b77-985d70906c68"
SERVER_ERROR = {"code": "error", "status": 500, "title": "Er is een serverfout opgetreden."}
KLANTCONTACT = {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False}


def exchange(check: str, method: str, path: str, status: int, body: Any = None, **more: Any) -> Exchange:
    """One failure as the hook hands it over."""
    parameters = {"uuid": UUID} if "{uuid}" in path else {}
    return Exchange(
        check=check,
        method=method,
        operation=f"{method} {path}",
        path_parameters=more.pop("path_parameters", parameters),
        body=body,
        request_line=more.pop("request_line", f"{method} /klantinteracties/api/v1{path} HTTP/1.1"),
        status=status,
        content_type=more.pop("content_type", "application/json"),
        response=more.pop("response", SERVER_ERROR if status == 500 else None),
        **more,
    )


PARTIJ_WITHOUT_GROUP = {
    "uuid": UUID,
    "soortPartij": "organisatie",
    "indicatieActief": True,
    "partijIdentificatie": None,
}


def recorded(case: str, index: int) -> tuple[Any, Any]:
    """The request body and answer body of a recorded exchange of Open Klant 2.18.0."""
    recording = json.loads((RECORDINGS / "openklant-2.18.0" / f"{case}.json").read_text(encoding="utf-8"))
    found = recording["exchanges"][index]
    return found["request"]["body"], found["response"]["body"]


OWN_REFERENTIE = recorded("crud-digitaleadressen", 5)  # a PUT sending the address's own referentie: 400 unique
RECORDED: dict[str, tuple[Exchange, Exchange]] = {
    "OK-ST-01": (
        exchange("ST101", "OPTIONS", "/klantcontacten/{uuid}", 500),
        exchange("ST101", "OPTIONS", "/klantcontacten", 500),  # the collection answers 200
    ),
    "OK-ST-02": (
        exchange("ST101", "POST", "/internetaken", 500, {"gevraagdeHandeling": "x", "referentienummer": ""}),
        exchange("ST101", "POST", "/internetaken", 500, {"gevraagdeHandeling": "x", "referentienummer": "0"}),
    ),
    "OK-ST-03": (
        exchange("ST101", "PATCH", "/onderwerpobjecten/{uuid}", 500, {"klantcontact": {}}),
        exchange("ST101", "PATCH", "/onderwerpobjecten/{uuid}", 500, {"klantcontact": {"uuid": UUID}}),
    ),
    "OK-ST-04": (
        exchange("ST101", "POST", "/partijen", 500, {"soortPartij": "persoon", "partijIdentificatoren": [None]}),
        exchange("ST101", "POST", "/partijen", 500, {"soortPartij": "persoon", "partijIdentificatoren": []}),
    ),
    "OK-ST-05": (
        exchange("ST201", "PATCH", "/actoren/{uuid}", 200, {"actorIdentificatie": {"telefoonnummer": "AAA"}}),
        exchange(
            "ST201",
            "PATCH",
            "/actoren/{uuid}",
            200,
            {"soortActor": "medewerker", "actorIdentificatie": {"telefoonnummer": "AAA"}},
        ),
    ),
    "OK-ST-06": (
        exchange("ST201", "PATCH", "/partijen/{uuid}", 200, {"partijIdentificatie": [None, None]}),
        exchange("ST201", "PATCH", "/partijen/{uuid}", 200, {"soortPartij": "persoon", "partijIdentificatie": 5}),
    ),
    "OK-ST-07": (
        exchange("ST108", "POST", "/partijen", 201, instance=PARTIJ_WITHOUT_GROUP),
        exchange("ST108", "POST", "/partijen", 201, instance={**PARTIJ_WITHOUT_GROUP, "partijIdentificatie": {}}),
    ),
    "OK-ST-08": (
        exchange("ST108", "POST", "/internetaken", 201, instance={"uuid": None}, instance_path=("toegewezenAanActor",)),
        exchange("ST108", "POST", "/internetaken", 201, instance={"uuid": "x"}, instance_path=("toegewezenAanActor",)),
    ),
    "OK-ST-09": (
        exchange(
            "ST105", "PUT", "/internetaken/{uuid}", 404, path_parameters={"uuid": "a.b"}, content_type="text/html"
        ),
        exchange("ST105", "PUT", "/internetaken/{uuid}", 404, path_parameters={"uuid": "ab"}, content_type="text/html"),
    ),
    "OK-ST-10": (
        exchange(
            "ST101",
            "GET",
            "/internetaken",
            500,
            request_line="GET /klantinteracties/api/v1/internetaken?status=verwerkt&toegewezenOp="
            "2020-02-03T16%3A26%3A09%2B16%3A00 HTTP/1.1",
        ),
        exchange(
            "ST101",
            "GET",
            "/internetaken",
            500,
            request_line="GET /klantinteracties/api/v1/internetaken?toegewezenOp=2020-02-03T16%3A26%3A09%2B15%3A59 "
            "HTTP/1.1",
        ),
    ),
    "OK-ST-12": (  # as recorded from 2.18.0 and 2.17.1 (crud-digitaleadressen #5); the hook confirms it by a read
        exchange("ST202", "PUT", "/digitaleadressen/{uuid}", 400, OWN_REFERENTIE[0], response=OWN_REFERENTIE[1]),
        exchange("ST202", "POST", "/digitaleadressen", 400, OWN_REFERENTIE[0], response=OWN_REFERENTIE[1]),
    ),
    "OK-ST-11": (
        exchange("ST101", "PATCH", "/partij-identificatoren/{uuid}", 500, {"partijIdentificator": False}),
        exchange("ST101", "PUT", "/partij-identificatoren/{uuid}", 500, {"partijIdentificator": False}),
    ),
}


def test_every_deviation_has_a_recorded_exchange() -> None:
    assert {deviation.id for deviation in DEVIATIONS} == set(RECORDED)


@pytest.mark.parametrize("identifier", sorted(RECORDED))
def test_a_deviation_recognises_what_the_server_did_and_not_the_near_miss(identifier: str) -> None:
    seen, near_miss = RECORDED[identifier]
    found = deviation_of(seen)
    assert found is not None and found.id == identifier
    assert deviation_of(near_miss) is None


def test_a_server_error_on_a_well_formed_klantcontact_is_no_known_deviation() -> None:
    assert deviation_of(exchange("ST101", "POST", "/klantcontacten", 500, KLANTCONTACT)) is None


def test_a_blank_number_in_maak_klantcontacts_klantcontact_is_recognised() -> None:
    body = {"klantcontact": {**KLANTCONTACT, "nummer": ""}, "betrokkene": {"rol": "klant", "initiator": False}}
    found = deviation_of(exchange("ST103", "POST", "/maak-klantcontact", 500, body))
    assert found is not None and found.id == "OK-ST-02"


def test_the_deviations_have_the_shape_other_lists_merge_with() -> None:
    for deviation in DEVIATIONS:
        assert deviation.id.startswith("OK-ST-")
        assert deviation.spec_says and deviation.server_does and deviation.seen_by and deviation.evidence


# ---------------------------------------------------------------- deployment limits

LONG_LINE = "GET /klantinteracties/api/v1/klantcontacten?reactie=" + "0" * 4100 + " HTTP/1.1"


def test_a_414_for_a_request_line_over_the_named_limit_is_the_deployments() -> None:
    too_long = exchange("ST103", "GET", "/klantcontacten", 414, request_line=LONG_LINE, content_type="text/html")
    assert limit_of(too_long, {"request-line": 4094}) == LIMITS[0]
    assert limit_of(too_long, {}) is None  # only when the run names the limit
    assert deviation_of(too_long) is None


def test_a_414_for_a_request_line_within_the_limit_is_kept() -> None:
    short = exchange("ST103", "GET", "/klantcontacten", 414, content_type="text/html")
    assert limit_of(short, {"request-line": 4094}) is None
    assert limit_of(replace(short, request_line=LONG_LINE), {"request-line": 8190}) is None


def test_limits_are_parsed_by_name_with_their_default() -> None:
    assert parse_limits("") == {}
    assert parse_limits("request-line") == {"request-line": 4094}
    assert parse_limits("request-line=8190") == {"request-line": 8190}


@pytest.mark.parametrize(
    ("text", "message"),
    [("request-lines=1", "unknown deployment limit 'request-lines'"), ("request-line=big", "needs a number")],
)
def test_a_wrong_limit_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_limits(text)


def test_a_confirming_read_is_one_the_failure_filter_has() -> None:
    from contracts.schemathesis.failures import CONFIRMING_READS

    confirmed = {deviation.id: deviation.confirmed_by for deviation in DEVIATIONS if deviation.confirmed_by}
    assert confirmed == {"OK-ST-12": "referentie_is_its_own"}
    assert set(confirmed.values()) <= set(CONFIRMING_READS)

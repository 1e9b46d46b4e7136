"""The rules of the schemathesis failure filter: each drops what Open Klant does and keeps what it does not.

Oracles: Open Klant 2.18.0's answers, recorded on 2026-12-05 and quoted at each test (Django's QueryDict
reads the last value of a repeated parameter; a partij-identificator create looks up a `uuid` it is
sent; a contactpersoon must work for an organisatie). The confirmations ask a mock that holds, or
does not hold, what the reason names.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis_support import BASE_PATH, SPEC, ReportError, read_deviations, read_report, run_schemathesis

from contracts.schemathesis.evidence import employer_is_no_organisatie, identificator_is_missing
from contracts.schemathesis.failures import last_value_is_valid
from kcc_mock.config import DEFAULT_TOKEN, Settings
from kcc_mock.http.app import create_app
from kcc_mock.http.server import ThreadedServer

SCHEMA = schemathesis.openapi.from_path(str(SPEC))
AUTH = {"Authorization": f"Token {DEFAULT_TOKEN}"}
KVK = {"codeObjecttype": "niet_natuurlijk_persoon", "codeSoortObjectId": "kvk_nummer", "objectId": "12345678"}


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """A mock on a free 127.0.0.1 port."""
    with ThreadedServer(create_app(Settings(swagger_ui=False))) as server:
        yield f"http://{server.host}:{server.port}{BASE_PATH}"


def call(base_url: str, label: str, body: Any) -> tuple[Any, Any]:
    """A case of an operation with a body, sent to the mock: (case, response)."""
    case = SCHEMA.find_operation_by_label(label).Case(body=body, media_type="application/json")  # type: ignore[union-attr]
    return case, case.call(base_url=base_url, headers=AUTH)


def created(base_url: str, collection: str, body: dict[str, Any]) -> dict[str, Any]:
    _, response = call(base_url, f"POST /{collection}", body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = json.loads(response.content)
    return result


# ---------------------------------------------------------------- a repeated query parameter


@pytest.mark.parametrize(
    ("values", "read_as_valid"),
    [
        (["robot", "medewerker"], True),  # Open Klant: `?soortActor=robot&soortActor=medewerker` -> 200
        (["medewerker", "robot"], False),  # Open Klant: `?soortActor=medewerker&soortActor=robot` -> 400
        (["robot"], False),  # Open Klant: `?soortActor=robot` -> 400
        (["medewerker"], True),
    ],
)
def test_a_repeated_parameter_counts_by_its_last_value(values: list[str], read_as_valid: bool) -> None:
    case = SCHEMA.find_operation_by_label("GET /actoren").Case(query={"soortActor": values})  # type: ignore[union-attr]
    assert last_value_is_valid(case, "soortActor", values) is read_as_valid


@pytest.mark.parametrize(
    ("values", "read_as_valid"),
    [
        (["x", "6f1d2a3e-1b2c-4d5e-8f90-123456789abc"], True),  # Open Klant: 200
        (["6f1d2a3e-1b2c-4d5e-8f90-123456789abc", "x"], False),  # Open Klant: 400
    ],
)
def test_a_repeated_uuid_filter_counts_by_its_last_value(values: list[str], read_as_valid: bool) -> None:
    case = SCHEMA.find_operation_by_label("GET /bijlagen").Case(query={"klantcontact__uuid": values})  # type: ignore[union-attr]
    assert last_value_is_valid(case, "klantcontact__uuid", values) is read_as_valid


def test_the_mock_reads_the_last_value_as_open_klant_does(base_url: str) -> None:
    import httpx

    with httpx.Client(base_url=base_url, headers=AUTH) as client:
        assert client.get("/actoren?soortActor=robot&soortActor=medewerker").status_code == 200
        assert client.get("/actoren?soortActor=medewerker&soortActor=robot").status_code == 400
        bijlagen = "/bijlagen?klantcontact__uuid=6f1d2a3e-1b2c-4d5e-8f90-123456789abc&klantcontact__uuid=x"
        assert client.get(bijlagen).status_code == 400


# ---------------------------------------------------------------- confirmations of a refusal's reason


def test_a_refused_identificator_uuid_is_dropped_only_when_nothing_has_it(base_url: str) -> None:
    partij = created(base_url, "partijen", {"soortPartij": "organisatie", "indicatieActief": True})
    stored = created(
        base_url,
        "partij-identificatoren",
        {"identificeerdePartij": {"uuid": partij["uuid"]}, "partijIdentificator": {**KVK, "codeRegister": "hr"}},
    )
    unknown, response = call(base_url, "POST /partij-identificatoren", {"uuid": str(uuidlib.uuid4())})
    assert identificator_is_missing(unknown, response, "uuid")
    # A provider claiming "bestaat niet" for a stored identificator: the failure is kept.
    existing, response = call(base_url, "POST /partij-identificatoren", {"uuid": stored["uuid"]})
    assert not identificator_is_missing(existing, response, "uuid")


def test_a_refused_employer_is_dropped_only_when_it_is_no_organisatie(base_url: str) -> None:
    name = "partijIdentificatie.werkteVoorPartij.uuid"
    for soort, dropped in (("persoon", True), ("organisatie", False)):
        employer = created(base_url, "partijen", {"soortPartij": soort, "indicatieActief": True})
        body = {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {"werkteVoorPartij": {"uuid": employer["uuid"]}},
        }
        case, response = call(base_url, "POST /partijen", body)
        assert employer_is_no_organisatie(case, response, name) is dropped, soort
    missing = {
        "soortPartij": "contactpersoon",
        "partijIdentificatie": {"werkteVoorPartij": {"uuid": str(uuidlib.uuid4())}},
    }
    case, response = call(base_url, "POST /partijen", missing)
    assert not employer_is_no_organisatie(case, response, name)  # gone is another reason, with its own rule


# ---------------------------------------------------------------- the reduced CI run over several seeds


@pytest.mark.parametrize("seed", ["2", "4", "5", "6"])
def test_negative_list_queries_find_nothing_in_the_mock_for_any_seed(base_url: str, tmp_path: Path, seed: str) -> None:
    """The fuzzing phase of CI, on list operations with many filters, negative data only (seeds 2, 4, 5 failed once)."""
    operations = [
        "klantcontactenList",
        "actorenList",
        "partijenList",
        "digitaleadressenList",
        "partijIdentificatorenList",
    ]
    selection = [option for operation in operations for option in ("--include-operation-id", operation)]
    options = ("--phases", "fuzzing", "--mode", "negative", "--max-examples", "5", "--seed", seed, *selection)
    outcome = run_schemathesis(base_url, tmp_path, *options)
    assert (outcome.failures, outcome.errors) == ({}, []), outcome.output[-4000:]
    assert outcome.report["operations"]["tested"] == len(operations)


# ---------------------------------------------------------------- report files of one run


def test_each_run_writes_and_reads_its_own_report_directory(base_url: str, tmp_path: Path) -> None:
    options = ("--phases", "examples", "--include-operation-id", "actorenList")
    first = run_schemathesis(base_url, tmp_path, *options)
    second = run_schemathesis(base_url, tmp_path, *options)
    assert first.directory is not None and second.directory is not None
    assert first.directory != second.directory
    assert first.directory.parent == second.directory.parent == tmp_path
    assert [p.name for p in first.directory.glob("json-*.json")] and first.report["operations"]["selected"] == 1


def test_an_unreadable_report_is_one_line(tmp_path: Path) -> None:
    half = tmp_path / "json-1.json"
    half.write_text('{"failures": [', encoding="utf-8")
    with pytest.raises(ReportError) as error:
        read_report(half)
    assert "\n" not in str(error.value) and str(half) in str(error.value)
    log = tmp_path / "known-deviations.jsonl"
    log.write_text('{"id": "OK-ST-01"}\n{"id"', encoding="utf-8")
    with pytest.raises(ReportError, match="known-deviation log"):
        read_deviations(log)

"""Tests for the klantinteracties OpenAPI document: validity, and compatibility with upstream's.

The other tests of the document: `test_spec_filters` (filter annotations), `test_spec_operations`
(request schemas, error responses, headers, security, links), `test_spec_observed` (recorded traffic).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from openapi_spec_validator import validate
from spec_compat import incompatibilities
from spec_document import load_ours, load_upstream, operations, schemas
from spec_schemas import Spec

RESOURCES = (
    "klantcontacten",
    "actorklantcontacten",
    "betrokkenen",
    "actoren",
    "partijen",
    "partij-identificatoren",
    "onderwerpobjecten",
    "bijlagen",
    "internetaken",
    "digitaleadressen",
    "categorieen",
    "categorie-relaties",
    "rekeningnummers",
    "vertegenwoordigingen",
)


@pytest.fixture(scope="module")
def ours() -> Spec:
    """Our document, as the mock loads it."""
    return load_ours()


@pytest.fixture(scope="module")
def upstream() -> Spec:
    """The Open Klant 2.18.0 document from shared/reference."""
    return load_upstream()


# ---------------------------------------------------------------- validity and compatibility


def test_spec_passes_openapi_spec_validator(ours: Spec) -> None:
    validate(ours)


def test_spec_is_compatible_with_upstream(ours: Spec, upstream: Spec) -> None:
    found = incompatibilities(ours, upstream)
    assert found == [], "\n".join(found)


def test_spec_has_exactly_the_resources_and_methods_of_the_api(ours: Spec) -> None:
    expected = {(f"/{r}", m) for r in RESOURCES for m in ("get", "post")}
    expected |= {(f"/{r}/{{uuid}}", m) for r in RESOURCES for m in ("get", "put", "patch", "delete")}
    expected.add(("/maak-klantcontact", "post"))
    assert {(path, method) for path, method, _ in operations(ours)} == expected


def test_item_paths_take_a_uuid_path_parameter(ours: Spec) -> None:
    for path, item in ours["paths"].items():
        if path.endswith("{uuid}"):
            (param,) = item["parameters"]
            assert (param["name"], param["in"], param["required"]) == ("uuid", "path", True)
            assert param["schema"] == {"type": "string", "format": "uuid"}


# ---------------------------------------------------------------- planted bugs


def planted(ours: Spec, upstream: Spec, plant: Callable[[Spec], None]) -> list[str]:
    """Run the checker on a copy of our document with one planted bug."""
    bugged = copy.deepcopy(ours)
    plant(bugged)
    return incompatibilities(bugged, upstream)


def test_checker_reports_a_changed_max_length(ours: Spec, upstream: Spec) -> None:
    def plant(spec: Spec) -> None:
        schemas(spec)["KlantcontactRequest"]["properties"]["kanaal"]["maxLength"] = 49

    assert planted(ours, upstream, plant) == ["KlantcontactRequest.kanaal: maxLength: ours 49, upstream 50"]


def test_checker_reports_a_dropped_enum_value(ours: Spec, upstream: Spec) -> None:
    def plant(spec: Spec) -> None:
        schemas(spec)["RolEnum"]["enum"].remove("klant")

    assert planted(ours, upstream, plant) == [
        "RolEnum: enum: ours ['vertegenwoordiger'], upstream ['klant', 'vertegenwoordiger']"
    ]


def test_checker_reports_a_flipped_required_flag_on_a_request_schema(ours: Spec, upstream: Spec) -> None:
    def plant(spec: Spec) -> None:
        schemas(spec)["BetrokkeneRequest"]["required"].remove("initiator")

    assert planted(ours, upstream, plant) == ["BetrokkeneRequest.initiator: required: ours False, upstream True"]


def test_checker_reports_a_renamed_property(ours: Spec, upstream: Spec) -> None:
    def plant(spec: Spec) -> None:
        props = schemas(spec)["ActorKlantcontact"]["properties"]
        props["acteur"] = props.pop("actor")

    assert planted(ours, upstream, plant) == [
        "ActorKlantcontact.acteur: property: not in upstream",
        "ActorKlantcontact.actor: property: missing in ours",
    ]


def test_checker_reports_a_changed_operation_id(ours: Spec, upstream: Spec) -> None:
    def plant(spec: Spec) -> None:
        spec["paths"]["/klantcontacten"]["get"]["operationId"] = "klantcontactenLijst"

    assert planted(ours, upstream, plant) == [
        "GET /klantcontacten: operationId: ours 'klantcontactenLijst', upstream 'klantcontactenList'"
    ]


def test_checker_reports_an_unknown_query_parameter(ours: Spec, upstream: Spec) -> None:
    def plant(spec: Spec) -> None:
        extra = {"name": "foo", "in": "query", "schema": {"type": "string"}}
        spec["paths"]["/klantcontacten"]["get"]["parameters"].append(extra)

    assert planted(ours, upstream, plant) == ["GET /klantcontacten ?foo: parameter: not declared upstream"]

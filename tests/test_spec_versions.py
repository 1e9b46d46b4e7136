"""The 0.8.0 document against upstream Open Klant 2.17.1, and the 0.9.0 changes file against both documents."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from spec_compat import incompatibilities
from spec_schemas import Spec

from tests.recording.exchanges import differences

SPECS = Path(__file__).parents[1] / "src/kcc_mock/specs"
UPSTREAM = Path(__file__).parent / "data/upstream"
CHANGES_PATH = SPECS / "klantinteracties-0.9.0-changes.yaml"
NEW_FILTERS = ("hadBetrokkene__digitaaladres__adres__icontains", "hadBetrokkene__wasPartij", "leiddeTotInterneTaken")


def load(path: Path) -> Any:
    """A YAML file of the repository."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ours_080() -> Spec:
    """Our 0.8.0 document."""
    spec: Spec = load(SPECS / "klantinteracties-0.8.0.yaml")
    return spec


@pytest.fixture(scope="module")
def ours_090() -> Spec:
    """Our 0.9.0 document (the newest)."""
    spec: Spec = load(SPECS / "klantinteracties.yaml")
    return spec


@pytest.fixture(scope="module")
def upstream_2171() -> Spec:
    """The Open Klant 2.17.1 document (API 0.8.0), vendored."""
    spec: Spec = load(UPSTREAM / "openklant-2.17.1-klantinteracties-openapi.yaml")
    return spec


@pytest.fixture(scope="module")
def upstream_2180() -> Spec:
    """The Open Klant 2.18.0 document (API 0.9.0), vendored."""
    spec: Spec = load(UPSTREAM / "openklant-2.18.0-klantinteracties-openapi.yaml")
    return spec


@pytest.fixture(scope="module")
def changes() -> dict[str, Any]:
    """What 0.9.0 changes against 0.8.0."""
    found: dict[str, Any] = load(CHANGES_PATH)
    return found


# ---------------------------------------------------------------- the 0.8.0 document


def test_080_spec_passes_openapi_spec_validator(ours_080: Spec) -> None:
    validate(ours_080)


def test_080_spec_has_the_version_of_upstream_2171(ours_080: Spec, upstream_2171: Spec) -> None:
    assert ours_080["info"]["version"] == upstream_2171["info"]["version"] == "0.8.0"


def test_080_spec_is_compatible_with_upstream_2171(ours_080: Spec, upstream_2171: Spec) -> None:
    found = incompatibilities(ours_080, upstream_2171)
    assert found == [], "\n".join(found)


def test_080_spec_is_not_compatible_with_upstream_2180(ours_080: Spec, upstream_2180: Spec) -> None:
    """Against the newer release exactly the 0.9.0 parts are reported: the check depends on the release."""
    klantcontact = ("ExpandKlantcontact", "Klantcontact", "KlantcontactRequest", "PatchedKlantcontactRequest")
    expected = [f"GET /klantcontacten ?{name}: parameter: missing in ours" for name in NEW_FILTERS]
    for schema in klantcontact:
        expected += [
            f"{schema}.hoofdOnderwerpType: property: missing in ours",
            f"{schema}.metadata{{}}: maxLength: ours 100, upstream 255",
            f"{schema}.reactie: maxLength: ours 1000, upstream 4000",
            f"{schema}.verdereActieOndernomen: property: missing in ours",
        ]
    assert incompatibilities(ours_080, upstream_2180) == sorted(expected)


def planted(ours: Spec, upstream: Spec, plant: Callable[[Spec], None]) -> list[str]:
    """Run the checker on a copy of a document with one planted bug."""
    bugged = copy.deepcopy(ours)
    plant(bugged)
    return incompatibilities(bugged, upstream)


def test_checker_reports_a_090_field_left_in_the_080_spec(ours_080: Spec, ours_090: Spec, upstream_2171: Spec) -> None:
    def plant(spec: Spec) -> None:
        field = ours_090["components"]["schemas"]["KlantcontactRequest"]["properties"]["verdereActieOndernomen"]
        spec["components"]["schemas"]["KlantcontactRequest"]["properties"]["verdereActieOndernomen"] = field

    assert planted(ours_080, upstream_2171, plant) == [
        "KlantcontactRequest.verdereActieOndernomen: property: not in upstream"
    ]


def test_checker_reports_a_090_length_left_in_the_080_spec(ours_080: Spec, upstream_2171: Spec) -> None:
    def plant(spec: Spec) -> None:
        spec["components"]["schemas"]["Klantcontact"]["properties"]["reactie"]["maxLength"] = 4000

    assert planted(ours_080, upstream_2171, plant) == [
        "ExpandKlantcontact.reactie: maxLength: ours 4000, upstream 1000",
        "Klantcontact.reactie: maxLength: ours 4000, upstream 1000",
    ]


def test_checker_reports_a_090_filter_left_in_the_080_spec(ours_080: Spec, upstream_2171: Spec) -> None:
    def plant(spec: Spec) -> None:
        extra = {"name": "leiddeTotInterneTaken", "in": "query", "schema": {"type": "boolean"}}
        spec["paths"]["/klantcontacten"]["get"]["parameters"].append(extra)

    assert planted(ours_080, upstream_2171, plant) == [
        "GET /klantcontacten ?leiddeTotInterneTaken: parameter: not declared upstream"
    ]


def test_checker_reports_a_missing_expand_key_despite_upstreams_snake_case(ours_080: Spec, upstream_2171: Spec) -> None:
    """2.17.1's document spells `_expand` keys in snake_case; a key we drop is still reported."""

    def plant(spec: Spec) -> None:
        parts = spec["components"]["schemas"]["ExpandKlantcontact"]["allOf"]
        expand = next(part for part in parts if "_expand" in part.get("properties", {}))
        del expand["properties"]["_expand"]["properties"]["hadBetrokkenen"]

    assert planted(ours_080, upstream_2171, plant) == [
        "ExpandKlantcontact._expand.hadBetrokkenen: property: missing in ours"
    ]


def test_a_090_deviation_does_not_excuse_a_080_document(ours_090: Spec, upstream_2180: Spec) -> None:
    """The hoofdOnderwerpType allowance is `since` 0.9.0: a document claiming 0.8.0 is not excused by it."""

    def plant(spec: Spec) -> None:
        spec["info"]["version"] = "0.8.0"

    assert planted(ours_090, upstream_2180, plant) == [
        f"{schema}.hoofdOnderwerpType: admitsEmpty: ours True, upstream False"
        for schema in ("ExpandKlantcontact", "Klantcontact", "KlantcontactRequest", "PatchedKlantcontactRequest")
    ]


# ---------------------------------------------------------------- the changes file against both documents


def downgrade(spec: Spec, changes: dict[str, Any]) -> Spec:
    """A plain model of the older document: the newer one with the listed changes undone."""
    older = copy.deepcopy(spec)
    schemas = older["components"]["schemas"]
    for name, fields in changes["fields"].items():
        for field in fields:
            del schemas[name]["properties"][field]
    for path, names in changes["filters"].items():
        parameters = older["paths"][path]["get"]["parameters"]
        parameters[:] = [p for p in parameters if p.get("name") not in names]
    for where, (before, after) in changes["maxLength"].items():
        name, prop = where.split(".")
        target = schemas[name]["properties"][prop.removesuffix("{}")]
        target = target["additionalProperties"] if prop.endswith("{}") else target
        assert target["maxLength"] == after, where
        target["maxLength"] = before
    older["info"]["version"] = changes["previous"]
    return older


def comparable(node: Any, key: str = "") -> Any:
    """A document without prose (descriptions), parameter lists keyed by place and name (or $ref)."""
    if isinstance(node, list) and key == "parameters":
        return {p.get("$ref") or f"{p['in']}:{p['name']}": comparable(p) for p in node}
    if isinstance(node, list):
        return [comparable(item) for item in node]
    if isinstance(node, dict):
        return {name: comparable(value, name) for name, value in node.items() if name != "description"}
    return node


def unexplained(newer: Spec, older: Spec, changes: dict[str, Any]) -> list[str]:
    """Where the older document differs from the newer one with the listed changes undone."""
    model, real = comparable(downgrade(newer, changes)), comparable(older)
    model["info"], real["info"] = model["info"]["version"], real["info"]["version"]
    return [line.split(": unexpected ")[0] for line in differences(model, real)]


def test_changes_file_names_its_documents(changes: dict[str, Any], ours_080: Spec, ours_090: Spec) -> None:
    assert (changes["version"], changes["previous"]) == (ours_090["info"]["version"], ours_080["info"]["version"])
    assert (SPECS / changes["spec"]).resolve() == (SPECS / "klantinteracties.yaml").resolve()
    assert (SPECS / changes["previous_spec"]).resolve() == (SPECS / "klantinteracties-0.8.0.yaml").resolve()


def test_changes_file_is_exactly_the_difference_of_the_documents(
    changes: dict[str, Any], ours_080: Spec, ours_090: Spec
) -> None:
    assert unexplained(ours_090, ours_080, changes) == []


def test_changes_file_agrees_with_the_upstream_documents(
    changes: dict[str, Any], upstream_2171: Spec, upstream_2180: Spec
) -> None:
    """What the file says 0.9.0 adds, 2.18.0's document has and 2.17.1's lacks."""
    for release, spec, present in (("2.17.1", upstream_2171, False), ("2.18.0", upstream_2180, True)):
        schemas = spec["components"]["schemas"]
        # Upstream has one schema per resource for reads and writes: PatchedKlantcontact, not ...Request.
        for name, fields in changes["fields"].items():
            properties = schemas[name.removesuffix("Request")]["properties"]
            assert all((field in properties) is present for field in fields), (release, name)
        for path, names in changes["filters"].items():
            declared = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
            assert all((name in declared) is present for name in names), (release, path)
        for where, lengths in changes["maxLength"].items():
            name, prop = where.split(".")
            target = schemas[name.removesuffix("Request")]["properties"][prop.removesuffix("{}")]
            target = target["additionalProperties"] if prop.endswith("{}") else target
            assert target["maxLength"] == lengths[present], (release, where)


def test_a_filter_missing_from_the_changes_file_is_found(
    changes: dict[str, Any], ours_080: Spec, ours_090: Spec
) -> None:
    incomplete = copy.deepcopy(changes)
    incomplete["filters"]["/klantcontacten"].remove("leiddeTotInterneTaken")
    assert unexplained(ours_090, ours_080, incomplete) == [
        ".paths./klantcontacten.get.parameters.query:leiddeTotInterneTaken: missing"
    ]


def test_a_field_missing_from_the_changes_file_is_found(
    changes: dict[str, Any], ours_080: Spec, ours_090: Spec
) -> None:
    incomplete = copy.deepcopy(changes)
    incomplete["fields"]["PatchedKlantcontactRequest"].remove("hoofdOnderwerpType")
    assert unexplained(ours_090, ours_080, incomplete) == [
        ".components.schemas.PatchedKlantcontactRequest.properties.hoofdOnderwerpType: missing"
    ]


def test_a_length_missing_from_the_changes_file_is_found(
    changes: dict[str, Any], ours_080: Spec, ours_090: Spec
) -> None:
    incomplete = copy.deepcopy(changes)
    del incomplete["maxLength"]["KlantcontactRequest.metadata{}"]
    assert unexplained(ours_090, ours_080, incomplete) == [
        ".components.schemas.KlantcontactRequest.properties.metadata.additionalProperties.maxLength: 255 != 100"
    ]

"""The document's filter annotations (`x-kcc-filter`): every list filter has one that fits its field."""

from __future__ import annotations

from typing import Any

import pytest
from spec_document import json_schema, kind_of, load_ours, operations, query_parameters, response
from spec_schemas import Schema, Spec, flatten, object_properties

NOT_FILTERS = {"page", "pageSize", "expand"}
LOOKUPS = {
    "exact",
    "in",
    "iexact",
    "icontains",
    "uuid",
    "url",
    "bool",
    "exists",
    "datetime",
    "date",
    "gt",
    "gte",
    "lt",
    "lte",
}
FOLLOW = {
    "hadKlantcontact": "klantcontacten",
    "wasPartij": "partijen",
    "actor": "actoren",
    "klantcontact": "klantcontacten",
    "aanleidinggevendKlantcontact": "klantcontacten",
    "toegewezenAanActoren": "actoren",
    "verstrektDoorBetrokkene": "betrokkenen",
    "verstrektDoorPartij": "partijen",
    "identificeerdePartij": "partijen",
    "subIdentificatorVan": "partij-identificatoren",
    "wasBijlageVanKlantcontact": "klantcontacten",
    "wasKlantcontact": "klantcontacten",
    "partij": "partijen",
    "categorie": "categorieen",
    "vertegenwoordigendePartij": "partijen",
    "vertegenwoordigdePartij": "partijen",
}


@pytest.fixture(scope="module")
def ours() -> Spec:
    """Our document, as the mock loads it."""
    return load_ours()


def collections(spec: Spec) -> dict[str, Schema]:
    """Record schema of every listable resource, keyed by its path segment."""
    found = {}
    for path, _, operation in operations(spec):
        if kind_of(operation["operationId"]) == "list":
            page = object_properties(spec, json_schema(response(spec, operation, "200")))
            found[path.strip("/")] = flatten(spec, page["results"]).items or {}
    return found


def follow_path(spec: Spec, records: dict[str, Schema], start: str, path: str) -> Schema:
    """Walk an x-kcc-filter path from a record of `start`; return the schema of the last field."""
    resource: str | None = start
    current, last = records[start], records[start]
    for step in path.split("."):
        if "@" in step:
            resource, current = reverse_step(spec, records, resource, step), records[step.split("@")[0]]
            continue
        props = object_properties(spec, current)
        assert step in props, f"{start}: {path}: no field {step!r}"
        last = props[step]
        resource = FOLLOW.get(step)
        current = records[resource] if resource else (flatten(spec, last).items or last)
    return last


def reverse_step(spec: Spec, records: dict[str, Schema], resource: str | None, step: str) -> str:
    """Check a `<collection>@<field>` step; return the collection."""
    collection, field = step.split("@")
    assert collection in records, f"unknown collection in {step!r}"
    assert field in object_properties(spec, records[collection]), f"no field in {step!r}"
    assert FOLLOW.get(field, resource) == resource, f"{step!r} does not point at {resource}"
    return collection


def lookup_fits(lookup: str, path: str, param: Schema, field: dict[str, Any]) -> bool:
    """Whether a lookup suits the parameter's schema and the field the path ends on."""
    ptype, pformat = param.get("type"), param.get("format")
    ftype, fformat = field.get("type"), field.get("format")
    if lookup in ("uuid", "url"):
        ends_on_uuid = path == "uuid" or path.endswith(".uuid")
        return ends_on_uuid and pformat == {"uuid": "uuid", "url": "uri"}[lookup]
    if lookup in ("bool", "exists"):
        return ptype == "boolean" and (lookup == "exists" or ftype == "boolean")
    if lookup in ("datetime", "date", "gt", "gte", "lt", "lte"):
        wanted = {"datetime": {"date-time"}, "date": {"date"}}.get(lookup, {"date", "date-time"})
        return pformat == fformat and pformat in wanted
    return ptype == "string" and ftype == "string"


def test_every_list_filter_has_a_filter_annotation(ours: Spec) -> None:
    records = collections(ours)
    for path, _, operation in operations(ours):
        if kind_of(operation["operationId"]) != "list":
            continue
        for param in query_parameters(ours, operation):
            if param["name"] in NOT_FILTERS:
                assert "x-kcc-filter" not in param
                continue
            annotation = param.get("x-kcc-filter")
            where = f"{operation['operationId']} {param['name']}"
            assert isinstance(annotation, dict) and set(annotation) == {"path", "lookup"}, where
            assert annotation["lookup"] in LOOKUPS, where
            field = follow_path(ours, records, path.strip("/"), annotation["path"])
            field_keywords = flatten(ours, field).keywords
            assert lookup_fits(annotation["lookup"], annotation["path"], param["schema"], field_keywords), where


def test_only_list_parameters_carry_filter_annotations(ours: Spec) -> None:
    for _, _, operation in operations(ours):
        if kind_of(operation["operationId"]) != "list":
            assert not any("x-kcc-filter" in p for p in query_parameters(ours, operation))

"""What every operation of the document declares: request schemas, error responses, headers,
security and links."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
from spec_document import (
    json_schema,
    kind_of,
    load_ours,
    operation_ids,
    operations,
    query_parameters,
    response,
    schemas,
)
from spec_schemas import Schema, Spec, flatten, resolve

ERRORS = {
    "list": {"400", "401", "404", "405", "406"},
    "create": {"400", "401", "405", "406", "415"},
    "retrieve": {"400", "401", "404", "405", "406"},
    "update": {"400", "401", "404", "405", "406", "415"},
    "partialUpdate": {"400", "401", "404", "405", "406", "415"},
    "destroy": {"401", "404", "405", "406"},
    "maak": {"400", "401", "405", "406", "415"},
}
# Deletes Open Klant refuses with a 400: a partij-identificator a vestigingsnummer is under (PROTECT),
# and a partij holding one (recorded from 2.17.1 and 2.18.0: `partij-identificator-protected`).
REFUSABLE_DELETES = {"partijIdentificatorenDestroy", "partijenDestroy"}


@pytest.fixture(scope="module")
def ours() -> Spec:
    """Our document, as the mock loads it."""
    return load_ours()


# ---------------------------------------------------------------- request schemas


def reachable(spec: Spec, schema: Any, seen: set[str]) -> Iterator[Schema]:
    """Every schema object reachable from `schema`, following $refs once."""
    if isinstance(schema, list):
        for item in schema:
            yield from reachable(spec, item, seen)
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        name, target = resolve(spec, schema)
        if name not in seen:
            seen.add(name or "")
            yield from reachable(spec, target, seen)
        return
    yield schema
    for value in schema.values():
        yield from reachable(spec, value, seen)


def request_bodies(spec: Spec) -> Iterator[tuple[str, Schema]]:
    """(operationId, body schema) of every operation that takes a body."""
    for _, _, operation in operations(spec):
        if "requestBody" in operation:
            yield operation["operationId"], json_schema(operation["requestBody"])


def test_request_schemas_contain_no_read_only_properties(ours: Spec) -> None:
    for operation_id, body in request_bodies(ours):
        assert str(resolve(ours, body)[0]).endswith("Request"), operation_id
        for schema in reachable(ours, body, set()):
            assert not schema.get("readOnly"), f"{operation_id}: readOnly in a request schema"


def test_foreign_key_request_schemas_require_only_the_uuid(ours: Spec) -> None:
    for name, schema in schemas(ours).items():
        if re.search(r"Foreign[Kk]eyRequest$", name):
            assert schema["properties"].keys() == {"uuid"} and schema["required"] == ["uuid"], name


def body_is_required(spec: Spec, operation: Schema) -> bool:
    """Whether a body schema requires a field (in every variant): an absent body, read as {}, is refused."""
    node = flatten(spec, json_schema(operation["requestBody"]))
    variants = [flatten(spec, v) for v in node.variants.values()] or [node]
    return all(v.required for v in variants)


def test_a_body_with_required_fields_is_a_required_body(ours: Spec) -> None:
    """Else schemathesis sends none as valid, and the provider refuses it (missing fields)."""
    for _, _, operation in operations(ours):
        if "requestBody" in operation:
            required = operation["requestBody"].get("required", False)
            assert required is body_is_required(ours, operation), operation["operationId"]


def test_the_required_body_check_catches_one_left_optional(ours: Spec) -> None:
    operation = copy.deepcopy(operation_ids(ours)["rekeningnummersCreate"])
    assert body_is_required(ours, operation)
    del operation["requestBody"]["required"]
    assert operation["requestBody"].get("required", False) is not body_is_required(ours, operation)


def test_patch_bodies_require_nothing_at_the_top_level(ours: Spec) -> None:
    for operation_id, body in request_bodies(ours):
        if operation_id.endswith("PartialUpdate"):
            node = flatten(ours, body)
            variants = [flatten(ours, v) for v in node.variants.values()] or [node]
            assert all(not v.required for v in variants), operation_id


# ---------------------------------------------------------------- responses, headers, security


FOUT = {"$ref": "#/components/schemas/Fout"}
# A 400 is a ValidatieFout, except for an unparseable body: a plain Fout with code parse_error (observed).
BAD_REQUEST = {"anyOf": [{"$ref": "#/components/schemas/ValidatieFout"}, FOUT]}


def test_every_operation_declares_error_responses(ours: Spec) -> None:
    for _, _, operation in operations(ours):
        codes = {c for c in operation["responses"] if c >= "400"}
        expected = ERRORS[kind_of(operation["operationId"])] | (
            {"400"} if operation["operationId"] in REFUSABLE_DELETES else set()
        )
        assert codes == expected, operation["operationId"]
        for code in codes:
            body = response(ours, operation, code)
            assert list(body["content"]) == ["application/json"]
            assert json_schema(body) == (BAD_REQUEST if code == "400" else FOUT)


def test_error_schemas_have_open_klants_error_body(ours: Spec) -> None:
    fout = schemas(ours)["Fout"]
    types = {name: prop["type"] for name, prop in fout["properties"].items()}
    assert types == {
        "type": "string",
        "code": "string",
        "title": "string",
        "status": "integer",
        "detail": "string",
        "instance": "string",
    }
    assert set(fout["required"]) == set(types)
    validatie = flatten(ours, {"$ref": "#/components/schemas/ValidatieFout"})
    assert validatie.required == set(types) | {"invalidParams"}
    error = schemas(ours)["FieldValidationError"]
    assert {n: p["type"] for n, p in error["properties"].items()} == dict.fromkeys(("name", "code", "reason"), "string")
    assert set(error["required"]) == {"name", "code", "reason"}


def test_every_response_declares_the_api_version_header(ours: Spec) -> None:
    for _, _, operation in operations(ours):
        for code in operation["responses"]:
            headers = response(ours, operation, code)["headers"]
            assert resolve(ours, headers["API-version"])[1]["schema"] == {"type": "string"}


def test_created_responses_declare_location_except_maak_klantcontact(ours: Spec) -> None:
    for _, _, operation in operations(ours):
        if "201" in operation["responses"]:
            headers = response(ours, operation, "201")["headers"]
            expected = operation["operationId"] != "maakKlantcontactCreate"
            assert ("Location" in headers) is expected, operation["operationId"]
            if expected:
                assert resolve(ours, headers["Location"])[1]["schema"] == {"type": "string", "format": "uri"}


def test_every_operation_requires_token_auth(ours: Spec) -> None:
    assert ours["components"]["securitySchemes"] == {
        "tokenAuth": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }
    }
    for _, _, operation in operations(ours):
        assert operation["security"] == [{"tokenAuth": []}], operation["operationId"]


# ---------------------------------------------------------------- links


def links_of(ours: Spec, operation_id: str) -> dict[str, Schema]:
    """The links of an operation's 201 response."""
    links: dict[str, Schema] = response(ours, operation_ids(ours)[operation_id], "201").get("links", {})
    return links


def test_create_responses_link_to_the_item_operations(ours: Spec) -> None:
    for operation_id in operation_ids(ours):
        if kind_of(operation_id) == "create":
            base = operation_id.removesuffix("Create")
            targets = {link["operationId"]: link["parameters"] for link in links_of(ours, operation_id).values()}
            for kind in ("Retrieve", "Update", "PartialUpdate", "Destroy"):
                assert targets.get(base + kind) == {"uuid": "$response.body#/uuid"}, operation_id


def declared_parameters(spec: Spec, operation_id: str) -> set[str]:
    """Names of the path and query parameters an operation accepts."""
    path = next(p for p, _, op in operations(spec) if op["operationId"] == operation_id)
    names = {p["name"] for p in spec["paths"][path].get("parameters", [])}
    return names | {p["name"] for p in query_parameters(spec, operation_ids(spec)[operation_id])}


def test_every_link_targets_a_declared_parameter(ours: Spec) -> None:
    for operation_id, operation in operation_ids(ours).items():
        if "201" in operation["responses"]:
            for link in links_of(ours, operation_id).values():
                assert set(link["parameters"]) <= declared_parameters(ours, link["operationId"]), link


def test_create_responses_link_to_lists_filtered_on_the_new_object(ours: Spec) -> None:
    def filters(operation_id: str) -> set[tuple[str, str]]:
        links = links_of(ours, operation_id).values()
        return {(link["operationId"], name) for link in links for name in link["parameters"]}

    from_klantcontact = filters("klantcontactenCreate")
    assert ("betrokkenenList", "hadKlantcontact__uuid") in from_klantcontact
    assert ("actorklantcontactenList", "klantcontact__uuid") in from_klantcontact
    assert ("actorklantcontactenList", "actor__uuid") in filters("actorenCreate")

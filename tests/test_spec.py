"""Tests for the klantinteracties OpenAPI document: validity, upstream compatibility, annotations."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from spec_compat import Schema, Spec, flatten, incompatibilities, object_properties, resolve

SPEC_PATH = Path(__file__).parents[1] / "src/kcc_mock/specs/klantinteracties.yaml"
DATA = Path(__file__).parent / "data"
UPSTREAM_PATH = DATA / "upstream/openklant-2.18.0-klantinteracties-openapi.yaml"
OBSERVED_PATH = DATA / "openklant-observed.md"

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
)
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
NOT_FILTERS = {"page", "pageSize", "expand"}
LOOKUPS = {
    "exact",
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
}
ERRORS = {
    "list": {"400", "401", "404", "405", "406"},
    "create": {"400", "401", "405", "406", "415"},
    "retrieve": {"400", "401", "404", "405", "406"},
    "update": {"400", "401", "404", "405", "406", "415"},
    "partialUpdate": {"400", "401", "404", "405", "406", "415"},
    "destroy": {"401", "404", "405", "406"},
    "maak": {"400", "401", "405", "406", "415"},
}


def load_reference(path: Path) -> str:
    """Read a vendored reference file (tests/data)."""
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ours() -> Spec:
    """Our document, as the mock loads it."""
    spec: Spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


@pytest.fixture(scope="module")
def upstream() -> Spec:
    """The Open Klant 2.18.0 document from shared/reference."""
    spec: Spec = yaml.safe_load(load_reference(UPSTREAM_PATH))
    return spec


def operations(spec: Spec) -> Iterator[tuple[str, str, Schema]]:
    """Every (path, method, operation) of a document."""
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def kind_of(operation_id: str) -> str:
    """list/create/retrieve/update/partialUpdate/destroy/maak from an operationId."""
    if operation_id == "maakKlantcontactCreate":
        return "maak"
    suffix = re.search(r"(List|Create|Retrieve|PartialUpdate|Update|Destroy)$", operation_id)
    assert suffix, operation_id
    return suffix.group(1)[0].lower() + suffix.group(1)[1:]


def query_parameters(spec: Spec, operation: Schema) -> list[Schema]:
    """The query parameters of an operation, $refs resolved."""
    return [p for p in (resolve(spec, p)[1] for p in operation.get("parameters", [])) if p["in"] == "query"]


def response(spec: Spec, operation: Schema, code: str) -> Schema:
    """One response of an operation, $ref resolved."""
    return resolve(spec, operation["responses"][code])[1]


def json_schema(holder: Schema) -> Schema:
    """The application/json schema of a response or request body."""
    schema: Schema = holder["content"]["application/json"]["schema"]
    return schema


# ---------------------------------------------------------------- validity and compatibility


def test_spec_passes_openapi_spec_validator(ours: Spec) -> None:
    validate(ours)


def test_spec_is_compatible_with_upstream(ours: Spec, upstream: Spec) -> None:
    found = incompatibilities(ours, upstream)
    assert found == [], "\n".join(found)


def test_spec_has_exactly_the_resources_and_methods_of_the_flow(ours: Spec) -> None:
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


def schemas(spec: Spec) -> dict[str, Schema]:
    """The component schemas of a document."""
    found: dict[str, Schema] = spec["components"]["schemas"]
    return found


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


# ---------------------------------------------------------------- filter annotations


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
        assert codes == ERRORS[kind_of(operation["operationId"])], operation["operationId"]
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


def operation_ids(spec: Spec) -> dict[str, Schema]:
    """Operations by operationId."""
    return {op["operationId"]: op for _, _, op in operations(spec)}


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


# ---------------------------------------------------------------- observed Open Klant traffic


def exchanges() -> Iterator[dict[str, Any]]:
    """Requests and responses recorded from a real Open Klant 2.18 (openklant-observed.md)."""
    for section in re.split(r"\n### ", load_reference(OBSERVED_PATH))[1:]:
        request = re.search(r"Request: `(\w+) \{BASE\}([^`?]*)", section)
        status = re.search(r"Response: \*\*(\d+)\*\*", section)
        if request and status:
            yield {
                "title": section.split("\n", 1)[0],
                "method": request.group(1).lower(),
                "path": request.group(2),
                "status": status.group(1),
                "request": json_block(section, "Request body"),
                "response": json_block(section, "Response body"),
            }


def json_block(section: str, label: str) -> Any:
    """The JSON block after `label:` in a transcript section, or None."""
    found = re.search(label + r":\n```json\n(.*?)\n```", section, re.S)
    return json.loads(found.group(1)) if found else None


def find_operation(spec: Spec, method: str, path: str) -> Schema | None:
    """The operation serving a concrete request path, if the document has one."""
    for template, item in spec["paths"].items():
        if method in item and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            operation: Schema = item[method]
            return operation
    return None


def without_discriminators(spec: Any) -> Any:
    """A copy without discriminator keywords: how Connexion and schemathesis validate oneOf."""
    if isinstance(spec, dict):
        return {k: without_discriminators(v) for k, v in spec.items() if k != "discriminator"}
    if isinstance(spec, list):
        return [without_discriminators(v) for v in spec]
    return spec


def schema_errors(spec: Spec, schema: Schema, instance: Any) -> list[str]:
    """Validation errors of `instance` against `schema` (OpenAPI 3.0 rules, formats checked)."""
    validator = OAS30Validator(
        {**schema, "components": spec["components"]}, format_checker=OAS30Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message[:160]}" for e in validator.iter_errors(instance)]


def test_observed_responses_are_declared_and_match_our_schemas(ours: Spec) -> None:
    plain = without_discriminators(ours)
    failures = []
    for exchange in exchanges():
        operation = find_operation(plain, exchange["method"], exchange["path"])
        if operation is None:
            continue
        declared = operation["responses"].get(exchange["status"])
        if declared is None:
            failures.append(f"{exchange['title']}: status {exchange['status']} not declared")
        elif exchange["response"] is not None:
            schema = json_schema(resolve(plain, declared)[1])
            failures += [f"{exchange['title']}: {e}" for e in schema_errors(plain, schema, exchange["response"])]
    assert failures == [], "\n".join(failures)


# Requests Open Klant accepted although they break its own contract; the spec keeps the contract.
LENIENT = {
    "POST klantcontact with plaatsgevondenOp without timezone": "a date-time without offset is taken as UTC",
}


def test_observed_successful_requests_match_our_request_schemas(ours: Spec) -> None:
    plain = without_discriminators(ours)
    failures = []
    for exchange in exchanges():
        if exchange["title"] in LENIENT:
            continue
        operation = find_operation(plain, exchange["method"], exchange["path"])
        if operation and "requestBody" in operation and exchange["status"] < "300" and exchange["request"]:
            schema = json_schema(operation["requestBody"])
            failures += [f"{exchange['title']}: {e}" for e in schema_errors(plain, schema, exchange["request"])]
    assert failures == [], "\n".join(failures)

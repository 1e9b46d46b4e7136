"""Reading the klantinteracties OpenAPI documents for the tests of the spec: ours, upstream's, and
the operations, responses and schemas in them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from spec_schemas import Schema, Spec, resolve

SPEC_PATH = Path(__file__).parents[1] / "src/kcc_mock/specs/klantinteracties.yaml"
DATA = Path(__file__).parent / "data"
UPSTREAM_PATH = DATA / "upstream/openklant-2.18.0-klantinteracties-openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def load_reference(path: Path) -> str:
    """Read a vendored reference file (tests/data)."""
    return path.read_text(encoding="utf-8")


def load_ours() -> Spec:
    """Our document, as the mock loads it."""
    spec: Spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def load_upstream() -> Spec:
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


def schemas(spec: Spec) -> dict[str, Schema]:
    """The component schemas of a document."""
    found: dict[str, Schema] = spec["components"]["schemas"]
    return found


def operation_ids(spec: Spec) -> dict[str, Schema]:
    """Operations by operationId."""
    return {op["operationId"]: op for _, _, op in operations(spec)}

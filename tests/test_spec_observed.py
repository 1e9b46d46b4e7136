"""Requests and responses recorded from a real Open Klant 2.18 against the document's schemas."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from spec_document import DATA, json_schema, load_ours, load_reference
from spec_schemas import Schema, Spec, resolve

OBSERVED_PATH = DATA / "openklant-observed.md"


@pytest.fixture(scope="module")
def ours() -> Spec:
    """Our document, as the mock loads it."""
    return load_ours()


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

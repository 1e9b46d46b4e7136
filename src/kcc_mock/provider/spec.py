"""The project's OpenAPI document, loaded once and indexed by operation."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).parents[1] / "specs" / "klantinteracties.yaml"
Schema = dict[str, Any]

_ITEM_ACTIONS = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
_COLLECTION_ACTIONS = {"get": "list", "post": "create"}
_METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with what the mock needs to serve it."""

    operation_id: str
    method: str
    path: str
    resource: str
    action: str
    request_schema: Schema | None
    response_schema: Schema | None
    query: dict[str, Schema] = field(default_factory=dict)

    @property
    def expand_choices(self) -> tuple[str, ...]:
        """The values `?expand=` accepts here (empty when it is not offered)."""
        parameter = self.query.get("expand")
        if parameter is None:
            return ()
        return tuple(parameter["schema"]["items"].get("enum", ()))


class Spec:
    """An OpenAPI 3.0 document with `$ref` resolution and an operation index."""

    def __init__(self, document: Schema, source: Path = SPEC_PATH) -> None:
        self.document = document
        self.path = source  # the file as written, served as openapi.yaml
        self.base_path: str = document["servers"][0]["url"].rstrip("/")
        self.version: str = str(document["info"]["version"])  # the API-version header's value
        self.operations: dict[str, Operation] = {}
        for path, item in document["paths"].items():
            for method in _METHODS:
                if method in item:
                    operation = self._operation(path, method, item[method])
                    self.operations[operation.operation_id] = operation
        self._by_action = {(op.resource, op.action): op for op in self.operations.values()}

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> Spec:
        """Read and index the document at `path` (cached per path)."""
        return _load(path)

    def resolve(self, schema: Schema) -> Schema:
        """Follow `$ref` until a concrete schema is reached."""
        while "$ref" in schema:
            node: Any = self.document
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def operation(self, resource: str, action: str) -> Operation:
        """The operation serving `action` on `resource`."""
        return self._by_action[(resource, action)]

    @property
    def resources(self) -> list[str]:
        """Collection names in the order the spec lists them."""
        return list(dict.fromkeys(op.resource for op in self.operations.values() if op.action == "list"))

    def _operation(self, path: str, method: str, body: Schema) -> Operation:
        segments = path.strip("/").split("/")
        if segments[-1] == "{uuid}":
            action = _ITEM_ACTIONS[method]
        elif segments[0] == "maak-klantcontact":
            action = "maak_klantcontact"
        else:
            action = _COLLECTION_ACTIONS[method]
        return Operation(
            operation_id=body["operationId"],
            method=method,
            path=path,
            resource=segments[0],
            action=action,
            request_schema=self._body_schema(body.get("requestBody")),
            response_schema=self._success_schema(body.get("responses", {})),
            query={p["name"]: p for p in (self.resolve(p) for p in body.get("parameters", [])) if p["in"] == "query"},
        )

    def _body_schema(self, body: Schema | None) -> Schema | None:
        if body is None:
            return None
        schema: Schema = self.resolve(body)["content"]["application/json"]["schema"]
        return schema

    def _success_schema(self, responses: Schema) -> Schema | None:
        for status in ("200", "201"):
            if status in responses:
                content = self.resolve(responses[status]).get("content")
                if content:
                    schema: Schema = content["application/json"]["schema"]
                    return schema
        return None


@cache
def _load(path: Path) -> Spec:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return Spec(yaml.load(handle, Loader=loader), path)  # noqa: S506 - a safe loader

"""Compatibility checker: our klantinteracties OpenAPI document against the upstream Open Klant one.

`incompatibilities(ours, upstream)` resolves `$ref`, `allOf`, `oneOf`/`anyOf` (polymorphism by
discriminator mapping, and the `anyOf: [X, NullValue]` way we write a nullable reference) and
returns one line per difference that is not on the allow-list (`spec_deviations`) for our document's
API version.

Responses are compared property by property (both directions). Request bodies are compared the
way a client sees them: every property we accept must be writable upstream, every writable
upstream property must be accepted, and `required` must be upstream's minus its readOnly members
(none at the top level of a PATCH body; nested objects keep theirs).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any

from spec_deviations import Deviation, applicable
from spec_schemas import INTRINSIC, Node, Schema, Spec, flatten, resolve

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
RESPONSE, REQUEST = "response", "request"


@dataclass(frozen=True)
class Difference:
    """One difference found by the checker."""

    where: str
    keyword: str
    detail: str
    ours: Any = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.keyword}: {self.detail}"


def incompatibilities(ours: Spec, upstream: Spec) -> list[str]:
    """Every difference between our document and upstream that is not a listed deviation."""
    checker = _Checker(ours, as_served(upstream))
    checker.check_paths()
    found = sorted(set(checker.differences), key=str)
    deviations = applicable(ours["info"]["version"])
    kept = [str(d) for d in found if _allowance(d, deviations) is None]
    used = {_allowance(d, deviations) for d in found}
    stale = [f"allow-list: {dev.where}: {dev.keyword}: matches nothing" for dev in deviations if dev not in used]
    return kept + stale


def as_served(upstream: Spec) -> Spec:
    """Upstream's document with its `_expand` keys camelCased, as every release's server sends them.

    Open Klant 2.17's document spells them in snake_case (`had_betrokkenen`); its server answers
    `hadBetrokkenen`, like 2.18's server and document (recorded from both releases).
    """
    renamed = {}
    for name, schema in upstream.get("components", {}).get("schemas", {}).items():
        if "allOf" in schema:
            schema = {**schema, "allOf": [_camel_expand(part) for part in schema["allOf"]]}
        renamed[name] = _camel_expand(schema)
    return {**upstream, "components": {**upstream.get("components", {}), "schemas": renamed}}


def _camel_expand(part: Schema) -> Schema:
    properties = part.get("properties", {})
    if "_expand" not in properties:
        return part
    expand = properties["_expand"]
    keys = {_camel(key): value for key, value in expand.get("properties", {}).items()}
    return {**part, "properties": {**properties, "_expand": {**expand, "properties": keys}}}


def _camel(name: str) -> str:
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def _allowance(diff: Difference, deviations: tuple[Deviation, ...]) -> Deviation | None:
    for dev in deviations:
        if (dev.keyword, dev.ours) == (diff.keyword, diff.ours) and fnmatch.fnmatchcase(diff.where, dev.where):
            return dev
    return None


# ------------------------------------------------------------------ the checker


@dataclass
class _Checker:
    ours: Spec
    upstream: Spec
    differences: list[Difference] = field(default_factory=list)
    seen: set[tuple[Any, ...]] = field(default_factory=set)

    def report(self, where: str, keyword: str, detail: str, mine: Any = None) -> None:
        self.differences.append(Difference(where, keyword, detail, mine))

    def unequal(self, where: str, keyword: str, mine: Any, theirs: Any) -> None:
        if mine != theirs:
            self.report(where, keyword, f"ours {mine!r}, upstream {theirs!r}", mine)

    # -- operations ---------------------------------------------------------------

    def check_paths(self) -> None:
        for path in dict.fromkeys([*self.ours["paths"], *self.upstream["paths"]]):
            item, up_item = self.ours["paths"].get(path, {}), self.upstream["paths"].get(path, {})
            for method in HTTP_METHODS:
                where = f"{method.upper()} {path}"
                if method in item and method not in up_item:
                    self.report(where, "operation", "not in upstream")
                elif method in item:
                    self.check_operation(where, (item, item[method]), (up_item, up_item[method]), method)
                elif method in up_item:
                    self.report(where, "operation", "missing in ours")

    def check_operation(
        self, where: str, mine: tuple[Schema, Schema], theirs: tuple[Schema, Schema], method: str
    ) -> None:
        op, up_op = mine[1], theirs[1]
        for key in ("operationId", "summary", "tags"):
            self.unequal(where, key, op.get(key), up_op.get(key))
        self.check_parameters(where, self.parameters(self.ours, *mine), self.parameters(self.upstream, *theirs))
        self.check_request_body(where, op, up_op, partial=method == "patch")
        self.check_responses(where, op, up_op)

    @staticmethod
    def parameters(spec: Spec, item: Schema, op: Schema) -> dict[tuple[str, str], Schema]:
        params = [resolve(spec, p)[1] for p in (*item.get("parameters", []), *op.get("parameters", []))]
        return {(p["in"], p["name"]): p for p in params}

    def check_parameters(
        self, where: str, mine: dict[tuple[str, str], Schema], theirs: dict[tuple[str, str], Schema]
    ) -> None:
        for key, param in mine.items():
            at = f"{where} {'?' if key[0] == 'query' else ''}{key[1]}"
            if key not in theirs:
                self.report(at, "parameter", "not declared upstream")
                continue
            self.unequal(at, "required", bool(param.get("required")), bool(theirs[key].get("required")))
            self.compare(param["schema"], theirs[key]["schema"], at, RESPONSE)
        for key in theirs.keys() - mine.keys():
            self.report(f"{where} {'?' if key[0] == 'query' else ''}{key[1]}", "parameter", "missing in ours")

    def check_request_body(self, where: str, op: Schema, up_op: Schema, partial: bool) -> None:
        mine, theirs = self.body_schema(op.get("requestBody")), self.body_schema(up_op.get("requestBody"))
        if mine is None or theirs is None:
            self.unequal(where, "requestBody", mine is not None, theirs is not None)
            return
        expected = f"{resolve(self.upstream, theirs)[0]}Request"
        self.unequal(where, "requestBody schema", resolve(self.ours, mine)[0], expected)
        self.compare(mine, theirs, f"{where} body", REQUEST, partial=partial)

    @staticmethod
    def body_schema(holder: Schema | None) -> Schema | None:
        if holder is None:
            return None
        schema: Schema | None = holder.get("content", {}).get("application/json", {}).get("schema")
        return schema

    def check_responses(self, where: str, op: Schema, up_op: Schema) -> None:
        for code in ("200", "201"):
            mine = self.body_schema(op.get("responses", {}).get(code))
            theirs = self.body_schema(up_op.get("responses", {}).get(code))
            if mine is None or theirs is None:
                self.unequal(f"{where} {code}", "response", mine is not None, theirs is not None)
                continue
            self.unequal(f"{where} {code}", "schema", resolve(self.ours, mine)[0], resolve(self.upstream, theirs)[0])
            self.compare(mine, theirs, f"{where} {code}", RESPONSE)

    # -- schemas ------------------------------------------------------------------

    def compare(
        self,
        mine: Schema,
        theirs: Schema,
        where: str,
        mode: str,
        partial: bool = False,
        disc: tuple[str, str] | None = None,
    ) -> None:
        """Compare two schemas at one location; named pairs are compared once, under our name."""
        a, b = flatten(self.ours, mine), flatten(self.upstream, theirs)
        self.unequal(where, "nullable", bool(a.keywords.get("nullable")), bool(b.keywords.get("nullable")))
        self.unequal(where, "admitsEmpty", bool(a.keywords.get("admitsEmpty")), False)
        if mode == REQUEST and a.keywords.get("readOnly"):
            self.report(where, "readOnly", "readOnly property in a request schema")
        if mode == RESPONSE:
            self.unequal(where, "readOnly", bool(a.keywords.get("readOnly")), bool(b.keywords.get("readOnly")))
        if a.name and b.name:
            key = (a.name, b.name, mode, partial, disc)
            if key in self.seen:
                return
            self.seen.add(key)
            where = a.name
        self.compare_intrinsic(a, b, where)
        self.compare_structure(a, b, where, mode, partial, disc)

    def compare_intrinsic(self, a: Node, b: Node, where: str) -> None:
        for key in INTRINSIC:
            mine, theirs = a.keywords.get(key), b.keywords.get(key)
            if key == "enum" and mine is not None and theirs is not None:
                mine, theirs = sorted(mine, key=repr), sorted(theirs, key=repr)
            self.unequal(where, key, mine, theirs)

    def compare_structure(
        self, a: Node, b: Node, where: str, mode: str, partial: bool, disc: tuple[str, str] | None
    ) -> None:
        if a.items is not None or b.items is not None:
            self.compare_optional(a.items, b.items, f"{where}[]", mode)
        if a.additional is not None or b.additional is not None:
            self.compare_optional(a.additional, b.additional, f"{where}{{}}", mode)
        if a.variants or b.variants:
            self.compare_variants(a, b, where, mode, partial)
        if a.properties or b.properties:
            check = self.compare_response_object if mode == RESPONSE else self.compare_request_object
            check(a, b, where, partial, disc)

    def compare_optional(self, mine: Schema | None, theirs: Schema | None, where: str, mode: str) -> None:
        if mine is None or theirs is None:
            self.unequal(where, "schema", mine is not None, theirs is not None)
        else:
            self.compare(mine, theirs, where, mode)

    def compare_variants(self, a: Node, b: Node, where: str, mode: str, partial: bool) -> None:
        self.unequal(where, "discriminator", a.discriminator, b.discriminator)
        self.unequal(where, "variants", sorted(a.variants), sorted(b.variants))
        for key in a.variants.keys() & b.variants.keys():
            disc = (a.discriminator, key) if a.discriminator else None
            self.compare(a.variants[key], b.variants[key], f"{where}<{key}>", mode, partial, disc)

    def compare_response_object(
        self, a: Node, b: Node, where: str, partial: bool, disc: tuple[str, str] | None
    ) -> None:
        for name in b.properties.keys() - a.properties.keys():
            self.report(f"{where}.{name}", "property", "missing in ours")
        for name in a.properties.keys() - b.properties.keys():
            self.report(f"{where}.{name}", "property", "not in upstream")
        for name in a.properties.keys() & b.properties.keys():
            self.unequal(f"{where}.{name}", "required", name in a.required, name in b.required)
            self.compare_property(a, b, name, f"{where}.{name}", RESPONSE, disc)

    def compare_request_object(self, a: Node, b: Node, where: str, partial: bool, disc: tuple[str, str] | None) -> None:
        writable = {n for n, s in b.properties.items() if not flatten(self.upstream, s).keywords.get("readOnly")}
        for name in a.properties.keys() - writable:
            detail = "readOnly upstream" if name in b.properties else "not in upstream"
            self.report(f"{where}.{name}", "property", detail)
        for name in writable - a.properties.keys():
            self.report(f"{where}.{name}", "property", "missing in ours")
        expected = set() if partial else b.required & writable
        for name in a.properties.keys() | expected:
            self.unequal(f"{where}.{name}", "required", name in a.required, name in expected)
        for name in a.properties.keys() & writable:
            self.compare_property(a, b, name, f"{where}.{name}", REQUEST, disc)

    def compare_property(
        self, a: Node, b: Node, name: str, where: str, mode: str, disc: tuple[str, str] | None
    ) -> None:
        if disc and disc[0] == name:
            self.check_discriminator_value(a.properties[name], b.properties[name], where, disc[1])
            return
        self.compare(a.properties[name], b.properties[name], where, mode)

    def check_discriminator_value(self, mine: Schema, theirs: Schema, where: str, key: str) -> None:
        """A variant's discriminator property admits exactly its own mapping key, upstream's enum includes it."""
        a, b = flatten(self.ours, mine), flatten(self.upstream, theirs)
        self.unequal(where, "enum", a.keywords.get("enum"), [key])
        if key not in b.keywords.get("enum", []):
            self.report(where, "enum", f"upstream does not admit {key!r}")
        for keyword in (k for k in INTRINSIC if k != "enum"):
            self.unequal(where, keyword, a.keywords.get(keyword), b.keywords.get(keyword))


def operation_coverage(ours: Spec, upstream: Spec) -> tuple[int, int]:
    """(served, total): how many of upstream's operations our document declares, by path, method and operationId."""
    total = served = 0
    for path, item in upstream["paths"].items():
        for method in (m for m in HTTP_METHODS if m in item):
            total += 1
            mine = ours["paths"].get(path, {}).get(method, {})
            served += mine.get("operationId") == item[method]["operationId"]
    return served, total

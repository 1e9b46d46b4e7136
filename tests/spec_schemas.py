"""OpenAPI schemas as one flat view: `$ref` followed, `allOf` merged, nullable wrappers unwrapped,
polymorphic variants kept by discriminator mapping; what the compatibility checker and the tests
of the document read schemas with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Schema = dict[str, Any]
Spec = dict[str, Any]

INTRINSIC = ("type", "format", "enum", "maxLength", "minLength", "pattern", "minimum", "maximum")


@dataclass
class Node:
    """A schema with `$ref`, `allOf` and nullable wrappers resolved into one flat view."""

    name: str | None = None
    keywords: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, Schema] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: Schema | None = None
    additional: Schema | None = None
    variants: dict[str, Schema] = field(default_factory=dict)
    discriminator: str | None = None


def resolve(spec: Spec, schema: Schema) -> tuple[str | None, Schema]:
    """Follow a `$ref` chain; return the last component name and the schema it points at."""
    name = None
    while "$ref" in schema:
        pointer = schema["$ref"]
        name = pointer.rsplit("/", 1)[-1]
        target: Any = spec
        for part in pointer.removeprefix("#/").split("/"):
            target = target[part]
        schema = target
    return name, schema


def is_null_only(spec: Spec, schema: Schema) -> bool:
    """True for a schema that admits JSON null and nothing else."""
    body = resolve(spec, schema)[1]
    return body.get("enum") == [None] and body.get("nullable") is True


def is_empty_string_only(spec: Spec, schema: Schema) -> bool:
    """True for a schema that admits the empty string and nothing else (our `EmptyString`)."""
    return resolve(spec, schema)[1].get("enum") == [""]


def flatten(spec: Spec, schema: Schema) -> Node:
    """Resolve refs, merge allOf parts and unwrap nullable wrappers into one Node."""
    name, body = resolve(spec, schema)
    node = Node()
    for part in body.get("allOf", []):
        node = _merge(node, flatten(spec, part))
    if len(body.get("allOf", [])) != 1:
        node.name = None
    branches = body.get("oneOf") or body.get("anyOf") or []
    non_null = [b for b in branches if not is_null_only(spec, b) and not is_empty_string_only(spec, b)]
    if len(non_null) == 1:
        node = _merge(node, flatten(spec, non_null[0]))
    elif non_null:
        node.variants = _variants(body, non_null)
        node.discriminator = body.get("discriminator", {}).get("propertyName")
    if any(is_null_only(spec, b) for b in branches):
        node.keywords["nullable"] = True
    if any(is_empty_string_only(spec, b) for b in branches):
        node.keywords["admitsEmpty"] = True
    node = _merge(node, _own(body))
    node.name = name or node.name
    return node


def _variants(body: Schema, branches: list[Schema]) -> dict[str, Schema]:
    mapping = body.get("discriminator", {}).get("mapping")
    if mapping:
        return {key: {"$ref": target} for key, target in mapping.items()}
    return {str(i): branch for i, branch in enumerate(branches)}


def _own(body: Schema) -> Node:
    keywords = {k: body[k] for k in (*INTRINSIC, "nullable", "readOnly") if k in body}
    extra = body.get("additionalProperties")
    return Node(
        keywords=keywords,
        properties=dict(body.get("properties", {})),
        required=set(body.get("required", [])),
        items=body.get("items"),
        additional=extra if isinstance(extra, dict) else None,
    )


def _merge(a: Node, b: Node) -> Node:
    keywords = {**a.keywords, **b.keywords}
    for key in a.keywords.keys() & b.keywords.keys():
        keywords[key] = _combine(key, a.keywords[key], b.keywords[key])
    properties = dict(a.properties)
    for key, sub in b.properties.items():
        properties[key] = {"allOf": [properties[key], sub]} if key in properties else sub
    return Node(
        name=a.name or b.name,
        keywords=keywords,
        properties=properties,
        required=a.required | b.required,
        items=b.items if b.items is not None else a.items,
        additional=b.additional if b.additional is not None else a.additional,
        variants=b.variants or a.variants,
        discriminator=b.discriminator or a.discriminator,
    )


def _combine(key: str, first: Any, second: Any) -> Any:
    """The effect of one keyword given twice in an allOf: both constraints hold."""
    if first == second:
        return first
    if key == "enum":
        return [v for v in first if v in second]
    if key in ("nullable", "readOnly"):
        return bool(first or second)
    if key in ("maxLength", "maximum"):
        return min(first, second)
    if key in ("minLength", "minimum"):
        return max(first, second)
    return f"{first} & {second}"


def object_properties(spec: Spec, schema: Schema) -> dict[str, Schema]:
    """All properties an object schema can have, over every polymorphic variant."""
    node = flatten(spec, schema)
    props = dict(node.properties)
    for variant in node.variants.values():
        props.update(object_properties(spec, variant))
    return props

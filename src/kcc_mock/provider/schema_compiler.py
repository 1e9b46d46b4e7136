"""Compiling a request schema of the spec into a tree of fields (`fields`), once per schema.

`$ref` is resolved and `allOf` flattened; `anyOf: [X, NullValue]` becomes a nullable X, a
discriminated `oneOf` a choice of object fields; readOnly properties are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kcc_mock.provider.fields import (
    ArrayField,
    BooleanField,
    Check,
    ChoiceObjectField,
    Field,
    IntegerField,
    MapField,
    ObjectField,
    StringField,
    field_path,
)
from kcc_mock.provider.spec import Schema

Resolve = Callable[[Schema], Schema]


def compile_schema(schema: Schema, resolve: Resolve, checks: Mapping[str, Sequence[Check]] | None = None) -> Field:
    """Compile a request schema into a Field tree; `checks` adds value checks by dotted path."""
    return _Compiler(resolve, checks or {}).field(schema, "", nullable=False, required=True)


class _Compiler:
    def __init__(self, resolve: Resolve, checks: Mapping[str, Sequence[Check]]) -> None:
        self.resolve = resolve
        self.checks = checks

    def field(self, schema: Schema, path: str, nullable: bool, required: bool) -> Field:
        nullable = nullable or bool(schema.get("nullable"))
        schema = self._merge(schema)
        if "anyOf" in schema:
            # `anyOf: [X, NullValue]` is a nullable X; `anyOf: [X, EmptyString]` an X that may be
            # blank, which an optional string field allows anyway.
            options = [option for option in schema["anyOf"] if not _is_null(self.resolve(option))]
            real = [option for option in options if self.resolve(option).get("enum") != [""]]
            if len(real) == 1:
                return self.field(real[0], path, nullable or len(options) < len(schema["anyOf"]), required)
        nullable = nullable or bool(schema.get("nullable"))
        if "oneOf" in schema or ("anyOf" in schema and "discriminator" in schema):
            # A PATCH body need not name its variant, so it may match several: `anyOf` there.
            return self._choice(schema, path, nullable)
        kind = schema.get("type", "object")
        if kind == "string":
            blank = not required or bool(schema.get("x-kcc-allow-blank"))  # DRF: blank=True on the model
            return StringField(schema, nullable, allow_blank=blank, checks=self.checks.get(path, ()))
        if kind == "boolean":
            return BooleanField(schema, nullable)
        if kind in ("integer", "number"):
            return IntegerField(schema, nullable)
        if kind == "array":
            return ArrayField(self.field(schema["items"], path, False, True), nullable)
        if "properties" not in schema and isinstance(schema.get("additionalProperties"), dict):
            return MapField(self.field(schema["additionalProperties"], path, False, True), nullable)
        return self._object(schema, path, nullable)

    def _object(self, schema: Schema, path: str, nullable: bool) -> ObjectField:
        required = frozenset(schema.get("required", ()))
        properties = {
            key: self.field(sub, field_path(path, key), nullable=False, required=key in required)
            for key, sub in schema.get("properties", {}).items()
            if not self.resolve(sub).get("readOnly") and not sub.get("readOnly")
        }
        return ObjectField(properties, required & set(properties), nullable)

    def _choice(self, schema: Schema, path: str, nullable: bool) -> ChoiceObjectField:
        discriminator = schema["discriminator"]
        variants: dict[str, ObjectField] = {}
        for value, ref in discriminator["mapping"].items():
            variant = self._object(self._merge({"$ref": ref}), path, nullable)
            variants[value] = variant
        return ChoiceObjectField(discriminator["propertyName"], variants, nullable)

    def _merge(self, schema: Schema) -> Schema:
        """Resolve `$ref` and flatten `allOf` into one schema (properties in order)."""
        schema = self.resolve(schema)
        if "allOf" not in schema:
            return schema
        merged: Schema = {key: value for key, value in schema.items() if key != "allOf"}
        properties: dict[str, Schema] = {}
        required: list[str] = []
        for part in schema["allOf"]:
            part = self._merge(part)
            for key, value in part.items():
                if key == "properties":
                    properties.update(value)
                elif key == "required":
                    required.extend(value)
                elif key not in merged:
                    merged[key] = value
        if properties:
            merged["properties"] = {**properties, **merged.get("properties", {})}
        if required:
            merged["required"] = list(dict.fromkeys(required + merged.get("required", [])))
        return merged


def _is_null(schema: Schema) -> bool:
    return schema.get("enum") == [None]

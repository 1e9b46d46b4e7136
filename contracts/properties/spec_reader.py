"""The request schemas of one API version, read from its OpenAPI document: the property suite's own reading.

Written apart from the mock's schema compiler, so that a mistake there (a wrong maxLength, a
required field left out) shows up as a failure instead of being copied into the expected verdicts.
It reads only what the verdicts need: which properties a create body has, which are required or
nullable, their type, maxLength, enum and format, and which collection a `{uuid}` reference names.
Whatever else a schema says is kept as a field of kind "other", which the verdicts do not judge, so
a document that grows (new collections, new kinds of schema) is read without error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

Schema = dict[str, Any]
ITEM = "/{uuid}"
# A reference's schema is named after what it names: `PartijForeignKeyRequest` names a Partij.
REFERENCE_NAME = re.compile(r"^(?P<entity>[A-Z][A-Za-z]*?)(?:ForeignKey|Foreignkey|Polymorphic)Request$")


def spec_files() -> dict[str, Path]:
    """Every OpenAPI document of the API shipped with the package, by the version its `info` names."""
    folder = Path(str(resources.files("kcc_mock").joinpath("specs")))
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("klantinteracties*.yaml")):
        if path.name.endswith("-changes.yaml"):
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[str(document["info"]["version"])] = path
    return found


def newest_version() -> str:
    """The newest API version there is a document of."""
    return max(spec_files(), key=lambda version: tuple(int(part) for part in version.split(".")))


@dataclass(frozen=True)
class Field:
    """One property of a request body, as the document writes it."""

    kind: str  # string, boolean, integer, array, map, object, reference, choice or other
    nullable: bool = False
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    format: str | None = None
    pattern: str | None = None  # searched, as Django's RegexValidator does
    target: str | None = None  # a reference: the collection it names (None when the document does not say)
    form: Form | None = None  # an object or choice: its properties


@dataclass(frozen=True)
class Form:
    """An object schema: its properties in the document's order and the required ones; a `oneOf` with a
    discriminator has a form per value."""

    properties: Mapping[str, Field]
    required: frozenset[str]
    discriminator: str | None = None
    variants: Mapping[str, Form] = field(default_factory=lambda: MappingProxyType({}))

    def variant(self, body: Any) -> Form:
        """The form a body selects by its discriminator; for another value or none, the properties every
        variant shares (the discriminator's enum then holds every value)."""
        if self.discriminator is None:
            return self
        kind = body.get(self.discriminator) if isinstance(body, dict) else None
        if isinstance(kind, str) and kind in self.variants:
            return self.variants[kind]
        forms = list(self.variants.values())
        shared = [key for key in forms[0].properties if all(key in form.properties for form in forms)]
        properties = {key: forms[0].properties[key] for key in shared}
        properties[self.discriminator] = Field("string", enum=tuple(self.variants))
        required = frozenset.intersection(*(form.required for form in forms))
        return Form(MappingProxyType(properties), required)


class ApiSpec:
    """One version's OpenAPI document, read for the request bodies of its collections."""

    def __init__(self, version: str, document: Schema) -> None:
        self.version = version
        self.document = document
        self.schemas: Schema = document.get("components", {}).get("schemas", {})
        self.collections = tuple(
            path.strip("/")
            for path, operations in document["paths"].items()
            if "post" in operations and path + ITEM in document["paths"]
        )
        # The entity a create answers with names its collection: a `Partij` lives in partijen.
        self.entities = {self._answer_name(name): name for name in self.collections}

    @classmethod
    def load(cls, version: str) -> ApiSpec:
        """The document of an API version (`spec_files()` names the versions there are)."""
        return _load(version)

    def create_form(self, collection: str) -> Form:
        """The form of a create body (`POST /collection`, or an operation such as `maak-klantcontact`)."""
        schema = self.document["paths"][f"/{collection}"]["post"]["requestBody"]["content"]["application/json"]
        return self._form(schema["schema"], ())

    def _answer_name(self, collection: str) -> str:
        answers = self.document["paths"][f"/{collection}"]["post"].get("responses", {})
        schema = answers.get("201", {}).get("content", {}).get("application/json", {}).get("schema", {})
        return str(schema.get("$ref", "")).rsplit("/", 1)[-1]

    def _resolve(self, schema: Schema) -> tuple[Schema, str | None]:
        """A schema with its `$ref` followed (and the name it had), `allOf` merged in order."""
        name = None
        while "$ref" in schema:
            name = str(schema["$ref"]).rsplit("/", 1)[-1]
            schema = self.schemas[name]
        if "allOf" not in schema:
            return schema, name
        merged: Schema = {}
        properties: Schema = {}
        required: list[str] = []
        for part in [*schema["allOf"], {key: value for key, value in schema.items() if key != "allOf"}]:
            resolved, part_name = self._resolve(part)
            name = part_name if len(schema["allOf"]) == 1 and part_name else name
            properties.update(resolved.get("properties", {}))
            required += resolved.get("required", [])
            merged.update({key: value for key, value in resolved.items() if key not in ("properties", "required")})
        return {**merged, "properties": properties, "required": required}, name

    def _form(self, schema: Schema, seen: tuple[str, ...]) -> Form:
        resolved, _ = self._resolve(schema)
        mapping = resolved.get("discriminator", {}).get("mapping")
        if mapping:
            variants = {value: self._form({"$ref": ref}, seen) for value, ref in mapping.items()}
            return Form(MappingProxyType({}), frozenset(), resolved["discriminator"]["propertyName"], variants)
        properties = {
            key: self._field(sub, seen)
            for key, sub in resolved.get("properties", {}).items()
            if not sub.get("readOnly") and not self._resolve(sub)[0].get("readOnly")
        }
        return Form(MappingProxyType(properties), frozenset(resolved.get("required", ())) & set(properties))

    def _field(self, schema: Schema, seen: tuple[str, ...]) -> Field:
        nullable = bool(schema.get("nullable"))
        options = schema.get("anyOf")
        if options and "discriminator" not in schema:
            # `anyOf: [X, NullValue]` is a nullable X; `[X, EmptyString]` an X that may also be "".
            real = [option for option in options if self._resolve(option)[0].get("enum") not in ([None], [""])]
            nullable = nullable or any(self._resolve(option)[0].get("enum") == [None] for option in options)
            if len(real) != 1:
                return Field("other", nullable)
            schema = real[0]
        resolved, name = self._resolve(schema)
        nullable = nullable or bool(resolved.get("nullable"))
        kind = resolved.get("type", "object")
        if resolved.get("discriminator", {}).get("mapping"):
            return Field("choice", nullable, form=self._form(resolved, seen))
        if "oneOf" in resolved or "anyOf" in resolved:  # a choice without a discriminator: not judged
            return Field("other", nullable)
        if kind == "string":
            enum = resolved.get("enum")
            return Field(
                "string",
                nullable,
                max_length=resolved.get("maxLength"),
                enum=tuple(str(value) for value in enum) if enum else None,
                format=resolved.get("format"),
                pattern=resolved.get("pattern"),
            )
        if kind in ("boolean", "integer"):
            return Field(kind, nullable)
        if kind == "array":
            items = self._field(resolved.get("items", {}), seen)
            return Field("array", nullable, form=Form(MappingProxyType({"items": items}), frozenset()))
        if kind != "object":
            return Field("other", nullable)
        if "properties" not in resolved and isinstance(resolved.get("additionalProperties"), dict):
            return Field("map", nullable)
        if set(resolved.get("properties", {})) == {"uuid"}:
            entity = REFERENCE_NAME.match(name or "")
            return Field("reference", nullable, target=self.entities.get(entity["entity"]) if entity else None)
        if name in seen:  # a schema that contains itself: its inner levels are not judged
            return Field("other", nullable)
        return Field("object", nullable, form=self._form(resolved, (*seen, *([name] if name else []))))


@cache
def _load(version: str) -> ApiSpec:
    files = spec_files()
    if version not in files:
        raise KeyError(f"API version {version} has no OpenAPI document here (there are {', '.join(sorted(files))})")
    return ApiSpec(version, yaml.safe_load(files[version].read_text(encoding="utf-8")))

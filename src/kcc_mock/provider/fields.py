"""The fields of a compiled request schema, cleaning values and reporting errors as Open Klant does.

`schema_compiler` compiles a schema once into a tree of these fields; cleaning a body walks the
tree, coerces values the way DRF does (numbers to strings, lenient booleans, datetimes to UTC) and
collects every error instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kcc_mock.provider import errors as msg
from kcc_mock.provider import formats
from kcc_mock.provider.errors import FieldError
from kcc_mock.provider.spec import Schema
from kcc_mock.provider.spelling import camelize, spelled, underscore

# A custom value check: returns (code, reason) when the value is invalid.
Check = Callable[[str], "tuple[str, str] | None"]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
NON_FIELD = "nonFieldErrors"
# Open Klant's error names keep the snake case of fields whose name ends in a digit.
ERROR_NAMES = {f"adresregel{n}": f"adresregel_{n}" for n in (1, 2, 3)}


class Field:
    """A node of a compiled schema."""

    def __init__(self, nullable: bool) -> None:
        self.nullable = nullable

    def clean(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        """Return the cleaned value, or INVALID after appending the errors found."""
        if value is None:
            if self.nullable:
                return None
            errors.append(FieldError(name, "null", msg.NULL))
            return INVALID
        return self.convert(value, name, errors)

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        """Clean a non-null value."""
        raise NotImplementedError

    def empty(self) -> Any:
        """The value a field holds when nothing was given."""
        return None


class StringField(Field):
    """A string, possibly an enum, a uuid, a date(-time), an e-mail address or a URL."""

    def __init__(self, schema: Schema, nullable: bool, allow_blank: bool, checks: Sequence[Check]) -> None:
        super().__init__(nullable)
        self.max_length: int | None = schema.get("maxLength")
        self.min_length: int | None = schema.get("minLength")
        self.choices: frozenset[str] | None = frozenset(schema["enum"]) if "enum" in schema else None
        self.format: str | None = schema.get("format")
        self.allow_blank = allow_blank
        self.pattern: str | None = schema.get("pattern")
        # A custom check replaces the spec's pattern: Open Klant reports one error, its own.
        self.checks: tuple[Check, ...] = tuple(checks) or ((_matches(self.pattern),) if self.pattern else ())

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        if self.format == "uuid":
            return _or_error(formats.parse_uuid(value), name, msg.NOT_A_UUID, errors)
        if self.format in ("date-time", "date"):
            return self._moment(value, name, errors)
        if self.choices is not None:
            return self._choice(value, name, errors)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            errors.append(FieldError(name, "invalid", msg.NOT_A_STRING))
            return INVALID
        text = str(value).strip()
        if not text:
            if self.allow_blank:
                return ""
            errors.append(FieldError(name, "blank", msg.BLANK))
            return INVALID
        found = [FieldError(name, code, reason) for code, reason in self._problems(text)]
        errors.extend(found)
        return INVALID if found else text

    def _problems(self, text: str) -> Iterable[tuple[str, str]]:
        for check in self.checks:
            problem = check(text)
            if problem:
                yield problem
        if self.format == "email" and not formats.is_email(text):
            yield "invalid", msg.NOT_AN_EMAIL
        if self.format == "uri" and not formats.is_url(text):
            yield "invalid", msg.NOT_A_URL
        if self.max_length is not None and len(text) > self.max_length:
            yield "max_length", msg.max_length(self.max_length)
        if self.min_length is not None and len(text) < self.min_length:
            yield "min_length", msg.min_length(self.min_length)
        if "\x00" in text:
            yield "null_characters_not_allowed", msg.NULL_CHARACTERS
        if not text.isascii() and _has_surrogates(text):
            yield "surrogate_characters_not_allowed", msg.SURROGATES.format("U+D800-U+DFFF")

    def _choice(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        assert self.choices is not None
        text = value if isinstance(value, str) else str(value)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and text in self.choices:
            return text
        errors.append(FieldError(name, "invalid_choice", msg.invalid_choice(value)))
        return INVALID

    def _moment(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        if self.format == "date":
            parsed_date = formats.parse_date(value) if isinstance(value, str) else None
            text = parsed_date.isoformat() if parsed_date else None
            return _or_error(text, name, msg.NOT_A_DATE, errors)
        parsed = formats.parse_datetime(value) if isinstance(value, str) else None
        return _or_error(parsed and formats.format_datetime(parsed), name, msg.NOT_A_DATETIME, errors)

    def empty(self) -> Any:
        return None if self.nullable or self.format in ("date-time", "date", "uuid") else ""


class BooleanField(Field):
    """A boolean, accepting DRF's spellings of true and false."""

    def __init__(self, schema: Schema, nullable: bool) -> None:
        super().__init__(nullable)
        self.default: bool | None = schema.get("default")

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        hashable = isinstance(value, str | int | float)
        return _or_error(formats.parse_boolean(value) if hashable else None, name, msg.NOT_A_BOOLEAN, errors)

    def empty(self) -> Any:
        return self.default


class IntegerField(Field):
    """An integer with optional bounds."""

    _DECIMAL = re.compile(r"\.0*\s*\Z")

    def __init__(self, schema: Schema, nullable: bool) -> None:
        super().__init__(nullable)
        self.minimum: int | None = schema.get("minimum")
        self.maximum: int | None = schema.get("maximum")

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        number = self._parse(value)
        if number is None:
            errors.append(FieldError(name, "invalid", msg.NOT_AN_INTEGER))
            return INVALID
        found = []
        if self.minimum is not None and number < self.minimum:
            found.append(FieldError(name, "min_value", msg.min_value(self.minimum)))
        if self.maximum is not None and number > self.maximum:
            found.append(FieldError(name, "max_value", msg.max_value(self.maximum)))
        errors.extend(found)
        return INVALID if found else number

    def _parse(self, value: Any) -> int | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float) or len(str(value)) > 1000:
            return None
        try:
            return int(self._DECIMAL.sub("", str(value)))
        except ValueError:
            return None


class ObjectField(Field):
    """An object with named properties: a group, a reference or a whole resource."""

    def __init__(self, properties: dict[str, Field], required: frozenset[str], nullable: bool) -> None:
        super().__init__(nullable)
        self.properties = properties
        self.required = required
        self.order = {key: index for index, key in enumerate(properties)}
        self.error_names = {key: ERROR_NAMES.get(key, key) for key in properties}
        self.names = {underscore(key): key for key in properties}
        self.known = frozenset(properties)

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        return self.clean_object(value, name, errors, partial=False)

    def clean_object(self, value: Any, prefix: str, errors: list[FieldError], partial: bool) -> Any:
        """Clean every property of `value`; unknown keys are ignored, as Open Klant does."""
        cleaned, found = self.clean_fields(value, partial, prefix)
        errors.extend(found)
        return INVALID if found else cleaned

    def clean_fields(self, value: Any, partial: bool, prefix: str = "") -> tuple[dict[str, Any], list[FieldError]]:
        """Clean `value`, returning the valid properties and the errors of the others."""
        if not isinstance(value, dict):
            code = "null" if value is None else "invalid"
            reason = msg.NO_DATA if value is None else msg.not_a_dict(value)
            return {}, [FieldError(field_path(prefix, NON_FIELD), code, reason)]
        value = spelled(value, self.names, self.known)
        cleaned: dict[str, Any] = {}
        errors: list[FieldError] = []
        for key, field in self.properties.items():
            # An absent optional property needs no error name: one is made only where it is used.
            if key in value:
                result = field.clean(value[key], field_path(prefix, self.error_names[key]), errors)
                if result is not INVALID:
                    cleaned[key] = result
            elif key in self.required and not partial:
                errors.append(FieldError(field_path(prefix, self.error_names[key]), "required", msg.REQUIRED))
        return cleaned, errors

    @property
    def is_reference(self) -> bool:
        """True for a `{uuid}` reference object."""
        return set(self.properties) == {"uuid"}

    def empty(self) -> Any:
        return None if self.nullable else self.fill({})

    def fill(self, given: dict[str, Any]) -> dict[str, Any]:
        """Complete a group: what was not given is emptied, nested groups included (written whole)."""
        filled: dict[str, Any] = {}
        for key, field in self.properties.items():
            value = given.get(key)
            if isinstance(field, ObjectField) and not field.is_reference and value is None:
                filled[key] = field.fill({})
            elif isinstance(field, ObjectField) and not field.is_reference and isinstance(value, dict):
                filled[key] = field.fill(value)
            else:
                filled[key] = value if key in given else field.empty()
        return filled


class ChoiceObjectField(Field):
    """A `oneOf` with a discriminator: the variant is chosen by one property's value."""

    def __init__(self, discriminator: str, variants: dict[str, ObjectField], nullable: bool) -> None:
        super().__init__(nullable)
        self.discriminator = discriminator
        self.variants = variants
        first = next(iter(variants.values()))
        shared = [key for key in first.properties if all(_same_shape(first, v, key) for v in variants.values())]
        self.base = ObjectField({key: first.properties[key] for key in shared}, first.required, nullable)

    def variant(self, value: Any, fallback: str | None = None) -> ObjectField:
        """The variant a body selects (else `fallback`), or the shared base when none is selected."""
        if isinstance(value, dict) and self.discriminator not in value:
            value = spelled(value, {underscore(self.discriminator): self.discriminator}, frozenset())
        kind = value.get(self.discriminator, fallback) if isinstance(value, dict) else None
        return self.variants.get(kind, self.base) if isinstance(kind, str) else self.base

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        return self.variant(value).clean_object(value, name, errors, partial=False)

    def clean_object(self, value: Any, prefix: str, errors: list[FieldError], partial: bool) -> Any:
        """Clean `value` against the variant it selects."""
        return self.variant(value).clean_object(value, prefix, errors, partial)

    def empty(self) -> Any:
        return None


class MapField(Field):
    """A JSON object of free keys with values of one type (`metadata`)."""

    def __init__(self, values: Field, nullable: bool) -> None:
        super().__init__(nullable)
        self.values = values

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        if not isinstance(value, dict):
            errors.append(FieldError(name, "not_a_dict", msg.not_a_mapping(value)))
            return INVALID
        before = len(errors)
        # Open Klant's parser stores every key in snake_case and its renderer answers it in camelCase.
        cleaned = {
            camelize(underscore(str(key))): self.values.clean(item, f"{name}.{key}", errors)
            for key, item in value.items()
        }
        return INVALID if len(errors) > before else cleaned

    def empty(self) -> Any:
        return {}


class ArrayField(Field):
    """A JSON array whose items share one schema."""

    def __init__(self, items: Field, nullable: bool) -> None:
        super().__init__(nullable)
        self.items = items

    def convert(self, value: Any, name: str, errors: list[FieldError]) -> Any:
        if not isinstance(value, list):
            errors.append(FieldError(name, "not_a_list", msg.not_a_list(value)))
            return INVALID
        before = len(errors)
        cleaned = [self.items.clean(item, f"{name}.{index}", errors) for index, item in enumerate(value)]
        return INVALID if len(errors) > before else cleaned

    def empty(self) -> Any:
        return []


def _same_shape(first: ObjectField, other: ObjectField, key: str) -> bool:
    """Whether a property means the same in two variants (the variant-specific groups do not)."""
    if key not in other.properties:
        return False
    a, b = first.properties[key], other.properties[key]
    if type(a) is not type(b):
        return False
    if isinstance(a, ObjectField) and isinstance(b, ObjectField):
        return set(a.properties) == set(b.properties) and a.required == b.required
    return True


def _matches(pattern: str) -> Check:
    compiled = re.compile(pattern)

    def check(text: str) -> tuple[str, str] | None:
        return None if compiled.search(text) else ("invalid", msg.NOT_MATCHING)

    return check


def _or_error(value: Any, name: str, reason: str, errors: list[FieldError]) -> Any:
    if value is None:
        errors.append(FieldError(name, "invalid", reason))
        return INVALID
    return value


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def field_path(prefix: str, key: str) -> str:
    """The dotted name of a field below `prefix` (an error's name, a check's path)."""
    return f"{prefix}.{key}" if prefix else key

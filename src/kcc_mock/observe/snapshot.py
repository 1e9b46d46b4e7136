"""Export and import of the whole store, refusing any import that would leave it inconsistent.

An import is validated like API requests: every record through its collection's compiled request
form (types, enums, lengths, required fields), then identities, references and uniqueness. Every
problem is listed, and nothing changes unless there are none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kcc_mock.provider.errors import FieldError, ValidationFailed
from kcc_mock.provider.fields import ChoiceObjectField, Field, ObjectField
from kcc_mock.provider.formats import parse_uuid
from kcc_mock.provider.representation import COMPUTED
from kcc_mock.provider.resources import Resource
from kcc_mock.provider.store import Record, Store

Forms = Mapping[str, ObjectField | ChoiceObjectField]
_NESTED_KEYS = ("partijIdentificatoren", "digitaleAdressen", "rekeningnummers")  # stored in their own collections


def export_state(store: Store) -> dict[str, list[Record]]:
    """Every stored record per collection, oldest first (references as uuids)."""
    return store.export()


def import_state(store: Store, data: Any, forms: Forms | None = None) -> None:
    """Replace the store's contents; on any problem raise ValidationFailed and change nothing.

    A reference may be written as a uuid (as exported) or as `{"uuid": ...}` (as API bodies and
    fixtures write it); with `forms`, every record is checked against its collection's request form
    and stored as cleaned (a `"5"` for a string field given `5`, as the API stores it).
    """
    if isinstance(data, Mapping):
        data = {name: _normalised(store, name, records) for name, records in data.items()}
    errors = problems(store, data, forms)
    if errors:
        raise ValidationFailed(errors)
    if forms is not None:
        data = {name: [_cleaned(store.resources[name], forms[name], r) for r in rs] for name, rs in data.items()}
    store.load(data)


def problems(store: Store, data: Any, forms: Forms | None = None) -> list[FieldError]:
    """Why `data` cannot be imported: unknown collections, invalid records or uuids, dangling references."""
    if not isinstance(data, Mapping):
        return [FieldError("nonFieldErrors", "invalid", "Verwacht een object: collectie -> lijst van records.")]
    errors = [FieldError(name, "invalid", "Onbekende collectie.") for name in data if name not in store.resources]
    errors += [
        FieldError(name, "not_a_list", "Verwacht een lijst van records.")
        for name, records in data.items()
        if name in store.resources and not isinstance(records, list)
    ]
    if errors:
        return errors
    known = _identities(data, errors)
    if forms is not None:
        for name, records in data.items():
            for index, record in enumerate(records):
                errors += _form_problems(store.resources[name], forms[name], f"{name}.{index}", record)
    for name, records in data.items():
        for index, record in enumerate(records):
            if isinstance(record, dict):
                errors += _reference_problems(store, name, index, record, known)
        errors += _duplicate_problems(store, name, records)
    return errors


def _normalised(store: Store, name: str, records: Any) -> Any:
    """References written as `{"uuid": ...}` turned into the store's bare uuids; anything else as given."""
    resource = store.resources.get(name)
    if resource is None or not isinstance(records, list):
        return records
    result = []
    for record in records:
        if isinstance(record, dict):
            record = dict(record)
            for key, reference in resource.references.items():
                if key in record:
                    value = record[key]
                    record[key] = (
                        [_bare(item) for item in value] if reference.many and isinstance(value, list) else _bare(value)
                    )
        result.append(record)
    return result


def _bare(value: Any) -> Any:
    if isinstance(value, dict) and set(value) <= {"uuid", "url"} and isinstance(value.get("uuid"), str):
        return value["uuid"]
    return value


def _form_problems(
    resource: Resource, form: ObjectField | ChoiceObjectField, prefix: str, record: Any
) -> list[FieldError]:
    """The errors an API request with this record as its body would get."""
    if not isinstance(record, dict):
        return []  # reported by _identities
    return _clean(resource, form, record, prefix)[1]


def _clean(
    resource: Resource, form: ObjectField | ChoiceObjectField, record: Record, prefix: str = ""
) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean a record as a request body (references as `{uuid}`)."""
    # A group the store holds as null was not sent on create: it is imported as not sent.
    unsent = {key for key in resource.nullable_groups if key in record and record[key] is None}
    body = {key: value for key, value in record.items() if key not in _NESTED_KEYS and key not in unsent}
    for key, reference in resource.references.items():
        value = body.get(key)
        if reference.many and isinstance(value, list):
            body[key] = [{"uuid": item} if isinstance(item, str) else item for item in value]
        elif isinstance(value, str):
            body[key] = {"uuid": value}
    variant = form.variant(body) if isinstance(form, ChoiceObjectField) else form
    # The nested lists of a partij are their own collections in the store, not part of the record.
    checked = ObjectField(dict(variant.properties), variant.required - set(_NESTED_KEYS), variant.nullable)
    checked.error_names = variant.error_names
    return checked.clean_fields(body, partial=False, prefix=prefix)


def _cleaned(resource: Resource, form: ObjectField | ChoiceObjectField, record: Record) -> Record:
    """A valid record as a create stores it: cleaned values, a left-out optional field empty."""
    cleaned = _clean(resource, form, record)[0]
    variant = form.variant(record) if isinstance(form, ChoiceObjectField) else form
    result = dict(record)
    derived = COMPUTED.get(resource.name, {})
    for key, field in variant.properties.items():
        if key == "uuid" or key in _NESTED_KEYS or key in derived or key in resource.references:
            continue  # references were made bare uuids and checked against the import
        if key in cleaned:
            value = cleaned[key]
            if key in resource.groups and isinstance(field, ObjectField) and isinstance(value, dict):
                value = field.fill(value)
            result[key] = value
        elif key not in result:
            result[key] = _empty(resource, key, field)
    for key, reference in resource.references.items():
        if key in variant.properties and key not in result and key not in derived:
            result[key] = [] if reference.many else None
    return result


def _empty(resource: Resource, key: str, field: Field) -> Any:
    reference = resource.references.get(key)
    if reference is not None:
        return [] if reference.many else None
    if key in resource.nullable_groups:
        return None
    if key in resource.groups and isinstance(field, ObjectField):
        return field.fill({})
    return field.empty()


def _identities(data: Mapping[str, Any], errors: list[FieldError]) -> set[tuple[str, str]]:
    known: set[tuple[str, str]] = set()
    for name, records in data.items():
        for index, record in enumerate(records):
            uuid = record.get("uuid") if isinstance(record, dict) else None
            if not isinstance(uuid, str) or parse_uuid(uuid) != uuid:
                errors.append(FieldError(f"{name}.{index}.uuid", "invalid", "Verwacht een uuid in kleine letters."))
            elif (name, uuid) in known:
                errors.append(FieldError(f"{name}.{index}.uuid", "unique", "Deze uuid komt twee keer voor."))
            else:
                known.add((name, uuid))
    return known


def _reference_problems(
    store: Store, name: str, index: int, record: Mapping[str, Any], known: set[tuple[str, str]]
) -> list[FieldError]:
    errors = []
    for key, reference in store.resources[name].references.items():
        value = record.get(key)
        targets = value if isinstance(value, list) else [value]
        for target in targets:
            if target is None:
                continue
            if not isinstance(target, str):
                reason = 'Verwacht een uuid of {"uuid": ...}.'
                errors.append(FieldError(f"{name}.{index}.{key}", "invalid", reason))
            elif (reference.target, target) not in known:
                reason = f"Verwijst naar {reference.target}/{target}, dat niet in de import staat."
                errors.append(FieldError(f"{name}.{index}.{key}", "invalid", reason))
    return errors


def _duplicate_problems(store: Store, name: str, records: list[Any]) -> list[FieldError]:
    errors = []
    for key in store.resources[name].unique:
        seen: set[Any] = set()
        for index, record in enumerate(records):
            value = record.get(key) if isinstance(record, dict) else None
            if value is None or not isinstance(value, str | int | float | bool):
                continue  # a value of the wrong type is reported by the form
            if value in seen:
                errors.append(FieldError(f"{name}.{index}.{key}", "unique", "Deze waarde komt twee keer voor."))
            seen.add(value)
    return errors

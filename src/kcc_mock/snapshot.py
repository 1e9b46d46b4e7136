"""Export and import of the whole store, refusing any import that would leave it inconsistent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import FieldError, ValidationFailed
from .formats import parse_uuid
from .store import Record, Store


def export_state(store: Store) -> dict[str, list[Record]]:
    """Every stored record per collection, oldest first (references as uuids)."""
    return store.export()


def import_state(store: Store, data: Any) -> None:
    """Replace the store's contents; on any problem raise ValidationFailed and change nothing."""
    errors = problems(store, data)
    if errors:
        raise ValidationFailed(errors)
    store.load(data)


def problems(store: Store, data: Any) -> list[FieldError]:
    """Why `data` cannot be imported: unknown collections, bad uuids, dangling references, duplicates."""
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
    if errors:
        return errors
    for name, records in data.items():
        for index, record in enumerate(records):
            errors += _reference_problems(store, name, index, record, known)
        errors += _duplicate_problems(store, name, records)
    return errors


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
            if target is not None and (reference.target, target) not in known:
                reason = f"Verwijst naar {reference.target}/{target}, dat niet in de import staat."
                errors.append(FieldError(f"{name}.{index}.{key}", "invalid", reason))
    return errors


def _duplicate_problems(store: Store, name: str, records: list[Mapping[str, Any]]) -> list[FieldError]:
    errors = []
    for key in store.resources[name].unique:
        seen: set[Any] = set()
        for index, record in enumerate(records):
            value = record.get(key)
            if value is not None and value in seen:
                errors.append(FieldError(f"{name}.{index}.{key}", "unique", "Deze waarde komt twee keer voor."))
            seen.add(value)
    return errors

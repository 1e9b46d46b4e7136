"""The store as a web of objects: each record with the objects it refers to and the objects that refer to it.

The page follows these both ways (a klantcontact to its betrokkenen and back); the references come
from the resources' tables, so a collection added there is linked without a change here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kcc_mock.provider.store import Store


def references(store: Store, collection: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """What a record refers to: field, collection, uuid, and whether that object exists."""
    found = []
    for field, reference in store.resources[collection].references.items():
        if reference.target not in store.tables:
            continue
        value = record.get(field)
        for uuid in value if isinstance(value, list) else [value]:
            if isinstance(uuid, str):
                exists = store.exists(reference.target, uuid)
                found.append({"field": field, "collection": reference.target, "uuid": uuid, "exists": exists})
    return found


def referrers(store: Store, collection: str, uuid: str) -> list[dict[str, str]]:
    """The objects that refer to one: their collection, the field that refers, their uuid."""
    return [
        {"collection": source, "field": field, "uuid": other}
        for source, field in _fields_towards(store, collection)
        for other in store.referrers(source, field, uuid)
    ]


def described(store: Store, collection: str, uuid: str) -> dict[str, Any] | None:
    """One stored object with its links both ways; None when it is not stored."""
    record = store.get(collection, uuid)
    if record is None:
        return None
    return {
        "collection": collection,
        "uuid": uuid,
        "record": record,
        "references": references(store, collection, record),
        "referrers": referrers(store, collection, uuid),
    }


def _fields_towards(store: Store, collection: str) -> Iterator[tuple[str, str]]:
    for name, resource in store.resources.items():
        if name not in store.tables:
            continue
        for field, reference in resource.references.items():
            if reference.target == collection:
                yield name, field

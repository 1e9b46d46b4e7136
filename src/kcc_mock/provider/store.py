"""The in-memory store: records per collection, reference indexes, uniqueness and cascades."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kcc_mock.provider import errors as msg
from kcc_mock.provider.errors import FieldError
from kcc_mock.provider.ordering import Ordering
from kcc_mock.provider.resources import RESOURCES, Resource
from kcc_mock.provider.spelling import underscore

Record = dict[str, Any]


class ProtectedDelete(Exception):
    """A delete that would remove a record a `protect` reference holds; nothing was deleted."""

    def __init__(self, holders: list[tuple[str, str, str]]) -> None:
        super().__init__(holders)
        self.holders = holders  # (protected collection, holding collection, its reference field)

    def error(self, resources: Mapping[str, Resource]) -> FieldError:
        """Open Klant's answer: Django's ProtectedError for the first protected collection, as `nonFieldErrors`."""
        protected = self.holders[0][0]
        holders = [f"{resources[h].model}.{underscore(key)}" for t, h, key in self.holders if t == protected]
        return FieldError("nonFieldErrors", "invalid", msg.protected(resources[protected].model, holders))


class Store:
    """Records by collection and uuid, kept consistent on every write.

    Records hold references as uuid strings (a list of them for `many` references). Indexes map
    every referenced uuid to the records pointing at it, so reverse relations, filters by
    reference and cascades never scan a collection; collections with an ordering field are kept
    in list order, so a list never sorts the whole collection.
    """

    def __init__(self, resources: Mapping[str, Resource] = RESOURCES) -> None:
        self.resources = resources
        self.tables: dict[str, dict[str, Record]] = {}
        self._referrers: dict[tuple[str, str], dict[str, dict[str, None]]] = {}
        self._unique: dict[tuple[str, str], dict[Any, str]] = {}
        self._orderings: dict[str, Ordering] = {}
        self.reset()

    def reset(self) -> None:
        """Forget every record."""
        self.tables = {name: {} for name in self.resources}
        self._referrers = {(name, key): {} for name, resource in self.resources.items() for key in resource.references}
        self._unique = {(name, key): {} for name, resource in self.resources.items() for key in resource.unique}
        self._orderings = {
            name: Ordering(field) for name, resource in self.resources.items() if (field := resource.newest_first_by)
        }

    def get(self, resource: str, uuid: str) -> Record | None:
        """The record with this uuid, or None."""
        table = self.tables.get(resource)
        return None if table is None else table.get(uuid)

    def exists(self, resource: str, uuid: str) -> bool:
        """Tell whether a record exists."""
        table = self.tables.get(resource)
        return table is not None and uuid in table

    def count(self, resource: str) -> int:
        """Number of records in a collection."""
        return len(self.tables[resource])

    def records(self, resource: str) -> list[Record]:
        """All records of a collection, oldest first."""
        return list(self.tables[resource].values())

    def in_order(self, resource: str) -> Sequence[Record]:
        """All records of a collection in Open Klant's list order (ordering field descending, then newest first)."""
        ordering = self._orderings.get(resource)
        if ordering is not None:
            return ordering.view(self.tables[resource])
        return list(reversed(self.tables[resource].values()))

    def order(self, resource: str, records: list[Record]) -> list[Record]:
        """Some records of a collection (oldest first) put in list order."""
        ordering = self._orderings.get(resource)
        if ordering is None:
            return records[::-1]
        return sorted(records, key=lambda record: ordering.rank(record["uuid"]), reverse=True)

    def referrers(self, resource: str, field: str, target: str) -> list[str]:
        """Uuids of `resource` records whose reference `field` points at `target`, oldest first."""
        index = self._referrers.get((resource, field))
        return list(index.get(target, ())) if index is not None else []

    def holder(self, resource: str, field: str, value: Any) -> str | None:
        """The uuid of the record holding a unique value, or None."""
        return self._unique[(resource, field)].get(value)

    def pair_taken(self, resource: str, fields: tuple[str, str], record: Record) -> bool:
        """Tell whether another record has the same values for both fields."""
        first, second = fields
        by_first, by_second = self._referrers.get((resource, first)), self._referrers.get((resource, second))
        if by_first is not None and by_second is not None and None not in (record[first], record[second]):
            # Both are references: intersect their holders, walking the smaller side (one actor
            # may be linked to every contact, while a contact has a handful of links).
            one, other = by_first.get(record[first], {}), by_second.get(record[second], {})
            small, large = (one, other) if len(one) <= len(other) else (other, one)
            return any(uuid != record["uuid"] and uuid in large for uuid in small)
        for uuid in self.referrers(resource, first, record[first]):
            if uuid != record["uuid"] and self.tables[resource][uuid][second] == record[second]:
                return True
        return False

    def save(self, resource: str, record: Record) -> None:
        """Insert a record, or replace the one with the same uuid."""
        table = self.tables[resource]
        previous = table.get(record["uuid"])
        if previous is not None:
            self._unindex(resource, previous)
        table[record["uuid"]] = record
        self._index(resource, record)
        ordering = self._orderings.get(resource)
        if ordering is not None:
            ordering.save(record)

    def delete(self, resource: str, uuid: str) -> list[tuple[str, str]]:
        """Delete a record and apply the delete rules of everything referring to it.

        Returns every (collection, uuid) removed, the record itself first. Raises ProtectedDelete,
        deleting nothing, when a `protect` reference holds any record the cascade would remove: like
        Django's PROTECT, even when the holder would go in the same cascade.
        """
        holders = self.protected(resource, uuid)
        if holders:
            raise ProtectedDelete(holders)
        return self._delete(resource, uuid)

    def protected(self, resource: str, uuid: str) -> list[tuple[str, str, str]]:
        """(protected collection, holding collection, field) of each `protect` reference holding a record
        that deleting this one would remove."""
        found: list[tuple[str, str, str]] = []
        for name, target in self._cascade(resource, uuid):
            for other, definition in self.resources.items():
                for key, reference in definition.references.items():
                    held = reference.target == name and reference.on_delete == "protect"
                    if held and self.referrers(other, key, target) and (name, other, key) not in found:
                        found.append((name, other, key))
        return found

    def _cascade(self, resource: str, uuid: str) -> list[tuple[str, str]]:
        """Every (collection, uuid) deleting this record removes, itself first."""
        removed, pending = {(resource, uuid): None}, [(resource, uuid)]
        while pending:
            name, target = pending.pop()
            for other, definition in self.resources.items():
                for key, reference in definition.references.items():
                    if reference.target == name and reference.on_delete == "cascade":
                        found = [(other, u) for u in self.referrers(other, key, target) if (other, u) not in removed]
                        removed.update(dict.fromkeys(found))
                        pending += found
        return list(removed)

    def _delete(self, resource: str, uuid: str) -> list[tuple[str, str]]:
        record = self.tables[resource].pop(uuid)
        self._unindex(resource, record)
        ordering = self._orderings.get(resource)
        if ordering is not None:
            ordering.delete(uuid)
        removed = [(resource, uuid)]
        for name, other in self.resources.items():
            for key, reference in other.references.items():
                if reference.target == resource:
                    removed += self._on_delete(name, key, uuid)
        return removed

    def export(self) -> dict[str, list[Record]]:
        """A deep copy of every collection, oldest record first."""
        return {name: copy.deepcopy(list(table.values())) for name, table in self.tables.items()}

    def load(self, data: Mapping[str, list[Record]]) -> None:
        """Replace the contents with an export."""
        self.reset()
        for name, records in data.items():
            for record in records:
                self.save(name, copy.deepcopy(record))

    def _on_delete(self, resource: str, key: str, target: str) -> list[tuple[str, str]]:
        reference = self.resources[resource].references[key]
        removed: list[tuple[str, str]] = []
        for uuid in self.referrers(resource, key, target):
            record = self.tables[resource].get(uuid)
            if record is None:  # already gone through another path of the same cascade
                continue
            if reference.on_delete == "cascade":
                removed += self._delete(resource, uuid)
            elif reference.many:
                self.save(resource, {**record, key: [item for item in record[key] if item != target]})
            else:
                self.save(resource, {**record, key: None})
        return removed

    def _index(self, resource: str, record: Record) -> None:
        uuid = record["uuid"]
        for key in self.resources[resource].references:
            for target in _targets(record.get(key)):
                self._referrers[(resource, key)].setdefault(target, {})[uuid] = None
        for key in self.resources[resource].unique:
            value = record.get(key)
            if value is not None:
                self._unique[(resource, key)][value] = uuid

    def _unindex(self, resource: str, record: Record) -> None:
        uuid = record["uuid"]
        for key in self.resources[resource].references:
            index = self._referrers[(resource, key)]
            for target in _targets(record.get(key)):
                holders = index.get(target)
                if holders is not None:
                    holders.pop(uuid, None)
                    if not holders:
                        del index[target]
        for key in self.resources[resource].unique:
            value = record.get(key)
            if value is not None and self._unique[(resource, key)].get(value) == uuid:
                del self._unique[(resource, key)][value]


def _targets(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        yield from value
    elif value is not None:
        yield value

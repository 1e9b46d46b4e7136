"""Open Klant's list order for a collection, kept up to date on every write.

Klantcontacten are listed by `plaatsgevondenOp` descending, then newest first (`-pk`). Keeping
the records sorted as they are written makes a list cost what its page costs, not a sort of the
whole collection per request.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

Record = dict[str, Any]
# (sort key, insertion number, uuid): ascending order is the reverse of the list order.
Entry = tuple[str, int, str]


def sort_key(value: Any) -> str:
    """A sort key for the stored ISO datetimes, whose fractions vary in length ("" for none)."""
    if not isinstance(value, str):
        return ""
    head, _, fraction = value.rstrip("Z").partition(".")
    return f"{head}.{fraction.ljust(6, '0')}"


class Ordering:
    """The uuids of one collection sorted by a field descending, then by insertion, newest first."""

    def __init__(self, field: str) -> None:
        self.field = field
        self._entries: list[Entry] = []
        self._by_uuid: dict[str, Entry] = {}
        self._numbers = itertools.count()

    def __len__(self) -> int:
        return len(self._entries)

    def save(self, record: Record) -> None:
        """Place a new record, or move an updated one whose field changed (it keeps its age)."""
        uuid = record["uuid"]
        key = sort_key(record.get(self.field))
        old = self._by_uuid.get(uuid)
        if old is not None:
            if old[0] == key:
                return
            self._drop(old)
        entry = (key, next(self._numbers) if old is None else old[1], uuid)
        bisect.insort(self._entries, entry)
        self._by_uuid[uuid] = entry

    def delete(self, uuid: str) -> None:
        """Forget a record."""
        entry = self._by_uuid.pop(uuid, None)
        if entry is not None:
            self._drop(entry)

    def rank(self, uuid: str) -> tuple[str, int]:
        """A key that sorts records in ascending order; list order is its reverse."""
        key, number, _ = self._by_uuid[uuid]
        return key, number

    def view(self, table: Mapping[str, Record]) -> ListOrder:
        """The records of `table` in list order, without copying them."""
        return ListOrder(self._entries, table)

    def _drop(self, entry: Entry) -> None:
        del self._entries[bisect.bisect_left(self._entries, entry)]


class ListOrder(Sequence[Record]):
    """A read-only view of a collection in list order: slicing a page costs only the page."""

    def __init__(self, entries: list[Entry], table: Mapping[str, Record]) -> None:
        self._entries = entries
        self._table = table

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        last = len(self._entries) - 1
        if isinstance(index, slice):
            return [self._table[self._entries[last - i][2]] for i in range(*index.indices(len(self._entries)))]
        if index < 0:
            index += len(self._entries)
        if not 0 <= index <= last:
            raise IndexError(index)
        return self._table[self._entries[last - index][2]]

    def __iter__(self) -> Iterator[Record]:
        return (self._table[entry[2]] for entry in reversed(self._entries))

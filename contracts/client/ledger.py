"""The cleanup ledger: what the suite created, deleted again newest first, whatever happened in between."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from contracts.client.evidence import Exchange

DONE = frozenset({200, 202, 204, 404})  # 404: already gone (a cascade got there first)
_ATTEMPTS = 3


@dataclass
class Ledger:
    """Objects the suite created, in creation order; nothing else is ever deleted.

    Deleting newest first removes children before their parents (a child is always created after
    what it refers to), so cleanup never leans on the provider's cascades.
    """

    entries: list[tuple[str, str]] = field(default_factory=list)
    _known: set[tuple[str, str]] = field(default_factory=set)

    def add(self, collection: str, uuid: str) -> None:
        """Record an object this run created."""
        if (collection, uuid) not in self._known:
            self._known.add((collection, uuid))
            self.entries.append((collection, uuid))

    def forget(self, collection: str, uuids: Iterable[str]) -> None:
        """Drop objects the rule has seen gone already (a verified cascade), sparing a DELETE each."""
        gone = {(collection, uuid) for uuid in uuids}
        self.entries = [entry for entry in self.entries if entry not in gone]
        self._known -= gone

    def cleanup(
        self, delete: Callable[[str, str], Exchange], read: Callable[[str, str], Exchange] | None = None
    ) -> tuple[list[Exchange], list[str]]:
        """Delete every recorded object, newest first; returns the exchanges and what is left behind.

        With `read`, an object whose DELETE succeeded is read again: one that still answers 200 is left
        behind whatever the DELETE said, so the report never calls a provider clean that is not.
        """
        exchanges: list[Exchange] = []
        leftovers: list[str] = []
        while self.entries:
            collection, uuid = self.entries.pop()
            self._known.discard((collection, uuid))
            for _ in range(_ATTEMPTS):  # a failing delete is retried, as a careful consumer would
                exchange = delete(collection, uuid)
                exchanges.append(exchange)
                if exchange.status in DONE:
                    break
            else:
                leftovers.append(f"{collection}/{uuid}")
                continue
            if read is not None and exchange.status != 404:
                exchanges.append(read(collection, uuid))
                if exchanges[-1].status == 200:
                    leftovers.append(f"{collection}/{uuid}")
        return exchanges, leftovers

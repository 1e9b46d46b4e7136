"""The consistency report: the store held against the F2173 flow's invariants.

Findings, each with a rule id: a klantcontact without an actor link or without a betrokkene
(brief §6.4 #16-17), a reference to a missing object, a partij without identificator (#19), and
leftovers: objects created since a mark, or by the requests of one correlation id, that still
exist (#18). An empty list of findings means consistent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from kcc_mock.provider.store import Store

Mark = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Finding:
    """One violation: which rule, which object, and what is wrong."""

    rule: str
    collection: str
    uuid: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return asdict(self)


def mark(store: Store) -> Mark:
    """Everything stored now, to tell later what a run left behind."""
    return frozenset((name, uuid) for name, table in store.tables.items() for uuid in table)


def report(store: Store, since: Mark | None = None, created: Iterable[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Findings over the whole store, plus leftovers since a mark and/or of the given creations."""
    findings = [*_orphan_klantcontacten(store), *_dangling(store), *_partijen_without_identificator(store)]
    leftovers: set[tuple[str, str]] = set()
    if since is not None:
        leftovers |= mark(store) - since
    if created is not None:
        leftovers |= {item for item in created if store.exists(*item)}
    findings += [
        Finding("leftover", name, uuid, "created in this run and still stored") for name, uuid in sorted(leftovers)
    ]
    return {"consistent": not findings, "findings": [finding.to_dict() for finding in findings]}


def _orphan_klantcontacten(store: Store) -> Iterable[Finding]:
    for uuid in store.tables["klantcontacten"]:
        if not store.referrers("actorklantcontacten", "klantcontact", uuid):
            yield Finding("klantcontact-without-actor", "klantcontacten", uuid, "no actorklantcontact links it")
        if not store.referrers("betrokkenen", "hadKlantcontact", uuid):
            yield Finding("klantcontact-without-betrokkene", "klantcontacten", uuid, "no betrokkene refers to it")


def _dangling(store: Store) -> Iterable[Finding]:
    for name, resource in store.resources.items():
        served = {key: ref for key, ref in resource.references.items() if ref.target in store.tables}
        for uuid, record in store.tables[name].items():
            for key, reference in served.items():
                value = record.get(key)
                for target in value if isinstance(value, list) else [value]:
                    if target is not None and not store.exists(reference.target, target):
                        detail = f"{key} points at {reference.target}/{target}, which does not exist"
                        yield Finding("dangling-reference", name, uuid, detail)


def _partijen_without_identificator(store: Store) -> Iterable[Finding]:
    for uuid in store.tables["partijen"]:
        if not store.referrers("partij-identificatoren", "identificeerdePartij", uuid):
            yield Finding("partij-without-identificator", "partijen", uuid, "no partij-identificator identifies it")

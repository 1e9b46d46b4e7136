"""The provider as the properties see it: requests through the target seam, and a cleanup ledger."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from contracts.client.evidence import Exchange
from contracts.client.ledger import Ledger
from contracts.client.payloads import Payloads
from contracts.client.target import Target
from contracts.deviations.known import Sightings
from contracts.properties.spec_reader import spec_files

Body = dict[str, Any]
# Numbers, BSNs and markers that must differ between runs against a shared provider; not drawn by
# hypothesis, as they never influence what a property finds.
UNIQUE = Payloads(random.SystemRandom())


class Subject:
    """Sends requests to the provider under test and deletes everything it created afterwards."""

    def __init__(self, target: Target, sightings: Sightings | None = None) -> None:
        self.target = target
        self.ledger = Ledger()
        self.sightings = sightings if sightings is not None else Sightings()

    def explained(self, *exchanges: Exchange) -> set[str]:
        """The body keys whose difference a known deviation of the reference explains in these
        exchanges; each such deviation is recorded with its evidence for the run's report."""
        return self.sightings.explained(*exchanges)

    def refused_as_known(self, exchange: Exchange) -> bool:
        """Whether a refused write is a known deviation of the reference (recorded when it is)."""
        return exchange.status != 200 and exchange.status != 201 and bool(self.sightings.note(exchange))

    def send(self, method: str, path: str, **options: Any) -> Exchange:
        """Send a request (path relative to the API base); what a POST creates goes on the ledger."""
        exchange = self.target.send(method, path, **options)
        if method == "POST" and exchange.status == 201:
            body = exchange.json()
            if isinstance(body, dict) and isinstance(body.get("uuid"), str):
                self.ledger.add(path.strip("/").split("/")[0], body["uuid"])
        return exchange

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Exchange:
        """GET a path."""
        return self.send("GET", path, params=params)

    def post(self, path: str, body: Any) -> Exchange:
        """POST a JSON body."""
        return self.send("POST", path, json=body)

    def patch(self, path: str, body: Any) -> Exchange:
        """PATCH with a JSON body."""
        return self.send("PATCH", path, json=body)

    def delete(self, path: str) -> Exchange:
        """DELETE a path."""
        return self.send("DELETE", path)

    def create(self, collection: str, body: Body) -> Body:
        """POST a body the provider must accept; returns the created object."""
        exchange = self.post(f"/{collection}", body)
        assert exchange.status == 201, f"setup failed:\n{exchange.as_text()}"
        created: Body = exchange.json()
        return created

    def read(self, collection: str, uuid: str) -> Body | None:
        """One object, or None when the provider answers 404."""
        exchange = self.get(f"/{collection}/{uuid}")
        assert exchange.status in (200, 404), exchange.as_text()
        return exchange.json() if exchange.status == 200 else None

    def count(self, collection: str, params: Mapping[str, str] | None = None) -> int:
        """How many objects a (filtered) list holds, read from its first page."""
        exchange = self.get(f"/{collection}", {**(params or {}), "pageSize": "1"})
        assert exchange.status == 200, exchange.as_text()
        count: int = exchange.json()["count"]
        return count

    def counts(self, collections: tuple[str, ...]) -> dict[str, int]:
        """The size of each collection (meaningful while nobody else writes to the provider)."""
        return {collection: self.count(collection) for collection in collections}

    @contextmanager
    def example(self) -> Iterator[Subject]:
        """A scope for one generated example: whatever it created is deleted when it ends."""
        failed = True
        try:
            yield self
            failed = False
        finally:
            leftovers = self._delete_created()
            # A failing example's own error matters more than the cleanup's.
            assert failed or not leftovers, f"could not delete what the example created: {leftovers}"

    def clean_up(self) -> None:
        """Delete everything created so far, newest first; fails when something cannot be deleted."""
        leftovers = self._delete_created()
        assert not leftovers, f"could not delete what the properties created: {leftovers}"

    def _delete_created(self) -> list[str]:
        _, leftovers = self.ledger.cleanup(lambda collection, uuid: self.target.send("DELETE", f"/{collection}/{uuid}"))
        return leftovers


class Unjudgeable(Exception):
    """The provider names no API version, or one the suite has no document of."""


def judged_by(target: Target, asked: str | None = None) -> str:
    """The API version a provider is judged by: the one asked for, else the one its `API-version` header names."""
    version = asked
    if version is None:
        answer = target.send("GET", "/klantcontacten", params={"pageSize": "1"})
        version = answer.header("api-version")
        if version is None:
            where = f"the provider at {target.base_url}"
            raise Unjudgeable(f"{where} sends no API-version header ({answer.summary}): name one with --api-version")
    if version not in spec_files():
        raise Unjudgeable(
            f"API version {version} has no spec in this suite (it judges {', '.join(sorted(spec_files()))})"
        )
    return version

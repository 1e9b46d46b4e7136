"""Plantings below the wire: a changed copy of the resource table, a `Provider` subclass overriding
one operation, or a broken switch over the mock's fault plan (for the rules that need fault injection)."""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, cast

from contracts.client.faults import Effect, Fault, MockFaultSwitch
from kcc_mock.provider.errors import ValidationFailed
from kcc_mock.provider.listing import Query
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.resources import RESOURCES, Resource, Reverse


class IgnoresPageSize(Provider):
    """Lists always use the default page size, whatever `pageSize` asks."""

    def list(self, resource: str, query: Query, base: str) -> dict[str, Any]:
        """List without `pageSize`."""
        return super().list(resource, {k: v for k, v in query.items() if k != "pageSize"}, base)


class IgnoresUnknownParameters(Provider):
    """Lists and reads drop query parameters they do not know instead of refusing them."""

    def list(self, resource: str, query: Query, base: str) -> dict[str, Any]:
        """List with only the declared parameters."""
        known = self.spec.operation(resource, "list").query
        return super().list(resource, {k: v for k, v in query.items() if k in known}, base)

    def retrieve(self, resource: str, uuid: str, query: Query, base: str) -> dict[str, Any]:
        """Read with only the declared parameters."""
        known = self.spec.operation(resource, "retrieve").query
        return super().retrieve(resource, uuid, {k: v for k, v in query.items() if k in known}, base)


class MergesGroupPatches(Provider):
    """A PATCH of a gegevensgroep keeps the sub-fields it does not mention."""

    def update(self, resource: str, uuid: str, body: Any, base: str, partial: bool = False) -> dict[str, Any]:
        """Merge each given group into the stored one before patching."""
        stored = self.store.get(resource, uuid)
        if partial and stored is not None and isinstance(body, dict):
            groups = self.resources[resource].groups
            body = {
                key: {**(stored.get(key) or {}), **value} if key in groups and isinstance(value, dict) else value
                for key, value in body.items()
            }
        return super().update(resource, uuid, body, base, partial)


class MaakIsNotAtomic(Provider):
    """`maak-klantcontact` stores the klantcontact even when another part is refused."""

    def maak_klantcontact(self, body: Any, base: str) -> dict[str, Any]:
        """Create the parts one by one; a refused betrokkene or onderwerpobject leaves the klantcontact."""
        try:
            return super().maak_klantcontact(body, base)
        except ValidationFailed:
            if isinstance(body, dict) and isinstance(body.get("klantcontact"), dict):
                # When the klantcontact itself was the problem there is nothing to leave behind.
                with contextlib.suppress(ValidationFailed):
                    self.create("klantcontacten", body["klantcontact"], base)
            raise


class HonoursClientUuid(Provider):
    """A client's `uuid` is used as the new object's identity."""

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        """Create with the sent uuid when there is one."""
        sent = body.get("uuid") if isinstance(body, dict) else None
        return super().create(resource, body, base, identity=sent if isinstance(sent, str) else identity)


class DropsNestedIdentificatoren(Provider):
    """A partij is created without the identificatoren nested in its request."""

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        """Create, leaving out `partijIdentificatoren`."""
        if resource == "partijen" and isinstance(body, dict):
            body = {key: value for key, value in body.items() if key != "partijIdentificatoren"}
        return super().create(resource, body, base, identity)


def _only(error: ValidationFailed, *pairs: tuple[str, str]) -> bool:
    return {(e.name, e.code) for e in error.errors} <= set(pairs)


_SUCCEEDED = ("nonFieldErrors", "no-further-action-when-contact-succesful")


class AllowsFurtherActionAfterSuccess(Provider):
    """indicatieContactGelukt=true with verdereActieOndernomen=true is stored instead of refused."""

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        """Create; the contact-succeeded rule is worked around by setting the flag afterwards."""
        try:
            return super().create(resource, body, base, identity)
        except ValidationFailed as error:
            if resource != "klantcontacten" or not _only(error, _SUCCEEDED):
                raise
            created = super().create(resource, {**body, "verdereActieOndernomen": False}, base, identity)
            return self._force(created["uuid"], base)

    def update(self, resource: str, uuid: str, body: Any, base: str, partial: bool = False) -> dict[str, Any]:
        """Update; the same work-around."""
        try:
            return super().update(resource, uuid, body, base, partial)
        except ValidationFailed as error:
            if resource != "klantcontacten" or not _only(error, _SUCCEEDED):
                raise
            super().update(resource, uuid, {**body, "verdereActieOndernomen": False}, base, partial)
            return self._force(uuid, base)

    def _force(self, uuid: str, base: str) -> dict[str, Any]:
        record = self.store.get("klantcontacten", uuid)
        assert record is not None
        self.store.save("klantcontacten", {**record, "verdereActieOndernomen": True})
        return self.render("klantcontacten", uuid, base)


class StoresTruncatedTaal(Provider):
    """A klantcontact refused for a too long `taal` is stored anyway, with `taal` cut to 3 characters."""

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        """Create; on a too long taal, store a cut version, then still answer the 400."""
        try:
            return super().create(resource, body, base, identity)
        except ValidationFailed as error:
            if resource == "klantcontacten" and _only(error, ("taal", "max_length")):
                super().create(resource, {**body, "taal": body["taal"][:3]}, base, identity)
            raise


class AcceptsDutchDates(Provider):
    """A plaatsgevondenOp written `DD-MM-YYYY HH:MM` is read as a date instead of refused."""

    def create(self, resource: str, body: Any, base: str, identity: str | None = None) -> dict[str, Any]:
        """Create, first rewriting a Dutch-written plaatsgevondenOp to ISO 8601."""
        moment = body.get("plaatsgevondenOp") if isinstance(body, dict) else None
        dutch = _DUTCH_DATE.fullmatch(moment) if resource == "klantcontacten" and isinstance(moment, str) else None
        if dutch is not None:
            day, month, year, hour, minute = dutch.groups()
            body = {**body, "plaatsgevondenOp": f"{year}-{month}-{day}T{hour}:{minute}:00Z"}
        return super().create(resource, body, base, identity)


_DUTCH_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})")


# A planted bug in the mock's own fault switch


class CommitNever(MockFaultSwitch):
    """The mock's fault switch with a broken commit-then-fail: it fails before storing anything."""

    def install(self, fault: Fault) -> None:
        """Install the fault without its commit."""
        plain = fault.effect.removeprefix("commit-then-")
        super().install(dataclasses.replace(fault, effect=cast(Effect, "error" if plain == "error" else plain)))


class ErrorsCommit(MockFaultSwitch):
    """The mock's fault switch storing the request before an `error` fault answers."""

    def install(self, fault: Fault) -> None:
        """Install an error fault as commit-then-error."""
        if fault.effect == "error":
            fault = dataclasses.replace(fault, effect="commit-then-error")
        super().install(fault)


# Data-level plantings


def _resources(**changes: Callable[[Resource], Resource]) -> Mapping[str, Resource]:
    """A copy of RESOURCES with some resources changed."""
    return MappingProxyType({name: changes[name](r) if name in changes else r for name, r in RESOURCES.items()})


def _reference(resource: Resource, key: str, **change: Any) -> Resource:
    references = dict(resource.references)
    references[key] = dataclasses.replace(references[key], **change)
    return dataclasses.replace(resource, references=MappingProxyType(references))


def _reverse(resource: Resource, key: str, relation: Reverse) -> Resource:
    reverse = dict(resource.reverse)
    reverse[key] = relation
    return dataclasses.replace(resource, reverse=MappingProxyType(reverse))


NO_BETROKKENE_CASCADE = _resources(
    betrokkenen=lambda r: _reference(r, "hadKlantcontact", on_delete="set_null"),
)
NO_ACTOR_CASCADE = _resources(
    actorklantcontacten=lambda r: _reference(r, "actor", on_delete="set_null"),
)
# hadBetrokkenActoren follows the links' `actor` field instead of `klantcontact`: always empty.
ACTORS_NOT_LISTED = _resources(
    klantcontacten=lambda r: _reverse(
        r, "hadBetrokkenActoren", Reverse("actorklantcontacten", "actor", through="actor")
    ),
)
REFERENTIENUMMER_NOT_UNIQUE = _resources(
    klantcontacten=lambda r: dataclasses.replace(r, unique=("nummer",)),
)
ACTOR_LINKS_NOT_UNIQUE = _resources(
    actorklantcontacten=lambda r: dataclasses.replace(r, unique_together=None),
)

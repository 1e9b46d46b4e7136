"""Planted-bug providers: the mock with exactly one deviation each, built without touching `src/`.

Three kinds of planting:
- data: `Provider(resources=...)` with a changed copy of `kcc_mock.provider.resources.RESOURCES`;
- behaviour: a `Provider` subclass overriding one operation;
- wire: an ASGI wrapper around `MockApp.asgi` that rewrites requests or responses;
- faults: a broken switch over the mock's fault plan (for the rules that need fault injection).

Each `Planted` names the rule ids the certification suite must fail on it, and no others.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts.client.faults import Effect, Fault, FaultSwitch, MockFaultSwitch
from contracts.client.target import Target
from kcc_mock.config import DEFAULT_TOKEN, Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.observe.faults import FaultPlan
from kcc_mock.provider.errors import ValidationFailed
from kcc_mock.provider.listing import Query
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.resources import RESOURCES, Resource, Reverse

Headers = list[tuple[bytes, bytes]]
Rewrite = Callable[[Scope, int, Headers, bytes], tuple[int, Headers, bytes]]


# Wire-level plantings


class RewriteResponses:
    """ASGI middleware that hands every complete API response to a rewrite function."""

    def __init__(self, app: ASGIApp, rewrite: Rewrite) -> None:
        self.app = app
        self.rewrite = rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        status, headers, body = self.rewrite(scope, start["status"], list(start.get("headers", [])), b"".join(chunks))
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class RewriteRequests:
    """ASGI middleware that changes the scope of every request before the mock sees it."""

    def __init__(self, app: ASGIApp, change: Callable[[Scope], Scope]) -> None:
        self.app = app
        self.change = change

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(self.change(scope) if scope["type"] == "http" else scope, receive, send)


def _error_body(body: bytes) -> dict[str, Any] | None:
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) and "code" in parsed and "status" in parsed else None


def _problem_json(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Errors as RFC 7807 problem+json, as the brief's invariant 11 words it (Open Klant sends application/json)."""
    if status >= 400 and _error_body(body) is not None:
        headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
        headers.append((b"content-type", b"application/problem+json"))
    return status, headers, body


def _bare_errors(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Error bodies without `type` and `instance`, as a provider without the VNG error handler answers."""
    error = _error_body(body) if status >= 400 else None
    if error is None:
        return status, headers, body
    return status, headers, json.dumps({k: v for k, v in error.items() if k not in ("type", "instance")}).encode()


def _server_error_on_unknown_reference(
    scope: Scope, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A 500 where a reference to an unknown object should be a 400 (an unhandled DoesNotExist)."""
    error = _error_body(body) if status == 400 else None
    params = (error or {}).get("invalidParams") or []
    if not any(str(p.get("reason", "")).endswith("object bestaat niet.") for p in params):
        return status, headers, body
    crash = {
        "type": "http://kcc-mock.in-process/ref/fouten/APIException/",
        "code": "error",
        "title": "Er is een serverfout opgetreden.",
        "status": 500,
        "detail": "Er is een serverfout opgetreden.",
        "instance": "urn:uuid:00000000-0000-4000-8000-000000000500",
    }
    return 500, headers, json.dumps(crash).encode()


def _repeated_delete_succeeds(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """DELETE of something already gone answers 204 ("idempotent" deletes)."""
    if scope["method"] == "DELETE" and status == 404:
        return 204, [(k, v) for k, v in headers if k.lower() != b"content-type"], b""
    return status, headers, body


def _no_location(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """201 answers without a Location header."""
    return status, [(k, v) for k, v in headers if k.lower() != b"location"], body


def _first_error_only(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """A 400 names only the first invalid field (as Connexion's own validator does)."""
    error = _error_body(body) if status == 400 else None
    if error is None or len(error.get("invalidParams") or []) < 2:
        return status, headers, body
    return status, headers, json.dumps({**error, "invalidParams": error["invalidParams"][:1]}).encode()


def _creates_answer_200(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """Every create answers 200 instead of 201 (the object is stored all the same)."""
    return (200 if scope["method"] == "POST" and status == 201 else status), headers, body


def _partij_without_identificatoren(
    scope: Scope, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A partij is answered without its `partijIdentificatoren` (created, read or listed)."""
    if "/partijen" not in scope.get("path", "") or status >= 300 or not body:
        return status, headers, body
    answer = json.loads(body)
    for item in answer.get("results", [answer]) if isinstance(answer, dict) else ():
        if isinstance(item, dict):
            item.pop("partijIdentificatoren", None)
    return status, headers, json.dumps(answer).encode()


def _identificator_without_location(
    scope: Scope, status: int, headers: Headers, body: bytes
) -> tuple[int, Headers, bytes]:
    """A created partij-identificator is answered without its Location header."""
    if scope["method"] == "POST" and scope.get("path", "").endswith("/partij-identificatoren"):
        return _no_location(scope, status, headers, body)
    return status, headers, body


class StoresPartijenOfUnknownTokens:
    """POST /partijen with a token the provider does not know stores the partij, then answers 401."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = f"Token {DEFAULT_TOKEN}".encode()
        sent = dict(scope.get("headers", [])).get(b"authorization", b"") if scope["type"] == "http" else b""
        writes = scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/partijen")
        if not writes or not sent.startswith(b"Token ") or sent == token:
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"] + [(b"authorization", token)]

        async def discard(message: Message) -> None:
            pass

        await self.app({**scope, "headers": headers}, receive, discard)
        refusal = {
            "type": "http://kcc-mock.in-process/ref/fouten/AuthenticationFailed/",
            "code": "authentication_failed",
            "title": "Ongeldige authenticatiegegevens.",
            "status": 401,
            "detail": "Ongeldige token.",
            "instance": "urn:uuid:00000000-0000-4000-8000-000000000401",
        }
        answer = [(b"content-type", b"application/json"), (b"www-authenticate", b"Token"), (b"api-version", b"0.9.0")]
        await send({"type": "http.response.start", "status": 401, "headers": answer})
        await send({"type": "http.response.body", "body": json.dumps(refusal).encode()})


class PretendsToDeleteContacts:
    """DELETE of a klantcontact answers 204 and deletes nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if scope["type"] == "http" and scope["method"] == "DELETE" and "/klantcontacten/" in path:
            await send({"type": "http.response.start", "status": 204, "headers": [(b"api-version", b"0.9.0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def _anonymous_reads(scope: Scope) -> Scope:
    """GET without a token is let through, as if reads were public."""
    headers = list(scope.get("headers", []))
    if scope["method"] == "GET" and not any(k.lower() == b"authorization" for k, _ in headers):
        headers.append((b"authorization", f"Token {DEFAULT_TOKEN}".encode()))
    return {**scope, "headers": headers}


# Behaviour-level plantings


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


# The catalogue


class ProviderSlot:
    """The provider seat of one shared app: each planted provider is seated in turn.

    Building an app takes Connexion about half a second; the app only calls its provider, so
    swapping the provider behind this seat gives each planted provider the same full HTTP stack.
    """

    def __init__(self) -> None:
        self.plain = Provider()
        self.seated = self.plain

    def seat(self, provider: Provider | None) -> None:
        """Put a planted provider (None: the plain one) behind the app."""
        self.seated = provider or self.plain

    def __getattr__(self, name: str) -> Any:
        return getattr(self.seated, name)


def shared_mock() -> MockApp:
    """A mock app whose provider can be swapped for a planted one (`Planted.build`)."""
    return create_app(Settings(), cast(Provider, ProviderSlot()))


@dataclass(frozen=True)
class Planted:
    """A provider with one deviation and the rules it must fail."""

    name: str
    deviation: str
    fails: frozenset[str]
    provider: Callable[[], Provider] | None = None
    wrap: Callable[[ASGIApp], ASGIApp] | None = None
    faults: Callable[[FaultPlan], FaultSwitch] | None = None
    strays: Mapping[str, int] = dataclasses.field(default_factory=dict)  # stored though refused: never learnt
    says: Mapping[str, str] = dataclasses.field(default_factory=dict)  # rule id -> the failure message it must give

    def build(self, shared: MockApp) -> MockApp:
        """The planted mock, made from the shared app (see `shared_mock`): its provider seated, its store
        empty, behind the planted wrapper if there is one."""
        slot = shared.provider
        assert isinstance(slot, ProviderSlot), "build planted mocks from shared_mock()"
        slot.seat(self.provider() if self.provider is not None else None)
        shared.reset()
        if self.wrap is None:
            return shared
        app = copy.copy(shared)
        app.asgi = self.wrap(shared.asgi)
        return app

    def target(self, app: MockApp) -> Target:
        """The in-process target of a planted mock, with the planted fault switch if there is one."""
        return Target.in_process(app, faults=self.faults(app.faults) if self.faults else None)


def _rewriting(rewrite: Rewrite) -> Callable[[ASGIApp], ASGIApp]:
    return lambda app: RewriteResponses(app, rewrite)


# Each of these runs against the whole suite: it must fail exactly `fails` and pass every other rule.
PLANTED = (
    Planted(
        "no-betrokkene-cascade",
        "deleting a klantcontact leaves its betrokkenen, their hadKlantcontact set to null",
        frozenset({"INV-09", "SPEC-01"}),
        provider=lambda: Provider(resources=NO_BETROKKENE_CASCADE),
    ),
    Planted(
        "problem-json-errors",
        "errors are sent as application/problem+json",
        frozenset({"INV-11", "INV-12", "SPEC-01"}),
        wrap=_rewriting(_problem_json),
    ),
    Planted(
        "actors-not-listed",
        "the reverse relation hadBetrokkenActoren is always empty",
        frozenset({"FLOW-01", "FLOW-03", "INV-08", "SAGA-05", "FAULT-03"}),
        provider=lambda: Provider(resources=ACTORS_NOT_LISTED),
    ),
    Planted(
        "server-error-on-unknown-reference",
        "a reference to an unknown object is a 500 instead of a 400",
        frozenset({"INV-04", "SPEC-01"}),
        wrap=_rewriting(_server_error_on_unknown_reference),
    ),
    Planted(
        "duplicate-referentienummer",
        "a second klantcontact with the same referentienummer is accepted",
        frozenset({"INV-06a", "FAULT-02"}),
        provider=lambda: Provider(resources=REFERENTIENUMMER_NOT_UNIQUE),
    ),
    Planted(
        "ignores-page-size",
        "pageSize is ignored: every page has the default size",
        frozenset({"INV-13a", "INV-13b"}),
        provider=IgnoresPageSize,
    ),
    Planted(
        "maak-not-atomic",
        "maak-klantcontact stores the klantcontact when its betrokkene or onderwerpobject is refused",
        frozenset({"INV-10"}),
        provider=MaakIsNotAtomic,
    ),
    Planted(
        "repeated-delete-succeeds",
        "deleting something already gone answers 204 instead of 404",
        frozenset({"SAGA-07"}),
        wrap=_rewriting(_repeated_delete_succeeds),
    ),
    Planted(
        "commit-then-fail-commits-nothing",
        "the mock's commit-then-fail faults fail before storing, so no ambiguous failure can be provoked",
        frozenset({"FAULT-02", "FAULT-03", "FAULT-04", "FAULT-05"}),
        faults=CommitNever,
    ),
)

# What each of these breaks was invisible to an earlier version of the suite, which certified them.
PLANTED += (
    Planted(
        "creates-answer-200",
        "every create answers 200 instead of 201 (and stores the object)",
        frozenset(
            {"FLOW-01", "FLOW-02", "FLOW-03", "SAGA-01", "SAGA-02", "SAGA-03", "SAGA-04", "SAGA-05", "SAGA-06"}
            | {"SAGA-07", "SAGA-08", "INV-01", "INV-02", "INV-04", "INV-05", "INV-06a", "INV-06b", "INV-07"}
            | {"INV-08", "INV-09", "INV-09b", "INV-10", "INV-13a", "INV-13b", "INV-13c", "INV-14", "SPEC-01"}
            | {"FAULT-01", "FAULT-03", "FAULT-05", "FAULT-06"}
        ),
        wrap=_rewriting(_creates_answer_200),
        says=MappingProxyType(
            {
                "FLOW-01": "creating a klantcontacten object answered 200 instead of 201",
                "INV-02": "creating the actor the flow needs answered 200 instead of 201; "
                "pass --actor-uuid of an existing actor",
                "INV-01": "POST /klantcontacten: expected 201, got 200",
            }
        ),
    ),
    Planted(
        "accepts-dutch-dates",
        "plaatsgevondenOp '01-03-2023 10:00' is read as a date instead of refused",
        frozenset({"INV-03"}),
        provider=AcceptsDutchDates,
        says=MappingProxyType(
            {"INV-03": "a klantcontact with plaatsgevondenOp '01-03-2023 10:00' was not refused (201)"}
        ),
    ),
    Planted(
        "partij-without-identificatoren",
        "a partij is answered without its partijIdentificatoren",
        frozenset({"FLOW-02", "SAGA-03", "SAGA-04"}),
        wrap=_rewriting(_partij_without_identificatoren),
        says=MappingProxyType(
            {
                "SAGA-03": "partijen/<uuid> answers partijIdentificatoren None: no identificator uuids to check",
                "SAGA-04": "partijen/<uuid> answers partijIdentificatoren None: no identificator uuids to check",
            }
        ),
    ),
    Planted(
        "stores-partijen-of-unknown-tokens",
        "POST /partijen with an unknown token stores the partij, then answers 401",
        frozenset({"INV-11"}),
        wrap=StoresPartijenOfUnknownTokens,
        says=MappingProxyType({"INV-11": "refused requests were stored anyway: partijen/<uuid>"}),
    ),
    Planted(
        "identificator-without-location",
        "a created partij-identificator is answered without its Location header",
        frozenset({"INV-01", "SPEC-01"}),
        wrap=_rewriting(_identificator_without_location),
        says=MappingProxyType(
            {"INV-01": "partij-identificatoren: the Location header should be <base>/partij-identificatoren/<uuid>"}
        ),
    ),
)

# Further plantings, each also run against the whole suite: the rules they name are the ones they break.
PLANTED += (
    Planted(
        "no-actor-cascade",
        "deleting an actor leaves its actor links, their actor set to null",
        frozenset({"INV-09b", "SPEC-01"}),
        provider=lambda: Provider(resources=NO_ACTOR_CASCADE),
    ),
    Planted(
        "ignores-unknown-parameters",
        "unknown query parameters are dropped instead of refused",
        frozenset({"INV-13c"}),
        provider=IgnoresUnknownParameters,
    ),
    Planted(
        "merges-group-patches",
        "a PATCH of a gegevensgroep keeps the sub-fields it leaves out",
        frozenset({"INV-14"}),
        provider=MergesGroupPatches,
    ),
    Planted(
        "honours-client-uuid",
        "a uuid sent by the client becomes the object's uuid",
        frozenset({"INV-02"}),
        provider=HonoursClientUuid,
    ),
    Planted(
        "bare-errors",
        "error bodies lack type and instance",
        frozenset({"INV-12", "SPEC-01"}),
        wrap=_rewriting(_bare_errors),
    ),
    Planted(
        "no-location-header",
        "201 answers carry no Location header",
        frozenset({"INV-01", "SPEC-01"}),
        wrap=_rewriting(_no_location),
    ),
    Planted(
        "anonymous-reads",
        "GET requests without a token are answered",
        frozenset({"INV-11"}),
        wrap=lambda app: RewriteRequests(app, _anonymous_reads),
    ),
    Planted(
        "drops-nested-identificatoren",
        "a partij is created without the identificatoren nested in its request",
        frozenset({"FLOW-02", "SAGA-02", "SAGA-03", "SAGA-04"}),  # without its BSN, a partij is never refused
        provider=DropsNestedIdentificatoren,
    ),
    Planted(
        "allows-further-action-after-success",
        "indicatieContactGelukt=true with verdereActieOndernomen=true is stored",
        frozenset({"INV-03", "INV-07"}),
        provider=AllowsFurtherActionAfterSuccess,
    ),
    Planted(
        "allows-duplicate-actor-links",
        "a second link of the same actor and klantcontact is stored",
        frozenset({"INV-06b"}),
        provider=lambda: Provider(resources=ACTOR_LINKS_NOT_UNIQUE),
    ),
    Planted(
        "stores-refused-klantcontact",
        "a klantcontact refused for a too long taal is stored anyway",
        frozenset({"INV-03"}),
        provider=StoresTruncatedTaal,
        strays={"klantcontacten": 2},  # INV-05's and INV-10's refused bodies: the suite never learns their uuid
    ),
    Planted(
        "first-error-only",
        "a 400 names only the first invalid field",
        frozenset({"INV-05"}),
        wrap=_rewriting(_first_error_only),
    ),
    Planted(
        "pretends-to-delete-klantcontacten",
        "DELETE of a klantcontact answers 204 and deletes nothing",
        # Every rule that creates a klantcontact leaves it behind, and the report says so.
        frozenset(
            {"FLOW-01", "FLOW-02", "FLOW-03", "SAGA-01", "SAGA-02", "SAGA-03", "SAGA-04", "SAGA-05", "SAGA-06"}
            | {"SAGA-07", "SAGA-08", "INV-01", "INV-02", "INV-04", "INV-05", "INV-06a", "INV-06b", "INV-07"}
            | {"INV-08", "INV-09", "INV-09b", "INV-10", "INV-11", "INV-13a", "INV-13b", "INV-13c", "INV-14"}
            | {"FAULT-01", "FAULT-02", "FAULT-03", "FAULT-04", "FAULT-05", "FAULT-06"}
        ),
        wrap=PretendsToDeleteContacts,
    ),
    Planted(
        "error-faults-store",
        "the mock's error faults store the request before answering the error",
        frozenset({"FAULT-01", "FAULT-06"}),
        faults=ErrorsCommit,
    ),
)

# Every planting now runs against the whole suite; the name stays for the suites that list both.
NARROW_PLANTED: tuple[Planted, ...] = ()

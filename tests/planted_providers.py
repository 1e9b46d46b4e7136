"""Planted-bug providers: the mock with exactly one deviation each, built without touching `src/`.

Four kinds of planting:
- data: `Provider(resources=...)` with a changed copy of `kcc_mock.provider.resources.RESOURCES`;
- behaviour: a `Provider` subclass overriding one operation;
- wire: an ASGI wrapper around `MockApp.asgi` that rewrites requests or responses (`planted_wire`);
- faults: a broken switch over the mock's fault plan (for the rules that need fault injection).

The first two and the last are in `planted_behaviour`. This module is the catalogue: each `Planted`
names the rule ids the certification suite must fail on it, and no others.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

from planted_behaviour import (
    ACTOR_LINKS_NOT_UNIQUE,
    ACTORS_NOT_LISTED,
    NO_ACTOR_CASCADE,
    NO_BETROKKENE_CASCADE,
    REFERENTIENUMMER_NOT_UNIQUE,
    AcceptsDutchDates,
    AllowsFurtherActionAfterSuccess,
    CommitNever,
    DropsNestedIdentificatoren,
    ErrorsCommit,
    HonoursClientUuid,
    IgnoresPageSize,
    IgnoresUnknownParameters,
    MaakIsNotAtomic,
    MergesGroupPatches,
    StoresTruncatedTaal,
)
from planted_wire import (
    PretendsToDeleteContacts,
    Rewrite,
    RewriteRequests,
    RewriteResponses,
    StoresPartijenOfUnknownTokens,
    anonymous_reads,
    bare_errors,
    creates_answer_200,
    first_error_only,
    identificator_without_location,
    no_location,
    partij_without_identificatoren,
    problem_json,
    repeated_delete_succeeds,
    server_error_on_unknown_reference,
)
from starlette.types import ASGIApp

from contracts.client.faults import FaultSwitch
from contracts.client.target import Target
from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.observe.faults import FaultPlan
from kcc_mock.provider.operations import Provider

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
        wrap=_rewriting(problem_json),
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
        wrap=_rewriting(server_error_on_unknown_reference),
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
        wrap=_rewriting(repeated_delete_succeeds),
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
        wrap=_rewriting(creates_answer_200),
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
        wrap=_rewriting(partij_without_identificatoren),
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
        wrap=_rewriting(identificator_without_location),
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
        wrap=_rewriting(bare_errors),
    ),
    Planted(
        "no-location-header",
        "201 answers carry no Location header",
        frozenset({"INV-01", "SPEC-01"}),
        wrap=_rewriting(no_location),
    ),
    Planted(
        "anonymous-reads",
        "GET requests without a token are answered",
        frozenset({"INV-11"}),
        wrap=lambda app: RewriteRequests(app, anonymous_reads),
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
        wrap=_rewriting(first_error_only),
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

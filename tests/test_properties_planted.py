"""Each property of the suite in contracts/properties can fail: run against a provider with one
planted bug, it reports that bug (and the plain mock passes them all, in `make test`)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings
from planted_providers import NARROW_PLANTED, PLANTED, Planted, shared_mock
from planted_wire import RewriteRequests, RewriteResponses
from starlette.types import Scope

from contracts.client.payloads import Payloads
from contracts.properties import test_bodies, test_f2173, test_lists, test_model
from contracts.properties.oracle import Oracle
from contracts.properties.spec_reader import newest_version
from contracts.properties.subject import Subject
from kcc_mock.http.app import MockApp
from kcc_mock.provider import listing, partijen

CATALOGUE = {planted.name: planted for planted in PLANTED + NARROW_PLANTED}
Headers = list[tuple[bytes, bytes]]
Maker = Callable[[Planted], Subject]


@pytest.fixture(autouse=True)
def no_shrinking() -> Iterator[None]:
    """A planted bug fails every example: finding one is the point, shrinking it only costs time."""
    previous = settings.default
    settings.register_profile("planted", parent=previous, phases=[Phase.explicit, Phase.generate])
    settings.load_profile("planted")
    yield
    settings.register_profile("restored", parent=previous)
    settings.load_profile("restored")


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    """The verdicts of the version the shared mock serves (the newest)."""
    return Oracle.for_version(newest_version())


@pytest.fixture(scope="module")
def shared_app() -> MockApp:
    """One mock app; each planted provider is seated behind it in turn."""
    return shared_mock()


@pytest.fixture
def subject_of(shared_app: MockApp) -> Iterator[Callable[[Planted], Subject]]:
    """Makes the property suite's view of a planted provider, reached in-process; closed afterwards."""
    made: list[Subject] = []

    def make(planted: Planted) -> Subject:
        made.append(Subject(planted.target(planted.build(shared_app))))
        return made[-1]

    yield make
    for subject in made:
        subject.target.close()


# Plantings of this file: bugs the certification suite's catalogue has no use for.


def _forgets_onderwerp(scope: Scope, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    if scope["method"] != "GET" or "/klantcontacten/" not in scope["path"]:
        return status, headers, body
    return status, headers, json.dumps({k: v for k, v in json.loads(body).items() if k != "onderwerp"}).encode()


def _ignores_kanaal(scope: Scope) -> Scope:
    pairs = [pair for pair in scope["query_string"].split(b"&") if not pair.startswith(b"kanaal=")]
    return {**scope, "query_string": b"&".join(pairs)}


PLAIN = Planted("plain", "none: the bug is planted by the test itself", frozenset())
FORGETS_ONDERWERP = Planted(
    "forgets-onderwerp",
    "a read of a klantcontact leaves out its onderwerp",
    frozenset(),
    wrap=lambda app: RewriteResponses(app, _forgets_onderwerp),
)
IGNORES_KANAAL = Planted(
    "ignores-kanaal-filter",
    "the kanaal filter is ignored",
    frozenset(),
    wrap=lambda app: RewriteRequests(app, _ignores_kanaal),
)


def test_echo_property_catches_a_provider_that_drops_a_field(subject_of: Maker, oracle: Oracle) -> None:
    subject = subject_of(FORGETS_ONDERWERP)
    with pytest.raises(AssertionError, match="read back"):
        test_bodies.check_valid_bodies_are_accepted_and_read_back(subject, oracle, "klantcontacten")


def test_one_way_invalid_property_catches_a_provider_that_ignores_max_lengths(
    subject_of: Maker, oracle: Oracle, shared_app: MockApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    subject = subject_of(PLAIN)
    form = shared_app.provider.forms["klantcontacten"]
    for name in ("taal", "kanaal", "onderwerp", "inhoud", "reactie", "nummer", "referentienummer"):
        monkeypatch.setattr(form.properties[name], "max_length", None)
    with pytest.raises(AssertionError, match="max_length"):
        test_bodies.check_one_way_invalid_bodies_are_refused_precisely(subject, oracle, "klantcontacten")


def test_one_way_invalid_property_catches_a_provider_that_stores_a_refused_body(
    subject_of: Maker, oracle: Oracle
) -> None:
    subject = subject_of(CATALOGUE["stores-refused-klantcontact"])
    with pytest.raises(AssertionError, match="changed what is stored"):
        test_bodies.check_one_way_invalid_bodies_are_refused_precisely(subject, oracle, "klantcontacten")


def test_echo_property_catches_a_provider_that_drops_the_identificatoren_nested_in_a_partij(
    subject_of: Maker, oracle: Oracle
) -> None:
    subject = subject_of(CATALOGUE["drops-nested-identificatoren"])
    with pytest.raises(AssertionError, match="read back"):
        test_bodies.check_valid_bodies_are_accepted_and_read_back(subject, oracle, "partijen")


@pytest.mark.parametrize(
    ("skipped", "shows"),
    [
        ("passes_eleven_test", "eleven-test"),  # every nine digits pass as a BSN or RSIN
        ("_sub_identificator_errors", "sub-identificator-missing"),  # a vestiging needs no kvk_nummer
    ],
)
def test_rules_property_catches_a_provider_that_skips_an_identificator_rule(
    subject_of: Maker, oracle: Oracle, monkeypatch: pytest.MonkeyPatch, skipped: str, shows: str
) -> None:
    subject = subject_of(PLAIN)
    monkeypatch.setattr(partijen, skipped, lambda *args: [] if skipped.endswith("errors") else True)
    # The break is one of several an identificator allows: more examples than the default reach it.
    settings.register_profile("planted-deeper", parent=settings.default, max_examples=400)
    settings.load_profile("planted-deeper")
    with pytest.raises(AssertionError, match=shows):
        test_bodies.check_rules_between_fields_are_kept(subject, oracle, "partij-identificatoren")


def test_update_property_catches_a_provider_that_merges_group_patches(subject_of: Maker, oracle: Oracle) -> None:
    subject = subject_of(CATALOGUE["merges-group-patches"])
    # The bug shows only when a patched group leaves out a sub-field the object was created with.
    settings.register_profile("planted-deeper", parent=settings.default, max_examples=100)
    settings.load_profile("planted-deeper")
    with pytest.raises(AssertionError, match="created as merged"):
        test_bodies.check_updates_are_read_back(subject, oracle, "betrokkenen")


def test_maak_property_catches_a_provider_that_drops_a_field_of_a_part(subject_of: Maker, oracle: Oracle) -> None:
    subject = subject_of(FORGETS_ONDERWERP)
    with pytest.raises(AssertionError, match="read back"):
        test_bodies.check_maak_klantcontact_stores_every_part_as_sent(subject, oracle)


def test_refused_maak_property_catches_a_provider_that_is_not_atomic(subject_of: Maker, oracle: Oracle) -> None:
    subject = subject_of(CATALOGUE["maak-not-atomic"])
    with pytest.raises(AssertionError, match="changed what is stored"):
        test_bodies.check_refused_maak_klantcontact_stores_nothing(subject, oracle)


def test_pagination_property_catches_overlapping_pages(subject_of: Maker, monkeypatch: pytest.MonkeyPatch) -> None:
    honest = listing.paginate

    def overlapping(records: list[Any], query: Any) -> listing.Page:
        page = honest(records, query)
        start = max(0, records.index(page.records[0]) - 1) if page.records else 0
        return dataclasses.replace(page, records=records[start : start + len(page.records)])

    subject = subject_of(PLAIN)
    monkeypatch.setattr(listing, "paginate", overlapping)
    with pytest.raises(AssertionError, match="pages of"):
        test_lists.check_pages_visit_every_object_once(subject)


def test_filter_property_catches_an_ignored_filter(subject_of: Maker) -> None:
    subject = subject_of(IGNORES_KANAAL)
    with pytest.raises(AssertionError, match="kanaal"):
        test_lists.check_filters_return_exactly_the_matching_objects(subject)


@pytest.mark.parametrize(
    "name, shows",
    [
        ("no-betrokkene-cascade", "should be gone"),
        ("no-actor-cascade", "should be gone"),
        ("actors-not-listed", "hadBetrokkenActoren"),
        ("allows-duplicate-actor-links", "model expected 400"),
        ("pretends-to-delete-klantcontacten", "should be gone"),
    ],
)
def test_model_based_walk_catches_a_divergence_from_the_model(subject_of: Maker, name: str, shows: str) -> None:
    subject = subject_of(CATALOGUE[name])
    with pytest.raises(AssertionError, match=shows):
        test_model.check_the_provider_follows_the_model(subject)


@pytest.mark.parametrize(
    "name, shows",
    [
        ("pretends-to-delete-klantcontacten", "rolled back, yet objects were left"),
    ],
)
def test_f2173_property_catches_a_provider_that_keeps_leftovers(subject_of: Maker, name: str, shows: str) -> None:
    subject = subject_of(CATALOGUE[name])
    actor = subject.create("actoren", Payloads.medewerker())["uuid"]
    with pytest.raises(AssertionError, match=shows):
        test_f2173.check_f2173_completes_or_leaves_nothing_behind(subject, actor)


def test_every_property_has_a_planted_bug_it_catches() -> None:
    checks = {
        name
        for module in (test_bodies, test_lists, test_model, test_f2173)
        for name, value in vars(module).items()
        if name.startswith("check_") and callable(value)
    }
    text = Path(__file__).read_text(encoding="utf-8")
    assert checks and {name for name in checks if f".{name}(" in text} == checks

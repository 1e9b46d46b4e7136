"""The certification suite judges correctly: the plain mock passes every rule, and each planted bug
fails exactly the rules its deviation breaks. Every run must leave the provider as it found it.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from planted_providers import PLANTED, Planted, shared_mock

from contracts.certification.conformance import Conformance
from contracts.certification.engine import NO_ACTORS, Certification
from contracts.certification.reporting.summary import verdict
from contracts.certification.results import Outcome, RunReport
from contracts.certification.rulebook import Level
from contracts.certification.rules import RULES
from contracts.client.target import Target
from kcc_mock.config import Settings
from kcc_mock.http.app import MockApp, create_app
from kcc_mock.provider.fixtures import load_fixtures
from kcc_mock.provider.spec import Spec

SEED = 2173
ALL_RULES = {rule.id for rule in RULES}
REQUIRED = {rule.id for rule in RULES if rule.level is Level.REQUIRED}
# Every rule that uses or could create an actor, and one that would create one of its own.
ACTOR_RULES = ("FLOW-01", "FLOW-03", "SAGA-02", "INV-01", "INV-05", "INV-09b", "INV-11", "SPEC-01")


@pytest.fixture(scope="module")
def conformance() -> Conformance:
    """One spec validator for the module: it remembers verdicts, so repeated runs validate little."""
    return Conformance(Spec.load())


@pytest.fixture(scope="module")
def shared_app() -> MockApp:
    """One mock for every planting (built once; each use seats its provider and starts empty)."""
    return shared_mock()


def certify(
    app: MockApp, conformance: Conformance, actor_uuid: str | None = None, only: tuple[str, ...] | None = None
) -> RunReport:
    """Run every rule (or only some) against an in-process mock."""
    rules = [rule for rule in RULES if only is None or rule.id in only]
    run = Certification(Target.in_process(app), seed=SEED, actor_uuid=actor_uuid, conformance=conformance)
    return run.run_all(rules)


def outcomes(report: RunReport, outcome: Outcome) -> set[str]:
    """The ids of the rules that came to `outcome`."""
    return {result.rule.id for result in report.results if result.outcome is outcome}


def stored(app: MockApp) -> dict[str, list[dict[str, object]]]:
    """Everything the mock holds, per collection."""
    return {name: records for name, records in app.provider.store.export().items() if records}


PRE_EXISTING: dict[str, list[dict[str, Any]]] = {
    "actoren": [
        {"uuid": "49b22823-2465-4b7e-9bae-cbc7cddcfda4", "naam": "Bestaande medewerker", "soortActor": "medewerker"}
    ],
    "klantcontacten": [
        {"referentienummer": "42", "kanaal": "balie", "onderwerp": "Bestaand", "taal": "nld", "vertrouwelijk": True}
    ],
}


@pytest.fixture(scope="module")
def plain_app() -> MockApp:
    """The mock exactly as `create_app` builds it."""
    return create_app(Settings())


@pytest.fixture
def populated(plain_app: MockApp) -> Iterator[MockApp]:
    """The plain mock holding an actor and a klantcontact of someone else."""
    plain_app.reset()
    load_fixtures(plain_app.provider, copy.deepcopy(PRE_EXISTING), "http://kcc-mock.in-process/klantinteracties/api/v1")
    yield plain_app
    plain_app.reset()


def test_the_plain_mock_passes_every_rule_and_is_left_as_found(populated: MockApp, conformance: Conformance) -> None:
    before = stored(populated)
    report = certify(populated, conformance)
    failures = {r.rule.id: r.message for r in report.results if r.outcome is not Outcome.PASSED}
    assert failures == {}
    assert outcomes(report, Outcome.PASSED) == ALL_RULES
    assert report.certified
    assert report.info.leftovers == []
    assert stored(populated) == before  # nothing of the run is left, nothing of others was touched


def test_a_given_actor_is_used_and_never_changed(populated: MockApp, conformance: Conformance) -> None:
    actor = PRE_EXISTING["actoren"][0]["uuid"]
    before = stored(populated)
    report = certify(populated, conformance, actor_uuid=actor, only=ACTOR_RULES)
    assert outcomes(report, Outcome.NOT_APPLICABLE) == {"INV-09b"}
    assert {r.message for r in report.results if r.outcome is Outcome.NOT_APPLICABLE} == {NO_ACTORS}
    assert outcomes(report, Outcome.FAILED) == set()
    assert not report.certified  # a required rule that could not run is no pass
    assert verdict(report) == (
        "NOT CERTIFIED (incomplete): 1 required rule(s) did not run (INV-09b); name them with --waive to accept that"
    )
    assert report.info.actor == actor
    sent = [exchange for result in report.results for exchange in result.exchanges]
    created = [e for e in sent if e.method == "POST" and e.url.endswith("/actoren") and e.status in (200, 201)]
    assert created == []
    assert stored(populated) == before


def test_a_waived_rule_that_could_not_run_leaves_the_run_certified(
    populated: MockApp, conformance: Conformance
) -> None:
    actor = PRE_EXISTING["actoren"][0]["uuid"]
    run = Certification(
        Target.in_process(populated), seed=SEED, actor_uuid=actor, conformance=conformance, waived=["INV-09b"]
    )
    report = run.run_all(rule for rule in RULES if rule.id in ACTOR_RULES)
    assert report.certified
    assert verdict(report) == "CERTIFIED: every required rule passed, but INV-09b did not run (waived)"


@pytest.mark.parametrize("planted", PLANTED, ids=lambda planted: planted.name)
def test_a_planted_bug_fails_exactly_the_rules_it_breaks(
    planted: Planted, shared_app: MockApp, conformance: Conformance
) -> None:
    app = planted.build(shared_app)
    report = Certification(planted.target(app), seed=SEED, conformance=conformance).run_all(RULES)
    assert outcomes(report, Outcome.FAILED) == planted.fails, planted.deviation
    assert outcomes(report, Outcome.PASSED) == ALL_RULES - planted.fails
    assert report.certified is not bool(planted.fails & REQUIRED)
    assert messages(report, planted) == dict(planted.says)
    # Cleaned up, failures and all, whatever the provider answered; and what stays is reported, truthfully.
    left = {f"{name}/{record['uuid']}" for name, records in stored(app).items() for record in records}
    assert set(report.leftovers) <= left
    unreported = Counter(item.split("/")[0] for item in left - set(report.leftovers))
    assert unreported == Counter(planted.strays)  # only what the provider stored while answering a refusal


def messages(report: RunReport, planted: Planted) -> dict[str, str]:
    """The failure messages of the rules a planting pins, with uuids and the base URL as placeholders."""
    said = {r.rule.id: r.message for r in report.results if r.rule.id in planted.says}
    return {rule_id: _placeholders(message) for rule_id, message in said.items()}


def _placeholders(text: str) -> str:
    text = text.replace("http://kcc-mock.in-process/klantinteracties/api/v1", "<base>")
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", text)


def test_every_rule_is_proven_able_to_fail() -> None:
    assert {rule for planted in PLANTED for rule in planted.fails} == ALL_RULES

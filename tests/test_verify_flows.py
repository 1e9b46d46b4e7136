"""Every built-in flow: the reference consumer passes every generated scenario; consumers with one planted bug
each (tests/consumers/flow_bugs.py) fail exactly the scenarios that reach their bug, for the reason they plant.

The expected sets are worked out by hand from each flow's steps, variants and the provider's rules, not
taken from a run: a step's scenarios run in its own variant (a get-or-create step in the one where it
creates), compensating-delete-fails-once in the flow's compensation variant.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from kcc_mock.consumer import verdict_report
from kcc_mock.consumer.explore import explore, fault_file
from kcc_mock.consumer.flows.loader import builtin, names
from kcc_mock.consumer.flows.model import Flow
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import from_plan, scenarios
from kcc_mock.consumer.verdicts import Verdict
from kcc_mock.http.flow import reference_consumer
from kcc_mock.http.verify import CallableConsumer, Verifier, VerifySettings

sys.path.insert(0, str(Path(__file__).parent))
from consumers.flow_bugs import PLANTED

PERSISTENT = ("400", "503", "timeout", "reset")  # failures that fire on every try
COMPENSATION = "compensating-delete-fails-once"


def failing(*steps: str, kinds: tuple[str, ...] = PERSISTENT) -> set[str]:
    """Scenario names `<step>-<kind>`."""
    return {f"{step}-{kind}" for step in steps for kind in kinds}


def committed(*steps: str) -> set[str]:
    """The commit-then-fail scenarios of these steps."""
    return failing(*steps, kinds=("commit-then-fail",))


# flow -> planted bug -> the scenarios it fails. Why, per bug:
# - never_compensates fails where something was created before the step that fails for good, and the
#   compensation scenario (its delete never comes); commit-then-fail is found by the lookup and completes.
# - deletes_what_it_found fails where, before the failure, the run used what it did not create: an actor
#   or partij a get-or-create step found (the `found` variants), or an object an input names in a link
#   it made (the logged-in or OMC actor, the klant's partij, the earlier contact).
# - retries_blindly posts a create again after commit-then-fail: a second object, unless the provider
#   refuses it (a unique referentienummer, partij identificator, actor link), which orphans the first
#   one unless the klantcontact's cascade takes it (the actor link).
# - deletes_oldest_first stops at the compensation's 503, and at the 404 of a child the klantcontact's
#   cascade took, leaving what the cascade does not reach (KISS's digitaal adres: set to null).
EXPECTED: Mapping[str, Mapping[str, set[str]]] = {
    "kiss-contactmoment": {
        "never_compensates": failing("actorklantcontact", "betrokkene") | {COMPENSATION},
        "deletes_what_it_found": failing("klantcontact", "actorklantcontact", "betrokkene"),
        "retries_blindly": committed("medewerker", "klantcontact", "betrokkene"),
        "deletes_oldest_first": {COMPENSATION},
    },
    "kiss-contactverzoek": {
        "never_compensates": failing(
            "actorklantcontact", "betrokkene", "digitaaladres", "afdeling", "internetaak", "onderwerpobject"
        )
        | {COMPENSATION},
        "deletes_what_it_found": failing(
            "klantcontact", "actorklantcontact", "betrokkene", "digitaaladres", "afdeling", "internetaak"
        )
        | failing("onderwerpobject")
        | {COMPENSATION},
        "retries_blindly": committed(
            "medewerker", "klantcontact", "betrokkene", "digitaaladres", "afdeling", "internetaak", "onderwerpobject"
        ),
        "deletes_oldest_first": failing("afdeling", "internetaak", "onderwerpobject") | {COMPENSATION},
    },
    "ita-vervolgcontact": {
        "never_compensates": failing("actorklantcontact", "onderwerpobject", "betrokkene", "afsluiten")
        | {COMPENSATION},
        "deletes_what_it_found": failing("klantcontact", "actorklantcontact", "onderwerpobject", "betrokkene")
        | failing("afsluiten")
        | {COMPENSATION},
        "retries_blindly": committed("medewerker", "klantcontact", "onderwerpobject", "betrokkene"),
        "deletes_oldest_first": {COMPENSATION},
    },
    "openforms-inzending": {
        "never_compensates": failing("adres", "adres-update") | {COMPENSATION},
        "deletes_what_it_found": failing("inzending", "adres", "adres-update"),
        "retries_blindly": committed("persoon", "organisatie", "inzending", "adres"),
        "deletes_oldest_first": {COMPENSATION},
    },
    "omc-notificatie": {
        "never_compensates": failing("bijlage", "actorklantcontact", "onderwerpobject") | {COMPENSATION},
        "deletes_what_it_found": failing("onderwerpobject") | {COMPENSATION},
        "retries_blindly": committed("notificatie", "bijlage", "onderwerpobject"),
        "deletes_oldest_first": {COMPENSATION},
    },
}
# The check that catches each bug, in every scenario it fails (either of two for a duplicate).
CAUGHT_BY: Mapping[str, set[str]] = {
    "never_compensates": {"outcome"},
    "deletes_what_it_found": {"pre-existing-untouched"},
    "retries_blindly": {"outcome", "no-duplicates"},
    "deletes_oldest_first": {"outcome"},
}
SCENARIO_COUNTS = {
    "f2173": 25,
    "kiss-contactmoment": 25,
    "kiss-contactverzoek": 44,
    "ita-vervolgcontact": 34,
    "openforms-inzending": 31,
    "omc-notificatie": 23,
}


@pytest.fixture(scope="module")
def verifier() -> Iterator[Verifier]:
    """Eight mocks on loopback ports for the module: scenarios mostly wait on timeouts, so they overlap well."""
    with Verifier(VerifySettings(timeout=6.0, hang_seconds=2.0), jobs=8) as running:
        yield running


def report(verdicts: list[Verdict]) -> str:
    """The terminal report, as an assertion message."""
    return verdict_report.table(verdicts) + "\n" + verdict_report.failures(verdicts)


def reference(flow: Flow) -> CallableConsumer:
    """The reference consumer of a flow, in-process, with short timeouts and backoff."""
    return CallableConsumer(reference_consumer(timeout=0.5, policy=RetryPolicy(backoff=0.01), flow=flow))


def test_every_built_in_flow_has_its_scenarios() -> None:
    assert {name: len(scenarios(builtin(name))) for name in names()} == SCENARIO_COUNTS


@pytest.mark.parametrize("name", names())
def test_the_reference_consumer_passes_every_scenario_of_the_flow(verifier: Verifier, name: str) -> None:
    flow = builtin(name)
    verdicts = verifier.run_all(reference(flow), scenarios(flow))
    assert [v.scenario.name for v in verdicts if not v.passed] == [], report(verdicts)
    ends = {v.scenario.name: v.outcome for v in verdicts}
    assert {ends[s.name] for s in scenarios(flow) if s.expect == "rollback"} == {"rolled-back"}
    assert {ends[s.name] for s in scenarios(flow) if s.expect == "complete"} == {"completed"}


@pytest.mark.parametrize(("name", "bug"), [(n, b) for n in EXPECTED for b in EXPECTED[n]])
def test_a_planted_bug_fails_exactly_the_scenarios_of_the_flow_that_reach_it(
    verifier: Verifier, name: str, bug: str
) -> None:
    flow = builtin(name)
    verdicts = verifier.run_all(CallableConsumer(PLANTED[bug](flow)), scenarios(flow))
    assert {v.scenario.name for v in verdicts if not v.passed} == EXPECTED[name][bug], report(verdicts)
    uncaught = [v.scenario.name for v in verdicts if not v.passed and not CAUGHT_BY[bug] & {c.name for c in v.failed}]
    assert uncaught == [], report(verdicts)


def test_explore_shrinks_a_failing_plan_of_another_flow(verifier: Verifier) -> None:
    flow = builtin("omc-notificatie")
    consumer = CallableConsumer(PLANTED["retries_blindly"](flow))
    found = explore(lambda scenario: verifier.run(consumer, scenario), examples=40, seed=3, flow=flow)
    assert found.scenario is not None and found.verdict is not None, "no failing plan found"
    (rule,) = found.scenario.plan["faults"]
    # Shrunk to the one call it breaks on: maak-klantcontact stored, and no readable answer.
    assert (rule["match"], rule["trigger"], rule["limit"]) == ({"operation": "maakKlantcontactCreate"}, {"nth": 1}, 1)
    assert "commitThenFail" in rule["effect"]
    assert found.scenario.flow is flow and "outcome" in {c.name for c in found.verdict.failed}
    text = fault_file(found, "my-consumer", examples=40, seed=3)
    assert (
        "# Reproduce: kcc-mock verify-consumer --flow omc-notificatie --faults THIS_FILE --variant sent -- my-consumer"
        in text
    )
    again = verifier.run(consumer, from_plan("again", found.scenario.plan, found.scenario.inputs, flow))
    assert not again.passed and again.outcome == "incomplete"


def test_a_consumer_that_leaves_out_an_update_fails_the_happy_paths(verifier: Verifier) -> None:
    flow = builtin("ita-vervolgcontact")
    steps = tuple(step for step in flow.steps if step.name != "afsluiten")
    without = dataclasses.replace(flow, steps=steps)
    happy = [s for s in scenarios(flow) if s.name.startswith("happy-path")]
    verdicts = verifier.run_all(reference(without), happy)
    assert {v.scenario.name: v.outcome for v in verdicts} == {
        "happy-path": "incomplete",
        "happy-path-new-actor": "incomplete",
    }
    (problem,) = {c.summary for v in verdicts for c in v.failed}
    taak = "internetaken/0b6c6e39-2f4b-4b43-9d2e-5b3f0c1a2d04"
    assert problem == (
        f"expected complete, got incomplete: {taak} was not changed as afsluiten says: status is 'te_verwerken', "
        f"not 'verwerkt'; {taak} was not changed as afsluiten says: no afgehandeldOp"
    )

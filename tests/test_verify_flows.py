"""Every built-in flow: the reference consumer passes every generated scenario, and a consumer that leaves a
step out does not."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from kcc_mock.consumer import verdict_report
from kcc_mock.consumer.flows.loader import builtin, names
from kcc_mock.consumer.flows.model import Flow
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import scenarios
from kcc_mock.consumer.verdicts import Verdict
from kcc_mock.http.flow import reference_consumer
from kcc_mock.http.verify import CallableConsumer, Verifier, VerifySettings

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

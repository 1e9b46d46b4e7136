"""Every scenario against the reference consumer and against consumers with one planted bug each.

The reference must pass every scenario; each planted bug must fail exactly the scenarios that
reach it, for the reason it plants. The planted consumers live in tests/consumers/; most run
in-process (fast), the one that never stops runs as a subprocess so the runner can stop it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from kcc_mock.consumer import verdict_report
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import SCENARIOS, select
from kcc_mock.consumer.verdicts import Verdict, summarize
from kcc_mock.http.flow import reference_consumer
from kcc_mock.http.verify import CallableConsumer, CommandConsumer, Consumer, Verifier, VerifySettings

CONSUMERS = Path(__file__).parent / "consumers"
ALL = {scenario.name for scenario in SCENARIOS}
PERSISTENT = ("400", "503", "timeout", "reset")  # failures that fire on every try


def failing(*steps: str, kinds: tuple[str, ...] = PERSISTENT) -> set[str]:
    """Scenario names `<step>-<kind>`."""
    return {f"{step}-{kind}" for step in steps for kind in kinds}


# planted consumer -> (the scenarios it must fail, the check that must catch it in each)
PLANTED: Mapping[str, tuple[set[str], str]] = {
    # Leaves everything it made behind; when the betrokkene was stored after all, the contact is complete.
    "never_rolls_back": (
        failing("actorklantcontact", "partij", "betrokkene")
        | failing("klantcontact", "actorklantcontact", "partij", kinds=("commit-then-fail",))
        | {"compensating-delete-fails-once"},
        "outcome",
    ),
    # Compensates everything but the klantcontact; commit-then-fail is adopted, not rolled back.
    "forgets_klantcontact": (
        failing("actorklantcontact", "partij", "betrokkene") | {"compensating-delete-fails-once"},
        "outcome",
    ),
    # Deletes the actor after a rollback in which the actor link had been made.
    "deletes_actor": (failing("partij", "betrokkene") | {"compensating-delete-fails-once"}, "pre-existing-untouched"),
    # Posts the klantcontact again after a timeout, without looking it up.
    "duplicates_after_timeout": ({"klantcontact-commit-then-fail"}, "no-duplicate-klantcontact"),
}


def load(name: str) -> Callable[[Mapping[str, str]], int]:
    """A planted consumer's `main(env)`, imported from tests/consumers/."""
    spec = importlib.util.spec_from_file_location(f"planted_{name}", CONSUMERS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Callable[[Mapping[str, str]], int] = module.main
    return function


@pytest.fixture(scope="module")
def verifier() -> Iterator[Verifier]:
    """Four mocks on loopback ports: scenarios mostly wait on timeouts, so they run four at a time."""
    with Verifier(VerifySettings(timeout=6.0, hang_seconds=2.0), jobs=4) as running:
        yield running


@pytest.fixture(scope="module")
def matrix(verifier: Verifier) -> Callable[[str, Consumer], list[Verdict]]:
    """Every scenario's verdict for a consumer, run once per module."""
    cache: dict[str, list[Verdict]] = {}

    def run(name: str, consumer: Consumer) -> list[Verdict]:
        if name not in cache:
            cache[name] = verifier.run_all(consumer, SCENARIOS)
        return cache[name]

    return run


def report(verdicts: list[Verdict]) -> str:
    """The terminal report, as an assertion message."""
    return verdict_report.table(verdicts) + "\n" + verdict_report.failures(verdicts)


def reference() -> Consumer:
    """The reference consumer in-process, with short timeouts and backoff."""
    return CallableConsumer(reference_consumer(timeout=0.5, policy=RetryPolicy(backoff=0.01)))


def test_the_reference_consumer_passes_every_scenario(matrix: Callable[[str, Consumer], list[Verdict]]) -> None:
    verdicts = matrix("reference", reference())
    assert [v.scenario.name for v in verdicts if not v.passed] == [], report(verdicts)
    assert len(verdicts) == len(ALL) == 25


def test_the_reference_ends_each_scenario_the_way_it_expects(matrix: Callable[[str, Consumer], list[Verdict]]) -> None:
    verdicts = matrix("reference", reference())
    ends = {v.scenario.name: (v.outcome, v.exit_status) for v in verdicts}
    assert all(ends[s.name] == ("completed", 0) for s in SCENARIOS if s.expect == "complete")
    assert all(ends[s.name] == ("rolled-back", 1) for s in SCENARIOS if s.expect == "rollback")
    # After commit-then-fail the reference finds what was stored and completes: nothing duplicated.
    assert {ends[name] for name in ALL if name.endswith("commit-then-fail")} == {("completed", 0)}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_a_planted_bug_fails_exactly_the_scenarios_that_reach_it(
    matrix: Callable[[str, Consumer], list[Verdict]], name: str
) -> None:
    expected, check = PLANTED[name]
    verdicts = matrix(name, CallableConsumer(load(name)))
    assert {v.scenario.name for v in verdicts if not v.passed} == expected, report(verdicts)
    caught = {v.scenario.name for v in verdicts if check in {c.name for c in v.failed}}
    assert caught == expected, report(verdicts)


def test_the_exit_status_is_reported_but_not_trusted(matrix: Callable[[str, Consumer], list[Verdict]]) -> None:
    verdicts = {v.scenario.name: v for v in matrix("never_rolls_back", CallableConsumer(load("never_rolls_back")))}
    stored_anyway = verdicts["betrokkene-commit-then-fail"]  # it gave up, but the provider had stored it all
    assert (stored_anyway.passed, stored_anyway.outcome, stored_anyway.exit_status) == (True, "completed", 1)
    assert stored_anyway.notes == ("the consumer exited 1, but the flow completed",)
    assert verdicts["klantcontact-400"].passed and verdicts["klantcontact-400"].exit_status == 1


def test_a_consumer_that_retries_forever_is_stopped_and_fails_where_it_retries(verifier: Verifier) -> None:
    chosen = select(
        [
            "happy-path",
            "klantcontact-400",
            "klantcontact-503",
            "actorklantcontact-timeout",
            "betrokkene-reset",
            "betrokkene-commit-then-fail",
            "compensating-delete-fails-once",
        ]
    )
    consumer = CommandConsumer([sys.executable, str(CONSUMERS / "retries_forever.py")])
    verdicts = {v.scenario.name: v for v in verifier.run_all(consumer, chosen)}
    failed = {name: {c.name: c.summary for c in v.failed} for name, v in verdicts.items() if not v.passed}
    assert set(failed) == {"klantcontact-503", "actorklantcontact-timeout", "betrokkene-reset"}, failed
    assert failed["klantcontact-503"]["bounded"].startswith("stopped: over the bound of 40 API calls")
    assert failed["betrokkene-reset"]["bounded"].startswith("stopped: over the bound of 40 API calls")
    assert failed["actorklantcontact-timeout"]["bounded"].startswith("stopped: still running after 6 s")
    assert all(verdicts[name].exit_status is None for name in failed)


PARTIJ_SCENARIOS = {f"partij-{kind}" for kind in (*PERSISTENT, "commit-then-fail")}
NO_PARTIJ_CALL = "the consumer never called partijenCreate: it has no partij step, which this scenario breaks"


def test_a_consumer_without_the_partij_step_is_not_exercised_by_the_partij_scenarios(
    matrix: Callable[[str, Consumer], list[Verdict]],
) -> None:
    verdicts = matrix("skips_partij", CallableConsumer(load("skips_partij")))
    states = {v.scenario.name: v.state for v in verdicts}
    assert {name for name, state in states.items() if state == "NOT EXERCISED"} == PARTIJ_SCENARIOS, report(verdicts)
    assert {name for name, state in states.items() if state == "FAIL"} == set(), report(verdicts)
    assert states["happy-path-new-partij"] == "PASS"  # the same consumer, judged the same way
    assert {v.not_exercised for v in verdicts if v.not_exercised} == {NO_PARTIJ_CALL}
    assert not any(v.passed for v in verdicts if v.not_exercised)  # never a pass
    assert dict(summarize(verdicts)) == {"scenarios": 25, "passed": 20, "failed": 0, "not_exercised": 5}
    assert verdict_report.table(verdicts).splitlines()[-6] == "20 of 25 scenarios passed, 5 not exercised"


def test_a_consumer_that_declares_the_partij_step_fails_when_it_never_takes_it() -> None:
    settings = VerifySettings(timeout=6.0, hang_seconds=2.0, declared={"partij": True})
    with Verifier(settings, jobs=2) as declared:
        verdicts = declared.run_all(CallableConsumer(load("skips_partij")), select(["partij-*"]))
    failed = {v.scenario.name: [c.name for c in v.failed] for v in verdicts if v.state == "FAIL"}
    # It completed where the fault should have made it roll back, and the fault never fired.
    assert failed == {
        **{name: ["exercised", "outcome"] for name in PARTIJ_SCENARIOS - {"partij-commit-then-fail"}},
        "partij-commit-then-fail": ["exercised"],  # either end is right after commit-then-fail
    }, report(verdicts)


def test_a_consumer_that_declares_no_partij_step_is_not_run_under_the_partij_scenarios() -> None:
    calls: list[str] = []

    def consumer(env: Mapping[str, str]) -> int:
        calls.append(env["KCC_BASE_URL"])
        return 0

    with Verifier(VerifySettings(declared={"partij": False})) as declared:
        verdicts = declared.run_all(CallableConsumer(consumer), select(["partij-*"]))
    assert {(v.scenario.name, v.state, v.calls) for v in verdicts} == {
        (n, "NOT EXERCISED", 0) for n in PARTIJ_SCENARIOS
    }
    assert {v.not_exercised for v in verdicts} == {
        "the consumer declares it has no partij step, which this scenario breaks"
    }
    assert calls == []

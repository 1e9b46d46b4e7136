"""Property mode: generated fault plans; a planted bug is found and shrunk to one rule, the reference survives."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kcc_mock.consumer.explore import EFFECTS, OPERATIONS, explore, fault_file, plans
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.consumer.scenarios import from_plan
from kcc_mock.http.flow import reference_consumer
from kcc_mock.http.verify import CallableConsumer, Verifier, VerifySettings
from kcc_mock.observe.faults import FaultPlan, parse_effect

NEVER_ROLLS_BACK = Path(__file__).parent / "consumers" / "never_rolls_back.py"


def never_rolls_back() -> Callable[[Mapping[str, str]], int]:
    """The planted consumer that leaves everything behind on a failure."""
    spec = importlib.util.spec_from_file_location("planted_never_rolls_back", NEVER_ROLLS_BACK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Callable[[Mapping[str, str]], int] = module.main
    return function


@pytest.fixture(scope="module")
def verifier() -> Iterator[Verifier]:
    """One mock on a loopback port; hangs end after 2 s."""
    with Verifier(VerifySettings(timeout=10.0, hang_seconds=2.0)) as running:
        yield running


@settings(max_examples=50, database=None)
@given(plans())
def test_every_drawn_plan_is_a_valid_fault_plan_of_transient_rules(drawn: tuple[str, dict[str, object]]) -> None:
    partij, plan = drawn
    rules = FaultPlan(seed=0).load(plan)
    assert partij in ("none", "known", "new") and 1 <= len(rules) <= 3
    assert all(rule.limit == 1 and rule.trigger.kind == "nth" and rule.match.operation in OPERATIONS for rule in rules)


@given(st.sampled_from(EFFECTS))
def test_every_effect_explore_draws_is_one_the_mock_knows(effect: dict[str, object]) -> None:
    assert parse_effect(effect).kind in ("status", "reset", "hang", "commit-then-fail")


def test_a_planted_bug_is_shrunk_to_one_rule_that_reproduces_it(verifier: Verifier) -> None:
    consumer = CallableConsumer(never_rolls_back())
    found = explore(lambda scenario: verifier.run(consumer, scenario), examples=10, seed=0)
    assert found.scenario is not None and found.verdict is not None, "no failing plan found"
    (rule,) = found.scenario.plan["faults"]
    assert (rule["trigger"], rule["limit"], found.scenario.partij) == ({"nth": 1}, 1, "none")
    assert "outcome" in {check.name for check in found.verdict.failed}

    text = fault_file(found, "python never_rolls_back.py", examples=10, seed=0)
    assert text.startswith("# Smallest fault plan found by `kcc-mock verify-consumer --explore 10 --seed 0`")
    assert (
        "# Reproduce: kcc-mock verify-consumer --faults THIS_FILE --partij none -- python never_rolls_back.py" in text
    )
    plan = yaml.safe_load(text)
    assert plan == dict(found.scenario.plan)
    again = verifier.run(consumer, from_plan("again", plan, "none"))
    assert not again.passed and again.outcome == "incomplete"


def test_the_reference_consumer_survives_the_explored_plans(verifier: Verifier) -> None:
    consumer = CallableConsumer(reference_consumer(timeout=0.5, policy=RetryPolicy(backoff=0.01)))
    found = explore(lambda scenario: verifier.run(consumer, scenario), examples=12, seed=1)
    assert found.scenario is None, found.verdict and [(c.name, c.summary) for c in found.verdict.failed]
    assert found.runs == 12


def test_exploring_stops_at_its_budget_of_consumer_runs(verifier: Verifier) -> None:
    consumer = CallableConsumer(never_rolls_back())
    found = explore(lambda scenario: verifier.run(consumer, scenario), examples=10, seed=0, budget=3)
    assert found.runs <= 3

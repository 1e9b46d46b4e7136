"""The fault plan as data: parsing, matching, triggers, limits and determinism."""

from __future__ import annotations

from typing import Any

import pytest

from kcc_mock.observe.faults import Call, Effect, FaultPlan, FaultPlanError, parse_effect, parse_header, parse_rule

POST_KC = Call("klantcontactenCreate", "POST", "/klantcontacten", {"referentienummer": "4711"})
GET_KC = Call("klantcontactenRetrieve", "GET", "/klantcontacten/abc", None)


def fired(plan: FaultPlan, calls: int, call: Call = POST_KC) -> list[int]:
    """The 1-based numbers of the calls a plan fires on."""
    return [number for number in range(1, calls + 1) if plan.decide(call) is not None]


def plan_with(**rule: Any) -> FaultPlan:
    """A plan holding one rule."""
    plan = FaultPlan(seed=7)
    plan.add({"effect": {"status": 503}, **rule})
    return plan


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        ("always", [1, 2, 3, 4, 5, 6]),
        ({"nth": 3}, [3]),
        ({"first": 2}, [1, 2]),
        ({"every": 2}, [2, 4, 6]),
        ({"after": 4}, [5, 6]),
    ],
)
def test_trigger_fires_on_the_calls_it_names(trigger: Any, expected: list[int]) -> None:
    assert fired(plan_with(trigger=trigger), 6) == expected


def test_limit_caps_the_firings() -> None:
    assert fired(plan_with(trigger={"after": 1}, limit=2), 6) == [2, 3]


def test_probability_is_reproducible_with_the_same_seed_and_differs_with_another() -> None:
    runs = [fired(plan_with(trigger={"probability": 0.5}), 40) for _ in range(2)]
    other = FaultPlan(seed=8)
    other.add({"effect": {"status": 503}, "trigger": {"probability": 0.5}})
    assert runs[0] == runs[1]
    assert 5 < len(runs[0]) < 35
    assert fired(other, 40) != runs[0]


def test_delay_range_draws_the_same_delays_for_the_same_seed() -> None:
    def delays() -> list[int]:
        plan = FaultPlan(seed=3)
        plan.add({"effect": {"delay": [10, 500]}})
        return [decision.delay_ms for decision in (plan.decide(POST_KC) for _ in range(10)) if decision]

    first = delays()
    assert first == delays()
    assert all(10 <= d <= 500 for d in first) and len(set(first)) > 1


def test_match_by_operation_method_path_and_body_field() -> None:
    assert fired(plan_with(match={"operation": "klantcontactenCreate"}), 1) == [1]
    assert fired(plan_with(match={"operation": "klantcontactenRetrieve"}), 1) == []
    assert fired(plan_with(match={"method": "get", "path": "/klantcontacten/*"}), 1, GET_KC) == [1]
    assert fired(plan_with(match={"method": "post", "path": "/klantcontacten/*"}), 1) == []
    assert fired(plan_with(match={"body": {"referentienummer": "4711"}}), 1) == [1]
    assert fired(plan_with(match={"body": {"referentienummer": "0"}}), 1) == []


def test_every_matching_rule_counts_but_the_first_to_fire_decides() -> None:
    plan = FaultPlan()
    plan.add({"id": "a", "effect": {"status": 500}, "trigger": {"nth": 2}})
    plan.add({"id": "b", "effect": {"status": 503}})
    decisions = [plan.decide(POST_KC) for _ in range(3)]
    assert [d.rule if d else None for d in decisions] == ["b", "a", "b"]
    assert [(r.calls, r.fired) for r in plan.rules] == [(3, 1), (3, 2)]


@pytest.mark.parametrize(
    ("spec", "effect"),
    [
        ({"status": 429, "retryAfter": 5}, Effect("status", status=429, retry_after=5)),
        ({"delay": 200}, Effect("delay", delay_ms=(200, 200))),
        ({"delay": [100, 300]}, Effect("delay", delay_ms=(100, 300))),
        ("hang", Effect("hang")),
        ({"reset": True}, Effect("reset")),
        ({"truncate": True}, Effect("truncate")),
        ({"malformed": True}, Effect("malformed")),
        ({"commitThenFail": 503}, Effect("commit-then-fail", status=503, then="status")),
        ({"commit-then-fail": "reset"}, Effect("commit-then-fail", then="reset")),
        ({"commitThenFail": "hang"}, Effect("commit-then-fail", then="hang")),
    ],
)
def test_effects_are_read_from_their_plan_form(spec: Any, effect: Effect) -> None:
    assert parse_effect(spec) == effect
    assert parse_effect(effect.to_dict()) == effect


@pytest.mark.parametrize(
    ("header", "effect"),
    [
        ("status=503", Effect("status", status=503)),
        ("status=429; retry-after=5", Effect("status", status=429, retry_after=5)),
        ("delay=2000", Effect("delay", delay_ms=(2000, 2000))),
        ("delay=100-500", Effect("delay", delay_ms=(100, 500))),
        ("reset", Effect("reset")),
        ("commit-then-fail=reset", Effect("commit-then-fail", then="reset")),
        ("commit-then-fail=502", Effect("commit-then-fail", status=502, then="status")),
    ],
)
def test_compact_header_form_uses_the_same_vocabulary(header: str, effect: Effect) -> None:
    assert parse_header(header) == effect


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"match": {}}, "needs an `effect`"),
        ({"effect": {"status": 418}}, "status must be one of"),
        ({"effect": {"status": 503, "delay": 5}}, "exactly one"),
        ({"effect": {"commitThenFail": 404}}, "5xx"),
        ({"effect": {"delay": [5, 1]}}, "low <= high"),
        ({"effect": "status"}, "must be an integer"),
        ({"effect": {"reset": True}, "trigger": {"nth": 0}}, "at least 1"),
        ({"effect": {"reset": True}, "trigger": {"sometimes": 1}}, "unknown trigger"),
        ({"effect": {"reset": True}, "trigger": {"probability": 2}}, "from 0 to 1"),
        ({"effect": {"reset": True}, "match": {"operationId": "x"}}, "unknown keys in `match`"),
        ({"effect": {"reset": True}, "when": "now"}, "unknown keys in a fault rule"),
    ],
)
def test_an_unclear_rule_is_refused_with_a_reason(rule: Any, message: str) -> None:
    with pytest.raises(FaultPlanError, match=message):
        parse_rule(rule, "r")


def test_loading_a_plan_is_all_or_nothing() -> None:
    plan = plan_with(id="kept")
    with pytest.raises(FaultPlanError, match=r"faults\[1\]"):
        plan.load({"faults": [{"effect": "reset"}, {"effect": {"status": 999}}]})
    assert [rule.id for rule in plan.rules] == ["kept"]
    plan.load({"seed": 5, "faults": [{"id": "x", "effect": "reset"}]})
    assert (plan.seed, [rule.id for rule in plan.rules]) == (5, ["x"])


def test_duplicate_ids_and_removal() -> None:
    plan = plan_with(id="one")
    with pytest.raises(FaultPlanError, match="exists already"):
        plan.add({"id": "one", "effect": "reset"})
    assert plan.remove("one") is True
    assert plan.remove("one") is False


def test_plan_round_trips_through_its_plan_form() -> None:
    plan = FaultPlan(seed=2)
    plan.add({"id": "a", "match": {"operation": "klantcontactenCreate"}, "effect": {"delay": [1, 2]}, "limit": 3})
    plan.add({"id": "b", "effect": {"commitThenFail": "hang"}, "trigger": {"every": 2}})
    copy = FaultPlan()
    copy.load(
        {
            "seed": 2,
            "faults": [{k: v for k, v in r.items() if k not in ("calls", "fired")} for r in plan.to_dict()["faults"]],
        }
    )
    assert copy.to_dict() == plan.to_dict()

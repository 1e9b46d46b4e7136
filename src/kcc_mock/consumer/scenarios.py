"""Consumer-verification scenarios, generated from a flow: a fault plan, an input variant and the expected end.

Per flow: the happy path of each variant (a get-or-create step finding its object, or creating it);
for every step a refusal (400), a server error on every try (503), no answer (timeout), a reset and
commit-then-fail, in the variant that reaches the step with something to lose; for a get-or-create
step that changes what it finds, the same five on that change; a compensating delete that fails
once; a slow provider. Every scenario starts from the flow's pre-existing objects, so that damage
to them shows. F2173 (`f2173.yaml`) is the default flow; its constants stay importable from here.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from kcc_mock.consumer.flows.loader import builtin
from kcc_mock.consumer.flows.model import Flow, FlowStep, operation_id

Expect = Literal["complete", "rollback", "either"]
Partij = str  # F2173's variants are named after the partij: "none", "known", "new"

F2173 = builtin("f2173")
ACTOR_UUID: str = F2173.values("known")["actor"]
KNOWN_PARTIJ_UUID: str = F2173.pre_existing["partijen"][0]["uuid"]
KNOWN_BSN: str = F2173.variant("known").inputs["partij_bsn"]  # both pass the 11-test
NEW_BSN: str = F2173.variant("new").inputs["partij_bsn"]
MAX_CALLS = F2173.max_calls  # the reference needs at most ~12 per scenario; 40 leaves room for other retry policies
PRE_EXISTING: Mapping[str, list[dict[str, Any]]] = F2173.pre_existing


@dataclass(frozen=True)
class Scenario:
    """One run of a consumer: the faults, the input variant, and what a correct consumer ends with."""

    name: str
    description: str
    plan: Mapping[str, Any]  # a fault plan in its file form: {seed, faults}
    expect: Expect
    inputs: str = "known"  # the flow's input variant
    max_calls: int = MAX_CALLS
    must_fire: bool = True  # every rule of the plan must fire, or the scenario tested nothing
    variant: str | None = None  # the optional step the faults break; None: every consumer's
    flow: Flow = F2173

    @property
    def partij(self) -> str:
        """The input variant (F2173 names its variants after the partij)."""
        return self.inputs

    def environment(self, base_url: str, token: str) -> dict[str, str]:
        """The variables a consumer gets for this scenario."""
        return {"KCC_BASE_URL": base_url, "KCC_TOKEN": token, **self.flow.environment(self.inputs)}


# Failure kind -> (effect, fires on every call?, expected end, what the consumer sees)
FAILURES: Mapping[str, tuple[dict[str, Any], bool, Expect, str]] = {
    "400": ({"status": 400}, True, "rollback", "answers 400: refused, nothing stored"),
    "503": ({"status": 503}, True, "rollback", "answers 503 on every try: nothing stored"),
    "timeout": ({"hang": True}, True, "rollback", "answers nothing until the consumer times out, every try"),
    "reset": ({"reset": True}, True, "rollback", "resets the connection on every try: nothing stored"),
    "commit-then-fail": (
        {"commitThenFail": "hang"},
        False,
        "either",
        "stores the object, then answers nothing until the consumer times out (once)",
    ),
}


def _step_scenario(flow: Flow, step: FlowStep, failure: str, update: bool = False) -> Scenario:
    effect, every_call, expect, seen = FAILURES[failure]
    name = f"{step.name}-update-{failure}" if update else f"{step.name}-{failure}"
    operation = operation_id(step.collection, "PartialUpdate") if update else step.operation
    match: dict[str, Any] = {"operation": operation}
    if step.match and not update:
        match["body"] = dict(step.match)
    rule: dict[str, Any] = {"id": name, "match": match, "effect": effect}
    if not every_call:
        rule["limit"] = 1
    ending = "roll back completely" if expect == "rollback" else "complete, or roll back completely"
    method, what = ("PATCH", f"{step.name} (the object it found)") if update else (step.method, step.name)
    return Scenario(
        name,
        f"{method} {what} {seen}; the consumer must {ending}",
        {"seed": 0, "faults": [rule]},
        expect,
        (step.update_variant if update else step.variant) or flow.variants[0].name,
        flow.max_calls,
        variant=step.name if step.optional else None,
        flow=flow,
    )


def scenarios(flow: Flow) -> tuple[Scenario, ...]:
    """Every scenario of a flow, happy paths first."""
    first = flow.variants[0].name
    happy = tuple(
        Scenario(
            v.scenario,
            v.about or f"no faults, variant {v.name}",
            _NO_FAULTS,
            "complete",
            v.name,
            flow.max_calls,
            flow=flow,
        )
        for v in flow.variants
    )
    failing = []
    for step in flow.steps:
        failing += [_step_scenario(flow, step, failure) for failure in FAILURES]
        if step.update_found is not None and step.update_variant is not None:
            failing += [_step_scenario(flow, step, failure, update=True) for failure in FAILURES]
    anchor = flow.anchor
    # The last create every consumer makes is refused, in the variant where it creates, after the anchor.
    refused = [s for s in flow.steps if s.kind != "update" and not s.optional and s is not anchor][-1]
    where = flow.compensation_variant or refused.variant or first
    compensation = {
        "seed": 0,
        "faults": [
            {"id": f"{refused.name}-400", "match": {"operation": refused.operation}, "effect": {"status": 400}},
            {
                "id": f"delete-{anchor.name}-503-once",
                "match": {"method": "DELETE", "path": f"/{anchor.collection}/*"},
                "effect": {"status": 503},
                "limit": 1,
            },
        ],
    }
    slow = {"seed": 1, "faults": [{"id": "slow", "effect": {"delay": [50, 200]}}]}
    return (
        *happy,
        *failing,
        Scenario(
            "compensating-delete-fails-once",
            f"{refused.name} refused; the first DELETE of the {anchor.name} answers 503: retry it",
            compensation,
            "rollback",
            where,
            flow.max_calls,
            flow=flow,
        ),
        Scenario(
            "slow-provider",
            "every call answers 50-200 ms late: the contact completes",
            slow,
            "complete",
            first,
            flow.max_calls,
            flow=flow,
        ),
    )


_NO_FAULTS: Mapping[str, Any] = {"seed": 0, "faults": []}
SCENARIOS: tuple[Scenario, ...] = scenarios(F2173)


def select(patterns: Sequence[str] | None, flow: Flow = F2173) -> list[Scenario]:
    """A flow's scenarios whose name matches any of the glob patterns (all when none are given)."""
    every = SCENARIOS if flow is F2173 else scenarios(flow)
    if not patterns:
        return list(every)
    unknown = [p for p in patterns if not any(fnmatch.fnmatchcase(s.name, p) for s in every)]
    if unknown:
        raise KeyError(f"no scenario matches {', '.join(unknown)}; see --list")
    return [s for s in every if any(fnmatch.fnmatchcase(s.name, p) for p in patterns)]


def from_plan(name: str, plan: Mapping[str, Any], partij: str | None = None, flow: Flow = F2173) -> Scenario:
    """A scenario for any fault plan (a file, or one explored): complete, or roll back completely."""
    variant = partij or flow.default_variant
    flow.variant(variant)  # an unknown variant is refused here, before anything runs
    description = "a given fault plan: complete, or roll back completely"
    return Scenario(name, description, plan, "either", variant, flow.max_calls, must_fire=False, flow=flow)

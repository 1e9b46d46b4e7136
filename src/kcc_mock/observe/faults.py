"""Fault switches as data: which calls fail, how, and when; decided at one choke point.

A plan is a list of rules. Each rule matches calls (by operationId, or method and path pattern,
optionally a body field), has an effect (an error status, latency, a hang, a connection reset, a
truncated or malformed body, or commit-then-fail) and a trigger (always, the Nth matching call,
the first N, every Nth, after N, or a seeded probability), optionally limited to a number of
firings. The same plan, seed and sequence of calls always give the same outcome.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Collection, Mapping
from typing import Any

from kcc_mock.observe.fault_parsing import (
    as_integer,
    parse_effect,
    parse_header,
    parse_match,
    parse_rule,
    parse_trigger,
)
from kcc_mock.observe.fault_rules import (
    AFTER_COMMIT,
    ERROR_STATUSES,
    KINDS,
    TRIGGERS,
    Call,
    Effect,
    Fault,
    FaultPlanError,
    Match,
    Rule,
    Trigger,
)

# The plan's parts are defined beside it; this module stays the one to import them from.
__all__ = [
    "AFTER_COMMIT",
    "ERROR_STATUSES",
    "KINDS",
    "TRIGGERS",
    "Call",
    "Effect",
    "Fault",
    "FaultPlan",
    "FaultPlanError",
    "Match",
    "Rule",
    "Trigger",
    "parse_effect",
    "parse_header",
    "parse_match",
    "parse_rule",
    "parse_trigger",
]


class FaultPlan:
    """The active rules, in order; the first rule that fires decides a call's fate."""

    def __init__(self, seed: int = 0, operations: Collection[str] | None = None) -> None:
        self.seed = seed
        self.operations = frozenset(operations) if operations is not None else None  # known operationIds
        self.rules: list[Rule] = []
        self._added = 0
        self._header_rng = random.Random(f"{seed}:header")  # noqa: S311 - repeatable faults, not secrets

    def add(self, spec: Mapping[str, Any]) -> Rule:
        """Add a rule from its plan-file form; raises FaultPlanError on anything unclear."""
        rule = parse_rule(spec, default_id=f"fault-{self._added + 1}")
        self._check_operation(rule.match.operation)
        if any(existing.id == rule.id for existing in self.rules):
            raise FaultPlanError(f"a fault with id {rule.id!r} exists already")
        rule.rng.seed(f"{self.seed}:{rule.id}")
        self._added += 1
        self.rules.append(rule)
        return rule

    def load(self, plan: Mapping[str, Any]) -> list[Rule]:
        """Replace the rules with a whole plan (`seed` and `faults`), all or nothing."""
        if not isinstance(plan, Mapping):
            raise FaultPlanError("a fault plan is an object with `faults` (a list) and an optional `seed`")
        unknown = set(plan) - {"seed", "faults"}
        if unknown:
            raise FaultPlanError(f"unknown keys in the plan: {sorted(unknown)}")
        specs = plan.get("faults", [])
        if not isinstance(specs, list):
            raise FaultPlanError("`faults` must be a list of rules")
        staged = FaultPlan(seed=as_integer(plan.get("seed", 0), "seed"), operations=self.operations)
        for index, spec in enumerate(specs):
            try:
                staged.add(spec)
            except FaultPlanError as error:
                raise FaultPlanError(f"faults[{index}]: {error}") from error
        self.seed, self.rules, self._added = staged.seed, staged.rules, staged._added
        self._header_rng.seed(f"{self.seed}:header")
        return self.rules

    def _check_operation(self, operation: str | None) -> None:
        """Refuse a match on an operationId the API does not have: such a rule would never fire."""
        if operation is None or self.operations is None or operation in self.operations:
            return
        close = difflib.get_close_matches(operation, sorted(self.operations), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise FaultPlanError(f"unknown operation {operation!r}{hint}")

    def remove(self, rule_id: str) -> bool:
        """Remove one rule; False when there is none with that id."""
        kept = [rule for rule in self.rules if rule.id != rule_id]
        removed = len(kept) != len(self.rules)
        self.rules = kept
        return removed

    def clear(self) -> None:
        """Remove every rule; header faults draw their delays from the start of the seed again."""
        self.rules = []
        self._added = 0
        self._header_rng.seed(f"{self.seed}:header")

    def header_fault(self, effect: Effect) -> Fault:
        """The fault a request's `X-Mock-Fault` header asks for, a delay range drawn from the seed."""
        delay = 0
        if effect.delay_ms is not None:
            low, high = effect.delay_ms
            delay = low if low == high else self._header_rng.randint(low, high)
        return Fault("header", effect, delay)

    def decide(self, call: Call) -> Fault | None:
        """The fault for a call, if any rule fires; every matching rule counts the call."""
        decision = None
        for rule in self.rules:
            if rule.consider(call, may_fire=decision is None):
                decision = Fault(rule.id, rule.effect, _draw_delay(rule))
        return decision

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form of the current plan."""
        return {"seed": self.seed, "faults": [rule.to_dict() for rule in self.rules]}


def _draw_delay(rule: Rule) -> int:
    if rule.effect.delay_ms is None:
        return 0
    low, high = rule.effect.delay_ms
    return low if low == high else rule.rng.randint(low, high)

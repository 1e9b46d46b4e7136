"""A fault rule and its parts as data: which calls it matches, its effect, its trigger, its counters.

`fault_parsing` reads them from the plan-file form; `faults.FaultPlan` holds the active rules.
"""

from __future__ import annotations

import fnmatch
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ERROR_STATUSES = (400, 401, 403, 404, 409, 429, 500, 502, 503, 504)
AFTER_COMMIT = ("reset", "hang")
KINDS = ("status", "delay", "hang", "reset", "truncate", "malformed", "commit-then-fail")
TRIGGERS = ("always", "nth", "first", "every", "after", "probability")


class FaultPlanError(ValueError):
    """A fault rule or plan that cannot be understood; the message says what is wrong."""


@dataclass(frozen=True)
class Call:
    """What the choke point knows of a request when it decides on a fault."""

    operation: str | None
    method: str
    path: str  # relative to the API's base path, e.g. /klantcontacten/<uuid>
    body: Any = None


@dataclass(frozen=True)
class Match:
    """Which calls a rule applies to; every given criterion must hold."""

    operation: str | None = None
    method: str | None = None
    path: str | None = None  # a glob on the relative path: /klantcontacten/*
    body: Mapping[str, Any] = field(default_factory=dict)  # dotted field -> value

    def matches(self, call: Call) -> bool:
        """Tell whether a call meets every criterion."""
        if self.operation is not None and call.operation != self.operation:
            return False
        if self.method is not None and call.method.upper() != self.method.upper():
            return False
        if self.path is not None and not fnmatch.fnmatchcase(call.path, self.path):
            return False
        return all(_dig(call.body, key) == value for key, value in self.body.items())

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form."""
        found = {"operation": self.operation, "method": self.method, "path": self.path}
        result: dict[str, Any] = {key: value for key, value in found.items() if value is not None}
        if self.body:
            result["body"] = dict(self.body)
        return result


@dataclass(frozen=True)
class Effect:
    """What happens to a call a rule fires on."""

    kind: str
    status: int | None = None  # for `status`, and for commit-then-fail answered with a status
    retry_after: int | None = None  # seconds, for 429/503
    delay_ms: tuple[int, int] | None = None  # a fixed delay has equal bounds
    then: str | None = None  # commit-then-fail: "status", "reset" or "hang"

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form."""
        if self.kind == "status":
            result: dict[str, Any] = {"status": self.status}
            if self.retry_after is not None:
                result["retryAfter"] = self.retry_after
            return result
        if self.kind == "delay":
            assert self.delay_ms is not None
            low, high = self.delay_ms
            return {"delay": low if low == high else [low, high]}
        if self.kind == "commit-then-fail":
            return {"commitThenFail": self.status if self.then == "status" else self.then}
        return {self.kind: True}


@dataclass(frozen=True)
class Trigger:
    """When a matching call fires the rule."""

    kind: str = "always"
    n: int = 1
    probability: float = 1.0

    def to_dict(self) -> Any:
        """The plan-file form."""
        if self.kind == "always":
            return "always"
        return {self.kind: self.probability if self.kind == "probability" else self.n}


@dataclass
class Rule:
    """A fault rule and its counters."""

    id: str
    match: Match
    effect: Effect
    trigger: Trigger = field(default_factory=Trigger)
    limit: int | None = None
    calls: int = 0
    fired: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def consider(self, call: Call, may_fire: bool = True) -> bool:
        """Count a matching call and tell whether the rule fires on it (never when not `may_fire`)."""
        if not self.match.matches(call):
            return False
        self.calls += 1
        if not may_fire or (self.limit is not None and self.fired >= self.limit):
            return False
        if _fires(self.trigger, self.calls, self.rng):
            self.fired += 1
            return True
        return False

    def to_dict(self) -> dict[str, Any]:
        """The plan-file form, with the counters."""
        result: dict[str, Any] = {"id": self.id, "match": self.match.to_dict(), "effect": self.effect.to_dict()}
        result |= {"trigger": self.trigger.to_dict(), "calls": self.calls, "fired": self.fired}
        if self.limit is not None:
            result["limit"] = self.limit
        return result


@dataclass(frozen=True)
class Fault:
    """A decision: this call gets this effect, because of this rule."""

    rule: str
    effect: Effect
    delay_ms: int = 0  # the delay drawn for this call, for a delay effect

    def to_dict(self) -> dict[str, Any]:
        """The journal's form."""
        drawn = {"delayMs": self.delay_ms} if self.effect.kind == "delay" else {}
        return {"rule": self.rule, **self.effect.to_dict(), **drawn}


def _fires(trigger: Trigger, calls: int, rng: random.Random) -> bool:
    if trigger.kind == "always":
        return True
    if trigger.kind == "nth":
        return calls == trigger.n
    if trigger.kind == "first":
        return calls <= trigger.n
    if trigger.kind == "every":
        return calls % trigger.n == 0
    if trigger.kind == "after":
        return calls > trigger.n
    return rng.random() < trigger.probability


def _dig(body: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(body, Mapping):
            return None
        body = body.get(key)
    return body

"""Fault switches as data: which calls fail, how, and when; decided at one choke point.

A plan is a list of rules. Each rule matches calls (by operationId, or method and path pattern,
optionally a body field), has an effect (an error status, latency, a hang, a connection reset, a
truncated or malformed body, or commit-then-fail) and a trigger (always, the Nth matching call,
the first N, every Nth, after N, or a seeded probability), optionally limited to a number of
firings. The same plan, seed and sequence of calls always give the same outcome.
"""

from __future__ import annotations

import difflib
import fnmatch
import random
from collections.abc import Collection, Mapping
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
        staged = FaultPlan(seed=_integer(plan.get("seed", 0), "seed"), operations=self.operations)
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


def parse_rule(spec: Any, default_id: str) -> Rule:
    """A rule from its plan-file form."""
    if not isinstance(spec, Mapping):
        raise FaultPlanError("a fault rule is an object with `match`, `effect` and optional `trigger`, `limit`, `id`")
    unknown = set(spec) - {"id", "match", "effect", "trigger", "limit"}
    if unknown:
        raise FaultPlanError(f"unknown keys in a fault rule: {sorted(unknown)}")
    if "effect" not in spec:
        raise FaultPlanError("a fault rule needs an `effect`")
    limit = spec.get("limit")
    return Rule(
        id=str(spec.get("id") or default_id),
        match=parse_match(spec.get("match", {})),
        effect=parse_effect(spec["effect"]),
        trigger=parse_trigger(spec.get("trigger", "always")),
        limit=None if limit is None else _positive(limit, "limit"),
    )


def parse_match(spec: Any) -> Match:
    """`{operation, method, path, body}`; an empty match applies to every API call."""
    if not isinstance(spec, Mapping):
        raise FaultPlanError("`match` is an object with operation, method, path and/or body")
    unknown = set(spec) - {"operation", "method", "path", "body"}
    if unknown:
        raise FaultPlanError(f"unknown keys in `match`: {sorted(unknown)}")
    body = spec.get("body", {})
    if not isinstance(body, Mapping):
        raise FaultPlanError("`match.body` maps dotted field names to values")
    texts = {key: spec.get(key) for key in ("operation", "method", "path")}
    for key, value in texts.items():
        if value is not None and not isinstance(value, str):
            raise FaultPlanError(f"`match.{key}` must be a string")
    return Match(texts["operation"], texts["method"], texts["path"], dict(body))


def parse_effect(spec: Any) -> Effect:
    """One effect: `{status: 503}`, `{delay: 200}`, `{delay: [100, 500]}`, `{hang: true}`,
    `{reset: true}`, `{truncate: true}`, `{malformed: true}`, `{commitThenFail: 503|reset|hang}`;
    a bare string names an effect without parameters ("reset")."""
    if isinstance(spec, str):
        spec = {spec: True}
    if not isinstance(spec, Mapping):
        raise FaultPlanError("`effect` is an object such as {status: 503} or {delay: 200}")
    keys = {_camel(key) for key in spec}
    effects = keys - {"retryAfter"}
    if len(effects) != 1:
        raise FaultPlanError(f"an effect names exactly one of {list(KINDS)}; got {sorted(spec)}")
    values = {_camel(key): value for key, value in spec.items()}
    kind = effects.pop()
    if kind == "status":
        status = _integer(values["status"], "status")
        if status not in ERROR_STATUSES:
            raise FaultPlanError(f"status must be one of {list(ERROR_STATUSES)}")
        retry = values.get("retryAfter")
        return Effect("status", status=status, retry_after=None if retry is None else _integer(retry, "retryAfter"))
    if "retryAfter" in values:
        raise FaultPlanError("retryAfter goes with a status effect")
    if kind == "delay":
        return Effect("delay", delay_ms=_delay(values["delay"]))
    if kind == "commitThenFail":
        return _commit_then_fail(values["commitThenFail"])
    if kind in ("hang", "reset", "truncate", "malformed"):
        if values[kind] is not True:
            raise FaultPlanError(f"`{kind}` takes true")
        return Effect(kind)
    raise FaultPlanError(f"unknown effect {kind!r}; known: {list(KINDS)}")


def parse_trigger(spec: Any) -> Trigger:
    """`always`, `{nth: 3}`, `{first: 2}`, `{every: 2}`, `{after: 5}` or `{probability: 0.3}`."""
    if spec == "always" or spec is None:
        return Trigger()
    if not isinstance(spec, Mapping) or len(spec) != 1:
        choices = "{nth|first|every|after|probability: value}"
        raise FaultPlanError(f"a trigger is 'always' or one of {choices}; got {spec!r}")
    ((kind, value),) = spec.items()
    if kind == "probability":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise FaultPlanError("probability is a number from 0 to 1")
        return Trigger("probability", probability=float(value))
    if kind not in TRIGGERS:
        raise FaultPlanError(f"unknown trigger {kind!r}; known: {list(TRIGGERS)}")
    return Trigger(kind, n=_positive(value, kind))


def parse_header(value: str) -> Effect:
    """The compact one-request form of `X-Mock-Fault`: `status=503`, `status=429;retry-after=5`,
    `delay=2000`, `delay=100-500`, `hang`, `reset`, `truncate`, `malformed`,
    `commit-then-fail=503|reset|hang`."""
    spec: dict[str, Any] = {}
    for part in (p.strip() for p in value.replace(",", ";").split(";")):
        if not part:
            continue
        key, has_value, raw = part.partition("=")
        spec[key.strip().lower()] = _header_value(raw.strip()) if has_value else True
    if not spec:
        raise FaultPlanError("X-Mock-Fault is empty")
    return parse_effect(spec)


def _header_value(raw: str) -> Any:
    if raw.isdigit():
        return int(raw)
    low, dash, high = raw.partition("-")
    if dash and low.isdigit() and high.isdigit():
        return [int(low), int(high)]
    return raw


def _commit_then_fail(value: Any) -> Effect:
    if value in AFTER_COMMIT:
        return Effect("commit-then-fail", then=value)
    status = _integer(value, "commitThenFail")
    if status < 500 or status not in ERROR_STATUSES:
        raise FaultPlanError("commitThenFail is a 5xx status (500, 502, 503, 504), 'reset' or 'hang'")
    return Effect("commit-then-fail", status=status, then="status")


def _delay(value: Any) -> tuple[int, int]:
    if isinstance(value, list) and len(value) == 2:
        low, high = (_integer(v, "delay") for v in value)
    else:
        low = high = _integer(value, "delay")
    if not 0 <= low <= high:
        raise FaultPlanError("delay is milliseconds, or [low, high] with 0 <= low <= high")
    return low, high


def _draw_delay(rule: Rule) -> int:
    if rule.effect.delay_ms is None:
        return 0
    low, high = rule.effect.delay_ms
    return low if low == high else rule.rng.randint(low, high)


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


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FaultPlanError(f"{name} must be an integer, got {value!r}")
    return value


def _positive(value: Any, name: str) -> int:
    number = _integer(value, name)
    if number < 1:
        raise FaultPlanError(f"{name} must be at least 1")
    return number


def _camel(key: str) -> str:
    head, *rest = key.replace("_", "-").split("-")
    return head + "".join(part.title() for part in rest)


def _dig(body: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(body, Mapping):
            return None
        body = body.get(key)
    return body

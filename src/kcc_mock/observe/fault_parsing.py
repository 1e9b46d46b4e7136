"""Reading fault rules from their plan-file form and from the `X-Mock-Fault` header.

Anything unclear raises FaultPlanError with a message that says what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kcc_mock.observe.fault_rules import (
    AFTER_COMMIT,
    ERROR_STATUSES,
    KINDS,
    TRIGGERS,
    Effect,
    FaultPlanError,
    Match,
    Rule,
    Trigger,
)


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
        status = as_integer(values["status"], "status")
        if status not in ERROR_STATUSES:
            raise FaultPlanError(f"status must be one of {list(ERROR_STATUSES)}")
        retry = values.get("retryAfter")
        return Effect("status", status=status, retry_after=None if retry is None else as_integer(retry, "retryAfter"))
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
    status = as_integer(value, "commitThenFail")
    if status < 500 or status not in ERROR_STATUSES:
        raise FaultPlanError("commitThenFail is a 5xx status (500, 502, 503, 504), 'reset' or 'hang'")
    return Effect("commit-then-fail", status=status, then="status")


def _delay(value: Any) -> tuple[int, int]:
    if isinstance(value, list) and len(value) == 2:
        low, high = (as_integer(v, "delay") for v in value)
    else:
        low = high = as_integer(value, "delay")
    if not 0 <= low <= high:
        raise FaultPlanError("delay is milliseconds, or [low, high] with 0 <= low <= high")
    return low, high


def as_integer(value: Any, name: str) -> int:
    """`value` when it is an integer (not a boolean); FaultPlanError naming `name` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FaultPlanError(f"{name} must be an integer, got {value!r}")
    return value


def _positive(value: Any, name: str) -> int:
    number = as_integer(value, name)
    if number < 1:
        raise FaultPlanError(f"{name} must be at least 1")
    return number


def _camel(key: str) -> str:
    head, *rest = key.replace("_", "-").split("-")
    return head + "".join(part.title() for part in rest)

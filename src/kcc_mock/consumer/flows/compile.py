"""A flow as a saga: its templates bound to one run's inputs, ready for the saga executor."""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from kcc_mock.consumer.flows.model import Flow, FlowStep
from kcc_mock.consumer.flows.templates import Scope, evaluate
from kcc_mock.consumer.saga import Known, Saga, Step


def new_referentienummer(clock: Callable[[], float] = time.time) -> str:
    """A fresh referentienummer: 10 digits (the API allows at most 10), unique per run in practice."""
    # Seconds within ~11 days plus 4 random digits: two runs collide only in the same second
    # with the same draw, and the provider's uniqueness rule would refuse the second one.
    return f"{int(clock()) % 1_000_000:06d}{secrets.randbelow(10_000):04d}"


_GENERATORS: Mapping[str, Callable[[], str]] = {
    "referentienummer": new_referentienummer,
    "uuid": lambda: str(uuid.uuid4()),
}


def run_inputs(flow: Flow, given: Mapping[str, Any]) -> dict[str, Any]:
    """One run's inputs: the constants, what is given, and a fresh value for each input made per run.

    An input read from the environment has no default here: its `value` is what verify-consumer gives.
    """
    values = {i.name: i.value for i in flow.inputs if i.value is not None and not i.env}
    values.update({name: value for name, value in given.items() if value is not None})
    for item in flow.inputs:
        if item.generate and values.get(item.name) is None:
            values[item.name] = _GENERATORS[item.generate]()
    return values


def from_environment(flow: Flow, env: Mapping[str, str]) -> dict[str, Any]:
    """The inputs a consumer reads from its environment (empty counts as not given)."""
    return {i.name: env[i.env] for i in flow.inputs if i.env and env.get(i.env)}


def saga(flow: Flow, inputs: Mapping[str, Any], clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> Saga:
    """The flow's saga for one run: every step's body, lookup and target bound to these inputs."""
    values = dict(inputs)

    def bind(template: Any) -> Callable[[Known], Any]:
        return lambda known: evaluate(template, Scope(values, known, clock))

    def step(flow_step: FlowStep) -> Step:
        taken = flow_step.taken(values)
        return Step(
            flow_step.name,
            flow_step.collection,
            bind(flow_step.body),
            lookup=bind(flow_step.lookup) if flow_step.lookup is not None else None,
            reuse_existing=flow_step.kind == "get-or-create",
            needed=lambda known: taken,
            compensate=flow_step.compensate,
            path=flow_step.path,
            uuid_at=flow_step.uuid_at,
            parts={part.name: (part.answer, part.found) for part in flow_step.parts},
            target=bind(flow_step.target) if flow_step.target is not None else None,
            update_found=bind(flow_step.update_found) if flow_step.update_found is not None else None,
        )

    return Saga(flow.title, tuple(step(s) for s in flow.steps), flow.rollback_order)

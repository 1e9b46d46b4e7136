"""The reference consumer over HTTP: any flow against a provider URL, its inputs from arguments or `KCC_*` variables."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kcc_mock.consumer.f2173 import Contact, new_referentienummer, registreer_klantcontact
from kcc_mock.consumer.flows import compile as compiled
from kcc_mock.consumer.flows.model import Flow
from kcc_mock.consumer.saga import RetryPolicy, SagaExecutor, SagaResult
from kcc_mock.http.client import HttpxProvider

ENVIRONMENT = ("KCC_BASE_URL", "KCC_TOKEN", "KCC_ACTOR_UUID")  # what verify-consumer gives every F2173 consumer


@dataclass(frozen=True)
class FlowTarget:
    """Where F2173 runs and as whom."""

    base_url: str
    token: str
    actor_uuid: str
    partij_bsn: str | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> FlowTarget:
        """From `KCC_BASE_URL`, `KCC_TOKEN`, `KCC_ACTOR_UUID` and optional `KCC_PARTIJ_BSN`."""
        missing = [name for name in ENVIRONMENT if not env.get(name)]
        if missing:
            raise KeyError(f"missing environment variables: {', '.join(missing)}")
        bsn = env.get("KCC_PARTIJ_BSN") or None
        return cls(env["KCC_BASE_URL"], env["KCC_TOKEN"], env["KCC_ACTOR_UUID"], bsn)


def run_flow(
    target: FlowTarget,
    referentienummer: str | None = None,
    timeout: float = 5.0,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SagaResult:
    """Register one klantcontact through F2173 (with its saga) at the target provider."""
    contact = Contact(target.actor_uuid, referentienummer or new_referentienummer(), partij_bsn=target.partij_bsn)
    with HttpxProvider(target.base_url, target.token, timeout) as client:
        return registreer_klantcontact(client, contact, policy, sleep)


def missing_inputs(flow: Flow, given: Mapping[str, Any]) -> list[str]:
    """The inputs read from the environment that every variant of the flow gives, and that are not given."""
    return [i.name for i in flow.inputs if i.env and i.name in flow.required and given.get(i.name) is None]


def run(
    flow: Flow,
    base_url: str,
    token: str,
    inputs: Mapping[str, Any],
    timeout: float = 5.0,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SagaResult:
    """Run a flow once at a provider: complete it, or leave nothing of it behind."""
    with HttpxProvider(base_url, token, timeout) as client:
        return SagaExecutor(client, policy, sleep).run(compiled.saga(flow, compiled.run_inputs(flow, inputs)))


def reference_consumer(
    timeout: float = 5.0, policy: RetryPolicy | None = None, flow: Flow | None = None
) -> Callable[[Mapping[str, str]], int]:
    """The reference consumer as an in-process consumer for `verify`: environment in, exit status out."""

    def consume(env: Mapping[str, str]) -> int:
        if flow is None:
            return run_flow(FlowTarget.from_environment(env), timeout=timeout, policy=policy).exit_code
        inputs = compiled.from_environment(flow, env)
        missing = missing_inputs(flow, inputs)
        if missing:
            raise KeyError(f"missing environment variables: {', '.join(flow.env_of(name) for name in missing)}")
        return run(flow, env["KCC_BASE_URL"], env["KCC_TOKEN"], inputs, timeout, policy).exit_code

    return consume

"""The reference consumer over HTTP: F2173 against a provider URL, from arguments or `KCC_*` variables."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kcc_mock.consumer.f2173 import Contact, new_referentienummer, registreer_klantcontact
from kcc_mock.consumer.saga import RetryPolicy, SagaResult
from kcc_mock.http.client import HttpxProvider

ENVIRONMENT = ("KCC_BASE_URL", "KCC_TOKEN", "KCC_ACTOR_UUID")  # what verify-consumer gives every consumer
OPTIONAL_ENVIRONMENT = ("KCC_PARTIJ_BSN",)


@dataclass(frozen=True)
class FlowTarget:
    """Where the flow runs and as whom."""

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


def reference_consumer(timeout: float = 5.0, policy: RetryPolicy | None = None) -> Callable[[Mapping[str, str]], int]:
    """The reference consumer as an in-process consumer for `verify`: environment in, exit status out."""

    def consume(env: Mapping[str, str]) -> int:
        return run_flow(FlowTarget.from_environment(env), timeout=timeout, policy=policy).exit_code

    return consume

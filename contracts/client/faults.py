"""The hook fault-injection rules need: a switch that makes the target misbehave on purpose.

`FaultSwitch` is what a rule sees. `MockFaultSwitch` implements it over the mock's fault plan
(`MockApp.faults`), so the in-process mock gets it automatically; `AdminFaultSwitch` drives a
served kcc-mock through its admin API (`--mock-admin`). Any other provider has none, and the rules
flagged `needs_faults` are not applicable there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

import httpx

from kcc_mock.observe.faults import FaultPlan

Effect = Literal["error", "commit-then-error", "timeout", "commit-then-timeout", "reset", "commit-then-reset"]

# The mock's plan-file form of each effect; `{status}` is filled in.
_MOCK_EFFECTS: dict[str, Any] = {
    "error": {"status": "{status}"},
    "commit-then-error": {"commitThenFail": "{status}"},
    "timeout": {"hang": True},
    "commit-then-timeout": {"commitThenFail": "hang"},
    "reset": {"reset": True},
    "commit-then-reset": {"commitThenFail": "reset"},
}


@dataclass(frozen=True)
class Fault:
    """One planned misbehaviour: on the next `times` matching calls, `effect` happens.

    `path` is relative to the API base and may contain `{uuid}` (`/klantcontacten/{uuid}`).
    `error` answers `status` with the API's error body and stores nothing; `commit-then-*`
    stores first, then answers `status`, hangs past the client's timeout, or drops the connection.
    """

    method: str
    path: str
    effect: Effect
    status: int = 503
    times: int = 1


class FaultSwitch(Protocol):
    """Installs and clears faults on a target."""

    def install(self, fault: Fault) -> None:
        """Arm a fault; it fires on the next matching calls."""

    def clear(self) -> None:
        """Disarm every fault."""


def plan_rule(fault: Fault) -> dict[str, Any]:
    """The fault as a rule of the kcc-mock's fault plan (its plan-file form), firing `times` times."""
    effect = {key: fault.status if value == "{status}" else value for key, value in _MOCK_EFFECTS[fault.effect].items()}
    match = {"method": fault.method, "path": fault.path.replace("{uuid}", "*")}
    return {"match": match, "effect": effect, "limit": fault.times}


class MockFaultSwitch:
    """A `FaultSwitch` over the fault plan of an in-process kcc-mock."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan

    def install(self, fault: Fault) -> None:
        """Add the fault to the mock's plan."""
        self.plan.add(plan_rule(fault))

    def clear(self) -> None:
        """Remove every rule of the mock's plan."""
        self.plan.clear()


class AdminFaultSwitch:
    """A `FaultSwitch` over a served kcc-mock's admin API (`/_mock/faults`, answered on loopback)."""

    def __init__(self, client: httpx.Client, admin_url: str, token: str) -> None:
        self.client = client
        self.admin_url = admin_url.rstrip("/")
        self.headers = {"Authorization": f"Token {token}"}

    def install(self, fault: Fault) -> None:
        """POST the fault to the admin API; a refusal means the target is no kcc-mock (or not reachable so)."""
        answer = self.client.post(f"{self.admin_url}/faults", json=plan_rule(fault), headers=self.headers)
        if answer.status_code != 201:
            raise RuntimeError(f"the mock's admin API refused the fault ({answer.status_code}): {answer.text[:200]}")

    def clear(self) -> None:
        """DELETE every fault through the admin API."""
        self.client.delete(f"{self.admin_url}/faults", headers=self.headers)

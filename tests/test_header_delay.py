"""`X-Mock-Fault: delay=LOW-HIGH` draws each call's delay from the range, repeatably from the seed."""

from __future__ import annotations

from conftest import Api

from kcc_mock.http.app import MockApp
from kcc_mock.observe.faults import FaultPlan, parse_header


def delays(raw: Api, app: MockApp, calls: int) -> list[int]:
    """The delays the journal records for `calls` GETs asking for delay=1-40."""
    for _ in range(calls):
        assert raw.get("/klantcontacten", headers={"X-Mock-Fault": "delay=1-40"}).status_code == 200
    return [entry.fault["delayMs"] for entry in app.journal.entries() if entry.fault]


def test_header_delay_range_varies_within_the_range_and_repeats_after_reset(raw: Api, app: MockApp) -> None:
    first = delays(raw, app, 12)
    assert len(first) == 12
    assert all(1 <= delay <= 40 for delay in first)
    assert len(set(first)) > 3  # not one fixed value (the lower bound was always taken)
    app.reset()
    assert delays(raw, app, 12) == first


def test_header_delay_follows_the_plan_seed() -> None:
    effect = parse_header("delay=100-500")
    one, same, other = FaultPlan(seed=1), FaultPlan(seed=1), FaultPlan(seed=2)
    draws = [[plan.header_fault(effect).delay_ms for _ in range(8)] for plan in (one, same, other)]
    assert draws[0] == draws[1]
    assert draws[0] != draws[2]
    assert all(100 <= delay <= 500 for delay in draws[0] + draws[2])
    assert FaultPlan().header_fault(parse_header("delay=250")).delay_ms == 250

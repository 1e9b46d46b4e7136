"""Property mode: hypothesis draws fault plans across the flow and shrinks a failure to the smallest.

A drawn plan has one to three rules, each a transient fault (it fires once, on the Nth call of one
of the flow's operations: its writes, then its lookups and reads, then its deletes) from a list
ordered simple to harsh, plus one of the flow's input variants. A correct consumer survives
every such plan: it completes, or rolls back completely, without duplicates, within its bound.
Each plan is run once (results are remembered, so shrinking never runs a plan twice) and the
total number of runs is capped, as every run is a real consumer run.
"""

from __future__ import annotations

import json
import random
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from kcc_mock.consumer.flows.model import Flow, operation_id
from kcc_mock.consumer.scenarios import F2173, Partij, Scenario, from_plan
from kcc_mock.consumer.verdicts import Verdict


def operations(flow: Flow) -> tuple[str, ...]:
    """The calls of a flow and its saga, the writes first: shrinking prefers earlier entries."""
    writes = [step.operation for step in flow.steps]
    writes += [operation_id(step.collection, "PartialUpdate") for step in flow.steps if step.update_found is not None]
    reads = [step.finder.operation_id for step in flow.steps if step.finder is not None and step.lookup is not None]
    reads += [
        operation_id(step.collection, "Retrieve") for step in flow.steps if step.kind == "update" or step.update_found
    ]
    deletes = [operation_id(step.collection, "Destroy") for step in flow.steps if step.kind != "update"]
    return tuple(dict.fromkeys([*writes, *reads, *deletes]))


OPERATIONS = operations(F2173)
EFFECTS: tuple[dict[str, Any], ...] = (
    {"status": 400},
    {"status": 503},
    {"reset": True},
    {"commitThenFail": 503},
    {"hang": True},
    {"commitThenFail": "reset"},
    {"commitThenFail": "hang"},
    {"status": 429, "retryAfter": 1},
)


@dataclass(frozen=True)
class Exploration:
    """What a property run found: the smallest breaking scenario (if any) and its verdict."""

    runs: int
    scenario: Scenario | None
    verdict: Verdict | None


def _rule(index: int, calls: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda operation, effect, nth: {
            "id": f"explored-{index}",
            "match": {"operation": operation},
            "effect": dict(effect),
            "trigger": {"nth": nth},
            "limit": 1,
        },
        st.sampled_from(calls),
        st.sampled_from(EFFECTS),
        st.integers(min_value=1, max_value=3),
    )


def plans(flow: Flow = F2173) -> st.SearchStrategy[tuple[Partij, dict[str, Any]]]:
    """An input variant of the flow and a fault plan of one to three transient rules."""
    calls = operations(flow)
    # Simplest first (fewest steps taken), so that shrinking ends on the simplest variant that still fails.
    variants = sorted((v.name for v in flow.variants), key=lambda v: sum(s.taken(flow.values(v)) for s in flow.steps))
    rules = st.integers(min_value=1, max_value=3).flatmap(lambda n: st.tuples(*(_rule(i + 1, calls) for i in range(n))))
    return st.tuples(st.sampled_from(variants), rules.map(lambda found: {"seed": 0, "faults": list(found)}))


def explore(
    run: Callable[[Scenario], Verdict],
    examples: int,
    seed: int = 0,
    budget: int | None = None,
    flow: Flow = F2173,
) -> Exploration:
    """Draw up to `examples` plans; on a failure, shrink it within `budget` consumer runs in all."""
    budget = budget if budget is not None else max(4 * examples, examples + 30)
    seen: dict[str, Verdict] = {}

    def breaks(drawn: tuple[Partij, dict[str, Any]]) -> bool:
        partij, plan = drawn
        key = json.dumps([partij, plan], sort_keys=True)
        if key not in seen:
            if len(seen) >= budget:
                return False  # out of runs: keep the smallest failure found so far
            seen[key] = run(from_plan("explored", plan, partij, flow))
        return not seen[key].passed

    options = settings(
        max_examples=examples,
        database=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    try:
        partij, plan = find(plans(flow), breaks, settings=options, random=random.Random(seed))  # noqa: S311 - repeatable draws, not secrets
    except NoSuchExample:
        return Exploration(len(seen), None, None)
    verdict = seen[json.dumps([partij, plan], sort_keys=True)]
    return Exploration(len(seen), verdict.scenario, verdict)


def fault_file(exploration: Exploration, command: str, examples: int, seed: int, path: str = "THIS_FILE") -> str:
    """The shrunk plan as a fault file, with comments saying what it breaks and how to rerun it from `path`."""
    assert exploration.scenario is not None and exploration.verdict is not None
    failed = ", ".join(check.name for check in exploration.verdict.failed)
    flow = exploration.scenario.flow
    lines = [
        f"# Smallest fault plan found by `kcc-mock verify-consumer --explore {examples} --seed {seed}`",
        f"# ({exploration.runs} consumer runs) that breaks: {command}",
        f"# Failed checks: {failed} (the run ended {exploration.verdict.outcome})",
        f"# Reproduce: kcc-mock verify-consumer {_flow_option(flow)}--faults {shlex.quote(path)}"
        f" {'--partij' if flow.name == 'f2173' else '--variant'} {exploration.scenario.inputs} -- {command}",
    ]
    plan: Mapping[str, Any] = exploration.scenario.plan
    return "\n".join(lines) + "\n" + yaml.safe_dump(dict(plan), sort_keys=False, default_flow_style=None)


def _flow_option(flow: Flow) -> str:
    """`--flow NAME ` (or the flow file) for any flow but the default."""
    if flow.source == F2173.source:
        return ""
    shown = flow.name if Path(flow.source).parent == Path(F2173.source).parent else flow.source
    return f"--flow {shlex.quote(shown)} "

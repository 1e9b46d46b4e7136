"""Property mode: hypothesis draws fault plans across the flow and shrinks a failure to the smallest.

A drawn plan has one to three rules, each a transient fault (it fires once, on the Nth call of one
operation) from a list ordered simple to harsh, plus the partij variant. A correct consumer survives
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
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from kcc_mock.consumer.scenarios import Partij, Scenario, from_plan
from kcc_mock.consumer.verdicts import Verdict

# The calls of the flow and its saga, the creates first: shrinking prefers earlier entries.
OPERATIONS = (
    "klantcontactenCreate",
    "actorklantcontactenCreate",
    "partijenCreate",
    "betrokkenenCreate",
    "klantcontactenList",
    "actorklantcontactenList",
    "partijenList",
    "betrokkenenList",
    "klantcontactenDestroy",
    "actorklantcontactenDestroy",
    "partijenDestroy",
    "betrokkenenDestroy",
)
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
PARTIJ_VARIANTS: tuple[Partij, ...] = ("none", "known", "new")


@dataclass(frozen=True)
class Exploration:
    """What a property run found: the smallest breaking scenario (if any) and its verdict."""

    runs: int
    scenario: Scenario | None
    verdict: Verdict | None


def _rule(index: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda operation, effect, nth: {
            "id": f"explored-{index}",
            "match": {"operation": operation},
            "effect": dict(effect),
            "trigger": {"nth": nth},
            "limit": 1,
        },
        st.sampled_from(OPERATIONS),
        st.sampled_from(EFFECTS),
        st.integers(min_value=1, max_value=3),
    )


def plans() -> st.SearchStrategy[tuple[Partij, dict[str, Any]]]:
    """A partij variant and a fault plan of one to three transient rules."""
    rules = st.integers(min_value=1, max_value=3).flatmap(lambda n: st.tuples(*(_rule(i + 1) for i in range(n))))
    return st.tuples(st.sampled_from(PARTIJ_VARIANTS), rules.map(lambda found: {"seed": 0, "faults": list(found)}))


def explore(run: Callable[[Scenario], Verdict], examples: int, seed: int = 0, budget: int | None = None) -> Exploration:
    """Draw up to `examples` plans; on a failure, shrink it within `budget` consumer runs in all."""
    budget = budget if budget is not None else max(4 * examples, examples + 30)
    seen: dict[str, Verdict] = {}

    def breaks(drawn: tuple[Partij, dict[str, Any]]) -> bool:
        partij, plan = drawn
        key = json.dumps([partij, plan], sort_keys=True)
        if key not in seen:
            if len(seen) >= budget:
                return False  # out of runs: keep the smallest failure found so far
            seen[key] = run(from_plan("explored", plan, partij))
        return not seen[key].passed

    options = settings(
        max_examples=examples,
        database=None,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    try:
        partij, plan = find(plans(), breaks, settings=options, random=random.Random(seed))  # noqa: S311 - repeatable draws, not secrets
    except NoSuchExample:
        return Exploration(len(seen), None, None)
    verdict = seen[json.dumps([partij, plan], sort_keys=True)]
    return Exploration(len(seen), verdict.scenario, verdict)


def fault_file(exploration: Exploration, command: str, examples: int, seed: int, path: str = "THIS_FILE") -> str:
    """The shrunk plan as a fault file, with comments saying what it breaks and how to rerun it from `path`."""
    assert exploration.scenario is not None and exploration.verdict is not None
    failed = ", ".join(check.name for check in exploration.verdict.failed)
    lines = [
        f"# Smallest fault plan found by `kcc-mock verify-consumer --explore {examples} --seed {seed}`",
        f"# ({exploration.runs} consumer runs) that breaks: {command}",
        f"# Failed checks: {failed} (the run ended {exploration.verdict.outcome})",
        f"# Reproduce: kcc-mock verify-consumer --faults {shlex.quote(path)}"
        f" --partij {exploration.scenario.partij} -- {command}",
    ]
    plan: Mapping[str, Any] = exploration.scenario.plan
    return "\n".join(lines) + "\n" + yaml.safe_dump(dict(plan), sort_keys=False, default_flow_style=None)

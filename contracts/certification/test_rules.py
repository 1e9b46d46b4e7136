"""One pytest test per certification rule, run in the rule book's order (SPEC-01 last)."""

from __future__ import annotations

import pytest

from contracts.certification.engine import Certification
from contracts.certification.results import Outcome, RuleResult
from contracts.certification.rulebook import Rule
from contracts.certification.rules import RULES


def explain(result: RuleResult) -> str:
    """The failure message with the exchanges that show it."""
    lines = [f"{result.rule.id} ({result.rule.level}): {result.message}", ""]
    lines += [sighting.as_text() + "\n" for sighting in result.deviations]
    lines += [exchange.as_text() + "\n" for exchange in result.shown_evidence]
    return "\n".join(lines)


@pytest.mark.parametrize("rule", [pytest.param(rule, id=rule.id) for rule in RULES])
def test_rule(rule: Rule, certification: Certification) -> None:
    """Check one rule against the provider under certification."""
    result = certification.run(rule)
    if result.outcome is Outcome.NOT_APPLICABLE:
        pytest.skip(f"not applicable: {result.message}")
    if result.outcome is Outcome.KNOWN_DEVIATION:
        pytest.xfail(f"known deviation of the reference: {explain(result)}")
    if result.outcome is Outcome.FAILED:
        pytest.fail(explain(result), pytrace=False)

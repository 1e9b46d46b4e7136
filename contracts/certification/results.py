"""Results of a certification run, shared by the engine and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from contracts.certification.rulebook import Level, Rule
from contracts.client.evidence import Exchange
from contracts.deviations.known import Sighting


class Outcome(StrEnum):
    """What a rule came to."""

    PASSED = "pass"
    FAILED = "fail"
    NOT_APPLICABLE = "not-applicable"
    KNOWN_DEVIATION = "known-deviation"  # failed in a way the reference itself is known to deviate


@dataclass
class RuleResult:
    """The outcome of one rule, with the exchanges behind it."""

    rule: Rule
    outcome: Outcome
    message: str = ""
    evidence: tuple[Exchange, ...] = ()  # the exchanges a failure cites
    exchanges: list[Exchange] = field(default_factory=list)  # everything the rule sent
    cleanup: list[Exchange] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    seconds: float = 0.0
    deviations: list[Sighting] = field(default_factory=list)  # what explains a known-deviation outcome

    @property
    def shown_evidence(self) -> list[Exchange]:
        """What a report shows for a failure: the cited exchanges, else the rule's last three."""
        return list(self.evidence) or self.exchanges[-3:]


@dataclass
class RunInfo:
    """What identifies a run: the provider, the spec, the toolkit and the seed."""

    provider: str
    spec_sha256: str
    toolkit_version: str
    seed: int
    actor: str  # "created by the suite" or the given uuid
    started: str
    api_version: str = ""  # the API version the provider is judged by (known after the pre-flight)
    seconds: float = 0.0
    leftovers: list[str] = field(default_factory=list)  # what the end-of-run cleanup could not delete
    not_run: list[str] = field(default_factory=list)  # registered rules a selection (pytest -k) left out
    waived: list[str] = field(default_factory=list)  # rules the run was told it may leave unjudged (--waive)
    later_version: list[str] = field(default_factory=list)  # rules of a feature the judged version lacks


@dataclass
class RunReport:
    """Every rule's result and the run's identity."""

    info: RunInfo
    results: list[RuleResult]
    required: frozenset[str] = frozenset()  # every required rule of the suite, run or not

    @property
    def _required(self) -> frozenset[str]:
        return self.required | {r.rule.id for r in self.results if r.rule.level is Level.REQUIRED}

    @property
    def provider_results(self) -> list[RuleResult]:
        """The results that judge the provider: every rule but the checks of the mock's own fault layer."""
        return [r for r in self.results if not r.rule.needs_faults]

    @property
    def fault_layer_results(self) -> list[RuleResult]:
        """The FAULT rules: they test kcc-mock's fault injection and never count toward a certification."""
        return [r for r in self.results if r.rule.needs_faults]

    def failed(self, level: Level | None = None) -> list[RuleResult]:
        """Failed rules that judge the provider, optionally of one level."""
        return [
            r for r in self.provider_results if r.outcome is Outcome.FAILED and (level is None or r.rule.level is level)
        ]

    @property
    def unjudged(self) -> list[str]:
        """Required rules that did not run (left out, or not applicable here) and were not waived."""
        ran = {r.rule.id: r for r in self.results}
        missing = [r.rule.id for r in self.provider_results if r.outcome is Outcome.NOT_APPLICABLE]
        missing += [rule_id for rule_id in self.info.not_run if rule_id not in ran]
        excused = {*self.info.waived, *self.info.later_version}
        return [rule_id for rule_id in missing if rule_id in self._required and rule_id not in excused]

    @property
    def leftovers(self) -> list[str]:
        """Everything the suite created and could not delete again, by any rule or at the end of the run."""
        return [item for result in self.results for item in result.leftovers] + self.info.leftovers

    @property
    def certified(self) -> bool:
        """True when every required rule ran (or was waived) and passed, and nothing was left behind."""
        return not self.failed(Level.REQUIRED) and not self.leftovers and not self.unjudged

    def counts(self, results: list[RuleResult] | None = None) -> dict[Outcome, int]:
        """Number of rules per outcome (default: the rules that judge the provider)."""
        chosen = self.provider_results if results is None else results
        return {outcome: sum(r.outcome is outcome for r in chosen) for outcome in Outcome}

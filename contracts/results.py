"""Results of a certification run, shared by the engine and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .evidence import Exchange
from .known_deviations import Sighting
from .rulebook import Level, Rule


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
    seconds: float = 0.0
    leftovers: list[str] = field(default_factory=list)  # what the end-of-run cleanup could not delete
    not_run: list[str] = field(default_factory=list)  # registered rules a selection (pytest -k) left out


@dataclass
class RunReport:
    """Every rule's result and the run's identity."""

    info: RunInfo
    results: list[RuleResult]

    def failed(self, level: Level | None = None) -> list[RuleResult]:
        """Failed rules, optionally of one level."""
        return [r for r in self.results if r.outcome is Outcome.FAILED and (level is None or r.rule.level is level)]

    @property
    def leftovers(self) -> list[str]:
        """Everything the suite created and could not delete again, by any rule or at the end of the run."""
        return [item for result in self.results for item in result.leftovers] + self.info.leftovers

    @property
    def certified(self) -> bool:
        """True when every required rule passed (not-applicable rules do not count) and nothing was left behind."""
        return not self.failed(Level.REQUIRED) and not self.leftovers

    def counts(self) -> dict[Outcome, int]:
        """Number of rules per outcome."""
        return {outcome: sum(r.outcome is outcome for r in self.results) for outcome in Outcome}

"""Rules as data: an id, what it checks, its level, and one plain function that checks it.

Every check has the same signature, `check(ctx: Context) -> None`. It raises `RuleFailure` when
the provider breaks the rule and `NotApplicable` when the rule cannot be judged on this target;
returning normally means the rule passed. Rules register themselves with `RuleBook.rule`, so adding
one never touches the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contracts.certification.context import Context

Check = Callable[["Context"], None]


class Level(StrEnum):
    """How much a rule weighs: a required rule decides the verdict, a recommended one only informs."""

    REQUIRED = "required"
    RECOMMENDED = "recommended"


@dataclass(frozen=True)
class Rule:
    """One certification rule."""

    id: str
    title: str
    level: Level
    source: str
    check: Check
    needs_faults: bool = False  # needs the mock's fault switches (issue #3)
    creates_actors: bool = False  # creates (and deletes) actors of its own
    needs: tuple[str, ...] = ()  # "Schema.property" the judged API version must have (added in a later one)


class RuleBook:
    """The registry of rules, in the order they are registered."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def rule(
        self,
        rule_id: str,
        title: str,
        *,
        level: Level = Level.REQUIRED,
        source: str,
        needs_faults: bool = False,
        creates_actors: bool = False,
        needs: tuple[str, ...] = (),
    ) -> Callable[[Check], Check]:
        """Register the decorated function as the check of a rule."""

        def register(check: Check) -> Check:
            if rule_id in self._rules:
                raise ValueError(f"rule {rule_id} is registered twice")
            self._rules[rule_id] = Rule(rule_id, title, level, source, check, needs_faults, creates_actors, needs)
            return check

        return register

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

"""Every certification rule, registered in one place, in the order a run checks them.

To add a rule, write a check in one of these modules (or a new one imported here) and decorate it
with `BOOK.rule(...)`; the engine, the pytest front end and the reports pick it up unchanged.
The run order is by group: the flow, the saga, the invariants, the fault scenarios, and SPEC-01
last, because it judges every response the rules before it received.
"""

from __future__ import annotations

from contracts.certification.rulebook import Rule
from contracts.certification.rules import conformance, faults, flow, protocol, relations, saga, validation
from contracts.certification.rules.book import BOOK

__all__ = ["BOOK", "RULES", "conformance", "faults", "flow", "protocol", "relations", "saga", "validation"]

_GROUPS = ("FLOW", "SAGA", "INV", "FAULT", "SPEC")


def _position(rule: Rule) -> tuple[int, str]:
    group, _, number = rule.id.partition("-")
    return _GROUPS.index(group), number


RULES: tuple[Rule, ...] = tuple(sorted(BOOK, key=_position))

"""The one rule book every rule module registers into."""

from __future__ import annotations

from contracts.certification.rulebook import RuleBook

BOOK = RuleBook()

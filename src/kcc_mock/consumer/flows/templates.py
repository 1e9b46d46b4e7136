"""Flow templates: request bodies and queries built from a run's inputs and its earlier steps' results.

A string `${expression}` is replaced by the value the expression names; a string that is exactly one
`${...}` keeps the value's type (a boolean, an object), one with other text around it becomes text.
Expressions: `inputs.NAME`, `steps.STEP` (the uuid of the step's object), `steps.STEP.PART` (the
uuid of a part a step created with it, such as the betrokkene of a maak-klantcontact), `now` (an ISO
date-time) and `today` (an ISO date); `a|b` takes the first of its alternatives that is available.
A mapping key ending in `?` is left out when what its value refers to is not available in this run
(an input not given, a step not taken); any other reference to something unavailable is an error.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_EXPRESSION = re.compile(rf"^(inputs\.{_NAME}|steps\.{_NAME}(\.{_NAME})?|now|today)$")


class Unavailable(LookupError):
    """What a template refers to is not known in this run: an input not given, a step not taken."""


@dataclass(frozen=True)
class Scope:
    """What templates may refer to: the inputs, what the steps so far made, and a clock."""

    inputs: Mapping[str, Any]
    known: Mapping[str, str]  # step name (or `step.part`) -> uuid
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def lookup(self, expression: str) -> Any:
        """The value of one expression; alternatives (`a|b`) give the first available."""
        for alternative in expression.split("|"):
            name = alternative.strip()
            if name == "now":
                return self.clock().isoformat().replace("+00:00", "Z")
            if name == "today":
                return self.clock().date().isoformat()
            kind, _, rest = name.partition(".")
            value = (self.inputs if kind == "inputs" else self.known).get(rest)
            if value is not None:
                return copy.deepcopy(value)  # a body may be changed by its user; the input stays
        raise Unavailable(expression)


def evaluate(template: Any, scope: Scope) -> Any:
    """The template with every reference replaced; raises `Unavailable` for a required one."""
    if isinstance(template, str):
        whole = _REFERENCE.fullmatch(template)
        if whole:
            return scope.lookup(whole.group(1))
        return _REFERENCE.sub(lambda found: str(scope.lookup(found.group(1))), template)
    if isinstance(template, list):
        return [evaluate(item, scope) for item in template]
    if isinstance(template, dict):
        result = {}
        for key, value in template.items():
            if key.endswith("?"):
                try:
                    result[key[:-1]] = evaluate(value, scope)
                except Unavailable:
                    continue
            else:
                result[key] = evaluate(value, scope)
        return result
    return template


def references(template: Any, required_only: bool = False) -> Iterator[tuple[str, ...]]:
    """Every `${...}` of a template as its alternatives; `required_only` skips values of optional keys."""
    if isinstance(template, str):
        for found in _REFERENCE.finditer(template):
            yield tuple(part.strip() for part in found.group(1).split("|"))
    elif isinstance(template, list):
        for item in template:
            yield from references(item, required_only)
    elif isinstance(template, dict):
        for key, value in template.items():
            if not (required_only and key.endswith("?")):
                yield from references(value, required_only)


def expressions(template: Any) -> Iterator[str]:
    """Every expression a template uses, alternatives split."""
    for alternatives in references(template):
        yield from alternatives


def well_formed(expression: str) -> bool:
    """Whether an expression (one alternative) has a known form."""
    return _EXPRESSION.match(expression) is not None


@dataclass(frozen=True)
class Link:
    """A reference field of a body: `wasPartij: {uuid: ${steps.partij}}`, as the flow says it must be linked."""

    field: str
    expressions: tuple[tuple[str, ...], ...]  # per linked object, its alternatives (a list field links several)
    optional: bool  # the key ends in `?`


def links(body: Any) -> list[Link]:
    """The top-level reference fields of a body template: `{uuid: ${...}}` or a list of them."""
    found: list[Link] = []
    if not isinstance(body, dict):
        return found
    for key, value in body.items():
        items = value if isinstance(value, list) else [value]
        refs = [_uuid_reference(item) for item in items]
        if items and all(ref is not None for ref in refs):
            alternatives = tuple(tuple(part.strip() for part in ref.split("|")) for ref in refs if ref is not None)
            found.append(Link(key.removesuffix("?"), alternatives, key.endswith("?")))
    return found


def _uuid_reference(value: Any) -> str | None:
    if isinstance(value, dict) and set(value) == {"uuid"} and isinstance(value["uuid"], str):
        whole = _REFERENCE.fullmatch(value["uuid"])
        return whole.group(1) if whole else None
    return None

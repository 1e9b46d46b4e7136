"""How a run ended in the store, held against its flow: completed, rolled back, or neither (and why).

Completed: exactly one new object of the flow's anchor step (the klantcontact) is left, every step
the run's inputs take has its object (a create: exactly one new object linked as the body says; a
get-or-create: one its lookup finds; an update: its object changed as the body says), and nothing
else the run created is left but what belongs to the contact. Rolled back: nothing the run created
is left. A step the flow marks optional, and what refers to it, is never demanded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kcc_mock.consumer.flows.model import Flow, FlowStep
from kcc_mock.consumer.flows.templates import Link, Scope, Unavailable, evaluate, expressions, links
from kcc_mock.observe.journal import Entry
from kcc_mock.provider.listing import Filters
from kcc_mock.provider.store import Record, Store

if TYPE_CHECKING:
    from kcc_mock.consumer.scenarios import Scenario

Key = tuple[str, str]  # (collection, uuid)


@dataclass(frozen=True)
class Evidence:
    """What a run left: its exchanges, what they created, the store, and how the consumer ended."""

    entries: Sequence[Entry]
    created: Sequence[Key]  # from 201 bodies and commit-then-fail's committed bodies
    store: Store
    actor_uuid: str
    before: Mapping[Key, Record]  # pre-existing objects as they were before the run
    exit_status: int | None  # None when the consumer was stopped
    stopped: str | None = None  # why the runner stopped it (over time, over the call bound)
    duration: float = 0.0
    dropped: int = 0  # exchanges the journal had to drop
    output: str = ""


@dataclass(frozen=True)
class Outcome:
    """How the run ended in the store: completed, rolled back, or neither (and why)."""

    kind: str  # "completed" | "rolled-back" | "incomplete"
    klantcontact: str | None  # the anchor step's object
    leftovers: tuple[Key, ...]
    problems: tuple[str, ...]
    resolved: Mapping[str, str] | None = None  # step -> the object that is its, when completed
    counts: tuple[tuple[str, int], ...] = ()  # (label, objects linking the anchor) per step that links it


def classify(evidence: Evidence, scenario: Scenario) -> Outcome:
    """Completed, rolled back, or incomplete, for the scenario's flow and input variant."""
    flow = scenario.flow
    store = evidence.store
    leftovers = tuple(dict.fromkeys(key for key in evidence.created if store.exists(*key)))
    if not leftovers:
        return Outcome("rolled-back", None, (), ())
    anchor = flow.anchor
    contacts = [uuid for name, uuid in leftovers if name == anchor.collection]
    if len(contacts) != 1:
        problem = f"no {anchor.name}" if not contacts else f"{len(contacts)} {anchor.collection}"
        return Outcome("incomplete", None, leftovers, (f"{problem} left of this run: {_keys(leftovers)}",))
    contact = contacts[0]
    resolver = _Resolver(flow, flow.values(scenario.inputs), evidence, f"{anchor.collection}/{contact}")
    resolver.resolved[anchor.name] = contact
    resolver.parts(anchor, contact)
    for step in flow.steps:
        if step is not anchor and step.taken(resolver.values):
            resolver.resolve(step)
    problems = resolver.problems
    strays = [key for key in leftovers if key not in _family(store, (anchor.collection, contact), leftovers)]
    if strays:
        problems.append(f"left objects that belong to no registered contact: {_keys(strays)}")
    counts = tuple(
        (step.label, len(store.referrers(step.collection, link.field, contact)))
        for step in flow.steps
        for link in step.links
        if not link.optional and (f"steps.{anchor.name}",) in link.expressions
    )
    kind = "incomplete" if problems else "completed"
    return Outcome(kind, contact, leftovers, tuple(problems), dict(resolver.resolved), counts)


def changes_allowed(outcome: Outcome, scenario: Scenario, before: Mapping[Key, Record]) -> dict[Key, set[str]]:
    """The fields of pre-existing objects a run that went ahead changes as its flow says (an update's body).

    A rolled-back run changes nothing; an incomplete one is reported by the outcome, not here again.
    """
    if outcome.resolved is None:
        return {}
    allowed: dict[Key, set[str]] = {}
    for step in scenario.flow.steps:
        body = step.body if step.kind == "update" else step.update_found
        uuid = outcome.resolved.get(step.name)
        if body is not None and uuid is not None and (step.collection, uuid) in before:
            allowed[(step.collection, uuid)] = {key.removesuffix("?") for key in body}
    return allowed


class _Resolver:
    """Finds, step by step, the object that is each step's, and says what is missing."""

    def __init__(self, flow: Flow, values: Mapping[str, Any], evidence: Evidence, anchor: str) -> None:
        self.flow = flow
        self.values = values
        self.evidence = evidence
        self.store = evidence.store
        self.anchor = anchor
        self.resolved: dict[str, str] = {}
        self.problems: list[str] = []
        self.optional = {step.name for step in flow.steps if step.optional}
        self.about = {i.name: i.about or i.name for i in flow.inputs}

    def resolve(self, step: FlowStep) -> None:
        scope = Scope(self.values, self.resolved)
        if step.kind == "update":
            try:
                target = str(evaluate(step.target, scope))
            except Unavailable:
                return
            self.resolved[step.name] = target
            self._updated(step, target, step.body)
            return
        if step.kind == "get-or-create":
            assert step.lookup is not None and step.finder is not None
            try:
                query = {key: [str(value)] for key, value in evaluate(step.lookup, scope).items()}
            except Unavailable:
                return
            found = [record["uuid"] for record in Filters(self.store).select(step.finder, query)]
            if not found:
                self._missing(step, f"no {step.name} that its lookup finds ({_query(query)})")
                return
            found.sort(key=lambda uuid: (step.collection, uuid) not in self.evidence.before)
            self.resolved[step.name] = found[0]
            if step.update_found is not None and (step.collection, found[0]) in self.evidence.before:
                self._updated(step, found[0], step.update_found)
            return
        wanted = self._links(step.links)
        if wanted is None:
            return  # it links a step that is missing: that one is reported
        candidates = [
            uuid
            for uuid, record in self.store.tables[step.collection].items()
            if (step.collection, uuid) not in self.evidence.before and all(_holds(record, f, v) for f, v in wanted)
        ]
        if not candidates:
            inputs = [
                self.about[expression.split(".", 1)[1]]
                for link in step.links
                if not link.optional
                for alternatives in link.expressions
                for expression in alternatives
                if expression.startswith("inputs.")
            ]
            linking = f" linking {' and '.join(dict.fromkeys(inputs))}" if inputs else ""
            self._missing(step, f"{self.anchor} has no {step.name}{linking}")
            return
        if len(candidates) > 1:  # the flow makes one: a second is a create repeated, not a choice
            made = ", ".join(f"{step.collection}/{uuid}" for uuid in candidates)
            many = f"{len(candidates)} {step.name} objects"
            self.problems.append(f"{self.anchor} has {many} where the flow makes one: {made}")
        self.resolved[step.name] = candidates[0]
        self.parts(step, candidates[0])

    def parts(self, step: FlowStep, uuid: str) -> None:
        """The parts a step created with its object, each linked as its part of the body says."""
        for part in step.parts:
            wanted = self._links(links(part.body)) or []
            found = [
                key
                for key in self.store.referrers(part.collection, part.link, uuid)
                if all(_holds(_record(self.store, part.collection, key), f, v) for f, v in wanted)
            ]
            if found:
                self.resolved[f"{step.name}.{part.name}"] = found[0]
            else:
                self.problems.append(f"{step.collection}/{uuid} has no {part.name}")

    def _links(self, found: list[Link]) -> list[tuple[str, list[str]]] | None:
        """The reference fields an object must have, with the objects they must point at; None when one
        points at a step that is missing (that step is reported, not this one)."""
        wanted = []
        for link in found:
            if any(self._names_optional(alternatives) for alternatives in link.expressions):
                continue  # a consumer may leave an optional step, and what refers to it, out
            targets = [self._value(alternatives) for alternatives in link.expressions]
            if any(target is None for target in targets):
                if link.optional:
                    continue
                return None
            wanted.append((link.field, [target for target in targets if target is not None]))
        return wanted

    def _value(self, alternatives: tuple[str, ...]) -> str | None:
        for expression in alternatives:
            kind, _, name = expression.partition(".")
            value = (self.values if kind == "inputs" else self.resolved).get(name)
            if value is not None:
                return str(value)
        return None

    def _names_optional(self, alternatives: tuple[str, ...]) -> bool:
        return any(e.startswith("steps.") and e.split(".")[1] in self.optional for e in alternatives)

    def _updated(self, step: FlowStep, uuid: str, body: Any) -> None:
        record = self.store.get(step.collection, uuid)
        if record is None:
            self._missing(step, f"{step.collection}/{uuid}, which {step.name} changes, is gone")
            return
        scope = Scope(self.values, self.resolved)
        for key, template in (body or {}).items():
            if any(e in ("now", "today") for e in expressions(template)):
                if record.get(key) is None:
                    self.problems.append(f"{step.collection}/{uuid} was not changed as {step.name} says: no {key}")
                continue
            expected = evaluate(template, scope)
            if record.get(key) != expected:
                self.problems.append(
                    f"{step.collection}/{uuid} was not changed as {step.name} says: "
                    f"{key} is {record.get(key)!r}, not {expected!r}"
                )

    def _missing(self, step: FlowStep, problem: str) -> None:
        if not step.optional:
            self.problems.append(problem)


def _holds(record: Record, field: str, targets: list[str]) -> bool:
    value = record.get(field)
    if isinstance(value, list):
        return set(targets) <= set(value)
    return len(targets) == 1 and value == targets[0]


def _query(query: Mapping[str, list[str]]) -> str:
    return "&".join(f"{key}={values[0]}" for key, values in query.items())


def _record(store: Store, name: str, uuid: str) -> Record:
    return store.get(name, uuid) or {}


def _references(store: Store, name: str, record: Record) -> set[str]:
    found: set[str] = set()
    for key in store.resources[name].references:
        value = record.get(key)
        found |= set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


def _family(store: Store, anchor: Key, leftovers: Iterable[Key]) -> set[Key]:
    """The contact and the leftovers tied to it by references either way (links, betrokkenen, partij)."""
    family = {anchor}
    uuids = {anchor[1]}
    pending = [key for key in leftovers if key not in family]
    grew = True
    while grew:  # at most one pass per leftover
        grew = False
        for key in list(pending):
            refs = _references(store, key[0], _record(store, *key))
            referred = any(key[1] in _references(store, n, _record(store, n, u)) for n, u in family)
            if refs & uuids or referred:
                family.add(key)
                uuids.add(key[1])
                pending.remove(key)
                grew = True
    return family


def _keys(keys: Iterable[Key]) -> str:
    return ", ".join(f"{name}/{uuid}" for name, uuid in keys)

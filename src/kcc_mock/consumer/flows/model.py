"""A consumer's flow as data: its inputs, the variants of those inputs, its steps and the objects it starts from.

Built by `loader` from a flow file; turned into a saga by `compile`, into scenarios by
`consumer.scenarios` and held against the store by `consumer.outcome`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from kcc_mock.consumer.flows.templates import Link, expressions, links
from kcc_mock.provider.spec import Operation

Kind = Literal["create", "get-or-create", "update"]


@dataclass(frozen=True)
class Input:
    """One value a consumer works with: from its environment, a constant, or made fresh per run."""

    name: str
    about: str = ""
    env: str | None = None  # the environment variable verify-consumer gives it in
    value: Any = None  # the value when no variant says otherwise; None: not given
    generate: str | None = None  # "referentienummer" or "uuid": the consumer makes a fresh one per run


@dataclass(frozen=True)
class Variant:
    """A set of input values: one way into the flow (a partij found or registered, an actor found or created)."""

    name: str
    about: str
    scenario: str  # the name of its happy path
    inputs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """An object a step creates with its own, such as the betrokkene of a maak-klantcontact."""

    name: str
    collection: str
    answer: str  # dotted path of its uuid in the create's answer
    found: str  # dotted path of its uuid in the step object found by a lookup
    link: str  # its field that refers to the step's object
    body: Any = None  # its part of the request body


@dataclass(frozen=True)
class FlowStep:
    """One write of the flow, how to find its object again, and how to undo it."""

    name: str
    operation: str
    kind: Kind
    method: str
    path: str  # the request path; for an update, the collection's (the target's uuid follows)
    collection: str  # where the step's object lives (and where its lookup searches)
    body: Any
    lookup: Mapping[str, Any] | None = None
    target: str | None = None  # update: a template naming the object to change
    update_found: Mapping[str, Any] | None = None  # get-or-create: change a found object this way
    when: tuple[str, ...] = ()  # inputs that must be given for the step to be taken
    optional: bool = False  # a consumer may leave the step (and what refers to it) out
    compensate: bool = True
    unique: bool = False  # a second object of the step while the first exists is a duplicate
    variant: str | None = None  # the variant its fault scenarios run in
    update_variant: str | None = None  # the variant in which it finds (and changes) an object
    match: Mapping[str, Any] = field(default_factory=dict)  # body fields that single out its calls
    label: str = ""  # how the outcome counts its objects ("actor link(s)")
    uuid_at: str = "uuid"
    parts: tuple[Part, ...] = ()
    finder: Operation | None = None  # the list operation its lookup queries
    line: int = 0

    @property
    def needs(self) -> tuple[str, ...]:
        """The earlier steps this one uses the results of."""
        used = [self.body, self.lookup, self.target, self.update_found, *(p.body for p in self.parts)]
        names = [e.split(".")[1] for template in used for e in expressions(template) if e.startswith("steps.")]
        return tuple(dict.fromkeys(names))

    def taken(self, inputs: Mapping[str, Any]) -> bool:
        """Whether the step is part of a run with these inputs."""
        return all(inputs.get(name) is not None for name in self.when)

    @property
    def links(self) -> list[Link]:
        """The step object's reference fields, as the body sets them."""
        return links(self.body)


@dataclass(frozen=True)
class Flow:
    """A consumer's flow: what it is given, its steps in order, and the world it runs in."""

    name: str
    title: str
    about: str
    inputs: tuple[Input, ...]
    variants: tuple[Variant, ...]
    steps: tuple[FlowStep, ...]
    pre_existing: Mapping[str, list[dict[str, Any]]]
    max_calls: int = 40
    plans_variant: str = ""  # the variant a given fault plan runs in (default: the first)
    compensation_variant: str = ""  # where compensating-delete-fails-once runs (default: the refused step's)
    rollback_order: tuple[str, ...] = ()  # steps undone first, in this order; the rest newest first
    source: str = ""

    def step(self, name: str) -> FlowStep:
        """The step of that name."""
        return next(step for step in self.steps if step.name == name)

    def variant(self, name: str) -> Variant:
        """The variant of that name."""
        found = [variant for variant in self.variants if variant.name == name]
        if not found:
            known = ", ".join(variant.name for variant in self.variants)
            raise KeyError(f"flow {self.name} has no variant {name!r}; its variants: {known}")
        return found[0]

    def values(self, variant: str) -> dict[str, Any]:
        """The input values of a variant (defaults, then the variant's own); made-fresh inputs are left out."""
        values = {i.name: i.value for i in self.inputs if i.value is not None}
        values.update(self.variant(variant).inputs)
        return {name: value for name, value in values.items() if value is not None}

    def environment(self, variant: str) -> dict[str, str]:
        """The environment variables a consumer gets for a variant, besides the base URL and the token."""
        values = self.values(variant)
        return {i.env: _text(values[i.name]) for i in self.inputs if i.env and i.name in values}

    @property
    def required(self) -> set[str]:
        """The inputs every variant gives (a consumer cannot run without them)."""
        return {i.name for i in self.inputs if all(i.name in self.values(v.name) for v in self.variants)}

    def env_of(self, name: str) -> str:
        """The environment variable an input is read from (its name when it has none)."""
        return next((i.env for i in self.inputs if i.name == name and i.env), name)

    @property
    def anchor(self) -> FlowStep:
        """The object the run is about: the first step that creates one unconditionally (the klantcontact)."""
        return next(s for s in self.steps if s.kind == "create" and not s.when and not s.optional)

    @property
    def default_variant(self) -> str:
        """The variant a given fault plan runs in."""
        return self.plans_variant or self.variants[0].name

    @property
    def operations(self) -> tuple[str, ...]:
        """The operationIds of the flow's writes, in order."""
        return tuple(dict.fromkeys(step.operation for step in self.steps))


def operation_id(collection: str, action: str) -> str:
    """The operationId of an action on a collection (`partij-identificatoren`: `partijIdentificatorenDestroy`)."""
    head, *rest = collection.split("-")
    return head + "".join(word.capitalize() for word in rest) + action


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

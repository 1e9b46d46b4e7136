"""The property suite's verdicts: whether a provider must accept a body, or which errors it must refuse it with.

A plain model of the standard, written apart from the mock: the judged version's OpenAPI document
as `spec_reader` reads it (required, null, enum, maxLength, boolean, references to objects that
exist), the rules between fields of `kcc_mock.testing.standard`, and Open Klant's names and codes
for each kind of refusal from its recorded answers (`error_book`). As Django REST framework does,
the rules between fields are only judged once every field is valid, and the first broken one is
the error. What the model does not judge (nested groups, formats, patterns, lists of references,
uniqueness) it leaves to the provider; the generated bodies keep those rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contracts.properties.error_book import ErrorBook
from contracts.properties.spec_reader import ApiSpec, Field, Form
from kcc_mock.testing import standard

Body = dict[str, Any]
Problem = tuple[str, str]  # an invalidParams entry: (name, code)
UNKNOWN = "00000000-0000-4000-8000-000000000000"  # a uuid no provider holds
MAAK = "maak-klantcontact"
# Django REST framework's spellings of a boolean (BooleanField.TRUE_VALUES and FALSE_VALUES).
BOOLEAN_SPELLINGS = frozenset({"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
BOOLEAN_SPELLINGS |= {"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "1", "0"}


@dataclass(frozen=True)
class World:
    """What exists on the provider for a body to refer to: uuids per collection, and the kind
    (`codeSoortObjectId`) of each partij-identificator among them."""

    objects: Mapping[str, list[str]] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)

    def holds(self, collection: str, uuid: Any) -> bool:
        """Whether an object of the collection with this uuid exists."""
        return uuid in self.objects.get(collection, ())


@dataclass(frozen=True)
class Rule:
    """A rule between the fields of one collection's body, from the standard; `needs` are the
    properties it is about, which the judged version must have for the rule to apply."""

    collection: str
    needs: tuple[str, ...]
    broken: Callable[[Body, World], str | None]  # the kind of refusal, None while the rule holds


def _identificator(body: Body, world: World) -> str | None:
    group = body.get("partijIdentificator")
    if not isinstance(group, dict):
        return None
    parent = (body.get("subIdentificatorVan") or {}).get("uuid")
    part = standard.identificator_problem(group, world.kinds.get(parent) if parent else None)
    return f"identificator-{part}" if part else None


def _holding(collection: str, fields: tuple[str, str], holds: Callable[[Any], bool], broken: str) -> Rule:
    """A rule between fields that the standard states as a predicate on the body."""
    return Rule(collection, fields, lambda body, _: None if holds(body) else broken)


# In the order a provider checks them (Open Klant stops at the first broken rule).
RULES: tuple[Rule, ...] = (
    _holding(
        "klantcontacten",
        ("indicatieContactGelukt", "verdereActieOndernomen"),
        standard.contact_rule_holds,
        "contact-succeeded",
    ),
    _holding(
        "internetaken", ("toegewezenAanActor", "toegewezenAanActoren"), standard.assignment_rule_holds, "one-assignment"
    ),
    _holding("internetaken", ("status", "afgehandeldOp"), standard.afgehandeld_rule_holds, "afgehandeld"),
    _holding(
        "digitaleadressen",
        ("isStandaardAdres", "verstrektDoorPartij"),
        standard.standaard_adres_rule_holds,
        "standaard-adres",
    ),
    Rule("partij-identificatoren", ("partijIdentificator", "subIdentificatorVan"), _identificator),
)


@dataclass(frozen=True)
class Break:
    """A body changed in one way: what was done (for the report) and the body sent."""

    what: str
    body: Body


class Oracle:
    """The verdicts for one API version."""

    def __init__(self, spec: ApiSpec, book: ErrorBook) -> None:
        self.spec = spec
        self.book = book
        self.version = spec.version

    @classmethod
    def for_version(cls, version: str) -> Oracle:
        """The oracle of an API version: its document and the recorded answers of a release serving it."""
        return cls(ApiSpec.load(version), ErrorBook.for_version(version))

    # ------------------------------------------------------------ what the version has

    def form(self, collection: str, body: Any = None) -> Form:
        """The create form of a collection (the variant a body selects)."""
        return self.spec.create_form(collection).variant(body)

    def lacks(self, collection: str, needs: Sequence[str] = ()) -> str | None:
        """Why something about a collection's body is not applicable to this version, or None."""
        if collection != MAAK and collection not in self.spec.collections:
            return f"not applicable to API {self.version}: it has no collection {collection} (a later version adds it)"
        form = self.form(collection)
        missing = [need for need in needs if need not in form.properties]
        if missing:
            has_not = f"it has no {collection} {', '.join(missing)} (a later version adds it)"
            return f"not applicable to API {self.version}: {has_not}"
        return None

    def rules(self, collection: str) -> list[Rule]:
        """The rules between the fields of a collection's body that this version has."""
        return [rule for rule in RULES if rule.collection == collection and self.lacks(collection, rule.needs) is None]

    def written(self, collection: str, body: Body) -> Body:
        """What of a body a provider stores: the properties this version's create form has (others are ignored)."""
        form = self.form(collection, body)
        return {key: value for key, value in body.items() if key in form.properties}

    # ------------------------------------------------------------ verdicts

    def problems(self, collection: str, body: Body, world: World) -> list[Problem]:
        """The errors a provider must refuse a create body with (none: it must accept it)."""
        if collection == MAAK:
            return self._maak_problems(body, world)
        found = self._field_problems(self.form(collection, body), body, world)
        if found:
            return found
        for rule in self.rules(collection):
            kind = rule.broken(body, world)
            if kind:
                return [self.book.problem(kind)]
        return []

    def _maak_problems(self, body: Body, world: World) -> list[Problem]:
        form = self.spec.create_form(MAAK)
        found = self._field_problems(form, body, world)
        for part, spec_field in form.properties.items():
            value = body.get(part)
            if isinstance(value, dict) and spec_field.form is not None:
                inner = self._field_problems(spec_field.form.variant(value), value, world)
                found += [(self.book.problem("in-part", part=part, field=name)[0], code) for name, code in inner]
        return found

    def _field_problems(self, form: Form, body: Body, world: World) -> list[Problem]:
        """Errors of the properties themselves, in the document's order."""
        found: list[Problem] = []
        for key, spec_field in form.properties.items():
            if key not in body:
                if key in form.required:
                    found.append(self.book.problem("required", field=key))
                continue
            value = body[key]
            if value is None:
                if not spec_field.nullable:
                    found.append(self.book.problem("null", field=key))
                continue
            kind = _field_problem(spec_field, key in form.required, value, world)
            if kind:
                found.append(self.book.problem(kind, field=key))
        return found

    # ------------------------------------------------------------ one-way breaks

    def breaks(self, collection: str, body: Body) -> list[Break]:
        """Every way to break one property of a valid body as the document defines it: leave out a
        required one, refer to an unknown object, pick no value of an enum, send one character over
        a maxLength (digits, where the property's pattern allows them: a value breaking both would be
        refused twice, as an IBAN's), a word for a boolean."""
        return _breaks(self.form(collection, body), body)

    def maak_breaks(self, body: Body, part: str) -> list[Break]:
        """Every way to break one part of a valid maak-klantcontact body: the part sent as null, or
        one property of it broken as `breaks` does."""
        found: list[Break] = []
        spec_field = self.spec.create_form(MAAK).properties.get(part)
        value = body.get(part)
        if isinstance(value, dict) and spec_field is not None and spec_field.form is not None:
            found.append(Break(f"{part} null", {**body, part: None}))
            inner = _breaks(spec_field.form.variant(value), value)
            found += [Break(f"{part}: {broken.what}", {**body, part: broken.body}) for broken in inner]
        return found

    def applicable(self, collection: str, body: Body, changes: Body) -> bool:
        """Whether a change of a body touches only properties this version's form has (others it ignores)."""
        return set(changes) <= set(self.form(collection, body).properties)


def _field_problem(spec_field: Field, required: bool, value: Any, world: World) -> str | None:
    """The kind of error of one property's non-null value, None when the model finds none."""
    if spec_field.kind == "reference":
        uuid = value.get("uuid") if isinstance(value, dict) else None
        known = spec_field.target is None or world.holds(spec_field.target, uuid)
        return None if known or not isinstance(uuid, str) else "unknown-reference"
    if spec_field.kind == "boolean":
        return None if isinstance(value, bool) or value in BOOLEAN_SPELLINGS else "not-a-boolean"
    if spec_field.kind != "string" or not isinstance(value, str):
        return None
    if spec_field.enum is not None:
        return None if value in spec_field.enum else "invalid-choice"
    text = value.strip()
    if not text:
        return "blank" if required else None
    too_long = spec_field.max_length is not None and len(text) > spec_field.max_length
    return "too-long" if too_long else None


def _breaks(form: Form, body: Body) -> list[Break]:
    found = [
        Break(f"missing {key}", {k: v for k, v in body.items() if k != key})
        for key in sorted(form.required & body.keys())
    ]
    for key, spec_field in form.properties.items():
        if spec_field.kind == "reference" and body.get(key) is not None:
            found.append(Break(f"unknown {key}", {**body, key: {"uuid": UNKNOWN}}))
        elif spec_field.kind == "string" and spec_field.enum is not None:
            found.append(Break(f"no choice of {key}", {**body, key: "bestaat-niet"}))
        elif spec_field.kind == "string" and spec_field.max_length and not spec_field.format:
            too_long = "1" * (spec_field.max_length + 1)
            if spec_field.pattern is None or re.search(spec_field.pattern, too_long):
                found.append(Break(f"too long {key}", {**body, key: too_long}))
        elif spec_field.kind == "boolean":
            found.append(Break(f"not a boolean {key}", {**body, key: "misschien"}))
    return found


def errors(body: Any) -> list[Problem]:
    """(name, code) of every entry of an error body's invalidParams."""
    params = body.get("invalidParams") if isinstance(body, dict) else None
    return [(str(item.get("name")), str(item.get("code"))) for item in params or []]


def disagreement(status: int | None, body: Any, expected: list[Problem], accepted: int) -> str | None:
    """How a provider's answer differs from the model's verdict, None when it agrees: `accepted`
    (201, 200) when the model finds no error, else 400 with exactly the errors it finds, in any order."""
    got = errors(body)
    if not expected:
        return (
            None
            if status == accepted
            else f"the model accepts the body ({accepted}); the provider answered {status} {got}"
        )
    if status == 400 and sorted(got) == sorted(expected):
        return None
    return f"the model refuses the body: 400 {sorted(expected)}; the provider answered {status} {sorted(got)}"

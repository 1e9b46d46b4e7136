"""Hypothesis strategies for every request body of the spec, with realistic Dutch data (faker nl_NL).

Bodies are derived from the compiled request schemas (`fields.py`), so they follow the spec when
it changes; what the schema cannot say comes from tables: realistic values by field name here
(names, addresses, phone numbers), the standard's rules between fields in `body_rules` (BSN, RSIN,
KvK- and vestigingsnummers of the register hierarchy, the contact-succeeded rule, ...). Reusable in
a team's own tests, after `pip install 'kcc-mock[testing]'` (which adds faker):

    bodies = Bodies()
    @given(bodies.valid("klantcontacten"))
    def test_it(body): ...
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from hypothesis import strategies as st

try:
    from faker import Faker
except ModuleNotFoundError as missing:  # the base install serves the mock; generated data is an extra
    raise ModuleNotFoundError(
        "kcc_mock.testing.strategies needs faker: pip install 'kcc-mock[testing]'",
        name=missing.name,
    ) from missing

from kcc_mock.provider.fields import (
    ArrayField,
    BooleanField,
    ChoiceObjectField,
    Field,
    IntegerField,
    MapField,
    ObjectField,
    StringField,
)
from kcc_mock.provider.operations import MAAK_PARTS, Provider
from kcc_mock.provider.releases import release
from kcc_mock.provider.resources import RESOURCES
from kcc_mock.testing.body_rules import Body, Refs, breakings, completed, fixed, numbers

Form = ObjectField | ChoiceObjectField
LANDEN = ("NL", "NL", "NL", "BE", "DE", "FR", "GB", "TR", "MA", "SR")
UNKNOWN = "00000000-0000-4000-8000-000000000000"  # a uuid no provider holds
KANALEN = ("telefoon", "email", "balie", "chat", "brief", "social media")
TALEN = ("nld", "eng", "dut", "fry", "tur", "ara")
EMPTY_GROUP_ONE_IN = 10  # of the gegevensgroepen with optional sub-fields, one in ten is sent without any


@cache
def _faker(seed: int) -> Faker:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    return fake


def fake(method: Callable[[Faker], Any]) -> st.SearchStrategy[Any]:
    """A faker value, drawn from a hypothesis-chosen seed (so runs repeat and examples shrink)."""
    return st.integers(min_value=0, max_value=2**16).map(lambda seed: method(_faker(seed)))


def bsn() -> st.SearchStrategy[str]:
    """Burgerservicenummers that pass the 11-test."""
    return numbers("bsn")


def mobile_number() -> st.SearchStrategy[str]:
    """Dutch mobile numbers, which pass the medewerker phone rules."""
    return st.text(alphabet=string.digits, min_size=8, max_size=8).map(lambda rest: "06" + rest)


def postcode() -> st.SearchStrategy[str]:
    """Dutch postcodes in the `1234 AB` form Open Klant requires."""
    return fake(lambda f: f.postcode()).map(lambda p: f"{p[:4]} {p[4:].strip().upper()}")


def name_parts() -> st.SearchStrategy[dict[str, str]]:
    """A contactnaam group: voorletters, voornaam, a tussenvoegsel (often empty) and achternaam."""

    def parts(first: str, last: str) -> dict[str, str]:
        words = last.split(" ")
        prefix = " ".join(w for w in words if w.islower())
        surname = " ".join(w for w in words if not w.islower()) or last
        return {
            "voorletters": first[0],
            "voornaam": first[:200],
            "voorvoegselAchternaam": prefix[:10],
            "achternaam": surname[:200],
        }

    return st.builds(parts, fake(lambda f: f.first_name()), fake(lambda f: f.last_name()))


def address() -> st.SearchStrategy[dict[str, Any]]:
    """A Dutch address group with a BAG nummeraanduiding, street, number and postcode."""
    return st.fixed_dictionaries(
        {
            "nummeraanduidingId": st.text(alphabet=string.digits, min_size=16, max_size=16),
            "straatnaam": fake(lambda f: f.street_name()),
            "huisnummer": st.integers(min_value=1, max_value=999),
            "huisnummertoevoeging": st.sampled_from(["", "a", "b", "bis", "2"]),
            "postcode": postcode(),
            "stad": fake(lambda f: f.city()),
            "land": st.sampled_from(LANDEN),
        }
    )


def moments() -> st.SearchStrategy[str]:
    """ISO 8601 date-times with an offset, as a consumer would send them."""
    return st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)).map(
        lambda moment: moment.replace(microsecond=0).isoformat()
    )


# Realistic values by field name; anything else comes from the schema alone.
BY_NAME: Mapping[str, Callable[[], st.SearchStrategy[Any]]] = {
    "kanaal": lambda: st.sampled_from(KANALEN),
    "onderwerp": lambda: fake(lambda f: f.sentence(nb_words=5)[:200]),
    "inhoud": lambda: fake(lambda f: f.paragraph()[:1000]),
    "reactie": lambda: fake(lambda f: f.paragraph()[:4000]),
    "taal": lambda: st.sampled_from(TALEN),
    "voorkeurstaal": lambda: st.sampled_from(TALEN),
    "hoofdOnderwerpType": lambda: fake(lambda f: f.url() + "zaaktypen/1"),
    "plaatsgevondenOp": moments,
    "naam": lambda: fake(lambda f: f.name()[:200]),
    "organisatienaam": lambda: fake(lambda f: f.company()[:200]),
    "emailadres": lambda: fake(lambda f: f.email()),
    "telefoonnummer": mobile_number,
    "functie": lambda: fake(lambda f: f.job()[:40]),
    "contactnaam": name_parts,
    "bezoekadres": address,
    "correspondentieadres": address,
    "nummer": lambda: st.none(),  # unique: left to the consumer's own numbering
    "referentienummer": lambda: st.none(),
    "gevraagdeHandeling": lambda: fake(lambda f: f.sentence(nb_words=4)[:200]),
    "toelichting": lambda: fake(lambda f: f.sentence()[:1000]),
    "metadata": lambda: st.dictionaries(
        st.sampled_from(["bron", "agent", "kanaalId"]), st.text(string.digits, min_size=1, max_size=6), max_size=3
    ),
}
# Nested lists an update leaves alone: a partij's identificatoren are replaced by a PUT or PATCH
# that lists them (deleting the others), which no recorded exchange of Open Klant shows yet.
NOT_REWRITTEN: Mapping[str, tuple[str, ...]] = {"partijen": ("partijIdentificatoren",)}


@dataclass(frozen=True)
class Violation:
    """How a body was made invalid, and the error Open Klant answers it with."""

    kind: str
    name: str
    code: str


class Bodies:
    """Strategies for valid bodies, and bodies invalid in exactly one named way, per collection."""

    def __init__(self, provider: Provider | None = None) -> None:
        provider = provider or Provider()
        self.forms = provider.forms
        self.maak_form = provider.maak_form

    @classmethod
    def for_version(cls, api_version: str | None = None) -> Bodies:
        """Strategies for the bodies of an API version the mock serves (default: the newest)."""
        return cls(Provider(release=release(api_version)))

    def valid(self, collection: str, refs: Refs | None = None) -> st.SearchStrategy[Body]:
        """A body the provider accepts, given existing objects to refer to (the partij-identificatoren
        given must be kvk_nummers: the only kind a vestigingsnummer may be a sub-identificator of)."""
        return self._valid(collection, self.forms[collection], refs or {})

    def changes(self, collection: str, refs: Refs | None = None) -> st.SearchStrategy[tuple[Body, Body, Body]]:
        """A body to create an object with, then another valid body of the same kind (for a PUT) and
        a part of that one (for a PATCH) that together with the first still keeps every rule."""
        refs = refs or {}
        form = self.forms[collection]

        def after(first: Body) -> st.SearchStrategy[tuple[Body, Body, Body] | None]:
            same_kind = form.variant(first) if isinstance(form, ChoiceObjectField) else form
            left = NOT_REWRITTEN.get(collection, ())
            drawn = self._valid(collection, same_kind, refs)
            second = drawn.map(lambda body: {k: v for k, v in body.items() if k not in left})
            return st.tuples(second, st.randoms(use_true_random=False)).map(
                lambda pair: _changed(collection, first, pair[0], pair[1], refs)
            )

        found = self.valid(collection, refs).flatmap(after)
        return found.filter(lambda changes: changes is not None)  # type: ignore[return-value]

    def maak_klantcontact(
        self, refs: Refs | None = None, *, with_part: str = "klantcontact"
    ) -> st.SearchStrategy[Body]:
        """A valid `maak-klantcontact` body: a klantcontact, with a betrokkene and an onderwerpobject
        that are each sometimes left out (`with_part` is always there). A part sent as null is
        refused (`null`), as Open Klant does."""
        parts = {part: self._valid(resource, self._part(part), refs or {}) for part, resource in MAAK_PARTS.items()}
        required = {part: parts.pop(part) for part in {"klantcontact", with_part}}
        return st.fixed_dictionaries(required, optional=parts)

    def _valid(self, collection: str, form: Form, refs: Refs) -> st.SearchStrategy[Body]:
        if isinstance(form, ChoiceObjectField):
            drawn = st.one_of([self._object(collection, variant, refs) for variant in form.variants.values()])
        else:
            drawn = self._object(collection, form, refs)
        return drawn.flatmap(lambda body: completed(collection, body, refs)).map(
            lambda body: fixed(collection, body, refs)
        )

    def invalid(self, collection: str, refs: Refs | None = None) -> st.SearchStrategy[tuple[Body, Violation]]:
        """A body that breaks exactly one rule, with the error that rule gives."""
        pairs = st.tuples(self.valid(collection, refs), st.randoms(use_true_random=False))
        broken = pairs.map(lambda pair: self._break(collection, pair[0], pair[1]))
        return broken.filter(lambda found: found is not None)  # type: ignore[return-value]

    def _object(self, collection: str, form: ObjectField, refs: Refs) -> st.SearchStrategy[Body]:
        required: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        references = RESOURCES[collection].references
        for key, field in form.properties.items():
            if key == "uuid":  # a client's uuid is ignored: sending one proves nothing
                continue
            if key in references:
                strategy = _reference(references[key].target, references[key].many, refs, field.nullable)
                if strategy is None:
                    continue
            else:
                strategy = value_of(key, field)
            (required if key in form.required else optional)[key] = strategy
        return st.fixed_dictionaries(required, optional=optional)

    def _part(self, part: str) -> Form:
        form = self.maak_form.properties[part] if isinstance(self.maak_form, ObjectField) else None
        assert isinstance(form, ObjectField | ChoiceObjectField), part
        return form

    def _break(self, collection: str, body: Body, rng: Any, form: Form | None = None) -> tuple[Body, Violation] | None:
        form = form or self.forms[collection]
        if isinstance(form, ChoiceObjectField):
            form = form.variant(body)
        options = _violations(collection, form, body)
        if not options:
            return None
        kind, changes, name, code = rng.choice(options)
        broken = {**body, **changes}
        if kind == "missing":
            del broken[name]
        return broken, Violation(kind, name, code)


def value_of(key: str, field: Field) -> st.SearchStrategy[Any]:
    """A valid value for one field: by its name when known, else from its schema."""
    if key in BY_NAME:
        known = BY_NAME[key]()
        return _leaving_out(known, field) if isinstance(field, ObjectField) else known
    if isinstance(field, StringField):
        return _string(field)
    if isinstance(field, BooleanField):
        return st.booleans()
    if isinstance(field, IntegerField):
        return st.integers(min_value=field.minimum or 0, max_value=field.maximum or 10**6)
    if isinstance(field, MapField):
        return st.dictionaries(
            st.text(string.ascii_lowercase, min_size=1, max_size=8), st.text(max_size=20), max_size=3
        )
    if isinstance(field, ArrayField):
        return st.just([])
    if isinstance(field, ObjectField):
        # A nested row's uuid is the provider's to make (a contactpersoon's), like an object's own.
        values = {
            k: value_of(k, f) for k, f in field.properties.items() if k != "uuid" and not isinstance(f, ObjectField)
        }
        return _leaving_out(st.fixed_dictionaries(values), field)
    return st.none()


def _leaving_out(groups: st.SearchStrategy[Body], field: ObjectField) -> st.SearchStrategy[Body]:
    """Values of a gegevensgroep that sometimes leave out sub-fields the group does not require, and
    now and then all of them (a group sent empty, which Open Klant stores differently per group)."""
    optional = sorted(set(field.properties) - set(field.required))
    if not optional:
        return groups
    some = st.sets(st.sampled_from(optional))
    left_out = st.integers(0, EMPTY_GROUP_ONE_IN - 1).flatmap(lambda n: some if n else st.just(set(optional)))
    return st.tuples(groups, left_out).map(lambda pair: {k: v for k, v in pair[0].items() if k not in pair[1]})


def _string(field: StringField) -> st.SearchStrategy[Any]:
    if field.choices:
        return st.sampled_from(sorted(field.choices))
    if field.format == "date-time":
        return moments()
    if field.format == "date":
        return st.dates().map(lambda d: d.isoformat())
    if field.format == "uuid":
        return st.uuids().map(str)
    if field.format == "email":
        return fake(lambda f: f.email())
    if field.format == "uri":
        return fake(lambda f: f.url())
    limit = min(field.max_length or 60, 60)
    if field.pattern:  # searched, as Django's RegexValidator does, after the value is stripped
        pattern = re.compile(field.pattern)
        printable = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
        matching = st.from_regex(pattern, fullmatch=True, alphabet=printable).map(str.strip)
        return matching.filter(lambda text: 0 < len(text) <= limit and pattern.search(text) is not None)
    words = st.text(alphabet=string.ascii_letters + string.digits + " -", min_size=1, max_size=limit)
    return words.map(str.strip).filter(bool)


def _reference(target: str, many: bool, refs: Refs, nullable: bool) -> st.SearchStrategy[Any] | None:
    known = refs.get(target, [])
    if not known:
        return st.just([]) if many else (st.none() if nullable else None)
    one = st.sampled_from(known).map(lambda uuid: {"uuid": uuid})
    if many:
        return st.lists(one, min_size=1, max_size=2, unique_by=lambda r: r["uuid"])
    return one | st.none() if nullable else one


def _changed(collection: str, first: Body, second: Body, rng: Any, refs: Refs) -> tuple[Body, Body, Body] | None:
    """(first, second, patch): second resends some of first's values unchanged, as a client's PUT
    does; patch is some keys of second. None when second, or the patch or second written over
    first, would break a rule between fields (one `fixed` would have to repair): like DRF, a PUT
    keeps the stored value of an optional field it leaves out."""
    if not second:
        return None
    shared = sorted(second.keys() & first.keys())
    second = {**second, **{key: first[key] for key in rng.sample(shared, rng.randint(0, len(shared)))}}
    patch = {key: second[key] for key in rng.sample(sorted(second), rng.randint(1, len(second)))}
    for written in (second, {**first, **patch}, {**first, **second}):
        if fixed(collection, written, refs) != written:
            return None
    return first, second, patch


def _violations(collection: str, form: ObjectField, body: Body) -> list[tuple[str, Body, str, str]]:
    """(kind, changes, error name, error code) for every one-way break this body allows."""
    found: list[tuple[str, Body, str, str]] = []
    references = RESOURCES[collection].references
    for key in sorted(form.required & body.keys()):
        found.append(("missing", {}, key, "required"))
    for key, field in form.properties.items():
        too_long = "1" * ((field.max_length or 0) + 1) if isinstance(field, StringField) else ""
        if key in references and body.get(key) is not None and not references[key].many:
            found.append(("unknown-reference", {key: {"uuid": UNKNOWN}}, f"{key}.uuid", "invalid"))
        elif isinstance(field, StringField) and field.choices:
            found.append(("wrong-enum", {key: "bestaat-niet"}, key, "invalid_choice"))
        elif isinstance(field, StringField) and field.max_length and not field.format and _fits(field, too_long):
            # digits pass the format rules of most top-level strings (numbers, codes, tags); where a
            # pattern refuses them (an IBAN), a value too long would be refused twice
            found.append(("too-long", {key: too_long}, key, "max_length"))
        elif isinstance(field, StringField) and field.format == "date":
            found.append(("not-a-date", {key: "gisteren"}, key, "invalid"))
        elif isinstance(field, BooleanField):
            found.append(("wrong-type", {key: "misschien"}, key, "invalid"))
    return found + breakings(collection, body)


def _fits(field: StringField, text: str) -> bool:
    """Whether a value passes a string field's pattern (searched, as Django's RegexValidator does)."""
    return field.pattern is None or re.search(field.pattern, text) is not None

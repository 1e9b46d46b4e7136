"""The property suite's verdicts are its own: a mistake planted in the mock's compiled request form
is caught, where an oracle read from that same form (the strategies' `Violation`s) passes it; the
error names and codes are read from Open Klant's recorded answers; the document reader agrees with
the mock's compiler on the real documents and reads a document that grows."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from property_runs import body_outcomes, disagreements

from contracts.client.target import Target
from contracts.properties.error_book import EVIDENCE, RECORDINGS, ErrorBook, NotRecorded
from contracts.properties.oracle import Oracle, World, errors
from contracts.properties.spec_reader import ApiSpec, Field, Form, spec_files
from contracts.properties.subject import Subject
from kcc_mock.config import Settings
from kcc_mock.http.app import create_app
from kcc_mock.provider.fields import ChoiceObjectField, ObjectField, StringField
from kcc_mock.provider.fields import Field as MockField
from kcc_mock.provider.operations import Provider
from kcc_mock.provider.releases import release
from kcc_mock.provider.rules import LATE_REQUIRED
from kcc_mock.testing.strategies import Bodies

KLANTCONTACT = {"kanaal": "telefoon", "onderwerp": "Afvalinzameling", "taal": "nld", "vertrouwelijk": False}
Plant = Callable[[ObjectField], None]


def onderwerp_of_400(form: ObjectField) -> None:
    """The spec says 200."""
    field = form.properties["onderwerp"]
    assert isinstance(field, StringField)
    field.max_length = 400


def kanaal_optional(form: ObjectField) -> None:
    """The spec says required."""
    form.required = form.required - {"kanaal"}


def planted(plant: Plant) -> Provider:
    """The mock's provider with its compiled klantcontacten form changed by `plant`."""
    provider = Provider()
    form = provider.forms["klantcontacten"]
    assert isinstance(form, ObjectField)
    plant(form)
    return provider


@pytest.fixture
def target_of() -> Iterator[Callable[[Provider], Target]]:
    """The in-process mock serving a provider; closed when the test ends."""
    made: list[Target] = []

    def make(provider: Provider) -> Target:
        made.append(Target.in_process(create_app(Settings(), provider)))
        return made[-1]

    yield make
    for target in made:
        target.close()


@pytest.mark.parametrize(
    ("plant", "caught"),
    [
        (onderwerp_of_400, "too long onderwerp"),
        (kanaal_optional, "missing kanaal"),
    ],
)
def test_a_mistake_in_the_mocks_compiled_form_is_caught_by_the_property_suite(
    target_of: Callable[[Provider], Target], plant: Plant, caught: str
) -> None:
    target = target_of(planted(plant))
    oracle = Oracle.for_version("0.9.0")
    assert set(disagreements(Subject(target), oracle, "klantcontacten", KLANTCONTACT, World())) == {caught}
    assert body_outcomes(target, oracle, ["klantcontacten"]) == {"one-way invalid[klantcontacten]": f"failed: {caught}"}


@pytest.mark.parametrize(
    ("plant", "made", "never"),
    [
        (onderwerp_of_400, "too-long onderwerp", None),  # expected after 401 characters, as the form says
        (kanaal_optional, "missing onderwerp", "missing kanaal"),  # the form no longer requires it
    ],
)
def test_an_oracle_read_from_the_same_compiled_form_passes_that_mistake(
    target_of: Callable[[Provider], Target], plant: Plant, made: str, never: str | None
) -> None:
    """What the suite did before: expected (field, code) from the strategies' `Violation`s, which are
    read from the provider's compiled form; every answer agrees with them, so nothing was caught."""
    provider = planted(plant)
    subject = Subject(target_of(provider))
    old_oracle = Bodies(provider)
    seen: set[str] = set()

    @settings(max_examples=60)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        body, violation = data.draw(old_oracle.invalid("klantcontacten"))
        with subject.example():
            assert errors(subject.post("/klantcontacten", body).json()) == [(violation.name, violation.code)]
        seen.add(f"{violation.kind} {violation.name}")

    run()
    assert made in seen
    assert never not in seen


# ---------------------------------------------------------------- the error book


def test_the_error_book_of_each_version_is_read_from_a_release_serving_it() -> None:
    newer, older = ErrorBook.for_version("0.9.0"), ErrorBook.for_version("0.8.0")
    assert (newer.release, older.release) == ("2.18.0", "2.17.1")
    assert set(newer.entries) == set(EVIDENCE)
    # Open Klant 2.17 names and codes every other refusal as 2.18 does, and accepts a succeeded contact
    # with further action (API 0.8.0 has no verdereActieOndernomen).
    assert {kind: entry for kind, entry in newer.entries.items() if kind != "contact-succeeded"} == older.entries
    assert older.missing == {"contact-succeeded": "klantcontact-errors #8 answered 201, not a refusal"}
    with pytest.raises(NotRecorded, match=r"Open Klant 2\.17\.1: klantcontact-errors #8 answered 201"):
        older.entry("contact-succeeded")


def test_the_error_books_names_and_codes_are_those_recorded() -> None:
    book = ErrorBook.for_version("0.9.0")
    assert {kind: (entry.template, entry.code) for kind, entry in book.entries.items()} == {
        "required": ("{field}", "required"),
        "null": ("{field}", "null"),
        "blank": ("{field}", "blank"),
        "too-long": ("{field}", "max_length"),
        "not-a-boolean": ("{field}", "invalid"),
        "invalid-choice": ("{field}", "invalid_choice"),
        "unknown-reference": ("{field}.uuid", "invalid"),
        "in-part": ("{part}.{field}", "invalid_choice"),
        "contact-succeeded": ("nonFieldErrors", "no-further-action-when-contact-succesful"),
        "one-assignment": ("nonFieldErrors", "invalid"),
        "afgehandeld": ("afgehandeldOp", "invalid"),
        "standaard-adres": ("isStandaardAdres", "invalid"),
        "identificator-codeObjecttype": ("partijIdentificatorCodeObjecttype", "invalid"),
        "identificator-codeSoortObjectId": ("partijIdentificatorCodeSoortObjectId", "invalid"),
        "identificator-objectId": ("partijIdentificatorObjectId", "invalid"),
        "identificator-subIdentificatorVan": ("subIdentificatorVan", "invalid"),
    }


def test_the_error_book_follows_the_recording_it_reads(tmp_path: Path) -> None:
    """Planted: a recording whose answer names another code and name makes another book."""
    folder = tmp_path / "openklant-2.18.0"
    shutil.copytree(RECORDINGS / "openklant-2.18.0", folder)
    path = folder / "reference-errors.json"
    recording = json.loads(path.read_text(encoding="utf-8"))
    answer = recording["exchanges"][EVIDENCE["unknown-reference"].exchange]["response"]
    answer["body"]["invalidParams"] = [{"name": "hadKlantcontact", "code": "does_not_exist", "reason": "weg"}]
    path.write_text(json.dumps(recording), encoding="utf-8")
    book = ErrorBook("2.18.0", folder)
    assert book.problem("unknown-reference", field="wasPartij") == ("wasPartij", "does_not_exist")
    assert book.problem("too-long", field="naam") == ("naam", "max_length")


# ---------------------------------------------------------------- the document reader


def shape(field: Field | MockField, required: bool) -> tuple[object, ...]:
    """What both readings of a top-level property say: required, nullable, maxLength and enum."""
    if isinstance(field, Field):
        return required, field.nullable, field.max_length, field.enum and sorted(field.enum)
    strings = isinstance(field, StringField)
    choices = sorted(field.choices) if strings and field.choices else None
    return required, field.nullable, field.max_length if strings else None, choices


@pytest.mark.parametrize("version", sorted(spec_files()))
def test_the_reader_agrees_with_the_mocks_compiler_on_the_real_documents(version: str) -> None:
    spec, provider = ApiSpec.load(version), Provider(release=release(version))
    assert set(spec.collections) == set(provider.forms)
    for collection, compiled in provider.forms.items():
        variants: dict[str, tuple[Form, ObjectField]] = {"": (spec.create_form(collection), compiled)}
        if isinstance(compiled, ChoiceObjectField):
            choice = spec.create_form(collection)
            variants = {kind: (choice.variants[kind], compiled.variants[kind]) for kind in compiled.variants}
        for form, mock in variants.values():
            assert isinstance(mock, ObjectField)
            ours = {key: shape(field, key in form.required) for key, field in form.properties.items()}
            # The mock checks a late-required key after the fields (as DRF's unique-together validator
            # does), so its form leaves it out; the document requires it.
            required = mock.required | set(LATE_REQUIRED.get(collection, ()))
            theirs = {key: shape(field, key in required) for key, field in mock.properties.items()}
            assert ours == theirs, collection
            targets = {key: field.target for key, field in form.properties.items() if field.kind == "reference"}
            references = provider.resources[collection].references
            # A reference to a collection the document does not serve (rekeningnummers) names none.
            served = {key: ref.target if ref.target in spec.collections else None for key, ref in references.items()}
            assert targets == {key: target for key, target in served.items() if key in targets}


def test_the_reader_reads_a_document_that_grows() -> None:
    """A collection that appears (with a reference to an existing one) is read like the others."""
    document = yaml.safe_load(spec_files()["0.9.0"].read_text(encoding="utf-8"))
    grown = copy.deepcopy(document)
    schemas = grown["components"]["schemas"]
    schemas["KanaalRequest"] = {
        "type": "object",
        "properties": {
            "naam": {"type": "string", "maxLength": 80},
            "partij": {"allOf": [{"$ref": "#/components/schemas/PartijForeignKeyRequest"}]},
            "soort": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        },
        "required": ["naam"],
    }
    schemas["Kanaal"] = {"type": "object", "properties": {"uuid": {"type": "string", "readOnly": True}}}
    create = {
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/KanaalRequest"}}}},
        "responses": {"201": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Kanaal"}}}}},
    }
    grown["paths"]["/kanalen"] = {"post": create}
    grown["paths"]["/kanalen/{uuid}"] = {"get": {}}
    spec = ApiSpec("0.9.0", grown)
    assert spec.collections == (*ApiSpec("0.9.0", document).collections, "kanalen")
    form = spec.create_form("kanalen")
    assert (form.required, form.properties["naam"].max_length) == (frozenset({"naam"}), 80)
    assert (form.properties["partij"].kind, form.properties["partij"].target) == ("reference", "partijen")
    assert form.properties["soort"].kind == "other"  # a choice without a discriminator: not judged


def test_a_length_break_is_offered_only_where_the_pattern_allows_its_digits() -> None:
    """An IBAN of 35 digits would break its pattern too (Open Klant then names two errors), so the
    model breaks no IBAN's length; a BIC's pattern allows digits, so its length is broken."""
    oracle = Oracle.for_version("0.9.0")
    body = {"partij": None, "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"}
    breaks = {broken.what: broken.body for broken in oracle.breaks("rekeningnummers", body)}
    assert sorted(breaks) == ["missing iban", "too long bic"]
    assert breaks["too long bic"] == {**body, "bic": "1" * 12}

"""The generated Dutch data is realistic: BSNs pass the 11-test, postcodes and names have their form;
generated bodies keep the standard's rules between fields (identificatoren of every kind in the
register hierarchy, nested in a partij too; the contact, afgehandeldOp and standard-address rules)
and the invalid ones break exactly the rule they name, all by plain models written here.

The properties that use these strategies against a provider live in contracts/properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from standard_model import FORMS, HIERARCHY, eleven_test_model, in_hierarchy, number_model

from kcc_mock.provider.fields import ChoiceObjectField, FieldError, StringField
from kcc_mock.provider.operations import Provider
from kcc_mock.testing import body_rules, standard, strategies
from kcc_mock.testing.strategies import BY_NAME, Bodies, bsn, name_parts, postcode, value_of


@given(names=name_parts(), number=bsn(), code=postcode())
def test_generated_dutch_data_is_realistic(names: dict[str, str], number: str, code: str) -> None:
    assert eleven_test_model(number)
    assert len(code) == 7 and code[:4].isdigit() and code[4] == " " and code[5:].isupper()
    assert names["voornaam"] and names["achternaam"] and len(names["voorvoegselAchternaam"]) <= 10


def pattern_fields() -> list[tuple[str, StringField]]:
    """Every string field of a request body whose values come from its pattern, named `collection.field`."""
    found = []
    for collection, form in Provider().forms.items():
        variants = form.variants.values() if isinstance(form, ChoiceObjectField) else [form]
        for variant in variants:
            for key, field in variant.properties.items():
                if isinstance(field, StringField) and field.pattern and not field.format and key not in BY_NAME:
                    found.append((f"{collection}.{key}", field))
    return found


@pytest.mark.parametrize(("name", "field"), pattern_fields(), ids=[name for name, _ in pattern_fields()])
def test_generated_values_of_a_patterned_field_pass_its_checks(name: str, field: StringField) -> None:
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        value = data.draw(value_of(name.split(".")[1], field))
        errors: list[FieldError] = []
        field.convert(value, name, errors)
        assert errors == [], (value, errors)

    run()


# ---------------------------------------------------------------- the standard's rules between fields

PARENT = "11111111-1111-4111-8111-111111111111"  # a kvk_nummer identificator a vestiging may be under
ACTOR = "22222222-2222-4222-8222-222222222222"
PARTIJ = "33333333-3333-4333-8333-333333333333"
REFS = {"partij-identificatoren": [PARENT], "actoren": [ACTOR], "partijen": [PARTIJ]}
# The object type of what identifies each soortPartij, as a reader of the standard expects it.
IDENTIFIED_AS = {
    "persoon": "natuurlijk_persoon",
    "contactpersoon": "natuurlijk_persoon",
    "organisatie": "niet_natuurlijk_persoon",
}
BODIES = Bodies()
MANY = settings(max_examples=150, database=None, suppress_health_check=list(HealthCheck))


def drawn(strategy: st.SearchStrategy[Any]) -> list[Any]:
    """Examples of a strategy, as a test run draws them."""
    found: list[Any] = []

    @MANY
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


def identificator_faults(body: dict[str, Any], parents: list[str]) -> set[str]:
    """How a partij-identificator body breaks the standard by the plain model, in Open Klant's order
    of checking: each check (the last: the sub-identificator) only once the ones before it pass."""
    group, sub = body["partijIdentificator"], (body.get("subIdentificatorVan") or {}).get("uuid")
    register, objecttype, kind = group["codeRegister"], group["codeObjecttype"], group["codeSoortObjectId"]
    number, (digits, _) = group["objectId"], FORMS[kind]
    faults = set()
    if objecttype not in HIERARCHY[register]:
        faults.add("register-hierarchy")
    elif not in_hierarchy(register, objecttype, kind):
        faults.add("kind-hierarchy")
    elif len(number) != digits:
        faults.add("number-length")
    elif not number_model(kind, number):
        faults.add("eleven-test")
    elif (kind == "vestigingsnummer") != (sub in parents):
        faults.add("sub-identificator-missing" if sub is None else "sub-identificator-wrong")
    return faults


def model_faults(collection: str, body: dict[str, Any]) -> set[str]:
    """The rules between fields a body breaks, by the plain model: named as the strategies name the break."""
    faults = set()
    if (
        collection == "klantcontacten"
        and body.get("indicatieContactGelukt") is body.get("verdereActieOndernomen") is True
    ):
        faults.add("contact-succeeded")
    if collection == "internetaken" and body.get("afgehandeldOp") is not None and body.get("status") != "verwerkt":
        faults.add("afgehandeld-not-done")
    if (
        collection == "digitaleadressen"
        and body.get("isStandaardAdres") is True
        and not body.get("verstrektDoorPartij")
    ):
        faults.add("standaard-adres-without-partij")
    if collection == "partij-identificatoren":
        faults |= identificator_faults(body, REFS["partij-identificatoren"])
    return faults


def check_identificatoren(parents: list[str]) -> set[str]:
    """Every drawn identificator keeps the standard; returns the kinds drawn."""
    bodies = drawn(BODIES.valid("partij-identificatoren", {"partij-identificatoren": parents}))
    faults = sorted({fault for body in bodies for fault in identificator_faults(body, parents)})
    assert faults == [], f"faults: {faults}"
    return {body["partijIdentificator"]["codeSoortObjectId"] for body in bodies}


def test_identificatoren_are_of_every_kind_and_keep_the_hierarchy_and_the_number_forms() -> None:
    assert check_identificatoren([PARENT]) == {"bsn", "rsin", "kvk_nummer", "vestigingsnummer"}
    assert check_identificatoren([]) == {"bsn", "rsin", "kvk_nummer"}  # no kvk_nummer to be a vestiging of


def test_the_identificator_check_catches_a_planted_wrong_check_digit(monkeypatch: pytest.MonkeyPatch) -> None:
    honest = standard.valid_number

    def wrong_check_digit(kind: str, rng: Any) -> str:
        number = honest(kind, rng)
        return standard.with_wrong_check_digit(number) if kind in ("bsn", "rsin") else number

    monkeypatch.setattr(standard, "valid_number", wrong_check_digit)
    with pytest.raises(AssertionError, match=r"faults: \['eleven-test'\]\n"):
        check_identificatoren([PARENT])


def test_the_identificator_check_catches_a_vestiging_without_its_kvk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(body_rules.FIXES, "partij-identificatoren", ())  # subIdentificatorVan left as drawn
    with pytest.raises(AssertionError, match=r"faults: \['sub-identificator-missing', 'sub-identificator-wrong'\]\n"):
        check_identificatoren([PARENT])


def nested_kinds() -> dict[str, set[str]]:
    """The kinds of identificator drawn nested in each soortPartij; fails on an item that breaks the standard."""
    nested: dict[str, set[str]] = {}
    for body in drawn(BODIES.valid("partijen")):
        items = body.get("partijIdentificatoren", [])
        assert len(items) <= 1 and all(set(item) == {"partijIdentificator"} for item in items), items
        for item in items:
            group = item["partijIdentificator"]
            assert group["codeObjecttype"] == IDENTIFIED_AS[body["soortPartij"]], f"{body['soortPartij']}: {group}"
            assert identificator_faults(item, []) == set(), item
            nested.setdefault(body["soortPartij"], set()).add(group["codeSoortObjectId"])
    return nested


def test_partijen_are_written_with_an_identificator_of_their_kind() -> None:
    assert nested_kinds() == {"persoon": {"bsn"}, "contactpersoon": {"bsn"}, "organisatie": {"kvk_nummer", "rsin"}}


def test_the_nested_check_catches_a_persoon_identified_by_a_kvk_nummer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(body_rules.IDENTIFIED_BY, "persoon", ("kvk_nummer",))
    with pytest.raises(AssertionError, match=r"^persoon: .*'codeObjecttype': 'niet_natuurlijk_persoon'"):
        nested_kinds()


def rewritten_identificatoren() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The (PUT, PATCH) bodies of partij updates that list identificatoren (the first bodies do, sometimes)."""
    changes = drawn(BODIES.changes("partijen"))
    assert any(first.get("partijIdentificatoren") for first, _, _ in changes)
    return [(second, patch) for _, second, patch in changes if "partijIdentificatoren" in {*second, *patch}]


def test_updates_of_a_partij_leave_its_identificatoren_alone() -> None:
    assert rewritten_identificatoren() == []


def test_the_update_check_catches_updates_that_list_identificatoren(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strategies, "NOT_REWRITTEN", {})
    assert rewritten_identificatoren() != []


# A case at the edge of each rule between fields that the valid bodies must reach.
EDGES = {
    "klantcontacten": lambda body: body.get("indicatieContactGelukt") is True,
    "internetaken": lambda body: body.get("afgehandeldOp") is not None,
    "digitaleadressen": lambda body: body.get("isStandaardAdres") is True,
    "partij-identificatoren": lambda body: body.get("subIdentificatorVan") is not None,
}


def broken_rules(collection: str) -> list[str]:
    """The rules between fields the valid bodies of a collection break (the model's names); fails when
    no body reaches the rule's edge."""
    bodies = drawn(BODIES.valid(collection, REFS))
    assert any(EDGES[collection](body) for body in bodies), f"no {collection} body at the edge"
    return sorted({fault for body in bodies for fault in model_faults(collection, body)})


@pytest.mark.parametrize("collection", sorted(EDGES))
def test_valid_bodies_keep_the_rules_between_fields_up_to_their_edge(collection: str) -> None:
    assert broken_rules(collection) == []


@pytest.mark.parametrize(
    ("collection", "broken"),
    [
        ("klantcontacten", ["contact-succeeded"]),
        ("internetaken", ["afgehandeld-not-done"]),
        ("digitaleadressen", ["standaard-adres-without-partij"]),
    ],
)
def test_the_rule_check_catches_bodies_that_are_not_fixed(
    collection: str, broken: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(body_rules.FIXES, collection, ())
    assert broken_rules(collection) == broken


# The breaks of each rule between fields the invalid bodies must reach, named as the model names them.
BREAKS = {
    "klantcontacten": {"contact-succeeded"},
    "internetaken": {"afgehandeld-not-done"},
    "digitaleadressen": {"standaard-adres-without-partij"},
    "partij-identificatoren": {
        "register-hierarchy",
        "kind-hierarchy",
        "number-length",
        "eleven-test",
        "sub-identificator-missing",
    },
}


def misnamed_breaks(collection: str) -> list[tuple[str, list[str]]]:
    """(named break, what the model finds) for each invalid body whose rule break the model names otherwise;
    fails when a break of the collection is never drawn."""
    pairs = drawn(BODIES.invalid(collection, REFS))
    ruled = [(body, violation.kind) for body, violation in pairs if violation.kind in BREAKS[collection]]
    assert {kind for _, kind in ruled} == BREAKS[collection]
    found = {(kind, tuple(sorted(model_faults(collection, body)))) for body, kind in ruled}
    return sorted((kind, list(faults)) for kind, faults in found if list(faults) != [kind])


@pytest.mark.parametrize("collection", sorted(BREAKS))
def test_a_body_broken_in_a_rule_between_fields_breaks_exactly_that_rule(collection: str) -> None:
    assert misnamed_breaks(collection) == []


def test_the_break_check_catches_an_eleven_test_break_that_breaks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(standard, "with_wrong_check_digit", lambda number: number)
    assert misnamed_breaks("partij-identificatoren") == [("eleven-test", [])]


# ---------------------------------------------------------------- one-way breaks of a single field


def field_breaks(collection: str, body: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, error name) of every one-way break the strategies offer for a body of a collection."""
    form = Provider().forms[collection]
    assert not isinstance(form, ChoiceObjectField)
    return {(kind, name) for kind, _, name, _ in strategies._violations(collection, form, body)}


def test_a_value_too_long_is_offered_only_where_the_pattern_lets_digits_through() -> None:
    """Digits too long for an IBAN break its shape too (two errors); a BIC of digits is only too long."""
    found = field_breaks("rekeningnummers", {"iban": "NL91ABNA0417164300", "bic": "ABNANL2A"})
    assert ("too-long", "bic") in found
    assert ("too-long", "iban") not in found


def test_the_pattern_check_of_a_value_too_long_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strategies, "_fits", lambda field, text: True)
    assert ("too-long", "iban") in field_breaks("rekeningnummers", {"iban": "NL91ABNA0417164300"})


def test_a_date_is_broken_by_a_word() -> None:
    assert field_breaks("categorie-relaties", {"beginDatum": "2024-01-01"}) >= {
        ("not-a-date", "beginDatum"),
        ("not-a-date", "eindDatum"),
    }


def represented_by_themselves(fixes: bool, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many drawn vertegenwoordigingen name one partij twice, given two partijen to refer to."""
    if not fixes:
        monkeypatch.setitem(body_rules.FIXES, "vertegenwoordigingen", ())
    refs = {"partijen": [PARTIJ, ACTOR]}
    bodies = drawn(BODIES.valid("vertegenwoordigingen", refs))
    assert all({"vertegenwoordigendePartij", "vertegenwoordigdePartij"} <= body.keys() for body in bodies)
    return sum(body["vertegenwoordigendePartij"] == body["vertegenwoordigdePartij"] for body in bodies)


def test_a_partij_is_not_drawn_representing_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    assert represented_by_themselves(True, monkeypatch) == 0


def test_the_self_representation_check_catches_bodies_that_are_not_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert represented_by_themselves(False, monkeypatch) > 0

"""The standard's rules as the suites' oracle (`kcc_mock.testing.standard`), checked against plain
models written here and against Open Klant's recorded answers; each check also catches a planted
mistake in the rule it guards, with exactly the cases that mistake gets wrong."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standard_model import FORMS, HIERARCHY, eleven_test_model

from kcc_mock.testing import standard

# (number, passes): what Open Klant answered (tests/data/recordings/openklant-2.18.0: accepted
# 111222333, refused 123456789 "Onjuist BSN nummer" and 1234), and the edges of the form.
ELEVEN_TEST_CASES = (
    ("111222333", True),
    ("999990019", True),
    ("123456782", True),
    ("123456789", False),
    ("1234", False),
    ("1112223330", False),
    ("11122233a", False),
    ("１１１２２２３３３", False),  # full-width digits are digits to Python, not to the standard
    ("", False),
)


def wrong_eleven_test_cases(passes: Callable[[str], bool]) -> set[str]:
    """The recorded and edge cases a version of the 11-test gets wrong."""
    return {number for number, expected in ELEVEN_TEST_CASES if passes(number) != expected}


def test_the_eleven_test_answers_every_case_as_open_klant_and_the_model_do() -> None:
    assert wrong_eleven_test_cases(eleven_test_model) == set()
    assert wrong_eleven_test_cases(standard.passes_eleven_test) == set()


def test_the_eleven_test_cases_catch_a_planted_sign_error_in_the_last_weight() -> None:
    def plus_one(number: str) -> bool:  # the last digit weighted +1, as a hasty reading of "weights 9..1" gives
        digits = number.isascii() and number.isdigit() and len(number) == 9
        return digits and sum(int(d) * w for d, w in zip(number, range(9, 0, -1), strict=True)) % 11 == 0

    # It refuses the three numbers that pass and accepts the one Open Klant refused.
    assert wrong_eleven_test_cases(plus_one) == {"111222333", "999990019", "123456782", "123456789"}


@given(number=st.text(alphabet=string.digits, min_size=9, max_size=9))
def test_the_eleven_test_agrees_with_the_model_on_every_nine_digit_number(number: str) -> None:
    assert standard.passes_eleven_test(number) == eleven_test_model(number)


@given(first=st.text(alphabet=string.digits, min_size=8, max_size=8))
def test_a_check_digit_completes_eight_digits_exactly_when_one_can(first: str) -> None:
    completed = standard.with_check_digit(first)
    fitting = [first + digit for digit in string.digits if eleven_test_model(first + digit)]
    assert ([completed] if completed else []) == fitting
    if completed:
        assert not eleven_test_model(standard.with_wrong_check_digit(completed))


@pytest.mark.parametrize("kind", sorted(FORMS))
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_valid_numbers_have_the_form_of_their_kind(kind: str, seed: int) -> None:
    number = standard.valid_number(kind, random.Random(seed))
    digits, eleven = FORMS[kind]
    assert len(number) == digits and set(number) <= set(string.digits) and number[0] != "0"
    assert not eleven or eleven_test_model(number)
    assert standard.number_fits(kind, number)
    assert not eleven or not standard.number_fits(kind, standard.with_wrong_check_digit(number))
    assert not standard.number_fits(kind, number + "0") and not standard.number_fits(kind, number[:-1])


def test_valid_numbers_repeat_with_the_seed_and_differ_between_seeds() -> None:
    first = [standard.valid_number("bsn", random.Random(seed)) for seed in range(200)]
    assert first == [standard.valid_number("bsn", random.Random(seed)) for seed in range(200)]
    assert len(set(first)) == 200


def test_the_hierarchy_is_the_standards() -> None:
    found = {
        register: {objecttype: set(standard.kinds_of(objecttype)) for objecttype in standard.objecttypes(register)}
        for register in ("brp", "hr")
    }
    assert found == HIERARCHY
    for kind in FORMS:
        group = standard.identificator(kind, "1")
        assert kind in HIERARCHY[group["codeRegister"]][group["codeObjecttype"]]
        assert group["codeSoortObjectId"] == kind and group["objectId"] == "1"


def group(kind: str, object_id: str, **codes: str) -> dict[str, str]:
    """A partijIdentificator group written out here (not by the module under test)."""
    register, objecttype = next(
        (register, objecttype)
        for register, objecttypes in HIERARCHY.items()
        for objecttype, kinds in objecttypes.items()
        if kind in kinds
    )
    written = {"codeObjecttype": objecttype, "codeSoortObjectId": kind, "objectId": object_id, "codeRegister": register}
    return {**written, **codes}


# (name, group, kind of the identificator its subIdentificatorVan names, the part refused or None).
IDENTIFICATOR_CASES: tuple[tuple[str, dict[str, str], str | None, str | None], ...] = (
    ("bsn", group("bsn", "111222333"), None, None),
    ("bsn in the hr (recorded)", group("bsn", "111222333", codeRegister="hr"), None, "codeObjecttype"),
    ("bsn failing the 11-test (recorded)", group("bsn", "123456789"), None, "objectId"),
    ("bsn of 4 digits (recorded)", group("bsn", "1234"), None, "objectId"),
    ("rsin", group("rsin", "123456782"), None, None),
    ("rsin failing the 11-test", group("rsin", "123456780"), None, "objectId"),
    ("kvk (recorded)", group("kvk_nummer", "12345678"), None, None),
    ("kvk of 1 digit (recorded)", group("kvk_nummer", "1"), None, "objectId"),
    ("kvk with letters", group("kvk_nummer", "1234567a"), None, "objectId"),
    ("kvk of a vestiging", group("kvk_nummer", "12345678", codeObjecttype="vestiging"), None, "codeSoortObjectId"),
    ("vestiging without kvk (recorded)", group("vestigingsnummer", "123456789012"), None, "subIdentificatorVan"),
    ("vestiging under a kvk (recorded)", group("vestigingsnummer", "123456789012"), "kvk_nummer", None),
    ("vestiging under an rsin", group("vestigingsnummer", "123456789012"), "rsin", "subIdentificatorVan"),
    ("bsn under a kvk", group("bsn", "111222333"), "kvk_nummer", "subIdentificatorVan"),
    ("empty codes", {"codeObjecttype": "", "codeSoortObjectId": "", "objectId": "", "codeRegister": ""}, None, None),
)


def wrong_identificator_cases(problem: Callable[[Mapping[str, Any], str | None], str | None]) -> set[str]:
    """The cases a version of the identificator rule answers otherwise than the table."""
    return {name for name, sent, parent, expected in IDENTIFICATOR_CASES if problem(sent, parent) != expected}


def test_the_identificator_rule_refuses_exactly_what_the_table_says() -> None:
    assert wrong_identificator_cases(standard.identificator_problem) == set()


def test_the_identificator_cases_catch_a_rule_that_forgets_the_hierarchy_of_sub_identificatoren() -> None:
    def no_parents(sent: Mapping[str, Any], parent: str | None) -> str | None:
        found = standard.identificator_problem(sent, parent)
        return None if found == "subIdentificatorVan" else found

    assert wrong_identificator_cases(no_parents) == {
        "vestiging without kvk (recorded)",
        "vestiging under an rsin",
        "bsn under a kvk",
    }


def test_one_identificator_per_kind_per_partij() -> None:
    # Open Klant refused two kvk_nummers in one partij ("`CodeSoortObjectId` moet uniek zijn voor de Partij").
    assert standard.one_per_kind([group("kvk_nummer", "11111111"), group("rsin", "123456782")])
    assert not standard.one_per_kind([group("kvk_nummer", "11111111"), group("kvk_nummer", "22222222")])
    assert standard.one_per_kind([])


# (rule, object, holds): the recorded refusals and their neighbours that Open Klant accepts.
OBJECT_RULE_CASES: tuple[tuple[str, dict[str, Any], bool], ...] = (
    ("contact", {"indicatieContactGelukt": True, "verdereActieOndernomen": True}, False),
    ("contact", {"indicatieContactGelukt": True, "verdereActieOndernomen": False}, True),
    ("contact", {"indicatieContactGelukt": False, "verdereActieOndernomen": True}, True),
    ("contact", {"indicatieContactGelukt": None, "verdereActieOndernomen": True}, True),
    ("contact", {"indicatieContactGelukt": True}, True),
    ("afgehandeld", {"status": "te_verwerken", "afgehandeldOp": "2024-01-01T00:00:00Z"}, False),
    ("afgehandeld", {"status": "verwerkt", "afgehandeldOp": "2024-01-01T00:00:00Z"}, True),
    ("afgehandeld", {"status": "te_verwerken", "afgehandeldOp": None}, True),
    ("afgehandeld", {"status": "te_verwerken"}, True),
    ("assignment", {"toegewezenAanActor": {"uuid": "a"}, "toegewezenAanActoren": [{"uuid": "a"}]}, False),
    ("assignment", {"gevraagdeHandeling": "Bellen"}, False),
    ("assignment", {"toegewezenAanActor": {"uuid": "a"}}, True),
    ("assignment", {"toegewezenAanActoren": []}, True),
    ("standaard", {"verstrektDoorPartij": None, "isStandaardAdres": True}, False),
    ("standaard", {"isStandaardAdres": True}, False),
    ("standaard", {"verstrektDoorPartij": {"uuid": "p"}, "isStandaardAdres": True}, True),
    ("standaard", {"verstrektDoorPartij": None, "isStandaardAdres": False}, True),
)
RULES: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "contact": standard.contact_rule_holds,
    "afgehandeld": standard.afgehandeld_rule_holds,
    "assignment": standard.assignment_rule_holds,
    "standaard": standard.standaard_adres_rule_holds,
}


def wrong_object_rule_cases(rules: Mapping[str, Callable[[Mapping[str, Any]], bool]]) -> list[int]:
    """The indexes of the cases a set of rules answers otherwise than the table."""
    return [index for index, (rule, body, holds) in enumerate(OBJECT_RULE_CASES) if rules[rule](body) != holds]


def test_the_rules_between_fields_answer_every_case_of_the_table() -> None:
    assert wrong_object_rule_cases(RULES) == []


def test_the_cases_catch_a_contact_rule_that_reads_an_unknown_outcome_as_a_success() -> None:
    def unknown_is_success(klantcontact: Mapping[str, Any]) -> bool:
        succeeded = klantcontact.get("indicatieContactGelukt") is not False
        return not (succeeded and klantcontact.get("verdereActieOndernomen") is True)

    assert wrong_object_rule_cases({**RULES, "contact": unknown_is_success}) == [3]


def test_fitting_addresses_have_the_form_of_their_kind() -> None:
    assert set(standard.FITTING_ADDRESSES) == {"email", "telefoonnummer"}
    local, _, domain = standard.FITTING_ADDRESSES["email"].partition("@")
    assert local and "." in domain
    phone = standard.FITTING_ADDRESSES["telefoonnummer"]
    assert phone.isdigit() and len(phone) == 10 and phone.startswith("06")

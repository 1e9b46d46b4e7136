"""Plain models of the standard's rules, written for the tests: the oracle the generated data and
`kcc_mock.testing.standard` are checked against (from the standard's enums and Open Klant's answers)."""

from __future__ import annotations

import string


def eleven_test_model(number: str) -> bool:
    """The 11-test as a number: from the right, the last digit counts -1, the others 2, 3, ... 9."""
    if len(number) != 9 or not set(number) <= set(string.digits):
        return False
    value, total = int(number), 0
    for weight in (-1, 2, 3, 4, 5, 6, 7, 8, 9):
        value, digit = divmod(value, 10)
        total += weight * digit
    return total % 11 == 0


# What a number of each kind looks like (Open Klant's answers: "Waarde moet 9 tekens lang zijn" for
# a BSN, 8 for a KvK-nummer; 123456789012 accepted as a vestigingsnummer): digits, 11-test.
FORMS = {"bsn": (9, True), "rsin": (9, True), "kvk_nummer": (8, False), "vestigingsnummer": (12, False)}
# The register hierarchy, from the standard's enums and Open Klant's message "voor `codeRegister`
# hr zijn alleen deze waarden toegestaan: ['vestiging', 'niet_natuurlijk_persoon']".
HIERARCHY = {
    "brp": {"natuurlijk_persoon": {"bsn"}},
    "hr": {"niet_natuurlijk_persoon": {"rsin", "kvk_nummer"}, "vestiging": {"vestigingsnummer"}},
}


def number_model(kind: str, number: str) -> bool:
    """Whether a number has the form of its kind: its count of ASCII digits, the 11-test where the kind has it."""
    digits, eleven = FORMS[kind]
    return len(number) == digits and set(number) <= set(string.digits) and (not eleven or eleven_test_model(number))


def in_hierarchy(register: str, objecttype: str, kind: str) -> bool:
    """Whether a register holds the object type and the object type is identified by the kind."""
    return kind in HIERARCHY.get(register, {}).get(objecttype, set())

"""The generated Dutch data is realistic: BSNs pass the 11-test, postcodes and names have their form.

The properties that use these strategies against a provider live in contracts/properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcc_mock.provider.fields import ChoiceObjectField, FieldError, StringField
from kcc_mock.provider.operations import Provider
from kcc_mock.testing.strategies import BY_NAME, bsn, name_parts, postcode, value_of


@given(names=name_parts(), number=bsn(), code=postcode())
def test_generated_dutch_data_is_realistic(names: dict[str, str], number: str, code: str) -> None:
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True)) - int(number[8])
    assert total % 11 == 0
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

"""The generated Dutch data is realistic: BSNs pass the 11-test, postcodes and names have their form.

The properties that use these strategies against a provider live in contracts/properties."""

from __future__ import annotations

from hypothesis import given

from kcc_mock.strategies import bsn, name_parts, postcode


@given(names=name_parts(), number=bsn(), code=postcode())
def test_generated_dutch_data_is_realistic(names: dict[str, str], number: str, code: str) -> None:
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True)) - int(number[8])
    assert total % 11 == 0
    assert len(code) == 7 and code[:4].isdigit() and code[4] == " " and code[5:].isupper()
    assert names["voornaam"] and names["achternaam"] and len(names["voorvoegselAchternaam"]) <= 10

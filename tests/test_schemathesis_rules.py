"""The predicates the failure filter takes as evidence, against oracles of their own.

The country list against Faker's list of sovereign states and the count ISO 3166-1 assigns (249);
the 11-test against published test numbers; the e-mail and URL validators against cases from
Django's own validator tests; the telephone rule against the numbers Open Klant's messages name.
"""

from __future__ import annotations

import pytest
from faker.providers.address import Provider as Addresses

from contracts.schemathesis import rules
from contracts.schemathesis.drf import is_django_email, is_django_url


def test_the_country_list_is_iso_3166_1() -> None:
    assert len(rules.COUNTRIES) == 249
    assert set(Addresses.alpha_2_country_codes) <= rules.COUNTRIES
    assert {"AW", "CW", "SX", "BQ", "XK"} & rules.COUNTRIES == {"AW", "CW", "SX", "BQ"}  # Kosovo has no ISO code
    assert not rules.is_country("nl")


@pytest.mark.parametrize(
    ("number", "passes"), [("111222333", True), ("123456782", True), ("123456789", False), ("11122233", False)]
)
def test_a_bsn_failing_the_eleven_test_is_a_wrong_number(number: str, passes: bool) -> None:
    group = {"codeSoortObjectId": "bsn", "objectId": number}
    assert rules.object_id_is_wrong(group) is not passes


@pytest.mark.parametrize(
    ("number", "accepted"),
    [
        ("0612345678", True),
        ("+31612345678", True),
        ("0031612345678", True),
        (" 0201234567 ", True),
        ("0800123456", False),
        ("0900123456", False),
        ("14020", False),
        ("1400", False),
        ("12345", False),
        ("06-12345678", False),
    ],
)
def test_telephone_numbers(number: str, accepted: bool) -> None:
    assert rules.is_phone_number(number) is accepted


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("email@here.com", True),
        ("weirder-email@here.and.there.com", True),
        ("email@[127.0.0.1]", True),
        ("email@[2001:dB8::1]", True),
        ("example@valid-----hyphens.com", True),
        ("test@domain.with.idn.tld.उदाहरण.परीक्षा", True),
        ('"\\\\011"@here.com', True),
        ("email@localhost", True),
        ('"test@test"@example.com', True),
        ("abc", False),
        ("abc@", False),
        ("a @x.cz", False),
        ("something@@somewhere.com", False),
        ("email@127.0.0.1", False),
        ("email@[127.0.0.256]", False),
        ("example@invalid-.com", False),
        ("example@-invalid.com", False),
        ("example@inv-.alid-.com", False),
    ],
)
def test_djangos_email_validator(address: str, valid: bool) -> None:
    assert is_django_email(address) is valid


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("http://www.djangoproject.com/", True),
        ("HTTP://EXAMPLE.COM/", True),
        ("http://localhost/", True),
        ("http://example.com:8000/test", True),
        ("http://200.8.9.10/", True),
        ("http://[::192.9.5.5]/ipng", True),
        ("ftps://foo.bar/", True),
        ("http://xn--7sbb4ac0ad0be6cf.xn--p1ai", True),
        ("http://例子.测试", True),
        ("foo", False),
        ("http://", False),
        ("http://example", False),
        ("http://-invalid.com", False),
        ("http://inv-.alid-.com", False),
        ("http://999.999.999.999/", False),
        ("http://[::1:2::3]:8080/", False),
        ("mailto:a@example.com", False),
        ("http://" + "a" * 2048 + ".com", False),
    ],
)
def test_djangos_url_validator(url: str, valid: bool) -> None:
    assert is_django_url(url) is valid

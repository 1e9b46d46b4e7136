"""The standard's rules beyond the schema, as predicates over the values of a request, with no I/O.

The failure filter drops a refusal of schema-valid data only when evidence independent of the
refusal confirms its reason; these predicates are that evidence where the request body shows it:
the register hierarchy and number rules of a partij-identificator (the 11-test of a BSN or RSIN),
the contact-succeeded rule, an internetaak's assignment and `afgehandeldOp`, a standard address
without partij, an ISO 3166-1 country code and a telephone number as Open Klant accepts one. The
identificator rules come from `kcc_mock.testing.standard` (the suites' one copy of the standard's
rules, independent of the mock); the rest read values as DRF does, which only this suite needs.
"""

from __future__ import annotations

import re
from typing import Any

from contracts.schemathesis import drf
from kcc_mock.testing import standard

# ISO 3166-1 alpha-2, all 249 assigned codes (Open Klant checks django-localflavor's copy of the list).
_COUNTRY_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA
    CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA
    GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
    KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS
    MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS
    RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW
    TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRIES = frozenset(_COUNTRY_CODES.split())
# Open Klant's telephone numbers: Dutch (0 and nine digits), international (+ or 00); no service numbers.
PHONE = re.compile(r"(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})\Z")
SERVICE_PREFIXES = ("0800", "0900", "088", "1400", "140")  # 2.18.0 names 0800, 0900, 1400, 140xx; later ones 088 too


def is_true(value: Any) -> bool:
    """Whether DRF's BooleanField reads a value as true."""
    return drf.scalar(value, {"type": "boolean"}) is True


def register_mismatch(group: dict[str, Any], field: str) -> bool:
    """Whether an identificator breaks the hierarchy at `field` (codeObjecttype under its register, or
    codeSoortObjectId under its object type)."""
    register, kind, soort = (group.get(k) for k in ("codeRegister", "codeObjecttype", "codeSoortObjectId"))
    if field == "partijIdentificatorCodeObjecttype":
        return bool(register and kind) and kind not in standard.objecttypes(str(register))
    if field == "partijIdentificatorCodeSoortObjectId":
        return bool(kind and soort) and soort not in standard.kinds_of(str(kind))
    return False


def object_id_is_wrong(group: dict[str, Any]) -> bool:
    """Whether an identificator's objectId has the wrong length, is not digits, or fails the 11-test."""
    soort, number = str(group.get("codeSoortObjectId")), str(group.get("objectId") or "")
    return soort in standard.KINDS and bool(number) and not standard.number_fits(soort, number)


def contact_succeeded_with_follow_up(klantcontact: dict[str, Any]) -> bool:
    """The contact-succeeded rule broken: the contact succeeded and further action was taken too."""
    return is_true(klantcontact.get("indicatieContactGelukt")) and is_true(klantcontact.get("verdereActieOndernomen"))


def assignment_is_wrong(internetaak: dict[str, Any], partial: bool) -> bool:
    """An internetaak names both `toegewezenAanActor` and `toegewezenAanActoren`, or (not a PATCH) neither."""
    given = [key in internetaak for key in ("toegewezenAanActor", "toegewezenAanActoren")]
    return all(given) or (not partial and not any(given))


def done_date_without_done(internetaak: dict[str, Any]) -> bool:
    """An `afgehandeldOp` on an internetaak whose status is not `verwerkt`."""
    return bool(internetaak.get("afgehandeldOp")) and internetaak.get("status") != "verwerkt"


def standard_address_without_partij(adres: dict[str, Any]) -> bool:
    """A digitaal adres marked `isStandaardAdres` that no partij provided."""
    return is_true(adres.get("isStandaardAdres")) and not adres.get("verstrektDoorPartij")


def is_country(code: Any) -> bool:
    """An ISO 3166-1 alpha-2 code, in capitals."""
    return isinstance(code, str) and code in COUNTRIES


def is_phone_number(text: Any) -> bool:
    """A telephone number Open Klant accepts (after DRF trims it): not a service number, Dutch or international."""
    if not isinstance(text, str):
        return False
    number = text.strip()
    return not number.startswith(SERVICE_PREFIXES) and PHONE.match(number) is not None

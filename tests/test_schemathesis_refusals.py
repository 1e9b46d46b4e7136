"""A refusal of valid data (ST202) is dropped only on evidence the provider cannot forge: not on its label."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from schemathesis_filter_support import (
    ADRES,
    BLANK_FUNCTIE,
    BOTH_FORMS,
    BSN,
    COUNTRY,
    ELEVEN_TEST,
    GONE,
    INTERNETAAK,
    KLANTCONTACT,
    MISSING,
    NESTED_NAMES_PARTIJ,
    NOT_AN_EMAIL,
    NOT_DONE,
    NOT_ITS_ADDRESS,
    REFERENTIE_TAKEN,
    SERVICE_NUMBER,
    STANDAARD,
    SUCCEEDED,
    VALID_MEDEWERKER,
    Example,
    Stored,
    betrokkene,
    exchange,
    kept,
    medewerker,
    refusal,
    rejected,
)

from contracts.deviations.schemathesis import LOG_VARIABLE, STRICT_VARIABLE

# id -> a refusal with the very name, code and message a rule is for, of a request that does not show its reason
LABEL_ONLY: dict[str, Example] = {
    "contact-succeeded": lambda s: refusal(
        s.base_url,
        "POST /klantcontacten",
        {**KLANTCONTACT, "indicatieContactGelukt": True, "verdereActieOndernomen": False},
        SUCCEEDED,
    ),
    "internetaak-actor-forms": lambda s: refusal(
        s.base_url, "POST /internetaken", {**INTERNETAAK, "toegewezenAanActoren": [{"uuid": MISSING}]}, BOTH_FORMS
    ),
    "afgehandeld-op": lambda s: refusal(
        s.base_url,
        "POST /internetaken",
        {**INTERNETAAK, "toegewezenAanActoren": [], "status": "verwerkt", "afgehandeldOp": "2026-01-01T10:00:00Z"},
        NOT_DONE,
    ),
    "adres-an-e-mail-address": lambda s: refusal(
        s.base_url, "POST /digitaleadressen", {**ADRES, "verstrektDoorPartij": {"uuid": MISSING}}, NOT_AN_EMAIL
    ),
    "adres-overig": lambda s: refusal(
        s.base_url,
        "POST /digitaleadressen",
        {**ADRES, "soortDigitaalAdres": "overig", "adres": "geen e-mail", "verstrektDoorPartij": {"uuid": MISSING}},
        ("adres", "invalid", "Ongeldig adres."),
    ),
    "adres-a-telephone-number": lambda s: refusal(
        s.base_url,
        "POST /digitaleadressen",
        {
            **ADRES,
            "soortDigitaalAdres": "telefoonnummer",
            "adres": "0612345678",
            "verstrektDoorPartij": {"uuid": MISSING},
        },
        ("adres", "invalid", "Het opgegeven telefoonnummer is ongeldig."),
    ),
    "standaard-adres-with-partij": lambda s: refusal(
        s.base_url,
        "POST /digitaleadressen",
        {**ADRES, "isStandaardAdres": True, "verstrektDoorPartij": {"uuid": s.uuids["organisatie"]}},
        STANDAARD,
    ),
    "register-hierarchy-kept": lambda s: refusal(
        s.base_url,
        "POST /partij-identificatoren",
        {"partijIdentificator": {**BSN, "objectId": "111222333"}},
        ("partijIdentificatorCodeObjecttype", "invalid", "voor `codeRegister` brp zijn alleen deze waarden toegestaan"),
    ),
    "bsn-passing-the-eleven-test": lambda s: refusal(
        s.base_url,
        "POST /partij-identificatoren",
        {"partijIdentificator": {**BSN, "objectId": "111222333"}},
        ELEVEN_TEST,
    ),
    "nested-identificator-without-partij": lambda s: refusal(
        s.base_url,
        "POST /partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatoren": [{"partijIdentificator": {**BSN, "objectId": "111222333"}}],
        },
        NESTED_NAMES_PARTIJ,
    ),
    "preferred-address-it-lists": lambda s: refusal(
        s.base_url,
        "POST /partijen",
        {
            "soortPartij": "organisatie",
            "indicatieActief": True,
            "digitaleAdressen": [{"uuid": s.uuids["adres"]}],
            "voorkeursDigitaalAdres": {"uuid": s.uuids["adres"]},
        },
        NOT_ITS_ADDRESS,
    ),
    "country-nl": lambda s: refusal(
        s.base_url,
        "POST /partijen",
        {"soortPartij": "organisatie", "indicatieActief": True, "bezoekadres": {"land": "NL"}},
        COUNTRY,
    ),
    "telephone-mobile": lambda s: refusal(s.base_url, "POST /actoren", medewerker(), SERVICE_NUMBER),
    "e-mail-valid": lambda s: refusal(
        s.base_url,
        "POST /actoren",
        medewerker(),
        ("actorIdentificatie.emailadres", "invalid", "Voer een geldig e-mailadres in."),
    ),
    "patch-fitting-the-stored-kind": lambda s: refusal(
        s.base_url,
        "PATCH /actoren/{uuid}",
        {"actorIdentificatie": VALID_MEDEWERKER},
        BLANK_FUNCTIE,
        uuid=s.uuids["actor"],
    ),
    "contact-succeeded-in-maak": lambda s: refusal(
        s.base_url,
        "POST /maak-klantcontact",
        {"klantcontact": {**KLANTCONTACT, "indicatieContactGelukt": False, "verdereActieOndernomen": True}},
        ("klantcontact.nonFieldErrors", *SUCCEEDED[1:]),
    ),
}


@pytest.mark.parametrize("label", sorted(LABEL_ONLY))
def test_a_refusal_is_not_believed_on_its_own_label(stored: Stored, label: str) -> None:
    """The name, code and message are the rule's, but the request shows the reason does not hold."""
    assert kept(rejected(), *LABEL_ONLY[label](stored))


def test_a_refusal_that_is_no_400_is_kept(stored: Stored) -> None:
    case, response = refusal(stored.base_url, "POST /betrokkenen", betrokkene(MISSING), GONE)
    assert not kept(rejected(), case, response)
    response.status_code = 422
    assert kept(rejected(), case, response)


def test_a_refusal_without_invalid_params_is_kept(stored: Stored) -> None:
    case, response = exchange(stored.base_url, "POST /klantcontacten", 400, KLANTCONTACT, {"code": "invalid"})
    assert kept(rejected(), case, response)


# ---------------------------------------------------------------- OK-ST-12: a known deviation a read confirms


def deviations_logged(log: Path) -> list[str]:
    """The ids of the known deviations the hook logged."""
    return [json.loads(line)["id"] for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def own_referentie_refusal(stored: Stored, body: dict[str, Any], adres: str = "adres") -> tuple[Any, Any]:
    """A PATCH of a stored address refused as Open Klant refuses a duplicate referentie."""
    return refusal(stored.base_url, "PATCH /digitaleadressen/{uuid}", body, REFERENTIE_TAKEN, uuid=stored.uuids[adres])


# id -> (the body of a PATCH of the organisatie's e-mail address, which has referentie r1; the logged deviations)
OWN_REFERENTIE: dict[str, tuple[dict[str, Any], list[str]]] = {
    "its-own-referentie": ({"referentie": "r1"}, ["OK-ST-12"]),
    "its-own-referentie-and-values": (
        {"referentie": "r1", "soortDigitaalAdres": "email", "adres": "b@example.nl"},
        ["OK-ST-12"],
    ),
    "another-referentie-nobody-has": ({"referentie": "r9"}, []),
    "its-referentie-for-another-kind": ({"referentie": "r1", "soortDigitaalAdres": "overig", "adres": "x"}, []),
    "its-referentie-for-another-partij": ({"referentie": "r1", "verstrektDoorPartij": {"uuid": "persoon"}}, []),
}


@pytest.mark.parametrize("label", sorted(OWN_REFERENTIE))
def test_an_update_refused_for_the_addresss_own_referentie_is_open_klants_deviation_only_when_a_read_shows_it(
    stored: Stored, label: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open Klant counts the address itself as the duplicate (OK-03): dropped and logged as OK-ST-12 only when
    the stored address has that referentie, partij and kind; otherwise no address holds them and it is kept."""
    log = tmp_path / "deviations.jsonl"
    monkeypatch.setenv(LOG_VARIABLE, str(log))
    body, logged = OWN_REFERENTIE[label]
    partij = body.get("verstrektDoorPartij")
    if partij is not None:
        body = {**body, "verstrektDoorPartij": {"uuid": stored.uuids[partij["uuid"]]}}
    case, response = own_referentie_refusal(stored, body)
    assert (kept(rejected(), case, response), deviations_logged(log)) == (not logged, logged)


def test_a_strict_run_keeps_the_refusal_of_an_addresss_own_referentie(
    stored: Stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STRICT_VARIABLE, "1")
    case, response = own_referentie_refusal(stored, {"referentie": "r1"})
    assert kept(rejected(), case, response)


def test_a_refusal_for_a_referentie_another_address_has_is_allowed_and_no_deviation(
    stored: Stored, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "deviations.jsonl"
    monkeypatch.setenv(LOG_VARIABLE, str(log))
    case, response = own_referentie_refusal(stored, {"referentie": "r1"}, "standaard-adres")
    assert (kept(rejected(), case, response), deviations_logged(log)) == (False, [])

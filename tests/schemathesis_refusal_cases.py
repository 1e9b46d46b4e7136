"""The ST202 rules of the failure filter, each with a refusal it explains and a near miss it does not.

A rule that only ever drops proves nothing: each is given two failures of the same check, one its
reason explains (dropped) and one that differs in what the reason rests on (kept).
"""

from __future__ import annotations

from typing import Any

from schemathesis_filter_support import (
    BLANK_FUNCTIE,
    BOTH_FORMS,
    BSN,
    BSN_FAILING_ELEVEN_TEST,
    COUNTRY,
    ELEVEN_TEST,
    EMPLOYER,
    GONE,
    IDENTIFICATOR_GONE,
    INTERNETAAK,
    KLANTCONTACT,
    MEDEWERKER,
    MISSING,
    NESTED_NAMES_PARTIJ,
    NO_KVK_PARENT,
    NOT_A_URL,
    NOT_AN_EMAIL,
    NOT_DONE,
    NOT_ITS_ADDRESS,
    SERVICE_NUMBER,
    STANDAARD,
    SUCCEEDED,
    TOO_SHORT_WHEN_TRIMMED,
    VESTIGING,
    Example,
    betrokkene,
    contactpersoon,
    medewerker,
    refusal,
)


def organisatie_in(land: str) -> dict[str, Any]:
    """An organisatie whose bezoekadres names only a country."""
    return {"soortPartij": "organisatie", "indicatieActief": True, "bezoekadres": {"land": land}}


# id -> (a failure the rule explains, a failure of the same check it does not)
ST202_RULES: dict[str, tuple[Example, Example]] = {
    "reference-gone": (
        lambda s: refusal(s.base_url, "POST /betrokkenen", betrokkene(MISSING), GONE),
        lambda s: refusal(s.base_url, "POST /betrokkenen", betrokkene(s.uuids["klantcontact"]), GONE),  # it exists
    ),
    "reference-message": (
        lambda s: refusal(s.base_url, "POST /betrokkenen", betrokkene(MISSING), GONE),
        lambda s: refusal(s.base_url, "POST /betrokkenen", betrokkene(MISSING), (*GONE[:2], "Ongeldige hyperlink.")),
    ),
    "identificator-uuid-gone": (
        lambda s: refusal(s.base_url, "POST /partij-identificatoren", {"uuid": MISSING}, IDENTIFICATOR_GONE),
        lambda s: refusal(
            s.base_url, "POST /partij-identificatoren", {"uuid": s.uuids["identificator"]}, IDENTIFICATOR_GONE
        ),
    ),
    "employer-no-organisatie": (
        lambda s: refusal(s.base_url, "POST /partijen", contactpersoon(s.uuids["persoon"]), EMPLOYER),
        lambda s: refusal(s.base_url, "POST /partijen", contactpersoon(s.uuids["organisatie"]), EMPLOYER),
    ),
    "contact-succeeded": (
        lambda s: refusal(
            s.base_url,
            "POST /klantcontacten",
            {**KLANTCONTACT, "indicatieContactGelukt": True, "verdereActieOndernomen": True},
            SUCCEEDED,
        ),
        lambda s: refusal(s.base_url, "POST /klantcontacten", KLANTCONTACT, (SUCCEEDED[0], "invalid", SUCCEEDED[2])),
    ),
    "internetaak-actor-forms": (
        lambda s: refusal(
            s.base_url,
            "POST /internetaken",
            {**INTERNETAAK, "toegewezenAanActor": {"uuid": MISSING}, "toegewezenAanActoren": [{"uuid": MISSING}]},
            BOTH_FORMS,
        ),
        lambda s: refusal(s.base_url, "POST /klantcontacten", KLANTCONTACT, BOTH_FORMS),
    ),
    "afgehandeld-op": (
        lambda s: refusal(
            s.base_url,
            "POST /internetaken",
            {**INTERNETAAK, "status": "te_verwerken", "afgehandeldOp": "2026-01-01T10:00:00Z"},
            NOT_DONE,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /internetaken",
            {**INTERNETAAK, "status": "te_verwerken", "afgehandeldOp": "2026-01-01T10:00:00Z"},
            ("afgehandeldOp", "null", "Dit veld mag niet leeg zijn."),
        ),
    ),
    "adres-fits-its-kind": (
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {"soortDigitaalAdres": "email", "adres": "geen e-mail", "omschrijving": "x"},
            NOT_AN_EMAIL,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {"soortDigitaalAdres": "email", "adres": "a@example.com", "omschrijving": "x"},
            ("omschrijving", "invalid", "Ongeldige waarde."),
        ),
    ),
    "standaard-adres": (
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {"soortDigitaalAdres": "overig", "adres": "x", "omschrijving": "x", "isStandaardAdres": True},
            STANDAARD,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {"soortDigitaalAdres": "overig", "adres": "x", "omschrijving": "x", "isStandaardAdres": True},
            (STANDAARD[0], "null", "Dit veld mag niet leeg zijn."),
        ),
    ),
    "standaard-adres-kept-by-a-put": (  # a PUT without isStandaardAdres leaves the stored value, as DRF does
        lambda s: refusal(
            s.base_url,
            "PUT /digitaleadressen/{uuid}",
            {"soortDigitaalAdres": "email", "adres": "a@example.com", "omschrijving": "x", "verstrektDoorPartij": None},
            STANDAARD,
            uuid=s.uuids["standaard-adres"],
        ),
        lambda s: refusal(
            s.base_url,
            "PUT /digitaleadressen/{uuid}",
            {"soortDigitaalAdres": "email", "adres": "a@example.com", "omschrijving": "x", "verstrektDoorPartij": None},
            STANDAARD,
            uuid=s.uuids["adres"],  # not a standard address: the PUT breaks no rule
        ),
    ),
    "identificator-register-rules": (
        lambda s: refusal(
            s.base_url, "POST /partij-identificatoren", {"partijIdentificator": BSN_FAILING_ELEVEN_TEST}, ELEVEN_TEST
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partij-identificatoren",
            {"partijIdentificator": BSN_FAILING_ELEVEN_TEST},
            (ELEVEN_TEST[0], "required", "Dit veld is vereist."),
        ),
    ),
    "nested-identificator-names-a-partij": (
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            {
                "soortPartij": "organisatie",
                "indicatieActief": True,
                "partijIdentificatoren": [{"identificeerdePartij": {"uuid": s.uuids["organisatie"]}}],
            },
            NESTED_NAMES_PARTIJ,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partij-identificatoren",
            {"identificeerdePartij": {"uuid": s.uuids["organisatie"]}},
            ("identificeerdePartij", "invalid", NESTED_NAMES_PARTIJ[2]),
        ),
    ),
    "preferred-address": (
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            {"soortPartij": "organisatie", "indicatieActief": True, "voorkeursDigitaalAdres": {"uuid": MISSING}},
            NOT_ITS_ADDRESS,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            {"soortPartij": "organisatie", "indicatieActief": True, "voorkeursDigitaalAdres": {"uuid": MISSING}},
            ("voorkeursRekeningnummer", "invalid", NOT_ITS_ADDRESS[2]),
        ),
    ),
    "country-code": (
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            organisatie_in("XX"),
            COUNTRY,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            organisatie_in("XX"),
            (COUNTRY[0], "max_length", "Zorg ervoor dat dit veld niet meer dan 2 karakters bevat."),
        ),
    ),
    "service-number": (
        lambda s: refusal(
            s.base_url,
            "POST /actoren",
            {
                "naam": "A",
                "soortActor": "medewerker",
                "actorIdentificatie": {**MEDEWERKER, "functie": "f", "telefoonnummer": "0800123456"},
            },
            SERVICE_NUMBER,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /actoren",
            {"naam": "A", "soortActor": "medewerker", "actorIdentificatie": {**MEDEWERKER, "functie": "f"}},
            (SERVICE_NUMBER[0], "invalid", "Voer een geldig telefoonnummer in."),
        ),
    ),
    "django-email-validator": (
        lambda s: refusal(
            s.base_url,
            "POST /actoren",
            {
                "naam": "A",
                "soortActor": "medewerker",
                "actorIdentificatie": {**MEDEWERKER, "functie": "f", "emailadres": "a@b"},
            },
            ("actorIdentificatie.emailadres", "invalid", "Voer een geldig e-mailadres in."),
        ),
        lambda s: refusal(
            s.base_url,
            "POST /actoren",
            {
                "naam": "A",
                "soortActor": "medewerker",
                "actorIdentificatie": {**MEDEWERKER, "functie": "f", "emailadres": "a@b"},
            },
            ("actorIdentificatie.emailadres", "invalid", "Voer een geldige waarde in."),
        ),
    ),
    "patch-without-soort": (  # the stored actor is a medewerker: its functie must not be blank
        lambda s: refusal(
            s.base_url,
            "PATCH /actoren/{uuid}",
            {"actorIdentificatie": MEDEWERKER},
            BLANK_FUNCTIE,
            uuid=s.uuids["actor"],
        ),
        lambda s: refusal(
            s.base_url,
            "PATCH /actoren/{uuid}",
            {"soortActor": "medewerker", "actorIdentificatie": MEDEWERKER},
            BLANK_FUNCTIE,
            uuid=MISSING,
        ),
    ),
    "every-reason-explained": (
        lambda s: refusal(s.base_url, "POST /betrokkenen", betrokkene(MISSING), GONE, GONE),
        lambda s: refusal(
            s.base_url, "POST /betrokkenen", betrokkene(MISSING), GONE, ("rol", "invalid", "Ongeldige keuze.")
        ),
    ),
}

ST202_RULES |= {
    "nested-identificatoren-of-one-kind": (
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            {
                "soortPartij": "persoon",
                "indicatieActief": True,
                "partijIdentificatoren": [
                    {"partijIdentificator": {**BSN, "objectId": "111222333"}},
                    {"partijIdentificator": {**BSN, "objectId": "123456782"}},
                ],
            },
            ("__all__", "invalid", "`CodeSoortObjectId` moet uniek zijn voor de Partij."),
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            {
                "soortPartij": "persoon",
                "indicatieActief": True,
                "partijIdentificatoren": [{"partijIdentificator": {**BSN, "objectId": "111222333"}}],
            },
            ("__all__", "invalid", "`CodeSoortObjectId` moet uniek zijn voor de Partij."),
        ),
    ),
    "vestigingsnummer-without-kvk": (
        lambda s: refusal(
            s.base_url, "POST /partij-identificatoren", {"partijIdentificator": VESTIGING}, NO_KVK_PARENT
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partij-identificatoren",
            {"partijIdentificator": VESTIGING, "subIdentificatorVan": {"uuid": s.uuids["identificator"]}},
            NO_KVK_PARENT,
        ),
    ),
    "django-url-validator": (
        lambda s: refusal(
            s.base_url, "POST /klantcontacten", {**KLANTCONTACT, "hoofdOnderwerpType": "http://a"}, NOT_A_URL
        ),
        lambda s: refusal(
            s.base_url,
            "POST /klantcontacten",
            {**KLANTCONTACT, "hoofdOnderwerpType": "https://example.com/type"},
            NOT_A_URL,
        ),
    ),
    "telephone-number": (
        lambda s: refusal(
            s.base_url,
            "POST /actoren",
            medewerker(telefoonnummer="12345"),
            (SERVICE_NUMBER[0], "invalid", "Het opgegeven telefoonnummer is ongeldig."),
        ),
        lambda s: refusal(
            s.base_url,
            "POST /actoren",
            medewerker(telefoonnummer="0612345678"),
            (SERVICE_NUMBER[0], "invalid", "Het opgegeven telefoonnummer is ongeldig."),
        ),
    ),
    "text-too-short-when-trimmed": (  # DRF trims "\x1dN" to "N" before the pattern ^(.{2})?$ is checked
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            organisatie_in("\x1dN"),
            TOO_SHORT_WHEN_TRIMMED,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            organisatie_in("NL "),
            TOO_SHORT_WHEN_TRIMMED,
        ),
    ),
}

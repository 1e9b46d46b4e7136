"""Each rule of the failure filter drops the failure it is for and keeps one of the same check it is not for.

A rule that only ever drops proves nothing: a filter that drops every refusal would pass such tests.
So each rule is given two failures of the same built-in check: one its reason explains (dropped),
and a near miss that differs in what the reason rests on, another field, code, collection, message or
request, or a provider whose reads show the reason does not hold (kept). The failures go through
`keep_failure`, the hook's entry point; the responses are built here, with Open Klant's messages,
and the follow-up reads go to a mock that holds, or does not hold, what a reason names.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
import schemathesis
from schemathesis import Response
from schemathesis.core.failures import AcceptedNegativeData, Failure, ServerError
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CaseMetadata, ComponentInfo, GenerationInfo, PhaseInfo, TestPhase
from schemathesis.generation.modes import GenerationMode
from schemathesis.openapi.checks import EnsureResourceAvailability, RejectedPositiveData
from schemathesis_support import BASE_PATH, SPEC

from contracts.schemathesis.failures import keep_failure
from contracts.schemathesis.tracker import Known
from kcc_mock.config import DEFAULT_TOKEN, Settings
from kcc_mock.http.app import create_app
from kcc_mock.http.server import ThreadedServer

SCHEMA = schemathesis.openapi.from_path(str(SPEC))
AUTH = {"Authorization": f"Token {DEFAULT_TOKEN}"}
MISSING = "5f0e8c63-1c4b-4d8e-9d0a-0f6b1c2d3e4f"  # a uuid the mock does not hold
KLANTCONTACT = {"kanaal": "telefoon", "onderwerp": "vraag", "taal": "nld", "vertrouwelijk": False}
VALID_MEDEWERKER = {"functie": "f", "emailadres": "a@example.com", "telefoonnummer": "0612345678"}
ADRES = {"soortDigitaalAdres": "email", "adres": "a@example.com", "omschrijving": "x", "referentie": "r1"}
KVK = {"codeRegister": "hr", "codeObjecttype": "niet_natuurlijk_persoon", "codeSoortObjectId": "kvk_nummer"}
BSN = {"codeRegister": "brp", "codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": "bsn"}
BSN_FAILING_ELEVEN_TEST = {
    "codeRegister": "brp",
    "codeObjecttype": "natuurlijk_persoon",
    "codeSoortObjectId": "bsn",
    "objectId": "123456789",  # 9*1+8*2+...+2*8 - 9 = 147, not a multiple of 11
}


@dataclass
class Stored:
    """What the mock holds for the rules that ask it."""

    base_url: str
    uuids: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def stored() -> Iterator[Stored]:
    """A mock on a free 127.0.0.1 port with a klantcontact (nummer 0000000042), an organisatie, a persoon,
    a KvK-nummer of the organisatie, a medewerker linked to the klantcontact, an e-mail address of the
    organisatie (referentie `r1`)."""
    with ThreadedServer(create_app(Settings(swagger_ui=False))) as server:
        found = Stored(f"http://{server.host}:{server.port}{BASE_PATH}")
        with requests.Session() as session:
            session.headers.update(AUTH)

            def create(collection: str, body: dict[str, Any]) -> str:
                response = session.post(f"{found.base_url}/{collection}", json=body, timeout=10)
                assert response.status_code == 201, response.text
                return str(response.json()["uuid"])

            found.uuids["klantcontact"] = create("klantcontacten", {**KLANTCONTACT, "nummer": "0000000042"})
            found.uuids["organisatie"] = create("partijen", {"soortPartij": "organisatie", "indicatieActief": True})
            found.uuids["persoon"] = create("partijen", {"soortPartij": "persoon", "indicatieActief": True})
            kvk = {"codeRegister": "hr", "codeObjecttype": "niet_natuurlijk_persoon", "codeSoortObjectId": "kvk_nummer"}
            found.uuids["identificator"] = create(
                "partij-identificatoren",
                {
                    "identificeerdePartij": {"uuid": found.uuids["organisatie"]},
                    "partijIdentificator": {**kvk, "objectId": "12345678"},
                },
            )
            found.uuids["actor"] = create(
                "actoren", {"naam": "A", "soortActor": "medewerker", "actorIdentificatie": VALID_MEDEWERKER}
            )
            found.uuids["actorklantcontact"] = create(
                "actorklantcontacten",
                {"actor": {"uuid": found.uuids["actor"]}, "klantcontact": {"uuid": found.uuids["klantcontact"]}},
            )
            found.uuids["adres"] = create(
                "digitaleadressen", {**ADRES, "verstrektDoorPartij": {"uuid": found.uuids["organisatie"]}}
            )
        yield found


def exchange(
    base_url: str,
    label: str,
    status: int,
    body: Any = None,
    content: Any = None,
    query: dict[str, Any] | None = None,
    uuid: str | None = None,
    meta: CaseMetadata | None = None,
) -> tuple[Any, Response]:
    """A case of an operation and a response to it (status, JSON `content`), as schemathesis hands them over."""
    operation = SCHEMA.find_operation_by_label(label)
    assert operation is not None, label
    case = operation.Case(
        body=body if body is not None else schemathesis.core.NOT_SET,
        media_type="application/json" if body is not None else None,
        query=query,
        path_parameters={"uuid": uuid} if uuid else None,
        _meta=meta,
    )
    url = f"{base_url}{case.formatted_path}" + (f"?{urlencode(query, doseq=True)}" if query else "")
    request = requests.Request(case.method.upper(), url, headers=AUTH, json=body).prepare()
    payload = json.dumps(content).encode() if content is not None else b""
    return case, Response(status, {"Content-Type": ["application/json"]}, payload, request, 0.0, True)


def refusal(base_url: str, label: str, body: Any, *reasons: tuple[str, str, str], uuid: str | None = None) -> Any:
    """A 400 with Open Klant's error body, one `invalidParams` entry per (name, code, reason)."""
    error = {
        "type": f"{base_url}/ref/fouten/ValidationError/",
        "code": "invalid",
        "title": "Ongeldige invoerwaarde.",
        "status": 400,
        "detail": "Ongeldige invoerwaarde.",
        "instance": f"urn:uuid:{uuidlib.uuid4()}",
        "invalidParams": [{"name": name, "code": code, "reason": reason} for name, code, reason in reasons],
    }
    return exchange(base_url, label, 400, body, error, uuid=uuid)


def rejected() -> Failure:
    """A failure of `positive_data_acceptance` (ST202)."""
    return RejectedPositiveData(
        operation="", message="Valid data should have been accepted", status_code=400, allowed_statuses=["2xx"]
    )


def kept(failure: Failure, case: Any, response: Response, known: Known | None = None) -> bool:
    """What the hook says: True keeps the failure."""
    return keep_failure(failure, case, response, known or Known())


# ---------------------------------------------------------------- ST202: a refusal of valid data

Example = Callable[[Stored], tuple[Any, Response]]


def betrokkene(klantcontact: str) -> dict[str, Any]:
    return {"hadKlantcontact": {"uuid": klantcontact}, "rol": "klant", "initiator": False}


def contactpersoon(employer: str) -> dict[str, Any]:
    return {
        "soortPartij": "contactpersoon",
        "indicatieActief": True,
        "partijIdentificatie": {"werkteVoorPartij": {"uuid": employer}},
    }


GONE = ("hadKlantcontact.uuid", "invalid", "Klantcontact object bestaat niet.")
IDENTIFICATOR_GONE = ("uuid", "invalid", "PartijIdentificator object bestaat niet.")
EMPLOYER = ("partijIdentificatie.werkteVoorPartij.uuid", "invalid", "De partij moet van soort 'organisatie' zijn.")
NUMMER_TAKEN = ("nummer", "unique", "Er bestaat al een klantcontact met eenzelfde Nummer.")
SUCCEEDED = (
    "nonFieldErrors",
    "no-further-action-when-contact-succesful",
    "Als het contact gelukt is kan er geen verdere actie zijn ondernomen",
)
BOTH_FORMS = (
    "nonFieldErrors",
    "invalid",
    "`toegewezen_aan_actor` en `toegewezen_aan_actoren` mag niet beiden gebruikt worden.",
)
NOT_DONE = (
    "afgehandeldOp",
    "invalid",
    "De Internetaak kan geen afgehandeld op datum bevatten als de status niet op 'verwerkt' staat.",
)
NOT_AN_EMAIL = ("adres", "invalid", "Voer een geldig e-mailadres in.")
STANDAARD = (
    "isStandaardAdres",
    "invalid",
    "`is_standaard_adres` kan alleen gezet worden als `verstrekt_door_partij` niet leeg is.",
)
ELEVEN_TEST = ("partijIdentificatorObjectId", "invalid", "Deze waarde is ongeldig, reden: Onjuist BSN nummer")
NESTED_NAMES_PARTIJ = (
    "partijIdentificatoren.0.identificeerdePartij",
    "invalid",
    "Het veld identificeerdePartij mag niet worden opgegeven bij een geneste identificator.",
)
NOT_ITS_ADDRESS = (
    "voorkeursDigitaalAdres",
    "invalid",
    "Het voorkeursadres moet een van de digitale adressen van de partij zijn.",
)
COUNTRY = ("bezoekadres.land", "invalid", "Ongeldige landcode, de code moet behoren tot de ISO 3166-standaard")
SERVICE_NUMBER = (
    "actorIdentificatie.telefoonnummer",
    "invalid",
    "Het opgegeven telefoonnummer is ongeldig, telefoonnummers beginnend met 0800, 0900, 1400 of 140xx "
    "zijn niet toegestaan.",
)
BLANK_FUNCTIE = ("actorIdentificatie.functie", "blank", "Dit veld mag niet leeg zijn.")
MEDEWERKER = {"functie": "", "emailadres": "a@example.com", "telefoonnummer": "0612345678"}
INTERNETAAK = {"gevraagdeHandeling": "bellen", "aanleidinggevendKlantcontact": {"uuid": MISSING}}
NUMMER_PAIR = (
    "nonFieldErrors",
    "unique",
    "De velden actor, klantcontact moeten een unieke set zijn.",
)

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
    "value-taken": (
        lambda s: refusal(s.base_url, "POST /klantcontacten", {**KLANTCONTACT, "nummer": "0000000042"}, NUMMER_TAKEN),
        lambda s: refusal(s.base_url, "POST /klantcontacten", {**KLANTCONTACT, "nummer": "0000000043"}, NUMMER_TAKEN),
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
            {"soortPartij": "organisatie", "indicatieActief": True, "bezoekadres": {"land": "XX"}},
            COUNTRY,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partijen",
            {"soortPartij": "organisatie", "indicatieActief": True, "bezoekadres": {"land": "XX"}},
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


TAKEN_IDENTIFICATOR = (
    "__all__",
    "invalid",
    "`PartijIdentificator` moet uniek zijn, er bestaat er al een met deze gegevenscombinatie.",
)
REFERENTIE_TAKEN = (
    "nonFieldErrors",
    "unique",
    "De velden ['verstrekt_door_partij', 'referentie', 'soort_digitaal_adres'] moeten een unieke set zijn.",
)
VESTIGING = {
    "codeRegister": "hr",
    "codeObjecttype": "vestiging",
    "codeSoortObjectId": "vestigingsnummer",
    "objectId": "000012345678",
}
NO_KVK_PARENT = (
    "subIdentificatorVan",
    "invalid",
    "Voor een PartijIdentificator met codeSoortObjectId = `vestigingsnummer` is het verplicht",
)
NOT_A_URL = ("hoofdOnderwerpType", "invalid", "Voer een geldige URL in.")
FUNCTIE_TAKEN = ("actorIdentificatie.functie", "unique", "Er bestaat al een actor met eenzelfde functie.")


def medewerker(**changes: str) -> dict[str, Any]:
    return {"naam": "A", "soortActor": "medewerker", "actorIdentificatie": {**VALID_MEDEWERKER, **changes}}


ST202_RULES |= {
    "pair-taken": (
        lambda s: refusal(
            s.base_url,
            "POST /actorklantcontacten",
            {"actor": {"uuid": s.uuids["actor"]}, "klantcontact": {"uuid": s.uuids["klantcontact"]}},
            NUMMER_PAIR,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /actorklantcontacten",
            {"actor": {"uuid": s.uuids["actor"]}, "klantcontact": {"uuid": MISSING}},
            NUMMER_PAIR,
        ),
    ),
    "referentie-taken": (
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {**ADRES, "verstrektDoorPartij": {"uuid": s.uuids["organisatie"]}},
            REFERENTIE_TAKEN,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /digitaleadressen",
            {**ADRES, "referentie": "r2", "verstrektDoorPartij": {"uuid": s.uuids["organisatie"]}},
            REFERENTIE_TAKEN,
        ),
    ),
    "identificator-taken": (
        lambda s: refusal(
            s.base_url,
            "POST /partij-identificatoren",
            {"partijIdentificator": {**KVK, "objectId": "12345678"}},
            TAKEN_IDENTIFICATOR,
        ),
        lambda s: refusal(
            s.base_url,
            "POST /partij-identificatoren",
            {"partijIdentificator": {**KVK, "objectId": "87654321"}},
            TAKEN_IDENTIFICATOR,
        ),
    ),
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
    "value-taken-without-a-filter": (  # sent again with only functie changed: accepted, or (a service number) not
        lambda s: refusal(s.base_url, "POST /actoren", medewerker(), FUNCTIE_TAKEN),
        lambda s: refusal(s.base_url, "POST /actoren", medewerker(telefoonnummer="0800123456"), FUNCTIE_TAKEN),
    ),
}


@pytest.mark.parametrize("rule", sorted(ST202_RULES))
def test_a_refusal_rule_drops_its_reason_and_keeps_a_refusal_for_another(stored: Stored, rule: str) -> None:
    dropped, near_miss = ST202_RULES[rule]
    assert not kept(rejected(), *dropped(stored)), f"{rule}: the refusal it is for was kept"
    assert kept(rejected(), *near_miss(stored)), f"{rule}: a refusal it is not for was dropped"


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


# ---------------------------------------------------------------- ST201: an acceptance of invalid data


def negative(parameter: str, location: ParameterLocation) -> CaseMetadata:
    """The metadata of a fuzzing case that broke one parameter."""
    mode = GenerationMode.NEGATIVE
    phase = PhaseInfo(name=TestPhase.FUZZING, data=_fuzzing(parameter, location))
    return CaseMetadata(GenerationInfo(time=0.0, mode=mode), {location: ComponentInfo(mode=mode)}, phase)


def _fuzzing(parameter: str, location: ParameterLocation) -> Any:
    from schemathesis.generation.meta import FuzzingPhaseData

    return FuzzingPhaseData(description=None, parameter=parameter, parameter_location=location, location=None)


def accepted() -> Failure:
    """A failure of `negative_data_rejection` (ST201)."""
    return AcceptedNegativeData(
        operation="", message="Invalid data should have been rejected", status_code=200, expected_statuses=["4xx"]
    )


def query(label: str, name: str, value: Any) -> Example:
    """A list request with one negated query parameter, answered 200."""
    meta = negative(name, ParameterLocation.QUERY)
    return lambda s: exchange(s.base_url, label, 200, content={"count": 0}, query={name: value}, meta=meta)


def body(label: str, sent: dict[str, Any]) -> Example:
    """A create with a negated body, answered 201."""
    meta = negative("", ParameterLocation.BODY)
    return lambda s: exchange(s.base_url, label, 201, sent, {"uuid": MISSING}, meta=meta)


ST201_RULES: dict[str, tuple[Example, Example]] = {
    "page-size": (query("GET /actoren", "pageSize", "veel"), query("GET /actoren", "soortActor", "robot")),
    "empty-page": (query("GET /actoren", "page", ""), query("GET /actoren", "page", "x")),
    "url-filter": (
        query("GET /betrokkenen", "hadKlantcontact__url", "x"),
        query("GET /betrokkenen", "hadKlantcontact__uuid", "x"),
    ),
    "boolean-filter": (
        query("GET /klantcontacten", "vertrouwelijk", "misschien"),
        query("GET /internetaken", "status", "misschien"),
    ),
    "date-time-django-reads": (
        query("GET /klantcontacten", "plaatsgevondenOp", "2026-01-01 10:00"),
        query("GET /klantcontacten", "plaatsgevondenOp", "gisteren"),
    ),
    "repeated-parameter-last-value": (
        query("GET /actoren", "soortActor", ["robot", "medewerker"]),
        query("GET /actoren", "soortActor", ["medewerker", "robot"]),
    ),
    "body-as-drf-reads-it": (
        body("POST /klantcontacten", {**KLANTCONTACT, "vertrouwelijk": "true"}),
        body("POST /klantcontacten", {**KLANTCONTACT, "vertrouwelijk": "misschien"}),
    ),
}


@pytest.mark.parametrize("rule", sorted(ST201_RULES))
def test_a_lenient_read_drops_what_open_klant_reads_and_keeps_what_it_cannot(stored: Stored, rule: str) -> None:
    dropped, near_miss = ST201_RULES[rule]
    assert not kept(accepted(), *dropped(stored)), f"{rule}: a request Open Klant reads as valid was kept"
    assert kept(accepted(), *near_miss(stored)), f"{rule}: an invalid request that was accepted was dropped"


def test_an_accepted_request_nothing_was_negated_in_is_kept(stored: Stored) -> None:
    case, response = exchange(stored.base_url, "GET /actoren", 200, content={"count": 0}, query={"pageSize": "veel"})
    assert kept(accepted(), case, response)


# ---------------------------------------------------------------- ST302: a created object not found


def test_an_object_that_went_with_a_delete_is_dropped_only_when_it_is_gone(stored: Stored) -> None:
    found = "ensure_resource_availability"
    failure = EnsureResourceAvailability(
        operation="", message=found, created_with="POST /betrokkenen", not_available_with="GET /betrokkenen/{uuid}"
    )
    betrokkene_uuid = str(uuidlib.uuid4())
    known = Known()
    known.remember("klantcontacten", {"uuid": MISSING})
    known.remember("betrokkenen", {"uuid": betrokkene_uuid, "hadKlantcontact": {"uuid": MISSING}})
    known.forget("klantcontacten", MISSING)  # a delete the run made: the betrokkene went with it
    case, response = exchange(stored.base_url, "GET /betrokkenen/{uuid}", 404, uuid=betrokkene_uuid)
    assert not kept(failure, case, response, known)
    # The klantcontact it would have gone with is still there: the provider lost it.
    still = Known()
    still.remember("klantcontacten", {"uuid": stored.uuids["klantcontact"]})
    still.remember("betrokkenen", {"uuid": betrokkene_uuid, "hadKlantcontact": {"uuid": stored.uuids["klantcontact"]}})
    still.forget("klantcontacten", stored.uuids["klantcontact"])
    assert kept(failure, case, response, still)
    # Nothing the run deleted took it along.
    assert kept(failure, case, response, Known())


def test_a_failure_no_rule_is_for_is_kept(stored: Stored) -> None:
    case, response = exchange(
        stored.base_url, "POST /klantcontacten", 500, KLANTCONTACT, {"code": "error", "status": 500}
    )
    assert kept(ServerError(operation="", status_code=500), case, response)

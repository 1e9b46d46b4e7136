"""What the failure filter's tests share: a mock that holds what the follow-up reads ask for, failures
of schemathesis' built-in checks, and exchanges built with Open Klant's messages."""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests
import schemathesis
from schemathesis import Response
from schemathesis.core.failures import Failure
from schemathesis.generation.meta import CaseMetadata
from schemathesis.openapi.checks import RejectedPositiveData
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


@contextmanager
def serve_stored() -> Iterator[Stored]:
    """A mock on a free 127.0.0.1 port with a klantcontact (nummer 0000000042), an organisatie, a persoon,
    a KvK-nummer of the organisatie, a medewerker linked to the klantcontact, an e-mail address of the
    organisatie (referentie `r1`) and its standard address (referentie `standaard`)."""
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
            standaard = {"referentie": "standaard", "isStandaardAdres": True}
            found.uuids["standaard-adres"] = create(
                "digitaleadressen", {**ADRES, **standaard, "verstrektDoorPartij": {"uuid": found.uuids["organisatie"]}}
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
    "Het voorkeurs adres moet een gelinkte digitaal adres zijn.",
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


UUID_TAKEN = ("uuid", "unique", "Er bestaat al een Partij identificator met eenzelfde Uuid.")
TOO_SHORT_WHEN_TRIMMED = ("bezoekadres.land", "min_length", "Zorg ervoor dat dit veld minimaal 2 karakters bevat.")

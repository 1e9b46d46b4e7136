"""F2173 "Registreer klantcontact" as a saga: the reference consumer's flow, as data.

Steps (brief §6.1): the klantcontact, the logged-in actor's link, the partij (found by BSN, or
registered when unknown; only when a BSN is given) and the betrokkene. Each step names the query
that finds its object again after an ambiguous failure: the klantcontact by its unique
`referentienummer`, the link by actor and klantcontact, the partij by BSN, the betrokkene by its
klantcontact. Rollback (§6.3) is the executor's: newest first, never the actor or a partij that
existed before.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kcc_mock.consumer.saga import Known, ProviderClient, RetryPolicy, Saga, SagaExecutor, SagaResult, Step

_JAN_DE_VRIES = {"voorletters": "J", "voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"}


@dataclass(frozen=True)
class Contact:
    """What the medewerker registers: the contact, who took it and who it was with."""

    actor_uuid: str
    referentienummer: str
    onderwerp: str = "Afvalinzameling rond kerst"
    inhoud: str = "Klant vraagt wanneer het afval wordt opgehaald. Antwoord: de zaterdag ervoor aanbieden."
    kanaal: str = "telefoon"
    taal: str = "nld"
    vertrouwelijk: bool = False
    partij_bsn: str | None = None  # the klant's BSN when known: link (or register) the partij
    rol: str = "klant"
    contactnaam: Mapping[str, str] = field(default_factory=lambda: dict(_JAN_DE_VRIES))


def new_referentienummer(clock: Callable[[], float] = time.time) -> str:
    """A fresh referentienummer: 10 digits (the API allows at most 10), unique per run in practice."""
    # Seconds within ~11 days plus 4 random digits: two runs collide only in the same second
    # with the same draw, and the provider's uniqueness rule would refuse the second one.
    return f"{int(clock()) % 1_000_000:06d}{secrets.randbelow(10_000):04d}"


def saga(contact: Contact) -> Saga:
    """The F2173 saga for one contact."""

    def klantcontact(known: Known) -> dict[str, Any]:
        return {
            "referentienummer": contact.referentienummer,
            "kanaal": contact.kanaal,
            "onderwerp": contact.onderwerp,
            "inhoud": contact.inhoud,
            "taal": contact.taal,
            "vertrouwelijk": contact.vertrouwelijk,
        }

    def actorklantcontact(known: Known) -> dict[str, Any]:
        return {"actor": {"uuid": contact.actor_uuid}, "klantcontact": {"uuid": known["klantcontact"]}}

    def partij(known: Known) -> dict[str, Any]:
        identificator = {
            "codeObjecttype": "natuurlijk_persoon",
            "codeSoortObjectId": "bsn",
            "objectId": contact.partij_bsn,
            "codeRegister": "brp",
        }
        return {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "voorkeurstaal": contact.taal,
            "partijIdentificatie": {"contactnaam": dict(contact.contactnaam)},
            # Nested, so partij and identificator are stored together or not at all (brief §7 #17).
            "partijIdentificatoren": [{"partijIdentificator": identificator}],
        }

    def betrokkene(known: Known) -> dict[str, Any]:
        body: dict[str, Any] = {
            "hadKlantcontact": {"uuid": known["klantcontact"]},
            "rol": contact.rol,
            "initiator": True,
            "contactnaam": dict(contact.contactnaam),
        }
        if "partij" in known:
            body["wasPartij"] = {"uuid": known["partij"]}
        return body

    return Saga(
        "F2173 registreer klantcontact",
        (
            Step(
                "klantcontact",
                "klantcontacten",
                klantcontact,
                lookup=lambda known: {"referentienummer": contact.referentienummer},
            ),
            Step(
                "actorklantcontact",
                "actorklantcontacten",
                actorklantcontact,
                lookup=lambda known: {"klantcontact__uuid": known["klantcontact"], "actor__uuid": contact.actor_uuid},
            ),
            Step(
                "partij",
                "partijen",
                partij,
                lookup=lambda known: {
                    "partijIdentificator__codeSoortObjectId": "bsn",
                    "partijIdentificator__objectId": str(contact.partij_bsn),
                },
                reuse_existing=True,
                needed=lambda known: contact.partij_bsn is not None,
            ),
            Step(
                "betrokkene",
                "betrokkenen",
                betrokkene,
                lookup=lambda known: {"hadKlantcontact__uuid": known["klantcontact"]},
            ),
        ),
    )


def registreer_klantcontact(
    client: ProviderClient,
    contact: Contact,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SagaResult:
    """Run F2173 for one contact: complete it, or leave nothing of it behind."""
    return SagaExecutor(client, policy, sleep).run(saga(contact))

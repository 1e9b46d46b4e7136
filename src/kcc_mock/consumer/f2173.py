"""F2173 "Registreer klantcontact" as a saga: the built-in flow `f2173.yaml` bound to one contact.

Steps (brief §6.1): the klantcontact, the logged-in actor's link, the partij (found by BSN, or
registered when unknown; only when a BSN is given) and the betrokkene. Each step names the query
that finds its object again after an ambiguous failure: the klantcontact by its unique
`referentienummer`, the link by actor and klantcontact, the partij by BSN, the betrokkene by its
klantcontact. Rollback (§6.3) is the executor's: newest first, never the actor or a partij that
existed before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kcc_mock.consumer.flows import compile as compiled
from kcc_mock.consumer.flows.loader import builtin
from kcc_mock.consumer.saga import ProviderClient, RetryPolicy, Saga, SagaExecutor, SagaResult

_JAN_DE_VRIES = {"voorletters": "J", "voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"}
new_referentienummer = compiled.new_referentienummer


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

    def inputs(self) -> dict[str, Any]:
        """The contact as the inputs of the f2173 flow."""
        return {
            "actor": self.actor_uuid,
            "referentienummer": self.referentienummer,
            "onderwerp": self.onderwerp,
            "inhoud": self.inhoud,
            "kanaal": self.kanaal,
            "taal": self.taal,
            "vertrouwelijk": self.vertrouwelijk,
            "partij_bsn": self.partij_bsn,
            "rol": self.rol,
            "contactnaam": dict(self.contactnaam),
        }


def saga(contact: Contact) -> Saga:
    """The F2173 saga for one contact."""
    flow = builtin("f2173")
    return compiled.saga(flow, compiled.run_inputs(flow, contact.inputs()))


def registreer_klantcontact(
    client: ProviderClient,
    contact: Contact,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SagaResult:
    """Run F2173 for one contact: complete it, or leave nothing of it behind."""
    return SagaExecutor(client, policy, sleep).run(saga(contact))

"""Request bodies of the F2173 flow and of a partij's other relations, with the unique values a shared provider
needs drawn from the seed."""

from __future__ import annotations

import random
from typing import Any

from kcc_mock.testing import standard

Body = dict[str, Any]


class Payloads:
    """Bodies for one rule; its random source makes every run with the same seed send the same data."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def number(self) -> str:
        """A 10-digit `referentienummer`/`nummer` (unique in practice; the provider enforces uniqueness)."""
        return str(self.rng.randrange(1_000_000_000, 10_000_000_000))

    def bsn(self) -> str:
        """A BSN that passes the 11-test (partij identificatoren are unique across the whole provider)."""
        return standard.valid_number("bsn", self.rng)

    def marker(self) -> str:
        """A word no other data contains, to find this rule's records with a text filter."""
        return "kcc" + "".join(self.rng.choices("bcdfghjklmnpqrstvwxz", k=12))

    def klantcontact(self, **fields: Any) -> Body:
        """Step 1: the klantcontact (F2173 example, with a fresh referentienummer)."""
        return {
            "referentienummer": self.number(),
            "kanaal": "telefoon",
            "onderwerp": "Afvalinzameling rond kerst",
            "inhoud": "Klant vraagt wanneer afval wordt opgehaald. Antwoord: zaterdag ervoor aanbieden.",
            "indicatieContactGelukt": True,
            "taal": "nld",
            "vertrouwelijk": False,
            "plaatsgevondenOp": "2023-03-01T09:00:00Z",
            **fields,
        }

    @staticmethod
    def medewerker(**fields: Any) -> Body:
        """The logged-in medewerker (an actor)."""
        return {
            "naam": "Jan Medewerker (certificering)",
            "soortActor": "medewerker",
            "indicatieActief": True,
            "actoridentificator": {
                "objectId": "kcc-certificering",
                "codeObjecttype": "mdw",
                "codeRegister": "obj",
                "codeSoortObjectId": "idf",
            },
            "actorIdentificatie": {"functie": "KCC-medewerker", "telefoonnummer": "0201234567"},
            **fields,
        }

    @staticmethod
    def actorklantcontact(actor: str, klantcontact: str) -> Body:
        """Step 2: link the actor to the klantcontact."""
        return {"actor": {"uuid": actor}, "klantcontact": {"uuid": klantcontact}}

    def partij(self, **fields: Any) -> Body:
        """Step 3a: a persoon with its BSN identificator, created in one atomic call."""
        return {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "voorkeurstaal": "nld",
            "partijIdentificatie": {
                "contactnaam": {
                    "voorletters": "J",
                    "voornaam": "Jan",
                    "voorvoegselAchternaam": "de",
                    "achternaam": "Vries",
                }
            },
            "partijIdentificatoren": [{"partijIdentificator": standard.identificator("bsn", self.bsn())}],
            **fields,
        }

    def partij_identificator(self, kind: str = "bsn", **fields: Any) -> Body:
        """An identificator of its own (a BSN unless `kind` says otherwise), identifying no partij (yet)."""
        number = standard.valid_number(kind, self.rng)
        return {"identificeerdePartij": None, "partijIdentificator": standard.identificator(kind, number), **fields}

    @staticmethod
    def betrokkene(klantcontact: str, partij: str | None = None, **fields: Any) -> Body:
        """Step 3b: who the contact was with."""
        body: Body = {
            "hadKlantcontact": {"uuid": klantcontact},
            "rol": "klant",
            "initiator": True,
            "contactnaam": {
                "voorletters": "J",
                "voornaam": "Jan",
                "voorvoegselAchternaam": "de",
                "achternaam": "Vries",
            },
        }
        if partij is not None:
            body["wasPartij"] = {"uuid": partij}
        return {**body, **fields}

    @staticmethod
    def digitaal_adres(betrokkene: str) -> Body:
        """Step 4: an e-mail address given by the betrokkene."""
        return {
            "verstrektDoorBetrokkene": {"uuid": betrokkene},
            "verstrektDoorPartij": None,
            "soortDigitaalAdres": "email",
            "adres": "jan.devries@example.nl",
            "omschrijving": "Mailadres op het werk",
        }

    @staticmethod
    def onderwerpobject(klantcontact: str | None, was_klantcontact: str | None = None) -> Body:
        """Step 5: the zaak the contact was about."""
        return {
            "klantcontact": {"uuid": klantcontact} if klantcontact else None,
            "wasKlantcontact": {"uuid": was_klantcontact} if was_klantcontact else None,
            "onderwerpobjectidentificator": {
                "objectId": "095be615-a8ad-4c33-8e9c-c7612fbf6c9f",
                "codeObjecttype": "zaak",
                "codeRegister": "open-zaak",
                "codeSoortObjectId": "uuid",
            },
        }

    @staticmethod
    def bijlage(klantcontact: str) -> Body:
        """Step 6: a document attached to the contact."""
        return {
            "wasBijlageVanKlantcontact": {"uuid": klantcontact},
            "bijlageidentificator": {
                "objectId": "9193b03f-93c2-4bfc-badf-b61494bd31d6",
                "codeObjecttype": "DOCUMENT",
                "codeRegister": "open-zaak",
                "codeSoortObjectId": "uuid",
            },
        }

    @staticmethod
    def internetaak(klantcontact: str, actor: str, **fields: Any) -> Body:
        """Step 7: a follow-up task for the actor."""
        return {
            "aanleidinggevendKlantcontact": {"uuid": klantcontact},
            "toegewezenAanActoren": [{"uuid": actor}],
            "gevraagdeHandeling": "Klant terugbellen op maandag 14:00-16:00",
            "toelichting": "Op andere dagen niet bereikbaar.",
            "status": "te_verwerken",
            **fields,
        }

    # Beyond the flow: what else a partij has (every collection's create is checked, INV-01).

    @staticmethod
    def categorie() -> Body:
        """A categorie partijen can be put in."""
        return {"naam": "Certificering"}

    @staticmethod
    def categorie_relatie(partij: str, categorie: str) -> Body:
        """A partij in a categorie, from a date on."""
        return {"partij": {"uuid": partij}, "categorie": {"uuid": categorie}, "beginDatum": "2024-01-01"}

    @staticmethod
    def rekeningnummer(partij: str) -> Body:
        """A bank account of a partij."""
        return {"partij": {"uuid": partij}, "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"}

    @staticmethod
    def vertegenwoordiging(vertegenwoordigende: str, vertegenwoordigde: str) -> Body:
        """One partij represents another."""
        return {
            "vertegenwoordigendePartij": {"uuid": vertegenwoordigende},
            "vertegenwoordigdePartij": {"uuid": vertegenwoordigde},
        }

"""Request bodies of the F2173 flow, shared by the preload, the flow driver and the wrk scripts."""

from __future__ import annotations

from typing import Any

MEDEWERKER: dict[str, Any] = {
    "naam": "Jan Medewerker",
    "soortActor": "medewerker",
    "indicatieActief": True,
    "actoridentificator": {
        "objectId": "jan123",
        "codeObjecttype": "mdw",
        "codeRegister": "obj",
        "codeSoortObjectId": "idf",
    },
    "actorIdentificatie": {
        "functie": "KCC-medewerker",
        "emailadres": "jan@example.com",
        "telefoonnummer": "0201234567",
    },
}


def klantcontact(referentienummer: str) -> dict[str, Any]:
    """Step 1: a telephone contact, as a KCC front end registers it."""
    return {
        "referentienummer": referentienummer,
        "kanaal": "telefoon",
        "onderwerp": "Afvalinzameling rond kerst",
        "inhoud": "Inwoner vraagt wanneer de kerstbomen worden opgehaald.",
        "indicatieContactGelukt": True,
        "taal": "nld",
        "vertrouwelijk": False,
    }


def actorklantcontact(actor: str, contact: str) -> dict[str, Any]:
    """Step 2: link the logged-in medewerker."""
    return {"actor": {"uuid": actor}, "klantcontact": {"uuid": contact}}


def betrokkene(contact: str) -> dict[str, Any]:
    """Step 3: who the contact was with."""
    return {
        "hadKlantcontact": {"uuid": contact},
        "rol": "klant",
        "initiator": True,
        "contactnaam": {"voorletters": "J", "voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"},
        "bezoekadres": {"straatnaam": "Dorpsstraat", "huisnummer": 12, "postcode": "1234 AB", "stad": "Amsterdam"},
    }


def referentienummer(run: int, slot: int, number: int) -> str:
    """A unique 10-digit referentienummer: run (1 digit), connection slot (3), sequence (6)."""
    return f"{run % 10}{slot % 1000:03d}{number % 1_000_000:06d}"

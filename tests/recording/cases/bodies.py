"""The request bodies the recorded cases share, and the collections of the API."""

from __future__ import annotations

from typing import Any

KC: dict[str, Any] = {"kanaal": "telefoon", "onderwerp": "Afvalinzameling", "taal": "nld", "vertrouwelijk": False}
MEDEWERKER: dict[str, Any] = {
    "naam": "Jan Medewerker",
    "soortActor": "medewerker",
    "actorIdentificatie": {
        "functie": "KCC-medewerker",
        "emailadres": "jan@example.com",
        "telefoonnummer": "0201234567",
    },
}
EENHEID: dict[str, Any] = {
    "naam": "Team KCC",
    "soortActor": "organisatorische_eenheid",
    "actorIdentificatie": {"omschrijving": "KCC", "emailadres": "kcc@example.nl", "telefoonnummer": "0201234567"},
}
BOT: dict[str, Any] = {
    "naam": "Chatbot",
    "soortActor": "geautomatiseerde_actor",
    "actorIdentificatie": {"functie": "bot"},
}
PERSOON: dict[str, Any] = {
    "soortPartij": "persoon",
    "indicatieActief": True,
    "indicatieGeheimhouding": False,
    "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"}},
}
ORGANISATIE: dict[str, Any] = {
    "soortPartij": "organisatie",
    "indicatieActief": True,
    "partijIdentificatie": {"naam": "Bakkerij De Korst"},
}
BSN = {
    "codeObjecttype": "natuurlijk_persoon",
    "codeSoortObjectId": "bsn",
    "objectId": "111222333",
    "codeRegister": "brp",
}
IDENT = {"codeObjecttype": "zaak", "codeSoortObjectId": "uuid", "objectId": "z-1", "codeRegister": "openzaak"}
TAAK: dict[str, Any] = {
    "aanleidinggevendKlantcontact": {"uuid": "{kc}"},
    "gevraagdeHandeling": "Bellen",
    "status": "te_verwerken",
}
KVK = {
    "codeObjecttype": "niet_natuurlijk_persoon",
    "codeSoortObjectId": "kvk_nummer",
    "objectId": "12345678",
    "codeRegister": "hr",
}
ADRES: dict[str, Any] = {
    "verstrektDoorPartij": {"uuid": "{partij}"},
    "adres": "a@example.nl",
    "soortDigitaalAdres": "email",
}
COLLECTIONS = (
    "klantcontacten",
    "actorklantcontacten",
    "betrokkenen",
    "actoren",
    "partijen",
    "partij-identificatoren",
    "onderwerpobjecten",
    "bijlagen",
    "internetaken",
    "digitaleadressen",
    "categorieen",
    "categorie-relaties",
    "rekeningnummers",
    "vertegenwoordigingen",
)

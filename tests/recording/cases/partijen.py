"""Partijen and actoren: their kinds and the identificatie group of each kind."""

from __future__ import annotations

from ..exchanges import Case
from .bodies import BOT, BSN, EENHEID, KVK, MEDEWERKER, ORGANISATIE, PERSOON
from .steps import delete, get, kc_ref, patch, post, put

PARTIJEN = (
    Case(
        "partij-duplicate-bsn",
        "a second partij with the BSN of an existing one",
        (
            post("/partijen", {**PERSOON, "partijIdentificatoren": [{"partijIdentificator": BSN}]}, "first"),
            post(
                "/partijen",
                {
                    **PERSOON,
                    "partijIdentificatie": {"contactnaam": {"voornaam": "D", "achternaam": "E"}},
                    "partijIdentificatoren": [{"partijIdentificator": BSN}],
                },
            ),
            get("/partijen"),
            post("/partij-identificatoren", {"identificeerdePartij": kc_ref("first"), "partijIdentificator": BSN}),
        ),
    ),
    Case(
        "partij-identificatie-empty",
        "an empty or partial partijIdentificatie of a persoon, organisatie and contactpersoon",
        (
            post("/partijen", {**PERSOON, "partijIdentificatie": {}}, "p1"),
            post("/partijen", {**PERSOON, "partijIdentificatie": {"contactnaam": {"voornaam": "Jan"}}}, "p2"),
            post("/partijen", {**ORGANISATIE, "partijIdentificatie": {}}, "o1"),
            post("/partijen", {"soortPartij": "contactpersoon", "indicatieActief": True, "partijIdentificatie": {}}),
            post(
                "/partijen",
                {
                    "soortPartij": "contactpersoon",
                    "indicatieActief": True,
                    "partijIdentificatie": {"werkteVoorPartij": kc_ref("o1")},
                },
                "c2",
            ),
            post(
                "/partijen",
                {
                    "soortPartij": "contactpersoon",
                    "indicatieActief": True,
                    "partijIdentificatie": {"werkteVoorPartij": kc_ref("o1"), "contactnaam": {}},
                },
            ),
            get("/partijen/{p1}"),
            get("/partijen/{o1}"),
            post("/partijen", {**PERSOON, "partijIdentificatie": None}),
            post("/partijen", {"soortPartij": "persoon", "indicatieActief": True}, "p3"),
        ),
    ),
    Case(
        "partij-variant-groups",
        "partijIdentificatie across kinds: absent on create, a PUT or PATCH switching kind, a contactpersoon's uuid",
        (
            post("/partijen", {"soortPartij": "contactpersoon", "indicatieActief": True}, "c"),
            patch("/partijen/{c}", {"partijIdentificatie": {"contactnaam": {"voornaam": "Ria"}}}),
            patch("/partijen/{c}", {"partijIdentificatie": {"contactnaam": {"voornaam": "Rianne"}}}),
            post("/partijen", {"soortPartij": "organisatie", "indicatieActief": True}, "o"),
            put("/partijen/{o}", {"soortPartij": "persoon", "indicatieActief": True}),
            post("/partijen", {**ORGANISATIE}, "o2"),
            put("/partijen/{o2}", {"soortPartij": "persoon", "indicatieActief": True}),
            patch("/partijen/{o2}", {"soortPartij": "organisatie"}),
            post("/actoren", MEDEWERKER, "a"),
            put("/actoren/{a}", {"naam": "Team", "soortActor": "organisatorische_eenheid"}),
            patch("/actoren/{a}", {"soortActor": "medewerker"}),
            patch("/actoren/{a}", {"actorIdentificatie": {"functie": "x" * 41, "telefoonnummer": "0201234567"}}),
            patch("/actoren/{a}", {"actorIdentificatie": {"functie": "Nieuw", "telefoonnummer": "0201234567"}}),
            patch("/partijen/{o2}", {"partijIdentificatie": {"naam": "n" * 201}}),
            patch("/partijen/{o2}", {"soortPartij": "organisatie", "partijIdentificatie": {"naam": "Nieuw"}}),
            post(
                "/partijen",
                {
                    "soortPartij": "contactpersoon",
                    "indicatieActief": True,
                    "partijIdentificatie": {"contactnaam": {"voornaam": "A"}},
                },
                "c2",
            ),
            patch(
                "/partijen/{c2}",
                {"soortPartij": "contactpersoon", "partijIdentificatie": {"contactnaam": {"voornaam": "B"}}},
            ),
            patch("/partijen/{c2}", {"soortPartij": "contactpersoon", "indicatieActief": False}),
            put(
                "/partijen/{c2}",
                {
                    "soortPartij": "contactpersoon",
                    "indicatieActief": True,
                    "partijIdentificatie": {"contactnaam": {"voornaam": "C"}},
                },
            ),
        ),
    ),
    Case(
        "partij-errors",
        "partij errors: empty body, unknown soortPartij, PATCH changing soortPartij",
        (
            post("/partijen", {}),
            post("/partijen", {"soortPartij": "burger", "indicatieActief": True}),
            post("/partijen", {**PERSOON, "nummer": "12345678901"}),
            post("/partijen", PERSOON, "p"),
            patch("/partijen/{p}", {"soortPartij": "organisatie"}),
        ),
    ),
)

VESTIGING = {
    "codeObjecttype": "vestiging",
    "codeSoortObjectId": "vestigingsnummer",
    "objectId": "000012345678",
    "codeRegister": "hr",
}
IDENTIFICATOREN = (
    Case(
        "partij-identificator-own-uuid",
        "a partij-identificator's uuid in the body: unknown, another's, its own",
        (
            post("/partij-identificatoren", {"partijIdentificator": KVK}, "a"),
            post("/partij-identificatoren", {"partijIdentificator": {**KVK, "objectId": "87654321"}}, "b"),
            post(
                "/partij-identificatoren",
                {
                    "uuid": "0f2c8d4e-5b6a-4c1d-9e8f-7a6b5c4d3e2f",
                    "partijIdentificator": {**KVK, "objectId": "11223344"},
                },
            ),
            post("/partij-identificatoren", {"uuid": "{a}", "partijIdentificator": {**KVK, "objectId": "11223344"}}),
            patch("/partij-identificatoren/{b}", {"uuid": "{a}"}),
            patch("/partij-identificatoren/{b}", {"uuid": "0f2c8d4e-5b6a-4c1d-9e8f-7a6b5c4d3e2f"}),
            put("/partij-identificatoren/{b}", {"uuid": "{a}", "partijIdentificator": {**KVK, "objectId": "87654321"}}),
            patch("/partij-identificatoren/{b}", {"uuid": "{b}", "anderePartijIdentificator": "eigen"}),
            get("/partij-identificatoren/{b}"),
        ),
    ),
    Case(
        "partij-identificator-protected",
        "a kvk_nummer a vestigingsnummer is under cannot be deleted, nor left out of its partij's identificatoren",
        (
            post("/partijen", ORGANISATIE, "p"),
            post("/partij-identificatoren", {"identificeerdePartij": kc_ref("p"), "partijIdentificator": KVK}, "kvk"),
            post(
                "/partij-identificatoren",
                {
                    "identificeerdePartij": kc_ref("p"),
                    "subIdentificatorVan": kc_ref("kvk"),
                    "partijIdentificator": VESTIGING,
                },
                "vest",
            ),
            delete("/partij-identificatoren/{kvk}"),
            patch("/partijen/{p}", {"partijIdentificatoren": []}),
            patch(
                "/partijen/{p}",
                {
                    "partijIdentificatoren": [
                        {"uuid": "{vest}", "subIdentificatorVan": kc_ref("kvk"), "partijIdentificator": VESTIGING}
                    ]
                },
            ),
            get("/partijen/{p}"),
            patch("/partijen/{p}", {"partijIdentificatoren": [{"uuid": "{kvk}", "partijIdentificator": KVK}]}),
            get("/partij-identificatoren/{vest}"),
            post(
                "/partij-identificatoren",
                {
                    "identificeerdePartij": kc_ref("p"),
                    "subIdentificatorVan": kc_ref("kvk"),
                    "partijIdentificator": VESTIGING,
                },
                "vest2",
            ),
            delete("/partij-identificatoren/{vest2}"),
            delete("/partij-identificatoren/{kvk}"),
            get("/partijen/{p}"),
        ),
    ),
    Case(
        "partij-identificator-blank-object-id",
        'a partij-identificator\'s objectId may be blank (blank=True): stored as "", once per kind and register',
        (
            post("/partij-identificatoren", {"partijIdentificator": {**KVK, "objectId": ""}}, "blank"),
            get("/partij-identificatoren/{blank}"),
            post("/partij-identificatoren", {"partijIdentificator": KVK}, "kvk"),
            patch("/partij-identificatoren/{kvk}", {"partijIdentificator": {**KVK, "objectId": ""}}),
            put("/partij-identificatoren/{kvk}", {"partijIdentificator": {**KVK, "objectId": " "}}),
            post(
                "/partijen",
                {**ORGANISATIE, "partijIdentificatoren": [{"partijIdentificator": {**BSN, "objectId": ""}}]},
            ),
        ),
    ),
)

ACTOREN = (
    Case(
        "actor-identificatie-empty",
        "an empty actorIdentificatie of an organisatorische eenheid, a medewerker and a geautomatiseerde actor",
        (
            post("/actoren", {**EENHEID, "actorIdentificatie": {}}, "a1"),
            get("/actoren/{a1}"),
            post("/actoren", {**MEDEWERKER, "actorIdentificatie": {}}),
            post("/actoren", {**BOT, "actorIdentificatie": {}}),
            post("/actoren", {**EENHEID, "actorIdentificatie": {"omschrijving": "alleen"}}, "a2"),
            post("/actoren", {**EENHEID, "actorIdentificatie": None}, "a3"),
            patch("/actoren/{a2}", {"actorIdentificatie": {}}),
            put("/actoren/{a2}", {**EENHEID, "actorIdentificatie": {}}),
        ),
    ),
    Case(
        "actor-errors",
        "actor errors: empty body, bad soortActor, a medewerker's phone numbers",
        (
            post("/actoren", {}),
            post("/actoren", {"naam": "", "soortActor": "burger"}),
            post("/actoren", {**MEDEWERKER, "actorIdentificatie": {"functie": "x", "telefoonnummer": "0800123456"}}),
            post("/actoren", {**MEDEWERKER, "actorIdentificatie": {"functie": "x", "telefoonnummer": "AAA"}}),
            post("/actoren", {"naam": "x" * 201, "soortActor": "medewerker"}),
        ),
    ),
    Case(
        "medewerker-email-only",
        "a medewerker identified by an e-mail address alone (as the ITA sends it), and with functie and telefoonnummer",
        (
            post("/actoren", {**MEDEWERKER, "actorIdentificatie": {"emailadres": "jan@example.com"}}),
            post(
                "/actoren",
                {
                    **MEDEWERKER,
                    "actorIdentificatie": {"emailadres": "jan@example.com", "functie": "", "telefoonnummer": ""},
                },
            ),
            post("/actoren", MEDEWERKER, "a"),
            get("/actoren/{a}"),
        ),
    ),
)

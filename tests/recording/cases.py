"""The cases recorded from Open Klant: each a title and requests, replayed from an empty store."""

from __future__ import annotations

from typing import Any

from .exchanges import Case, Step, create

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


def kc_ref(name: str = "kc") -> dict[str, str]:
    """A `{uuid}` reference to a named object."""
    return {"uuid": "{" + name + "}"}


def get(path: str, *query: tuple[str, str], **kwargs: Any) -> Step:
    """A GET step."""
    return Step("GET", path, query=tuple(query), **kwargs)


def post(path: str, body: Any, name: str | None = None) -> Step:
    """A POST step."""
    return create(path.lstrip("/"), body, name)


def patch(path: str, body: Any) -> Step:
    """A PATCH step."""
    return Step("PATCH", path, body)


def put(path: str, body: Any) -> Step:
    """A PUT step."""
    return Step("PUT", path, body)


def delete(path: str) -> Step:
    """A DELETE step."""
    return Step("DELETE", path)


def _expand_setup() -> tuple[Step, ...]:
    return (
        post("/klantcontacten", {**KC, "referentienummer": "7001"}, "kc"),
        post("/partijen", PERSOON, "partij"),
        post(
            "/betrokkenen",
            {"hadKlantcontact": kc_ref(), "wasPartij": kc_ref("partij"), "rol": "klant", "initiator": True},
            "bk",
        ),
        post("/bijlagen", {"wasBijlageVanKlantcontact": kc_ref(), "bijlageidentificator": IDENT}, "bijlage"),
    )


def _crud(collection: str, setup: tuple[Step, ...], body: dict[str, Any], changes: dict[str, Any]) -> Case:
    item = "/" + collection + "/{obj}"
    return Case(
        f"crud-{collection}",
        f"{collection}: create, read, list, PATCH, PUT, delete, read after delete",
        (
            *setup,
            post(collection, body, "obj"),
            get(item),
            get("/" + collection),
            patch(item, changes),
            put(item, {**body, **changes}),
            delete(item),
            get(item),
            delete(item),
        ),
    )


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
)
_ADRES: dict[str, Any] = {
    "verstrektDoorPartij": {"uuid": "{partij}"},
    "adres": "a@example.nl",
    "soortDigitaalAdres": "email",
}
_KC_SETUP = (post("/klantcontacten", KC, "kc"),)
_PARTIJ_SETUP = (post("/partijen", PERSOON, "partij"),)

CRUD = (
    _crud("klantcontacten", (), {**KC, "referentienummer": "100"}, {"onderwerp": "Nieuw", "inhoud": "tekst"}),
    _crud("actoren", (), MEDEWERKER, {"naam": "Piet", "indicatieActief": False}),
    _crud(
        "actorklantcontacten",
        (*_KC_SETUP, post("/actoren", MEDEWERKER, "actor"), post("/actoren", BOT, "actor2")),
        {"actor": kc_ref("actor"), "klantcontact": kc_ref()},
        {"actor": kc_ref("actor2")},
    ),
    _crud(
        "betrokkenen",
        _KC_SETUP + _PARTIJ_SETUP,
        {
            "hadKlantcontact": kc_ref(),
            "rol": "klant",
            "initiator": True,
            "contactnaam": {"voornaam": "Jan", "achternaam": "Vries"},
        },
        {"rol": "vertegenwoordiger", "wasPartij": kc_ref("partij")},
    ),
    _crud("partijen", (), PERSOON, {"indicatieGeheimhouding": True, "voorkeurstaal": "nld"}),
    _crud(
        "partij-identificatoren",
        _PARTIJ_SETUP,
        {"identificeerdePartij": kc_ref("partij"), "partijIdentificator": BSN},
        {"anderePartijIdentificator": "extern"},
    ),
    _crud(
        "onderwerpobjecten",
        _KC_SETUP,
        {"klantcontact": kc_ref(), "wasKlantcontact": None, "onderwerpobjectidentificator": IDENT},
        {"onderwerpobjectidentificator": {**IDENT, "objectId": "z-2"}},
    ),
    _crud(
        "bijlagen",
        _KC_SETUP,
        {"wasBijlageVanKlantcontact": kc_ref(), "bijlageidentificator": IDENT},
        {"bijlageidentificator": {**IDENT, "objectId": "doc-2"}},
    ),
    _crud(
        "internetaken",
        (*_KC_SETUP, post("/actoren", MEDEWERKER, "actor")),
        {
            "aanleidinggevendKlantcontact": kc_ref(),
            "toegewezenAanActoren": [kc_ref("actor")],
            "gevraagdeHandeling": "Terugbellen",
            "status": "te_verwerken",
        },
        {"toelichting": "Graag voor vijf uur", "status": "verwerkt"},
    ),
    _crud(
        "digitaleadressen",
        _PARTIJ_SETUP,
        {
            "verstrektDoorPartij": kc_ref("partij"),
            "adres": "a@example.nl",
            "soortDigitaalAdres": "email",
            "omschrijving": "privé",
        },
        {"adres": "b@example.nl", "referentie": "portaal"},
    ),
)

EXPAND = (
    Case(
        "expand-dotted-alone",
        "expand: a dotted path alone expands nothing, on a read and on a list",
        (
            *_expand_setup(),
            get("/klantcontacten/{kc}", ("expand", "hadBetrokkenen.wasPartij")),
            get("/klantcontacten", ("expand", "hadBetrokkenen.wasPartij")),
        ),
    ),
    Case(
        "expand-parent-and-dotted",
        "expand: the parent and the dotted path together expand both levels, on a read and a list",
        (
            *_expand_setup(),
            get("/klantcontacten/{kc}", ("expand", "hadBetrokkenen,hadBetrokkenen.wasPartij")),
            get("/klantcontacten", ("expand", "hadBetrokkenen,hadBetrokkenen.wasPartij")),
            get("/klantcontacten/{kc}", ("expand", "hadBetrokkenen"), ("expand", "hadBetrokkenen.wasPartij")),
            get("/klantcontacten/{kc}", ("expand", "omvatteBijlagen,hadBetrokkenen")),
        ),
    ),
    Case(
        "expand-betrokkenen-partijen",
        "expand on betrokkenen and partijen: single levels, dotted alone, parent and dotted",
        (
            *_expand_setup(),
            get("/betrokkenen/{bk}", ("expand", "hadKlantcontact")),
            get("/betrokkenen/{bk}", ("expand", "wasPartij,hadKlantcontact")),
            get("/betrokkenen/{bk}", ("expand", "hadKlantcontact.omvatteBijlagen")),
            get("/betrokkenen/{bk}", ("expand", "hadKlantcontact,hadKlantcontact.omvatteBijlagen")),
            get("/betrokkenen", ("expand", "hadKlantcontact")),
            get("/partijen/{partij}", ("expand", "betrokkenen")),
            get("/partijen/{partij}", ("expand", "betrokkenen.hadKlantcontact")),
            get("/partijen/{partij}", ("expand", "betrokkenen,betrokkenen.hadKlantcontact")),
            get("/partijen", ("expand", "betrokkenen,betrokkenen.hadKlantcontact")),
        ),
    ),
    Case(
        "expand-errors",
        "expand: unknown values and an unknown nested value",
        (
            *_expand_setup(),
            get("/klantcontacten/{kc}", ("expand", "bestaatniet")),
            get("/klantcontacten", ("expand", "hadBetrokkenen.bestaatniet")),
            get("/klantcontacten/{kc}", ("expand", "")),
            get("/betrokkenen/{bk}", ("expand", "hadBetrokkenen")),
        ),
    ),
)

SNAKE = (
    Case(
        "snake-case-create",
        "snake_case request keys on creates of several collections",
        (
            post(
                "/klantcontacten",
                {**KC, "indicatie_contact_gelukt": True, "hoofd_onderwerp_type": "https://example.com/z"},
                "kc",
            ),
            post("/actoren", {"naam": "A", "soort_actor": "medewerker", "indicatie_actief": False}, "actor"),
            post("/betrokkenen", {"had_klantcontact": kc_ref(), "rol": "klant", "initiator": False}, "bk"),
            post(
                "/partijen",
                {"soort_partij": "organisatie", "indicatie_actief": True, "partij_identificatie": {"naam": "X"}},
                "partij",
            ),
            post(
                "/digitaleadressen",
                {"verstrekt_door_partij": kc_ref("partij"), "adres": "x@example.nl", "soort_digitaal_adres": "email"},
            ),
            post("/onderwerpobjecten", {"klantcontact": kc_ref(), "onderwerpobjectidentificator": {"object_id": "1"}}),
        ),
    ),
    Case(
        "snake-case-patch",
        "snake_case request keys on PATCH, and both spellings in one body",
        (
            post("/klantcontacten", KC, "kc"),
            patch("/klantcontacten/{kc}", {"hoofd_onderwerp_type": "https://example.com/snake"}),
            patch(
                "/klantcontacten/{kc}",
                {
                    "hoofdOnderwerpType": "https://example.com/camel",
                    "hoofd_onderwerp_type": "https://example.com/snake",
                },
            ),
            patch(
                "/klantcontacten/{kc}",
                {
                    "hoofd_onderwerp_type": "https://example.com/snake",
                    "hoofdOnderwerpType": "https://example.com/camel",
                },
            ),
            post("/actoren", MEDEWERKER, "actor"),
            patch("/actoren/{actor}", {"indicatie_actief": False}),
            post("/betrokkenen", {"hadKlantcontact": kc_ref(), "rol": "klant", "initiator": True}, "bk"),
            patch("/betrokkenen/{bk}", {"contactnaam": {"voor_voegsel_achternaam": "van", "achternaam": "Dam"}}),
            patch("/betrokkenen/{bk}", {"contactnaam": {"voorvoegsel_achternaam": "van", "achternaam": "Dam"}}),
        ),
    ),
    Case(
        "snake-case-errors",
        "snake_case keys in error reports: a required field sent only in snake_case with a bad value",
        (
            post("/klantcontacten", {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": "nee"}),
            post("/actoren", {"naam": "A", "soort_actor": "burger"}),
        ),
    ),
)

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
)

DIGITALE_ADRESSEN = (
    Case(
        "digitaal-adres-errors",
        "digitaal adres: an empty body, no verstrektDoorPartij, a null one, an unknown one",
        (
            post("/digitaleadressen", {}),
            post(
                "/digitaleadressen", {"soortDigitaalAdres": "email", "adres": "a@example.nl", "omschrijving": "privé"}
            ),
            post(
                "/digitaleadressen",
                {"verstrektDoorPartij": None, "soortDigitaalAdres": "email", "adres": "a@example.nl"},
            ),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": {"uuid": "00000000-0000-4000-8000-000000000000"},
                    "soortDigitaalAdres": "email",
                    "adres": "a@example.nl",
                },
            ),
            post("/digitaleadressen", {"verstrektDoorPartij": None, "soortDigitaalAdres": "fax", "adres": ""}),
            post(
                "/digitaleadressen",
                {"verstrektDoorPartij": None, "soortDigitaalAdres": "email", "adres": "x", "isStandaardAdres": True},
            ),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": None,
                    "soortDigitaalAdres": "email",
                    "adres": "x@example.nl",
                    "isStandaardAdres": True,
                },
            ),
            post("/digitaleadressen", {"soortDigitaalAdres": "email", "adres": "x"}),
            post(
                "/digitaleadressen",
                {"verstrektDoorPartij": None, "soortDigitaalAdres": "email", "adres": "y@example.nl"},
                "d",
            ),
            put("/digitaleadressen/{d}", {"soortDigitaalAdres": "email", "adres": "z@example.nl"}),
            patch("/digitaleadressen/{d}", {"verstrektDoorPartij": None}),
        ),
    ),
    Case(
        "digitaal-adres-unique",
        "digitaal adres unique on (verstrektDoorPartij, referentie, soortDigitaalAdres), by POST and by PUT",
        (
            *_PARTIJ_SETUP,
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "a@example.nl",
                    "soortDigitaalAdres": "email",
                    "referentie": "r1",
                },
                "d1",
            ),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "b@example.nl",
                    "soortDigitaalAdres": "email",
                    "referentie": "r1",
                },
            ),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "b@example.nl",
                    "soortDigitaalAdres": "email",
                    "referentie": "r2",
                },
                "d2",
            ),
            put(
                "/digitaleadressen/{d2}",
                {
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "c@example.nl",
                    "soortDigitaalAdres": "email",
                    "referentie": "r1",
                },
            ),
            patch("/digitaleadressen/{d2}", {"referentie": "r1"}),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "c@example.nl",
                    "soortDigitaalAdres": "telefoonnummer",
                    "referentie": "r1",
                },
            ),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "d@example.nl",
                    "soortDigitaalAdres": "email",
                    "referentie": "",
                },
            ),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "e@example.nl",
                    "soortDigitaalAdres": "email",
                    "referentie": "",
                },
            ),
            get("/digitaleadressen"),
        ),
    ),
    Case(
        "digitaal-adres-standaard",
        "digitaal adres: standaard adressen of one partij and soort",
        (
            *_PARTIJ_SETUP,
            post("/digitaleadressen", {**_ADRES, "isStandaardAdres": True}, "d1"),
            post("/digitaleadressen", {**_ADRES, "adres": "b@example.nl", "isStandaardAdres": True}, "d2"),
            get("/digitaleadressen/{d1}"),
            post("/digitaleadressen", {**_ADRES, "adres": "c@example.nl"}),
            post(
                "/digitaleadressen",
                {**_ADRES, "adres": "0201234567", "soortDigitaalAdres": "telefoonnummer", "isStandaardAdres": True},
            ),
            patch("/digitaleadressen/{d1}", {"isStandaardAdres": True}),
            get("/digitaleadressen/{d2}"),
        ),
    ),
)

MAAK = (
    Case(
        "maak-onderwerpobject-without-identificator",
        "maak-klantcontact: an onderwerpobject without identificator is not created and answers null",
        (
            post("/klantcontacten", KC, "other"),
            Step(
                "POST",
                "/maak-klantcontact",
                {
                    "klantcontact": KC,
                    "betrokkene": {"rol": "klant", "initiator": False, "hadKlantcontact": kc_ref("other")},
                    "onderwerpobject": {"klantcontact": kc_ref("other")},
                },
                save={"kc": "klantcontact.uuid", "bk": "betrokkene.uuid"},
            ),
            get("/onderwerpobjecten"),
            Step("POST", "/maak-klantcontact", {"klantcontact": KC, "onderwerpobject": {}}),
            Step(
                "POST",
                "/maak-klantcontact",
                {"klantcontact": KC, "onderwerpobject": {"onderwerpobjectidentificator": IDENT}},
                save={"kc2": "klantcontact.uuid", "oo": "onderwerpobject.uuid"},
            ),
        ),
    ),
    Case(
        "maak-null-parts",
        "maak-klantcontact: betrokkene and onderwerpobject null are refused, beside other errors",
        (
            Step("POST", "/maak-klantcontact", {"klantcontact": KC, "betrokkene": None}),
            Step("POST", "/maak-klantcontact", {"klantcontact": KC, "onderwerpobject": None}),
            Step(
                "POST",
                "/maak-klantcontact",
                {"klantcontact": {**KC, "kanaal": ""}, "betrokkene": None, "onderwerpobject": None},
            ),
            Step("POST", "/maak-klantcontact", {"klantcontact": None}),
            Step("POST", "/maak-klantcontact", {}),
            Step("POST", "/maak-klantcontact", {"klantcontact": KC, "betrokkene": {"rol": "x"}}),
            get("/klantcontacten"),
        ),
    ),
    Case(
        "maak-happy",
        "maak-klantcontact: all three parts",
        (
            Step(
                "POST",
                "/maak-klantcontact",
                {
                    "klantcontact": {**KC, "referentienummer": "555"},
                    "betrokkene": {"rol": "klant", "initiator": True, "contactnaam": {"voornaam": "Jan"}},
                    "onderwerpobject": {"onderwerpobjectidentificator": IDENT},
                },
                save={"kc": "klantcontact.uuid", "bk": "betrokkene.uuid", "oo": "onderwerpobject.uuid"},
            ),
            get("/klantcontacten/{kc}"),
            get("/onderwerpobjecten/{oo}"),
        ),
    ),
)

PATHS = (
    Case(
        "unknown-paths",
        "unknown collections under the API base, unknown top-level paths, trailing slashes",
        (
            get("/bestaatniet"),
            get("~/foo"),
            Step("POST", "~/foo", {}),
            get("~/klantinteracties/api/v2/klantcontacten"),
            get("/klantcontacten/"),
            get("/klantcontacten/niet-een-uuid"),
            get("/klantcontacten/00000000-0000-4000-8000-000000000000"),
            get("/klantcontacten/00000000-0000-4000-8000-000000000000/extra"),
        ),
    ),
    Case(
        "protocol",
        "authentication, methods and media types",
        (
            get("/klantcontacten", headers={}),
            get("/klantcontacten", headers={"Authorization": "Token wrong"}),
            get("/klantcontacten", headers={"Authorization": "Bearer {token}"}),
            Step("PUT", "/klantcontacten", KC),
            Step("DELETE", "/klantcontacten"),
            Step(
                "POST",
                "/klantcontacten",
                raw="{kapot",
                headers={"Authorization": "Token {token}", "Content-Type": "application/json"},
            ),
            Step(
                "POST",
                "/klantcontacten",
                raw="kanaal=x",
                headers={"Authorization": "Token {token}", "Content-Type": "text/plain"},
            ),
            get("/klantcontacten", headers={"Authorization": "Token {token}", "Accept": "text/html"}),
            Step(
                "POST",
                "/klantcontacten",
                raw="[]",
                headers={"Authorization": "Token {token}", "Content-Type": "application/json"},
            ),
        ),
    ),
)

KLANTCONTACT_ERRORS = (
    Case(
        "klantcontact-errors",
        "klantcontact errors: required, null, blank, max_length, types, unique, the contact-succeeded rule",
        (
            post("/klantcontacten", {}),
            post("/klantcontacten", {"kanaal": None, "onderwerp": None, "taal": None, "vertrouwelijk": None}),
            post("/klantcontacten", {"kanaal": "", "onderwerp": "", "taal": "", "vertrouwelijk": False}),
            post("/klantcontacten", {**KC, "kanaal": "x" * 51, "taal": "nederlands", "onderwerp": "y" * 201}),
            post(
                "/klantcontacten",
                {**KC, "vertrouwelijk": "misschien", "plaatsgevondenOp": "gisteren", "metadata": {"n": 1}},
            ),
            post("/klantcontacten", {**KC, "nummer": "abc", "referentienummer": "12345678901"}),
            post("/klantcontacten", {**KC, "referentienummer": "42"}, "kc"),
            post("/klantcontacten", {**KC, "referentienummer": "42"}),
            post("/klantcontacten", {**KC, "indicatieContactGelukt": True, "verdereActieOndernomen": True}),
            patch("/klantcontacten/{kc}", {"indicatieContactGelukt": True, "verdereActieOndernomen": True}),
            put("/klantcontacten/{kc}", {"onderwerp": "alleen"}),
            patch("/klantcontacten/{kc}", {"kanaal": None}),
            post("/klantcontacten", {**KC, "plaatsgevondenOp": "2024-03-01T10:15:00+01:00", "inhoud": "  spaties  "}),
        ),
    ),
    Case(
        "reference-errors",
        "unknown and malformed references",
        (
            post("/klantcontacten", KC, "kc"),
            post(
                "/betrokkenen",
                {
                    "hadKlantcontact": {"uuid": "00000000-0000-4000-8000-000000000000"},
                    "rol": "klant",
                    "initiator": True,
                },
            ),
            post("/betrokkenen", {"hadKlantcontact": {"uuid": "geen-uuid"}, "rol": "burger", "initiator": "ja"}),
            post("/betrokkenen", {"hadKlantcontact": "{base}/klantcontacten/{kc}", "rol": "klant", "initiator": True}),
            post("/betrokkenen", {"hadKlantcontact": {}, "rol": "klant", "initiator": True}),
            post(
                "/betrokkenen",
                {
                    "hadKlantcontact": kc_ref(),
                    "wasPartij": {"uuid": "00000000-0000-4000-8000-000000000000"},
                    "rol": "klant",
                    "initiator": True,
                },
            ),
            post("/actorklantcontacten", {"actor": None, "klantcontact": kc_ref()}),
            post("/actorklantcontacten", {}),
            post(
                "/betrokkenen",
                {"hadKlantcontact": kc_ref(), "rol": "klant", "initiator": True, "bezoekadres": {"land": "6030"}},
            ),
            post(
                "/internetaken",
                {"aanleidinggevendKlantcontact": kc_ref(), "gevraagdeHandeling": "x", "status": "klaar"},
            ),
        ),
    ),
    Case(
        "actorklantcontact-unique",
        "the same actor linked twice to one klantcontact",
        (
            post("/klantcontacten", KC, "kc"),
            post("/actoren", MEDEWERKER, "actor"),
            post("/actorklantcontacten", {"actor": kc_ref("actor"), "klantcontact": kc_ref()}),
            post("/actorklantcontacten", {"actor": kc_ref("actor"), "klantcontact": kc_ref()}),
            get("/klantcontacten/{kc}"),
            delete("/actoren/{actor}"),
            get("/klantcontacten/{kc}"),
        ),
    ),
)

LISTS = (
    Case(
        "lists-query",
        "list queries: unknown parameters, filters, repeated scalars, invalid values",
        (
            post("/klantcontacten", {**KC, "onderwerp": "Afval a", "kanaal": "email"}, "a"),
            post("/klantcontacten", {**KC, "onderwerp": "Afval b", "plaatsgevondenOp": "2024-01-01T00:00:00Z"}, "b"),
            get("/klantcontacten"),
            get("/klantcontacten", ("foo", "1")),
            get("/klantcontacten", ("foo", "1"), ("bar", "2")),
            get("/klantcontacten", ("onderwerp", "afval A")),
            get("/klantcontacten", ("onderwerp", "afval a"), ("onderwerp", "afval b")),
            get("/klantcontacten", ("kanaal", "email"), ("kanaal", "telefoon")),
            get("/klantcontacten", ("vertrouwelijk", "misschien")),
            get("/klantcontacten", ("plaatsgevondenOp", "gisteren")),
            get("/betrokkenen", ("hadKlantcontact__uuid", "geen-uuid")),
            get("/betrokkenen", ("hadKlantcontact__uuid", "00000000-0000-4000-8000-000000000000")),
            get("/actoren", ("soortActor", "burger")),
            get("/internetaken", ("status", "klaar")),
        ),
    ),
    Case(
        "lists-pagination",
        "pagination: page sizes, pages past the end, invalid pages",
        (
            post("/klantcontacten", {**KC, "referentienummer": "1"}),
            post("/klantcontacten", {**KC, "referentienummer": "2"}),
            post("/klantcontacten", {**KC, "referentienummer": "3"}),
            get("/klantcontacten", ("pageSize", "2")),
            get("/klantcontacten", ("pageSize", "2"), ("page", "2")),
            get("/klantcontacten", ("pageSize", "2"), ("page", "3")),
            get("/klantcontacten", ("page", "0")),
            get("/klantcontacten", ("page", "abc")),
            get("/klantcontacten", ("page", "")),
            get("/klantcontacten", ("pageSize", "0")),
            get("/klantcontacten", ("pageSize", "abc")),
            get("/klantcontacten", ("pageSize", "1"), ("pageSize", "2")),
            get("/klantcontacten", ("pageSize", "1"), ("page", "2"), ("onderwerp", "afval")),
        ),
    ),
)

EMPTY = (
    Case(
        "empty-bodies",
        "an empty body, and nulls in every writable field, for each collection",
        (
            *(post("/" + name, {}) for name in COLLECTIONS),
            post("/betrokkenen", {"hadKlantcontact": None, "rol": None, "initiator": None, "contactnaam": None}),
            post("/internetaken", {"aanleidinggevendKlantcontact": None, "gevraagdeHandeling": None, "status": None}),
            post(
                "/onderwerpobjecten",
                {"klantcontact": None, "wasKlantcontact": None, "onderwerpobjectidentificator": None},
            ),
            post("/bijlagen", {"wasBijlageVanKlantcontact": None, "bijlageidentificator": None}),
            post("/partij-identificatoren", {"identificeerdePartij": None, "partijIdentificator": None}),
            post("/actoren", {"naam": None, "soortActor": None, "indicatieActief": None, "actoridentificator": None}),
        ),
    ),
)

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

RULES = (
    Case(
        "internetaak-rules",
        "internetaak: one of toegewezenAanActor(en), afgehandeldOp and status, the deprecated single actor",
        (
            post("/klantcontacten", KC, "kc"),
            post("/actoren", MEDEWERKER, "actor"),
            post("/internetaken", TAAK),
            post(
                "/internetaken",
                {**TAAK, "toegewezenAanActor": kc_ref("actor"), "toegewezenAanActoren": [kc_ref("actor")]},
            ),
            post(
                "/internetaken",
                {**TAAK, "toegewezenAanActoren": [kc_ref("actor")], "afgehandeldOp": "2024-01-01T00:00:00Z"},
            ),
            post("/internetaken", {**TAAK, "toegewezenAanActor": kc_ref("actor")}, "t1"),
            patch("/internetaken/{t1}", {"status": "verwerkt"}),
            patch("/internetaken/{t1}", {"status": "te_verwerken"}),
            post("/internetaken", {**TAAK, "toegewezenAanActoren": [], "nummer": "7"}),
            delete("/actoren/{actor}"),
            get("/internetaken/{t1}"),
        ),
    ),
    Case(
        "identificator-rules",
        "partij-identificatoren: register hierarchy, lengths, the 11-test, one per kind, nested and standalone",
        (
            post("/partijen", PERSOON, "p"),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**BSN, "codeRegister": "hr"}},
            ),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**BSN, "objectId": "123456789"}},
            ),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**BSN, "objectId": "1234"}},
            ),
            post("/partij-identificatoren", {"identificeerdePartij": kc_ref("p"), "partijIdentificator": KVK}, "kvk"),
            post(
                "/partij-identificatoren",
                {"identificeerdePartij": kc_ref("p"), "partijIdentificator": {**KVK, "objectId": "87654321"}},
            ),
            post(
                "/partijen",
                {**ORGANISATIE, "partijIdentificatoren": [{"partijIdentificator": {**KVK, "objectId": "1"}}]},
            ),
            post("/partijen", {**ORGANISATIE, "partijIdentificatoren": [{"partijIdentificator": KVK}]}),
            post(
                "/partijen",
                {
                    **ORGANISATIE,
                    "partijIdentificatoren": [
                        {"partijIdentificator": {**KVK, "objectId": "11111111"}},
                        {"partijIdentificator": {**KVK, "objectId": "22222222"}},
                    ],
                },
            ),
            post(
                "/partij-identificatoren",
                {
                    "partijIdentificator": {
                        "codeObjecttype": "vestiging",
                        "codeSoortObjectId": "vestigingsnummer",
                        "objectId": "123456789012",
                        "codeRegister": "hr",
                    }
                },
            ),
            post(
                "/partij-identificatoren",
                {
                    "partijIdentificator": {
                        "codeObjecttype": "vestiging",
                        "codeSoortObjectId": "vestigingsnummer",
                        "objectId": "123456789012",
                        "codeRegister": "hr",
                    },
                    "subIdentificatorVan": kc_ref("kvk"),
                },
            ),
            get("/partijen/{p}"),
        ),
    ),
    Case(
        "metadata-keys",
        "klantcontact metadata: keys as sent, in snake_case and camelCase, values that are not text",
        (
            post("/klantcontacten", {**KC, "metadata": {"bron_systeem": "kcc", "agentId": "42", "x": "1"}}, "kc"),
            get("/klantcontacten/{kc}"),
            post("/klantcontacten", {**KC, "metadata": {"n": 1}}),
            post("/klantcontacten", {**KC, "metadata": {"n": ""}}),
            post("/klantcontacten", {**KC, "metadata": []}),
        ),
    ),
)

FILTERS = (
    Case(
        "filters-and-nested-expand",
        "filters on betrokkenen, digitale adressen, onderwerpobjecten and internetaken; expand of a digitaal adres",
        (
            *_expand_setup(),
            post(
                "/digitaleadressen",
                {
                    "verstrektDoorBetrokkene": kc_ref("bk"),
                    "verstrektDoorPartij": kc_ref("partij"),
                    "adres": "a@example.nl",
                    "soortDigitaalAdres": "email",
                },
                "da",
            ),
            post("/onderwerpobjecten", {"klantcontact": kc_ref(), "onderwerpobjectidentificator": IDENT}),
            get("/betrokkenen", ("hadKlantcontact__uuid", "{kc}")),
            get("/betrokkenen", ("wasPartij__uuid", "{partij}"), ("rol", "klant")),
            get("/betrokkenen", ("verstrektedigitaalAdres__adres", "a@example.nl")),
            get("/digitaleadressen", ("verstrektDoorPartij__uuid", "{partij}")),
            get("/digitaleadressen", ("soortDigitaalAdres", "telefoonnummer")),
            get("/digitaleadressen/{da}", ("expand", "verstrektDoorBetrokkene")),
            get(
                "/digitaleadressen/{da}", ("expand", "verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact")
            ),
            get("/digitaleadressen/{da}", ("expand", "verstrektDoorBetrokkene.hadKlantcontact")),
            get("/onderwerpobjecten", ("klantcontact__uuid", "{kc}")),
            get("/onderwerpobjecten", ("onderwerpobjectidentificatorObjectId", "z-1")),
            get("/bijlagen", ("klantcontact__uuid", "{kc}")),
            get("/klantcontacten", ("hadBetrokkenen__wasPartij__uuid", "{partij}")),
            Step("HEAD", "/klantcontacten/{kc}"),
        ),
    ),
)

CASES: tuple[Case, ...] = (
    *FILTERS,
    *RULES,
    *EMPTY,
    *EXPAND,
    *SNAKE,
    *PARTIJEN,
    *ACTOREN,
    *DIGITALE_ADRESSEN,
    *MAAK,
    *PATHS,
    *KLANTCONTACT_ERRORS,
    *LISTS,
    *CRUD,
)

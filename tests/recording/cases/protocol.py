"""The wire: unknown paths, authentication, methods and media types, key spelling, empty bodies."""

from __future__ import annotations

from ..exchanges import Case, Step
from .bodies import COLLECTIONS, KC, MEDEWERKER
from .steps import get, kc_ref, patch, post

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

"""Klantcontacten: validation and reference errors, the actor link's uniqueness, maak-klantcontact."""

from __future__ import annotations

from ..exchanges import Case, Step
from .bodies import IDENT, KC, MEDEWERKER
from .steps import delete, get, kc_ref, patch, post, put

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

"""Reads: expand, list queries and pagination, filters."""

from __future__ import annotations

from ..exchanges import Case, Step
from .bodies import IDENT, KC
from .steps import expand_setup, get, kc_ref, post

EXPAND = (
    Case(
        "expand-dotted-alone",
        "expand: a dotted path alone expands nothing, on a read and on a list",
        (
            *expand_setup(),
            get("/klantcontacten/{kc}", ("expand", "hadBetrokkenen.wasPartij")),
            get("/klantcontacten", ("expand", "hadBetrokkenen.wasPartij")),
        ),
    ),
    Case(
        "expand-parent-and-dotted",
        "expand: the parent and the dotted path together expand both levels, on a read and a list",
        (
            *expand_setup(),
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
            *expand_setup(),
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
            *expand_setup(),
            get("/klantcontacten/{kc}", ("expand", "bestaatniet")),
            get("/klantcontacten", ("expand", "hadBetrokkenen.bestaatniet")),
            get("/klantcontacten/{kc}", ("expand", "")),
            get("/betrokkenen/{bk}", ("expand", "hadBetrokkenen")),
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

FILTERS = (
    Case(
        "filters-and-nested-expand",
        "filters on betrokkenen, digitale adressen, onderwerpobjecten and internetaken; expand of a digitaal adres",
        (
            *expand_setup(),
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

"""Categorieen and categorie-relaties: validation, the dates, delete rules, a partij's relations, filters."""

from __future__ import annotations

from ..exchanges import Case
from .bodies import PERSOON
from .steps import MISSING, delete, get, kc_ref, patch, post, put

# Two partijen, `p` (nummer 4711) and `q`, and the categorieen `alfa` and `beta`.
SETUP = (
    post("/partijen", {**PERSOON, "nummer": "4711"}, "p"),
    post("/partijen", PERSOON, "q"),
    post("/categorieen", {"naam": "Alfa"}, "alfa"),
    post("/categorieen", {"naam": "Beta"}, "beta"),
)


def relatie(partij: str | None, categorie: str | None, **dates: str | None) -> dict[str, object]:
    """A categorie-relatie body linking two named objects (None: no link)."""
    return {
        "partij": kc_ref(partij) if partij else None,
        "categorie": kc_ref(categorie) if categorie else None,
        **dates,
    }


CATEGORIEEN = (
    Case(
        "categorie-errors",
        "categorieen and categorie-relaties: naam rules, unknown references, malformed dates and references",
        (
            post("/categorieen", {}),
            post("/categorieen", {"naam": None}),
            post("/categorieen", {"naam": 5}),
            post("/categorieen", {"naam": "x" * 81}),
            post("/categorieen", {"naam": "  Zorg  "}, "zorg"),
            post("/categorieen", {"naam": "Zorg"}),
            put("/categorieen/{zorg}", {}),
            get("/categorieen", ("naam", "Zorg")),
            get("/categorieen"),
            post(
                "/categorie-relaties",
                {"partij": MISSING, "categorie": MISSING, "beginDatum": "2024-13-01", "eindDatum": "gisteren"},
            ),
            post("/categorie-relaties", {"partij": {}, "categorie": {"naam": "Zorg"}}),
            post("/categorie-relaties", {"partij": "p", "categorie": [], "beginDatum": 20240101}),
            post("/categorie-relaties", {"partij": {"uuid": "geen-uuid"}, "categorie": {"uuid": "{zorg}"}}),
        ),
    ),
    Case(
        "categorie-relatie-dates",
        "categorie-relatie dates: beginDatum today when not given or null on create, kept as given on update",
        (
            *SETUP,
            post("/categorie-relaties", {}, "leeg"),
            post("/categorie-relaties", relatie(None, None, beginDatum=None, eindDatum=None)),
            post("/categorie-relaties", relatie("p", "alfa"), "r1"),
            post("/categorie-relaties", relatie("p", "beta", beginDatum="2024-05-01", eindDatum="2024-01-01"), "r2"),
            patch("/categorie-relaties/{r1}", {"beginDatum": None, "eindDatum": "2030-01-01"}),
            put("/categorie-relaties/{r2}", {}),
            put("/categorie-relaties/{r2}", {"beginDatum": "2023-2-3"}),
            patch("/categorie-relaties/{leeg}", {"partij": kc_ref("q"), "categorie": kc_ref("alfa")}),
            get("/partijen/{p}"),
            get("/categorie-relaties"),
        ),
    ),
    Case(
        "categorie-relaties-of-a-partij",
        "a partij's categorieRelaties: naam changes, expand, deletes of the categorie, the relatie and the partij",
        (
            *SETUP,
            post("/categorie-relaties", relatie("p", "alfa", beginDatum="2024-01-01"), "r1"),
            post("/categorie-relaties", relatie("p", "beta", beginDatum="2024-02-01"), "r2"),
            post("/categorie-relaties", relatie("q", "beta", beginDatum="2024-03-01"), "r3"),
            get("/partijen/{p}"),
            patch("/categorieen/{alfa}", {"naam": "Alfa nieuw"}),
            get("/partijen/{p}", ("expand", "categorieRelaties")),
            delete("/categorieen/{beta}"),
            get("/categorie-relaties/{r2}"),
            get("/partijen/{p}"),
            patch("/categorie-relaties/{r1}", {"partij": None}),
            get("/partijen/{p}"),
            post("/categorie-relaties", relatie("p", "alfa", beginDatum="2024-04-01"), "r4"),
            delete("/partijen/{p}"),
            get("/categorie-relaties/{r4}"),
            get("/categorie-relaties"),
            delete("/categorie-relaties/{r1}"),
            get("/categorieen/{alfa}"),
        ),
    ),
    Case(
        "categorie-filters",
        "filters of categorie-relaties, and partijen by categorie naam (one or more names, two matching relaties)",
        (
            *SETUP,
            post("/categorie-relaties", relatie("p", "alfa", beginDatum="2024-01-01", eindDatum="2024-12-31"), "r1"),
            post("/categorie-relaties", relatie("p", "beta", beginDatum="2023-06-01"), "r2"),
            post("/categorie-relaties", relatie("q", "alfa", beginDatum="2024-01-01"), "r3"),
            get("/partijen", ("categorierelatie__categorie__naam", "Alfa")),
            get("/partijen", ("categorierelatie__categorie__naam", "Alfa,Beta")),
            get("/partijen", ("categorierelatie__categorie__naam", "alfa")),
            get("/partijen", ("categorierelatie__categorie__naam", "Gamma,Beta")),
            get("/categorie-relaties", ("partij__uuid", "{p}")),
            get("/categorie-relaties", ("partij__url", "{base}/partijen/{q}")),
            get("/categorie-relaties", ("partij__nummer", "4711")),
            get("/categorie-relaties", ("categorie__naam", "Alfa")),
            get("/categorie-relaties", ("categorie__naam", "alfa")),
            get("/categorie-relaties", ("categorie__uuid", "{beta}")),
            get("/categorie-relaties", ("categorie__url", "{base}/categorieen/{alfa}")),
            get("/categorie-relaties", ("beginDatum", "2024-01-01")),
            get("/categorie-relaties", ("beginDatum", "2024-1-1"), ("categorie__naam", "Alfa")),
            get("/categorie-relaties", ("eindDatum", "2024-12-31")),
            get("/categorie-relaties", ("beginDatum", "gisteren")),
            get("/categorie-relaties", ("partij__uuid", "geen-uuid")),
            get("/categorie-relaties", ("onbekend", "1")),
        ),
    ),
)

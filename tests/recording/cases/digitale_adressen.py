"""Digitale adressen: errors, uniqueness, standaard adressen."""

from __future__ import annotations

from ..exchanges import Case
from .bodies import ADRES, PERSOON
from .steps import MISSING, PARTIJ_SETUP, delete, get, kc_ref, kc_refs, patch, post, put


def adres(name: str, partij: str | None) -> dict[str, object]:
    """An e-mail address named `name`, provided by partij `partij` (or by none)."""
    return {
        "adres": f"{name}@example.nl",
        "soortDigitaalAdres": "email",
        "verstrektDoorPartij": partij and kc_ref(partij),
    }


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
            *PARTIJ_SETUP,
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
            *PARTIJ_SETUP,
            post("/digitaleadressen", {**ADRES, "isStandaardAdres": True}, "d1"),
            post("/digitaleadressen", {**ADRES, "adres": "b@example.nl", "isStandaardAdres": True}, "d2"),
            get("/digitaleadressen/{d1}"),
            post("/digitaleadressen", {**ADRES, "adres": "c@example.nl"}),
            post(
                "/digitaleadressen",
                {**ADRES, "adres": "0201234567", "soortDigitaalAdres": "telefoonnummer", "isStandaardAdres": True},
            ),
            patch("/digitaleadressen/{d1}", {"isStandaardAdres": True}),
            get("/digitaleadressen/{d2}"),
        ),
    ),
    Case(
        "voorkeurs-digitaal-adres",
        "a partij's digitaleAdressen and voorkeursDigitaalAdres: linked from either side, on create, PATCH and PUT",
        (
            post("/partijen", PERSOON, "p"),
            post("/partijen", PERSOON, "q"),
            post("/partijen", PERSOON, "s"),
            post("/digitaleadressen", adres("d1", "p"), "d1"),
            post("/digitaleadressen", adres("d2", "p"), "d2"),
            post("/digitaleadressen", adres("d3", None), "d3"),
            get("/partijen/{p}"),
            post("/partijen", {**PERSOON, "digitaleAdressen": [], "voorkeursDigitaalAdres": kc_ref("d3")}),
            post("/partijen", {**PERSOON, "digitaleAdressen": kc_refs("d2"), "voorkeursDigitaalAdres": kc_ref("d3")}),
            post("/partijen", {**PERSOON, "digitaleAdressen": [MISSING], "voorkeursDigitaalAdres": MISSING}),
            post(
                "/partijen",
                {**PERSOON, "digitaleAdressen": kc_refs("d3"), "voorkeursDigitaalAdres": kc_ref("d3")},
                "t",
            ),
            get("/digitaleadressen/{d3}"),
            patch("/partijen/{q}", {"digitaleAdressen": kc_refs("d1"), "voorkeursDigitaalAdres": kc_ref("d1")}),
            get("/partijen/{p}"),
            patch("/partijen/{q}", {"voorkeursDigitaalAdres": kc_ref("d2")}),
            put("/partijen/{s}", {**PERSOON, "digitaleAdressen": [], "voorkeursDigitaalAdres": kc_ref("d2")}),
            put(
                "/partijen/{s}", {**PERSOON, "digitaleAdressen": kc_refs("d2"), "voorkeursDigitaalAdres": kc_ref("d3")}
            ),
            put(
                "/partijen/{s}", {**PERSOON, "digitaleAdressen": kc_refs("d2"), "voorkeursDigitaalAdres": kc_ref("d2")}
            ),
            put("/partijen/{s}", {**PERSOON, "digitaleAdressen": []}),
            get("/partijen/{s}"),
            get("/digitaleadressen/{d2}"),
            delete("/digitaleadressen/{d1}"),
            get("/partijen/{q}"),
        ),
    ),
)

"""Rekeningnummers and vertegenwoordigingen: IBAN and BIC, a partij's accounts, who represents whom."""

from __future__ import annotations

from ..exchanges import Case
from .bodies import PERSOON
from .steps import MISSING, delete, get, kc_ref, kc_refs, patch, post, put

IBAN = "NL91ABNA0417164300"
PARTIJEN = (post("/partijen", PERSOON, "p"), post("/partijen", PERSOON, "q"), post("/partijen", PERSOON, "s"))


def vertegenwoordiging(by: str, of: str) -> dict[str, object]:
    """A vertegenwoordiging body: partij `by` represents partij `of`."""
    return {"vertegenwoordigendePartij": kc_ref(by), "vertegenwoordigdePartij": kc_ref(of)}


REKENINGNUMMERS = (
    Case(
        "rekeningnummer-errors",
        "rekeningnummers: iban required and patterned, bic length and spaces, nulls, an unknown partij",
        (
            post("/rekeningnummers", {}),
            post("/rekeningnummers", {"iban": ""}),
            post("/rekeningnummers", {"iban": None, "bic": None, "partij": None}),
            post("/rekeningnummers", {"iban": "N191", "bic": "AB"}),
            post("/rekeningnummers", {"iban": "NL91ABNA041716430", "bic": "ABNA NL2A"}),
            post("/rekeningnummers", {"iban": "AB CD", "bic": "A B"}),
            post("/rekeningnummers", {"iban": IBAN * 2, "bic": "ABNANL2AXXXX"}),
            post("/rekeningnummers", {"iban": "NL91 ABNA 0417 1643 00", "bic": " ABNANL2A "}),
            post("/rekeningnummers", {"iban": 12, "bic": ["x"]}),
            post("/rekeningnummers", {"iban": IBAN, "partij": MISSING}),
            post("/rekeningnummers", {"iban": " nl91abna0417164300 ", "bic": " ABNANL2A "}, "r"),
            post("/rekeningnummers", {"iban": IBAN}, "r2"),
            put("/rekeningnummers/{r}", {"bic": "ABNANL2A"}),
            patch("/rekeningnummers/{r}", {"iban": "NL"}),
            patch("/rekeningnummers/{r}", {"bic": ""}),
            get("/rekeningnummers", ("iban", IBAN)),
            get("/rekeningnummers", ("iban", IBAN.lower())),
            get("/rekeningnummers", ("bic", "ABNANL2A")),
            get("/rekeningnummers", ("uuid", "{r2}")),
            get("/rekeningnummers", ("uuid", "geen-uuid")),
            get("/rekeningnummers", ("partij__uuid", "{r}")),
            get("/rekeningnummers"),
        ),
    ),
    Case(
        "rekeningnummers-of-a-partij",
        "a partij's rekeningnummers and voorkeursRekeningnummer: linked from either side, deletes",
        (
            *PARTIJEN,
            post("/rekeningnummers", {"iban": IBAN, "bic": "ABNANL2A", "partij": kc_ref("p")}, "r1"),
            post("/rekeningnummers", {"iban": "NL20INGB0001234567", "partij": kc_ref("p")}, "r2"),
            post("/rekeningnummers", {"iban": "NL20INGB0001234568"}, "r3"),
            get("/partijen/{p}"),
            post("/partijen", {**PERSOON, "rekeningnummers": [], "voorkeursRekeningnummer": kc_ref("r3")}),
            post(
                "/partijen",
                {**PERSOON, "rekeningnummers": kc_refs("r2"), "voorkeursRekeningnummer": kc_ref("r3")},
            ),
            post("/partijen", {**PERSOON, "rekeningnummers": [MISSING], "voorkeursRekeningnummer": MISSING}),
            post(
                "/partijen",
                {**PERSOON, "rekeningnummers": kc_refs("r3"), "voorkeursRekeningnummer": kc_ref("r3")},
                "t",
            ),
            get("/rekeningnummers/{r3}"),
            patch("/partijen/{q}", {"rekeningnummers": kc_refs("r1"), "voorkeursRekeningnummer": kc_ref("r1")}),
            get("/partijen/{p}"),
            get("/rekeningnummers/{r1}"),
            patch("/partijen/{q}", {"voorkeursRekeningnummer": kc_ref("r2")}),
            put("/partijen/{s}", {**PERSOON, "rekeningnummers": [], "voorkeursRekeningnummer": kc_ref("r2")}),
            put(
                "/partijen/{s}",
                {**PERSOON, "rekeningnummers": kc_refs("r2"), "voorkeursRekeningnummer": kc_ref("r3")},
            ),
            put(
                "/partijen/{s}",
                {**PERSOON, "rekeningnummers": kc_refs("r2"), "voorkeursRekeningnummer": kc_ref("r2")},
            ),
            put("/partijen/{s}", {**PERSOON, "rekeningnummers": []}),
            get("/rekeningnummers/{r2}"),
            patch("/rekeningnummers/{r3}", {"partij": kc_ref("q")}),
            get("/partijen/{t}"),
            get("/partijen/{q}"),
            delete("/rekeningnummers/{r1}"),
            get("/partijen/{q}"),
            delete("/partijen/{q}"),
            get("/rekeningnummers/{r3}"),
            get("/rekeningnummers"),
        ),
    ),
)

VERTEGENWOORDIGINGEN = (
    Case(
        "vertegenwoordiging-rules",
        "vertegenwoordigingen: both partijen required, not null, not the same, a pair once, PUT and PATCH",
        (
            *PARTIJEN,
            post("/vertegenwoordigingen", {}),
            post("/vertegenwoordigingen", {"vertegenwoordigendePartij": None, "vertegenwoordigdePartij": None}),
            post("/vertegenwoordigingen", {"vertegenwoordigendePartij": kc_ref("p")}),
            post("/vertegenwoordigingen", vertegenwoordiging("p", "p")),
            post(
                "/vertegenwoordigingen",
                {"vertegenwoordigendePartij": MISSING, "vertegenwoordigdePartij": {"uuid": "x"}},
            ),
            post("/vertegenwoordigingen", {"vertegenwoordigendePartij": MISSING, "vertegenwoordigdePartij": MISSING}),
            post("/vertegenwoordigingen", vertegenwoordiging("p", "q"), "v1"),
            post("/vertegenwoordigingen", vertegenwoordiging("p", "q")),
            post("/vertegenwoordigingen", vertegenwoordiging("q", "p"), "v2"),
            post("/vertegenwoordigingen", vertegenwoordiging("p", "s"), "v3"),
            patch("/vertegenwoordigingen/{v3}", {"vertegenwoordigdePartij": kc_ref("p")}),
            patch("/vertegenwoordigingen/{v3}", {"vertegenwoordigdePartij": kc_ref("q")}),
            patch("/vertegenwoordigingen/{v3}", {"vertegenwoordigendePartij": kc_ref("s")}),
            patch("/vertegenwoordigingen/{v3}", {"vertegenwoordigdePartij": None}),
            put("/vertegenwoordigingen/{v3}", {"vertegenwoordigendePartij": kc_ref("s")}),
            put("/vertegenwoordigingen/{v3}", vertegenwoordiging("q", "s")),
            patch("/vertegenwoordigingen/{v3}", {}),
            get("/vertegenwoordigingen"),
        ),
    ),
    Case(
        "vertegenwoordigingen-of-a-partij",
        "a partij's vertegenwoordigden, the filters of both sides, a deleted partij takes its vertegenwoordigingen",
        (
            *PARTIJEN,
            post("/vertegenwoordigingen", vertegenwoordiging("p", "q"), "v1"),
            post("/vertegenwoordigingen", vertegenwoordiging("q", "p"), "v2"),
            post("/vertegenwoordigingen", vertegenwoordiging("p", "s"), "v3"),
            get("/partijen/{p}"),
            get("/partijen/{s}"),
            get("/partijen", ("vertegenwoordigdePartij__uuid", "{p}")),
            get("/partijen", ("vertegenwoordigdePartij__url", "{base}/partijen/{q}")),
            get("/vertegenwoordigingen", ("vertegenwoordigendePartij__uuid", "{p}")),
            get("/vertegenwoordigingen", ("vertegenwoordigendePartij__url", "{base}/partijen/{q}")),
            get("/vertegenwoordigingen", ("vertegenwoordigdePartij__uuid", "{p}")),
            get("/vertegenwoordigingen", ("vertegenwoordigdePartij__url", "{base}/partijen/{s}")),
            get("/vertegenwoordigingen", ("vertegenwoordigdePartij__uuid", "geen-uuid")),
            delete("/vertegenwoordigingen/{v3}"),
            get("/partijen/{p}"),
            delete("/partijen/{q}"),
            get("/vertegenwoordigingen/{v1}"),
            get("/vertegenwoordigingen"),
            get("/partijen/{p}"),
        ),
    ),
)

"""Cases about what differs between Open Klant releases, recorded so far from the releases listed here.

They exercise what the common cases do not: the lengths, filters and fields one API version adds
and the way filters count a partij with two matching identificators. A release is added to
`RECORDED_FROM` once its server has answered these cases (`make record-openklant`, `--case`).
"""

from __future__ import annotations

from .cases import CASES
from .cases.bodies import KC, KVK, ORGANISATIE
from .cases.steps import get, kc_ref, post
from .exchanges import Case

RSIN = {**KVK, "codeSoortObjectId": "rsin", "objectId": "296648875"}

RELEASE_DIFFERENCES = Case(
    "release-differences",
    "what differs between releases: reactie and metadata lengths, fields and filters of 0.9.0, identificator filters",
    (
        post("/klantcontacten", {**KC, "reactie": "r" * 1001, "metadata": {"k": "m" * 101}}),
        post("/klantcontacten", {**KC, "reactie": "r" * 1000, "metadata": {"k": "m" * 100}}, "kc"),
        post("/klantcontacten", {**KC, "hoofdOnderwerpType": "geen-uri", "verdereActieOndernomen": "misschien"}),
        post("/klantcontacten", {**KC, "hoofdOnderwerpType": "https://example.com/zaaktype"}, "kc2"),
        get("/klantcontacten/{kc2}"),
        get("/klantcontacten", ("leiddeTotInterneTaken", "true")),
        get("/klantcontacten", ("hadBetrokkene__wasPartij", "true")),
        get("/klantcontacten", ("hadBetrokkene__digitaaladres__adres__icontains", "example")),
        post("/partijen", ORGANISATIE, "partij"),
        post("/partij-identificatoren", {"identificeerdePartij": kc_ref("partij"), "partijIdentificator": KVK}),
        post("/partij-identificatoren", {"identificeerdePartij": kc_ref("partij"), "partijIdentificator": RSIN}),
        get("/partijen", ("partijIdentificator__codeObjecttype", "niet_natuurlijk_persoon")),
        get("/partijen", ("partijIdentificator__codeRegister", "hr")),
        post(
            "/digitaleadressen",
            {"verstrektDoorPartij": kc_ref("partij"), "adres": "a@example.nl", "soortDigitaalAdres": "email"},
        ),
        get("/digitaleadressen", ("verstrektDoorPartij__partijIdentificator__codeRegister", "hr")),
    ),
)

# Release -> the release-specific cases its recordings hold.
RECORDED_FROM: dict[str, tuple[Case, ...]] = {"2.17.1": (RELEASE_DIFFERENCES,)}


def cases_for(release: str) -> tuple[Case, ...]:
    """Every case recorded from a release: the common ones and those recorded from it so far."""
    return CASES + RECORDED_FROM.get(release, ())

"""Cases about what differs between Open Klant releases, recorded so far from the releases listed here.

They exercise what the common cases do not: the lengths, filters and fields one API version adds
and the way filters through a relation count an object with two matching related records (a partij's
identificatoren, a betrokkene's digitale adressen). A release is added to
`RECORDED_FROM` once its server has answered these cases (`make record-openklant`, `--case`).
"""

from __future__ import annotations

from .cases import CASES
from .cases.bodies import ADRES, KC, KVK, ORGANISATIE
from .cases.steps import get, kc_ref, patch, post
from .exchanges import Case

RSIN = {**KVK, "codeSoortObjectId": "rsin", "objectId": "296648875"}
# An address of the partij and its betrokkene, posted twice.
TWICE_ADRES = {
    "verstrektDoorPartij": kc_ref("partij"),
    "verstrektDoorBetrokkene": kc_ref("b"),
    "adres": "b@example.nl",
    "soortDigitaalAdres": "email",
}

RELEASE_DIFFERENCES = Case(
    "release-differences",
    "what differs between releases: reactie and metadata lengths, fields and filters of 0.9.0, filters through a join",
    (
        post("/klantcontacten", {**KC, "reactie": "r" * 1001, "metadata": {"k": "m" * 101}}),
        post("/klantcontacten", {**KC, "reactie": "r" * 1000, "metadata": {"k": "m" * 100}}, "kc"),
        post("/klantcontacten", {**KC, "hoofdOnderwerpType": "geen-uri", "verdereActieOndernomen": "misschien"}),
        post("/klantcontacten", {**KC, "hoofdOnderwerpType": "https://example.com/zaaktype"}, "kc2"),
        get("/klantcontacten/{kc2}"),
        patch("/klantcontacten/{kc2}", {"verdereActieOndernomen": True, "reactie": "r" * 1001}),
        get("/klantcontacten", ("leiddeTotInterneTaken", "true")),
        get("/klantcontacten", ("hadBetrokkene__wasPartij", "true")),
        get("/klantcontacten", ("hadBetrokkene__digitaaladres__adres__icontains", "example")),
        post("/partijen", ORGANISATIE, "partij"),
        post("/partij-identificatoren", {"identificeerdePartij": kc_ref("partij"), "partijIdentificator": KVK}),
        post("/partij-identificatoren", {"identificeerdePartij": kc_ref("partij"), "partijIdentificator": RSIN}),
        get("/partijen", ("partijIdentificator__codeObjecttype", "niet_natuurlijk_persoon")),
        get("/partijen", ("partijIdentificator__codeRegister", "hr")),
        post("/digitaleadressen", ADRES),
        get("/digitaleadressen", ("verstrektDoorPartij__partijIdentificator__codeRegister", "hr")),
        get(
            "/digitaleadressen", ("verstrektDoorPartij__partijIdentificator__codeObjecttype", "niet_natuurlijk_persoon")
        ),
        post(
            "/betrokkenen",
            {"hadKlantcontact": kc_ref("kc"), "wasPartij": kc_ref("partij"), "rol": "klant", "initiator": True},
            "b",
        ),
        get("/klantcontacten", ("hadBetrokkene__wasPartij__partijIdentificator__codeRegister", "hr")),
        get("/betrokkenen", ("wasPartij__partijIdentificator__codeRegister", "hr")),
        get("/betrokkenen", ("wasPartij__partijIdentificator__codeObjecttype", "niet_natuurlijk_persoon")),
        *(post("/digitaleadressen", TWICE_ADRES) for _ in range(2)),  # a join then matches the betrokkene twice
        get("/betrokkenen", ("verstrektedigitaalAdres__adres", "b@example.nl")),
    ),
)

# Release -> the release-specific cases its recordings hold.
RECORDED_FROM: dict[str, tuple[Case, ...]] = {"2.17.1": (RELEASE_DIFFERENCES,)}


def cases_for(release: str) -> tuple[Case, ...]:
    """Every case recorded from a release: the common ones and those recorded from it so far."""
    return CASES + RECORDED_FROM.get(release, ())

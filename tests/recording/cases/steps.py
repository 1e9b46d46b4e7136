"""Writing a case's requests: one helper per method, and the objects several cases start from."""

from __future__ import annotations

from typing import Any

from ..exchanges import Step, create
from .bodies import IDENT, KC, PERSOON


def kc_ref(name: str = "kc") -> dict[str, str]:
    """A `{uuid}` reference to a named object."""
    return {"uuid": "{" + name + "}"}


def kc_refs(*names: str) -> list[dict[str, str]]:
    """The `{uuid}` references of named objects (a list a body holds)."""
    return [kc_ref(name) for name in names]


MISSING = {"uuid": "00000000-0000-4000-8000-000000000000"}  # a reference to no object


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


def expand_setup() -> tuple[Step, ...]:
    """A klantcontact `kc` with a betrokkene `bk` of partij `partij` and a bijlage: what the expand cases read."""
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


# One klantcontact `kc`, one partij `partij`.
KC_SETUP = (post("/klantcontacten", KC, "kc"),)
PARTIJ_SETUP = (post("/partijen", PERSOON, "partij"),)

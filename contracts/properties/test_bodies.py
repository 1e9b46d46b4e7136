"""Generated bodies: a valid one is accepted and read back as sent; one broken in exactly one way is
refused naming exactly that field and code, and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcc_mock.formats import parse_datetime
from kcc_mock.resources import RESOURCES
from kcc_mock.strategies import Bodies

from ..payloads import Payloads
from .subject import UNIQUE, Subject

BODIES = Bodies()
COLLECTIONS = sorted(RESOURCES)
# What each collection's bodies refer to; those objects are made first, through the API.
NEEDS = {
    "actorklantcontacten": ("actoren", "klantcontacten"),
    "betrokkenen": ("klantcontacten", "partijen"),
    "onderwerpobjecten": ("klantcontacten",),
    "bijlagen": ("klantcontacten",),
    "internetaken": ("klantcontacten", "actoren"),
    "digitaleadressen": ("betrokkenen", "partijen"),
}
# A refused partij must not leave the identificatoren nested in it either.
AFFECTED = {"partijen": ("partijen", "partij-identificatoren")}


def prepare(subject: Subject, collection: str) -> dict[str, list[str]]:
    """One object of each collection the bodies may refer to, created through the API."""
    wanted = set(NEEDS.get(collection, ()))
    if "betrokkenen" in wanted:
        wanted.add("klantcontacten")
    refs: dict[str, list[str]] = {}
    makers = {
        "actoren": Payloads.medewerker,
        "klantcontacten": UNIQUE.klantcontact,
        "partijen": UNIQUE.partij,
        "betrokkenen": lambda: Payloads.betrokkene(refs["klantcontacten"][0]),
    }
    for needed in ("actoren", "klantcontacten", "partijen", "betrokkenen"):
        if needed in wanted:
            refs[needed] = [subject.create(needed, makers[needed]())["uuid"]]
    return {name: uuids for name, uuids in refs.items() if name in NEEDS.get(collection, ())}


def echoes(sent: Any, got: Any) -> bool:
    """Whether a response carries what was sent, after Open Klant's normalisations."""
    if isinstance(sent, dict) and set(sent) == {"uuid"}:
        return isinstance(got, dict) and got.get("uuid") == sent["uuid"]
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(echoes(value, got.get(key)) for key, value in sent.items())
    if isinstance(sent, list):
        return isinstance(got, list) and len(sent) == len(got) and all(map(echoes, sent, got))
    if isinstance(sent, str) and isinstance(got, str) and "T" in sent and parse_datetime(sent):
        return parse_datetime(sent) == parse_datetime(got)
    return bool(sent == got or (isinstance(sent, str) and sent.strip() == got))


def errors(body: Any) -> list[tuple[str, str]]:
    """(name, code) of every entry of an error body's invalidParams."""
    params = body.get("invalidParams") if isinstance(body, dict) else None
    return [(item.get("name"), item.get("code")) for item in params or []]


def check_valid_bodies_are_accepted_and_read_back(subject: Subject, collection: str) -> None:
    """Property: a generated valid body gets 201, and a read returns what was sent."""

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            body = data.draw(BODIES.valid(collection, prepare(subject, collection)), label="body")
            created = subject.post(f"/{collection}", body)
            assert created.status == 201, created.as_text()
            read = subject.read(collection, created.json()["uuid"])
            assert echoes(body, read), f"sent {body}\nread back {read}"

    run()


def check_one_way_invalid_bodies_are_refused_precisely(subject: Subject, collection: str) -> None:
    """Property: a body broken in one named way gets 400 naming exactly that field and code, and
    the provider stores nothing."""

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            body, violation = data.draw(BODIES.invalid(collection, prepare(subject, collection)), label="body")
            affected = AFFECTED.get(collection, (collection,))
            before = subject.counts(affected)
            refused = subject.post(f"/{collection}", body)
            assert refused.status == 400, f"{violation}\n{refused.as_text()}"
            assert errors(refused.json()) == [(violation.name, violation.code)], f"{violation}\n{refused.as_text()}"
            assert subject.counts(affected) == before, f"a refused {collection} body changed what is stored"

    run()


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_valid_body_is_accepted_and_read_back_as_sent(subject: Subject, collection: str) -> None:
    check_valid_bodies_are_accepted_and_read_back(subject, collection)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_body_invalid_in_one_way_names_exactly_that_field_and_stores_nothing(
    subject: Subject, collection: str
) -> None:
    check_one_way_invalid_bodies_are_refused_precisely(subject, collection)

"""Generated bodies: a valid one is accepted and read back as sent; one broken in exactly one way is
refused naming exactly that field and code, and stores nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.client.payloads import Payloads
from contracts.properties.subject import UNIQUE, Body, Subject
from kcc_mock.provider.formats import parse_datetime
from kcc_mock.provider.operations import MAAK_LINKS, MAAK_PARTS
from kcc_mock.provider.resources import RESOURCES
from kcc_mock.testing.strategies import Bodies

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
    "maak-klantcontact": ("partijen", "klantcontacten"),  # wasPartij, wasKlantcontact
    "partij-identificatoren": ("partij-identificatoren",),  # a kvk_nummer, for a vestigingsnummer under it
}
# A refused partij must not leave the identificatoren nested in it either.
AFFECTED = {"partijen": ("partijen", "partij-identificatoren")}


def prepare(subject: Subject, collection: str) -> dict[str, list[str]]:
    """One object of each collection the bodies may refer to, created through the API."""
    wanted = set(NEEDS.get(collection, ()))
    if "betrokkenen" in wanted:
        wanted.add("klantcontacten")
    refs: dict[str, list[str]] = {}
    makers: dict[str, Callable[[], Body]] = {
        "actoren": Payloads.medewerker,
        "klantcontacten": UNIQUE.klantcontact,
        "partijen": UNIQUE.partij,
        "betrokkenen": lambda: Payloads.betrokkene(refs["klantcontacten"][0]),
        "partij-identificatoren": lambda: UNIQUE.partij_identificator("kvk_nummer"),
    }
    for needed in ("actoren", "klantcontacten", "partijen", "betrokkenen", "partij-identificatoren"):
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


def selfless(read: Body | None) -> Body:
    """A read with the identities the provider generates replaced: the object's own uuid (also in
    its url) by `<self>`; that of a nested row (a contactpersoon's: a `uuid` without `url`) and of an
    object written with it (a nested identificator: its `identificeerdePartij` is `<self>`) by
    `<generated>`. Two objects stored from the same body then compare equal."""
    assert read is not None, "the object is gone"

    def generated(value: Body, nested: bool) -> bool:
        row = "uuid" in value and "url" not in value
        written_with = (value.get("identificeerdePartij") or {}).get("uuid") == "<self>"
        return nested and (row or written_with)

    def anonymous(value: Any, nested: bool) -> Any:
        if isinstance(value, list):
            return [anonymous(item, True) for item in value]
        if not isinstance(value, dict):
            return value
        own = generated(value, nested)
        return {k: "<generated>" if own and k in ("uuid", "url") else anonymous(v, True) for k, v in value.items()}

    same: Body = anonymous(json.loads(json.dumps(read).replace(read["uuid"], "<self>")), False)
    return same


def without(body: Body, keys: set[str]) -> Body:
    """A body without the keys a known deviation of the reference explains."""
    return {key: value for key, value in body.items() if key not in keys}


def differences(got: Body, expected: Body, keys: Body) -> dict[str, tuple[Any, Any]]:
    """(got, expected) for each of `keys` on which two reads disagree."""
    return {key: (got.get(key), expected.get(key)) for key in keys if got.get(key) != expected.get(key)}


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
            known = subject.explained(created)  # keys a known deviation of the reference explains
            assert echoes(without(body, known), read), f"sent {body}\nread back {read}"

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


def check_updates_are_read_back(subject: Subject, collection: str) -> None:
    """Property: a PATCH leaves an object as if it had been created with the patch's keys replaced
    (a gegevensgroep wholesale), a PUT as if it had been created with the new body."""

    def fresh(body: Body) -> tuple[Body, set[str]]:
        """How the provider stores a body when it is created with it (and the keys a known
        deviation of the reference explains in that create)."""
        created = subject.post(f"/{collection}", body)
        assert created.status == 201, f"setup failed:\n{created.as_text()}"
        read = subject.read(collection, created.json()["uuid"])
        assert read is not None and subject.delete(f"/{collection}/{read['uuid']}").status == 204
        return selfless(read), subject.explained(created)

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            first, second, patch = data.draw(BODIES.changes(collection, prepare(subject, collection)), label="bodies")
            created = subject.post(f"/{collection}", first)
            assert created.status == 201, f"setup failed:\n{created.as_text()}"
            uuid = created.json()["uuid"]
            patched = subject.patch(f"/{collection}/{uuid}", patch)
            if subject.refused_as_known(patched):
                return  # recorded with its evidence; nothing was changed to compare
            assert patched.status == 200, patched.as_text()
            after_patch = selfless(subject.read(collection, uuid))
            replaced = subject.send("PUT", f"/{collection}/{uuid}", json=second)
            if subject.refused_as_known(replaced):
                return
            assert replaced.status == 200, replaced.as_text()
            after_put = selfless(subject.read(collection, uuid))
            assert subject.delete(f"/{collection}/{uuid}").status == 204
            known = subject.explained(created, patched, replaced)
            assert echoes(without(patch, known), after_patch), f"patched with {patch}\nread back {after_patch}"
            merged = {**first, **patch}
            as_merged, known_there = fresh(merged)
            differ = differences(after_patch, as_merged, without(merged, known | known_there))
            assert not differ, f"PATCH {patch} of an object created with {first}: (patched, created as merged) {differ}"
            as_second, known_there = fresh(second)
            differ = differences(after_put, as_second, without(second, known | known_there))
            assert not differ, f"PUT {second}: (replaced, created as sent) {differ}"

    run()


def check_maak_klantcontact_stores_every_part_as_sent(subject: Subject) -> None:
    """Property: a generated valid maak-klantcontact body gets 201 and stores each part it names,
    linked to the new klantcontact and reading back as sent."""

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            body = data.draw(BODIES.maak_klantcontact(prepare(subject, "maak-klantcontact")), label="body")
            made = subject.post("/maak-klantcontact", body)
            assert made.status == 201, made.as_text()
            answer = made.json()
            contact = answer["klantcontact"]["uuid"]
            subject.ledger.add("klantcontacten", contact)  # its parts go with it (cascade)
            known = subject.explained(made)  # parts a known deviation of the reference explains
            for part, collection in MAAK_PARTS.items():
                if part in known:
                    continue
                if not body.get(part):  # left out, or without a field to write: Open Klant creates nothing
                    assert answer.get(part) is None, f"{part} was not asked for:\n{made.as_text()}"
                    continue
                assert isinstance(answer.get(part), dict), f"{part} was sent but not created:\n{made.as_text()}"
                read = subject.read(collection, answer[part]["uuid"])
                assert echoes(body[part], read), f"sent {part} {body[part]}\nread back {read}"
                link = MAAK_LINKS.get(part)
                assert read is not None and (link is None or read[link]["uuid"] == contact), f"{part} not linked"

    run()


def check_refused_maak_klantcontact_stores_nothing(subject: Subject) -> None:
    """Property: a maak-klantcontact body with one part broken in one way gets 400 naming exactly
    that part's field and code, and none of the parts is stored."""

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            refs = prepare(subject, "maak-klantcontact")
            body, violation = data.draw(BODIES.maak_klantcontact_invalid(refs), label="body")
            before = subject.counts(tuple(MAAK_PARTS.values()))
            refused = subject.post("/maak-klantcontact", body)
            assert refused.status == 400, f"{violation}\n{refused.as_text()}"
            assert errors(refused.json()) == [(violation.name, violation.code)], f"{violation}\n{refused.as_text()}"
            assert subject.counts(tuple(MAAK_PARTS.values())) == before, (
                "a refused maak-klantcontact changed what is stored"
            )

    run()


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_valid_body_is_accepted_and_read_back_as_sent(subject: Subject, collection: str) -> None:
    check_valid_bodies_are_accepted_and_read_back(subject, collection)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_body_invalid_in_one_way_names_exactly_that_field_and_stores_nothing(
    subject: Subject, collection: str
) -> None:
    check_one_way_invalid_bodies_are_refused_precisely(subject, collection)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_patch_and_put_are_read_back_as_sent(subject: Subject, collection: str) -> None:
    check_updates_are_read_back(subject, collection)


def test_maak_klantcontact_stores_every_part_it_is_given_as_sent(subject: Subject) -> None:
    check_maak_klantcontact_stores_every_part_as_sent(subject)


def test_a_refused_maak_klantcontact_names_exactly_the_broken_field_and_stores_nothing(subject: Subject) -> None:
    check_refused_maak_klantcontact_stores_nothing(subject)

"""Generated bodies, judged by the suite's own model (`oracle`): a body it finds valid is accepted and
read back as sent; a body broken in one way is refused with exactly the errors the model names,
and stores nothing.

The bodies are drawn by `kcc_mock.testing.strategies` (realistic Dutch data, for the judged API
version); the verdict of each never comes from there: the model reads the version's OpenAPI
document itself, takes the rules between fields from `kcc_mock.testing.standard` and Open Klant's
error names and codes from its recorded answers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from contracts.client.evidence import Exchange
from contracts.client.payloads import Payloads
from contracts.properties.oracle import MAAK, RULES, Oracle, Problem, World, disagreement
from contracts.properties.readback import differences, echoes, selfless, without
from contracts.properties.spec_reader import ApiSpec, newest_version
from contracts.properties.subject import UNIQUE, Body, Subject
from kcc_mock.testing.body_rules import breakings
from kcc_mock.testing.strategies import Bodies

bodies = cache(Bodies.for_version)  # the generator of each API version's bodies, built once
COLLECTIONS = sorted(ApiSpec.load(newest_version()).collections)
RULED = sorted({rule.collection for rule in RULES})  # collections with a rule between fields
# What each collection's bodies refer to; those objects are made first, through the API.
NEEDS = {
    "actorklantcontacten": ("actoren", "klantcontacten"),
    "betrokkenen": ("klantcontacten", "partijen"),
    "onderwerpobjecten": ("klantcontacten",),
    "bijlagen": ("klantcontacten",),
    "internetaken": ("klantcontacten", "actoren"),
    "digitaleadressen": ("betrokkenen", "partijen"),
    MAAK: ("partijen", "klantcontacten"),  # wasPartij, wasKlantcontact
    "partij-identificatoren": ("partij-identificatoren",),  # a kvk_nummer, for a vestigingsnummer under it
    "categorie-relaties": ("partijen", "categorieen"),
    "rekeningnummers": ("partijen",),
    "vertegenwoordigingen": ("partijen",),
}
# How many objects of a needed collection are made: a vertegenwoordiging names two different partijen.
HOW_MANY = {"vertegenwoordigingen": {"partijen": 2}}
# A refused partij must not leave the identificatoren nested in it either.
AFFECTED = {"partijen": ("partijen", "partij-identificatoren")}
# The parts of maak-klantcontact, the collection each is stored in and the reference to the new klantcontact.
MAAK_PARTS = {"klantcontact": "klantcontacten", "betrokkene": "betrokkenen", "onderwerpobject": "onderwerpobjecten"}
MAAK_LINKS = {"betrokkene": "hadKlantcontact", "onderwerpobject": "klantcontact"}


def prepare(subject: Subject, collection: str) -> World:
    """The objects of each collection the bodies may refer to, created through the API (the
    partij-identificator made is a kvk_nummer: what a vestigingsnummer may be a sub-identificator of)."""
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
        "categorieen": Payloads.categorie,
    }
    for needed, make in makers.items():  # in this order: a betrokkene refers to the klantcontact made before
        if needed in wanted:
            how_many = HOW_MANY.get(collection, {}).get(needed, 1)
            refs[needed] = [subject.create(needed, make())["uuid"] for _ in range(how_many)]
    objects = {name: uuids for name, uuids in refs.items() if name in NEEDS.get(collection, ())}
    return World(objects, {uuid: "kvk_nummer" for uuid in objects.get("partij-identificatoren", [])})


def applies(oracle: Oracle, collection: str, needs: tuple[str, ...] = ()) -> None:
    """Report a property as not applicable when the judged version lacks what it is about."""
    reason = oracle.lacks(collection, needs)
    if reason is not None:
        pytest.skip(reason)


def judged(answer: Exchange, expected: list[Problem], accepted: int, what: str = "") -> bool:
    """Assert the provider's answer is the model's verdict; whether the body was accepted."""
    wrong = disagreement(answer.status, answer.json(), expected, accepted)
    assert wrong is None, f"{what}\n{wrong}\n{answer.as_text()}".lstrip()
    return not expected


def check_valid_bodies_are_accepted_and_read_back(subject: Subject, oracle: Oracle, collection: str) -> None:
    """Property: a generated body the model finds valid gets 201, and a read returns what was sent
    (of it, what the version has); one it does not is refused as the model says."""
    applies(oracle, collection)
    accepted: list[bool] = []

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            world = prepare(subject, collection)
            body = data.draw(bodies(oracle.version).valid(collection, world.objects), label="body")
            created = subject.post(f"/{collection}", body)
            if judged(created, oracle.problems(collection, body, world), 201):
                accepted.append(True)
                read = subject.read(collection, created.json()["uuid"])
                known = subject.explained(created)  # keys a known deviation of the reference explains
                sent = without(oracle.written(collection, body), known)
                assert echoes(sent, read), f"sent {body}\nread back {read}"

    run()
    assert accepted, f"no generated {collection} body was valid by API {oracle.version}'s document"


def refused_precisely(subject: Subject, oracle: Oracle, collection: str, body: Body, world: World, what: str) -> None:
    """A broken body is refused with exactly the model's errors and changes no count of what it affects."""
    expected = oracle.problems(collection, body, world)
    assert expected, f"the model finds nothing wrong after {what}: {body}"
    affected = AFFECTED.get(collection, (collection,)) if collection != MAAK else tuple(MAAK_PARTS.values())
    before = subject.counts(affected)
    judged(subject.post(f"/{collection}", body), expected, 201, what)
    assert subject.counts(affected) == before, f"a refused {collection} body changed what is stored ({what})"


def check_one_way_invalid_bodies_are_refused_precisely(subject: Subject, oracle: Oracle, collection: str) -> None:
    """Property: a body with one property broken (as the document defines it) gets 400 naming
    exactly the errors the model names, and the provider stores nothing."""
    applies(oracle, collection)

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            world = prepare(subject, collection)
            body = data.draw(bodies(oracle.version).valid(collection, world.objects), label="valid body")
            breaks = oracle.breaks(collection, body)
            assume(breaks)
            broken = data.draw(st.sampled_from(breaks), label="break")
            refused_precisely(subject, oracle, collection, broken.body, world, broken.what)

    run()


def check_rules_between_fields_are_kept(subject: Subject, oracle: Oracle, collection: str) -> None:
    """Property: a body breaking one rule between its fields (the standard's) gets 400 naming
    exactly the error the model names, and the provider stores nothing."""
    applies(oracle, collection)
    if not oracle.rules(collection):
        lacking = [oracle.lacks(collection, rule.needs) for rule in RULES if rule.collection == collection]
        pytest.skip("; ".join(filter(None, lacking)))

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            world = prepare(subject, collection)
            body = data.draw(bodies(oracle.version).valid(collection, world.objects), label="valid body")
            ways = [(kind, changes) for kind, changes, _, _ in breakings(collection, body)]
            ways = [(kind, changes) for kind, changes in ways if oracle.applicable(collection, body, changes)]
            assume(ways)
            kind, changes = data.draw(st.sampled_from(ways), label="rule broken")
            refused_precisely(subject, oracle, collection, {**body, **changes}, world, kind)

    run()


def check_updates_are_read_back(subject: Subject, oracle: Oracle, collection: str) -> None:
    """Property: a PATCH leaves an object as if it had been created with the patch's keys replaced
    (a gegevensgroep wholesale), a PUT as if it had been created with the new body."""
    applies(oracle, collection)

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
            world = prepare(subject, collection)
            drawn = bodies(oracle.version).changes(collection, world.objects)
            first, second, patch = data.draw(drawn, label="bodies")
            created = subject.post(f"/{collection}", first)
            if not judged(created, oracle.problems(collection, first, world), 201, "the first create"):
                return
            uuid = created.json()["uuid"]
            patched = subject.patch(f"/{collection}/{uuid}", patch)
            if subject.refused_as_known(patched):
                return  # recorded with its evidence; nothing was changed to compare
            merged = {**first, **patch}
            if not judged(patched, oracle.problems(collection, merged, world), 200, f"PATCH {patch}"):
                return
            after_patch = selfless(subject.read(collection, uuid))
            replaced = subject.send("PUT", f"/{collection}/{uuid}", json=second)
            if subject.refused_as_known(replaced):
                return
            if not judged(replaced, oracle.problems(collection, second, world), 200, f"PUT {second}"):
                return
            after_put = selfless(subject.read(collection, uuid))
            assert subject.delete(f"/{collection}/{uuid}").status == 204
            known = subject.explained(created, patched, replaced)
            patch, merged, second = (oracle.written(collection, b) for b in (patch, merged, second))
            assert echoes(without(patch, known), after_patch), f"patched with {patch}\nread back {after_patch}"
            as_merged, known_there = fresh(merged)
            differ = differences(after_patch, as_merged, without(merged, known | known_there))
            assert not differ, f"PATCH {patch} of an object created with {first}: (patched, created as merged) {differ}"
            as_second, known_there = fresh(second)
            differ = differences(after_put, as_second, without(second, known | known_there))
            assert not differ, f"PUT {second}: (replaced, created as sent) {differ}"

    run()


def check_maak_klantcontact_stores_every_part_as_sent(subject: Subject, oracle: Oracle) -> None:
    """Property: a generated maak-klantcontact body the model finds valid gets 201 and stores each
    part it names, linked to the new klantcontact and reading back as sent."""

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            world = prepare(subject, MAAK)
            body = data.draw(bodies(oracle.version).maak_klantcontact(world.objects), label="body")
            made = subject.post(f"/{MAAK}", body)
            if not judged(made, oracle.problems(MAAK, body, world), 201):
                return
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
                sent = oracle.written(collection, body[part])
                assert echoes(sent, read), f"sent {part} {body[part]}\nread back {read}"
                link = MAAK_LINKS.get(part)
                assert read is not None and (link is None or read[link]["uuid"] == contact), f"{part} not linked"

    run()


def check_refused_maak_klantcontact_stores_nothing(subject: Subject, oracle: Oracle) -> None:
    """Property: a maak-klantcontact body with one part broken in one way gets 400 naming exactly
    the errors the model names, and none of the parts is stored."""

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with subject.example():
            world = prepare(subject, MAAK)
            part = data.draw(st.sampled_from(sorted(MAAK_PARTS)), label="part")
            body = data.draw(bodies(oracle.version).maak_klantcontact(world.objects, with_part=part), label="body")
            breaks = oracle.maak_breaks(body, part)
            assume(breaks)
            broken = data.draw(st.sampled_from(breaks), label="break")
            refused_precisely(subject, oracle, MAAK, broken.body, world, broken.what)

    run()


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_valid_body_is_accepted_and_read_back_as_sent(subject: Subject, oracle: Oracle, collection: str) -> None:
    check_valid_bodies_are_accepted_and_read_back(subject, oracle, collection)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_body_invalid_in_one_way_names_exactly_that_field_and_stores_nothing(
    subject: Subject, oracle: Oracle, collection: str
) -> None:
    check_one_way_invalid_bodies_are_refused_precisely(subject, oracle, collection)


@pytest.mark.parametrize("collection", RULED)
def test_a_body_breaking_a_rule_between_its_fields_is_refused_precisely(
    subject: Subject, oracle: Oracle, collection: str
) -> None:
    check_rules_between_fields_are_kept(subject, oracle, collection)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_patch_and_put_are_read_back_as_sent(subject: Subject, oracle: Oracle, collection: str) -> None:
    check_updates_are_read_back(subject, oracle, collection)


def test_maak_klantcontact_stores_every_part_it_is_given_as_sent(subject: Subject, oracle: Oracle) -> None:
    check_maak_klantcontact_stores_every_part_as_sent(subject, oracle)


def test_a_refused_maak_klantcontact_names_exactly_the_broken_field_and_stores_nothing(
    subject: Subject, oracle: Oracle
) -> None:
    check_refused_maak_klantcontact_stores_nothing(subject, oracle)

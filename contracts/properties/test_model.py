"""A model-based test: random creates, updates, deletes and reads of the flow's objects and their
optional relations, checked after every step against a plain model of what must be stored.

The model knows the standard's delete rules (which references cascade, which are set to null,
which drop out of a list) and derives every reverse relation from the forward references, so a
provider that forgets a cascade, lists a relation wrongly or accepts a duplicate link diverges
from it; hypothesis then shrinks the run to the shortest sequence of calls that shows it.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from contracts.client.payloads import Payloads
from contracts.properties.subject import UNIQUE, Body, Subject

Thing = tuple[str, str]  # (collection, uuid)
Refs = dict[str, Any]  # reference field -> uuid, None or a list of uuids

# What deleting an object does to the objects whose reference field points at it.
ON_DELETE = {
    ("actorklantcontacten", "actor"): "cascade",
    ("actorklantcontacten", "klantcontact"): "cascade",
    ("betrokkenen", "hadKlantcontact"): "cascade",
    ("betrokkenen", "wasPartij"): "cascade",
    ("bijlagen", "wasBijlageVanKlantcontact"): "cascade",
    ("onderwerpobjecten", "klantcontact"): "cascade",
    ("onderwerpobjecten", "wasKlantcontact"): "cascade",
    ("internetaken", "aanleidinggevendKlantcontact"): "cascade",
    ("internetaken", "toegewezenAanActoren"): "remove",
    ("digitaleadressen", "verstrektDoorBetrokkene"): "set_null",
    ("digitaleadressen", "verstrektDoorPartij"): "cascade",
}
# Reverse relations a read shows: name -> (child collection, its reference field, field shown instead).
REVERSE: dict[str, dict[str, tuple[str, str, str | None]]] = {
    "klantcontacten": {
        "hadBetrokkenActoren": ("actorklantcontacten", "klantcontact", "actor"),
        "hadBetrokkenen": ("betrokkenen", "hadKlantcontact", None),
        "omvatteBijlagen": ("bijlagen", "wasBijlageVanKlantcontact", None),
        "gingOverOnderwerpobjecten": ("onderwerpobjecten", "klantcontact", None),
        "leiddeTotInterneTaken": ("internetaken", "aanleidinggevendKlantcontact", None),
    },
    "partijen": {
        "betrokkenen": ("betrokkenen", "wasPartij", None),
        "digitaleAdressen": ("digitaleadressen", "verstrektDoorPartij", None),
    },
    "betrokkenen": {"digitaleAdressen": ("digitaleadressen", "verstrektDoorBetrokkene", None)},
}
COLLECTIONS = (
    "klantcontacten",
    "actoren",
    "partijen",
    "actorklantcontacten",
    "betrokkenen",
    "bijlagen",
    "onderwerpobjecten",
    "internetaken",
    "digitaleadressen",
)
SUBJECT: list[Subject] = []  # the provider of the next run (a state machine is built without arguments)


def _thing(value: object) -> Thing:
    """A rule's result, called as a plain method (hypothesis types rule results loosely)."""
    assert isinstance(value, tuple), value
    return value


def uuid_of(value: Any) -> Any:
    """A reference as the model holds it: a uuid, None, or a sorted list of uuids."""
    if isinstance(value, list):
        return sorted(uuid_of(item) for item in value)
    return value.get("uuid") if isinstance(value, dict) else value


class Model:
    """What the provider must hold: every live object's references, and the delete rules."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Refs]] = {collection: {} for collection in COLLECTIONS}

    def alive(self, *things: Thing | None) -> bool:
        """Whether every given object exists (None stands for "no reference" and always does)."""
        return all(thing is None or thing[1] in self.objects[thing[0]] for thing in things)

    def add(self, collection: str, uuid: str, refs: Refs) -> None:
        """Record a created object."""
        self.objects[collection][uuid] = refs

    def delete(self, thing: Thing) -> list[Thing]:
        """Remove an object and apply the delete rules; returns everything that went."""
        collection, uuid = thing
        if self.objects[collection].pop(uuid, None) is None:
            return []
        gone = [thing]
        for (child, field), effect in ON_DELETE.items():
            for child_uuid, refs in list(self.objects[child].items()):
                value = refs.get(field)
                if effect == "remove" and isinstance(value, list) and uuid in value:
                    value.remove(uuid)
                elif value == uuid and effect == "set_null":
                    refs[field] = None
                elif value == uuid and effect == "cascade":
                    gone += self.delete((child, child_uuid))
        return gone

    def reverse(self, collection: str, uuid: str, name: str) -> list[str]:
        """The uuids a read of an object must show in one of its reverse relations."""
        child, field, shown = REVERSE[collection][name]
        return sorted(
            refs[shown] if shown else child_uuid
            for child_uuid, refs in self.objects[child].items()
            if refs.get(field) == uuid
        )


class FlowModel(RuleBasedStateMachine):
    """The provider against the model, one random call at a time."""

    klantcontacten = Bundle("klantcontacten")
    actoren = Bundle("actoren")
    partijen = Bundle("partijen")
    betrokkenen = Bundle("betrokkenen")
    links = Bundle("links")
    others = Bundle("others")  # bijlagen, onderwerpobjecten, internetaken, digitale adressen

    def __init__(self) -> None:
        super().__init__()
        self.subject = SUBJECT[0]
        self.model = Model()
        self.baseline = self.subject.counts(COLLECTIONS)
        self.ghosts = itertools.count()
        self.pairs: dict[Thing, tuple[Thing, Thing]] = {}  # link -> (klantcontact, actor)

    # Creating

    def _create(self, collection: str, body: Body, refs: Refs, valid: bool) -> Thing:
        """POST; the provider must accept exactly when the model says the body is valid."""
        answer = self.subject.post(f"/{collection}", body)
        assert answer.status == (201 if valid else 400), f"model expected {201 if valid else 400}\n{answer.as_text()}"
        if answer.status != 201:  # a thing that was never made: references to it must be refused
            return collection, f"00000000-0000-4000-8000-{next(self.ghosts):012d}"
        uuid: str = answer.json()["uuid"]
        self.model.add(collection, uuid, refs)
        return collection, uuid

    # Every run starts from objects that already hang together, so that each delete rule, whenever
    # it is drawn, has cascades to check (swarm testing leaves many rules out of a given run).
    @initialize(target=klantcontacten)
    def start_with_a_contact(self) -> Thing:
        """A klantcontact with a linked actor and a betrokkene."""
        contact = self.create_klantcontact()
        self.link(contact, self.create_actor())
        self.involve(contact, None)
        return _thing(contact)

    @initialize(target=actoren)
    def start_with_an_actor(self) -> Thing:
        """An actor linked to a klantcontact and assigned a task."""
        actor, contact = self.create_actor(), self.create_klantcontact()
        self.link(contact, actor)
        self.assign(contact, [actor])
        return _thing(actor)

    @initialize(target=partijen)
    def start_with_a_partij(self) -> Thing:
        """A partij that was betrokkene at a klantcontact and gave an address there."""
        partij = self.create_partij()
        betrokkene = self.involve(self.create_klantcontact(), partij)
        self.give_address(betrokkene, partij)
        return _thing(partij)

    @rule(target=klantcontacten)
    def create_klantcontact(self) -> Thing:
        return self._create("klantcontacten", UNIQUE.klantcontact(), {"onderwerp": "Afvalinzameling rond kerst"}, True)

    @rule(target=actoren)
    def create_actor(self) -> Thing:
        return self._create("actoren", {"naam": "Balie", "soortActor": "geautomatiseerde_actor"}, {}, True)

    @rule(target=partijen)
    def create_partij(self) -> Thing:
        body = {"soortPartij": "organisatie", "indicatieActief": True, "partijIdentificatie": {"naam": "Wereldwinkel"}}
        return self._create("partijen", body, {}, True)

    @rule(target=links, contact=klantcontacten, actor=actoren)
    def link(self, contact: Thing, actor: Thing) -> Thing:
        linked = self.model.reverse("klantcontacten", contact[1], "hadBetrokkenActoren")
        valid = self.model.alive(contact, actor) and actor[1] not in linked
        body = Payloads.actorklantcontact(actor[1], contact[1])
        made = self._create("actorklantcontacten", body, {"klantcontact": contact[1], "actor": actor[1]}, valid)
        self.pairs[made] = (contact, actor)
        return made

    @rule(target=links, pick=st.integers(min_value=0, max_value=99))
    def link_again(self, pick: int) -> Thing:
        """An earlier link's actor and klantcontact once more: refused while that link exists."""
        earlier = list(self.pairs.values())  # never empty: the start links one pair or more
        return _thing(self.link(*earlier[pick % len(earlier)]))

    @rule(target=betrokkenen, contact=klantcontacten, partij=st.none() | partijen)
    def involve(self, contact: Thing, partij: Thing | None) -> Thing:
        body = Payloads.betrokkene(contact[1], partij[1] if partij else None)
        refs = {"hadKlantcontact": contact[1], "wasPartij": partij[1] if partij else None}
        return self._create("betrokkenen", body, refs, self.model.alive(contact, partij))

    @rule(target=others, contact=klantcontacten)
    def attach(self, contact: Thing) -> Thing:
        body = Payloads.bijlage(contact[1])
        return self._create("bijlagen", body, {"wasBijlageVanKlantcontact": contact[1]}, self.model.alive(contact))

    @rule(target=others, contact=klantcontacten, earlier=st.none() | klantcontacten)
    def concern(self, contact: Thing, earlier: Thing | None) -> Thing:
        earlier = earlier if earlier != contact else None
        body = Payloads.onderwerpobject(contact[1], earlier[1] if earlier else None)
        refs = {"klantcontact": contact[1], "wasKlantcontact": earlier[1] if earlier else None}
        return self._create("onderwerpobjecten", body, refs, self.model.alive(contact, earlier))

    @rule(target=others, contact=klantcontacten, actors=st.lists(actoren, min_size=1, max_size=2, unique=True))
    def assign(self, contact: Thing, actors: list[Thing]) -> Thing:
        body = Payloads.internetaak(contact[1], actors[0][1], toegewezenAanActoren=[{"uuid": a[1]} for a in actors])
        refs = {"aanleidinggevendKlantcontact": contact[1], "toegewezenAanActoren": sorted(a[1] for a in actors)}
        return self._create("internetaken", body, refs, self.model.alive(contact, *actors))

    @rule(target=others, betrokkene=st.none() | betrokkenen, partij=st.none() | partijen)
    def give_address(self, betrokkene: Thing | None, partij: Thing | None) -> Thing:
        body: Body = {"verstrektDoorPartij": {"uuid": partij[1]} if partij else None}
        body |= {"soortDigitaalAdres": "email", "adres": "jan.devries@example.nl"}
        if betrokkene:
            body["verstrektDoorBetrokkene"] = {"uuid": betrokkene[1]}
        refs = {
            "verstrektDoorBetrokkene": betrokkene[1] if betrokkene else None,
            "verstrektDoorPartij": partij and partij[1],
        }
        return self._create("digitaleadressen", body, refs, self.model.alive(betrokkene, partij))

    # Updating

    @rule(contact=klantcontacten, onderwerp=st.sampled_from(["Paspoort verlengen", "Parkeervergunning", "Afval"]))
    def rename(self, contact: Thing, onderwerp: str) -> None:
        answer = self.subject.patch(f"/klantcontacten/{contact[1]}", {"onderwerp": onderwerp})
        assert answer.status == (200 if self.model.alive(contact) else 404), answer.as_text()
        if answer.status == 200:
            self.model.objects["klantcontacten"][contact[1]]["onderwerp"] = onderwerp

    @rule(betrokkene=betrokkenen, partij=st.none() | partijen)
    def repoint(self, betrokkene: Thing, partij: Thing | None) -> None:
        answer = self.subject.patch(
            f"/betrokkenen/{betrokkene[1]}", {"wasPartij": {"uuid": partij[1]} if partij else None}
        )
        expected = 404 if not self.model.alive(betrokkene) else 200 if self.model.alive(partij) else 400
        assert answer.status == expected, f"model expected {expected}\n{answer.as_text()}"
        if answer.status == 200:
            self.model.objects["betrokkenen"][betrokkene[1]]["wasPartij"] = partij[1] if partij else None

    # Deleting (and reading what went)

    @rule(thing=klantcontacten)
    def delete_klantcontact(self, thing: Thing) -> None:
        self.delete(thing)

    @rule(thing=actoren)
    def delete_actor(self, thing: Thing) -> None:
        self.delete(thing)

    @rule(thing=partijen | betrokkenen)
    def delete_partij_or_betrokkene(self, thing: Thing) -> None:
        self.delete(thing)

    @rule(thing=links | others)
    def delete_relation(self, thing: Thing) -> None:
        self.delete(thing)

    def delete(self, thing: Thing) -> None:
        """DELETE; everything the model says went with it must read 404."""
        answer = self.subject.delete(f"/{thing[0]}/{thing[1]}")
        assert answer.status == (204 if self.model.alive(thing) else 404), answer.as_text()
        for collection, uuid in self.model.delete(thing):
            assert self.subject.read(collection, uuid) is None, f"{collection}/{uuid} should be gone with {thing}"

    # After every step

    @invariant()
    def counts_match_the_model(self) -> None:
        expected = {c: self.baseline[c] + len(self.model.objects[c]) for c in COLLECTIONS}
        assert self.subject.counts(COLLECTIONS) == expected

    @invariant()
    def reads_match_the_model(self) -> None:
        for collection, objects in self.model.objects.items():
            for uuid, refs in objects.items():
                read = self.subject.read(collection, uuid)
                assert read is not None, f"{collection}/{uuid} is missing"
                shown = {field: uuid_of(read.get(field)) for field in refs}
                assert shown == refs, f"{collection}/{uuid} reads {shown}, model {refs}"
                for name in REVERSE.get(collection, {}):
                    listed = sorted(uuid_of(read.get(name)) or [])
                    assert listed == self.model.reverse(collection, uuid, name), f"{collection}/{uuid} {name}"

    def teardown(self) -> None:
        self.subject.clean_up()


def check_the_provider_follows_the_model(subject: Subject, steps: int = 20) -> None:
    """Property: every random sequence of calls keeps the provider in step with the model."""
    SUBJECT[:] = [subject]
    # settings() takes the profile loaded now (dev, ci, or a test's own), not the one at import.
    run_state_machine_as_test(FlowModel, settings=settings(stateful_step_count=steps))


def test_model_based_walk_through_creates_updates_and_cascading_deletes(subject: Subject) -> None:
    check_the_provider_follows_the_model(subject)

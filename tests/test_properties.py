"""Generated tests of the provider: valid bodies accepted and read back, one-way-invalid bodies
refused precisely, lists consistent with reads, and a model-based walk through the flow."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import AUTH, BASE, KLANTCONTACT, Api, _SyncASGITransport, invalid_params
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

from kcc_mock.formats import parse_datetime
from kcc_mock.http.app import MockApp
from kcc_mock.resources import RESOURCES
from kcc_mock.strategies import Bodies, bsn, name_parts, postcode

BODIES = Bodies()
NEEDS = {
    "actorklantcontacten": ("actoren", "klantcontacten"),
    "betrokkenen": ("klantcontacten", "partijen"),
    "onderwerpobjecten": ("klantcontacten",),
    "bijlagen": ("klantcontacten",),
    "internetaken": ("klantcontacten", "actoren"),
    "digitaleadressen": ("betrokkenen", "partijen"),
}
PREREQUISITES = {
    "actoren": {"naam": "Jan", "soortActor": "medewerker"},
    "klantcontacten": KLANTCONTACT,
    "partijen": {"soortPartij": "organisatie", "indicatieActief": True},
}


def prepare(app: MockApp, collection: str) -> dict[str, list[str]]:
    """A fresh store holding one object of each collection the bodies may refer to."""
    app.reset()
    refs: dict[str, list[str]] = {}
    for needed in ("actoren", "klantcontacten", "partijen"):
        refs[needed] = [app.provider.create(needed, PREREQUISITES[needed], BASE)["uuid"]]
    betrokkene = {"hadKlantcontact": {"uuid": refs["klantcontacten"][0]}, "rol": "klant", "initiator": True}
    refs["betrokkenen"] = [app.provider.create("betrokkenen", betrokkene, BASE)["uuid"]]
    return {name: uuids for name, uuids in refs.items() if name in NEEDS.get(collection, ())}


def echoes(sent: Any, got: Any) -> bool:
    """Whether a response carries what was sent, after Open Klant's normalisations."""
    if isinstance(sent, dict) and set(sent) == {"uuid"}:
        return isinstance(got, dict) and got.get("uuid") == sent["uuid"]
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(echoes(value, got.get(key)) for key, value in sent.items())
    if isinstance(sent, list):
        return isinstance(got, list) and len(sent) == len(got) and all(map(echoes, sent, got))
    if isinstance(sent, str) and isinstance(got, str) and parse_datetime(sent) and "T" in sent:
        return parse_datetime(sent) == parse_datetime(got)
    return sent == got or (isinstance(sent, str) and sent.strip() == got)


def counts(app: MockApp) -> dict[str, int]:
    """Stored objects per collection."""
    return {name: app.provider.store.count(name) for name in RESOURCES}


@pytest.mark.parametrize("collection", sorted(RESOURCES))
def test_a_valid_body_is_accepted_and_read_back_as_sent(api: Api, app: MockApp, collection: str) -> None:
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        body = data.draw(BODIES.valid(collection, prepare(app, collection)))
        response = api.post(f"/{collection}", json=body)
        assert response.status_code == 201, response.text
        read = api.get(f"/{collection}/{response.json()['uuid']}").json()
        assert echoes(body, read), (body, read)

    run()


@pytest.mark.parametrize("collection", sorted(RESOURCES))
def test_a_body_invalid_in_one_way_names_exactly_that_field_and_stores_nothing(
    api: Api, app: MockApp, collection: str
) -> None:
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        body, violation = data.draw(BODIES.invalid(collection, prepare(app, collection)))
        before = counts(app)
        response = api.post(f"/{collection}", json=body)
        assert invalid_params(response) == [(violation.name, violation.code)], (violation, body)
        assert counts(app) == before

    run()


@given(names=name_parts(), number=bsn(), code=postcode())
def test_generated_dutch_data_is_realistic(names: dict[str, str], number: str, code: str) -> None:
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True)) - int(number[8])
    assert total % 11 == 0
    assert len(code) == 7 and code[:4].isdigit() and code[4] == " " and code[5:].isupper()
    assert names["voornaam"] and names["achternaam"] and len(names["voorvoegselAchternaam"]) <= 10


@given(sizes=st.integers(min_value=1, max_value=7), total=st.integers(min_value=0, max_value=23))
def test_pagination_visits_every_object_exactly_once_and_agrees_with_reads(
    mock_app: MockApp, sizes: int, total: int
) -> None:
    mock_app.reset()
    made = {mock_app.provider.create("klantcontacten", KLANTCONTACT, BASE)["uuid"] for _ in range(total)}
    seen: list[str] = []
    with Api(transport=_SyncASGITransport(mock_app), base_url=BASE, headers=AUTH) as client:
        url: str | None = f"/klantcontacten?pageSize={sizes}"
        while url:
            page = client.get(url).json()
            assert page["count"] == total
            for item in page["results"]:
                assert client.get(f"/klantcontacten/{item['uuid']}").json() == {
                    k: v for k, v in item.items() if k != "_expand"
                }
            seen += [item["uuid"] for item in page["results"]]
            url = page["next"].removeprefix(BASE) if page["next"] else None
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


class FlowModel(RuleBasedStateMachine):
    """Random creates, links and deletes, checked after every step against a plain model."""

    contacts = Bundle("contacts")
    actors = Bundle("actors")
    betrokkenen = Bundle("betrokkenen")

    def __init__(self) -> None:
        super().__init__()
        self.app: MockApp = MODEL_APP[0]
        self.app.reset()
        self.client = Api(transport=_SyncASGITransport(self.app), base_url=BASE, headers=AUTH)
        self.links: dict[str, set[str]] = {}  # klantcontact -> actors
        self.involved: dict[str, set[str]] = {}  # klantcontact -> betrokkenen
        self.alive_actors: set[str] = set()

    @rule(target=contacts)
    def create_klantcontact(self) -> str:
        uuid: str = self.client.create("klantcontacten", KLANTCONTACT)["uuid"]
        self.links[uuid], self.involved[uuid] = set(), set()
        return uuid

    @rule(target=actors)
    def create_actor(self) -> str:
        uuid: str = self.client.create("actoren", {"naam": "A", "soortActor": "geautomatiseerde_actor"})["uuid"]
        self.alive_actors.add(uuid)
        return uuid

    @rule(contact=contacts, actor=actors)
    def link(self, contact: str, actor: str) -> None:
        body = {"actor": {"uuid": actor}, "klantcontact": {"uuid": contact}}
        status = self.client.post("/actorklantcontacten", json=body).status_code
        valid = contact in self.links and actor in self.alive_actors
        expected = 400 if not valid or actor in self.links[contact] else 201
        assert status == expected
        if status == 201:
            self.links[contact].add(actor)

    @rule(target=betrokkenen, contact=contacts)
    def involve(self, contact: str) -> str:
        body = {"hadKlantcontact": {"uuid": contact}, "rol": "klant", "initiator": True}
        response = self.client.post("/betrokkenen", json=body)
        assert response.status_code == (201 if contact in self.involved else 400)
        if response.status_code != 201:
            return "gone"
        self.involved[contact].add(response.json()["uuid"])
        return str(response.json()["uuid"])

    @rule(contact=consumes(contacts))
    def delete_klantcontact(self, contact: str) -> None:
        status = self.client.delete(f"/klantcontacten/{contact}").status_code
        assert status == (204 if contact in self.links else 404)
        self.links.pop(contact, None)
        self.involved.pop(contact, None)

    @rule(actor=consumes(actors))
    def delete_actor(self, actor: str) -> None:
        status = self.client.delete(f"/actoren/{actor}").status_code
        assert status == (204 if actor in self.alive_actors else 404)
        self.alive_actors.discard(actor)
        for linked in self.links.values():
            linked.discard(actor)

    @rule(betrokkene=consumes(betrokkenen))
    def delete_betrokkene(self, betrokkene: str) -> None:
        exists = any(betrokkene in found for found in self.involved.values())
        status = self.client.delete(f"/betrokkenen/{betrokkene}").status_code if betrokkene != "gone" else 404
        assert status == (204 if exists else 404)
        for found in self.involved.values():
            found.discard(betrokkene)

    @invariant()
    def store_matches_the_model(self) -> None:
        store = self.app.provider.store
        assert store.count("klantcontacten") == len(self.links)
        assert store.count("actorklantcontacten") == sum(map(len, self.links.values()))
        assert store.count("betrokkenen") == sum(map(len, self.involved.values()))
        for contact, actors in self.links.items():
            body = self.client.get(f"/klantcontacten/{contact}").json()
            assert {a["uuid"] for a in body["hadBetrokkenActoren"]} == actors
            assert {b["uuid"] for b in body["hadBetrokkenen"]} == self.involved[contact]

    def teardown(self) -> None:
        self.client.close()


MODEL_APP: list[MockApp] = []


def test_model_based_walk_through_creates_links_and_cascading_deletes(mock_app: MockApp) -> None:
    MODEL_APP[:] = [mock_app]
    # settings() takes the profile loaded now (dev, ci, or a test's own), not the one at import.
    run_state_machine_as_test(FlowModel, settings=settings(stateful_step_count=25))

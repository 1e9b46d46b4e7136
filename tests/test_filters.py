"""Every filter the spec declares is served: checked over a store holding two complete flows.

The expected answer of each filter comes from a plain model (`filter_flows`): the bodies this test
sent, each with the uuid its create returned, and a walk over them that follows references and
reverse relations by the spec's `x-kcc-filter` path. The mock's own filter code is never asked.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from conftest import Api
from filter_flows import Model, Modelled, build, walk

from kcc_mock.http.app import MockApp
from kcc_mock.provider.spec import Operation, Spec


def filters() -> list[tuple[str, str, dict[str, Any]]]:
    """(collection, parameter, annotation) of every annotated list parameter."""
    found = []
    for operation in Spec.load().operations.values():
        if operation.action == "list":
            for name, parameter in operation.query.items():
                if "x-kcc-filter" in parameter:
                    found.append((operation.resource, name, parameter["x-kcc-filter"]))
    return found


@pytest.fixture
def flows(app: MockApp) -> Model:
    """The store with two flows of different values; returns the plain model of what was created."""
    create = Modelled(app)
    build(create, 0)
    build(create, 1)
    return create.model


def expected(model: Model, operation: Operation, steps: list[str], test: Any) -> set[str]:
    """Uuids of the modelled objects whose path values pass `test`."""
    items = model.get(operation.resource, [])
    return {o["uuid"] for o in items if test(walk(model, operation.resource, o, steps))}


def listed(api: Api, collection: str, name: str, value: str) -> set[str]:
    """Uuids the API lists for one filter value."""
    response = api.get(f"/{collection}", params={name: value, "pageSize": "500"})
    assert response.status_code == 200, response.text
    return {item["uuid"] for item in response.json()["results"]}


def sample(model: Model, operation: Operation, steps: list[str]) -> Any:
    """A value the path yields for some modelled object, or None."""
    for item in model.get(operation.resource, []):
        for value in walk(model, operation.resource, item, steps):
            if value not in (None, ""):
                return value
    return None


ORDERED = {"gt": "__gt__", "gte": "__ge__", "lt": "__lt__", "lte": "__le__"}


@pytest.mark.parametrize(("collection", "name", "annotation"), filters(), ids=lambda v: v if isinstance(v, str) else "")
def test_declared_filter_selects_exactly_the_matching_objects(
    api: Api, flows: Model, collection: str, name: str, annotation: dict[str, Any]
) -> None:
    operation = Spec.load().operation(collection, "list")
    steps, lookup = annotation["path"].split("."), annotation["lookup"]
    if lookup in ("bool", "exists"):
        check_boolean(api, flows, operation, name, steps, lookup)
        return
    value = sample(flows, operation, steps)
    assert value is not None, f"the data of this test gives {name} nothing to match"
    raw = f"http://testserver/x/{value}" if lookup == "url" else str(value)
    if lookup == "in":  # one of several comma-separated values
        raw = f"zzz,{value}"
    matching = listed(api, collection, name, raw)
    if lookup in ORDERED:
        compare = ORDERED[lookup]
        assert matching == expected(
            flows, operation, steps, lambda vs: any(v is not None and getattr(v, compare)(value) is True for v in vs)
        )
        return
    assert matching, f"{name}={raw} lists nothing"
    if lookup == "icontains":
        needle = str(value).casefold()
        assert matching == expected(
            flows, operation, steps, lambda vs: any(isinstance(v, str) and needle in v.casefold() for v in vs)
        )
    else:
        assert matching == expected(flows, operation, steps, lambda values: value in values)
    choices = operation.query[name]["schema"].get("enum")
    if choices:  # another valid choice selects the others; an invalid one is a 400, tested elsewhere
        other = next(choice for choice in choices if choice != value)
        assert listed(api, collection, name, other) == expected(flows, operation, steps, lambda vs: other in vs)
        return
    missing = (
        str(uuid.uuid4()) if lookup in ("uuid", "url") else "2999-01-01" if lookup in ("date", "datetime") else "zzz"
    )
    assert listed(api, collection, name, f"http://testserver/x/{missing}" if lookup == "url" else missing) == set()


def check_boolean(api: Api, flows: Model, operation: Operation, name: str, steps: list[str], lookup: str) -> None:
    """`true` and `false` select the objects the model says they should, and both are used."""
    yes, no = listed(api, operation.resource, name, "true"), listed(api, operation.resource, name, "false")
    if lookup == "exists":
        present = expected(flows, operation, steps, lambda values: any(v is not None for v in values))
        assert (yes, no) == (present, {o["uuid"] for o in flows[operation.resource]} - present)
    else:
        assert yes == expected(flows, operation, steps, lambda values: True in values)
        assert no == expected(flows, operation, steps, lambda values: False in values)
    assert yes and no, f"the data of this test does not give {name} both answers"


def test_the_model_holds_what_the_store_holds(app: MockApp, flows: Model) -> None:
    assert {name: len(items) for name, items in flows.items()} == {
        name: len(records) for name, records in app.provider.store.export().items() if records
    }


def test_a_filter_the_mock_ignores_is_caught_by_the_model(
    api: Api, app: MockApp, flows: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = app.provider.list

    def without_kanaal(resource: str, query: Any, base: str) -> Any:
        return plain(resource, {key: value for key, value in query.items() if key != "kanaal"}, base)

    monkeypatch.setattr(app.provider, "list", without_kanaal)
    operation = Spec.load().operation("klantcontacten", "list")
    listing = listed(api, "klantcontacten", "kanaal", "kanaal0")
    model = expected(flows, operation, ["kanaal"], lambda values: "kanaal0" in values)
    assert len(model) == 1
    assert len(listing) == 4  # every klantcontact: the filter was ignored, and the model says so
    assert listing != model

"""No request makes the mock answer 500, and a rejected request changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import KLANTCONTACT, MEDEWERKER, Api, ref
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core.templating.responses.exceptions import ResponseNotFound

from kcc_mock.http.app import MockApp
from kcc_mock.provider import rules
from kcc_mock.provider.errors import FieldError
from kcc_mock.provider.resources import RESOURCES

COLLECTIONS = tuple(RESOURCES)
FUZZ = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "\x00", "\ud800", "nl", "NL", "2024-03-01T10:15:00+01:00", "999990019", "0800123456"])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def bodies(app: MockApp, collection: str, known: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Objects using the collection's own field names, with junk, valid references or valid values."""
    form = app.provider.forms[collection]
    names = sorted({name for variant in getattr(form, "variants", {"": form}).values() for name in variant.properties})
    field_values = json_values | st.sampled_from(list(known.values()))
    objects = st.dictionaries(st.sampled_from(names) | st.text(max_size=6), field_values, max_size=8)
    return objects | json_values


def seed(api: Api) -> dict[str, Any]:
    """A few objects to point references at."""
    kc = api.create("klantcontacten", KLANTCONTACT)
    actor = api.create("actoren", MEDEWERKER)
    return {"kc": ref(kc), "actor": ref(actor), "list": [ref(actor)], "valid": KLANTCONTACT}


def check_exchange(api: Api, app: MockApp, method: str, path: str, body: Any) -> int:
    """Send one request; assert no 5xx and that a 4xx left the store as it was."""
    before = app.provider.store.export()
    # ASCII-escaped JSON carries lone surrogates, which a UTF-8 encoder would refuse.
    content = json.dumps(body).encode()
    response = api.request(method, path, content=content, headers={"Content-Type": "application/json"})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert app.provider.store.export() == before
        assert set(response.json()) >= {"type", "code", "title", "status", "detail", "instance"}
    return response.status_code


def test_random_creates_never_fail_the_server_or_store_on_rejection(api: Api, app: MockApp) -> None:
    known = seed(api)

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        collection = data.draw(st.sampled_from(COLLECTIONS))
        body = data.draw(bodies(app, collection, known))
        status = check_exchange(api, app, "POST", f"/{collection}", body)
        assert status in (201, 400)

    run()


def test_random_updates_never_fail_the_server_or_store_on_rejection(api: Api, app: MockApp) -> None:
    known = seed(api)
    target = api.create("klantcontacten", KLANTCONTACT)

    @FUZZ
    @given(body=bodies(app, "klantcontacten", known), method=st.sampled_from(["PUT", "PATCH"]))
    def run(body: Any, method: str) -> None:
        status = check_exchange(api, app, method, f"/klantcontacten/{target['uuid']}", body)
        assert status in (200, 400)

    run()


def test_random_maak_klantcontact_is_all_or_nothing(api: Api, app: MockApp) -> None:
    known = seed(api)
    part = st.dictionaries(st.sampled_from(["rol", "initiator", "contactnaam", "wasPartij", "x"]), json_values)

    @FUZZ
    @given(
        contact=st.just(KLANTCONTACT) | bodies(app, "klantcontacten", known),
        betrokkene=st.none() | part | st.just({"rol": "klant", "initiator": True}),
    )
    def run(contact: Any, betrokkene: Any) -> None:
        status = check_exchange(
            api, app, "POST", "/maak-klantcontact", {"klantcontact": contact, "betrokkene": betrokkene}
        )
        assert status in (201, 400)

    run()


def test_random_query_strings_are_answered_without_server_errors(api: Api, app: MockApp) -> None:
    seed(api)
    names = st.sampled_from(["page", "pageSize", "expand", "kanaal", "onderwerp", "hadKlantcontact__uuid", "foo"])

    @FUZZ
    @given(collection=st.sampled_from(COLLECTIONS), params=st.dictionaries(names, st.text(max_size=12), max_size=3))
    def run(collection: str, params: dict[str, str]) -> None:
        response = api.get(f"/{collection}", params=params)
        assert response.status_code in (200, 400, 404), response.text

    run()


def test_planted_crash_is_caught_by_the_exchange_check(api: Api, app: MockApp, monkeypatch: Any) -> None:
    def crash(change: Any) -> list[Any]:
        raise KeyError("planted")

    monkeypatch.setitem(rules.OBJECT_RULES, "klantcontacten", (crash,))
    # The 500 surfaces as an undeclared status (the spec check) or the failed status assertion.
    with pytest.raises((AssertionError, KeyError, ResponseNotFound)):
        check_exchange(api, app, "POST", "/klantcontacten", KLANTCONTACT)


def test_planted_write_on_rejection_is_caught_by_the_exchange_check(api: Api, app: MockApp, monkeypatch: Any) -> None:
    def store_then_reject(change: Any) -> list[FieldError]:
        change.store.save("klantcontacten", change.record)
        return [FieldError("nonFieldErrors", "invalid", "planted")]

    monkeypatch.setitem(rules.OBJECT_RULES, "klantcontacten", (store_then_reject,))
    with pytest.raises(AssertionError):
        check_exchange(api, app, "POST", "/klantcontacten", KLANTCONTACT)
